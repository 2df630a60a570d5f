"""Finding pilots: Dutch words, facets, sorting, highlighting, safe queries.

Every test runs once per search backend (the `search_backend` parameter) and
once per database; a second backend must pass these same tests. Where
backends may rank differently, the tests check what users rely on: the
right pilots found, drafts absent, counts right.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from registry import search
from registry.extensions import db
from registry.models import utcnow
from registry.models.vocab import Phase
from registry.search.interface import SearchQuery, SearchResults
from tests.conftest import base_test_config
from tests.search_postgres_support import install_search_schema

SEARCH_BACKENDS = ["whoosh", "postgres"]


@pytest.fixture(params=SEARCH_BACKENDS)
def search_backend(request: pytest.FixtureRequest, backend: str) -> str:
    if request.param == "postgres":
        if backend != "postgres":
            pytest.skip("the PostgreSQL search backend needs a PostgreSQL database")
        install_search_schema(request.getfixturevalue("postgres_url"))
    return request.param


@pytest.fixture
def app_config(tmp_path, database_url, search_backend) -> dict:
    return {
        **base_test_config(tmp_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SEARCH_BACKEND": search_backend,
    }


@pytest.fixture
def find(app):
    """Search through the app's search service, as the results page does."""

    def run(text: str = "", **options) -> SearchResults:
        db.session.commit()
        return search.search(SearchQuery(text=text, **options))

    return run


def titles(results: SearchResults) -> set[str]:
    return {hit.title for hit in results.hits}


def page_text(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def status_line(html: str) -> str:
    match = re.search(r'role="status"[^>]*>\s*(.*?)\s*</p>', html, re.S)
    assert match, "the results count is announced in a role=status element"
    return " ".join(match.group(1).split())


# --- Dutch analysis -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("fietsen", "Veilig naar school op de fiets"),
        ("fiets", "Deelfietsen en fietsen voor statushouders"),
        ("wijken", "Samenwerking in de wijk"),
        ("bewoner", "Bewoners maken plannen"),
        ("wijkteam", "Wijkteams in de regio"),
    ],
)
def test_singular_and_plural_find_each_other(make_project, find, typed, written):
    make_project(title=written)
    make_project(title="Iets heel anders over begrotingen")
    assert titles(find(typed)) == {written}


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("één loket", "Een loket voor ondernemers"),
        ("een loket", "Eén loket voor ondernemers"),
        ("Fryslan", "Zonnedaken in Fryslân"),
        ("Fryslân", "Zonnedaken in Fryslan"),
        ("coordinatie", "Coördinatie van mantelzorg"),
        ("ideeën", "Ideeen van inwoners ophalen"),
    ],
)
def test_accents_are_folded_both_ways(make_project, find, typed, written):
    make_project(title=written)
    make_project(title="Parkeren bij het station")
    assert titles(find(typed)) == {written}


def test_pilots_written_in_english_are_findable(make_project, find):
    make_project(
        title="Smart lighting",
        summary="Street lights that dim when nobody is around.",
        approach="The municipality installed motion sensors on every street light.",
    )
    assert titles(find("motion sensors")) == {"Smart lighting"}
    assert titles(find("street lights")) == {"Smart lighting"}


def test_the_last_word_matches_as_a_prefix_while_typing(make_project, find):
    make_project(title="Nieuwe fietspaden langs de dijk")
    make_project(title="Fietsenstalling bij het station")
    make_project(title="Groen in de wijk")
    assert titles(find("fietsp")) == {"Nieuwe fietspaden langs de dijk"}
    assert titles(find("nieuwe fietsp")) == {"Nieuwe fietspaden langs de dijk"}


def test_all_words_must_match(make_project, find):
    make_project(title="Slimme lantaarnpalen", summary="Straatverlichting die dimt.")
    make_project(title="Slimme afvalbakken", summary="Sensoren melden een volle bak.")
    assert titles(find("slimme afvalbakken")) == {"Slimme afvalbakken"}


def test_a_quoted_phrase_must_appear_as_written(make_project, find):
    make_project(title="Sociaal domein", summary="Het wijkteam helpt jongeren met schulden.")
    make_project(title="Schulden", summary="Jongeren helpen het wijkteam met schulden.")
    assert titles(find('"wijkteam helpt jongeren"')) == {"Sociaal domein"}


def test_title_outranks_the_long_texts(make_project, find):
    make_project(title="Groenbeheer", results="Ook de warmtepomp bleek nuttig " * 3)
    make_project(title="Warmtepomp voor iedere woning")
    results = find("warmtepomp")
    assert results.hits[0].title == "Warmtepomp voor iedere woning"


