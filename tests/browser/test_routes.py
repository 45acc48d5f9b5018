"""Every page of the portal in a real browser: axe finds nothing, in German and
English, and nothing scrolls sideways at 320 px (WCAG 1.4.10 reflow)."""

import pytest
from django.urls import resolve

from tests.conftest import axe_violations, format_violations

from .routes import (
    ADMIN_NAMESPACE_REASON,
    ANONYMOUS,
    EXCLUDED,
    PERSONAS,
    ROUTES,
    ROUTES_BY_NAME,
    url_pattern_names,
)
from .world import build_world

LANGUAGES = ["de", "en"]


def test_every_url_pattern_has_a_route_or_a_reason():
    names = url_pattern_names()
    admin = {name for name in names if name.startswith("admin:")}
    missing = sorted(names - admin - set(ROUTES_BY_NAME) - set(EXCLUDED))
    assert not missing, (
        "URL patterns without an entry in tests/browser/routes.py (add a Route, or an "
        f"EXCLUDED reason if it is no HTML page): {missing}"
    )
    assert ADMIN_NAMESPACE_REASON


def test_the_route_list_names_only_existing_patterns():
    names = url_pattern_names()
    stale = sorted((set(ROUTES_BY_NAME) | set(EXCLUDED)) - names)
    assert not stale, f"entries for URL patterns that no longer exist: {stale}"


def _with_language(path: str, language: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}language={language}"


def _problems_on(tab, path: str, language: str, *, reflow: bool) -> list[str]:
    """Open the page at 320 px (reflow), then check it at desktop width (axe, h1, lang)."""
    problems = []
    tab.set_viewport_size({"width": 320, "height": 640})
    response = tab.goto(_with_language(path, language))
    if response is None or response.status != 200:
        return [f"[{language}] status {response and response.status} at {tab.url}"]
    width = tab.evaluate("() => document.documentElement.scrollWidth")
    if reflow and width > 320:
        wide = tab.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > 321)
                .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className)"""
        )
        problems.append(f"[{language}] scrolls sideways at 320 px ({width} px): {wide}")
    tab.set_viewport_size({"width": 1280, "height": 900})
    if tab.locator("html").get_attribute("lang") != language:
        problems.append(f"[{language}] html lang is not {language}")
    headings = tab.locator("h1").count()
    if headings != 1:
        problems.append(f"[{language}] {headings} h1 elements instead of one")
    violations = axe_violations(tab)
    if violations:
        problems.append(f"[{language}] axe:\n{format_violations(violations)}")
    return problems


# One test per persona: the data is built once and one logged-in tab visits all
# of that persona's pages, which keeps the suite at a few minutes on two cores.
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_is_accessible_and_reflows(persona, tab_as):
    routes = [route for route in ROUTES if route.persona == persona]
    if not routes:
        pytest.skip(f"no page is listed for {persona}")
    world = build_world()
    tab = tab_as(None if persona == ANONYMOUS else world[persona])
    report = []
    for route in routes:
        path = route.path(world)
        if resolve(path.split("?")[0]).view_name != route.name:
            report.append(f"{route.name}: {path} resolves to another pattern")
            continue
        # Django's admin lays out its change lists as wide tables; data tables are
        # exempt from reflow (WCAG 1.4.10), the rest of the admin is Django's.
        reflow = not route.name.startswith("admin:")
        for language in LANGUAGES:
            problems = _problems_on(tab, path, language, reflow=reflow)
            for kind in ("csp_violations", "foreign_requests", "page_errors", "failed_resources"):
                found = getattr(tab.guard, kind)
                if kind == "csp_violations" and route.name.startswith("admin:"):
                    # Django's admin loads jQuery, whose feature tests write inline
                    # styles; the CSP blocks them and nothing else depends on them.
                    found[:] = [text for text in found if "inline style" not in text]
                problems += [f"[{language}] {kind}: {item[:160]}" for item in found]
                found.clear()
            report += [f"{route.name} ({path}) {problem}" for problem in problems]
    assert not report, f"{len(report)} problems as {persona}:\n" + "\n".join(report)
