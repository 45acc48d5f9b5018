"""Demo needs for `make run`: two needs of real partners, marked as demo, idempotent."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import BaseCommand

from exchange.demo import load_demo
from exchange.models import Need, NeedState

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
