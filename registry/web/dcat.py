"""The register's open data described in DCAT-AP (JSON-LD), for national open-data portals.

Follows DCAT-AP 3.0 and the Dutch profile built on it, DCAT-AP-NL 3.0
(Geonovum): one `dcat:Catalog` with three datasets (public pilots, the
standard catalogue, organisations), each with a CSV and a JSON distribution
(the exports), and the JSON API as a `dcat:DataService`. Controlled values
use the EU Publications Office vocabularies (languages, file types, data
themes, frequencies), as both profiles ask.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale

from registry.translation import gettext as _
from registry.translation import lazy_gettext as _l
from registry.web.public_urls import public_url, site_url

EU = "http://publications.europa.eu/resource/authority/"
LANGUAGES = {"nl": EU + "language/NLD", "en": EU + "language/ENG"}
FILE_TYPES = {"csv": EU + "file-type/CSV", "json": EU + "file-type/JSON"}
MEDIA_TYPES = {
    "csv": "https://www.iana.org/assignments/media-types/text/csv",
    "json": "https://www.iana.org/assignments/media-types/application/json",
}
THEME_GOVERNMENT = EU + "data-theme/GOVE"
FREQUENCY_CONTINUOUS = EU + "frequency/CONT"
ACCESS_PUBLIC = EU + "access-right/PUBLIC"
DCAT_AP_NL = "https://docs.geostandaarden.nl/dcat/dcat-ap-nl30/"
API_PATH = "/api/v1"

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _both(message: object) -> list[dict[str, str]]:
    """A lazy text in every site language, as JSON-LD language-tagged strings."""
    texts = []
    for lang in current_app.config["LANGUAGES"]:
        with force_locale(lang):
            texts.append({"@language": lang, "@value": str(message)})
    return texts


def _ref(uri: str) -> dict[str, str]:
    return {"@id": uri}


def _publisher() -> dict:
    return {
        "@id": site_url() + "/#publisher",
        "@type": "foaf:Agent",
        "foaf:name": "Vereniging van Nederlandse Gemeenten",
        "foaf:homepage": _ref("https://vng.nl/"),
    }


def _contact() -> dict:
    from registry.web.main import CONTACT_EMAIL

    return {
        "@type": "vcard:Organization",
        "vcard:fn": _("Innovatieregister"),
        "vcard:hasEmail": _ref(f"mailto:{CONTACT_EMAIL}"),
    }


def _distribution(endpoint: str, fmt: str) -> dict:
    url = public_url(endpoint, fmt=fmt)
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": _both(_l("%(format)s-export", format=fmt.upper())),
        "dcat:accessURL": _ref(url),
        "dcat:downloadURL": _ref(url),
        "dct:format": _ref(FILE_TYPES[fmt]),
        "dcat:mediaType": _ref(MEDIA_TYPES[fmt]),
        "dct:license": _ref(current_app.config["OPEN_DATA_LICENCE"]),
        "dct:accessRights": _ref(ACCESS_PUBLIC),
        "dct:language": [_ref(uri) for uri in LANGUAGES.values()],
    }


def _dataset(key: str, endpoint: str, page: str, title: object, description: object) -> dict:
    return {
        "@id": f"{site_url()}/catalog.jsonld#{key}",
        "@type": "dcat:Dataset",
        "dct:identifier": f"{site_url()}/catalog.jsonld#{key}",
        "dct:title": _both(title),
        "dct:description": _both(description),
        "dct:publisher": _ref(site_url() + "/#publisher"),
        "dcat:contactPoint": _contact(),
        "dcat:theme": _ref(THEME_GOVERNMENT),
        "dcat:keyword": _both(_l("innovatie")) + _both(_l("gemeenten")),
        "dcat:landingPage": _ref(public_url(page)),
        "dct:language": [_ref(uri) for uri in LANGUAGES.values()],
        "dct:accessRights": _ref(ACCESS_PUBLIC),
        "dct:accrualPeriodicity": _ref(FREQUENCY_CONTINUOUS),
        "dct:spatial": _ref(EU + "country/NLD"),
        "dcat:distribution": [
            _distribution(endpoint, "csv"),
            _distribution(endpoint, "json"),
        ],
    }


def catalogue_description() -> dict:
    api = site_url() + API_PATH
    datasets = [
        _dataset(
            "pilots",
            "exports.projects",
            "projects.index",
            _l("Innovatiepilots van gemeenten"),
            _l(
                "Alle gepubliceerde innovatiepilots in het register: fase, thema's, eigenaar, "
                "looptijd, licentie, herbruikbaarheidsscore en aantal hergebruikers."
            ),
        ),
        _dataset(
            "catalogue",
            "exports.catalogue",
            "catalogue.index",
            _l("Standaardcatalogus"),
            _l(
                "De bewezen oplossingen die elke gemeente kan overnemen, met status, versie, "
                "beherende organisatie en de gemeenten die ze gebruiken."
            ),
        ),
        _dataset(
            "organisations",
            "exports.organisations",
            "organisations.index",
            _l("Organisaties in het register"),
            _l(
                "Gemeenten en andere overheidsorganisaties met hun TOOI-identificatie en "
                "het aantal pilots waarin ze eigenaar of partner zijn."
            ),
        ),
    ]
    service = {
        "@id": api,
        "@type": "dcat:DataService",
        "dct:title": _both(_l("API van het Innovatieregister")),
        "dcat:endpointURL": _ref(api),
        "dcat:endpointDescription": _ref(api + "/openapi.json"),
        "dcat:servesDataset": [_ref(d["@id"]) for d in datasets],
        "dct:license": _ref(current_app.config["OPEN_DATA_LICENCE"]),
        "dct:publisher": _ref(site_url() + "/#publisher"),
        "dcat:contactPoint": _contact(),
    }
    return {
        "@context": CONTEXT,
        "@id": public_url("findable.catalog_jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": _both(_l("Innovatieregister: open data")),
        "dct:description": _both(
            _l(
                "De open data van het Innovatieregister, waarin gemeenten hun innovatiepilots "
                "delen en VNG bewezen oplossingen in een standaardcatalogus opneemt."
            )
        ),
        "dct:publisher": _publisher(),
        "dcat:contactPoint": _contact(),
        "foaf:homepage": _ref(public_url("main.home")),
        "dct:language": [_ref(uri) for uri in LANGUAGES.values()],
        "dct:license": _ref(current_app.config["OPEN_DATA_LICENCE"]),
        "dct:conformsTo": _ref(DCAT_AP_NL),
        "dcat:themeTaxonomy": _ref(EU + "data-theme"),
        "dcat:dataset": datasets,
        "dcat:service": [service],
    }
