"""Open-data exports: CSV for Dutch Excel, JSON for programs, streamed, with the page's filters."""

from __future__ import annotations

import csv
import io
import json
import re
import tracemalloc

import pytest
from sqlalchemy import insert

from registry.extensions import db
from registry.models import Project, utcnow
from registry.models.vocab import Phase, Visibility

BOM = "\ufeff"


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def read_json(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True))


def test_the_pilot_csv_opens_in_a_dutch_spreadsheet(client, make_project, make_org):
    org = make_org("GM0796", name="’s-Hertogenbosch")
    project = make_project(owner=org, title="Café-overleg in Súdwest-Fryslân", themes=("economy",))
    rows = read_csv(client.get("/projects.csv"))
    header, row = rows
    assert header[:4] == ["Adres", "Kenmerk", "Titel", "Samenvatting"]
    record = dict(zip(header, row, strict=True))
    assert record["Titel"] == "Café-overleg in Súdwest-Fryslân"
    assert record["Eigenaar"] == "’s-Hertogenbosch"
    assert record["TOOI-identificatie eigenaar"] == (
        "https://identifier.overheid.nl/tooi/id/gemeente/gm0796"
    )
    assert record["Thema's"] == "Economie"
    assert record["Fase"] == "Loopt"
    assert record["Startdatum"] == "2024-01-01"
    assert record["Adres"].endswith(f"/projects/{project.slug}")
    raw = client.get("/projects.csv").data
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw


