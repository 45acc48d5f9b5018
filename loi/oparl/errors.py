"""Why reading an OParl source failed, kept as data and said in the reader's language.

The sync runs in the task worker; the error is stored as {"code": …, params}
and put into words when a page shows it, so each person reads it in their own
language.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "unreachable": _("The source %(url)s could not be reached (%(detail)s)."),
    "http_status": _("The source %(url)s answered with the HTTP status %(status)s."),
    "not_json": _("The source %(url)s did not answer with JSON (it sent “%(content_type)s”)."),
    "bad_json": _("The answer of %(url)s is not valid JSON."),
    "too_large": _("The answer of %(url)s is larger than %(limit)s KB; it was not read."),
    "not_oparl": _("%(url)s is not an OParl object of the type “%(type)s”."),
    "invalid_date": _("The source %(url)s sent an invalid date (“%(value)s”)."),
    "loop": _("The list %(url)s links back to a page already read; reading stopped there."),
    "too_many_pages": _("The list %(url)s has more than %(limit)s pages; reading stopped there."),
    "bad_url": _("“%(url)s” is not an http or https address."),
    "private_host": _("The address %(url)s points into a private network; it is not read."),
    "too_many_redirects": _("The address %(url)s redirects too often."),
    "no_body": _("The system %(url)s lists no body (council)."),
    "body_gone": _("The chosen body %(url)s is no longer offered by the system."),
    "no_connection": _("Connect the partner's council information system first."),
    "stopped": _("The synchronisation stopped unexpectedly (%(detail)s)."),
}


class OParlError(Exception):
    """A source that cannot be read as OParl; `as_dict()` is what the models store."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = {key: str(value)[:300] for key, value in params.items()}
        super().__init__(f"{code}: {self.params}")

    def as_dict(self) -> dict:
        return {"code": self.code, **self.params}

    def __str__(self) -> str:
        return error_message(self.as_dict())


def error_message(error: dict) -> str:
    """The stored error in words (empty when there is none)."""
    if not error:
        return ""
    template = MESSAGES.get(error.get("code", ""))
    if template is None:
        return gettext("The source could not be read.")
    params = {key: value for key, value in error.items() if key != "code"}
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return gettext("The source could not be read.")