def test_organisations_themes_and_tags_are_searchable(make_org, make_project, find):
    make_org("GM0014", "Groningen", province="Groningen")
    make_org("GM0150", "Deventer", province="Overijssel")
    make_project(owner="GM0014", title="Pilot A", themes=("energy_climate",))
    make_project(owner="GM0344", partners=("GM0150",), title="Pilot B", tags=("blockchain",))
    make_project(owner="GM0344", title="Pilot C", themes=("education",))
    assert titles(find("Groningen")) == {"Pilot A"}
    assert titles(find("deventer")) == {"Pilot B"}
    assert titles(find("klimaat")) == {"Pilot A"}
    assert titles(find("blockchain")) == {"Pilot B"}


# --- Drafts, hidden pilots and hostile input -----------------------------------------

ABUSE = [
    "(((",
    '"',
    "status:draft",
    "visibility:draft",
    "title:geheim",
    "*",
    "geh*",
    "?eheim",
    "[a TO z]",
    "{a TO z}",
    "geheim AND NOT x OR y",
    "geheim~2",
    "geheim^100",
    "-fiets",
    "x" * 10_000,
    "geheim " * 2_000,
    "😀🚲 fiets",
    "שלום עולם",
    "مرحبا بالعالم",
    "\u202egeheim",
    "\x00\x01geheim",
    "<script>alert(1)</script>",
    "%' OR 1=1 --",
    "\\",
]


@pytest.mark.parametrize("text", ABUSE)
def test_hostile_queries_never_error_and_never_show_drafts(make_project, make_user, client, text):
    make_project(title="Fiets in de wijk", summary="Geheim is hier niets.")
    draft = make_project(title="Geheim concept", summary="Geheim fiets draft", published=False)
    hidden = make_project(title="Verborgen geheim", summary="Geheim fiets draft status")
    hidden.hidden_at = utcnow()
    hidden.hidden_reason = "Onjuiste gegevens"
    response = client.get("/search", query_string={"q": text})
    if any(ord(c) < 32 for c in text):
        assert response.status_code == 400  # control characters: refused before the search
        return
    html = page_text(response)
    assert f"/projects/{draft.slug}" not in html
    assert f"/projects/{hidden.slug}" not in html
    assert "<script>alert(1)</script>" not in html


def test_publishing_and_unpublishing_over_http_updates_the_results(
    make_project, make_user, login, client
):
    member = login(make_user(org="GM0344"))
    draft = make_project(owner=member.organisation, title="Drijvende zonnepanelen", published=False)
    link = f'href="/projects/{draft.slug}"'
    assert link not in page_text(client.get("/search?q=zonnepanelen"))

    assert client.post(f"/projects/{draft.slug}/publish").status_code == 302
    assert link in page_text(client.get("/search?q=zonnepanelen"))

    assert client.post(f"/projects/{draft.slug}/unpublish").status_code == 302
    assert link not in page_text(client.get("/search?q=zonnepanelen"))


def test_a_hidden_pilot_leaves_the_results(make_project, find):
    project = make_project(title="Drijvende zonnepanelen")
    assert titles(find("zonnepanelen")) == {"Drijvende zonnepanelen"}
    project.hidden_at = utcnow()
    project.hidden_reason = "Dubbel ingevoerd"
    assert titles(find("zonnepanelen")) == set()


def test_an_organisation_rename_reaches_the_index(make_org, make_project, find):
    organisation = make_org("GM0150", "Deventer", province="Overijssel")
    make_project(owner="GM0344", partners=("GM0150",), title="Samen sterk")
    assert titles(find("Deventer")) == {"Samen sterk"}
    organisation.name = "Gemeente Hanzestad"
    db.session.flush()
    assert titles(find("Deventer")) == set()
    assert titles(find("Hanzestad")) == {"Samen sterk"}


# --- Facets, sorting, pagination -------------------------------------------------------


def counts(results: SearchResults, facet: str) -> dict[str, int]:
    return {v.value: v.count for v in results.facets.get(facet, [])}


