"""The DCAT-AP.de catalogue of the portal's open data (/opendata/katalog.ttl and .jsonld).

The portal is one `dcat:Catalog`; the project register, the partners' public
needs, the events, the accession register and the partner directory are its datasets, each with the
distributions the portal serves (CSV, JSON, Atom, iCalendar and the read API
at /api/v1/). Harvesters (the Brandenburg metadata portal, GovData) read it;
tests/insights/test_catalogue.py validates it against the official DCAT-AP.de
SHACL shapes.

Where the profile has a controlled vocabulary, its IRIs are used: the licence
from dcat-ap.de/def/licenses, file types, languages and themes from the EU
Publications Office, publisher types from ADMS. The region is given by the
official keys (AGS) of the partners, as political geocoding IRIs: both as
`dct:spatial` (DCAT-AP.de 3.0) and as `dcatde:politicalGeocodingURI` (what
harvesters of DCAT-AP.de 2.x read; 3.0 marks it deprecated, a warning only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from community.models import Event
from core import pagecache
from exchange.models import Need
from loi.models import Accession
from partners import geo
from partners.models import Partner
from projects.models import FieldOfAction, Project

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = Namespace(f"{EU}file-type/")
LANGUAGE_DE = URIRef(f"{EU}language/DEU")
THEME_GOVERNMENT = URIRef(f"{EU}data-theme/GOVE")
PUBLISHER_LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
LICENCE = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
GEOCODING = "http://dcat-ap.de/def/politicalGeocoding/"
IANA = "https://www.iana.org/assignments/media-types/"

PUBLISHER_NAME = "Landeshauptstadt Potsdam"
ATTRIBUTION = "Regio.hub Berlin-Brandenburg (Projektträger: Landeshauptstadt Potsdam)"
KEYWORDS = ("Regio.hub", "Smart City", "Digitalisierung", "Hauptstadtregion Berlin-Brandenburg")
LANGUAGES = ("de", "en")

# The prefixes of both serialisations (and the JSON-LD context).
PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "dcatde": DCATDE,
    "foaf": FOAF,
    "vcard": VCARD,
    "xsd": XSD,
}


@dataclass(frozen=True)
class Distribution:
    key: str
    title: str
    url_name: str
    file_type: str  # an IRI's last segment in the EU file-type vocabulary
    media_type: str  # IANA media type
    download: bool = True  # a file to download (else a feed or service to access)
    api: bool = False
    description: object = None  # lazy translation: how to read the file (its CSV dialect)


@dataclass(frozen=True)
class DatasetSpec:
    key: str
    title: object  # lazy translation
    description: object
    landing_url_name: str
    keywords: tuple[str, ...]
    distributions: tuple[Distribution, ...]


# The two CSV dialects of core/spreadsheets.py, named where the files are offered.
MACHINE_CSV = _(
    "CSV for programs: separator semicolon, UTF-8 with byte-order mark, CRLF line ends, "
    "dates and times in ISO 8601, flags true/false, decimals with a point, lists joined by |."
)
PEOPLE_CSV = _(
    "CSV for spreadsheet programs: separator semicolon, UTF-8 with byte-order mark, "
    "dates as DD.MM.YYYY, flags ja/nein."
)

API = Distribution(
    "api", "Regio.hub API v1 (JSON)", "", "JSON", "application/json", download=False, api=True
)

DATASETS = (
    DatasetSpec(
        "projekte",
        _("Regio.hub project register"),
        _(
            "The published digitalisation projects of the partners of the Regio.hub "
            "Berlin-Brandenburg: title, summary, status, fields of action, lead partner and "
            "participating partners, transfer direction, dates and funding."
        ),
        "projects:list",
        ("Projekte", "Projektregister", "Open Data"),
        (
            Distribution(
                "csv",
                "CSV",
                "projects:export_csv",
                "CSV",
                "text/csv",
                description=MACHINE_CSV,
            ),
            Distribution("json", "JSON", "projects:export_json", "JSON", "application/json"),
            Distribution(
                "atom",
                "Atom-Feed",
                "projects:feed",
                "ATOM",
                "application/atom+xml",
                download=False,
            ),
            API,
        ),
    ),
    DatasetSpec(
        "bedarfe",
        _("Regio.hub needs of the partners"),
        _(
            "What the partners of the Regio.hub are looking for (the page “Gesucht”): the public "
            "needs that are open or in exchange, with fields of action, the partner and its "
            "kind, co-signing partners, state and dates."
        ),
        "exchange:list",
        ("Bedarfe", "Gesucht", "Nachnutzung", "Transfer"),
        (API,),
    ),
    DatasetSpec(
        "termine",
        _("Regio.hub events and Innovationsmobil tour"),
        _(
            "The public events of the Regio.hub network and the stops of the Innovationsmobil "
            "tour with date, place and municipality, as an iCalendar feed."
        ),
        "community:event_list",
        ("Termine", "Veranstaltungen", "Innovationsmobil"),
        (
            Distribution(
                "ical", "iCalendar", "community:public_calendar", "ICS", "text/calendar", False
            ),
            API,
        ),
    ),
    DatasetSpec(
        "beitritte",
        _("Regio.hub accession register (Letter of Intent)"),
        _(
            "Which partners have joined the Letter of Intent of the Regio.hub: the state of "
            "each accession, council dates and resolution numbers."
        ),
        "loi:register",
        ("Absichtserklärung", "Beitritte", "Kommunalpolitik"),
        (
            Distribution(
                "csv", "CSV", "loi:register_csv", "CSV", "text/csv", description=PEOPLE_CSV
            ),
            API,
        ),
    ),
    DatasetSpec(
        "partner",
        _("Regio.hub partner directory"),
        _(
            "The partners of the Regio.hub: districts, towns, municipalities, state agencies, "
            "science and business, with kind, federal state, official municipality key (AGS) "
            "and website."
        ),
        "partners:list",
        ("Partner", "Kommunen", "Netzwerk"),
        (API,),
    ),
)


def catalogue_url() -> str:
    return f"{settings.SITE_URL}{reverse('insights:catalogue_ttl')}"


def api_url() -> str:
    """The read API's root (built in insights/api/); named by path, not by its URL name."""
    return f"{settings.SITE_URL}/api/v1/"


