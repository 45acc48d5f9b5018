import pytest
from django.core import mail

from legal.models import BarrierReport
from legal.views import REPORT_LIMIT
from notifications.models import OutgoingMail
from tests.worker import committed

pytestmark = pytest.mark.django_db

URL = "/barrierefreiheit/"
REPORT = {
    "page_url": "/projekte/",
    "description": "Der Filter lässt sich nicht mit der Tastatur bedienen.",
    "reply_email": "leser@example.org",
}


def test_the_form_is_on_the_accessibility_statement_with_labels_and_hints(client):
    html = client.get(URL, {"seite": "/karte/"}).content.decode()
    assert '<label class="kern-label" for="id_description">' in html
    assert 'aria-describedby="id_description-hint"' in html
    assert 'value="/karte/"' in html  # the page the visitor came from


def test_a_report_is_kept_and_mailed_to_the_office(client, settings):
    settings.PROJECT_OFFICE_EMAIL = "buero@example.org"
    response = committed(lambda: client.post(URL, REPORT))
    assert response.status_code == 302
    report = BarrierReport.objects.get()
    assert report.status == BarrierReport.Status.NEW
    assert report.description == REPORT["description"]
    assert report.language == "de"
    [message] = mail.outbox
    assert message.to == ["buero@example.org"]
    assert message.reply_to == ["leser@example.org"]
    assert REPORT["description"] in message.body
    assert f"Barrieremeldung #{report.pk}" in message.subject


def test_the_visitor_is_thanked_after_sending(client):
    response = client.post(URL, REPORT, follow=True)
    assert "Vielen Dank" in response.content.decode()


def test_the_reply_address_is_optional(client):
    response = client.post(URL, {**REPORT, "reply_email": ""})
    assert response.status_code == 302
    assert BarrierReport.objects.get().reply_email == ""


def test_a_failing_mail_server_does_not_lose_the_report(client, settings):
    settings.EMAIL_BACKEND = "tests.legal.test_feedback_form.BrokenBackend"
    response = committed(lambda: client.post(URL, REPORT))
    assert response.status_code == 302
    assert BarrierReport.objects.count() == 1
    queued = OutgoingMail.objects.get(key=f"barrier-report:{BarrierReport.objects.get().pk}")
    assert queued.status == OutgoingMail.Status.QUEUED and "mail server down" in queued.last_error


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_errors_are_explained_in_german_and_the_input_is_kept(client):
    response = client.post(URL, {"page_url": "/partner/", "description": "", "reply_email": "nein"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Fehler:" in html
    assert "Bitte beschreiben Sie die Barriere." in html
    assert "Bitte geben Sie eine E-Mail-Adresse wie name@example.org ein." in html
    assert 'href="#id_description"' in html  # the error summary links to the field
    assert 'aria-describedby="id_description-hint id_description-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="/partner/"' in html and 'value="nein"' in html
    assert not BarrierReport.objects.exists()


def test_a_too_short_description_is_refused(client):
    response = client.post(URL, {**REPORT, "description": "kaputt"})
    assert response.status_code == 400
    assert "mindestens 10 Zeichen" in response.content.decode()


def test_too_many_reports_are_refused_with_a_clear_message_and_the_text_kept(client):
    for _ in range(REPORT_LIMIT):
        assert client.post(URL, REPORT).status_code == 302
    response = client.post(URL, {**REPORT, "description": "Noch eine Barriere im Menü."})
    html = response.content.decode()
    assert response.status_code == 429
    assert "Zu viele Meldungen" in html
    assert "Noch eine Barriere im Menü." in html
    assert BarrierReport.objects.count() == REPORT_LIMIT


def test_the_office_sees_reports_in_the_admin_and_sets_their_status(client_of, office):
    report = BarrierReport.objects.create(description="Kontrast zu schwach auf der Karte.")
    client = client_of(office)
    assert (
        "Kontrast zu schwach"
        in client.get(f"/admin/legal/barrierreport/{report.pk}/change/").content.decode()
    )
    response = client.post(
        f"/admin/legal/barrierreport/{report.pk}/change/",
        {"status": BarrierReport.Status.RESOLVED, "office_notes": "Farbe angepasst."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == BarrierReport.Status.RESOLVED
    assert report.description == "Kontrast zu schwach auf der Karte."
    assert report.history.count() == 2


def test_nobody_adds_a_report_in_the_admin(client_of, office):
    assert client_of(office).get("/admin/legal/barrierreport/add/").status_code == 403


def test_partner_staff_do_not_see_reports(client_of, admin_a):
    assert client_of(admin_a).get("/admin/legal/barrierreport/").status_code == 302


def test_behind_the_proxy_one_client_s_reports_do_not_stop_another(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(REPORT_LIMIT):
        client.post(URL, REPORT, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    refused = client.post(URL, REPORT, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert refused.status_code == 429
    other = client.post(URL, REPORT, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert other.status_code == 302
    assert BarrierReport.objects.count() == REPORT_LIMIT + 1
