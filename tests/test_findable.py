"""Findable: sitemap, robots.txt, canonical and language links, structured data, DCAT."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import xml.etree.ElementTree as ET

import pytest

from registry.models import utcnow

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "http://127.0.0.1:5000"


def locations(response) -> list[str]:
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_the_sitemap_lists_every_public_page_and_no_draft_or_hidden_pilot(
    client, make_project, make_entry, make_org
):
    public = make_project(title="Openbaar")
    draft = make_project(published=False)
    hidden = make_project(hidden_at=utcnow(), hidden_reason="Onjuist")
    entry = make_entry()
    make_org("vng", name="VNG", kind="association", province=None)
    urls = locations(client.get("/sitemap.xml"))
    assert f"{SITE}/projects/{public.slug}" in urls
    assert f"{SITE}/projects/{entry.origin_project.slug}" in urls
    assert f"{SITE}/catalogue/{entry.slug}" in urls
    assert f"{SITE}/organisations/vng" in urls
    assert f"{SITE}/organisations/GM0344" in urls
    assert f"{SITE}/projects" in urls
    assert f"{SITE}/projects/{draft.slug}" not in urls
    assert f"{SITE}/projects/{hidden.slug}" not in urls
    assert len(urls) == len(set(urls))


def test_a_large_sitemap_becomes_an_index_of_parts(app, client, make_project):
    app.config["SITEMAP_PART_SIZE"] = 10
    slugs = [make_project().slug for _ in range(12)]  # 12 pilots, 1 organisation, 5 fixed pages
    make_project(published=False)
    index = ET.fromstring(client.get("/sitemap.xml").data)
    assert index.tag == f"{SITEMAP}sitemapindex"
    parts = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert parts == [f"{SITE}/sitemap-1.xml", f"{SITE}/sitemap-2.xml"]
    first = locations(client.get("/sitemap-1.xml"))
    second = locations(client.get("/sitemap-2.xml"))
    assert len(first) == 10
    assert len(second) == 8
    everything = first + second
    assert len(set(everything)) == 18
    assert {f"{SITE}/projects/{s}" for s in slugs} <= set(everything)
    assert client.get("/sitemap-3.xml").status_code == 404
    assert client.get("/sitemap-0.xml").status_code == 404
    assert client.get("/sitemap-" + "9" * 30 + ".xml").status_code == 404


def test_a_small_sitemap_has_no_parts(client):
    assert client.get("/sitemap-1.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert "User-agent: *" in text
    assert f"Sitemap: {SITE}/sitemap.xml" in text
    assert "Disallow: /admin" in text


def head_links(html: str) -> dict[str, str]:
    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)
    links["canonical"] = canonical.group(1) if canonical else None
    return {k: v.replace("&amp;", "&") for k, v in links.items() if v}


@pytest.mark.parametrize("path", ["/", "/projects?theme=economy", "/catalogue", "/organisations"])
def test_every_page_names_its_canonical_address_and_language_versions(client, path):
    links = head_links(client.get(path).get_data(as_text=True))
    assert links["canonical"] == SITE + path
    assert links["nl"] == SITE + path
    joiner = "&" if "?" in path else "?"
    assert links["en"] == f"{SITE}{path}{joiner}lang=en"
    assert links["x-default"] == SITE + path
    english = head_links(client.get(f"{path}{joiner}lang=en").get_data(as_text=True))
    assert english["canonical"] == f"{SITE}{path}{joiner}lang=en"


def test_an_error_page_has_no_canonical_address(client):
    html = client.get("/projects/no-such-pilot").get_data(as_text=True)
    assert 'rel="canonical"' not in html
    assert '<meta name="robots" content="noindex">' in html


def json_ld(response) -> dict:
    """The page's JSON-LD block, after checking the response's CSP allows exactly it."""
    html = response.get_data(as_text=True)
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert match, "no JSON-LD block"
    digest = base64.b64encode(hashlib.sha256(match.group(1).encode()).digest()).decode()
    csp = response.headers["Content-Security-Policy"]
    script_src = next(p for p in csp.split("; ") if p.startswith("script-src"))
    assert script_src == f"script-src 'self' 'sha256-{digest}'"
    return json.loads(match.group(1))


def test_a_pilot_page_carries_schema_org_and_open_graph(client, make_project):
    project = make_project(title="Slimme <script> lantaarnpalen", licence="EUPL-1.2")
    response = client.get(f"/projects/{project.slug}")
    data = json_ld(response)
    assert data["@type"] == "CreativeWork"
    assert data["name"] == "Slimme <script> lantaarnpalen"
    assert data["url"] == f"{SITE}/projects/{project.slug}"
    assert data["creator"]["identifier"].endswith("/gm0344")
    assert data["license"] == "https://spdx.org/licenses/EUPL-1.2.html"
    html = response.get_data(as_text=True)
    assert "<script> lantaarnpalen" not in html.split("</title>")[1].split("</head>")[0]
    assert f'<meta property="og:title" content="{"Slimme &lt;script&gt; lantaarnpalen"}">' in html
    assert f'<meta property="og:url" content="{SITE}/projects/{project.slug}">' in html


def test_a_pilot_that_points_to_software_is_a_software_application(client, make_project):
    project = make_project(repository_url="https://github.com/gemeente/app")
    data = json_ld(client.get(f"/projects/{project.slug}"))
    assert data["@type"] == "SoftwareApplication"
    assert "https://github.com/gemeente/app" in data["sameAs"]


def test_pages_without_structured_data_keep_the_strict_csp(client):
    csp = client.get("/projects").headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp


def test_a_draft_seen_by_its_owner_carries_no_structured_data(
    client, make_project, make_user, login
):
    draft = make_project(published=False)
    login(make_user(org=draft.owner))
    html = client.get(f"/projects/{draft.slug}").get_data(as_text=True)
    assert "application/ld+json" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_catalogue_entry_page_carries_schema_org(client, make_entry, make_project):
    origin = make_project(repository_url="https://gitlab.com/vng/zaken")
    entry = make_entry(project=origin, name="Zaakgericht werken", version="2.1")
    data = json_ld(client.get(f"/catalogue/{entry.slug}"))
    assert data["@type"] == "SoftwareApplication"
    assert data["version"] == "2.1"
    assert data["isBasedOn"] == f"{SITE}/projects/{origin.slug}"
    hidden_origin = make_project(
        hidden_at=utcnow(), hidden_reason="x", repository_url="https://x.nl"
    )
    other = make_entry(project=hidden_origin)
    data = json_ld(client.get(f"/catalogue/{other.slug}"))
    assert data["@type"] == "CreativeWork"
    assert "isBasedOn" not in data


def test_the_dcat_catalogue_describes_the_open_data(client):
    response = client.get("/catalog.jsonld")
    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    catalog = response.get_json()
    assert catalog["@type"] == "dcat:Catalog"
    assert {t["@language"] for t in catalog["dct:title"]} == {"nl", "en"}
    assert catalog["dct:license"]["@id"].startswith("http://creativecommons.org/publicdomain/zero")
    assert catalog["dct:publisher"]["foaf:name"]
    datasets = catalog["dcat:dataset"]
    assert len(datasets) == 3
    downloads = {d["dcat:downloadURL"]["@id"] for ds in datasets for d in ds["dcat:distribution"]}
    assert downloads == {
        f"{SITE}/{name}.{fmt}"
        for name in ("projects", "catalogue", "organisations")
        for fmt in ("csv", "json")
    }
    for dataset in datasets:
        for key in ("dct:title", "dct:description", "dct:publisher", "dcat:contactPoint"):
            assert dataset[key], key
    [service] = catalog["dcat:service"]
    assert service["dcat:endpointURL"]["@id"] == f"{SITE}/api/v1"
    # Every download it names answers.
    for url in downloads:
        assert client.get(url.removeprefix(SITE)).status_code == 200


@pytest.mark.parametrize("path", ["/projects", "/catalogue"])
def test_a_30_digit_page_number_shows_the_last_possible_page_not_an_error(client, path):
    response = client.get(f"{path}?page={'9' * 30}&theme=onbekend")
    assert response.status_code == 200
    assert 'rel="canonical"' in response.get_data(as_text=True)


def test_a_draft_and_a_hidden_pilot_appear_in_no_feed_export_or_sitemap(
    client, make_project, make_user, make_org, login
):
    make_org("GM0363")
    draft = make_project(
        title="Geheim concept", slug="geheim-concept", published=False, themes=("economy",)
    )
    hidden = make_project(
        title="Verborgen pilot",
        slug="verborgen-pilot",
        themes=("economy",),
        partners=("GM0363",),
        hidden_at=utcnow(),
        hidden_reason="Onjuiste gegevens",
    )
    make_project(title="Openbare pilot", themes=("economy",))
    login(make_user(org=draft.owner))  # a member of the owner: still only public data
    paths = [
        "/feeds/pilots.atom",
        "/feeds/catalogue.atom",
        "/feeds/themes/economy.atom",
        "/feeds/organisations/GM0344.atom",
        "/feeds/organisations/GM0363.atom",
        "/projects.csv",
        "/projects.json",
        "/projects.json?organisation=GM0344",
        "/catalogue.csv",
        "/catalogue.json",
        "/organisations.csv",
        "/organisations.json",
        "/sitemap.xml",
        "/catalog.jsonld",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.get_data(as_text=True)
        for secret in ("Geheim concept", "geheim-concept", "Verborgen pilot", "verborgen-pilot"):
            assert secret not in body, (path, secret)
    assert "Openbare pilot" in client.get("/projects.csv").get_data(as_text=True)
    for project in (draft, hidden):
        assert client.get(f"/projects/{project.slug}/feed.atom").status_code == 404
