"""What the site-wide search searches: one `Source` per kind of result.

Each source names its model, the queryset of what a person may see (the same
queryset as the kind's own list page, so the search never shows more than
the lists do), the text fields searched (the title first), and how a hit is
shown and linked. Adding a kind is one `Source(...)` in `SOURCES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from community.models import Announcement, Document, Event, Expert
from community.views.documents import public_documents
from core.text import plain_excerpt, render_markdown
from partners.models import Partner
from partners.rules import is_office_or_superuser, is_partner_staff
from projects.models import Project, PublicationState

EXCERPT_LENGTH = 180


@dataclass(frozen=True)
class Source:
    key: str  # the value of `typ` in the URL
    code: int  # stable and unique below 64: the SQLite index keys its rows by it
    label: Any  # one result's type, e.g. "Project" (lazy)
    counted: Any  # "%(count)s projects" (ngettext_lazy with "count")
    model: type[Model]
    visible: Callable[[Any], QuerySet]  # user → what they may see
    fields: tuple[str, ...]  # searched text; the first is the title
    url: Callable[[Any, Any], str]  # (object, user) → its page
    excerpt_field: str
    # (user, query) → the kind's own list page showing this query, or None.
    more_url: Callable[[Any, str], str | None] = lambda user, query: None
    # A stored PostgreSQL tsvector of `fields`, where the model keeps one.
    vector_field: str | None = None
    markdown: bool = False  # the excerpt field is Markdown
    columns: tuple[str, ...] = field(default=())  # more columns `url` reads

    def title_of(self, obj: Model) -> str:
        return str(getattr(obj, self.fields[0]))

    def excerpt_of(self, obj: Model) -> str:
        text = getattr(obj, self.excerpt_field) or ""
        if self.markdown:
            text = strip_tags(render_markdown(text))
        return plain_excerpt(text, EXCERPT_LENGTH)


def _with_query(url: str, query: str) -> str:
    return f"{url}?{urlencode({'q': query})}"


# --- Projects -------------------------------------------------------------


def _project_url(project: Project, user) -> str:
    if project.publication_state == PublicationState.PUBLISHED:
        return reverse("projects:detail", kwargs={"slug": project.slug})
    return reverse("projects_intern:detail", kwargs={"pk": project.pk})


PROJECTS = Source(
    key="projekte",
    code=1,
    label=_("Project"),
    counted=ngettext_lazy("%(count)s project", "%(count)s projects", "count"),
    model=Project,
    visible=lambda user: Project.objects.visible_to(user),
    fields=("title", "summary", "description"),
    url=_project_url,
    excerpt_field="summary",
    # The showcase lists the published projects; its own search finds them.
    more_url=lambda user, query: _with_query(reverse("projects:list"), query),
    vector_field="search_vector",
    columns=("slug", "publication_state"),
)

# --- Partners -------------------------------------------------------------

PARTNERS = Source(
    key="partner",
    code=2,
    label=_("Partner"),
    counted=ngettext_lazy("%(count)s partner", "%(count)s partners", "count"),
    model=Partner,
    visible=lambda user: Partner.objects.active(),
    fields=("name", "short_name", "city", "description"),
    url=lambda partner, user: reverse("partners:detail", kwargs={"slug": partner.slug}),
    excerpt_field="description",
    markdown=True,
    columns=("slug",),
)

# --- Events ---------------------------------------------------------------

EVENTS = Source(
    key="termine",
    code=3,
    label=_("Event"),
    counted=ngettext_lazy("%(count)s event", "%(count)s events", "count"),
    model=Event,
    visible=lambda user: Event.objects.visible_to(user),
    fields=("title", "place_name", "agenda"),
    url=lambda event, user: reverse("community:event_detail", kwargs={"pk": event.pk}),
    excerpt_field="agenda",
    markdown=True,
)

# --- News -----------------------------------------------------------------


def _news_visible(user) -> QuerySet:
    """The public list's news for visitors; staff also read their internal ones."""
    if not user.is_authenticated:
        return Announcement.objects.published().public()
    return Announcement.objects.visible_to(user)


def _news_url(announcement: Announcement, user) -> str:
    if announcement.audience == Announcement.Audience.PUBLIC:
        return reverse("community:announcement_detail", kwargs={"pk": announcement.pk})
    return reverse("community_intern:internal_announcement_detail", kwargs={"pk": announcement.pk})


NEWS = Source(
    key="aktuelles",
    code=4,
    label=_("News item"),
    counted=ngettext_lazy("%(count)s news item", "%(count)s news items", "count"),
    model=Announcement,
    visible=_news_visible,
    fields=("title", "body"),
    url=_news_url,
    excerpt_field="body",
    markdown=True,
    columns=("audience",),
)

# --- Documents ------------------------------------------------------------


def _documents_visible(user) -> QuerySet:
    """The public index (/dokumente/); partner staff and the office also the library."""
    public = Q(pk__in=public_documents().values("pk"))
    if is_office_or_superuser(user) or is_partner_staff(user):
        return Document.objects.filter(
            public | Q(pk__in=Document.objects.library_for(user).values("pk"))
        )
    return Document.objects.filter(public)


DOCUMENTS = Source(
    key="dokumente",
    code=5,
    label=_("Document"),
    counted=ngettext_lazy("%(count)s document", "%(count)s documents", "count"),
    model=Document,
    visible=_documents_visible,
    fields=("title", "description"),
    url=lambda document, user: reverse("community:document_download", kwargs={"pk": document.pk}),
    excerpt_field="description",
)

# --- Experts --------------------------------------------------------------


def _sees_expert_directory(user) -> bool:
    return user.is_authenticated and user.has_perm("community.view_expert_directory")


def _experts_visible(user) -> QuerySet:
    """The public list for visitors; the internal directory for those who may read it."""
    if _sees_expert_directory(user):
        return Expert.objects.listed_internally()
    return Expert.objects.listed_publicly()


def _expert_list(user) -> str:
    if _sees_expert_directory(user):
        return reverse("community_intern:expert_directory")
    return reverse("community:expert_list")


EXPERTS = Source(
    key="experten",
    code=6,
    label=_("Expert"),
    counted=ngettext_lazy("%(count)s expert", "%(count)s experts", "count"),
    model=Expert,
    visible=_experts_visible,
    fields=("name", "organisation", "expertise", "profile"),
    url=lambda expert, user: f"{_expert_list(user)}#expert-{expert.pk}",
    excerpt_field="expertise",
    more_url=lambda user, query: (
        _with_query(_expert_list(user), query) if _sees_expert_directory(user) else None
    ),
)

# The kinds in the order the results page shows them. Needs of the marketplace
# (exchange/) join here as one more Source.
SOURCES: list[Source] = [PROJECTS, PARTNERS, EVENTS, NEWS, DOCUMENTS, EXPERTS]


def by_key(key: str) -> Source | None:
    return next((source for source in SOURCES if source.key == key), None)


def by_code(code: int) -> Source | None:
    return next((source for source in SOURCES if source.code == code), None)
