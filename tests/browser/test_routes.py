"""Every page of the portal in a real browser: axe finds nothing, in German and
English, and nothing scrolls sideways at 320 px (WCAG 1.4.10 reflow)."""

import pytest
from django.urls import resolve

from .admin_pages import generated_admin_pattern_names
from .checks import page_problems
from .routes import (
    ADMIN_EXCLUDED,
    ADMIN_SAMPLED,
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
    missing = sorted(names - admin_pattern_names() - set(ROUTES_BY_NAME) - set(EXCLUDED))
    assert not missing, (
        "URL patterns without an entry in tests/browser/routes.py (add a Route, or an "
        f"EXCLUDED reason if it is no HTML page): {missing}"
    )


def admin_pattern_names() -> set[str]:
    """Admin patterns covered: generated per model, sampled per kind, or excluded."""
    names = {name for name in url_pattern_names() if name.startswith("admin:")}
    covered = set(generated_admin_pattern_names()) | set(ADMIN_EXCLUDED)
    for suffix, samples in ADMIN_SAMPLED.items():
        assert set(samples) <= set(ROUTES_BY_NAME), f"no sample route for {suffix}"
        covered |= {name for name in names if name.endswith(suffix)}
    return covered


def test_the_admin_exclusions_name_only_existing_patterns():
    names = {name for name in url_pattern_names() if name.startswith("admin:")}
    stale = sorted(set(ADMIN_EXCLUDED) - names)
    assert not stale, f"ADMIN_EXCLUDED names patterns that no longer exist: {stale}"


def test_the_route_list_names_only_existing_patterns():
    names = url_pattern_names()
    stale = sorted((set(ROUTES_BY_NAME) | set(EXCLUDED)) - names)
    assert not stale, f"entries for URL patterns that no longer exist: {stale}"


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
            problems = page_problems(tab, path, language, reflow=reflow)
            report += [f"{route.name} ({path}) {problem}" for problem in problems]
    assert not report, f"{len(report)} problems as {persona}:\n" + "\n".join(report)
