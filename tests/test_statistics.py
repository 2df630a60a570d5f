"""The statistics figures equal counts made independently, here, from the rows themselves.

Municipalities and their provinces come from the real CBS list, loaded the
way an operator loads it.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import Adoption, CatalogueEntry, Nomination, Organisation, Project, Rating
from registry.models.vocab import OrgKind, Phase
from registry.services import municipalities, statistics
from tests.conftest import SHARED_DATA, skip_or_fail


@pytest.fixture
def cbs_path():
    path = SHARED_DATA / "gemeenten.csv"
    if not path.exists():
        skip_or_fail(f"{path} is missing")
    return path


@pytest.fixture
def register(
    app,
    cbs_path,
    make_org,
    make_project,
    make_user,
    make_rating,
    make_adoption,
    make_nomination,
    make_entry,
):
    """Pilots across provinces, phases and years, with ratings, adoptions and standards."""
    municipalities.load(municipalities.parse_csv(cbs_path.read_bytes()))
    make_org("vng", name="VNG", kind=OrgKind.ASSOCIATION, province=None)
    users = {
        code: make_user(org=code)
        for code in ("GM0344", "GM0363", "GM0014", "GM0518", "GM0599", "GM1900", "GM0202", "GM0935")
    }

    def published(when: datetime, **fields) -> Project:
        project = make_project(**fields)
        project.published_at = when
        return project

    p1 = published(
        datetime(2023, 3, 1, tzinfo=UTC),
        owner="GM0344",
        themes=("social_domain", "economy"),
        phase=Phase.COMPLETED,
    )
    p2 = published(
        datetime(2024, 6, 1, tzinfo=UTC), owner="GM0014", themes=("economy",), phase=Phase.RUNNING
    )
    p3 = make_project(owner="GM0344", published=False, themes=("economy",))  # a draft
    p4 = published(datetime(2024, 1, 1, tzinfo=UTC), owner="vng", themes=("education",))
    p5 = published(
        datetime(2025, 2, 1, tzinfo=UTC),
        owner="GM1900",
        phase=Phase.IDEA,
        themes=("energy_climate",),
    )
    hidden = published(datetime(2025, 1, 1, tzinfo=UTC), owner="GM0202")

    # p1: three outsiders' ratings count (a fourth stops counting below).
    for code in ("GM0363", "GM0014", "GM0518", "GM1900"):
        make_rating(p1, users[code], 4)
    for code in ("GM0344", "GM0518"):
        make_rating(p2, users[code], 3)
    for code in ("GM0014", "GM0518"):
        make_adoption(p1, users[code], "in_use")
    make_adoption(p1, users["GM0599"], "preparing")
    make_adoption(p2, users["GM0344"], "in_use")
    make_adoption(p2, users["GM0599"], "in_use")
    make_adoption(p5, users["GM0363"], "interested")
    make_adoption(p4, users["GM0935"], "in_use")
    make_adoption(hidden, users["GM0344"], "in_use")
    hidden.hidden_at = datetime(2025, 3, 1, tzinfo=UTC)  # hidden after it was adopted
    # GM0363 rated p1 and GM0599 adopted p2 before each became a partner: no longer counted.
    p1.partners.append(db.session.scalar(select(Organisation).filter_by(code="GM0363")))
    p2.partners.append(db.session.scalar(select(Organisation).filter_by(code="GM0599")))

    make_nomination(project=p1, state="accepted")
    make_nomination(project=p2, state="submitted")
    make_entry(project=p1, standard_since=date(2025, 5, 1))
    other = make_entry(maintainer="GM0344", standard_since=date(2024, 9, 1))
    make_entry(maintainer="GM0344", standard_since=date(2025, 9, 1), status="withdrawn")
    db.session.commit()
    return {"projects": [p1, p2, p3, p4, p5, hidden], "other_entry": other}


def public_projects() -> list[Project]:
    return [p for p in db.session.scalars(select(Project)) if p.is_public]


def counted(adoption: Adoption, statuses: tuple[str, ...]) -> bool:
    project = adoption.project
    return adoption.status in statuses and adoption.organisation_id not in (
        project.member_organisation_ids
    )


def test_pilot_counts_by_theme_phase_province_and_year_equal_the_rows(register):
    public = public_projects()
    figures = statistics.figures()

    themes = Counter(theme for p in public for theme in p.themes)
    assert {c.key: c.count for c in figures.by_theme} == themes
    assert {c.key: c.count for c in figures.by_phase} == Counter(p.phase for p in public)
    provinces = Counter(p.owner.province or "" for p in public)
    assert {c.key: c.count for c in figures.by_province} == provinces
    assert {int(c.key): c.count for c in figures.by_year} == Counter(
        p.published_at.year for p in public
    )


def test_the_funnel_counts_each_step_among_the_public_pilots(register):
    public = public_projects()
    ids = {p.id for p in public}
    raters: dict[int, set[int]] = {}
    for rating in db.session.scalars(select(Rating)):
        if (
            rating.organisation_id
            not in db.session.get(Project, rating.project_id).member_organisation_ids
        ):
            raters.setdefault(rating.project_id, set()).add(rating.organisation_id)
    adopted = {
        a.project_id
        for a in db.session.scalars(select(Adoption))
        if counted(a, ("preparing", "in_use"))
    }
    nominated = set(db.session.scalars(select(Nomination.project_id)))
    catalogued = set(db.session.scalars(select(CatalogueEntry.origin_project_id)))
    expected = {
        "published": len(ids),
        "rated": sum(1 for pid in ids if len(raters.get(pid, ())) >= 3),
        "adopted": len(ids & adopted),
        "nominated": len(ids & nominated),
        "catalogue": len(ids & catalogued),
    }

    steps = statistics.funnel()

    assert {s.key: s.count for s in steps} == expected
    assert [s.key for s in steps] == list(expected)
    assert expected["rated"] == 1
    assert expected["adopted"] == 3
    for step in steps:
        assert step.share == pytest.approx(step.count / len(ids))


def test_growth_of_the_catalogue_and_of_adoptions_per_year(register):
    entries = Counter(e.standard_since.year for e in db.session.scalars(select(CatalogueEntry)))
    in_use = [
        a
        for a in db.session.scalars(select(Adoption))
        if counted(a, ("in_use",)) and a.project.is_public and a.organisation.kind == "municipality"
    ]
    adoptions = Counter(a.created_at.year for a in in_use)

    growth = statistics.catalogue_growth()
    assert {g.year: g.added for g in growth} == entries
    assert growth[-1].total == sum(entries.values())
    assert [g.total for g in growth] == sorted(g.total for g in growth)
    assert {g.year: g.added for g in statistics.adoption_growth()} == adoptions


def test_most_reused_standards_count_municipalities_with_the_origin_in_use(register):
    expected = []
    for entry in db.session.scalars(select(CatalogueEntry)):
        if entry.status == "withdrawn" or entry.origin_project_id is None:
            continue
        users = {
            a.organisation_id
            for a in db.session.scalars(
                select(Adoption).where(Adoption.project_id == entry.origin_project_id)
            )
            if a.status == "in_use" and a.organisation.kind == "municipality"
        }
        if users:
            expected.append((entry.slug, len(users)))
    assert [(s.slug, s.municipalities) for s in statistics.most_reused()] == expected


def test_adoptions_per_municipality_per_province_follow_the_cbs_list(register, cbs_path):
    with cbs_path.open(encoding="utf-8-sig") as handle:
        per_province = Counter(row["Provincienaam"] for row in csv.DictReader(handle))
    adoptions = Counter(
        a.organisation.province
        for a in db.session.scalars(select(Adoption))
        if counted(a, ("in_use",)) and a.project.is_public and a.organisation.kind == "municipality"
    )

    figures = {p.province: p for p in statistics.adoptions_by_province()}

    assert len(figures) == 12
    assert {name: p.municipalities for name, p in figures.items()} == per_province
    assert {name: p.adoptions for name, p in figures.items() if p.adoptions} == adoptions
    utrecht = figures["Utrecht"]
    assert utrecht.per_municipality == pytest.approx(adoptions["Utrecht"] / per_province["Utrecht"])


def test_the_cache_keeps_figures_for_its_age_and_then_counts_again():
    now = [100.0]
    cache = statistics.FiguresCache(60, clock=lambda: now[0])
    made = []

    def compute():
        made.append(1)
        return len(made)

    assert cache.get(compute) == 1
    now[0] += 59
    assert cache.get(compute) == 1
    now[0] += 2
    assert cache.get(compute) == 2
    assert statistics.FiguresCache(0).get(compute) == 3
    assert statistics.FiguresCache(0).get(compute) == 4


# --- The page -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_page_shows_every_figure_as_a_chart_a_table_and_a_csv_link(client, register, lang):
    response = client.get(f"/statistics?lang={lang}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for name in (
        "funnel",
        "themes",
        "phases",
        "provinces",
        "years",
        "catalogue-growth",
        "adoptions",
        "most-reused",
        "map",
    ):
        assert f'id="{name}"' in html
        assert f'id="chart-{name}"' in html
        assert f'href="/statistics/{name}.csv"' in html
    assert html.count("<table>") == 9
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    title = "Statistieken" if lang == "nl" else "Statistics"
    assert f"<h1>{title}</h1>" in html


def test_the_site_navigation_and_footer_link_to_the_statistics(client, app):
    html = client.get("/").get_data(as_text=True)
    assert html.count('href="/statistics"') == 2


def test_a_csv_file_holds_the_rows_of_its_table(client, register):
    expected = Counter(p.phase for p in public_projects())
    response = client.get("/statistics/phases.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "Fase;Pilots"
    rows = dict(line.split(";") for line in lines[1:])
    assert sorted(int(n) for n in rows.values()) == sorted(expected.values())
    assert "Afgerond" in rows


def test_an_unknown_figure_is_not_found(client, app):
    assert client.get("/statistics/secrets.csv").status_code == 404


def test_the_page_runs_the_same_statements_for_few_or_many_pilots(
    app, client, register, make_project, count_queries
):
    app.config["STATISTICS_CACHE_SECONDS"] = 0
    client.get("/statistics")
    with count_queries() as few:
        client.get("/statistics")
    for _ in range(5):
        make_project(owner="GM0518", themes=("economy", "education"))
    db.session.commit()
    with count_queries() as many:
        client.get("/statistics")
    assert few.count == many.count <= 9


def test_a_cached_page_runs_no_statement(app, client, register, count_queries):
    client.get("/statistics")
    with count_queries() as counter:
        assert client.get("/statistics").status_code == 200
    assert counter.count == 0


def test_the_province_map_writes_each_figure_in_its_tile(client, register):
    html = client.get("/statistics").get_data(as_text=True)
    svg = html.split('id="chart-map"')[1].split("</svg>")[0]
    figures = {p.province: p for p in statistics.adoptions_by_province()}
    for name, province in figures.items():
        assert f">{name}</text>" in svg
        assert f">{province.per_municipality:.1f}</text>".replace(".", ",") in svg
    assert svg.count("<rect") == 12 + 5  # the provinces and the legend's five levels
