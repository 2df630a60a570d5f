"""Atom feeds: valid Atom 1.0, stable ids, bounded, cached, and never a draft or hidden pilot."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser
import pytest

from registry.models import utcnow
from registry.models.vocab import Role
from registry.services import catalogue, events

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    """The feed as a real parser reads it, after checking Atom's required elements by hand."""
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") in {"nl", "en"}
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated", "link", "author"):
            assert entry.find(f"{ATOM}{tag}") is not None, tag
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


@pytest.fixture
def curator(make_user, make_org):
    make_org("vng", name="VNG", kind="association", province=None)
    return make_user(org="vng", role=Role.CURATOR)


def test_the_pilots_feed_lists_published_pilots_newest_first(client, make_project):
    older = make_project(title="Slimme lantaarnpalen")
    older.published_at = utcnow() - timedelta(days=2)
    newer = make_project(title="Digitale balie ’s-Hertogenbosch")
    feed = parse(client.get("/feeds/pilots.atom"))
    assert [e.title for e in feed.entries] == [newer.title, older.title]
    entry = feed.entries[0]
    assert entry.link.endswith(f"/projects/{newer.slug}")
    assert entry.id.startswith("tag:")
    assert entry.summary == newer.summary
    assert feed.feed.language == "nl"
    assert feed.feed.author


def test_entry_ids_stay_the_same_across_feeds_and_requests(client, make_project):
    project = make_project(themes=("economy",))
    first = parse(client.get("/feeds/pilots.atom")).entries[0].id
    again = parse(client.get("/feeds/pilots.atom")).entries[0].id
    in_theme = parse(client.get("/feeds/themes/economy.atom")).entries[0].id
    in_org = parse(client.get(f"/feeds/organisations/{project.owner.code}.atom")).entries[0].id
    assert first == again == in_theme == in_org


def test_a_feed_holds_only_the_newest_entries(app, client, make_project):
    app.config["FEED_ENTRIES"] = 3
    for _ in range(5):
        make_project()
    assert len(parse(client.get("/feeds/pilots.atom")).entries) == 3


def test_the_english_feed_is_in_english(client, make_project):
    make_project(themes=("economy",))
    feed = parse(client.get("/feeds/themes/economy.atom?lang=en"))
    assert feed.feed.language == "en"
    assert "Economy" in feed.feed.title
    assert feed.entries[0].link.endswith("?lang=en")


def test_the_feed_language_ignores_the_session(client, make_project):
    make_project()
    client.get("/projects?lang=en")  # remembered in the session for pages
    assert parse(client.get("/feeds/pilots.atom")).feed.language == "nl"


def test_the_theme_feed_holds_only_that_theme(client, make_project):
    wanted = make_project(themes=("economy",))
    make_project(themes=("education",))
    feed = parse(client.get("/feeds/themes/economy.atom"))
    assert [e.title for e in feed.entries] == [wanted.title]


def test_the_organisation_feed_holds_pilots_it_owns_or_partners_in(client, make_project, make_org):
    org = make_org("GM0363", name="Amsterdam")
    owned = make_project(owner=org)
    partnered = make_project(partners=("GM0363",))
    make_project(owner="GM0599")
    feed = parse(client.get("/feeds/organisations/GM0363.atom"))
    assert {e.title for e in feed.entries} == {owned.title, partnered.title}
    # The lower-case code works as on the organisation's page.
    assert len(parse(client.get("/feeds/organisations/gm0363.atom")).entries) == 2


def test_the_catalogue_feed_announces_new_deprecated_and_withdrawn_entries(
    client, make_entry, curator
):
    entry = make_entry(name="Zaakgericht werken")
    events.record(curator, "catalogue_entry_created", entry)
    catalogue.change_status(entry, curator, "deprecated", "Er is een betere opvolger gekomen.")
    catalogue.change_status(entry, curator, "withdrawn", "Niet langer onderhouden door iemand.")
    # Edits are not announced.
    events.record(curator, "catalogue_entry_edited", entry, fields=["name"])
    feed = parse(client.get("/feeds/catalogue.atom"))
    titles = [e.title for e in feed.entries]
    assert titles == [
        "Zaakgericht werken: Ingetrokken",
        "Zaakgericht werken: Verouderd",
        "Nieuw in de catalogus: Zaakgericht werken",
    ]
    assert feed.entries[1].summary == "Er is een betere opvolger gekomen."
    assert len({e.id for e in feed.entries}) == 3


