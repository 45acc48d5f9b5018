"""Demo needs for `make run`: two needs of real partners, marked as demo, idempotent."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import BaseCommand

from exchange.demo import load_demo
from exchange.models import JointDraft, Need, NeedState
from projects.models import Participation

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    load_demo(BaseCommand(stdout=out))
    return out.getvalue()


def test_two_marked_demo_needs_one_public_and_co_signed(client):
    call_command("load_real_data", stdout=io.StringIO())
    assert "2 demo needs created" in seed()
    needs = Need.objects.order_by("slug")
    assert all(need.is_demo and need.title.startswith("[Demo]") for need in needs)
    assert all(need.state == NeedState.OPEN and need.fields_of_action.exists() for need in needs)
    video = Need.objects.get(slug="demo-videosprechstunde-im-gesundheitsamt")
    assert video.partner.name == "Landkreis Teltow-Fläming"
    assert [s.partner.name for s in video.supports.all()] == ["Landkreis Havelland"]
    assert "Videosprechstunde im Gesundheitsamt" in client.get("/gesucht/").content.decode()
    assert "0 demo needs created" in seed()
    assert Need.objects.count() == 2


def test_without_real_data_nothing_is_created():
    assert "0 demo needs created" in seed()


def test_one_marked_demo_joint_draft_from_the_demo_need():
    call_command("load_real_data", stdout=io.StringIO())
    assert "1 demo joint draft created" in seed()
    draft = JointDraft.objects.get()
    assert draft.is_demo and draft.project.is_demo
    assert draft.project.title.startswith("[Demo]")
    assert draft.need.slug == "demo-videosprechstunde-im-gesundheitsamt"
    states = dict(
        Participation.objects.filter(project=draft.project).values_list("partner__slug", "state")
    )
    assert states == {
        "landkreis-teltow-flaeming": "accepted",
        "landkreis-havelland": "accepted",
        "landkreis-potsdam-mittelmark": "invited",
    }
    assert draft.comments.count() == 2
    assert "0 demo joint draft created" in seed()
