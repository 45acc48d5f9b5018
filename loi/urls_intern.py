from django.urls import path

from .views import intern as views
from .views import oparl

app_name = "loi_intern"

urlpatterns = [
    path("", views.record_index, name="index"),
    path("folgevereinbarung/", views.follow_up, name="follow_up"),
    path("<slug:slug>/", views.record, name="record"),
    path("<slug:slug>/status/", views.record_transition, name="transition"),
    path("<slug:slug>/wiedereroeffnen/", views.record_reopen, name="reopen"),
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
    path("<slug:slug>/ratsinfo/", oparl.connect, name="oparl_connect"),
    path("<slug:slug>/ratsinfo/koerperschaft/", oparl.choose_body, name="oparl_body"),
    path("<slug:slug>/ratsinfo/gremien/", oparl.watch, name="oparl_watch"),
    path("<slug:slug>/ratsinfo/vorlage/", oparl.find_paper, name="oparl_paper"),
    path("<slug:slug>/ratsinfo/vorlage/auswahl/", oparl.choose_paper, name="oparl_paper_choice"),
    path("<slug:slug>/ratsinfo/abgleichen/", oparl.sync_now, name="oparl_sync"),
]
