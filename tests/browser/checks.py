"""The checks every page of the browser suite gets (route list and admin pages)."""

from __future__ import annotations

from tests.conftest import axe_violations, format_violations

GUARDED = ("csp_violations", "foreign_requests", "page_errors", "failed_resources")


def with_language(path: str, language: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}language={language}"


def page_problems(tab, path: str, language: str, *, reflow: bool) -> list[str]:
    """Open the page (first at 320 px when `reflow`), then check it at desktop width:
    status 200, lang, exactly one h1, axe WCAG 2.1 A/AA, and what the tab's guard
    saw (foreign requests, CSP violations, JS errors, failed resources)."""
    problems = []
    tab.set_viewport_size({"width": 320, "height": 640} if reflow else DESKTOP)
    response = tab.goto(with_language(path, language))
    if response is None or response.status != 200:
        problems.append(f"[{language}] status {response and response.status} at {tab.url}")
        return problems + guard_problems(tab, language)
    if reflow:
        width = tab.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            wide = tab.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > 321)
                    .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className)"""
            )
            problems.append(f"[{language}] scrolls sideways at 320 px ({width} px): {wide}")
        tab.set_viewport_size(DESKTOP)
    if tab.locator("html").get_attribute("lang") != language:
        problems.append(f"[{language}] html lang is not {language}")
    headings = tab.locator("h1").count()
    if headings != 1:
        problems.append(f"[{language}] {headings} h1 elements instead of one")
    violations = axe_violations(tab)
    if violations:
        problems.append(f"[{language}] axe:\n{format_violations(violations)}")
    return problems + guard_problems(tab, language)


def guard_problems(tab, language: str) -> list[str]:
    """What the tab's guard collected since the last call (and forget it)."""
    problems = []
    for kind in GUARDED:
        found = getattr(tab.guard, kind)
        problems += [f"[{language}] {kind}: {_shorten(item)}" for item in found]
        found.clear()
    return problems


DESKTOP = {"width": 1280, "height": 900}


def _shorten(text: str, keep: int = 140) -> str:
    """Long browser messages: their start and their end (where the source is named)."""
    return text if len(text) <= 2 * keep else f"{text[:keep]} … {text[-keep:]}"


# For tab.add_init_script: the Layout Instability API sums the page's shifts from the
# first paint on, including those before this script could observe them (buffered), and
# names the elements that moved, for the failure message (window.__layoutShift).
RECORD_SHIFTS = """
window.__layoutShift = {value: 0, sources: []};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__layoutShift.value += entry.value;
    for (const source of entry.sources || []) {
      const node = source.node;
      if (node && node.nodeType === 1) {
        window.__layoutShift.sources.push(
          node.tagName.toLowerCase() + (node.className ? '.' + node.className : ''));
      }
    }
  }
}).observe({type: 'layout-shift', buffered: true});
"""
