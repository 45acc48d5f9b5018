"""Every page type of the project office's admin in a real browser.

For every model registered on the admin site: the change list, the add form
and the change form of one object (admin_pages.py), in German, as the office
(or the superuser where only the superuser may open it); a representative set
also in English. Each page: status 200, lang, one h1, axe WCAG 2.1 A/AA, no
foreign request, no CSP violation, no JavaScript error. Each page is a test of
its own; the world is built once and one logged-in tab per persona visits all
of its pages (module_world, module_tab).
"""

from collections import Counter

import pytest

from .admin_pages import admin_page_keys, admin_pages
from .checks import page_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.xdist_group("admin")]

PAGE_KEYS = admin_page_keys()


@pytest.fixture(scope="module")
def admin_site(module_world):
    """({(label, kind): page}, problems) for the module's world."""
    pages, problems = admin_pages(module_world)
    return {(page.label, page.kind): page for page in pages}, problems


def test_every_registered_model_has_its_admin_pages(admin_site):
    pages, problems = admin_site
    labels = sorted({label for label, _kind in pages})
    assert len(labels) >= 29, labels
    assert not problems, f"{len(problems)} problems with admin pages:\n" + "\n".join(problems)
    # The test ids below (known before the world exists) are exactly the world's pages.
    assert sorted(pages) == sorted(PAGE_KEYS)
    kinds = [kind for _label, kind in pages]
    counts = {kind: kinds.count(kind) for kind in ("changelist", "add", "change")}
    personas = Counter(page.persona for page in pages.values())
    views = sum(len(page.languages) for page in pages.values())
    print(f"\n[admin] {len(pages)} pages {counts} {dict(personas)}, {views} page views")


@pytest.mark.parametrize(("label", "kind"), PAGE_KEYS, ids=["-".join(key) for key in PAGE_KEYS])
def test_admin_page_is_accessible(label, kind, admin_site, module_tab):
    pages, _problems = admin_site
    page = pages.get((label, kind))
    assert page is not None, f"no {kind} page of {label} (test_every_registered_model_…)"
    tab = module_tab(page.persona)
    report = []
    for language in page.languages:
        report += page_problems(tab, page.path, language, reflow=False)
    assert not report, f"{page.name} as {page.persona} ({page.path}):\n" + "\n\n".join(report)
