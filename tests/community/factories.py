from datetime import timedelta

import factory
from django.utils import timezone

from community.models import Announcement, Event, Expert, WorkingGroup, WorkingGroupMember
from tests.factories import PartnerFactory, UserFactory


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"Arbeitsgruppe {n}")
    is_open = True


class WorkingGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroupMember

    group = factory.SubFactory(WorkingGroupFactory)
    user = factory.SubFactory(UserFactory)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Workshop {n}")
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=2))
    place_name = "Rathaus"
    municipality_ags = "12054000"
    host_partner = factory.SubFactory(PartnerFactory)
    is_public = True


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    title = factory.Sequence(lambda n: f"Neuigkeit {n}")
    body = "Etwas **Neues** aus dem Regio.hub."
    audience = Announcement.Audience.PUBLIC
    state = Announcement.State.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    name = factory.Sequence(lambda n: f"Dr. Erika Beispiel {n}")
    sector = Expert.Sector.SCIENCE
    organisation = "Hochschule Beispielstadt"
    expertise = "Datenplattformen, Open Data"
    email = factory.Sequence(lambda n: f"expert{n}@example.org")
    internal_consent_at = factory.LazyFunction(timezone.now)
    internal_consent_text = "Ich bin einverstanden, im internen Verzeichnis zu stehen."
