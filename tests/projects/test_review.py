"""The office's review page is a check-answers page (issue 16, findings 3 and 4).

It shows every field the public page will show, a preview of the public page,
and what changed since the office published or returned the project; publishing
asks first; the version-conflict screen compares field by field.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import services
from projects.models import Participation, Project, PublicationState
from projects.review import SHOWN_FIELDS
from tests.factories import PartnerFactory

from .factories import FieldOfActionFactory, ProjectFactory
from .test_editing import form_data

pytestmark = pytest.mark.django_db


def in_review(partner, **fields) -> Project:
    defaults = {
        "title": "Rufbus digital",
        "summary": "Ein Rufbus per App.",
        "description": "Der Bus kommt **auf Abruf**.",
        "start_date": datetime.date(2025, 3, 1),
        "end_date": datetime.date(2026, 12, 31),
        "funding_programme": "Modellprojekte Smart Cities",
        "funding_amount": Decimal("125000.50"),
        "website": "https://rufbus.example.org/",
        "contact_name": "Erika Muster",
        "contact_email": "erika@example.org",
        "contact_is_public": False,
        "publication_state": PublicationState.IN_REVIEW,
    }
    project = ProjectFactory(lead_partner=partner, **{**defaults, **fields})
    project.fields_of_action.set([FieldOfActionFactory(name="Mobilität", slug="mobilitaet")])
    return project


def review_page(client, project) -> str:
    response = client.get(project.get_internal_url())
    assert response.status_code == 200
    return response.content.decode()


def answers_section(html: str) -> str:
    return html.split('id="answers-heading"', 1)[1].split("</section>", 1)[0]


def publish(project, office):
    services.publish_project(project=project, acting_user=office)
    project.refresh_from_db()


def test_the_review_page_shows_every_field_the_public_page_will_show(
    client_of, office, partner_a, partner_b
):
    project = in_review(partner_a)
    Participation.objects.create(
        project=project, partner=partner_b, role=Participation.Role.PILOT_SITE
    )
    answers = answers_section(review_page(client_of(office), project))
    assert "125.000,50\u00a0€" in answers  # the amount in the user's locale
    assert "Modellprojekte Smart Cities" in answers
    assert "<strong>auf Abruf</strong>" in answers  # the description as the public page renders it
    assert "1. März 2025" in answers and "31. Dezember 2026" in answers
    assert "Mobilität" in answers
    assert f"{partner_b.name} (Pilotstandort)" in answers
    assert 'href="https://rufbus.example.org/"' in answers
    assert "erika@example.org" in answers
    assert "Kontakt öffentlich angezeigt" in answers
    assert len(re.findall(r'<div class="kern-description-list-item[ "]', answers)) == len(
        SHOWN_FIELDS
    )


def test_the_preview_is_the_public_page_labelled_as_a_preview(client_of, office, partner_a):
    project = in_review(partner_a, contact_is_public=True)
    html = review_page(client_of(office), project)
    preview = html.split('id="preview-heading"', 1)[1]
    assert preview.split("</h2>", 1)[0].endswith("Vorschau der öffentlichen Seite")
    # The public page's own markup: its description section and the public contact.
    assert 'id="preview-description-heading"' in preview
    assert 'href="mailto:erika@example.org"' in preview
    assert "<h1" not in preview  # the page keeps one main heading


def test_publishing_asks_first_and_names_what_becomes_public(client_of, office, partner_a):
    project = in_review(partner_a)
    client = client_of(office)
    url = f"/intern/projekte/{project.pk}/veroeffentlichen/"
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Der Kontakt wird nicht öffentlich angezeigt." in text
    assert f"http://testserver{project.get_absolute_url()}" in text
    client.post(url, {"comment": ""})  # a post without the confirmation changes nothing
    project.refresh_from_db()
    assert project.publication_state == PublicationState.IN_REVIEW
    assert client.post(url, {"confirmed": "yes", "comment": ""}).status_code == 302
    project.refresh_from_db()
    assert project.publication_state == PublicationState.PUBLISHED


def test_the_review_page_has_no_one_click_publish_button(client_of, office, partner_a):
    project = in_review(partner_a)
    html = review_page(client_of(office), project)
    url = f"/intern/projekte/{project.pk}/veroeffentlichen/"
    assert f'action="{url}"' not in html
    assert f'href="{url}"' in html


def test_an_edit_of_a_published_project_is_compared_with_the_published_version(
    client_of, office, partner_a, editor_a
):
    project = in_review(partner_a)
    publish(project, office)
    url = f"/intern/projekte/{project.pk}/bearbeiten/"
    edit = form_data(
        partner_a,
        title=project.title,
        summary=project.summary,
        description=project.description,
        website="https://neu.example.org/",
        start_date="2025-03-01",
        end_date="2027-06-30",
        funding_amount="125000,50",
        funding_programme=project.funding_programme,
        contact_name=project.contact_name,
        contact_email=project.contact_email,
        fields_of_action=[project.fields_of_action.get().pk],
        version=project.version,
    )
    assert client_of(editor_a).post(url, edit).status_code == 302
    html = review_page(client_of(office), project)
    changes = html.split('id="changes-heading"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r'<th scope="row"[^>]*>([^<]+)</th>', changes)
    assert rows == ["Zeitraum", "Website"]  # only what changed, in the page's order
    assert "https://rufbus.example.org/" in changes and "https://neu.example.org/" in changes
    assert "31. Dezember 2026" in changes and "30. Juni 2027" in changes
    # Old and new are named by their column, not told apart by colour alone.
    assert "Veröffentlichte Fassung" in changes and "Jetzt" in changes
    answers = answers_section(html)
    assert answers.count("rh-answers__item--changed") == 2
    assert answers.count(">geändert<") == 2


def test_a_partner_added_after_publication_is_a_change(client_of, office, partner_a, partner_b):
    project = in_review(partner_a)
    publish(project, office)
    Participation.objects.create(project=project, partner=partner_b)
    html = review_page(client_of(office), project)
    changes = html.split('id="changes-heading"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'<th scope="row"[^>]*>([^<]+)</th>', changes) == ["Beteiligte Partner"]
    assert f"{partner_b.name} (Partner)" in changes


def test_a_published_project_without_edits_says_nothing_changed(client_of, office, partner_a):
    project = in_review(partner_a)
    publish(project, office)
    html = review_page(client_of(office), project)
    assert "Seitdem wurde kein Feld der öffentlichen Seite geändert." in html


def test_a_draft_has_no_comparison(client_of, office, partner_a):
    project = in_review(partner_a, publication_state=PublicationState.DRAFT)
    assert 'id="changes-heading"' not in review_page(client_of(office), project)


def test_the_review_page_reads_a_fixed_number_of_queries(client_of, office, partner_a):
    client = client_of(office)

    def queries(partners: int) -> int:
        project = in_review(partner_a, title=f"Mit {partners} Partnern")
        for _ in range(partners):
            Participation.objects.create(project=project, partner=PartnerFactory())
        publish(project, office)
        project.website = "https://anders.example.org/"
        project.save()
        Participation.objects.create(project=project, partner=PartnerFactory())
        with CaptureQueriesContext(connection) as captured:
            review_page(client, project)
        return len(captured)

    small, large = queries(1), queries(6)
    assert small == large
    assert large <= 22  # 20 when written (session, user, project, review, preview, panels)


def test_the_conflict_screen_shows_a_changed_website_and_dates(
    client_of, partner_a, editor_a, admin_a
):
    project = ProjectFactory(
        lead_partner=partner_a,
        title="Alt",
        summary="Anträge online stellen.",
        description="Die **Verwaltung** wird digital.",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
        funding_amount=Decimal("1000.50"),
        website="https://alt.example/",
    )
    url = f"/intern/projekte/{project.pk}/bearbeiten/"
    theirs = form_data(
        partner_a,
        title="Alt",
        website="https://neu.example/",
        start_date="2025-02-01",
        version=project.version,
    )
    mine = form_data(
        partner_a, title="Alt", website="https://alt.example/", version=project.version
    )
    assert client_of(editor_a).post(url, theirs).status_code == 302
    response = client_of(admin_a).post(url, mine)
    assert response.status_code == 200
    html = response.content.decode()
    conflict = html.split('id="conflict-heading"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r'<th scope="row"[^>]*>([^<]+)</th>', conflict)
    assert rows == ["Zeitraum", "Website"]
    assert "https://neu.example/" in conflict  # the newer version
    assert "1. Februar 2025" in conflict
    assert "Ihre Eingabe" in conflict  # beside the user's input


def test_a_resubmitted_project_is_compared_with_the_returned_version(
    client_of, office, partner_a, editor_a
):
    project = in_review(partner_a)
    services.request_changes(project=project, acting_user=office, comment="Bitte kürzer.")
    project.refresh_from_db()
    project.summary = "Rufbus per App."
    services.save_project(
        project=project,
        acting_user=editor_a,
        fields_of_action=list(project.fields_of_action.all()),
        expected_version=project.version,
    )
    services.submit_project(project=project, acting_user=editor_a)
    html = review_page(client_of(office), project)
    changes = html.split('id="changes-heading"', 1)[1].split("</section>", 1)[0]
    assert "Änderungen seit der Rückgabe am" in changes
    assert re.findall(r'<th scope="row"[^>]*>([^<]+)</th>', changes) == ["Zusammenfassung"]
    assert "Zurückgegebene Fassung" in changes