def test_a_pilot_feed_follows_its_timeline(client, make_project, make_user):
    project = make_project()
    member = make_user(org=project.owner)
    events.record(member, "published", project)
    events.record(member, "edited", project, fields=["title", "summary"])
    feed = parse(client.get(f"/projects/{project.slug}/feed.atom"))
    assert [e.title for e in feed.entries] == [
        f"{project.owner.name} heeft de pilot bewerkt",
        f"{project.owner.name} heeft de pilot gepubliceerd",
    ]
    assert feed.entries[0].summary == "Titel, Samenvatting"


def test_no_feed_ever_shows_a_draft_or_hidden_pilot(
    client, login, make_project, make_user, make_org
):
    make_org("GM0363")
    draft = make_project(title="Geheim concept", published=False, themes=("economy",))
    hidden = make_project(
        title="Verborgen pilot", themes=("economy",), hidden_at=utcnow(), hidden_reason="x"
    )
    for project in (draft, hidden):
        events.record(make_user(org=project.owner), "edited", project, fields=["title"])
    member = make_user(org=draft.owner)
    pages = [
        "/feeds/pilots.atom",
        "/feeds/themes/economy.atom",
        f"/feeds/organisations/{draft.owner.code}.atom",
    ]
    for path in pages:
        body = client.get(path).get_data(as_text=True)
        assert "Geheim concept" not in body, path
        assert "Verborgen pilot" not in body, path
    # Not even the owner's members get a draft's feed: feeds are read anonymously.
    login(member)
    for project in (draft, hidden):
        assert client.get(f"/projects/{project.slug}/feed.atom").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/feeds/themes/no_such_theme.atom",
        "/feeds/organisations/GM9999.atom",
        "/projects/no-such-pilot/feed.atom",
    ],
)
def test_unknown_feeds_are_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/feeds/themes/economy%00.atom", "/feeds/organisations/%00.atom", "/projects/%00/feed.atom"],
)
def test_a_nul_byte_in_a_feed_path_is_refused_before_any_query(client, path):
    assert client.get(path).status_code == 400


def test_user_text_with_markup_and_control_characters_stays_valid_xml(client, make_project):
    make_project(title="<script>alert(1)</script> & \x0b ]]>", summary="Tekst \x1f met stuurteken")
    feed = parse(client.get("/feeds/pilots.atom?lang=xx"))
    assert feed.entries[0].title == "<script>alert(1)</script> &  ]]>"


def test_feeds_can_be_cached_and_answer_conditional_requests(client, make_project):
    make_project()
    response = client.get("/feeds/pilots.atom")
    assert response.cache_control.public
    assert response.cache_control.max_age == 300
    assert response.last_modified is not None
    again = client.get("/feeds/pilots.atom", headers={"If-None-Match": response.get_etag()[0]})
    assert again.status_code == 304


def test_an_empty_feed_is_still_valid(client):
    feed = parse(client.get("/feeds/catalogue.atom"))
    assert feed.entries == []


def test_pages_announce_their_feeds(client, make_project):
    project = make_project(themes=("economy",))
    cases = {
        "/projects": "/feeds/pilots.atom",
        "/projects?theme=economy": "/feeds/themes/economy.atom",
        "/catalogue": "/feeds/catalogue.atom",
        f"/organisations/{project.owner.code}": f"/feeds/organisations/{project.owner.code}.atom",
        f"/projects/{project.slug}": f"/projects/{project.slug}/feed.atom",
    }
    for page, feed in cases.items():
        html = client.get(page).get_data(as_text=True)
        assert 'type="application/atom+xml" title="' in html, page
        assert f'href="{feed}"' in html, page


def test_a_feed_costs_the_same_statements_for_3_and_30_pilots(client, make_project, count_queries):
    def statements() -> int:
        with count_queries() as counter:
            client.get("/feeds/pilots.atom")
        return counter.count

    for _ in range(3):
        make_project()
    few = statements()
    for _ in range(27):
        make_project()
    assert statements() == few
