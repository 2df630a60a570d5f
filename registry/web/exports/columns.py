"""The columns of each export: the key in the record and JSON, the CSV header in the UI language."""

from __future__ import annotations

from registry.translation import lazy_gettext as _l
from registry.web import labels
from registry.web.exports.formats import Column
from registry.web.nominations.labels import CATALOGUE_STATUSES

PROJECTS = [
    Column("url", _l("Adres")),
    Column("slug", _l("Kenmerk")),
    Column("title", _l("Titel")),
    Column("summary", _l("Samenvatting")),
    Column("phase", _l("Fase"), labels.PHASES),
    Column("themes", _l("Thema's"), labels.THEMES),
    Column("common_ground_layer", _l("Common Ground-laag"), labels.LAYERS),
    Column("owner_code", _l("Code eigenaar")),
    Column("owner_name", _l("Eigenaar")),
    Column("owner_tooi_uri", _l("TOOI-identificatie eigenaar")),
    Column("owner_province", _l("Provincie")),
    Column("start_date", _l("Startdatum")),
    Column("end_date", _l("Einddatum")),
    Column("published_at", _l("Gepubliceerd op")),
    Column("licence", _l("Licentie")),
    Column("website_url", _l("Website")),
    Column("repository_url", _l("Broncode")),
    Column("documentation_url", _l("Documentatie")),
    Column("score", _l("Herbruikbaarheidsscore")),
    Column("rating_organisations", _l("Beoordelende organisaties")),
    Column("adopters", _l("Hergebruikers")),
]

CATALOGUE = [
    Column("url", _l("Adres")),
    Column("slug", _l("Kenmerk")),
    Column("name", _l("Naam")),
    Column("status", _l("Status"), CATALOGUE_STATUSES),
    Column("version", _l("Versie")),
    Column("standard_since", _l("Standaard sinds")),
    Column("themes", _l("Thema's"), labels.THEMES),
    Column("common_ground_layer", _l("Common Ground-laag"), labels.LAYERS),
    Column("maintainer_code", _l("Code beherende organisatie")),
    Column("maintainer_name", _l("Beherende organisatie")),
    Column("maintainer_tooi_uri", _l("TOOI-identificatie beherende organisatie")),
    Column("adopters", _l("Gemeenten die de standaard gebruiken")),
]

ORGANISATIONS = [
    Column("url", _l("Adres")),
    Column("code", _l("Code")),
    Column("name", _l("Naam")),
    Column("kind", _l("Soort"), labels.ORG_KINDS),
    Column("province", _l("Provincie")),
    Column("active", _l("Actief")),
    Column("tooi_uri", _l("TOOI-identificatie")),
    Column("pilots_owned", _l("Pilots als eigenaar")),
    Column("pilots_partnered", _l("Pilots als partner")),
]
