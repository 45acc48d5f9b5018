"""schema.org JSON-LD of a project's public page (see core/jsonld.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.jsonld import CONTEXT, absolute, breadcrumbs

from .models import Participation, Project


def project(project: Project) -> dict:
    """A schema.org Project: the partners as its members, the lead as its parent
    organisation, and the funding (programme and amount) as a MonetaryGrant."""
    url = absolute(project.get_absolute_url())
    participations = list(project.participations.all())
    data: dict = {
        "@context": CONTEXT,
        "@type": "Project",
        "@id": url,
        "name": project.title,
        "url": url,
        "description": project.summary,
        "parentOrganization": _organisation(project.lead_partner),
        "member": [
            _organisation(participation.partner)
            for participation in participations
            if participation.role != Participation.Role.LEAD
        ],
        "knowsAbout": [field.name for field in project.fields_of_action.all()],
    }
    if project.start_date:
        data["foundingDate"] = project.start_date.isoformat()
    if project.end_date:
        data["dissolutionDate"] = project.end_date.isoformat()
    if project.website:
        data["sameAs"] = [project.website]
    if project.funding_programme or project.funding_amount is not None:
        grant: dict = {"@type": "MonetaryGrant"}
        if project.funding_programme:
            grant["name"] = project.funding_programme
        if project.funding_amount is not None:
            grant["amount"] = {
                "@type": "MonetaryAmount",
                "currency": "EUR",
                "value": float(project.funding_amount),
            }
        data["funding"] = grant
    offer = _reuse_offer(project)
    if offer:
        data["makesOffer"] = offer
    return data


def _reuse_offer(project: Project) -> dict | None:
    """The solution profile as an Offer of re-use (issue #17, scope 4).

    schema.org's Project (an Organization) has no property for a maturity or a
    re-use profile; what a project offers others is `makesOffer`. The offered
    item is the solution as a CreativeWork: its maturity is its
    `creativeWorkStatus` (schema.org: "the status of a creative work in terms of
    its stage in a lifecycle"), its licence `license`, its source code a
    SoftwareSourceCode it is based on; prerequisites, operating model and data
    needed are its `usageInfo`; the rough cost range is the offer's
    PriceSpecification and the contact for re-use the lead's ContactPoint.
    """
    solution: dict = {"@type": "CreativeWork", "name": project.title}
    if project.maturity:
        solution["creativeWorkStatus"] = project.get_maturity_display()
    if project.licence:
        solution["license"] = project.licence
    if project.source_repository:
        solution["isBasedOn"] = {
            "@type": "SoftwareSourceCode",
            "codeRepository": project.source_repository,
        }
    usage = [
        {"@type": "CreativeWork", "name": capfirst(str(label)), "text": text}
        for label, text in (
            (Project._meta.get_field("prerequisites").verbose_name, project.prerequisites),
            (Project._meta.get_field("operating_model").verbose_name, project.operating_model),
            (Project._meta.get_field("data_needed").verbose_name, project.data_needed),
        )
        if text
    ]
    if usage:
        solution["usageInfo"] = usage
    offer: dict = {"@type": "Offer", "itemOffered": solution}
    if project.cost_min is not None or project.cost_max is not None:
        price: dict = {"@type": "PriceSpecification", "priceCurrency": "EUR"}
        if project.cost_min is not None:
            price["minPrice"] = float(project.cost_min)
        if project.cost_max is not None:
            price["maxPrice"] = float(project.cost_max)
        offer["priceSpecification"] = price
    if project.reuse_contact:
        offer["offeredBy"] = {
            **_organisation(project.lead_partner),
            "contactPoint": {"@type": "ContactPoint", "description": project.reuse_contact},
        }
    if len(solution) == 2 and len(offer) == 2:  # nothing but the name: no profile given
        return None
    return offer


def _organisation(partner) -> dict:
    return {
        "@type": "Organization",
        "@id": absolute(partner.get_absolute_url()),
        "name": partner.name,
        "url": absolute(partner.get_absolute_url()),
    }


def project_page(item: Project) -> list[dict]:
    return [
        project(item),
        breadcrumbs(
            (_("Projects"), reverse("projects:list")),
            (item.title, item.get_absolute_url()),
        ),
    ]
