from django import template

from core.text import render_markdown

from ..models import Document, Expert

register = template.Library()


@register.filter
def markdown(text: str):
    """Render Markdown written by users, sanitised."""
    return render_markdown(text)


@register.inclusion_tag("community/includes/_suggested_experts.html", takes_context=True)
def suggested_experts(context, fields, limit: int = 5) -> dict:
    """Listed experts of the given fields of action, for internal pages (a project page).

    Shows nothing to people who may not see the expert directory.
    """
    user = context["request"].user
    if not user.has_perm("community.view_expert_directory"):
        return {"experts": []}
    experts = (
        Expert.objects.listed_internally().filter(fields_of_action__in=fields).distinct()[:limit]
    )
    return {"experts": list(experts)}


@register.inclusion_tag("community/includes/_project_extras_internal.html", takes_context=True)
def project_documents_internal(context, project) -> dict:
    """The internal project page: all its documents and experts of its fields (two queries).

    Only for people who may see the project internally; the download links are
    permission-checked again by the download view.
    """
    user = context["request"].user
    if not user.has_perm("projects.view_internal", project):
        return {"show": False}
    documents = project.documents.only("pk", "title", "is_public", "project_id").order_by("title")
    return {
        "show": True,
        "project": project,
        "documents": list(documents),
        "request": context["request"],
    }


@register.inclusion_tag("community/includes/_project_extras_public.html")
def project_public_extras(project, limit: int = 5) -> dict:
    """The public project page: its public documents and publicly listed experts of its
    fields of action, without contact data (two queries, whatever the data size)."""
    documents = (
        Document.objects.public()
        .filter(project=project)
        .only("pk", "title", "project_id")
        .order_by("title")
    )
    experts = (
        Expert.objects.listed_publicly()
        .filter(fields_of_action__in=project.fields_of_action.all())
        .only("pk", "name", "organisation", "expertise", "sector")
        .distinct()
        .order_by("name")[:limit]
    )
    return {"documents": list(documents), "experts": list(experts)}
