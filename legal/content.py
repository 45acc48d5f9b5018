"""What the legal pages show: the office's sections (sanitised Markdown) and the cookie list."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.text import LEGAL, render_markdown

from .models import LegalPage, LegalSection


@dataclass(frozen=True)
class Section:
    key: LegalSection.Key
    html: SafeString | None
    language: str
    is_example: bool

    @property
    def heading(self) -> str:
        return self.key.label


def sections_for(page: LegalPage, language: str) -> dict[str, Section]:
    """The office's sections of a page by key; a missing one has html None."""
    stored = {
        s.key: s for s in LegalSection.objects.filter(key__in=LegalSection.Key.for_page(page))
    }
    result = {}
    for key in LegalSection.Key.for_page(page):
        section = stored.get(key)
        if section is None:
            result[key.value] = Section(key, None, language, False)
            continue
        body, body_language = section.body_for_language(language)
        html = render_markdown(body, LEGAL)
        result[key.value] = Section(key, html, body_language, section.is_example)
    return result


# --- Cookies --------------------------------------------------------------


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lifetime: str
    flags: list[str]


def _lifetime(seconds: int | None) -> str:
    if seconds is None:
        return _("until the browser is closed")
    days, rest = divmod(int(seconds), 86400)
    if days and not rest:
        if days % 365 == 0:
            years = days // 365
            return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes = max(1, round(seconds / 60))
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _flags(*, secure: bool, httponly: bool, samesite: str | None) -> list[str]:
    flags = []
    if secure:
        flags.append(_("Secure (only sent over HTTPS)"))
    if httponly:
        flags.append(_("HttpOnly (not readable by scripts)"))
    if samesite:
        flags.append(
            _("SameSite=%(value)s (not sent with requests from other sites)") % {"value": samesite}
        )
    return flags


def _messages_use_cookies() -> bool:
    storage = import_string(settings.MESSAGE_STORAGE)
    return issubclass(storage, CookieStorage) or any(
        issubclass(backend, CookieStorage) for backend in getattr(storage, "storage_classes", ())
    )


def portal_cookies() -> list[Cookie]:
    """The cookies the portal sets, read from the settings that control them.

    All of them are strictly necessary (§ 25 Abs. 2 Nr. 2 TDDDG), so no consent
    banner is needed; there are no tracking or third-party cookies.
    """
    session_lifetime = (
        None if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else settings.SESSION_COOKIE_AGE
    )
    cookies = [
        Cookie(
            settings.SESSION_COOKIE_NAME,
            _(
                "Keeps you logged in and remembers the state of forms (for example a "
                "started login with two factors). Set when you log in or submit a form."
            ),
            _lifetime(session_lifetime),
            _flags(
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=settings.SESSION_COOKIE_HTTPONLY,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            ),
        )
    ]
    if not settings.CSRF_USE_SESSIONS:
        cookies.append(
            Cookie(
                settings.CSRF_COOKIE_NAME,
                _("Protects forms against requests forged by other websites (CSRF protection)."),
                _lifetime(settings.CSRF_COOKIE_AGE),
                _flags(
                    secure=settings.CSRF_COOKIE_SECURE,
                    httponly=settings.CSRF_COOKIE_HTTPONLY,
                    samesite=settings.CSRF_COOKIE_SAMESITE,
                ),
            )
        )
    cookies.append(
        Cookie(
            settings.LANGUAGE_COOKIE_NAME,
            _("Remembers the language you chose (German or English). Only set when you switch."),
            _lifetime(settings.LANGUAGE_COOKIE_AGE),
            _flags(
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            ),
        )
    )
    if _messages_use_cookies():
        cookies.append(
            Cookie(
                getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
                _("Carries a confirmation or error message to the next page you open."),
                _lifetime(None),
                _flags(
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=settings.SESSION_COOKIE_HTTPONLY,
                    samesite=settings.SESSION_COOKIE_SAMESITE,
                ),
            )
        )
    return cookies
