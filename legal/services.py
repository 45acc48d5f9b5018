"""Barrier reports: kept for the office and e-mailed to it."""

import logging

from django.conf import settings
from django.db import transaction

from notifications.mail import queue_rendered, render_mail

from .models import BarrierReport

logger = logging.getLogger(__name__)


@transaction.atomic
def submit_barrier_report(
    *, page_url: str, description: str, reply_email: str, language: str
) -> BarrierReport:
    """Keep the report for the admin and queue its e-mail to the project office.

    The mail (in German, the office's language, answering goes to the reporter)
    is written to the outbox with the report, so a mail server that is down
    only delays it.
    """
    report = BarrierReport(
        page_url=page_url, description=description, reply_email=reply_email, language=language
    )
    report.full_clean()
    report.save()
    if not settings.PROJECT_OFFICE_EMAIL:
        logger.warning("Barrier report %s kept, not mailed: no PROJECT_OFFICE_EMAIL", report.pk)
        return report
    queue_rendered(
        render_mail(
            "legal/email/barrier_report", {"report": report, "site_url": settings.SITE_URL}
        ),
        key=f"barrier-report:{report.pk}",
        to=settings.PROJECT_OFFICE_EMAIL,
        reply_to=report.reply_email,
    )
    return report
