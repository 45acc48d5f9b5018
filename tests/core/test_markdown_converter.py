"""render_markdown() reuses one converter per thread and shows what a fresh one would."""

import markdown
import nh3

from core.text import CONTENT, render_markdown

SAMPLES = [
    "Ein [Verweis][ref] auf die Seite.\n\n[ref]: https://example.org/",
    "Kein Verweis mehr: [ref] bleibt Text.",
    "<div>rohes HTML</div>\n\n* eins\n* zwei\n\n1. drei",
    "## Tagesordnung\n\n1. Begrüßung\n2. Bericht",
    "",
]


def _fresh(source: str) -> str:
    rendered = markdown.markdown(source, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        rendered,
        tags=set(CONTENT.tags),
        attributes=CONTENT.attributes,
        url_schemes=set(CONTENT.url_schemes),
        link_rel=CONTENT.link_rel,
    )


def test_each_text_renders_as_with_a_fresh_converter_whatever_came_before():
    for _ in range(2):
        for source in SAMPLES:
            assert str(render_markdown(source)) == (_fresh(source) if source else "")


def test_a_reference_of_one_text_does_not_leak_into_the_next():
    render_markdown(SAMPLES[0])
    assert "href" not in str(render_markdown(SAMPLES[1]))
