import io

import pytest
from django.core.management.base import BaseCommand

from partners import demo
from partners.models import Membership, User
from partners.realdata import load_partners

pytestmark = pytest.mark.django_db


def test_demo_staff_are_marked_as_demo_and_created_once(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "CREDENTIALS_FILE", tmp_path / "credentials")
    load_partners()
    command = BaseCommand(stdout=io.StringIO())
    demo.load_demo(command)
    history_rows = Membership.history.count()
    demo.load_demo(command)
    assert Membership.history.count() == history_rows  # a repeated run writes no history
    staff = User.objects.filter(email__endswith="@demo.regiohub.local")
    assert staff.count() == 2
    assert all(user.first_name == "Demo" for user in staff)
    roles = set(Membership.objects.filter(user__in=staff).values_list("partner__name", "role"))
    assert roles == {("Landkreis Teltow-Fläming", "admin"), ("Landkreis Teltow-Fläming", "member")}
    output = command.stdout.getvalue()
    password = (tmp_path / "credentials").read_text().split()[1]
    assert password in output
    assert User.objects.get(email="demo.admin@demo.regiohub.local").check_password(password)
