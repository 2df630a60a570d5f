"""Read a publiccode.yml from elsewhere into the values of a new pilot's form.

Any published version from 0.2 on is read, in whatever languages it is
written: the Dutch description is preferred, then English, then the first
one given. Country sections (`it:`, `IT:`, `nl:` …) and keys the register has
no place for are listed, with their line, so the member knows what was left
out. Nothing is stored: the result fills the ordinary new-pilot form.

What cannot be read at all (not YAML, not UTF-8, too large, a YAML bomb,
no name) raises `Invalid` with the line where reading stopped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from registry.interop import publiccode_rules as rules
from registry.interop.publiccode_export import DEVELOPMENT_STATUS, SECTIONS, THEME_CATEGORY
from registry.interop.safe_yaml import Document, YamlRefused, load
from registry.models import limits
from registry.services import projects
from registry.services.errors import Invalid
from registry.translation import lazy_gettext as _l

PHASE_OF_STATUS = {status: phase for phase, status in DEVELOPMENT_STATUS.items()}
THEME_OF_CATEGORY = {category: theme for theme, category in THEME_CATEGORY.items()}
# Scopes that point at one theme only; `government` and the economy scope are
# shared by several themes and decide nothing.
THEME_OF_SCOPE = {
    "security": "safety_permits",
    "transportation": "traffic_mobility",
    "education": "education",
    "sport": "sport_culture_recreation",
    "culture": "sport_culture_recreation",
    "welfare": "social_domain",
    "healthcare": "public_health_environment",
    "environment": "public_health_environment",
    "infrastructures": "housing_living_environment",
    "energy": "energy_climate",
}
# Headings of the long description's sections, in the languages the export writes.
SECTION_HEADINGS = {
    "probleem": "problem",
    "problem": "problem",
    "aanpak": "approach",
    "approach": "approach",
    "resultaten": "results",
    "results": "results",
    "geleerde lessen": "lessons",
    "lessons learned": "lessons",
    "lessons": "lessons",
    "over deze beschrijving": None,  # the export's own note on where the text comes from
    "about this description": None,
}
DUTCH = {"nl", "nld", "dut"}
ENGLISH = {"en", "eng"}
LIMITS = {
    "title": 200,
    "summary": 300,
    "website_url": 500,
    "repository_url": 500,
    "documentation_url": 500,
    "funding_source": 200,
    "contact_name": 200,
    "contact_email": 254,
}
# Keys the mapping reads; everything else at the top level is listed as not taken over.
READ_KEYS = {
    "publiccodeYmlVersion",
    "publiccode-yaml-version",
    "name",
    "url",
    "landingURL",
    "developmentStatus",
    "categories",
    "intendedAudience",
    "description",
    "legal",
    "maintenance",
    "fundedBy",
}
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_CONTROL = dict.fromkeys(c for c in range(0x20) if chr(c) not in "\n\t") | {0x7F: None}


@dataclass
class Prefill:
    """The form's values, and what the member should know about how they were found."""

    data: dict[str, Any] = field(default_factory=dict)
    not_taken: list[tuple[str, int | None]] = field(default_factory=list)  # (key path, line)
    notes: list[object] = field(default_factory=list)
    language: str | None = None
    version: str | None = None
    deviations: list[str] = field(default_factory=list)  # key paths that break the standard
    shortened: list[str] = field(default_factory=list)  # form fields cut to fit, or left empty


def read(raw: bytes, *, max_bytes: int, site_url: str = "") -> Prefill:
    """The prefill for a new pilot from the bytes of a publiccode.yml, or Invalid."""
    try:
        document = load(raw, max_bytes=max_bytes)
    except YamlRefused as err:
        raise Invalid(_refusal(err, max_bytes)) from None
    return _map(document, site_url)


def _refusal(err: YamlRefused, max_bytes: int) -> object:
    line = err.line or 1
    if err.kind == "too_large":
        return _l(
            "Het bestand is te groot: hoogstens %(size)s kB. Een publiccode.yml is meestal "
            "kleiner dan 20 kB.",
            size=max_bytes // 1024,
        )
    if err.kind == "not_utf8":
        return _l(
            "Regel %(line)s: het bestand is geen UTF-8-tekst. Sla het op als UTF-8 en probeer "
            "het opnieuw.",
            line=line,
        )
    if err.kind == "empty":
        return _l("Het bestand is leeg.")
    if err.kind in {"too_many_nodes", "recursive"}:
        return _l(
            "Regel %(line)s: het bestand verwijst zo vaak naar zichzelf (YAML-ankers) dat het "
            "niet veilig gelezen kan worden.",
            line=line,
        )
    if err.kind == "too_deep":
        return _l("Regel %(line)s: het bestand is te diep genest om te lezen.", line=line)
    return _l(
        "Regel %(line)s: hier kan het bestand niet als YAML worden gelezen. Controleer de "
        "inspringing, dubbele punten en aanhalingstekens.",
        line=line,
    )


