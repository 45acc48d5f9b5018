"""Text helpers every app shares: German slugs, excerpts, and Markdown from users.

Markdown written by people (project descriptions, agendas, announcements, the
office's legal texts) reaches a page only through `render_markdown()`, which
renders it and lets nh3 keep only what the named policy allows: no script, no
event handlers, no `javascript:` links, no inline styles (they would also
break our Content-Security-Policy).

Text stored before the portal refused control characters (or written by a
path that does not validate) leaves the portal in XML, calendars and
spreadsheets only through `strip_control_characters()`.
"""

import html
import re
import threading
from dataclasses import dataclass

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slugify(value: str) -> str:
    """Slugify with German transliteration: "Teltow-Fläming" → "teltow-flaeming"."""
    return slugify(value.translate(_GERMAN).replace("/", " "))


# C0 control characters other than tab, line feed and carriage return, and the two
# non-characters: what XML 1.0 forbids (an Atom feed with one fails to render),
# what RFC 5545 forbids in a calendar's text and what spreadsheets choke on.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Vertical tab and form feed separate words as a space does.
_SPACE_LIKE = frozenset("\x0b\x0c")


def strip_control_characters(value: str) -> str:
    """`value` without the control characters no output format may carry.

    Vertical tab and form feed become a space, the others go; tab, line feed
    and carriage return stay (the formats escape or allow them).
    """
    if not value or not _CONTROL_CHARACTERS.search(value):
        return value
    return _CONTROL_CHARACTERS.sub(lambda match: " " if match.group() in _SPACE_LIKE else "", value)


def plain_excerpt(text: str, length: int = 160) -> str:
    """A single-line excerpt for meta descriptions."""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class MarkdownPolicy:
    """What HTML a kind of text may keep after rendering."""

    tags: frozenset[str]
    attributes: dict[str, set[str]]
    url_schemes: frozenset[str]
    link_rel: str
    # Headings above this level are lowered to it (h1/h2 → h3 where the page has both).
    top_heading: int = 1


# Descriptions, agendas, minutes and announcements written by partner staff.
CONTENT = MarkdownPolicy(
    tags=frozenset(
        [
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
        ]
    ),
    attributes={"a": {"href", "title"}},
    url_schemes=frozenset({"http", "https", "mailto"}),
    link_rel="noopener noreferrer nofollow",
)

# The project office's legal texts: sections below the page's own h1 and h2.
LEGAL = MarkdownPolicy(
    tags=frozenset(
        ["p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote", "code", "abbr"]
    ),
    attributes={"a": {"href", "hreflang", "lang"}, "abbr": {"title"}, "*": {"lang"}},
    url_schemes=frozenset({"https", "http", "mailto", "tel"}),
    link_rel="noopener noreferrer",
    top_heading=3,
)


_threads = threading.local()


def _converter() -> markdown.Markdown:
    """This thread's Markdown converter: building one (its parser and extensions)
    cost about as much as converting a short text, on every call of
    `markdown.markdown()`. A converter is not thread-safe, and `reset()` before
    each text clears what the last one left (references, stashed HTML)."""
    converter = getattr(_threads, "markdown", None)
    if converter is None:
        converter = _threads.markdown = markdown.Markdown(
            extensions=["sane_lists"], output_format="html"
        )
    return converter


def render_markdown(source: str | None, policy: MarkdownPolicy = CONTENT) -> SafeString:
    """Markdown → HTML that holds only what `policy` allows, safe for templates."""
    if not source or not source.strip():
        return mark_safe("")  # nosec B308, B703
    rendered = _converter().reset().convert(source)
    for level in range(policy.top_heading - 1, 0, -1):
        top = policy.top_heading
        rendered = rendered.replace(f"<h{level}>", f"<h{top}>").replace(
            f"</h{level}>", f"</h{top}>"
        )
    cleaned = nh3.clean(
        rendered,
        tags=set(policy.tags),
        attributes=policy.attributes,
        url_schemes=set(policy.url_schemes),
        link_rel=policy.link_rel,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 removed everything the policy does not allow  # nosec B308, B703


def markdown_to_text(source: str | None) -> str:
    """The plain text of Markdown: no markup, no tags, entities decoded."""
    return html.unescape(strip_tags(render_markdown(source))).strip()
