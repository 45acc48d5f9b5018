"""Every page of the portal in a real browser: axe finds nothing, in German and
English, and nothing scrolls sideways at 320 px (WCAG 1.4.10 reflow)."""

import pytest
from django.urls import resolve

from .admin_pages import generated_admin_pattern_names
from .checks import page_problems
from .routes import (
    ADMIN_EXCLUDED,
    ADMIN_SAMPLED,
    EXCLUDED,
    ROUTES,
    ROUTES_BY_NAME,
    url_pattern_names,
)

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


# One test per page, so a failure names it; the world is built once for the module
# and one logged-in tab per persona visits all of that persona's pages.
@pytest.mark.browser
@pytest.mark.django_db  # reads the module's world (module_world)
@pytest.mark.xdist_group("routes")
@pytest.mark.parametrize("route", ROUTES, ids=[f"{r.persona}-{r.name}" for r in ROUTES])
def test_page_is_accessible_and_reflows(route, module_world, module_tab):
    path = route.path(module_world)
    assert resolve(path.split("?")[0]).view_name == route.name, f"{path} resolves elsewhere"
    # Django's admin lays out its change lists as wide tables; data tables are
    # exempt from reflow (WCAG 1.4.10), the rest of the admin is Django's.
    reflow = not route.name.startswith("admin:")
    tab = module_tab(route.persona)
    report = []
    for language in LANGUAGES:
        report += page_problems(tab, path, language, reflow=reflow)
    assert not report, f"{route.name} as {route.persona} ({path}):\n" + "\n".join(report)
