import factory
from django.utils import timezone

from core.text import render_markdown
from exchange.coinit import services as coinit_services
from exchange.models import Need, NeedState
from tests.factories import PartnerFactory, UserFactory


class NeedFactory(factory.django.DjangoModelFactory):
    """A draft need of a partner (network only)."""

    class Meta:
        model = Need
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Bedarf {n}")
    slug = factory.Sequence(lambda n: f"bedarf-{n}")
    description = "Wir suchen eine **Lösung**."
    description_html = factory.LazyAttribute(lambda o: render_markdown(o.description))
    partner = factory.SubFactory(PartnerFactory)

    @factory.post_generation
    def fields(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.fields_of_action.set(extracted)


class OpenNeedFactory(NeedFactory):
    state = NeedState.OPEN
    opened_at = factory.LazyFunction(timezone.now)


class PublicNeedFactory(OpenNeedFactory):
    visibility = Need.Visibility.PUBLIC


def start_joint_draft(*, by, lead, co_initiators, need=None, **fields):
    """A joint draft started through the service, as the page starts it."""
    return coinit_services.start_joint_draft(
        acting_user=by,
        lead_partner=lead,
        title=fields.pop("title", "Gemeinsame Videosprechstunde"),
        summary=fields.pop("summary", "Zwei Kreise bieten gemeinsam Beratung per Video an."),
        description=fields.pop("description", "Wir **teilen** uns den Betrieb."),
        co_initiators=co_initiators,
        need=need,
        **fields,
    )


class SavedSearchFactory(factory.django.DjangoModelFactory):
    """A saved search that alerts at once, for projects and needs."""

    class Meta:
        model = "exchange.SavedSearch"
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Suche {n}")

    @factory.post_generation
    def fields(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.fields_of_action.set(extracted)
