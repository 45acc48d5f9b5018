"""One way to draw a form field: KERN markup from one template (FORM_RENDERER).

`KernFormRenderer` is the portal's FORM_RENDERER, so every form gets it: the
apps' forms, django-filter's and allauth's. Its templates live in
templates/core/forms/:

- `field.html` draws one field: label (an optional field says so, KERN's way),
  hint, error and the control in KERN classes. Text inputs, textareas, selects,
  single checkboxes, checkbox and radio groups, file and date inputs;
- `error_summary.html` lists a form's errors at its top, each linking to its
  field, and takes the focus after a failed submission;
- `form.html` is both, for `{{ form }}`.

A page draws a field with `{{ form.title.as_field_group }}` (or a whole form
with `{{ form }}`). A field that needs other markup names another template with
Django's own `template_name` (on the form field), which this renderer draws the
same way.

`KernBoundField` adds what the templates need to Django's bound field: the
control with its KERN classes and `aria-describedby` naming the hint and error
elements (`<id>-hint`, `<id>-error`), the id an error summary links to, and
whether the label says "optional". Django's own rendering (`{{ field }}`,
`as_widget()`) stays as it is, so the admin, which draws its forms with its own
templates, keeps Django's markup.
"""

from __future__ import annotations

from html import escape

from django import forms
from django.forms.boundfield import BoundField, BoundWidget
from django.forms.renderers import TemplatesSetting
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe

# What the field template draws, by widget.
HIDDEN, CHECKBOX, GROUP, SELECT, FILE, INPUT = (
    "hidden", "checkbox", "group", "select", "file", "input",
)  # fmt: skip

# The KERN class of each kind of control, and its error modifier (KERN marks a
# file input's error on the surrounding .kern-form-input--error only).
CONTROL_CLASSES = {
    CHECKBOX: ("kern-form-check__checkbox", "kern-form-check__checkbox--error"),
    SELECT: ("kern-form-input__select", "kern-form-input__select--error"),
    FILE: ("kern-form-input__input", ""),
    INPUT: ("kern-form-input__input", "kern-form-input__input--error"),
}

# Django's templates of <input> widgets, each of which only includes input.html.
# `control` writes their markup itself: two template renders per field cost more
# than the rest of the field (the showcase draws seven fields on every visit).
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "text", "number", "email", "url", "password", "search", "tel", "color",
        "date", "datetime", "time", "checkbox", "file",
    )
)  # fmt: skip
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