def _absolute(url_name: str) -> str:
    return f"{settings.SITE_URL}{reverse(url_name)}"


def _texts(text) -> list[Literal]:
    """A translatable text as one literal per portal language (German first)."""
    literals = []
    for language in LANGUAGES:
        with translation.override(language):
            literals.append(Literal(str(text), lang=language))
    return literals


def modification_dates() -> dict[str, datetime | None]:
    """The last change of what each dataset shows: one aggregate query per dataset."""
    return {
        "projekte": Project.objects.published().aggregate(last=Max("updated_at"))["last"],
        "bedarfe": Need.objects.public().active().aggregate(last=Max("updated_at"))["last"],
        "termine": Event.objects.public().aggregate(last=Max("updated_at"))["last"],
        "beitritte": Accession.objects.of_current_agreement().aggregate(last=Max("updated_at"))[
            "last"
        ],
        "partner": Partner.objects.active().aggregate(last=Max("updated_at"))["last"],
    }


def geocoding_iris(keys: list[str]) -> list[URIRef]:
    """Political geocoding IRIs of the region the partners' official keys (AGS) span.

    Every state key (11 Berlin, 12 Brandenburg), the district key (5 digits) of
    every district and independent city, the municipality key (8 digits) of
    every town, municipality and independent city; unknown keys are left out.
    """
    states: set[str] = set()
    districts: set[str] = set()
    municipalities: set[str] = set()
    for ags in keys:
        area = geo.lookup(ags)
        if area is None:
            continue
        states.add(ags[:2])
        districts.add(area.district_ags[:5])
        if not area.is_district or area.kind == "Stadt":
            municipalities.add(ags)
    return (
        [URIRef(f"{GEOCODING}stateKey/{key}") for key in sorted(states)]
        + [URIRef(f"{GEOCODING}districtKey/{key}") for key in sorted(districts)]
        + [URIRef(f"{GEOCODING}municipalityKey/{key}") for key in sorted(municipalities)]
    )


def build_graph() -> Graph:
    """The catalogue as an RDF graph; a constant number of queries however much data."""
    base = catalogue_url().removesuffix(".ttl")
    now = timezone.now()
    modified = modification_dates()
    region = geocoding_iris(
        list(Partner.objects.active().exclude(ags="").values_list("ags", flat=True))
    )
    field_names = list(FieldOfAction.objects.values_list("name", flat=True))
    sponsor = (
        Partner.objects.filter(hub_role=Partner.HubRole.PROJECT_SPONSOR)
        .only("slug", "website")
        .first()
    )

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)

    publisher = URIRef(f"{base}#herausgeber")
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(PUBLISHER_NAME, lang="de")))
    graph.add((publisher, DCTERMS.type, PUBLISHER_LOCAL_AUTHORITY))
    if sponsor is not None:
        graph.add((publisher, FOAF.homepage, URIRef(sponsor.website or _partner_url(sponsor))))

    contact = URIRef(f"{base}#kontakt")
    graph.add((contact, RDF.type, VCARD.Kind))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal("Projektbüro Smart City Potsdam (Regio.hub)", lang="de")))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.PROJECT_OFFICE_EMAIL}")))
    graph.add((contact, VCARD.hasURL, URIRef(f"{settings.SITE_URL}/")))

    for location in region:
        graph.add((location, RDF.type, DCTERMS.Location))

    catalogue = URIRef(base)
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    for literal in _texts(_("Regio.hub Berlin-Brandenburg – open data")):
        graph.add((catalogue, DCTERMS.title, literal))
    description = _(
        "Open data of the Regio.hub, the partner network for digitalisation in the "
        "Berlin-Brandenburg capital region, led by the Landeshauptstadt Potsdam."
    )
    for literal in _texts(description):
        graph.add((catalogue, DCTERMS.description, literal))
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, FOAF.homepage, URIRef(f"{settings.SITE_URL}/")))
    graph.add((catalogue, DCTERMS.language, LANGUAGE_DE))
    graph.add((catalogue, DCTERMS.license, LICENCE))
    # An empty dataset (no public needs yet) was last changed with the catalogue: a date
    # that does not move between two requests, unlike `now`.
    latest = _latest(modified.values()) or now
    graph.add((catalogue, DCTERMS.modified, _datetime(latest)))
    for location in region:
        graph.add((catalogue, DCTERMS.spatial, location))

    service = URIRef(f"{base}#api")
    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, DCTERMS.title, Literal("Regio.hub API v1", lang="de")))
    graph.add((service, DCAT.endpointURL, URIRef(api_url())))
    graph.add((service, DCAT.endpointDescription, URIRef(f"{api_url()}openapi.json")))
    graph.add((service, DCTERMS.license, LICENCE))
    graph.add((service, DCTERMS.publisher, publisher))
    graph.add((catalogue, DCAT.service, service))

    for spec in DATASETS:
        dataset = URIRef(f"{base}#{spec.key}")
        graph.add((catalogue, DCAT.dataset, dataset))
        graph.add((service, DCAT.servesDataset, dataset))
        _add_dataset(
            graph,
            dataset,
            spec,
            modified=modified[spec.key] or latest,
            publisher=publisher,
            contact=contact,
            region=region,
            keywords=tuple(field_names) if spec.key == "projekte" else (),
            service=service,
        )
    return graph


