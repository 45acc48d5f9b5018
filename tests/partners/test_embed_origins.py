"""The websites a partner's admin allows to frame the widgets: validated origins only."""

import pytest
from django.core.exceptions import ValidationError

from partners.models import Partner, parse_origins
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_origins_are_normalised_one_per_line():
    text = "https://www.Example.de/\nhttps://example.de:8443, http://localhost:8000"
    assert parse_origins(text) == [
        "https://www.example.de",
        "https://example.de:8443",
        "http://localhost:8000",
    ]


@pytest.mark.parametrize(
    "value",
    [
        "https://www.example.de/seite",
        "http://www.example.de",  # plain http only for local tests
        "https://*.example.de",
        "www.example.de",
        "'self'",
        "https://example.de; script-src *",
        "javascript:alert(1)",
        "https://example.de:99999",
        "https://exa mple.de",
    ],
)
def test_anything_but_an_origin_is_refused(value):
    with pytest.raises(ValidationError):
        parse_origins(value)


def test_at_most_ten_websites():
    with pytest.raises(ValidationError):
        parse_origins("\n".join(f"https://site{n}.example.de" for n in range(11)))


def test_admin_saves_the_websites_on_the_profile(client_of, admin_a, partner_a):
    client = client_of(admin_a)
    url = f"/intern/partner/{partner_a.slug}/profil/"
    response = client.post(url, {"embed_origins": "https://www.Testland.de/\nhttps://testland.de"})
    assert response.status_code == 302
    partner_a.refresh_from_db()
    assert partner_a.embed_origins == "https://www.testland.de\nhttps://testland.de"


def test_a_wrong_address_is_named_and_kept(client_of, admin_a, partner_a):
    client = client_of(admin_a)
    url = f"/intern/partner/{partner_a.slug}/profil/"
    response = client.post(url, {"embed_origins": "https://ok.de\nhttps://bad.de/pfad"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "https://bad.de/pfad" in page  # named in the message and kept in the field
    assert 'aria-invalid="true"' in page
    partner_a.refresh_from_db()
    assert partner_a.embed_origins == ""


def test_profile_page_shows_the_iframe_snippets_and_the_feeds(client_of, admin_a, partner_a):
    partner_a.embed_origins = "https://www.testland.de"
    partner_a.save()
    page = client_of(admin_a).get(f"/intern/partner/{partner_a.slug}/profil/").content.decode()
    assert (
        f"&lt;iframe src=&quot;http://testserver/einbetten/partner/{partner_a.slug}/projekte/&quot;"
        in page
    )
    assert f"http://testserver/einbetten/partner/{partner_a.slug}/termine/" in page
    assert f'href="/projekte/feed/?partner={partner_a.slug}"' in page
    assert f'href="/termine.ics?partner={partner_a.slug}"' in page
    assert "http://testserver/api/v1/" in page


def test_network_origins_collect_every_active_partners_websites():
    PartnerFactory(name="A", embed_origins="https://a.de\nhttps://shared.de")
    PartnerFactory(name="B", embed_origins="https://shared.de\nhttps://b.de")
    PartnerFactory(name="C", embed_origins="https://c.de", is_active=False)
    assert Partner.objects.active().embed_origins() == [
        "https://a.de",
        "https://shared.de",
        "https://b.de",
    ]
