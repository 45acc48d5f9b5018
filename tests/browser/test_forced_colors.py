"""Forced colours (Windows high contrast; WCAG 1.4.11, 2.4.7): with the system's
colours forced, box shadows and backgrounds are dropped, so the focus must show
as an outline and every form field must keep a border.
"""

import pytest

from .world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/accounts/login/", "/projekte/"]

FIELDS_WITHOUT_BORDER_JS = """() => [...document.querySelectorAll(
        'input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea')]
    .filter((field) => field.checkVisibility())
    .filter((field) => {
        // KERN draws a select's border on its wrapper (the select fills it).
        const box = field.closest('.kern-form-input__select-wrapper') || field;
        const style = getComputedStyle(box);
        return !['Top', 'Right', 'Bottom', 'Left'].every((side) =>
            style[`border${side}Style`] !== 'none' && parseFloat(style[`border${side}Width`]) >= 1);
    })
    .map((field) => field.tagName.toLowerCase() + '#' + field.id + '[name=' + field.name + ']')"""

FOCUS_JS = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return {
        body: element === document.body,
        name: element.tagName.toLowerCase() + '#' + element.id + '.' + element.className,
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1,
        style: [style.outlineStyle, style.outlineWidth, style.outlineColor].join(' '),
    };
}"""


@pytest.mark.parametrize("path", PAGES)
def test_focus_and_field_borders_stay_visible_in_forced_colours(path, tab_as):
    build_world()
    tab = tab_as()
    tab.emulate_media(forced_colors="active")
    tab.goto(path)
    assert tab.evaluate("() => matchMedia('(forced-colors: active)').matches")
    assert tab.evaluate(FIELDS_WITHOUT_BORDER_JS) == []
    # Every stop of the keyboard focus, from the skip link to the end of the page.
    stops, invisible = 0, []
    for _ in range(80):
        tab.keyboard.press("Tab")
        focus = tab.evaluate(FOCUS_JS)
        if focus["body"]:
            break
        stops += 1
        if not focus["outline"]:
            invisible.append(f"{focus['name']} ({focus['style']})")
    assert stops >= 5, f"only {stops} focus stops on {path}"
    assert not invisible, f"no visible focus in forced colours on {path}: {invisible}"
