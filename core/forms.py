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

import re
from decimal import Decimal, InvalidOperation
from html import escape

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField, BoundWidget
from django.forms.renderers import TemplatesSetting
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

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
        are the fields of a form that only narrows a list (FilterForm), nor a
        field whose label says when it is needed (`needed_when_labelled`).
        """
        return (
            not self.field.required
            and self.kind not in (HIDDEN, CHECKBOX)
            and getattr(self.form, "mark_optional", True)
            and not getattr(self.field, "needed_when_labelled", False)
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


# Spaces people put between thousands: space, no-break space, narrow no-break space.
_SPACES = " \u00a0\u202f"
_CURRENCY = re.compile(r"^\s*(?:€|EUR)?\s*(.*?)\s*(?:€|EUR)?\s*$", re.IGNORECASE)


def _number_pattern(decimal: str, group: str) -> re.Pattern[str]:
    """Digits, optionally grouped by threes with `group` or a space, then `decimal` and digits."""
    groups = re.escape(group) + "".join(re.escape(space) for space in _SPACES)
    return re.compile(
        rf"^(?P<sign>[-+−]?)(?P<whole>\d{{1,3}}(?:[{groups}]\d{{3}})+|\d+)"
        rf"(?:{re.escape(decimal)}(?P<fraction>\d+))?$"
    )


def parse_localized_number(text: str) -> Decimal | None:
    """The number `text` writes in the active language's format, or None when it does not.

    German: `125.000,50`, `125000,50`, `125 000,50`; English: `125,000.50`,
    `125000.50`. A text that only the other language would read this way
    (`125.50` in German, `125,50` in English) is not a number here: guessing
    would turn 125,50 € into 12.550 € without a word.
    """
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    group = formats.get_format("THOUSAND_SEPARATOR")
    match = _number_pattern(decimal, group).match(text)
    if match is None:
        return None
    whole = re.sub(r"\D", "", match["whole"])
    fraction = match["fraction"] or "0"
    sign = "-" if match["sign"] in ("-", "−") else ""
    try:
        return Decimal(f"{sign}{whole}.{fraction}")
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        return None


def format_localized_number(value, decimal_places: int | None) -> str:
    """`value` as the active language writes it, thousands grouped (125.000,50 / 125,000.50)."""
    return formats.number_format(
        value, decimal_pos=decimal_places, use_l10n=True, force_grouping=True
    )


class LocalizedDecimalInput(forms.TextInput):
    """A text input for numbers: the browser's number input refuses `125.000,50`
    and reads `125000,50` differently from one browser to the next, so the
    portal reads the text itself. `inputmode="decimal"` still brings up a
    phone's number keyboard."""

    def __init__(self, attrs=None, decimal_places: int | None = None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.decimal_places = decimal_places

    def format_value(self, value):
        # What the user typed comes back as text and is kept as typed; a stored
        # value is written in the user's locale.
        if isinstance(value, (Decimal, int, float)):
            return format_localized_number(value, self.decimal_places)
        return super().format_value(value)


class LocalizedDecimalField(forms.DecimalField):
    """A number field that reads and writes numbers in the user's language.

    See `parse_localized_number`; an ambiguous or malformed text is refused with
    an example in the user's format, and the form shows the text as typed.
    """

    widget = LocalizedDecimalInput

    def __init__(
        self, *, max_value=None, min_value=None, max_digits=None, decimal_places=None, **kwargs
    ):
        kwargs.setdefault("widget", LocalizedDecimalInput(decimal_places=decimal_places))
        super().__init__(
            max_value=max_value,
            min_value=min_value,
            max_digits=max_digits,
            decimal_places=decimal_places,
            **kwargs,
        )
        if isinstance(self.widget, LocalizedDecimalInput):
            self.widget.decimal_places = decimal_places

    def widget_attrs(self, widget):
        # Not DecimalField's step/min: they are for <input type="number"> only.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = _CURRENCY.match(str(value)).group(1)  # type: ignore[union-attr]
        number = parse_localized_number(text) if len(text) <= 60 else None
        if number is None or self._reads_as_thousands(text, number):
            raise ValidationError(self._invalid_message(text), code="invalid")
        return number

    def _reads_as_thousands(self, text: str, number: Decimal) -> bool:
        """`125,000` in German (`1.000` in English) is 125 here but 125,000 to the
        other language; with fewer than three decimal places allowed it is refused
        as ambiguous rather than rounded or misread."""
        places = self.decimal_places
        decimal = formats.get_format("DECIMAL_SEPARATOR")
        return (
            places is not None
            and places < 3
            and text.count(decimal) == 1
            and re.search(rf"{re.escape(decimal)}\d{{3}}$", text) is not None
            and number.as_tuple().exponent == -3
        )

    def _invalid_message(self, text: str) -> str:
        places = self.decimal_places if self.decimal_places is not None else 2
        example = format_localized_number(
            Decimal("125000.50").quantize(Decimal(1).scaleb(-places)), places
        )
        decimal = formats.get_format("DECIMAL_SEPARATOR")
        if re.fullmatch(r"[-+−]?[\d.,\s\u00a0\u202f]+", text) and any(
            separator in text for separator in ".,"
        ):
            return _(
                "“%(value)s” is not a number we can read without guessing: the decimal "
                "separator is “%(decimal)s”. Write it like %(example)s."
            ) % {"value": text, "decimal": decimal, "example": example}
        return _("Enter a number, like %(example)s.") % {"example": example}