def _map(document: Document, site_url: str) -> Prefill:
    doc = document.value
    if not isinstance(doc, dict):
        raise Invalid(
            _l(
                "Regel %(line)s: dit is geen publiccode.yml; het bestand moet beginnen met "
                "sleutels als publiccodeYmlVersion en name.",
                line=document.line_of(),
            )
        )
    name = doc.get("name")
    if not isinstance(name, str | int | float) or isinstance(name, bool) or not str(name).strip():
        raise Invalid(
            _l(
                "Regel %(line)s: de verplichte sleutel name ontbreekt of is geen tekst.",
                line=document.line_of("name"),
            )
        )
    prefill = Prefill()
    prefill.deviations = [p.split(":", 1)[0] for p in rules.problems(doc)]
    _version(doc, prefill)
    data = prefill.data
    data["title"] = _text(name)
    _descriptions(doc, document, prefill)
    status = doc.get("developmentStatus")
    if isinstance(status, str) and status in PHASE_OF_STATUS:
        data["phase"] = PHASE_OF_STATUS[status]
    elif status is not None:
        prefill.not_taken.append(("developmentStatus", document.line_of("developmentStatus")))
    data["themes"] = _themes(doc, document, prefill)
    _links(doc, document, prefill, site_url)
    _legal(doc, document, prefill)
    _contact(doc, document, prefill)
    _funding(doc, document, prefill)
    for key in doc:
        if str(key) not in READ_KEYS:
            prefill.not_taken.append((str(key), document.line_of(key)))
    _apply_limits(prefill)
    return prefill


def _version(doc: dict, prefill: Prefill) -> None:
    version = doc.get("publiccodeYmlVersion", doc.get("publiccode-yaml-version"))
    if version is None:
        prefill.notes.append(
            _l("Het bestand noemt geen publiccodeYmlVersion; het is gelezen als versie 0.5.")
        )
        return
    prefill.version = str(version)
    if prefill.version not in rules.KNOWN_VERSIONS:
        prefill.notes.append(
            _l(
                "Versie %(version)s van de standaard kennen we niet; het bestand is gelezen "
                "zoals versie 0.5.",
                version=prefill.version,
            )
        )


def _text(value: Any) -> str:
    """Plain text: control characters (NUL among them) dropped, Unicode in NFC."""
    if isinstance(value, bool) or value is None:
        return ""
    text = str(value).translate(_CONTROL)
    return unicodedata.normalize("NFC", text).strip()


def _pick_language(descriptions: dict) -> str | None:
    languages = [key for key, value in descriptions.items() if isinstance(value, dict)]
    for wanted in (DUTCH, ENGLISH):
        for language in languages:
            if str(language).split("-")[0].lower() in wanted:
                return language
    return languages[0] if languages else None


def _descriptions(doc: dict, document: Document, prefill: Prefill) -> None:
    descriptions = doc.get("description")
    if descriptions is None:
        prefill.notes.append(
            _l("Het bestand heeft geen beschrijving; vul de samenvatting zelf in.")
        )
        return
    if not isinstance(descriptions, dict):
        raise Invalid(
            _l(
                "Regel %(line)s: description moet per taal een beschrijving bevatten, "
                "bijvoorbeeld description: nl: shortDescription: …",
                line=document.line_of("description"),
            )
        )
    language = _pick_language(descriptions)
    for other in descriptions:
        if other != language:
            prefill.not_taken.append(
                (f"description.{other}", document.line_of("description", other))
            )
    if language is None:
        prefill.notes.append(
            _l("Het bestand heeft geen beschrijving; vul de samenvatting zelf in.")
        )
        return
    prefill.language = str(language)
    text = descriptions[language]
    short = _text(text.get("shortDescription"))
    long = _text(text.get("longDescription"))
    sections, lead = _split_sections(long)
    first, _sep, rest = lead.partition("\n\n")
    first = first.strip()
    # The export clips a long summary into shortDescription and keeps it whole
    # as the long description's first paragraph; take the whole one back.
    if (
        first
        and len(first) <= LIMITS["summary"]
        and (not short or first.startswith(short.rstrip("…").rstrip()))
    ):
        summary, lead = first, rest.strip()
    else:
        summary = short or first
        if not short:
            lead = rest.strip()
    data = prefill.data
    data["summary"] = summary
    if lead:
        sections["approach"] = "\n\n".join(p for p in (lead, sections.get("approach", "")) if p)
    features = text.get("features")
    if isinstance(features, str):
        features = [features]
    if isinstance(features, list):
        features = [_text(f) for f in features if _text(f)]
        tags = [" ".join(f.lower().split()) for f in features]
        if (
            tags
            and len(tags) <= limits.TAGS
            and all(len(t) <= limits.TAG and "," not in t for t in tags)
        ):
            data["tags"] = list(dict.fromkeys(tags))
        elif features:
            listing = "\n".join(f"- {f}" for f in features)
            sections["approach"] = "\n\n".join(
                p for p in (sections.get("approach", ""), listing) if p
            )
            prefill.notes.append(
                _l(
                    "De functies (features) staan als lijst onder Aanpak: te veel of te lang "
                    "voor trefwoorden."
                )
            )
    for name in SECTIONS:
        if sections.get(name):
            data[name] = sections[name][: limits.LONG_TEXT]
    documentation = text.get("documentation")
    if isinstance(documentation, str) and rules.is_url(documentation, http_only=True):
        data["documentation_url"] = documentation
    for key in text:
        if key not in {
            "shortDescription",
            "longDescription",
            "features",
            "documentation",
            "localisedName",
        }:
            prefill.not_taken.append(
                (f"description.{language}.{key}", document.line_of("description", language, key))
            )


