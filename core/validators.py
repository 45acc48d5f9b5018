"""No text field of the portal stores a control character.

A vertical tab pasted from a PDF or an office program is invisible in a form,
but once stored it breaks every XML output (the Atom feeds fail to render),
makes calendar files invalid and confuses spreadsheets. So every CharField
and TextField of the portal's own apps refuses C0 control characters when
the model is validated: single-line fields all of them, multi-line fields
(TextField: descriptions, Markdown) all but tab, line feed and the carriage
return of a CRLF line break (browsers send a textarea's lines that way).

How it is installed, and why this way: `install_control_character_validators()`
runs once when the apps are ready (core's AppConfig.ready) and adds a
`NoControlCharactersValidator` to the `validators` of every CharField and
TextField of the models of the portal's apps (the packages next to
`regiohub/`), including those the apps inherit, e.g. the user's names.

- One place, no model changes: a validator in each field's `validators=`
  argument, or a mixin with a `clean_fields()` hook, would have to be added to
  every model of every app (and a new field would be unguarded until someone
  remembers). Here a new field is guarded by being a text field.
- No migrations: a field's deconstruction (what migrations record) reads the
  validators given to its constructor (`field._validators`); the validator is
  added to the full list Django validates with (`field.validators`, a cached
  list per field), so `makemigrations` sees no change in any app.
- Every form shows it: `Model.full_clean()` runs the field validators, and model
  forms (the portal's and the admin's) and the services call it, so the message
  appears at the field that holds the character, in the user's language, and
  names that field. Text that reaches the database without validation (an old
  row, a raw update) is kept out of feeds and exports by
  `core.text.strip_control_characters()`.
"""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# Any C0 control character; in multi-line text all but tab, line feed and the
# carriage return right before a line feed.
SINGLE_LINE_REFUSED = re.compile("[\x00-\x1f]")
MULTILINE_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]|\r(?!\n)")


def first_control_character(value: str, *, multiline: bool) -> int | None:
    """The index of the first character a field of this kind may not hold, or None."""
    match = (MULTILINE_REFUSED if multiline else SINGLE_LINE_REFUSED).search(value)
    return match.start() if match else None


@deconstructible
class NoControlCharactersValidator:
    """Refuses C0 control characters; multi-line text may keep tab and line breaks."""

    code = "control_characters"

    def __init__(self, field: models.Field | None = None, *, multiline: bool = False):
        self.field = field
        self.multiline = multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        index = first_control_character(value, multiline=self.multiline)
        if index is None:
            return
        label = capfirst(self.field.verbose_name) if self.field is not None else _("The text")
        raise ValidationError(
            _(
                "“%(field)s” contains an invisible control character (%(character)s at "
                "position %(position)s). Please remove it, for example by typing that "
                "part again instead of pasting it."
            ),
            code=self.code,
            params={
                "field": label,
                "character": f"U+{ord(value[index]):04X}",
                "position": index + 1,
            },
        )

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, NoControlCharactersValidator)
            and self.multiline == other.multiline
            and self.field is other.field
        )


def portal_app_configs():
    """The portal's own apps: the packages next to regiohub/ (not Django's, not libraries)."""
    base = Path(settings.BASE_DIR).resolve()
    return [config for config in apps.get_app_configs() if Path(config.path).parent == base]


def install_control_character_validators() -> int:
    """Add the validator to every text field of the portal's models; returns how many.

    Safe to call more than once: a field that has the validator keeps one.
    """
    installed = 0
    for config in portal_app_configs():
        for model in config.get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.CharField | models.TextField):
                    continue
                current = field.validators
                if any(isinstance(v, NoControlCharactersValidator) for v in current):
                    continue
                validator = NoControlCharactersValidator(
                    field, multiline=isinstance(field, models.TextField)
                )
                # A new list: fields copied from another (abstract models, the
                # history models) may share the cached one.
                field.__dict__["validators"] = [*current, validator]
                installed += 1
    return installed
