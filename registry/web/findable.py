"""What search engines and open-data portals read: /sitemap.xml, /robots.txt, /catalog.jsonld.

The sitemap is one `urlset` while the site has at most `SITEMAP_PART_SIZE`
pages (50,000, the protocol's limit); past that `/sitemap.xml` becomes a
sitemap index of parts `/sitemap-<n>.xml`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from flask import Blueprint, Response, abort, current_app, jsonify

from registry.services import sitemap
from registry.web.dcat import catalogue_description
from registry.web.feeds.atom import xml_safe
from registry.web.public_urls import public_url

bp = Blueprint("findable", __name__)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# The fixed pages every sitemap lists first (part 1), besides the public records.
FIXED_PAGES = (
    "main.home",
    "projects.index",
    "catalogue.index",
    "organisations.index",
    "statistics.index",
)
PAGE_ENDPOINTS = {
    "project": ("projects.show", "slug"),
    "catalogue_entry": ("catalogue.show", "slug"),
    "organisation": ("organisations.show", "code"),
}


def _xml_response(root: ET.Element) -> Response:
    ET.register_namespace("", SITEMAP_NS)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    response = Response(body, mimetype="application/xml")
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["SITEMAP_MAX_AGE"]
    return response


def _element(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{SITEMAP_NS}}}{tag}").text = xml_safe(text)


def _part_size() -> int:
    return max(len(FIXED_PAGES) + 1, int(current_app.config["SITEMAP_PART_SIZE"]))


def _urlset(offset: int, limit: int, sizes: list[int], fixed: bool) -> Response:
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    if fixed:
        for endpoint in FIXED_PAGES:
            url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
            _element(url, "loc", public_url(endpoint))
    for page in sitemap.pages(offset, limit, sizes):
        endpoint, arg = PAGE_ENDPOINTS[page.kind]
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        _element(url, "loc", public_url(endpoint, **{arg: page.key}))
        if page.modified is not None:
            _element(url, "lastmod", page.modified.date().isoformat())
    return _xml_response(root)


def _parts(total: int) -> int:
    """Parts needed for `total` records plus the fixed pages, which go in part 1."""
    size = _part_size()
    return max(1, -(-(total + len(FIXED_PAGES)) // size))


def _part_bounds(number: int) -> tuple[int, int]:
    """The record offset and count of part `number` (1-based); part 1 also holds the fixed pages."""
    size = _part_size()
    if number == 1:
        return 0, max(0, size - len(FIXED_PAGES))
    first = size - len(FIXED_PAGES) + (number - 2) * size
    return max(0, first), size


@bp.route("/sitemap.xml")
def sitemap_xml():
    sizes = sitemap.counts()
    parts = _parts(sum(sizes))
    if parts == 1:
        return _urlset(0, _part_size(), sizes, fixed=True)
    root = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for number in range(1, parts + 1):
        entry = ET.SubElement(root, f"{{{SITEMAP_NS}}}sitemap")
        _element(entry, "loc", public_url("findable.sitemap_part", number=number))
    return _xml_response(root)


@bp.route("/sitemap-<int:number>.xml")
def sitemap_part(number: int):
    sizes = sitemap.counts()
    parts = _parts(sum(sizes))
    if parts == 1 or not 1 <= number <= parts:
        abort(404)
    offset, limit = _part_bounds(number)
    return _urlset(offset, limit, sizes, fixed=number == 1)


# Pages only a signed-in user or a form submission reaches: nothing for a search engine.
ROBOTS_DISALLOW = (
    "/login",
    "/register",
    "/account",
    "/admin",
    "/curation",
    "/notifications",
    "/projects/new",
    "/search",
)


@bp.route("/robots.txt")
def robots_txt():
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines += ["", f"Sitemap: {public_url('findable.sitemap_xml')}", ""]
    response = Response("\n".join(lines), mimetype="text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["SITEMAP_MAX_AGE"]
    return response


@bp.route("/catalog.jsonld")
def catalog_jsonld():
    response = jsonify(catalogue_description())
    response.mimetype = "application/ld+json"
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["SITEMAP_MAX_AGE"]
    return response