@pytest.fixture
def varied(make_org, make_project):
    make_org("GM0014", "Groningen", province="Groningen")
    make_org("GM0150", "Deventer", province="Overijssel")
    make_project(
        owner="GM0014",
        title="Afval A",
        phase=Phase.RUNNING,
        themes=("energy_climate", "housing_living_environment"),
        common_ground_layer="process",
    )
    make_project(
        owner="GM0014",
        title="Afval B",
        phase=Phase.COMPLETED,
        themes=("energy_climate",),
    )
    make_project(
        owner="GM0344",
        partners=("GM0150",),
        title="Afval C",
        phase=Phase.RUNNING,
        themes=("social_domain",),
    )
    make_project(owner="GM0344", title="Iets anders", themes=("energy_climate",))


def test_facet_counts_cover_every_value_of_multi_valued_fields(varied, find):
    results = find("afval")
    assert results.total == 3
    assert counts(results, "theme") == {
        "energy_climate": 2,
        "housing_living_environment": 1,
        "social_domain": 1,
    }
    assert counts(results, "phase") == {"running": 2, "completed": 1}
    assert counts(results, "province") == {"Groningen": 2, "Utrecht": 1}
    assert counts(results, "organisation") == {"GM0014": 2, "GM0344": 1, "GM0150": 1}
    assert counts(results, "layer") == {"process": 1}
    assert counts(results, "catalogue") == {"no": 3}
    names = {v.value: v.label for v in results.facets["organisation"]}
    assert names["GM0150"] == "Deventer"


def test_a_selected_facet_narrows_and_its_alternatives_keep_their_counts(varied, find):
    results = find("afval", filters={"phase": ("running",)})
    assert titles(results) == {"Afval A", "Afval C"}
    # Within the chosen facet, the other values still show what they would give.
    assert counts(results, "phase") == {"running": 2, "completed": 1}
    # Other facets count only what the selection leaves.
    assert counts(results, "theme") == {
        "energy_climate": 1,
        "housing_living_environment": 1,
        "social_domain": 1,
    }
    both = find("afval", filters={"phase": ("running",), "theme": ("energy_climate",)})
    assert titles(both) == {"Afval A"}
    either = find("afval", filters={"theme": ("energy_climate", "social_domain")})
    assert titles(either) == {"Afval A", "Afval B", "Afval C"}


def test_facets_work_without_search_words(varied, find):
    results = find("", filters={"theme": ("energy_climate",)})
    assert titles(results) == {"Afval A", "Afval B", "Iets anders"}


def test_unknown_filter_values_find_nothing_and_do_not_fail(varied, find, client):
    assert find("afval", filters={"phase": ("draft",)}).total == 0
    html = page_text(client.get("/search?q=afval&phase=bogus&sort=evil&page=-4&catalogue=x"))
    assert "0 pilots" in status_line(html)
    page_text(client.get("/search?q=afval&page=999999999999999999999"))


def test_chips_show_the_selection_and_each_removes_one_filter(varied, client):
    html = page_text(client.get("/search?q=afval&phase=running&theme=energy_climate"))
    chips = re.findall(r'<a class="chip" href="([^"]+)">\s*([^<]+)', html)
    assert len(chips) == 2
    by_label = {" ".join(label.split()): href.replace("&amp;", "&") for href, label in chips}
    remove_phase = by_label["Fase: Loopt"]
    assert "phase=" not in remove_phase
    assert "theme=energy_climate" in remove_phase
    assert "q=afval" in remove_phase
    assert "2 pilots" in status_line(page_text(client.get(remove_phase)))


def test_sorting_by_newest_score_and_adopters(make_project, find):
    now = utcnow()
    old, new, mid = (make_project(title=t) for t in ("Afval oud", "Afval nieuw", "Afval midden"))
    old.published_at = now - timedelta(days=300)
    new.published_at = now - timedelta(days=1)
    mid.published_at = now - timedelta(days=30)
    old.score, new.score, mid.score = 4.5, 2.0, None
    old.adopter_count, new.adopter_count, mid.adopter_count = 1, 0, 7
    db.session.flush()

    def order(sort: str) -> list[str]:
        return [hit.title for hit in find("afval", sort=sort).hits]

    assert order("newest") == ["Afval nieuw", "Afval midden", "Afval oud"]
    assert order("score") == ["Afval oud", "Afval nieuw", "Afval midden"]
    assert order("adopters") == ["Afval midden", "Afval oud", "Afval nieuw"]


def test_pagination_walks_through_every_hit_once(make_project, find):
    for n in range(7):
        make_project(title=f"Afvalpilot {n}")
    seen = []
    for page in (1, 2, 3):
        results = find("afvalpilot", page=page, per_page=3, sort="newest")
        assert results.total == 7
        assert results.pages == 3
        seen += [hit.title for hit in results.hits]
    assert sorted(seen) == sorted(f"Afvalpilot {n}" for n in range(7))


