"""A pilot or a catalogue entry as a publiccode.yml document (standard 0.5.0).

The document describes in `nl` what the register holds, and in `en` what
can be said in English without a translator: the facts, with a pointer to
the Dutch text. The long description keeps the pilot's sections under
Markdown headings, so `publiccode_import` reads the same pilot back.

Personal contact details never leave the register: the pilot's contact is
shown to signed-in users only, so `maintenance.contacts` names the
maintaining organisation instead of a person.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import yaml
from flask_babel import force_locale

from registry.interop import publiccode_rules as rules
from registry.models import CatalogueEntry, CatalogueStatus, Organisation, Project
from registry.models.vocab import CommonGroundLayer, Phase
from registry.translation import gettext as _
from registry.translation import lazy_gettext as _l
from registry.web.labels import THEMES

# The pilot's text sections, in the order the long description holds them.
SECTIONS = {
    "problem": _l("Probleem"),
    "approach": _l("Aanpak"),
    "results": _l("Resultaten"),
    "lessons": _l("Geleerde lessen"),
}
ABOUT_HEADING = _l("Over deze beschrijving")

DEVELOPMENT_STATUS: dict[str, str] = {
    Phase.IDEA: "concept",
    Phase.PREPARATION: "development",
    Phase.RUNNING: "beta",
    Phase.COMPLETED: "stable",
    Phase.STOPPED: "obsolete",
}
ENTRY_STATUS: dict[str, str] = {
    CatalogueStatus.ACTIVE: "stable",
    CatalogueStatus.DEPRECATED: "obsolete",
    CatalogueStatus.WITHDRAWN: "obsolete",
}
# A software type follows from the Common Ground layer where there is one.
SOFTWARE_TYPE: dict[str, str] = {
    CommonGroundLayer.INTERACTION: "standalone/web",
    CommonGroundLayer.PROCESS: "standalone/backend",
    CommonGroundLayer.INTEGRATION: "standalone/backend",
    CommonGroundLayer.SERVICES: "standalone/backend",
    CommonGroundLayer.DATA_SOURCES: "standalone/backend",
}
# One category per theme, each used once, so the import can map them back.
THEME_CATEGORY = {
    "governance_services": "digital-citizenship",
    "civil_affairs": "identity-management",
    "safety_permits": "compliance-management",
    "traffic_mobility": "fleet-management",
    "economy": "business-process-management",
    "education": "educational-content",
    "sport_culture_recreation": "event-management",
    "social_domain": "customer-service-and-support",
    "public_health_environment": "data-collection",
    "housing_living_environment": "property-management",
    "energy_climate": "resource-management",
    "taxes_finance": "taxes-management",
    "operations_ict": "it-management",
}
THEME_SCOPE = {
    "governance_services": "government",
    "civil_affairs": "government",
    "safety_permits": "security",
    "traffic_mobility": "transportation",
    "economy": "finance-and-economic-development",
    "education": "education",
    "sport_culture_recreation": "sport",
    "social_domain": "welfare",
    "public_health_environment": "healthcare",
    "housing_living_environment": "infrastructures",
    "energy_climate": "energy",
    "taxes_finance": "finance-and-economic-development",
    "operations_ict": "government",
}
LANGUAGES = ("nl", "en")
MEDIA_TYPE = "application/yaml; charset=utf-8"


@dataclass
class Subject:
    """What both a pilot and a catalogue entry say about themselves, in plain values."""

    name: str
    summary: str
    sections: dict[str, str]
    themes: list[str]
    tags: list[str]
    organisation: Organisation
    status: str
    software_type: str
    repository_url: str
    documentation_url: str
    licence: str
    version: str | None
    release_date: str | None
    active: bool
    kind_nl: str  # "pilot" or "standaard", for the generated sentences


def for_project(project: Project, *, landing_url: str, used_by: Iterable[str]) -> dict:
    subject = Subject(
        name=project.title,
        summary=project.summary,
        sections={name: getattr(project, name) or "" for name in SECTIONS},
        themes=list(project.themes),
        tags=list(project.tags),
        organisation=project.owner,
        status=DEVELOPMENT_STATUS.get(project.phase, "development"),
        software_type=SOFTWARE_TYPE.get(project.common_ground_layer or "", "standalone/other"),
        repository_url=project.repository_url,
        documentation_url=project.documentation_url,
        licence=project.licence,
        version=None,
        release_date=None,
        active=project.phase != Phase.STOPPED,
        kind_nl="pilot",
    )
    return _document(subject, landing_url, used_by)


def for_entry(
    entry: CatalogueEntry, *, landing_url: str, used_by: Iterable[str], origin: Project | None
) -> dict:
    """An entry's file; the repository, and a licence it lacks, come from `origin`.

    The caller passes the origin pilot only when the public may see it.
    """
    summary, _sep, rest = (entry.description or "").strip().partition("\n\n")
    subject = Subject(
        name=entry.name,
        summary=summary.strip() or entry.name,
        sections={"approach": rest.strip()},
        themes=list(entry.themes),
        tags=[],
        organisation=entry.maintainer,
        status=ENTRY_STATUS.get(entry.status, "stable"),
        software_type=SOFTWARE_TYPE.get(entry.common_ground_layer or "", "standalone/other"),
        repository_url=(origin.repository_url if origin else "") or "",
        documentation_url=(origin.documentation_url if origin else "") or "",
        licence=entry.licence or (origin.licence if origin else "") or "",
        version=entry.version or None,
        release_date=entry.standard_since.isoformat() if entry.standard_since else None,
        active=entry.status != CatalogueStatus.WITHDRAWN,
        kind_nl="standaard",
    )
    return _document(subject, landing_url, used_by)


class _Dumper(yaml.SafeDumper):
    """Plain YAML for people and simple parsers: no anchors, long texts as literal blocks."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def dump(document: dict) -> str:
    """The document as YAML text: keys in the standard's order, Unicode kept as is."""
    header = (
        "# publiccode.yml, https://github.com/publiccodeyml/publiccode.yml\n"
        "# Generated by the Innovatieregister from its public record.\n"
    )
    return header + yaml.dump(
        document,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )


