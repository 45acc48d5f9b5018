"""Markdown for project descriptions, rendered and sanitised.

Staff write Markdown; the public sees HTML that nh3 has reduced to a short list
of harmless tags: no script, no event handlers, no `javascript:` links, no
inline styles (they would also break our Content-Security-Policy).
"""

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "a",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(source: str) -> str:
    """Markdown → sanitised HTML, safe to mark as safe in templates."""
    if not source.strip():
        return ""
    html = markdown.markdown(source, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def plain_excerpt(text: str, length: int = 160) -> str:
    """A single-line excerpt for meta descriptions."""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rsplit(" ", 1)[0] + "…"