class KernBoundField(BoundField):
    """A form field with what templates/core/forms/field.html needs to draw it."""

    def get_context(self) -> dict:
        """The field template's variables; what it asks several times is computed once."""
        errors = self.errors
        return {
            "field": self,
            "kind": self.kind,
            "id": self.auto_id,
            "errors": errors,
            "optional": self.marked_optional,
            "described_by": self._described_by(errors),
        }

    @cached_property
    def kind(self) -> str:
        """hidden, checkbox, group (radios or checkboxes), select, file or input."""
        widget = self.field.widget
        if widget.is_hidden:
            return HIDDEN
        if isinstance(widget, forms.RadioSelect):  # also CheckboxSelectMultiple
            return GROUP
        if isinstance(widget, forms.CheckboxInput):
            return CHECKBOX
        if isinstance(widget, forms.Select):  # also SelectMultiple, NullBooleanSelect
            return SELECT
        if isinstance(widget, forms.FileInput):  # also ClearableFileInput
            return FILE
        return INPUT

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def anchor(self) -> str:
        """The id an error summary links to: the control, or a group's first option."""
        if self.kind == GROUP:
            return self.field.widget.id_for_label(self.auto_id, "0")
        return self.id_for_label

    @property
    def marked_optional(self) -> bool:
        """Whether the label says "optional" (KERN marks the optional fields, not the required).

        A single checkbox is never marked (leaving it unticked is an answer), nor
        are the fields of a form that only narrows a list (FilterForm).
        """
        return (
            not self.field.required
            and self.kind not in (HIDDEN, CHECKBOX)
            and getattr(self.form, "mark_optional", True)
        )

    @property
    def label_hidden(self) -> bool:
        """The label is for screen readers only (a control in a table names its column)."""
        return getattr(self.form, "labels_hidden", False)

    @property
    def group_class(self) -> str:
        """The classes of a group's options box: side by side, in a grid, or one below the other."""
        widget = self.field.widget
        if getattr(widget, "horizontal", False):
            return "kern-fieldset__body kern-fieldset__body--horizontal"
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return "kern-fieldset__body rh-check-grid"
        return "kern-fieldset__body"

    @cached_property
    def options(self) -> list[BoundWidget]:
        """The radios or checkboxes of a group, in KERN classes."""
        widget = self.field.widget
        kind = "checkbox" if widget.allow_multiple_selected else "radio"
        css = f"kern-form-check__{kind}"
        if self.errors:
            css += f" kern-form-check__{kind}--error"
        attrs = self.build_widget_attrs({"id": self.auto_id, "class": css})
        return [
            BoundWidget(widget, option, self.renderer)
            for option in widget.subwidgets(self.html_name, self.value(), attrs=attrs)
        ]

    @property
    def current_file(self):
        """A file field's stored file, if it has a URL to show (private files have none)."""
        value = self.value()
        if self.kind != FILE or not value:
            return None
        try:
            return value if value.url else None
        except (AttributeError, ValueError):
            return None

    @property
    def clear_name(self) -> str:
        """The name of the box that removes a stored file (ClearableFileInput reads it)."""
        return self.field.widget.clear_checkbox_name(self.html_name)

    @property
    def control(self) -> SafeString:
        """The field's input, textarea or select in KERN classes, tied to its hint and error.

        The same markup as Django's widget templates, with the attributes Django
        adds (required, aria-invalid, maxlength, the widget's own).
        """
        widget = self.field.widget
        errors = self.errors
        base, error = CONTROL_CLASSES[self.kind]
        classes = [base, errors and error, widget.attrs.get("class")]
        attrs: dict[str, str | bool] = {"class": " ".join(css for css in classes if css)}
        if described_by := self._described_by(errors):
            attrs["aria-describedby"] = described_by
        if self.kind == FILE and isinstance(widget, forms.ClearableFileInput):
            # The field template shows the current file and the box to remove it in
            # KERN markup; the control itself is a plain file input.
            widget = forms.FileInput(attrs=widget.attrs)
        if self.kind == SELECT:
            return self._select(widget, attrs)
        if widget.template_name == TEXTAREA_TEMPLATE:
            attrs["cols"] = False  # KERN sets the width; Django's default of 40 columns goes
            context = self._widget_context(widget, attrs)
            value = escape(str(context["value"])) if context["value"] else ""
            return mark_safe(  # noqa: S308  # nosec B308, B703 - escaped here and in _attrs
                f'<textarea name="{escape(context["name"])}"{_attrs(context["attrs"])}>\n'
                f"{value}</textarea>"
            )
        if widget.template_name in INPUT_TEMPLATES:
            context = self._widget_context(widget, attrs)
            value = context["value"]
            value = "" if value is None else f' value="{escape(str(value))}"'
            return mark_safe(  # noqa: S308  # nosec B308, B703 - escaped here and in _attrs
                f'<input type="{escape(context["type"])}" name="{escape(context["name"])}"'
                f"{value}{_attrs(context['attrs'])}>"
            )
        return self.as_widget(widget, attrs)

    def _described_by(self, errors) -> str:
        """The ids of the hint and the error, as far as the field has them."""
        ids = []
        if self.help_text:
            ids.append(self.hint_id)
        if errors:
            ids.append(self.error_id)
        return " ".join(ids)

    def _widget_context(self, widget: forms.Widget, attrs: dict) -> dict:
        """What Django's widget template would get (as BoundField.as_widget builds it)."""
        attrs = self.build_widget_attrs(attrs, widget)
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", self.auto_id)
        return widget.get_context(self.html_name, self.value(), attrs)["widget"]

    def _select(self, widget: forms.Select, attrs: dict) -> SafeString:
        """The select with its options rendered here, not by one template per option.

        Django renders every `<option>` through a template of its own, which for a
        long list (the showcase's 200 partners) costs milliseconds per page; this
        escapes each value and label once with the standard library and reads the
        choices without the extra COUNT query a template loop makes.
        """
        attrs = widget.build_attrs(widget.attrs, self.build_widget_attrs(attrs, widget))
        if self.auto_id and "id" not in attrs:
            attrs["id"] = self.auto_id
        if widget.allow_multiple_selected:
            attrs["multiple"] = True
        formatted = widget.format_value(self.value())
        selected = {formatted} if isinstance(formatted, str) else set(formatted)

        def option(value, label) -> str:
            value = "" if value is None else str(value)
            attribute = " selected" if value in selected else ""
            return f'<option value="{escape(value)}"{attribute}>{escape(str(label))}</option>'

        parts = []
        for value, label in widget.choices:
            if isinstance(label, list | tuple):
                inner = "".join(option(v, lab) for v, lab in label)
                parts.append(f'<optgroup label="{escape(str(value))}">{inner}</optgroup>')
            else:
                parts.append(option(value, label))
        return mark_safe(  # noqa: S308  # nosec B308, B703 - escaped above and in _attrs
            f'<select name="{escape(self.html_name)}"{_attrs(attrs)}>{"".join(parts)}</select>'
        )


def _attrs(attrs: dict) -> str:
    """HTML attributes as Django's attrs.html writes them: True alone, False left out."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {name}")
        elif value is not False:
            text = value.__html__() if hasattr(value, "__html__") else escape(str(value))
            parts.append(f' {name}="{text}"')
    return "".join(parts)


class KernFormRenderer(TemplatesSetting):
    """FORM_RENDERER: KERN templates for forms and fields, KernBoundField for every field.

    TemplatesSetting finds the templates in the project's template directories
    (templates/core/forms/) and Django's widget templates through the
    `django.forms` app.
    """

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = KernBoundField


class FilterForm(forms.Form):
    """A form that narrows a list: every field may stay empty, so none is marked optional.

    django-filter's FilterSets name it in `Meta.form`.
    """

    mark_optional = False


class HorizontalCheckboxes(forms.CheckboxSelectMultiple):
    """A few short choices side by side (KERN's horizontal fieldset body)."""

    horizontal = True
