"""The council paper (Beschlussvorlage) of one co-initiator, as PDF and as ODT.

Councils decide whether their municipality joins a project, so each
co-initiator gets a draft of the paper its administration puts before the
council, with the structure of the Teltow-Fläming paper on the Regio.hub:
Betreff, Beschlussvorschlag, Sachverhalt, Finanzielle Auswirkungen. Like the
Letter of Intent (loi/pdf.py) it is a German administrative document and is
written in German whatever the portal's language. The ODT is for the
administration to edit in its own word processor.

Every text comes from stored data (titles, names, the description in
Markdown), so it is cleaned of characters XML cannot carry and never assumed
to be filled in.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from core.pdf import FONT_DIR, render_pdf
from core.text import strip_control_characters
from partners.models import Partner

from .models import JointDraft

# The paper carries today's date, so a cached PDF is good for a day at most.
CACHE_SECONDS = 24 * 60 * 60
# What XML 1.0 cannot carry besides the control characters (core.text strips those).
NOT_IN_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _clean(text: object) -> str:
    return NOT_IN_XML.sub("", strip_control_characters(str(text or ""))).strip()


def _paragraphs(text: str) -> list[str]:
    """The Markdown source in plain paragraphs (the paper is prose, not a web page)."""
    blocks = re.split(r"\n\s*\n", _clean(text).replace("\r\n", "\n"))
    return [" ".join(block.split()) for block in blocks if block.strip()]


def _euro(amount: Decimal) -> str:
    with translation.override("de"):
        return f"{formats.number_format(amount, 2, use_l10n=True, force_grouping=True)} €"


@dataclass
class CouncilPaper:
    partner: str
    title: str
    subject: str
    # Beschlussvorschlag: the resolution, the other co-initiators, the mandate.
    proposal: str
    partners: list[str]
    mandate: str
    facts: list[str]
    finances: list[str]
    date: datetime.date

    @property
    def filename(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.partner.lower()).strip("-") or "partner"
        return f"beschlussvorlage-{slug}"


def council_paper(draft: JointDraft, partner: Partner) -> CouncilPaper:
    """The paper's text for `partner`, from the joint draft as it is stored now."""
    project = draft.project
    name = _clean(partner.name)
    title = _clean(project.title) or "(ohne Titel)"
    others = [
        _clean(row.partner.name)
        for row in draft.co_initiators()
        if row.partner_id != partner.pk and row.state != row.State.DECLINED
    ]
    proposal = (
        f"Die Vertretung von {name} beschließt, sich als Mitinitiatorin an dem gemeinsamen "
        f"Regio.hub-Projekt „{title}“ zu beteiligen" + (", zusammen mit:" if others else ".")
    )
    mandate = (
        "Die Verwaltung wird beauftragt, den Projektentwurf mit den Partnern abzustimmen, ihn im "
        "Regio.hub-Portal zu bestätigen und die für die Umsetzung nötigen Schritte vorzubereiten."
    )
    facts: list[str] = []
    if project.summary:
        facts.append(_clean(project.summary))
    if draft.need_id is not None and draft.need is not None:
        facts.append(
            f"Anlass ist der im Regio.hub geäußerte Bedarf „{_clean(draft.need.title)}“ von "
            f"{_clean(draft.need.partner.name)}; mehrere Partner haben ihn geteilt."
        )
    facts.extend(_paragraphs(project.description))
    lead = _clean(project.lead_partner.name)
    facts.append(f"Federführend ist {lead}.")
    fields = ", ".join(_clean(f.display_name) for f in project.fields_of_action.all())
    if fields:
        facts.append(f"Handlungsfelder: {fields}.")
    if project.start_date or project.end_date:
        start = formats.date_format(project.start_date, "d.m.Y") if project.start_date else "offen"
        end = formats.date_format(project.end_date, "d.m.Y") if project.end_date else "offen"
        facts.append(f"Geplanter Zeitraum: {start} bis {end}.")
    return CouncilPaper(
        partner=name,
        title=title,
        subject=f"Beteiligung von {name} am gemeinsamen Regio.hub-Projekt „{title}“",
        proposal=proposal,
        partners=others,
        mandate=mandate,
        facts=facts,
        finances=_finances(project),
        date=timezone.localdate(),
    )


