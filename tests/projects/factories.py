import factory
from django.utils import timezone

from core.text import render_markdown
from projects.models import FieldOfAction, Participation, Project, PublicationState
from tests.factories import PartnerFactory


class FieldOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfAction
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    slug = factory.Sequence(lambda n: f"handlungsfeld-{n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    """A draft project led by a partner (who also takes part as lead)."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Projekt {n}")
    slug = factory.Sequence(lambda n: f"projekt-{n}")
    summary = "Eine kurze Zusammenfassung."
    description = "Eine **Beschreibung**."
    description_html = factory.LazyAttribute(lambda o: render_markdown(o.description))
    lead_partner = factory.SubFactory(PartnerFactory)

    @factory.post_generation
    def lead_participation(obj, create, extracted, **kwargs):
        if create:
            Participation.objects.get_or_create(
                project=obj, partner=obj.lead_partner, defaults={"role": Participation.Role.LEAD}
            )
            from projects.services import update_search_vectors

            update_search_vectors(Project.objects.filter(pk=obj.pk))

    @factory.post_generation
    def fields(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.fields_of_action.set(extracted)


class PublishedProjectFactory(ProjectFactory):
    publication_state = PublicationState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