def test_the_csv_header_follows_the_language(client, make_project):
    make_project()
    header = read_csv(client.get("/projects.csv?lang=en"))[0]
    assert header[:4] == ["Address", "Identifier", "Title", "Summary"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_that_would_be_formulas_are_neutralised(client, make_project, start):
    make_project(title=f'{start}HYPERLINK("http://evil.example")', summary=f"{start}1+2")
    header, row = read_csv(client.get("/projects.csv"))
    record = dict(zip(header, row, strict=True))
    assert record["Titel"] == f'\'{start}HYPERLINK("http://evil.example")'
    assert record["Samenvatting"] == f"'{start}1+2"
    # JSON is for programs: the text stays as it is.
    assert read_json(client.get("/projects.json"))[0]["title"].startswith(start)


def test_the_pilot_json_has_stable_english_keys(client, make_project):
    project = make_project(themes=("economy", "education"), licence="EUPL-1.2")
    [record] = read_json(client.get("/projects.json?lang=en"))
    assert record["slug"] == project.slug
    assert record["themes"] == ["economy", "education"]
    assert record["phase"] == "running"
    assert record["licence"] == "EUPL-1.2"
    assert record["start_date"] == "2024-01-01"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", record["published_at"])
    assert record["owner_tooi_uri"].startswith("https://identifier.overheid.nl/tooi/id/gemeente/")
    assert set(record) >= {"url", "title", "summary", "owner_code", "score", "adopters"}


def test_exports_take_the_filters_and_sort_of_their_page(client, make_project):
    make_project(title="B economie", themes=("economy",))
    make_project(title="A economie", themes=("economy",))
    make_project(title="Onderwijs", themes=("education",))
    titles = [r["title"] for r in read_json(client.get("/projects.json?theme=economy&sort=title"))]
    assert titles == ["A economie", "B economie"]
    rows = read_csv(client.get("/projects.csv?theme=economy&sort=title&page=2"))
    assert [r[2] for r in rows[1:]] == ["A economie", "B economie"]  # every page, not one


def test_the_list_page_links_to_its_exports_with_its_filters(client, make_project):
    make_project(themes=("economy",))
    html = client.get("/projects?theme=economy&sort=title&page=1").get_data(as_text=True)
    assert 'href="/projects.csv?theme=economy&amp;sort=title"' in html
    assert 'href="/projects.json?theme=economy&amp;sort=title"' in html
    assert "Download als CSV" in html
    for page, export in (("/catalogue?status=active", "/catalogue.csv?status=active"),
                         ("/organisations?q=utrecht", "/organisations.csv?q=utrecht")):  # fmt: skip
        assert f'href="{export}"' in client.get(page).get_data(as_text=True)


def test_the_catalogue_exports_carry_status_maintainer_and_adopters(
    client, make_entry, make_user, make_adoption
):
    entry = make_entry(name="Zaakgericht werken", themes=("economy",))
    make_entry(name="Oud", status="withdrawn")
    make_adoption(entry.origin_project, make_user(org="GM0363"), status="in_use")
    [record] = read_json(client.get("/catalogue.json?status=active"))
    assert record["name"] == "Zaakgericht werken"
    assert record["status"] == "active"
    assert record["adopters"] == 1
    assert record["maintainer_code"] == "GM0344"
    assert record["maintainer_tooi_uri"].endswith("/gm0344")
    header, row = read_csv(client.get("/catalogue.csv?status=active"))
    assert dict(zip(header, row, strict=True))["Status"] == "Actief"


def test_the_organisation_exports_follow_the_directory_search(client, make_org, make_project):
    make_org("GM0796", name="’s-Hertogenbosch", province="Noord-Brabant")
    make_org("GM0344", name="Utrecht", province="Utrecht")
    make_project(owner="GM0796")
    [record] = read_json(client.get("/organisations.json?q=hertogenbosch"))
    assert record["code"] == "GM0796"
    assert record["tooi_uri"] == "https://identifier.overheid.nl/tooi/id/gemeente/gm0796"
    assert record["pilots_owned"] == 1
    assert record["active"] is True
    rows = read_csv(client.get("/organisations.csv?province=Utrecht"))
    assert [r[2] for r in rows[1:]] == ["Utrecht"]


def test_no_export_shows_a_draft_or_hidden_pilot(client, make_project, make_user, login):
    draft = make_project(title="Geheim concept", published=False)
    make_project(title="Verborgen pilot", hidden_at=utcnow(), hidden_reason="Onjuist")
    make_project(title="Openbare pilot")
    login(make_user(org=draft.owner))  # even the owner's members export only public pilots
    for path in ("/projects.csv", "/projects.json", "/organisations.json"):
        body = client.get(path).get_data(as_text=True)
        assert "Geheim concept" not in body, path
        assert "Verborgen pilot" not in body, path
    assert [r["title"] for r in read_json(client.get("/projects.json"))] == ["Openbare pilot"]
    [org] = read_json(client.get(f"/organisations.json?q={draft.owner.code}"))
    assert org["pilots_owned"] == 1


@pytest.mark.parametrize(
    "path",
    [
        "/projects.csv?page=" + "9" * 30,
        "/projects.json?theme=x&phase=%F0%9F%92%A5&organisation=GM%25&province='&sort=;",
        "/projects.csv?min_score=" + "9" * 400,
        "/catalogue.json?theme=x&layer=y&status=z&sort=" + "x" * 10_000,
        "/organisations.csv?q=%25_&province=x&inactive=x",
        "/organisations.json?q=" + "a" * 10_000,
    ],
)
def test_hostile_parameters_give_an_export_not_an_error(client, make_project, make_entry, path):
    make_project()
    response = client.get(path)
    assert response.status_code == 200
    response.get_data()  # the stream runs to the end


@pytest.mark.parametrize(
    "path",
    [
        "/projects.json?theme=%00&phase=%00&organisation=%00&province=%00&sort=%00",
        "/catalogue.json?theme=%00&layer=%00&status=%00",
        "/organisations.csv?q=%00&province=%00&inactive=%00",
    ],
)
def test_a_nul_byte_in_an_export_query_is_a_400(client, path):
    assert client.get(path).status_code == 400


def test_an_unknown_export_format_is_404(client):
    assert client.get("/projects.xlsx").status_code == 404


def bulk_pilots(owner_id: int, count: int) -> None:
    now = utcnow()
    rows = [
        {
            "slug": f"bulk-{n}",
            "title": f"Pilot {n} in ’s-Hertogenbosch",
            "summary": "Samenvatting " + "é" * 200,
            "phase": Phase.RUNNING,
            "visibility": Visibility.PUBLISHED,
            "owner_id": owner_id,
            "published_at": now,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        for n in range(count)
    ]
    db.session.execute(insert(Project), rows)


def test_a_large_export_is_streamed_with_every_row_in_bounded_memory(client, make_org):
    count = 10_000
    bulk_pilots(make_org("GM0344").id, count)
    response = client.get("/projects.csv")
    assert response.is_streamed
    assert response.headers.get("Content-Length") is None
    tracemalloc.start()
    try:
        lines = 0
        size = 0
        for chunk in response.response:
            lines += chunk.count(b"\r\n")
            size += len(chunk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert lines == count + 1  # and the header
    # The export is ~6 MB; the stream holds one batch of rows at a time, never all of them.
    assert size > 5_000_000
    assert peak < size / 2, f"peak {peak / 1e6:.1f} MB for {size / 1e6:.1f} MB"

    response = client.get("/projects.json")
    assert response.is_streamed
    assert len(json.loads(b"".join(response.response))) == count
