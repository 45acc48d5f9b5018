"""Forms that create something once, however often they are sent (a double click).

A form that mixes in `OneTimeTokenForm` carries a hidden random token, new
each time the empty form is drawn (a form shown again with errors keeps its
token). The view runs its write through `submit_once()`, which records the
token for the user in the same transaction as the write:

    url, first = once.submit_once(
        user=request.user, form=form, name="projects.create", perform=create
    )

The first sending runs `perform()` (which writes and returns the address of
the result) and stores that address under the token. A second sending with
the same token waits on the unique index until the first has committed, then
finds its row and gets `first=False` with the first result's address instead
of running again; the view redirects there with `ALREADY_SENT`. When the
write fails, its transaction takes the token with it, so the corrected form
can be sent again.

A form sent without a token (a page loaded before this existed, a script)
just runs: the token prevents accidental repeats, it is no permission, and
whoever sends on purpose twice with two tokens could as well fill the form
twice.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import timedelta

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import FormSubmission

TOKEN_FIELD = "form_token"  # noqa: S105  # nosec B105: a field name, no secret
TOKEN_LIFETIME = timedelta(days=1)
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")

ALREADY_SENT = _(
    "You had already sent this form; it was saved only once. This is what the first "
    "sending created."
)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class OneTimeTokenField(forms.CharField):
    """The hidden token; anything not shaped like one counts as no token."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", new_token)
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return value if _TOKEN_SHAPE.fullmatch(value or "") else ""


class OneTimeTokenForm(forms.Form):
    """Mix into a form whose sending must create its object only once."""

    form_token = OneTimeTokenField()


def submit_once(*, user, form: forms.BaseForm, name: str, perform: Callable[[], str]):
    """Run `perform()` once per (user, token); returns (address of the result, first?).

    `perform` writes and returns the address to show its result ("" when the
    view decides). It runs in this function's transaction; an exception
    leaves nothing behind, the token included.
    """
    token = form.cleaned_data.get(TOKEN_FIELD, "") if hasattr(form, "cleaned_data") else ""
    if not token or not user.is_authenticated:
        return perform(), True
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = FormSubmission.objects.create(user=user, token=token, form=name)
        except IntegrityError:
            # Sent before: the first sending has committed (the insert waited for it).
            earlier = FormSubmission.objects.filter(user=user, token=token).first()
            return (earlier.result_url if earlier else ""), False
        url = perform()
        record.result_url = url[:500]
        record.save(update_fields=["result_url"])
        FormSubmission.objects.filter(
            user=user, created_at__lt=timezone.now() - TOKEN_LIFETIME
        ).delete()
    return url, True
