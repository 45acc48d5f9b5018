"""No page jumps while it loads: cumulative layout shift ≤ 0.05 on every page of the
route list, on a phone (375 px) and on a desktop (1280 px).

The browser's Layout Instability API reports each shift of visible content that no
user input caused; their sum over the page's life is the CLS that Lighthouse and the
Core Web Vitals report (a page this short has one session window). A page whose
filter form or web font arrives late and pushes the results down fails here.
"""

import pytest

from .checks import RECORD_SHIFTS, guard_problems, with_language
from .routes import ROUTES

CLS_LIMIT = 0.05
WIDTHS = (375, 1280)


PAGES = [route for route in ROUTES if not route.name.startswith("admin:")]


@pytest.fixture(scope="module")
def shift_tab(module_tab):
    """The persona's tab of the module, recording layout shifts on every page."""
    prepared = set()

    def _tab(persona: str):
        tab = module_tab(persona)
        if persona not in prepared:
            tab.add_init_script(RECORD_SHIFTS)
            prepared.add(persona)
        return tab

    return _tab


@pytest.mark.browser
@pytest.mark.django_db  # reads the module's world (module_world)
@pytest.mark.xdist_group("layout_stability")
@pytest.mark.parametrize("route", PAGES, ids=[f"{r.persona}-{r.name}" for r in PAGES])
def test_page_does_not_shift_while_loading(route, module_world, shift_tab):
    tab = shift_tab(route.persona)
    problems = []
    for width in WIDTHS:
        tab.set_viewport_size({"width": width, "height": 800})
        tab.goto(with_language(route.path(module_world), "de"), wait_until="load")
        # Late work (fonts, htmx, the map) lands within a few frames after load.
        tab.wait_for_timeout(300)
        shift = tab.evaluate("() => window.__layoutShift")
        if shift["value"] > CLS_LIMIT:
            moved = ", ".join(dict.fromkeys(shift["sources"]))[:300]
            problems.append(f"{width} px: CLS {shift['value']:.3f} (moved: {moved})")
    problems += guard_problems(tab, "de")
    assert not problems, f"{route.name} as {route.persona}:\n" + "\n".join(problems)
