"""Every German text says "Sie": allauth's German catalogue says "du", the portal's
catalogue (LOCALE_PATHS, read first) overrides each such text (partners/account_texts.py)."""

import re
from pathlib import Path

import allauth
import polib
import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from partners.account_texts import ALLAUTH_TEXTS
from tests.factories import UserFactory
from tests.worker import committed

DU = re.compile(r"\b(du|dein\w*|dich|dir)\b", re.IGNORECASE)
ALLAUTH_DE = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.po"
# Parts of allauth the portal does not install (settings.INSTALLED_APPS), and the
# social-account templates it replaces with its own (templates/socialaccount/; sign-up
# through single sign-on is closed, so allauth's signup page is never shown).
NOT_INSTALLED = (
    "idp/",
    "templates/idp/",
    "templates/socialaccount/login.html",
    "templates/socialaccount/login_cancelled.html",
    "templates/socialaccount/signup.html",
)


def du_texts_of_allauth() -> list[str]:
    """allauth's msgids whose German says "du", in the parts the portal uses."""
    texts = []
    for entry in polib.pofile(str(ALLAUTH_DE)):
        if entry.obsolete or entry.msgid_plural or not DU.search(entry.msgstr):
            continue
        if all(path.startswith(NOT_INSTALLED) for path, _line in entry.occurrences):
            continue
        texts.append(entry.msgid)
    return texts


def test_each_override_is_an_exact_allauth_msgid():
    msgids = {entry.msgid for entry in polib.pofile(str(ALLAUTH_DE))}
    assert [text for text in ALLAUTH_TEXTS if text not in msgids] == []


def test_no_allauth_text_says_du_in_german():
    texts = du_texts_of_allauth()
    assert len(texts) > 30  # the check reads allauth's catalogue
    with translation.override("de"):
        wrong = {text: gettext(text) for text in texts if DU.search(gettext(text))}
    assert not wrong, "\n".join(f"{k!r} -> {v!r}" for k, v in wrong.items())


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.django_db
def test_the_password_reset_pages_and_mail_say_sie(client):
    user = UserFactory(email="vergessen@example.org")
    pages = ["/accounts/password/reset/", "/accounts/password/reset/done/"]
    pages += ["/accounts/password/reset/key/1-falsch/", "/accounts/login/"]
    for path in pages:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="de", follow=True)
        found = DU.findall(visible_text(response.content.decode()))
        assert not found, f"{path}: {found}"
    response = committed(
        lambda: client.post(
            "/accounts/password/reset/", {"email": user.email}, HTTP_ACCEPT_LANGUAGE="de"
        )
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(mail.outbox) == 1
    assert "Sie" in mail.outbox[0].body
    assert not DU.findall(mail.outbox[0].body + mail.outbox[0].subject)