def _finances(project) -> list[str]:
    lines = []
    if project.cost_min is not None and project.cost_max is not None:
        lines.append(
            f"Geschätzte Kosten: {_euro(project.cost_min)} bis {_euro(project.cost_max)} "
            "(gesamt, für alle Partner)."
        )
    elif project.cost_min is not None:
        lines.append(f"Geschätzte Kosten: ab {_euro(project.cost_min)} (gesamt, für alle Partner).")
    elif project.cost_max is not None:
        lines.append(
            f"Geschätzte Kosten: bis {_euro(project.cost_max)} (gesamt, für alle Partner)."
        )
    programme = _clean(project.funding_programme)
    if programme and project.funding_amount is not None:
        lines.append(f"Förderung: {programme}, {_euro(project.funding_amount)}.")
    elif programme:
        lines.append(f"Förderung: {programme} (Höhe noch offen).")
    elif project.funding_amount is not None:
        lines.append(f"Förderung: {_euro(project.funding_amount)} (Programm noch offen).")
    if not lines:
        lines.append(
            "Die Kosten und ihre Aufteilung sind noch nicht beziffert; die Partner ergänzen "
            "sie im Projektentwurf vor der Beschlussfassung."
        )
    return lines


# --- PDF (WeasyPrint) ------------------------------------------------------------------


def council_paper_pdf(paper: CouncilPaper) -> bytes:
    """The paper as a tagged PDF (PDF/UA-1), kept in the cache under the hash of its HTML.

    Rendering takes a second or two of CPU; any change of the draft, the
    partners or the date makes new HTML and so a new PDF (as loi/pdf.py).
    """
    with translation.override("de"):
        html = render_to_string(
            "exchange/coinit/council_paper.html",
            {"paper": paper, "font_dir": FONT_DIR.as_uri()},
        )
    key = f"exchange:council-paper-pdf:{hashlib.sha256(html.encode()).hexdigest()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(html)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf


# --- ODT (odfpy) -------------------------------------------------------------------------


def council_paper_odt(paper: CouncilPaper) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    heading = Style(name="Heading", family="paragraph")
    heading.addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm"))
    heading.addElement(TextProperties(fontweight="bold", fontsize="13pt"))
    title = Style(name="Title", family="paragraph")
    title.addElement(TextProperties(fontweight="bold", fontsize="16pt"))
    small = Style(name="Small", family="paragraph")
    small.addElement(TextProperties(fontsize="9pt"))
    for style in (heading, title, small):
        document.styles.addElement(style)

    body = document.text
    body.addElement(P(stylename=small, text=paper.partner))
    body.addElement(H(outlinelevel=1, stylename=title, text="Beschlussvorlage (Entwurf)"))

    def section(name: str, paragraphs: list[str]) -> None:
        body.addElement(H(outlinelevel=2, stylename=heading, text=name))
        for paragraph in paragraphs:
            body.addElement(P(text=paragraph))

    section("Betreff", [paper.subject])
    section("Beschlussvorschlag", [paper.proposal])
    if paper.partners:
        items = List()
        for name in paper.partners:
            item = ListItem()
            item.addElement(P(text=name))
            items.addElement(item)
        body.addElement(items)
    body.addElement(P(text=paper.mandate))
    section("Sachverhalt", paper.facts)
    section("Finanzielle Auswirkungen", paper.finances)
    body.addElement(
        P(
            stylename=small,
            text=f"Entwurf aus dem Regio.hub-Portal vom {paper.date:%d.%m.%Y}.",
        )
    )
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()