def _document(subject: Subject, landing_url: str, used_by: Iterable[str]) -> dict:
    organisation = {"name": subject.organisation.name}
    if subject.organisation.tooi_uri:
        organisation["uri"] = subject.organisation.tooi_uri
    doc: dict = {
        "publiccodeYmlVersion": rules.VERSION,
        "name": _clip(subject.name, 200),
        # `url` identifies the software by its source; without a repository the
        # record here is the only stable address the solution has.
        "url": subject.repository_url or landing_url,
        "landingURL": landing_url,
    }
    if subject.version:
        doc["softwareVersion"] = subject.version
    if subject.release_date:
        doc["releaseDate"] = subject.release_date
    doc["organisation"] = organisation
    doc["platforms"] = ["web"]
    categories = [THEME_CATEGORY[t] for t in subject.themes if t in THEME_CATEGORY]
    doc["categories"] = categories or ["other"]
    users = sorted(dict.fromkeys(name for name in used_by if name))
    if users:
        doc["usedBy"] = users
    doc["developmentStatus"] = subject.status
    doc["softwareType"] = subject.software_type
    doc["intendedAudience"] = {
        "countries": ["nl"],
        "scope": list(
            dict.fromkeys(
                ["local-authorities", *(THEME_SCOPE[t] for t in subject.themes if t in THEME_SCOPE)]
            )
        ),
    }
    doc["description"] = {
        language: _description(subject, language, landing_url) for language in LANGUAGES
    }
    doc["legal"] = {
        # The standard requires a licence; an unknown one is stated as such, in
        # the SPDX form for a licence that is not on the SPDX list.
        "license": subject.licence or "LicenseRef-unknown",
        "mainCopyrightOwner": subject.organisation.name,
        "repoOwner": subject.organisation.name,
    }
    if subject.active:
        doc["maintenance"] = {
            "type": "internal",
            "contacts": [
                {"name": subject.organisation.name, "affiliation": subject.organisation.name}
            ],
        }
    else:
        doc["maintenance"] = {"type": "none"}
    doc["localisation"] = {"localisationReady": False, "availableLanguages": ["nl"]}
    return doc


def _description(subject: Subject, language: str, landing_url: str) -> dict:
    with force_locale(language):
        theme_names = [str(THEMES[t]) for t in subject.themes if t in THEMES]
        features = subject.tags or theme_names or [subject.name]
        if language == "nl":
            short = subject.summary
            parts = [subject.summary.strip()]
            for name, heading in SECTIONS.items():
                text = (subject.sections.get(name) or "").strip()
                if text:
                    parts.append(f"## {heading}\n\n{text}")
        else:
            short = _(
                "%(name)s: een %(kind)s van %(organisation)s in het Innovatieregister.",
                name=subject.name,
                kind=_kind(subject.kind_nl),
                organisation=subject.organisation.name,
            )
            parts = [_english_overview(subject, theme_names)]
        parts.append(f"## {ABOUT_HEADING}\n\n{_about(subject, landing_url)}")
        long = _clip("\n\n".join(parts), rules.LONG_DESCRIPTION_MAX)
        description = {
            "localisedName": subject.name,
            "shortDescription": _clip(" ".join(short.split()), rules.SHORT_DESCRIPTION_MAX),
            "longDescription": long + "\n",
            "features": features,
        }
        if subject.documentation_url:
            description["documentation"] = subject.documentation_url
    return description


def _kind(kind_nl: str) -> str:
    return _("pilot") if kind_nl == "pilot" else _("standaard")


def _english_overview(subject: Subject, theme_names: list[str]) -> str:
    text = _(
        "%(name)s is een %(kind)s van %(organisation)s in het Innovatieregister, waar "
        "Nederlandse gemeenten innovatiepilots delen en de standaarden die eruit voortkomen.",
        name=subject.name,
        kind=_kind(subject.kind_nl),
        organisation=subject.organisation.name,
    )
    if theme_names:
        text += " " + _("Thema's: %(themes)s.", themes=", ".join(theme_names))
    return text + " " + _("De volledige beschrijving is in het Nederlands (zie de sectie nl).")


def _about(subject: Subject, landing_url: str) -> str:
    return _(
        "Deze beschrijving komt uit het Innovatieregister van de Nederlandse gemeenten, "
        "waar %(organisation)s haar bijhoudt: %(url)s",
        organisation=subject.organisation.name,
        url=landing_url,
    )


def _clip(text: str, limit: int) -> str:
    """`text` in NFC, cut at a word boundary to at most `limit` characters."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"
