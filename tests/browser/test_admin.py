"""Every page type of the project office's admin in a real browser.

For every model registered on the admin site: the change list, the add form
and the change form of one object (admin_pages.py), in German, as the office
(or the superuser where only the superuser may open it); a representative set
also in English. Each page: status 200, lang, one h1, axe WCAG 2.1 A/AA, no
foreign request, no CSP violation, no JavaScript error. One logged-in tab per
persona visits all of its pages.
"""

import pytest

from .admin_pages import ADMIN_PERSONAS, admin_pages
from .checks import page_problems
from .world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_admin_page_type_is_accessible(tab_as):
    world = build_world()
    pages, report = admin_pages(world)
    assert len({page.label for page in pages}) >= 29, [page.label for page in pages]
    tabs = {persona: tab_as(world[persona]) for persona in ADMIN_PERSONAS}
    for page in pages:
        for language in page.languages:
            problems = page_problems(tabs[page.persona], page.path, language, reflow=False)
            report += [f"{page.name} as {page.persona} ({page.path}) {p}" for p in problems]
    kinds = [page.kind for page in pages]
    views = sum(len(page.languages) for page in pages)
    counts = {kind: kinds.count(kind) for kind in ("changelist", "add", "change")}
    personas = {persona: sum(page.persona == persona for page in pages) for persona in tabs}
    print(f"\n[admin] {len(pages)} pages {counts} {personas}, {views} page views")
    assert not report, f"{len(report)} problems on admin pages:\n" + "\n\n".join(report)
