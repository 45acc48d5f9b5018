from django.urls import path

from .views import coinit, intern, searches

app_name = "exchange_intern"

urlpatterns = [
    path("bedarfe/", intern.need_list, name="list"),
    path("bedarfe/neu/", intern.need_create, name="create"),
    path("bedarfe/<int:pk>/", intern.need_detail, name="detail"),
    path("bedarfe/<int:pk>/bearbeiten/", intern.need_edit, name="edit"),
    path("bedarfe/<int:pk>/oeffnen/", intern.need_open, name="open"),
    path("bedarfe/<int:pk>/im-austausch/", intern.need_start_exchange, name="start_exchange"),
    path("bedarfe/<int:pk>/geloest/", intern.need_solve, name="solve"),
    path("bedarfe/<int:pk>/schliessen/", intern.need_close, name="close"),
    path("bedarfe/<int:pk>/mitzeichnen/", intern.need_cosign, name="cosign"),
    path("suchauftraege/", searches.search_list, name="searches"),
    path("suchauftraege/neu/", searches.search_create, name="search_create"),
    path("suchauftraege/<int:pk>/", searches.search_edit, name="search_edit"),
    path("suchauftraege/<int:pk>/loeschen/", searches.search_delete, name="search_delete"),
]

# Co-initiation: joint project drafts (exchange/coinit/, exchange/views/coinit.py).
urlpatterns += [
    path("bedarfe/<int:pk>/gemeinsamer-entwurf/", coinit.draft_from_need, name="joint_draft_start"),
    path("gemeinsame-entwuerfe/", coinit.draft_list, name="joint_drafts"),
    path("gemeinsame-entwuerfe/neu/", coinit.draft_create, name="joint_draft_create"),
    path("gemeinsame-entwuerfe/<int:pk>/", coinit.draft_detail, name="joint_draft"),
    path(
        "gemeinsame-entwuerfe/<int:pk>/kommentare/",
        coinit.comment_create,
        name="joint_draft_comment",
    ),
    path(
        "gemeinsame-entwuerfe/<int:pk>/kommentare/<int:comment_pk>/bearbeiten/",
        coinit.comment_edit,
        name="joint_draft_comment_edit",
    ),
    path(
        "gemeinsame-entwuerfe/<int:pk>/bestaetigen/",
        coinit.draft_confirm,
        name="joint_draft_confirm",
    ),
    path(
        "gemeinsame-entwuerfe/<int:pk>/einreichen/", coinit.draft_submit, name="joint_draft_submit"
    ),
    path(
        "gemeinsame-entwuerfe/<int:pk>/beschlussvorlage/<int:partner_pk>.pdf",
        coinit.council_paper_download,
        {"fmt": "pdf"},
        name="council_paper_pdf",
    ),
    path(
        "gemeinsame-entwuerfe/<int:pk>/beschlussvorlage/<int:partner_pk>.odt",
        coinit.council_paper_download,
        {"fmt": "odt"},
        name="council_paper_odt",
    ),
]
