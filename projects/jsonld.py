"""schema.org JSON-LD of a project's public page (see core/jsonld.py)."""

from __future__ import annotations

from django.urls import reverse
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
    return data


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
