"""schema.org JSON-LD for pilot and catalogue pages, embedded within the CSP.

Search engines read JSON-LD only from a `<script type="application/ld+json">`
in the page itself; a linked `.jsonld` document is not read by them. The
CSP allows no inline script, so each block's SHA-256 hash is added to that
response's `script-src` (see `registry.web.security`). A hash rather than a
nonce: the block is data computed from the record, the same for every
reader, so the page stays cacheable and no per-response secret is needed.
The JSON is written with `<`, `>`, `&` and `'` escaped, so user text can
never close the script element.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from flask import g
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from registry.models import CatalogueEntry, Organisation, Project
from registry.web import labels
from registry.web.public_urls import public_url

SPDX = "https://spdx.org/licenses/{}.html"
DESCRIPTION_LENGTH = 500


def script_hashes() -> list[str]:
    """The CSP sources of the JSON-LD blocks this response carries."""
    return g.get("csp_script_hashes", [])


def jsonld_script(data: dict) -> Markup:
    text = htmlsafe_json_dumps(data)
    digest = base64.b64encode(hashlib.sha256(str(text).encode("utf-8")).digest()).decode()
    g.csp_script_hashes = [*script_hashes(), f"'sha256-{digest}'"]
    return Markup('<script type="application/ld+json">') + text + Markup("</script>")


def _organisation(org: Organisation) -> dict:
    data: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "name": org.name,
        "url": public_url("organisations.show", code=org.code),
    }
    if org.tooi_uri:
        data["identifier"] = org.tooi_uri
        data["sameAs"] = org.tooi_uri
    return data


def _plain(text: str) -> str:
    text = " ".join((text or "").split())
    return text[:DESCRIPTION_LENGTH]


def points_to_software(project: Project) -> bool:
    return bool(project.repository_url)


def project_jsonld(project: Project) -> dict:
    url = public_url("projects.show", slug=project.slug)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "SoftwareApplication" if points_to_software(project) else "CreativeWork",
        "@id": url,
        "url": url,
        "name": project.title,
        "description": project.summary,
        "inLanguage": "nl",
        "creator": _organisation(project.owner),
        "keywords": [str(labels.label(labels.THEMES, t)) for t in project.themes] + project.tags,
        "dateModified": project.updated_at.isoformat(),
    }
    if project.published_at:
        data["datePublished"] = project.published_at.date().isoformat()
    if project.partners:
        data["contributor"] = [_organisation(org) for org in project.partners]
    if project.licence:
        data["license"] = SPDX.format(project.licence)
    same_as = [u for u in (project.website_url, project.repository_url) if u]
    if same_as:
        data["sameAs"] = same_as
    if points_to_software(project):
        data["applicationCategory"] = "GovernmentApplication"
    return data


def entry_jsonld(entry: CatalogueEntry, origin: Project | None) -> dict:
    """`origin` only when the viewer may see the origin pilot (the view decides)."""
    url = public_url("catalogue.show", slug=entry.slug)
    software = origin is not None and points_to_software(origin)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "SoftwareApplication" if software else "CreativeWork",
        "@id": url,
        "url": url,
        "name": entry.name,
        "description": _plain(entry.description),
        "inLanguage": "nl",
        "version": entry.version,
        "datePublished": entry.standard_since.isoformat(),
        "dateModified": entry.updated_at.isoformat(),
        "creativeWorkStatus": entry.status,
        "maintainer": _organisation(entry.maintainer),
        "keywords": [str(labels.label(labels.THEMES, t)) for t in entry.themes],
    }
    if origin is not None:
        data["isBasedOn"] = public_url("projects.show", slug=origin.slug)
    if software and origin is not None:
        data["applicationCategory"] = "GovernmentApplication"
        data["sameAs"] = origin.repository_url
    return data
