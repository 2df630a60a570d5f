"""The publiccode.yml standard's rules, for the newest published version (0.5.0).

Read from the standard's own repository (publiccodeyml/publiccode.yml,
docs/standard/schema.core.rst and categories-list.rst, with the 0.5.0 changes
`organisation`, `fundedBy` and optional `categories` incl. `other`) and from
the reference validator (italia/publiccode-parser-go v5: v0.go and
validators/). `problems()` checks a parsed document against them: mandatory
keys, types, enumerations, lengths, dates, URLs, language tags and SPDX
expressions. The export is tested with it, and the import uses it to tell a
member what a file from elsewhere gets wrong.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, TypeGuard
from urllib.parse import urlsplit

VERSION = "0.5.0"
# Every version a 0.x file may declare; "0" means "the latest 0.x".
KNOWN_VERSIONS = frozenset(
    {"0", "0.1", "0.2", "0.2.0", "0.2.1", "0.2.2", "0.3", "0.3.0", "0.4", "0.4.0", "0.5", "0.5.0"}
)

DEVELOPMENT_STATUSES = ("concept", "development", "beta", "stable", "obsolete")
SOFTWARE_TYPES = (
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
)
MAINTENANCE_TYPES = ("internal", "contract", "community", "none")
SHORT_DESCRIPTION_MAX = 150
LONG_DESCRIPTION_MIN = 150
LONG_DESCRIPTION_MAX = 10_000
GENERIC_NAME_MAX = 35

CATEGORIES = frozenset(
    [
        "accounting",
        "agile-project-management",
        "applicant-tracking",
        "application-development",
        "appointment-scheduling",
        "backup",
        "billing-and-invoicing",
        "blog",
        "budgeting",
        "business-intelligence",
        "business-process-management",
        "cad",
        "call-center-management",
        "cloud-management",
        "collaboration",
        "communications",
        "compliance-management",
        "contact-management",
        "content-management",
        "crm",
        "customer-service-and-support",
        "data-analytics",
        "data-collection",
        "data-visualization",
        "design",
        "design-system",
        "digital-asset-management",
        "digital-citizenship",
        "document-management",
        "donor-management",
        "e-commerce",
        "e-signature",
        "educational-content",
        "email-management",
        "email-marketing",
        "employee-management",
        "enterprise-project-management",
        "enterprise-social-networking",
        "erp",
        "event-management",
        "facility-management",
        "feedback-and-reviews-management",
        "financial-reporting",
        "fleet-management",
        "fundraising",
        "gamification",
        "geographic-information-systems",
        "grant-management",
        "graphic-design",
        "help-desk",
        "hr",
        "ide",
        "identity-management",
        "instant-messaging",
        "integrated-library-system",
        "inventory-management",
        "it-asset-management",
        "it-development",
        "it-management",
        "it-security",
        "it-service-management",
        "knowledge-management",
        "learning-management-system",
        "marketing",
        "mind-mapping",
        "mobile-marketing",
        "mobile-payment",
        "network-management",
        "office",
        "online-booking",
        "online-community",
        "payment-gateway",
        "payroll",
        "predictive-analysis",
        "procurement",
        "productivity-suite",
        "project-collaboration",
        "project-management",
        "property-management",
        "real-estate-management",
        "regulations-and-directives",
        "remote-support",
        "resource-management",
        "sales-management",
        "seo",
        "service-desk",
        "social-media-management",
        "survey",
        "talent-management",
        "task-management",
        "taxes-management",
        "test-management",
        "time-management",
        "time-tracking",
        "translation",
        "video-conferencing",
        "video-editing",
        "visitor-management",
        "voip",
        "warehouse-management",
        "web-collaboration",
        "web-conferencing",
        "whistleblowing",
        "website-builder",
        "workflow-management",
        "other",
    ]
)

SCOPES = frozenset(
    [
        "agriculture",
        "culture",
        "defence",
        "education",
        "emergency-services",
        "employment",
        "energy",
        "environment",
        "finance-and-economic-development",
        "foreign-affairs",
        "government",
        "healthcare",
        "infrastructures",
        "justice",
        "local-authorities",
        "manufacturing",
        "research",
        "science-and-technology",
        "security",
        "society",
        "sport",
        "tourism",
        "transportation",
        "welfare",
    ]
)

# SPDX identifiers the validator knows; a `LicenseRef-…` is accepted as the
# SPDX specification allows. The reference validator checks the full SPDX list.
SPDX_IDS = frozenset(
    [
        "0BSD",
        "AGPL-3.0-only",
        "AGPL-3.0-or-later",
        "Apache-2.0",
        "Artistic-2.0",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "BSL-1.0",
        "CC-BY-4.0",
        "CC-BY-NC-4.0",
        "CC-BY-SA-4.0",
        "CC0-1.0",
        "CECILL-2.1",
        "EPL-2.0",
        "EUPL-1.1",
        "EUPL-1.2",
        "GPL-2.0-only",
        "GPL-2.0-or-later",
        "GPL-3.0-only",
        "GPL-3.0-or-later",
        "ISC",
        "LGPL-2.1-only",
        "LGPL-2.1-or-later",
        "LGPL-3.0-only",
        "LGPL-3.0-or-later",
        "MIT",
        "MPL-2.0",
        "ODbL-1.0",
        "OSL-3.0",
        "Unlicense",
        "Zlib",
        "AGPL-3.0",
        "GPL-2.0",
        "GPL-3.0",
        "LGPL-2.1",
        "LGPL-3.0",
        "EUPL-1.0",
    ]
)
_SPDX_EXCEPTIONS = frozenset({"Classpath-exception-2.0", "LLVM-exception", "GCC-exception-3.1"})
_SPDX_TOKEN = re.compile(r"\s*(\(|\)|[A-Za-z0-9.+-]+)")
_LICENSE_REF = re.compile(r"^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$")
_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_COUNTRY = re.compile(r"^([a-z]{2}|[A-Z]{2})$")


def is_url(value: Any, http_only: bool = False) -> TypeGuard[str]:
    if not isinstance(value, str) or not value or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    if http_only and parts.scheme.lower() not in {"http", "https"}:
        return False
    return bool(parts.scheme and parts.netloc)


def is_organisation_uri(value: Any) -> bool:
    """A URL with a host, or a URN (`urn:nid:nss`), as the reference validator accepts."""
    if not isinstance(value, str):
        return False
    if value.lower().startswith("urn:"):
        return (
            re.fullmatch(r"urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+", value, re.IGNORECASE) is not None
        )
    return is_url(value)


def is_bcp47(value: Any) -> bool:
    return isinstance(value, str) and _BCP47.match(value) is not None


def is_date(value: Any) -> bool:
    """YYYY-MM-DD: a string, or a date a YAML 1.1 parser made of an unquoted one."""
    if isinstance(value, date):
        return True
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_spdx_expression(value: Any) -> bool:
    """An SPDX licence expression: ids joined by AND/OR, WITH an exception, in parentheses."""
    if not isinstance(value, str) or not value.strip():
        return False
    tokens: list[str] = []
    position = 0
    text = value.strip()
    while position < len(text):
        match = _SPDX_TOKEN.match(text, position)
        if not match:
            return False
        tokens.append(match.group(1))
        position = match.end()
    return _spdx_parse(tokens) is True


def _spdx_parse(tokens: list[str]) -> bool:
    expecting_licence = True
    depth = 0
    previous = ""
    for token in tokens:
        if expecting_licence:
            if token == "(":
                depth += 1
                continue
            if previous == "WITH":
                if token not in _SPDX_EXCEPTIONS:
                    return False
            elif not _is_licence_id(token):
                return False
            expecting_licence = False
        else:
            if token == ")":
                depth -= 1
                if depth < 0:
                    return False
                continue
            if token not in {"AND", "OR", "WITH"}:
                return False
            expecting_licence = True
        previous = token
    return not expecting_licence and depth == 0


def _is_licence_id(token: str) -> bool:
    base = token[:-1] if token.endswith("+") else token
    return base in SPDX_IDS or _LICENSE_REF.match(token) is not None


class _Check:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def string(self, doc: dict, key: str, path: str, required: bool = False) -> str | None:
        value = doc.get(key)
        if value is None:
            if required:
                self.add(path, "is mandatory")
            return None
        if not isinstance(value, str):
            self.add(path, "must be a string")
            return None
        if required and not value.strip():
            self.add(path, "must not be empty")
        return value

    def mapping(self, doc: dict, key: str, path: str, required: bool = False) -> dict | None:
        value = doc.get(key)
        if value is None:
            if required:
                self.add(path, "is mandatory")
            return None
        if not isinstance(value, dict):
            self.add(path, "must be a mapping")
            return None
        return value

    def sequence(self, doc: dict, key: str, path: str, required: bool = False) -> list | None:
        value = doc.get(key)
        if value is None:
            if required:
                self.add(path, "is mandatory")
            return None
        if not isinstance(value, list):
            self.add(path, "must be a list")
            return None
        if required and not value:
            self.add(path, "must not be empty")
        return value

    def url(self, doc: dict, key: str, path: str, required=False, http_only=True) -> None:
        value = self.string(doc, key, path, required)
        if value is not None and not is_url(value, http_only=http_only):
            self.add(path, "must be a valid URL" + (" (http or https)" if http_only else ""))


def problems(doc: Any) -> list[str]:
    """What keeps `doc` from being a valid publiccode.yml 0.5.0; empty when it is valid."""
    check = _Check()
    if not isinstance(doc, dict):
        return ["(document): must be a mapping"]
    version = check.string(doc, "publiccodeYmlVersion", "publiccodeYmlVersion", required=True)
    if version is not None and version not in KNOWN_VERSIONS - {"0.1"}:
        check.add("publiccodeYmlVersion", f"unknown version {version!r}")
    check.string(doc, "name", "name", required=True)
    check.string(doc, "applicationSuite", "applicationSuite")
    check.url(doc, "url", "url", required=True, http_only=False)
    check.url(doc, "landingURL", "landingURL")
    check.url(doc, "roadmap", "roadmap")
    check.string(doc, "softwareVersion", "softwareVersion")
    if doc.get("releaseDate") is not None and not is_date(doc["releaseDate"]):
        check.add("releaseDate", "must be a date YYYY-MM-DD")
    _check_organisation(check, doc.get("organisation"), "organisation")
    funded_by = check.sequence(doc, "fundedBy", "fundedBy")
    for i, org in enumerate(funded_by or []):
        _check_organisation(check, org, f"fundedBy[{i}]")
    platforms = doc.get("platforms")
    if isinstance(platforms, str):
        platforms = [platforms]
    if not platforms or not isinstance(platforms, list):
        check.add("platforms", "is mandatory: a non-empty list")
    elif not all(isinstance(p, str) and p for p in platforms):
        check.add("platforms", "must be strings")
    for i, category in enumerate(check.sequence(doc, "categories", "categories") or []):
        if not isinstance(category, str) or category not in CATEGORIES:
            check.add(f"categories[{i}]", f"unknown category {category!r}")
    for i, user in enumerate(check.sequence(doc, "usedBy", "usedBy") or []):
        if not isinstance(user, str):
            check.add(f"usedBy[{i}]", "must be a string")
    status = check.string(doc, "developmentStatus", "developmentStatus", required=True)
    if status is not None and status not in DEVELOPMENT_STATUSES:
        check.add("developmentStatus", f"must be one of {', '.join(DEVELOPMENT_STATUSES)}")
    kind = check.string(doc, "softwareType", "softwareType", required=True)
    if kind is not None and kind not in SOFTWARE_TYPES:
        check.add("softwareType", f"must be one of {', '.join(SOFTWARE_TYPES)}")
    _check_audience(check, check.mapping(doc, "intendedAudience", "intendedAudience"))
    _check_descriptions(check, check.mapping(doc, "description", "description", required=True))
    legal = check.mapping(doc, "legal", "legal", required=True)
    if legal is not None:
        licence = check.string(legal, "license", "legal.license", required=True)
        if licence is not None and not is_spdx_expression(licence):
            check.add("legal.license", "must be a valid SPDX expression")
        check.string(legal, "mainCopyrightOwner", "legal.mainCopyrightOwner")
        check.string(legal, "repoOwner", "legal.repoOwner")
    _check_maintenance(check, check.mapping(doc, "maintenance", "maintenance", required=True))
    localisation = check.mapping(doc, "localisation", "localisation", required=True)
    if localisation is not None:
        if not isinstance(localisation.get("localisationReady"), bool):
            check.add("localisation.localisationReady", "is mandatory: true or false")
        languages = check.sequence(
            localisation, "availableLanguages", "localisation.availableLanguages", required=True
        )
        for i, language in enumerate(languages or []):
            if not is_bcp47(language):
                check.add(f"localisation.availableLanguages[{i}]", "must be a BCP 47 tag")
    depends = check.mapping(doc, "dependsOn", "dependsOn")
    for group in ("open", "proprietary", "hardware"):
        for i, dep in enumerate(check.sequence(depends or {}, group, f"dependsOn.{group}") or []):
            if not isinstance(dep, dict) or not isinstance(dep.get("name"), str) or not dep["name"]:
                check.add(f"dependsOn.{group}[{i}].name", "is mandatory")
    return check.problems


def _check_organisation(check: _Check, org: Any, path: str) -> None:
    if org is None:
        return
    if not isinstance(org, dict):
        check.add(path, "must be a mapping")
        return
    check.string(org, "name", f"{path}.name", required=True)
    if org.get("uri") is not None and not is_organisation_uri(org["uri"]):
        check.add(f"{path}.uri", "must be a URI")


def _check_audience(check: _Check, audience: dict | None) -> None:
    if audience is None:
        return
    for i, scope in enumerate(check.sequence(audience, "scope", "intendedAudience.scope") or []):
        if not isinstance(scope, str) or scope not in SCOPES:
            check.add(f"intendedAudience.scope[{i}]", f"unknown scope {scope!r}")
    for key in ("countries", "unsupportedCountries"):
        for i, country in enumerate(check.sequence(audience, key, f"intendedAudience.{key}") or []):
            if not isinstance(country, str) or not _COUNTRY.match(country):
                check.add(f"intendedAudience.{key}[{i}]", "must be an ISO 3166-1 alpha-2 code")


def _check_descriptions(check: _Check, descriptions: dict | None) -> None:
    if descriptions is None:
        return
    if not descriptions:
        check.add("description", "needs at least one language")
    for language, text in descriptions.items():
        path = f"description.{language}"
        if not is_bcp47(language):
            check.add(path, "the key must be a BCP 47 language tag")
        if not isinstance(text, dict):
            check.add(path, "must be a mapping")
            continue
        short = check.string(text, "shortDescription", f"{path}.shortDescription", required=True)
        if short is not None and len(short) > SHORT_DESCRIPTION_MAX:
            check.add(f"{path}.shortDescription", f"at most {SHORT_DESCRIPTION_MAX} characters")
        long = check.string(text, "longDescription", f"{path}.longDescription", required=True)
        if long is not None and not LONG_DESCRIPTION_MIN <= len(long) <= LONG_DESCRIPTION_MAX:
            check.add(
                f"{path}.longDescription",
                f"between {LONG_DESCRIPTION_MIN} and {LONG_DESCRIPTION_MAX} characters",
            )
        generic = check.string(text, "genericName", f"{path}.genericName")
        if generic is not None and len(generic) > GENERIC_NAME_MAX:
            check.add(f"{path}.genericName", f"at most {GENERIC_NAME_MAX} characters")
        features = check.sequence(text, "features", f"{path}.features", required=True)
        if features and not all(isinstance(f, str) and f.strip() for f in features):
            check.add(f"{path}.features", "must be non-empty strings")
        check.url(text, "documentation", f"{path}.documentation")
        check.url(text, "apiDocumentation", f"{path}.apiDocumentation")
        for i, video in enumerate(check.sequence(text, "videos", f"{path}.videos") or []):
            if not is_url(video, http_only=True):
                check.add(f"{path}.videos[{i}]", "must be a valid URL (http or https)")


def _check_maintenance(check: _Check, maintenance: dict | None) -> None:
    if maintenance is None:
        return
    kind = check.string(maintenance, "type", "maintenance.type", required=True)
    if kind is not None and kind not in MAINTENANCE_TYPES:
        check.add("maintenance.type", f"must be one of {', '.join(MAINTENANCE_TYPES)}")
    contractors = check.sequence(maintenance, "contractors", "maintenance.contractors")
    if kind == "contract" and not contractors:
        check.add("maintenance.contractors", "is mandatory when the type is contract")
    if kind != "contract" and contractors:
        check.add("maintenance.contractors", "is only allowed when the type is contract")
    for i, contractor in enumerate(contractors or []):
        path = f"maintenance.contractors[{i}]"
        if not isinstance(contractor, dict):
            check.add(path, "must be a mapping")
            continue
        check.string(contractor, "name", f"{path}.name", required=True)
        if not is_date(contractor.get("until")):
            check.add(f"{path}.until", "is mandatory: a date YYYY-MM-DD")
        _check_email(check, contractor, path)
        check.url(contractor, "website", f"{path}.website")
    contacts = check.sequence(maintenance, "contacts", "maintenance.contacts")
    if kind in {"internal", "community"} and not contacts:
        check.add("maintenance.contacts", f"is mandatory when the type is {kind}")
    for i, contact in enumerate(contacts or []):
        path = f"maintenance.contacts[{i}]"
        if not isinstance(contact, dict):
            check.add(path, "must be a mapping")
            continue
        check.string(contact, "name", f"{path}.name", required=True)
        _check_email(check, contact, path)
        check.string(contact, "phone", f"{path}.phone")
        check.string(contact, "affiliation", f"{path}.affiliation")


def _check_email(check: _Check, holder: dict, path: str) -> None:
    email = holder.get("email")
    if email is not None and (not isinstance(email, str) or not _EMAIL.match(email)):
        check.add(f"{path}.email", "must be an e-mail address")
