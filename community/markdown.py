"""Markdown from users, rendered and sanitised before it reaches a page.

The portal has one Markdown policy: the projects app's (`projects.text`,
Markdown + nh3 with a short list of harmless tags). This wrapper only marks its
output safe for templates.
"""

from django.utils.safestring import SafeString, mark_safe

from projects.text import render_markdown as _render_sanitised


def render_markdown(text: str) -> SafeString:
    return mark_safe(_render_sanitised(text or ""))  # noqa: S308 - sanitised by nh3  # nosec B308, B703
