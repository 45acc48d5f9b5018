"""Barrier reports: kept for the office and e-mailed to it."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .models import BarrierReport

logger = logging.getLogger(__name__)


def submit_barrier_report(
    *, page_url: str, description: str, reply_email: str, language: str
) -> BarrierReport:
    """Keep the report for the admin and e-mail it to the project office after commit."""
    with transaction.atomic():
        report = BarrierReport(
            page_url=page_url, description=description, reply_email=reply_email, language=language
        )
        report.full_clean()
        report.save()
        transaction.on_commit(lambda: _mail_office(report))
    return report


def _mail_office(report: BarrierReport) -> None:
    """The office reads German; a failing mail server must not lose the report (it is saved)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[Regio.hub] Barrier report #%(id)s") % {"id": report.pk}
        body = render_to_string(
            "legal/barrier_report_email.txt",
            {"report": report, "site_url": settings.SITE_URL},
        )
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[settings.PROJECT_OFFICE_EMAIL],
        reply_to=[report.reply_email] if report.reply_email else None,
    )
    try:
        message.send()
    except Exception:  # SMTP errors of every kind; the report is in the admin anyway
        logger.exception("Could not e-mail barrier report %s to the project office", report.pk)