def _split_sections(text: str) -> tuple[dict[str, str], str]:
    """The text under recognised Markdown headings by section, and the text before them."""
    sections: dict[str, list[str]] = {}
    lead: list[str] = []
    current: list[str] | None = lead
    for line in text.splitlines():
        match = _HEADING.match(line)
        if match and match.group(1).strip().lower() in SECTION_HEADINGS:
            name = SECTION_HEADINGS[match.group(1).strip().lower()]
            current = sections.setdefault(name, []) if name else None
            continue
        if current is not None:
            current.append(line)
    return {name: "\n".join(lines).strip() for name, lines in sections.items() if name}, "\n".join(
        lead
    ).strip()


def _themes(doc: dict, document: Document, prefill: Prefill) -> list[str]:
    themes: list[str] = []
    categories = doc.get("categories")
    if isinstance(categories, list):
        categories = [c for c in categories if isinstance(c, str)]
        for category in categories:
            if category in THEME_OF_CATEGORY:
                themes.append(THEME_OF_CATEGORY[category])
        unmapped = [str(c) for c in categories if c not in THEME_OF_CATEGORY and c != "other"]
        if unmapped:
            prefill.not_taken.append(
                (f"categories: {', '.join(unmapped)}", document.line_of("categories"))
            )
    audience = doc.get("intendedAudience")
    scopes = audience.get("scope") if isinstance(audience, dict) else None
    if isinstance(scopes, list):
        themes.extend(
            THEME_OF_SCOPE[s] for s in scopes if isinstance(s, str) and s in THEME_OF_SCOPE
        )
    return list(dict.fromkeys(themes))


def _links(doc: dict, document: Document, prefill: Prefill, site_url: str) -> None:
    data = prefill.data
    url, landing = doc.get("url"), doc.get("landingURL")
    if rules.is_url(url, http_only=True) and url != landing:
        data["repository_url"] = url
    elif url is not None and url != landing:
        prefill.not_taken.append(("url", document.line_of("url")))
    if rules.is_url(landing, http_only=True):
        own = site_url and landing.startswith(site_url.rstrip("/") + "/")
        if own:
            prefill.notes.append(
                _l("De landingURL wijst naar een pagina in dit register en is niet overgenomen.")
            )
        else:
            data["website_url"] = landing
    elif landing is not None:
        prefill.not_taken.append(("landingURL", document.line_of("landingURL")))


def _legal(doc: dict, document: Document, prefill: Prefill) -> None:
    legal = doc.get("legal")
    licence = legal.get("license") if isinstance(legal, dict) else None
    if licence in projects.LICENCES:
        prefill.data["licence"] = licence
    elif licence is not None:
        prefill.not_taken.append(
            (f"legal.license: {_text(licence)[:100]}", document.line_of("legal", "license"))
        )


def _contact(doc: dict, document: Document, prefill: Prefill) -> None:
    """The first maintainer who can be reached: a contact with an e-mail address."""
    maintenance = doc.get("maintenance")
    contacts = maintenance.get("contacts") if isinstance(maintenance, dict) else None
    for contact in contacts if isinstance(contacts, list) else []:
        if isinstance(contact, dict) and isinstance(contact.get("email"), str):
            email = _text(contact["email"])
            if rules._EMAIL.match(email):
                prefill.data["contact_email"] = email
                prefill.data["contact_name"] = _text(contact.get("name"))
                return


def _funding(doc: dict, document: Document, prefill: Prefill) -> None:
    funded = doc.get("fundedBy")
    if isinstance(funded, list):
        names = [_text(org.get("name")) for org in funded if isinstance(org, dict)]
        if any(names):
            prefill.data["funding_source"] = ", ".join(n for n in names if n)


def _apply_limits(prefill: Prefill) -> None:
    for name, limit in LIMITS.items():
        value = prefill.data.get(name)
        if isinstance(value, str) and len(value) > limit:
            if name.endswith("_url") or name == "contact_email":
                del prefill.data[name]
            else:
                prefill.data[name] = value[: limit - 1].rstrip() + "…"
            prefill.shortened.append(name)
