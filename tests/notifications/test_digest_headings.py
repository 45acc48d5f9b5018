"""The weekly digest lists items under their heading (e.g. a saved search's name) with
their content; items without a heading stay in the general list as before."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Category, DigestItem, Frequency
from notifications.services import notify, send_digests
from tests.factories import UserFactory
from tests.worker import committed

pytestmark = pytest.mark.django_db


def test_items_with_a_heading_are_listed_together_under_it_with_their_text():
    user = UserFactory(email="leser@example.org")
    weekly = {"user": user, "frequency": Frequency.WEEKLY}
    searches = {"category": Category.SAVED_SEARCHES, **weekly}
    notify(**searches, key="a", subject="Projekt: Rufbus", url="/projekte/rufbus/",
           digest_group="Mobilität", digest_text="Kreis A: Ein Rufbus.")  # fmt: skip
    notify(**weekly, category=Category.ANNOUNCEMENTS, key="b", subject="Neues aus dem Hub",
           url="/aktuelles/1/")  # fmt: skip
    notify(**searches, key="c", subject="Bedarf: Parken", url="/gesucht/parken/",
           digest_group="Parken", digest_text="Stadt B: Sensoren.")  # fmt: skip
    notify(**searches, key="d", subject="Projekt: Bürgerbus", url="/projekte/buergerbus/",
           digest_group="Mobilität", digest_text="Kreis C: Ehrenamt.")  # fmt: skip
    assert DigestItem.objects.filter(user=user).count() == 4
    committed(send_digests)
    [digest] = mail.outbox
    body = digest.body
    # The general list first, as before: with its category.
    assert body.index("Mitteilungen: Neues aus dem Hub") < body.index("Mobilität")
    # One heading per search, its items below it with their content and link.
    assert body.count("Neu für Ihre gespeicherte Suche „Mobilität“:") == 1
    mobility = body.index("„Mobilität“")
    parking = body.index("„Parken“")
    assert mobility < body.index("Projekt: Rufbus") < body.index("Projekt: Bürgerbus") < parking
    assert "Kreis A: Ein Rufbus." in body and "Kreis C: Ehrenamt." in body
    assert body.index("Bedarf: Parken") > parking
    assert "/projekte/rufbus/" in body
    assert "Jede gespeicherte Suche hat ihre eigene Wahl" in body


def test_the_subject_of_the_digest_line_may_differ_from_the_mails():
    user = UserFactory()
    notify(user=user, category=Category.SAVED_SEARCHES, key="x", frequency=Frequency.WEEKLY,
           subject="Neues Projekt für Ihre gespeicherte Suche „A“: B", digest_subject="Projekt: B",
           digest_group="A")  # fmt: skip
    assert DigestItem.objects.get(user=user).subject == "Projekt: B"


def test_the_settings_page_leaves_saved_searches_to_each_search(client_of, member_a):
    response = client_of(member_a).get(reverse("notifications_intern:settings"))
    form = response.context["form"]
    assert Category.SAVED_SEARCHES not in form.fields
    assert Category.ANNOUNCEMENTS in form.fields
    assert "/intern/suchauftraege/" in response.content.decode()
