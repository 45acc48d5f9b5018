"""Text resized to 200 % (WCAG 1.4.4): nothing is clipped, overlapped or pushed
sideways.

On a representative set of pages at 1280 px, the root font size is set to 200 %
through the CSSOM (which the CSP allows; every size of the layout is in rem,
so all text doubles) as soon as the document is parsed, before the page's
scripts measure anything. Then no page may scroll sideways, no element that hides
its overflow may hold more text than its box shows, and no two pieces of text
may be drawn over each other.
"""

import pytest

from .checks import DESKTOP, guard_problems
from .routes import ANONYMOUS, EDITOR, MEMBER, OFFICE

pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.xdist_group("text-resize")]

PAGES = [
    (ANONYMOUS, "/"),
    (ANONYMOUS, "/projekte/"),
    (ANONYMOUS, "/projekte/{project_slug}/"),
    (ANONYMOUS, "/accounts/login/"),
    (ANONYMOUS, "/absichtserklaerung/"),
    (ANONYMOUS, "/termine/"),
    (ANONYMOUS, "/karte/"),
    (ANONYMOUS, "/impressum/"),
    (ANONYMOUS, "/zahlen/"),
    (ANONYMOUS, "/partner/{partner_slug}/"),
    (MEMBER, "/intern/"),
    (EDITOR, "/intern/projekte/neu/"),
    (OFFICE, "/admin/projects/project/"),
    (OFFICE, "/admin/projects/project/{project_pk}/change/"),
]

RESIZE_TEXT_JS = """document.addEventListener('DOMContentLoaded', () => {
    document.documentElement.style.fontSize = '200%';
});"""

# The body's text size without and with the 200 % root size.
TEXT_SIZES_JS = """() => {
    const root = document.documentElement;
    const size = () => parseFloat(getComputedStyle(document.body).fontSize);
    const resized = size();
    root.style.fontSize = '';
    const normal = size();
    root.style.fontSize = '200%';
    return [normal, resized];
}"""

# Runs in the page after the font size changed; returns what is wrong.
TEXT_PROBLEMS_JS = """() => {
    const problems = [];
    const describe = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
        + (typeof e.className === 'string' && e.className.trim()
            ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) {
        // The elements that stick out, not counting those inside a scrolling box.
        const insideScroller = (e) => {
            for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                if (getComputedStyle(a).overflowX !== 'visible') return true;
            }
            return false;
        };
        const wide = [...document.body.querySelectorAll('*')]
            .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
            .filter((e) => !insideScroller(e))
            .slice(-3).map(describe);
        problems.push(`scrolls sideways: ${root.scrollWidth} > ${root.clientWidth} px ${wide}`);
    }
    // Visually hidden text (screen readers only) is clipped on purpose.
    const clippedOnPurpose = (element) => {
        for (let e = element; e && e !== document.body; e = e.parentElement) {
            const style = getComputedStyle(e);
            if (style.clip !== 'auto' || style.clipPath !== 'none') return true;
            // Icon buttons whose text is moved out of the box (the label is for
            // screen readers; the icon is what shows).
            if (parseFloat(style.textIndent) < -999) return true;
            const box = e.getBoundingClientRect();
            if (box.width <= 1 || box.height <= 1) return true;
        }
        return false;
    };
    const shown = (element) => element.checkVisibility(
        {visibilityProperty: true, opacityProperty: true});
    // 1. Boxes that hide their overflow must not cut off text.
    for (const element of document.body.querySelectorAll('*')) {
        if (element.closest('svg') || !shown(element) || !element.innerText
            || !element.innerText.trim() || clippedOnPurpose(element)) continue;
        const style = getComputedStyle(element);
        const hides = (value) => value === 'hidden' || value === 'clip';
        const wide = hides(style.overflowX) && element.scrollWidth > element.clientWidth + 1;
        const tall = hides(style.overflowY) && element.scrollHeight > element.clientHeight + 1;
        if (wide || tall) {
            problems.push(`text clipped in ${describe(element)}: content `
                + `${element.scrollWidth}x${element.scrollHeight} px, box `
                + `${element.clientWidth}x${element.clientHeight} px`);
        }
    }
    // 2. No text drawn over other text. Text scrolled out of a scrolling box
    // (a wide data table) is not drawn, so only the part inside counts.
    const visiblePart = (rect, element) => {
        let [left, top, right, bottom] = [rect.left, rect.top, rect.right, rect.bottom];
        for (let e = element.parentElement; e && e !== document.body; e = e.parentElement) {
            const style = getComputedStyle(e);
            if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
            const box = e.getBoundingClientRect();
            if (style.overflowX !== 'visible') {
                left = Math.max(left, box.left);
                right = Math.min(right, box.right);
            }
            if (style.overflowY !== 'visible') {
                top = Math.max(top, box.top);
                bottom = Math.min(bottom, box.bottom);
            }
        }
        return {left, top, right, bottom, width: right - left, height: bottom - top};
    };
    const boxes = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const parent = node.parentElement;
        if (!node.textContent.trim() || parent.closest('svg, script, style, noscript, template')
            || !shown(parent) || clippedOnPurpose(parent)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const glyphs of range.getClientRects()) {
            const rect = visiblePart(glyphs, parent);
            if (rect.width > 1 && rect.height > 1) {
                boxes.push({node, rect, text: node.textContent.trim().slice(0, 40)});
            }
        }
    }
    for (let i = 0; i < boxes.length && problems.length < 20; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            if (a.node === b.node) continue;
            const [r, s] = [a.rect, b.rect];
            const width = Math.min(r.right, s.right) - Math.max(r.left, s.left);
            const height = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
            // Glyph boxes of neighbouring lines may touch; overlapping by a third
            // of a line is text drawn over text.
            if (width > 2 && height > Math.min(r.height, s.height) / 3) {
                problems.push(`text overlaps: "${a.text}" (${describe(a.node.parentElement)}) `
                    + `and "${b.text}" (${describe(b.node.parentElement)})`);
            }
        }
    }
    return problems;
}"""


@pytest.fixture(scope="module")
def resized_tab(module_tab):
    """`resized_tab(persona)`: the module's tab of that persona, with the text at 200 %."""
    prepared = set()

    def _tab(persona: str):
        tab = module_tab(persona)
        if persona not in prepared:
            # Before the page's own scripts lay out widgets (the admin's select2
            # measures its boxes once), as when the reader set a larger text size.
            tab.add_init_script(RESIZE_TEXT_JS)
            prepared.add(persona)
        return tab

    return _tab


@pytest.mark.parametrize(("persona", "url"), PAGES, ids=[f"{p}-{u}" for p, u in PAGES])
def test_text_at_200_percent_is_neither_clipped_nor_overlapping(
    persona, url, module_world, resized_tab
):
    tab = resized_tab(persona)
    path = url.format(**module_world)
    tab.set_viewport_size(DESKTOP)
    response = tab.goto(path)
    assert response is not None and response.status == 200, (path, response)
    # The text really is twice its normal size (else the test checks nothing).
    normal, resized = tab.evaluate(TEXT_SIZES_JS)
    assert resized >= 2 * normal - 0.5, (path, normal, resized)
    problems = tab.evaluate(TEXT_PROBLEMS_JS) + guard_problems(tab, "de")
    assert not problems, f"{len(problems)} problems at 200 % text size on {path}:\n" + "\n".join(
        problems
    )
