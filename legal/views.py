"""The legal pages (legal notice, privacy, accessibility statement) and Leichte Sprache.

The templates hold the structure the law asks for; the facts come from the
sections the project office keeps in the admin (legal.models.LegalSection).
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core import ratelimit
from core.permissions import public

from .content import portal_cookies, sections_for
from .forms import BarrierReportForm
from .models import AccessibilityStatement, LegalPage
from .services import submit_barrier_report

# Generous for people, tight for scripts: a person rarely reports more than a
# few barriers an hour.
REPORT_LIMIT = 5
REPORT_PERIOD = 3600


def _page_context(page: LegalPage) -> dict:
    language = translation.get_language() or settings.LANGUAGE_CODE
    sections = sections_for(page, language)
    return {
        "sections": sections,
        "incomplete": any(section.html is None for section in sections.values()),
        "has_example": any(section.is_example for section in sections.values()),
    }


@public
@require_safe
def imprint(request):
    return render(request, "legal/imprint.html", _page_context(LegalPage.IMPRINT))


@public
@require_safe
def privacy(request):
    context = _page_context(LegalPage.PRIVACY)
    context["cookies"] = portal_cookies()
    return render(request, "legal/privacy.html", context)


@public
@require_http_methods(["GET", "HEAD", "POST"])
def accessibility(request):
    """The accessibility statement with the feedback form for reporting barriers."""
    form = BarrierReportForm(initial={"page_url": request.GET.get("seite", "")[:500]})
    rate_limited = False
    if request.method == "POST":
        form = BarrierReportForm(request.POST)
        if not ratelimit.allow(request, "barrier_report", limit=REPORT_LIMIT, period=REPORT_PERIOD):
            rate_limited = True
        elif form.is_valid():
            submit_barrier_report(
                page_url=form.cleaned_data["page_url"],
                description=form.cleaned_data["description"],
                reply_email=form.cleaned_data["reply_email"],
                language=translation.get_language() or "",
            )
            messages.success(
                request,
                _(
                    "Thank you. Your report has been sent to the project office. "
                    "If you gave an e-mail address, we will answer you."
                ),
            )
            return redirect(reverse("legal:accessibility") + "#meldung")
    statement = AccessibilityStatement.current()
    context = _page_context(LegalPage.ACCESSIBILITY)
    context.update(
        {
            "statement": statement,
            "incomplete": context["incomplete"] or statement is None,
            "has_example": context["has_example"] or bool(statement and statement.is_example),
            "form": form,
            "rate_limited": rate_limited,
            "office_email": settings.PROJECT_OFFICE_EMAIL,
        }
    )
    status = 429 if rate_limited else (400 if form.errors else 200)
    return render(request, "legal/accessibility.html", context, status=status)


@public
@require_safe
def easy_language(request):
    return render(request, "legal/easy_language.html")
