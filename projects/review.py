"""What a project's public page shows, field by field, and what changed between two versions.

`SHOWN_FIELDS` is the one list of what the public project page shows. The office's
check-answers page, the comparison with the published version and the
version-conflict screen all read it, so a field added to the public page later
appears in all three by one more line here.

Which model fields changed between two versions, simple-history's `diff_against`
says; the partners that take part (their own table, with its own history) are
compared as a list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.templatetags.core import money
from core.text import render_markdown
from partners.models import Partner

from .models import Participation, Project, ProjectTransition


@dataclass
class Version:
    """One version of a project as the public page would show it.

    `partners` are the partners that take part, as (name, role label), the lead
    first. `fields_of_action` is None where no history records them (the
    fields of action of an earlier version).
    """

    project: Project
    partners: list[tuple[str, str]]
    fields_of_action: list[str] | None = None


@dataclass(frozen=True)
class ShownField:
    """A line of the public page.

    `name` is the form field where it is changed (the edit form's anchor);
    `sources` the model fields it is made of, as simple-history names them in a
    diff; `kind` says how `projects/intern/includes/_answer_value.html` draws the
    value: text, html (sanitised Markdown), link, list or image (url, alt text).
    """

    name: str
    label: Promise
    sources: tuple[str, ...]
    value: Callable[[Version], object]
    kind: str = "text"


def _timeline(version: Version) -> str:
    start, end = version.project.start_date, version.project.end_date
    if start and end:
        return _("%(start)s to %(end)s") % {"start": _day(start), "end": _day(end)}
    if start:
        return _("since %(start)s") % {"start": _day(start)}
    if end:
        return _("until %(end)s") % {"end": _day(end)}
    return _("not stated")


def _day(value: date | datetime) -> str:
    return date_format(value, "DATE_FORMAT")


def _funding(version: Version) -> str:
    project = version.project
    parts = [project.funding_programme, money(project.funding_amount)]
    return ", ".join(part for part in parts if part)


def _costs(version: Version) -> str:
    low, high = version.project.cost_min, version.project.cost_max
    if low is not None and high is not None:
        return _("%(low)s to %(high)s") % {"low": money(low), "high": money(high)}
    if low is not None:
        return _("from %(low)s") % {"low": money(low)}
    if high is not None:
        return _("up to %(high)s") % {"high": money(high)}
    return ""


def _image(version: Version) -> tuple[str, str] | None:
    project = version.project
    return (project.image.url, project.image_alt) if project.image else None


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


SHOWN_FIELDS: list[ShownField] = [
    ShownField("title", gettext_lazy("Title"), ("title",), lambda v: v.project.title),
    ShownField("summary", gettext_lazy("Summary"), ("summary",), lambda v: v.project.summary),
    ShownField(
        "description",
        gettext_lazy("Description"),
        ("description",),
        lambda v: render_markdown(v.project.description),
        kind="html",
    ),
    ShownField("kind", gettext_lazy("Kind"), ("kind",), lambda v: v.project.get_kind_display()),
    ShownField(
        "status", gettext_lazy("Status"), ("status",), lambda v: v.project.get_status_display()
    ),
    ShownField(
        "is_flagship",
        gettext_lazy("Flagship project"),
        ("is_flagship",),
        lambda v: _yes_no(v.project.is_flagship),
    ),
    ShownField(
        "lead_partner",
        gettext_lazy("Lead partner"),
        ("lead_partner",),
        lambda v: v.project.lead_partner.name,
    ),
    ShownField(
        "participants",
        gettext_lazy("Participating partners"),
        ("partners",),
        lambda v: [f"{name} ({role})" for name, role in v.partners],
        kind="list",
    ),
    ShownField(
        "fields_of_action",
        gettext_lazy("Fields of action"),
        (),  # not in the project's history: shown, not compared
        lambda v: v.fields_of_action or [],
        kind="list",
    ),
    ShownField(
        "maturity",
        gettext_lazy("Maturity"),
        ("maturity",),
        lambda v: v.project.get_maturity_display(),
    ),
    ShownField("start_date", gettext_lazy("Timeline"), ("start_date", "end_date"), _timeline),
    ShownField(
        "transfer_direction",
        gettext_lazy("Transfer direction"),
        ("transfer_direction",),
        lambda v: v.project.get_transfer_direction_display(),
    ),
    ShownField(
        "funding_amount",
        gettext_lazy("Funding"),
        ("funding_programme", "funding_amount"),
        _funding,
    ),
    ShownField(
        "website", gettext_lazy("Website"), ("website",), lambda v: v.project.website, kind="link"
    ),
    ShownField(
        "contact_name",
        gettext_lazy("Contact person"),
        ("contact_name",),
        lambda v: v.project.contact_name,
    ),
    ShownField(
        "contact_email",
        gettext_lazy("Contact e-mail"),
        ("contact_email",),
        lambda v: v.project.contact_email,
    ),
    ShownField(
        "contact_is_public",
        gettext_lazy("Contact shown publicly"),
        ("contact_is_public",),
        lambda v: _yes_no(v.project.contact_is_public),
    ),
    # The solution profile for re-users (shown only where filled in).
    ShownField(
        "prerequisites",
        gettext_lazy("Prerequisites"),
        ("prerequisites",),
        lambda v: v.project.prerequisites,
    ),
    ShownField(
        "operating_model",
        gettext_lazy("Operating model"),
        ("operating_model",),
        lambda v: v.project.operating_model,
    ),
    ShownField("cost_min", gettext_lazy("Rough costs"), ("cost_min", "cost_max"), _costs),
    ShownField(
        "data_needed",
        gettext_lazy("Data needed"),
        ("data_needed",),
        lambda v: v.project.data_needed,
    ),
    ShownField("licence", gettext_lazy("Licence"), ("licence",), lambda v: v.project.licence),
    ShownField(
        "source_repository",
        gettext_lazy("Source code"),
        ("source_repository",),
        lambda v: v.project.source_repository,
        kind="link",
    ),
    ShownField(
        "reuse_contact",
        gettext_lazy("Contact for re-use"),
        ("reuse_contact",),
        lambda v: v.project.reuse_contact,
    ),
    ShownField("image_upload", gettext_lazy("Image"), ("image",), _image, kind="image"),
    ShownField(
        "image_alt",
        gettext_lazy("Alternative text of the image"),
        ("image_alt",),
        lambda v: v.project.image_alt,
    ),
]


@dataclass(frozen=True)
class Answer:
    name: str
    label: str
    kind: str
    value: object
    changed: bool = False


@dataclass(frozen=True)
class Change:
    """A field that differs between two versions: `old` → `new` (and the user's `mine`)."""

    name: str
    label: str
    kind: str
    old: object
    new: object
    mine: object = None


@dataclass
class Comparison:
    """The changes of a project since `since` (a recorded version), or none."""

    since: datetime | None = None
    changes: list[Change] = field(default_factory=list)

    @property
    def names(self) -> set[str]:
        return {change.name for change in self.changes}


def current_version(project: Project) -> Version:
    """The project as stored now; reads `participations` (accepted, with partner) and
    `fields_of_action`, so a view that prefetches them pays no further query."""
    participations = [p for p in project.participations.all() if p.is_accepted]
    return Version(
        project=project,
        partners=_ordered((p.partner.name, p.role, p.get_role_display()) for p in participations),
        fields_of_action=[f.display_name for f in project.fields_of_action.all()],
    )


def _ordered(rows: Iterable[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """(name, role label) with the lead first, then by role and name, as the public page."""
    roles = list(Participation.Role.values)
    ordered = sorted(rows, key=lambda row: (roles.index(row[1]), row[0]))
    return [(name, label) for name, _role, label in ordered]


def answers(version: Version, changed: Iterable[str] = ()) -> list[Answer]:
    """Every field the public page shows, with its value (the check-answers list)."""
    marked = set(changed)
    return [
        Answer(
            name=shown.name,
            label=str(shown.label),
            kind=shown.kind,
            value=shown.value(version),
            changed=shown.name in marked,
        )
        for shown in SHOWN_FIELDS
    ]


def _recorded(project: Project, at: datetime):
    """The project's historical record current at `at`, or None."""
    return project.history.filter(history_date__lte=at).order_by("-history_date").first()


def _recorded_partners(project: Project, **until) -> list[tuple[str, str]]:
    """The partners that took part until `history_date__lte` (or `__lt`) a moment, from the
    participations' history (two queries)."""
    records = [
        record
        for record in Participation.history.filter(project_id=project.pk, **until)
        .latest_of_each()
        .only("id", "partner_id", "role", "state", "history_type", "history_date")
        if record.history_type != "-" and record.state == Participation.State.ACCEPTED
    ]
    names = dict(
        Partner.objects.filter(pk__in={r.partner_id for r in records}).values_list("pk", "name")
    )
    return _ordered(
        (
            names.get(r.partner_id, "?"),
            r.role,
            str(Participation.Role(r.role).label),
        )
        for r in records
    )


def _diff(old_record, new_record, old_partners, new_partners) -> set[str]:
    """The names of the shown fields whose sources changed (simple-history's diff)."""
    delta = new_record.diff_against(old_record)
    changed_sources = set(delta.changed_fields)
    if old_partners != new_partners:
        changed_sources.add("partners")
    return {shown.name for shown in SHOWN_FIELDS if changed_sources & set(shown.sources)}


def _changes(
    names: set[str], old: Version, new: Version, mine: Version | None = None
) -> list[Change]:
    return [
        Change(
            name=shown.name,
            label=str(shown.label),
            kind=shown.kind,
            old=shown.value(old),
            new=shown.value(new),
            mine=shown.value(mine) if mine is not None else None,
        )
        for shown in SHOWN_FIELDS
        if shown.name in names
    ]


# The office's decisions after which it has seen a version: what changed since is compared.
DECISIONS = (ProjectTransition.Action.PUBLISHED, ProjectTransition.Action.CHANGES_REQUESTED)


def changes_since_decision(project: Project, current: Version) -> tuple[Comparison, str]:
    """What changed since the office last published the project or returned it.

    Returns the comparison and the action of that decision ("" when there was none).
    """
    decision = (
        ProjectTransition.objects.filter(project=project, action__in=DECISIONS)
        .only("action", "created_at")
        .order_by("-created_at", "-pk")
        .first()
    )
    if decision is None:
        return Comparison(), ""
    old_record = _recorded(project, decision.created_at)
    new_record = project.history.order_by("-history_date").first()
    if old_record is None or new_record is None:
        return Comparison(since=decision.created_at), decision.action
    old = Version(
        project=old_record.instance,
        partners=_recorded_partners(project, history_date__lte=decision.created_at),
    )
    names = _diff(old_record, new_record, old.partners, current.partners)
    return Comparison(since=decision.created_at, changes=_changes(names, old, current)), (
        decision.action
    )


def conflict(*, base_version: int | None, current: Project, mine: Version) -> Comparison:
    """What someone else changed between the version a form was based on and `current`.

    Each change also carries the user's input (`mine`), so the user sees where the
    two differ before saving again.
    """
    new_record = current.history.order_by("-history_date").first()
    old_record = (
        current.history.filter(version=base_version).order_by("-history_date").first()
        if base_version is not None
        else None
    )
    if old_record is None or new_record is None:
        return Comparison()
    # A save writes the project, then its participations: the partners of version
    # `base_version` are those recorded before the project's next record.
    following = (
        current.history.filter(history_date__gt=old_record.history_date)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    old = Version(
        project=old_record.instance,
        partners=_recorded_partners(current, history_date__lt=following)
        if following
        else _recorded_partners(current, history_date__lte=timezone.now()),
    )
    new = Version(
        project=current,
        partners=_recorded_partners(current, history_date__lte=timezone.now()),
    )
    names = _diff(old_record, new_record, old.partners, new.partners)
    return Comparison(since=old_record.history_date, changes=_changes(names, old, new, mine))


def input_version(project: Project, *, fields_of_action, participants) -> Version:
    """The version a user typed into the edit form (unsaved): `participants` are the
    form's rows besides the lead (projects.services.ParticipantRow)."""
    rows = [(project.lead_partner.name, Participation.Role.LEAD.value, "")]
    rows += [(row.partner.name, row.role, "") for row in participants if row.partner]
    return Version(
        project=project,
        partners=_ordered(
            (name, role, str(Participation.Role(role).label)) for name, role, _x in rows
        ),
        fields_of_action=[field.display_name for field in fields_of_action],
    )


def what_becomes_public(project: Project, version: Version, *, public_url: str) -> list[str]:
    """The sentences of the publishing confirmation: what the public will see at `public_url`
    (the project page's full address) and elsewhere."""
    shown = [
        str(field.label)
        for field in SHOWN_FIELDS
        if field.name not in NOT_SHOWN_AS_SUCH and field.value(version)
    ]
    public = [
        _("The project page %(url)s with: %(fields)s.")
        % {"url": public_url, "fields": ", ".join(shown)},
    ]
    if project.contact_is_public and (project.contact_name or project.contact_email):
        contact = ", ".join(filter(None, [project.contact_name, project.contact_email]))
        public.append(_("The contact is shown publicly: %(contact)s.") % {"contact": contact})
    else:
        public.append(_("The contact is not shown publicly."))
    public.append(
        _(
            "The project appears in the showcase, on the corridor map, in the feeds and in the "
            "open data, and on the public pages of its partners: %(partners)s."
        )
        % {"partners": ", ".join(name for name, _role in version.partners)}
    )
    return public


# Lines of the check-answers list that the public page does not show as such (the
# contact only when it is public; yes/no settings), named separately by what_becomes_public.
NOT_SHOWN_AS_SUCH = {"contact_name", "contact_email", "contact_is_public", "is_flagship"}
