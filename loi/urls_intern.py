from django.urls import path

from .views import intern as views

app_name = "loi_intern"

urlpatterns = [
    path("", views.record_index, name="index"),
    path("folgevereinbarung/", views.follow_up, name="follow_up"),
    path("<slug:slug>/", views.record, name="record"),
    path("<slug:slug>/status/", views.record_transition, name="transition"),
    path("<slug:slug>/vorlage/", views.proposal_edit, name="proposal"),
    path("<slug:slug>/beratung/neu/", views.deliberation_edit, name="deliberation_add"),
    path("<slug:slug>/beratung/<int:pk>/", views.deliberation_edit, name="deliberation_edit"),
    path(
        "<slug:slug>/beratung/<int:pk>/loeschen/",
        views.deliberation_delete,
        name="deliberation_delete",
    ),
    path("<slug:slug>/unterzeichnung/", views.signature_edit, name="signature"),
    path("<slug:slug>/unterzeichnet.pdf", views.signed_pdf, name="signed_pdf"),
    path("<slug:slug>/dokument.pdf", views.agreement_document, name="document"),
]
