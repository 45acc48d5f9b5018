"""Home, register and the showcase's partner filter with 1,000 partners (issue 21).

At network scale nothing lists every partner: the home page counts them by kind,
the register pages its table, and the partner filter is a text field with
suggestions (htmx) that also works without JavaScript. Each page is axe clean at
375 px and 1280 px and does not scroll sideways.
"""

import pytest

from loi.models import Accession
from partners.models import Partner
from tests.factories import PartnerFactory
from tests.loi.factories import AgreementFactory
from tests.projects.factories import FieldOfActionFactory, PublishedProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTNERS = 1_000
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


def build_network() -> dict:
    """1,000 active partners (bulk), two of them named Teltow, with projects and accessions."""
    kinds = [Partner.Kind.MUNICIPALITY, Partner.Kind.TOWN, Partner.Kind.COMPANY]
    Partner.objects.bulk_create(
        Partner(
            name=f"Gemeinde Netzdorf {number:04d}",
            slug=f"gemeinde-netzdorf-{number:04d}",
            kind=kinds[number % len(kinds)],
            federal_state=Partner.FederalState.BRANDENBURG,
        )
        for number in range(PARTNERS - 3)
    )
    district = PartnerFactory(
        name="Landkreis Teltow-Fläming", short_name="", kind=Partner.Kind.DISTRICT, ags="12072000"
    )
    town = PartnerFactory(name="Stadt Teltow", short_name="", kind=Partner.Kind.TOWN)
    agreement = AgreementFactory()  # its counterpart is the 1,000th partner
    field = FieldOfActionFactory(name="Mobilität", slug="mobilitaet")
    PublishedProjectFactory(title="Rufbus Fläming", lead_partner=district, fields=[field])
    PublishedProjectFactory(title="Teltower Rübchen digital", lead_partner=town)
    PublishedProjectFactory(title="Smarte Laternen")
    partners = list(Partner.objects.order_by("pk")[:300])
    Accession.objects.bulk_create(
        Accession(
            agreement=agreement,
            partner=partner,
            status=Accession.Status.SIGNED if number % 3 else Accession.Status.IN_DELIBERATION,
        )
        for number, partner in enumerate(partners)
    )
    return {"district": district, "town": town}


def open_tab(tab_as, viewport=None):
    """A tab with a longer patience: the first page at 1,000 partners on a shared machine."""
    tab = tab_as(viewport=viewport)
    tab.set_default_timeout(30_000)
    return tab


def no_sideways_scroll(tab) -> bool:
    return tab.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_home_at_network_scale(tab_as, assert_accessible, viewport, tmp_path):
    build_network()
    tab = open_tab(tab_as, viewport)
    tab.goto("/")
    assert tab.locator("h1").count() == 1
    # Counts by kind with links, the newest few, not a thousand links.
    kinds = tab.locator(".rh-partner-kinds")
    assert kinds.get_by_role("link", name="Gemeinde").count() == 1
    assert tab.locator("a[href^='/partner/gemeinde-netzdorf']").count() <= 5
    # The hero: a search box that asks /suche/ and the corridor map.
    search = tab.get_by_role("searchbox", name="Projekte, Partner, Termine und mehr suchen")
    assert search.count() == 1
    assert tab.locator(".rh-hero svg.rh-map__svg").count() == 1
    # The latest projects are cards without bullets.
    assert (
        tab.evaluate(
            "() => getComputedStyle(document.querySelector('.rh-project-list')).listStyleType"
        )
        == "none"
    )
    assert no_sideways_scroll(tab)
    assert_accessible(tab)
    tab.screenshot(path=str(tmp_path / f"home-{viewport['width']}.png"), full_page=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_register_at_network_scale(tab_as, assert_accessible, viewport):
    build_network()
    tab = open_tab(tab_as, viewport)
    tab.goto("/absichtserklaerung/")
    assert tab.locator("tbody tr").count() == 25
    summary = tab.locator(".rh-register-summary")
    assert summary.get_by_role("link", name="unterzeichnet").count() == 1
    tab.select_option("#id_art", "landkreis")
    # Choosing a kind changes nothing until the button is pressed.
    assert "art=" not in tab.url
    tab.get_by_role("button", name="Partner anzeigen").click()
    tab.wait_for_url("**art=landkreis**")
    assert tab.locator("tbody tr").count() == 1
    assert tab.locator("tbody").get_by_role("link", name="Landkreis Teltow-Fläming").count() == 1
    assert no_sideways_scroll(tab)
    assert_accessible(tab)


def test_the_partner_filter_suggests_and_is_chosen_with_the_keyboard(tab_as, assert_accessible):
    build_network()
    tab = open_tab(tab_as)
    tab.goto("/projekte/")
    assert tab.locator("select#id_partner").count() == 0
    field = tab.get_by_role("combobox", name="Partner")
    field.click()
    tab.keyboard.type("Teltow")
    options = tab.locator(".rh-autocomplete__popup").get_by_role("option")
    options.first.wait_for()
    assert options.count() == 2
    assert field.get_attribute("aria-expanded") == "true"
    assert_accessible(tab)
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("ArrowDown")
    chosen = tab.evaluate(
        "() => document.getElementById("
        "document.activeElement.getAttribute('aria-activedescendant')).textContent"
    )
    assert chosen == "Stadt Teltow"
    tab.keyboard.press("Enter")  # chooses the option, the list closes
    assert field.input_value() == "Stadt Teltow"
    assert field.get_attribute("aria-expanded") == "false"
    assert tab.evaluate("() => document.activeElement.id") == "id_partner"
    tab.keyboard.press("Enter")  # sends the form
    tab.wait_for_url("**partner=Stadt*Teltow**")
    results = tab.locator("#project-results")
    results.get_by_role("link", name="Teltower Rübchen digital").wait_for()
    assert results.get_by_role("link", name="Rufbus Fläming").count() == 0


def test_the_partner_filter_works_without_javascript(browser, live_server, assert_accessible):
    build_network()
    context = browser.new_context(
        java_script_enabled=False, locale="de-DE", base_url=live_server.url
    )
    context.set_default_timeout(30_000)
    tab = context.new_page()
    tab.goto("/projekte/")
    tab.fill("#id_partner", "Teltow")
    tab.get_by_role("button", name="Projekte anzeigen").click()
    tab.wait_for_url("**partner=Teltow**")
    # Two partners match: both are offered, the list shows the projects of both.
    choice = tab.locator(".rh-partner-choice")
    assert choice.get_by_role("link").count() == 2
    choice.get_by_role("link", name="Landkreis Teltow-Fläming").click()
    tab.wait_for_url("**partner=landkreis-teltow-flaeming**")
    assert tab.locator("#id_partner").input_value() == "Landkreis Teltow-Fläming"
    results = tab.locator("#project-results")
    assert results.get_by_role("link", name="Rufbus Fläming").count() == 1
    assert results.get_by_role("link", name="Teltower Rübchen digital").count() == 0
    context.close()
