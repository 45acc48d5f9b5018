"""Connect a partner to its council information system and link its accession's paper."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from loi.models import Accession, CouncilPaper, OParlConnection
from loi.oparl import services, sync
from loi.oparl.sync import normalise_reference
from partners.models import Partner


class Command(BaseCommand):
    help = (
        "Connect the partner to the OParl system (choosing the body by the partner's AGS), "
        "link the accession of the current agreement to the paper with this reference and "
        "synchronise once. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partner", required=True, help="the partner's slug")
        parser.add_argument("--system", required=True, help="the OParl system URL")
        parser.add_argument("--paper", required=True, help="the paper's reference")

    def handle(self, *args, partner: str, system: str, paper: str, **options):
        found = Partner.objects.filter(slug=partner).first()
        if found is None:
            raise CommandError(f"No partner with the slug {partner!r}.")
        accession = (
            Accession.objects.of_current_agreement()
            .filter(partner=found)
            .select_related("partner")
            .first()
        )
        if accession is None:
            raise CommandError(f"{found} has no accession to the current agreement.")

        connection, changed = services.store_connection(
            acting_user=None, accession=accession, system_url=system
        )
        self.stdout.write(
            f"Connection: {'stored' if changed else 'unchanged'} ({connection.system_url})"
        )
        if not connection.body_url:
            connection = sync.discover(connection.pk)
        if connection.is_failed:
            raise CommandError(f"The system could not be read: {connection.error_message}")
        if not connection.body_url:
            bodies = ", ".join(
                f"{b['name']} (AGS {b['ags'] or '–'})" for b in connection.body_candidates
            )
            raise CommandError(
                f"No body of the system has the AGS {found.ags or '–'}; choose one on the "
                f"accession's page. Bodies: {bodies}"
            )
        self.stdout.write(f"Body: {connection.body_name} (AGS {connection.body_ags or '–'})")

        current = CouncilPaper.objects.filter(accession=accession).first()
        already = (
            current is not None
            and current.paper_url
            and normalise_reference(current.reference) == normalise_reference(paper)
        )
        if already:
            self.stdout.write(f"Paper: already linked ({current.reference}, {current.paper_url})")
        else:
            with transaction.atomic():
                current, _ = CouncilPaper.objects.update_or_create(
                    accession=accession,
                    defaults={"query": paper, "state": CouncilPaper.State.SEARCHING},
                )
            current = sync.search_paper(current.pk, then_sync=False)
            if current.state != CouncilPaper.State.LINKED:
                message = current.error_message or current.get_state_display()
                raise CommandError(f"The paper {paper!r} was not linked: {message}")
            self.stdout.write(f"Paper: linked ({current.reference}, {current.paper_url})")

        report = sync.sync_partner(found.pk)
        connection = OParlConnection.objects.get(pk=connection.pk)
        if report.get("error"):
            raise CommandError(f"The synchronisation failed: {connection.error_message}")
        self.stdout.write(f"Meetings read: {report.get('meetings', 0)}")
        for reference, counts in report.get("papers", {}).items():
            if counts.get("error"):
                self.stdout.write(f"Paper {reference}: not read ({counts['error']})")
                continue
            self.stdout.write(
                f"Paper {reference}: {counts.get('created', 0)} council steps created, "
                f"{counts.get('updated', 0)} updated, {counts.get('conflicts', 0)} to settle"
                + (
                    f", accession moved to {', '.join(counts['moved'])}"
                    if counts.get("moved")
                    else ""
                )
            )
        accession.refresh_from_db()
        self.stdout.write(f"Accession: {accession.get_status_display()}")
