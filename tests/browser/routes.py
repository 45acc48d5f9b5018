"""Every URL pattern of the portal, mapped to a page the browser suite opens.

ROUTES maps a pattern name (with its namespace) to a concrete URL (filled from
the data of world.build_world()) and the persona who can open it. EXCLUDED
names the patterns that are no HTML page, each with its reason. The test
`test_every_url_pattern_has_a_route_or_a_reason` fails for a pattern in
neither, so a new page cannot slip past the accessibility checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

ANONYMOUS, MEMBER, EDITOR, ADMIN, OFFICE, SUPERUSER = (
    "anonymous", "member", "editor", "admin", "office", "superuser",
)  # fmt: skip


@dataclass(frozen=True)
class Route:
    name: str
    url: str  # str.format template, filled from the world dict
    persona: str = ANONYMOUS

    def path(self, world: dict) -> str:
        return self.url.format(**world)


def url_pattern_names() -> set[str]:
    """All named URL patterns of the project, with namespaces, found recursively."""

    def walk(resolver: URLResolver, namespace: str) -> set[str]:
        names = set()
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                names |= walk(pattern, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")
        return names

    return walk(get_resolver(), "")


# --- Not HTML pages: each exclusion says why -----------------------------------

# The read API /api/v1/ answers JSON (tests/insights/test_api*.py); its docs page is in ROUTES.
API_JSON = [
    "api-root",
    "openapi-json",
    "partner_list",
    "partner_detail",
    "field_list",
    "field_detail",
    "project_list",
    "project_detail",
    "need_list",
    "need_detail",
    "event_list",
    "event_detail",
    "tour_stops",
    "announcement_list",
    "announcement_detail",
    "document_list",
    "document_detail",
    "accession_register",
    "current_agreement",
    "not_found",
]

EXCLUDED: dict[str, str] = {
    # Machine-readable endpoints (checked by their apps' own tests).
    "core:healthz": "JSON health check for the load balancer",
    "core:robots_txt": "plain text for search engines",
    "core:sitemap": "XML sitemap",
    "projects:export_csv": "open data export (CSV)",
    "projects:export_json": "open data export (JSON)",
    "projects:feed": "Atom feed",
    "insights:figure_csv": "CSV behind a chart",
    "insights:catalogue_ttl": "DCAT-AP.de catalogue (Turtle)",
    "insights:catalogue_jsonld": "DCAT-AP.de catalogue (JSON-LD)",
    "loi:register_csv": "CSV export of the register",
    "community:public_calendar": "iCalendar feed",
    "community:event_ics": "iCalendar file of one event",
    "community:private_calendar": "personal iCalendar feed behind a secret token",
    "community:announcement_feed": "Atom feed",
    "community:document_download": "file download",
    "community_intern:document_version_download": "file download",
    "loi_intern:signed_pdf": "PDF download",
    "loi_intern:document": "PDF download",
    "loi_intern:proposal": "PDF download (council proposal)",
    "partners_intern:personal_data": "JSON download of one's own data (Art. 15/20 GDPR)",
    **{f"api:{name}": "JSON of the read API" for name in API_JSON},
    "api:console": (
        "Swagger UI (third-party) for trying the API: axe finds nested controls and low "
        "contrast in it; api:docs is the accessible reference of the same endpoints "
        "(tests/insights/test_api_docs_browser.py checks the console under the CSP)"
    ),
    "mfa_download_recovery_codes": "text file download",
    "partners:suggestions": (
        "HTML fragment of partner suggestions that htmx puts under the showcase's partner "
        "field (tests/browser/test_scale_lists_browser.py checks it open, with axe)"
    ),
    # Actions that only accept POST from a form on a page that is in ROUTES.
    "projects_intern:submit": "POST-only action from the project page",
    "projects_intern:publish": (
        "confirmation page of a project in review (the world has none); "
        "tests/projects/test_review_browser.py checks it with axe at 375 and 1280 px"
    ),
    "projects_intern:request_changes": "POST-only action from the project page",
    "community_intern:group_join": "POST-only action from the group page",
    "community_intern:group_request_membership": "POST-only action from the group page",
    "community_intern:group_leave": "POST-only action from the group page",
    "community_intern:group_invite_expert": "POST-only action from the group page",
    "loi_intern:reopen": (
        "the world's accession is open; the same core/confirm.html is walked as "
        "loi_intern:transition, tests/loi/test_confirmation.py covers the page"
    ),
    "partners_intern:resend_invitation": "POST-only action from the colleagues page",
    "partners_intern:change_role": "POST-only action from the colleagues page",
    "partners_intern:invite": "POST-only action from the colleagues page",
    "projects_intern:interest_create": "POST-only action from the project page",
    "exchange_intern:open": "POST-only action from the need page",
    "exchange_intern:start_exchange": "POST-only action from the need page",
    "exchange_intern:cosign": "POST-only action from the need page",
    "exchange_intern:joint_draft_comment": "POST-only action from the joint draft's page",
    "exchange_intern:joint_draft_confirm": "POST-only action from the joint draft's page",
    "exchange_intern:council_paper_pdf": "PDF download (council paper of a joint draft)",
    "exchange_intern:council_paper_odt": "ODT download (council paper of a joint draft)",
    "projects_intern:interest_decide": "POST-only action from the project page",
    "projects_intern:invitation_accept": "POST-only action from the invitation page",
    "community_intern:group_add_member": "POST-only action from the group page",
    "community_intern:group_upload": "POST-only action from the group page",
    "loi_intern:deliberation_delete": "POST-only action from the record page",
    "loi_intern:oparl_sync": "POST-only action from the record page",
    "loi:council_calendar": "iCalendar feed (a private, signed address)",
    "projects_intern:import_retry": "POST-only action from the import status page",
    "projects_intern:import_status": (
        "needs a confirmed import; opened with axe in tests/projects/test_import_browser.py"
    ),
    "account_set_password": "only for accounts without a password (all have one: redirects)",
    # allauth steps that need state a plain visit does not have (a login in
    # progress, a key from an e-mail); the keyboard journey covers the MFA step.
    "mfa_authenticate": "second login step, only during a login (keyboard journey covers it)",
    "account_confirm_login_code": "only during a login by code (not enabled)",
    "account_confirm_email": "needs the key from a verification e-mail",
    "account_reset_password_from_key": "needs the key from a reset e-mail",
    "account_request_reauthentication_code": "only with login by code (not enabled)",
    "account_confirm_reauthentication_code": "only with login by code (not enabled)",
    # Passkeys: the pages need a passkey made by a browser's authenticator; the journey in
    # tests/partners/test_passkeys_browser.py opens each with axe in German and English.
    "mfa_add_webauthn": "opened with axe in tests/partners/test_passkeys_browser.py",
    "mfa_list_webauthn": "opened with axe in tests/partners/test_passkeys_browser.py",
    "mfa_edit_webauthn": "opened with axe in tests/partners/test_passkeys_browser.py",
    "mfa_remove_webauthn": "opened with axe in tests/partners/test_passkeys_browser.py",
    "mfa_login_webauthn": "JSON options and POST target of the login page's passkey button",
    "mfa_reauthenticate_webauthn": "needs a passkey made by a browser's authenticator",
    # Single sign-on (OpenID Connect): steps of a login through a partner's provider,
    # which tests/partners/sso/ drives against a real provider on 127.0.0.1.
    "openid_connect_login": (
        "allauth's start of a login through one provider; the portal starts it with a POST "
        "from sso_start (tests/browser/test_sso_browser.py opens the login with axe)"
    ),
    "openid_connect_callback": "the provider's redirect back with code and state",
    "socialaccount_signup": "never reached: sign-up through SSO is closed (partners/sso/)",
    "socialaccount_login_error": (
        "answers 401 (allauth's status after a failed third-party login); opened with axe "
        "in German and English in tests/browser/test_sso_browser.py"
    ),
}

# Django's admin. The change list, add form and change form of every registered
# model are generated from the admin site (admin_pages.py). Pages of the kinds
# below use one template for every model and are checked on the samples in
# ROUTES; the test checks each kind has its sample.
ADMIN_SAMPLED: dict[str, tuple[str, ...]] = {
    "_history": (
        "admin:projects_fieldofaction_history",  # Django's object history
        "admin:legal_legalsection_history",  # django-simple-history's list of versions
    ),
    "_simple_history": ("admin:legal_legalsection_simple_history",),  # one old version
    "_delete": ("admin:projects_fieldofaction_delete",),  # the delete confirmation
}
ADMIN_EXCLUDED: dict[str, str] = {
    "admin:login": "redirects to the portal's login (allauth), which is in ROUTES",
    "admin:logout": "POST-only action from every admin page",
    "admin:jsi18n": "JavaScript catalogue",
    "admin:autocomplete": "JSON for the autocomplete fields",
    "admin:view_on_site": "redirect to the object's page on the portal",
}

# --- The pages ---------------------------------------------------------------

ROUTES: list[Route] = [
    # Public
    Route("core:home", "/"),
    Route("partners:list", "/partner/"),
    Route("partners:detail", "/partner/{partner_slug}/"),
    Route("projects:list", "/projekte/"),
    Route("projects:detail", "/projekte/{project_slug}/"),
    Route("exchange:list", "/gesucht/"),
    Route("exchange:detail", "/gesucht/{need_slug}/"),
    Route("insights:map", "/karte/"),
    Route("insights:figures", "/zahlen/"),
    Route("insights:search", "/suche/?q=Projekt"),
    Route("insights:embed_projects", "/einbetten/projekte/"),
    Route("insights:embed_events", "/einbetten/termine/"),
    Route("insights:embed_partner_projects", "/einbetten/partner/{partner_slug}/projekte/"),
    Route("insights:embed_partner_events", "/einbetten/partner/{partner_slug}/termine/"),
    Route("loi:register", "/absichtserklaerung/"),
    Route("community:event_list", "/termine/"),
    Route("community:event_detail", "/termine/{event_pk}/"),
    Route("community:tour", "/innovationsmobil/"),
    Route("community:announcement_list", "/aktuelles/"),
    Route("community:announcement_detail", "/aktuelles/{announcement_pk}/"),
    Route("community:expert_list", "/experten/"),
    Route("community:document_index", "/dokumente/"),
    Route("legal:imprint", "/impressum/"),
    Route("legal:privacy", "/datenschutz/"),
    Route("legal:accessibility", "/barrierefreiheit/"),
    Route("legal:easy_language", "/leichte-sprache/"),
    # Accounts (allauth) for visitors
    Route("account_login", "/accounts/login/"),
    Route("account_signup", "/accounts/signup/"),
    Route("account_reset_password", "/accounts/password/reset/"),
    Route("account_reset_password_done", "/accounts/password/reset/done/"),
    Route("account_reset_password_from_key_done", "/accounts/password/reset/key/done/"),
    Route("account_inactive", "/accounts/inactive/"),
    Route("account_email_verification_sent", "/accounts/confirm-email/"),
    Route("partners_intern:accept_invitation", "/intern/einladung/{invitation_token}/"),
    # Accounts of a logged-in person
    Route("account_logout", "/accounts/logout/", MEMBER),
    Route("account_email", "/accounts/email/", MEMBER),
    Route("account_change_password", "/accounts/password/change/", MEMBER),
    Route("account_reauthenticate", "/accounts/reauthenticate/", MEMBER),
    Route("mfa_index", "/accounts/2fa/", MEMBER),
    Route("mfa_activate_totp", "/accounts/2fa/totp/activate/", MEMBER),
    Route("mfa_deactivate_totp", "/accounts/2fa/totp/deactivate/", OFFICE),
    Route("mfa_reauthenticate", "/accounts/2fa/reauthenticate/", OFFICE),
    Route("mfa_view_recovery_codes", "/accounts/2fa/recovery-codes/", OFFICE),
    Route("mfa_generate_recovery_codes", "/accounts/2fa/recovery-codes/generate/", OFFICE),
    Route("usersessions_list", "/accounts/sessions/", MEMBER),
    Route("sso_start", "/accounts/sso/"),
    Route("sso_logged_out", "/accounts/sso/abgemeldet/"),
    Route("socialaccount_login_cancelled", "/accounts/3rdparty/login/cancelled/"),
    Route("socialaccount_connections", "/accounts/3rdparty/", MEMBER),
    # Internal area
    Route("core:dashboard", "/intern/", MEMBER),
    Route("partners_intern:profile", "/intern/profil/", MEMBER),
    Route("partners_intern:delete_account", "/intern/profil/konto-loeschen/", MEMBER),
    Route("partners_intern:edit_profile", "/intern/partner/{partner_slug}/profil/", ADMIN),
    Route("partners_intern:members", "/intern/partner/{partner_slug}/kolleginnen/", ADMIN),
    Route(
        "partners_intern:revoke_invitation",
        "/intern/partner/{partner_slug}/einladungen/{invitation_pk}/zurueckziehen/",
        ADMIN,
    ),
    Route(
        "partners_intern:remove_member",
        "/intern/partner/{partner_slug}/kolleginnen/{member_membership_pk}/entfernen/",
        ADMIN,
    ),
    Route("projects_intern:list", "/intern/projekte/", EDITOR),
    Route("projects_intern:create", "/intern/projekte/neu/", EDITOR),
    Route("projects_intern:archive", "/intern/projekte/{project_pk}/archivieren/", OFFICE),
    Route("projects_intern:detail", "/intern/projekte/{draft_pk}/", EDITOR),
    Route("projects_intern:edit", "/intern/projekte/{draft_pk}/bearbeiten/", EDITOR),
    Route("projects_intern:invitations", "/intern/projekte/einladungen/", EDITOR),
    Route(
        "projects_intern:invitation",
        "/intern/projekte/einladungen/{participation_invitation_pk}/",
        EDITOR,
    ),
    Route(
        "projects_intern:invitation_decline",
        "/intern/projekte/einladungen/{participation_invitation_pk}/ablehnen/",
        EDITOR,
    ),
    Route("exchange_intern:list", "/intern/bedarfe/", EDITOR),
    Route("exchange_intern:create", "/intern/bedarfe/neu/", EDITOR),
    Route("exchange_intern:detail", "/intern/bedarfe/{need_pk}/", EDITOR),
    Route("exchange_intern:edit", "/intern/bedarfe/{need_pk}/bearbeiten/", EDITOR),
    Route("exchange_intern:solve", "/intern/bedarfe/{need_pk}/geloest/", EDITOR),
    Route("exchange_intern:close", "/intern/bedarfe/{need_pk}/schliessen/", EDITOR),
    Route(
        "exchange_intern:joint_draft_start",
        "/intern/bedarfe/{need_pk}/gemeinsamer-entwurf/",
        EDITOR,
    ),
    Route("exchange_intern:joint_drafts", "/intern/gemeinsame-entwuerfe/", EDITOR),
    Route("exchange_intern:joint_draft_create", "/intern/gemeinsame-entwuerfe/neu/", EDITOR),
    Route("exchange_intern:joint_draft", "/intern/gemeinsame-entwuerfe/{joint_draft_pk}/", EDITOR),
    Route(
        "exchange_intern:joint_draft_comment_edit",
        "/intern/gemeinsame-entwuerfe/{joint_draft_pk}/kommentare/{joint_comment_pk}/bearbeiten/",
        EDITOR,
    ),
    Route(
        "exchange_intern:joint_draft_submit",
        "/intern/gemeinsame-entwuerfe/{joint_draft_pk}/einreichen/",
        EDITOR,
    ),
    Route("exchange_intern:searches", "/intern/suchauftraege/", EDITOR),
    Route("exchange_intern:search_create", "/intern/suchauftraege/neu/", EDITOR),
    Route("exchange_intern:search_edit", "/intern/suchauftraege/{saved_search_pk}/", EDITOR),
    Route(
        "exchange_intern:search_delete", "/intern/suchauftraege/{saved_search_pk}/loeschen/", EDITOR
    ),
    Route("community_intern:group_list", "/intern/arbeitsgruppen/", MEMBER),
    Route("community_intern:group_detail", "/intern/arbeitsgruppen/{group_slug}/", MEMBER),
    Route("community_intern:library", "/intern/bibliothek/", MEMBER),
    Route("community_intern:library_upload", "/intern/bibliothek/hochladen/", OFFICE),
    Route("community_intern:document_replace", "/intern/dokumente/{document_pk}/ersetzen/", MEMBER),
    Route("community_intern:internal_announcements", "/intern/aktuelles/", MEMBER),
    Route("community_intern:announcement_create", "/intern/aktuelles/neu/", OFFICE),
    Route(
        "community_intern:internal_announcement_detail",
        "/intern/aktuelles/{internal_announcement_pk}/",
        MEMBER,
    ),
    Route("community_intern:calendar_feed", "/intern/kalender/", MEMBER),
    Route("api:docs", "/api/v1/docs/"),
    Route("api_intern:tokens", "/intern/api-tokens/", MEMBER),
    Route("api_intern:token_revoke", "/intern/api-tokens/{api_token_pk}/widerrufen/", MEMBER),
    Route("notifications_intern:settings", "/intern/benachrichtigungen/", MEMBER),
    Route("community_intern:expert_directory", "/intern/experten/", MEMBER),
    Route("community_intern:own_expert_entry", "/intern/experten/mein-eintrag/", MEMBER),
    Route("community_intern:project_documents", "/intern/projekt-dokumente/{draft_pk}/", EDITOR),
    Route("community_intern:event_documents", "/intern/termine/{event_pk}/dokumente/", EDITOR),
    Route("community_intern:stop_request", "/intern/innovationsmobil/anfrage/", ADMIN),
    Route("office_intern:funder_report", "/intern/bericht/", OFFICE),
    Route("projects_intern:import", "/intern/projekte-import/", OFFICE),
    Route("loi_intern:index", "/intern/absichtserklaerung/", OFFICE),
    Route("loi_intern:follow_up", "/intern/absichtserklaerung/folgevereinbarung/", OFFICE),
    Route("loi_intern:record", "/intern/absichtserklaerung/{partner_slug}/", ADMIN),
    Route(
        "loi_intern:transition",
        "/intern/absichtserklaerung/{partner_slug}/status/?target=withdrawn",
        ADMIN,
    ),
    Route(
        "loi_intern:deliberation_add",
        "/intern/absichtserklaerung/{partner_slug}/beratung/neu/",
        ADMIN,
    ),
    Route(
        "loi_intern:deliberation_edit",
        "/intern/absichtserklaerung/{partner_slug}/beratung/{deliberation_pk}/",
        ADMIN,
    ),
    Route(
        "loi_intern:signature", "/intern/absichtserklaerung/{partner_slug}/unterzeichnung/", ADMIN
    ),
    Route("loi_intern:oparl_connect", "/intern/absichtserklaerung/{partner_slug}/ratsinfo/", ADMIN),
    Route(
        "loi_intern:oparl_body",
        "/intern/absichtserklaerung/{partner_slug}/ratsinfo/koerperschaft/",
        ADMIN,
    ),
    Route(
        "loi_intern:oparl_watch",
        "/intern/absichtserklaerung/{partner_slug}/ratsinfo/gremien/",
        ADMIN,
    ),
    Route(
        "loi_intern:oparl_paper",
        "/intern/absichtserklaerung/{partner_slug}/ratsinfo/vorlage/",
        ADMIN,
    ),
    Route(
        "loi_intern:oparl_paper_choice",
        "/intern/absichtserklaerung/{partner_slug}/ratsinfo/vorlage/auswahl/",
        ADMIN,
    ),
    # The project office's admin panel: pages that are not per model (the change
    # lists and forms of every model are generated, see admin_pages.py).
    Route("admin:index", "/admin/", OFFICE),
    Route("admin:app_list", "/admin/legal/", OFFICE),
    Route("admin:password_change", "/admin/password_change/", OFFICE),
    Route("admin:password_change_done", "/admin/password_change/done/", OFFICE),
    Route(
        "admin:projects_fieldofaction_history",
        "/admin/projects/fieldofaction/{fieldofaction_pk}/history/",
        OFFICE,
    ),
    Route(
        "admin:legal_legalsection_history",
        "/admin/legal/legalsection/{legalsection_pk}/history/",
        OFFICE,
    ),
    Route(
        "admin:legal_legalsection_simple_history",
        "/admin/legal/legalsection/{legalsection_pk}/history/{legalsection_history_id}/",
        OFFICE,
    ),
    Route(
        "admin:auth_user_password_change", "/admin/partners/user/{member_pk}/password/", SUPERUSER
    ),
    Route(
        "admin:projects_fieldofaction_delete",
        "/admin/projects/fieldofaction/{fieldofaction_pk}/delete/",
        SUPERUSER,
    ),
]

ROUTES_BY_NAME = {route.name: route for route in ROUTES}
