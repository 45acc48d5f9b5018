"""Render form widgets in the KERN look, with hints and errors tied to the input."""

from django import template

register = template.Library()

INPUT_CLASSES = {
    "select": "kern-form-input__select",
    "checkbox": "kern-form-check__checkbox",
}


@register.filter
def kern_widget(field):
    """The field's widget with the KERN class and aria-describedby for hint and error."""
    widget_type = field.widget_type
    css = INPUT_CLASSES.get(widget_type, "kern-form-input__input")
    if field.errors and widget_type not in INPUT_CLASSES:
        css += " kern-form-input__input--error"
    attrs = {"class": css}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.id_for_label}-hint")
    if field.errors:
        described_by.append(f"{field.id_for_label}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