def test_results_page_links_pages_and_keeps_the_query(make_project, client, app):
    app.config["PAGE_SIZE"] = 2
    for n in range(5):
        make_project(title=f"Afvalpilot {n}")
    html = page_text(client.get("/search?q=afvalpilot&phase=running"))
    assert 'aria-label="Paginering"' in html
    assert re.search(r'href="/search\?[^"]*page=2[^"]*"', html)
    assert "q=afvalpilot" in re.search(r'href="(/search\?[^"]*page=2[^"]*)"', html).group(1)


# --- Highlighting and suggestions --------------------------------------------------


def test_snippets_escape_the_text_and_mark_only_the_matches(make_project, client):
    make_project(
        title="<script>alert('x')</script> Fietsen",
        summary="Kort.",
        approach='Wij bouwden <img src=x onerror="alert(1)"> veilige fietspaden en fietsen.',
    )
    html = page_text(client.get("/search", query_string={"q": "<b>fietsen</b>"}))
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<img" not in html
    assert "&lt;img src=x" in html
    assert "<mark>Fietsen</mark>" in html
    assert "<mark>fietsen</mark>" in html
    assert "<b>" not in html


def test_hits_show_organisation_phase_and_score(make_org, make_project, find):
    make_org("GM0014", "Groningen", province="Groningen")
    project = make_project(owner="GM0014", title="Afvalscheiding", phase=Phase.COMPLETED)
    project.score = 3.75
    (hit,) = find("afvalscheiding").hits
    assert (hit.owner_name, hit.phase, hit.score, hit.slug) == (
        "Groningen",
        "completed",
        3.75,
        project.slug,
    )


def test_did_you_mean_offers_real_words_not_stems(make_project, find, client):
    make_project(title="Wijkteams helpen bewoners", summary="Wijkteams in elke buurt.")
    make_project(title="Wijkteams en jongeren", summary="Wijkteams werken samen.")
    make_project(title="Wijkteams in de regio", summary="Meer wijkteams.")
    results = find("wijkteasm")
    assert results.total == 0
    assert results.suggestion == "wijkteams"
    html = page_text(client.get("/search?q=wijkteasm"))
    assert "Bedoelde u:" in html
    assert '<a href="/search?q=wijkteams">wijkteams</a>' in html


def test_no_suggestion_when_the_words_are_fine(make_project, find):
    for n in range(3):
        make_project(title=f"Wijkteams {n}")
    assert find("wijkteams").suggestion is None


def test_empty_results_are_explained_kindly(make_project, client):
    make_project(title="Fietsen")
    html = page_text(client.get("/search?q=onvindbaarwoord"))
    assert "0 pilots gevonden" in status_line(html)
    assert "Geen pilots gevonden" in html
    assert "Controleer de spelling" in html


def test_results_page_is_a_labelled_search_landmark(make_project, client):
    make_project(title="Fietsen")
    html = page_text(client.get("/search?q=fietsen"))
    assert html.count('role="search"') == 1  # the header's box gives way to the page's form
    inputs = [t for t in re.findall(r'<input[^>]*\bname="q"[^>]*>', html) if "hidden" not in t]
    assert len(inputs) == 1
    field_id = re.search(r'\bid="([^"]+)"', inputs[0]).group(1)
    assert re.search(rf'<label [^>]*for="{field_id}"', html)
    assert "1 pilot gevonden" in status_line(html)


def test_search_box_partial_renders_a_labelled_search_form(app):
    from flask import render_template_string

    with app.test_request_context("/projects?q=ignored"):
        html = render_template_string('{% include "_search_box.html" %}')
    assert 'role="search"' in html
    assert 'action="/search"' in html
    assert re.search(r'<label [^>]*for="site-search-q"', html)
    assert 'value="ignored"' not in html


def test_a_search_reads_the_database_in_one_session_of_its_own(make_project, find, monkeypatch):
    """Synonyms, pending changes and the hits' texts: one transaction, not one each
    (on PostgreSQL each is two round trips to the server besides its statements)."""
    import registry.search as search_module

    make_project(title="Afvalscheiding in de wijk", problem="Afval wordt slecht gescheiden.")
    find("afval")  # the index is built and current
    opened = []
    real = search_module.Session

    def counting(*args, **kwargs):
        opened.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(search_module, "Session", counting)
    results = find("afval")
    assert results.total == 1
    assert "<mark>" in results.hits[0].snippet_html
    assert len(opened) == 1
