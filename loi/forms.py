from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Accession, Agreement, Deliberation
from .validators import validate_signed_pdf


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DeliberationForm(forms.ModelForm):
    class Meta:
        model = Deliberation
        fields = ["body", "session_date", "is_public", "outcome", "order"]
        widgets = {
            "session_date": DateInput(),
        }


class ProposalForm(forms.ModelForm):
    """The council's resolution proposal (Beschlussvorlage) as the partner records it."""

    class Meta:
        model = Accession
        fields = [
            "resolution_number",
            "subject",
            "public_session",
            "proposal_place",
            "proposal_date",
            "proposal_signed_by_name",
            "proposal_signed_by_function",
            "resolution_proposal",
            "financial_implications",
        ]
        widgets = {
            "proposal_date": DateInput(),
            "resolution_proposal": forms.Textarea(attrs={"rows": 8}),
            "financial_implications": forms.Textarea(attrs={"rows": 2}),
        }


class SignatureForm(forms.Form):
    signatory_name = forms.CharField(label=_("Signatory (name)"), max_length=200)
    signatory_function = forms.CharField(
        label=_("Signatory (function)"),
        max_length=200,
        required=False,
        help_text=_("e.g. Landrätin, Bürgermeister"),
    )
    signed_on = forms.DateField(label=_("Date signed"), widget=DateInput())
    signed_pdf = forms.FileField(
        label=_("Signed PDF"),
        required=False,
        help_text=_("A PDF of at most 10 MB, not password-protected."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, require_pdf: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_pdf"].required = require_pdf

    def clean_signed_pdf(self):
        upload = self.cleaned_data.get("signed_pdf")
        if upload:
            validate_signed_pdf(upload)
        return upload


class TransitionForm(forms.Form):
    target = forms.ChoiceField(choices=Accession.Status.choices)


class ReopenForm(forms.Form):
    # The history keeps 100 characters of a reason (simple-history's change reason).
    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=100,
        help_text=_("Kept in the accession's history, e.g. “declined recorded by mistake”."),
    )


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["title", "valid_from", "valid_until", "body"]
        widgets = {
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "body": forms.Textarea(attrs={"rows": 10}),
        }


class OParlConnectForm(forms.Form):
    system_url = forms.URLField(
        label=_("Address of the OParl system"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "The OParl 1.1 entry point of the council information system, e.g. "
            "https://www.potsdam.sitzung-online.de/oparl/system"
        ),
    )


class OParlBodyForm(forms.Form):
    body_url = forms.ChoiceField(label=_("Body"), widget=forms.RadioSelect)

    def __init__(self, *args, candidates: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body_url"].choices = [
            (body["id"], f"{body['name']} (AGS {body['ags'] or '–'})") for body in candidates
        ]


class PaperSearchForm(forms.Form):
    query = forms.CharField(
        label=_("Paper"),
        max_length=500,
        help_text=_(
            "The reference (e.g. 6-5282/24-IV), words of the title (e.g. Regio.hub) or the "
            "paper's OParl address."
        ),
    )


class PaperChoiceForm(forms.Form):
    paper_url = forms.ChoiceField(label=_("Paper"), widget=forms.RadioSelect)

    def __init__(self, *args, candidates: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper_url"].choices = [
            (paper["id"], f"{paper['reference'] or '–'}: {paper['name']}") for paper in candidates
        ]


class WatchedOrganizationsForm(forms.Form):
    organizations = forms.MultipleChoiceField(
        label=_("Bodies whose next meetings to show"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organizations: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].choices = [
            (org["id"], org["name"] or org["shortName"]) for org in organizations
        ]