def _add_dataset(graph, dataset, spec, *, modified, publisher, contact, region, keywords, service):
    graph.add((dataset, RDF.type, DCAT.Dataset))
    for literal in _texts(spec.title):
        graph.add((dataset, DCTERMS.title, literal))
    for literal in _texts(spec.description):
        graph.add((dataset, DCTERMS.description, literal))
    graph.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCAT.contactPoint, contact))
    graph.add((dataset, DCAT.theme, THEME_GOVERNMENT))
    graph.add((dataset, DCTERMS.language, LANGUAGE_DE))
    graph.add((dataset, DCTERMS.modified, _datetime(modified)))
    landing = URIRef(_absolute(spec.landing_url_name))
    graph.add((dataset, DCAT.landingPage, landing))
    graph.add((landing, RDF.type, FOAF.Document))
    for keyword in (*KEYWORDS, *spec.keywords, *keywords):
        graph.add((dataset, DCAT.keyword, Literal(keyword, lang="de")))
    for location in region:
        graph.add((dataset, DCTERMS.spatial, location))
        graph.add((dataset, DCATDE.politicalGeocodingURI, location))
    for item in spec.distributions:
        distribution = URIRef(f"{dataset}-{item.key}")
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(item.title, lang="de")))
        if item.description is not None:
            for literal in _texts(item.description):
                graph.add((distribution, DCTERMS.description, literal))
        url = URIRef(api_url() if item.api else _absolute(item.url_name))
        graph.add((distribution, DCAT.accessURL, url))
        if item.download:
            graph.add((distribution, DCAT.downloadURL, url))
        if item.api:
            graph.add((distribution, DCAT.accessService, service))
        graph.add((distribution, DCTERMS.format, FILE_TYPE[item.file_type]))
        graph.add((distribution, DCAT.mediaType, URIRef(f"{IANA}{item.media_type}")))
        graph.add((distribution, DCTERMS.license, LICENCE))
        graph.add((distribution, DCATDE.licenseAttributionByText, Literal(ATTRIBUTION, lang="de")))
        graph.add((distribution, DCTERMS.modified, _datetime(modified)))


def _partner_url(partner: Partner) -> str:
    return f"{settings.SITE_URL}{partner.get_absolute_url()}"


def _latest(values) -> datetime | None:
    present = [value for value in values if value is not None]
    return max(present) if present else None


def _datetime(value: datetime) -> Literal:
    return Literal(value.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)


# The catalogue changes only with the content: kept in the shared cache under the
# page cache's content generation (as the public calendar feed is), so a
# harvester's request costs one cache read; the lifetime bounds how long an
# entry outlives writes that bypass the generation (QuerySet.update).
CACHE_SECONDS = 600
CACHE_PREFIX = "opendata:catalogue:"


def cached_catalogue(fmt: str) -> bytes:
    """The serialised catalogue from the shared cache, rebuilt after any content change.

    The generation is read before the build, so a save during the build makes
    the stored entry stale at once.
    """
    key = f"{CACHE_PREFIX}{fmt}:{settings.SITE_URL}"
    found = cache.get_many([pagecache.GENERATION_KEY, key])
    generation = pagecache.current_generation(found.get(pagecache.GENERATION_KEY))
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    body = serialise(build_graph(), fmt)
    cache.set(key, (generation, body), CACHE_SECONDS)
    return body


def serialise(graph: Graph, fmt: str) -> bytes:
    """Turtle (`ttl`) or JSON-LD (`jsonld`, compacted with the catalogue's prefixes)."""
    if fmt == "jsonld":
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, indent=1).encode()
    return graph.serialize(format="turtle").encode()
