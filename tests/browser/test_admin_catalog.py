"""The admin's JavaScript strings are German on German pages (WCAG 3.1.2).

Django 5.2 leaves some strings of its admin scripts untranslated in German (the
two-list selector, the autocomplete box), so German admin pages showed English
text; locale/de/LC_MESSAGES/djangojs.po fills them. This fails when a Django
upgrade adds another string without a German text.
"""

import json
from pathlib import Path

import django
import polib
import pytest

ADMIN_JS_CATALOG = Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"


@pytest.mark.django_db
def test_every_string_of_the_admin_scripts_is_german(client_of, office):
    response = client_of(office).get("/admin/jsi18n/?language=de")
    assert response.status_code == 200
    catalog = response.content.decode()
    untranslated = []
    for entry in polib.pofile(str(ADMIN_JS_CATALOG)):
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if f"{json.dumps(key)}:" not in catalog:  # the catalogue holds translated strings only
            untranslated.append(entry.msgid)
    assert not untranslated, f"admin script strings without German text: {untranslated}"
