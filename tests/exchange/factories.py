import factory
from django.utils import timezone

from core.text import render_markdown
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
