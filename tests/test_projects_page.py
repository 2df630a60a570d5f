"""The pilot page: built by its view in a fixed number of statements, rendered without any."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_login import login_user

from registry.extensions import db
from registry.models import Attachment, User
from registry.models.vocab import Phase, Role
from registry.services import events, projects, questions
from registry.web.projects.page import PilotPage, event_detail
from registry.web.projects.views import render_pilot_page

# Statements for the page of a pilot in the catalogue, seen anonymously: the
# pilot with its owner, themes and tags (1), indicators, attachments, partners
# (3), the register's version (1: for the ETag and for what is kept until the
# register changes: the rubric, the score's history, "also adopted"), ratings,
# their scores as plain values, and adoptions (3), the catalogue entry (1) and
# the timeline (1). Before the page was built by its view this was 14, and 24
# for a nominated pilot.
PAGE_BUDGET = 10
# A pilot not in the catalogue also reads its latest nomination; the
# readiness checklist comes from the ratings and adoptions already read.
NOMINATION = 1
# Any signed-in page: Flask-Login reads the user, the header counts unread notifications.
SIGNED_IN = 2
# A public pilot's newest questions with their people and answers (1).
QUESTIONS = 1
# What a visitor's pilot page may cost at most, whatever the pilot.
CEILING = 12
# A signed-in member sees whether they follow the pilot; a visitor costs no statement.
FOLLOW = 1


@pytest.fixture
def full_pilot(make_project, make_user, make_rating, make_adoption, make_indicator):
    """A pilot with partners, tags, indicators, an attachment, ratings, adoptions and events."""

    def make(**fields):
        project = make_project(
            owner="GM0344", partners=("GM0363", "GM0599"), tags=("chatbot",), **fields
        )
        make_indicator(project, "Wachttijd", unit="dagen", baseline=10, target=5, result=6)
        project.attachments.append(
            Attachment(filename="rapport.pdf", content_type="application/pdf", size=2048, data=b"x")
        )
        for code in ("GM0014", "GM0034", "GM0518"):
            user = make_user(org=code)
            make_rating(project, user, 4, "Goed overdraagbaar.")
            make_adoption(project, user, "in_use", hours=40)
        owner = make_user(org="GM0344")
        events.record(owner, "edited", project, fields=["title", "summary"])
        events.record(owner, "attachment_added", project, filename="rapport.pdf")
        if project.is_public:
            question = questions.ask(project, user, "Hoe lang duurde de aanbesteding?")
            questions.answer(question, owner, "Drie maanden.")
        db.session.commit()
        return project

    return make


def statements_for(client, path: str, count_queries) -> int:
    client.get(path)  # the first request of a test also sets up the app's caches
    with count_queries() as counter:
        assert client.get(path).status_code == 200
    return counter.count


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_a_promoted_pilot_page_runs_a_fixed_number_of_statements(
    client, login, make_user, full_pilot, make_nomination, make_entry, count_queries, signed_in
):
    project = full_pilot(phase=Phase.COMPLETED)
    make_nomination(project=project, state="accepted")
    make_entry(project=project)
    if signed_in:
        login(make_user(org="GM0363"))
    db.session.commit()
    budget = PAGE_BUDGET + QUESTIONS + (SIGNED_IN + FOLLOW if signed_in else 0)
    count = statements_for(client, f"/projects/{project.slug}", count_queries)
    assert count <= budget
    if not signed_in:
        assert count <= CEILING


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_a_nominated_pilot_page_runs_a_fixed_number_of_statements(
    client, login, make_user, full_pilot, make_nomination, count_queries, signed_in
):
    project = full_pilot(phase=Phase.COMPLETED)
    make_nomination(project=project, state="submitted")
    if signed_in:
        login(make_user(org="GM0363"))
    db.session.commit()
    budget = PAGE_BUDGET + NOMINATION + QUESTIONS + (SIGNED_IN + FOLLOW if signed_in else 0)
    count = statements_for(client, f"/projects/{project.slug}", count_queries)
    assert count <= budget
    if not signed_in:
        assert count <= CEILING


@pytest.mark.parametrize("role", [None, Role.MEMBER, Role.CURATOR])
def test_the_pilot_template_renders_without_a_single_statement(
    app, make_user, full_pilot, make_nomination, count_queries, role
):
    """Every query runs while the view builds the page; the template only formats."""
    project = full_pilot(phase=Phase.COMPLETED)
    make_nomination(
        project=project,
        state="returned",
        rationale="Werk de resultaten verder uit.",
        decided_at=datetime(2025, 3, 1, tzinfo=UTC),
    )
    user_id = make_user(org="GM0344", role=role).id if role else None
    db.session.commit()
    db.session.expire_all()  # as in a fresh request: nothing loaded yet
    with app.test_request_context(f"/projects/{project.slug}"):
        viewer = None
        if user_id is not None:
            viewer = db.session.get(User, user_id)
            login_user(viewer)
        page = PilotPage.of(projects.get_visible(project.slug, viewer), viewer)
        with count_queries() as counter:
            html = render_pilot_page(page)
    # The site header's unread count is the one query a signed-in page makes
    # while it renders; it is not the pilot page's.
    assert [s for s in counter.statements if "FROM notification" not in s] == []
    assert "Werk de resultaten verder uit." in html
    assert "heeft de pilot bewerkt: Titel, Samenvatting" in html
    assert '<th scope="row">Wachttijd</th>' in html
    assert "rapport.pdf" in html
    assert "Hoe lang duurde de aanbesteding?" in html
    assert "Drie maanden." in html
    assert (f'action="/projects/{project.slug}/hide"' in html) == (role == Role.CURATOR)
    assert (f'href="/projects/{project.slug}/edit"' in html) == (role is not None)


def test_the_pilot_template_asks_no_template_global_for_data(app):
    """The globals that used to query at render time are gone."""
    for name in ("promotion_status", "reuse_panel", "organisation_reuse"):
        assert name not in app.jinja_env.globals


@pytest.mark.parametrize(
    ("verb", "payload", "detail"),
    [
        ("edited", {"fields": ["start_date", "indicators"]}, "Startdatum, Indicatoren"),
        ("attachment_removed", {"filename": "oud.pdf"}, "oud.pdf"),
        ("hidden", {"reason": "Onjuiste inhoud"}, "Onjuiste inhoud"),
        ("nomination_returned", {"rationale": "Nog niet klaar"}, "Nog niet klaar"),
        ("published", {}, ""),
        ("edited", {}, ""),
    ],
)
def test_an_event_says_what_it_was_about(app, verb, payload, detail):
    from registry.models import Event

    with app.test_request_context("/"):
        assert event_detail(Event(verb=verb, payload=payload)) == detail


def test_find_loads_each_collection_in_its_order_and_keeps_one_changed_in_the_session(
    app, make_project, make_indicator
):
    project = make_project(
        owner="GM0344", partners=("GM0599", "GM0363"), tags=("wmo", "chatbot", "afval, gft")
    )
    make_indicator(project, "Tweede", position=2)
    make_indicator(project, "Eerste", position=1)
    db.session.commit()
    slug = project.slug
    db.session.expunge_all()

    found = projects.find(slug)
    assert [org.name for org in found.partners] == sorted(org.name for org in found.partners)
    assert len(found.partners) == 2
    assert found.tags == ["afval, gft", "chatbot", "wmo"]  # read with the pilot's row
    assert "tag_rows" not in found.__dict__
    assert [i.name for i in found.indicators] == ["Eerste", "Tweede"]
    assert found.attachments == []

    found.tag_rows.pop()  # an edit in progress, not yet flushed: the rows win
    assert found.tags == ["afval, gft", "chatbot"]
    found.indicators.pop(0)
    assert projects.find(slug) is found
    assert [i.name for i in found.indicators] == ["Tweede"]
    db.session.rollback()
    assert [i.name for i in projects.find(slug).indicators] == ["Eerste", "Tweede"]


def test_a_collection_the_pilot_has_none_of_costs_no_statement(
    client, make_project, make_indicator, make_user, make_org, count_queries
):
    """The pilot's row says which collections are empty: no partners, indicators,
    attachments or questions, no statement for any of them."""
    project = make_project(owner="GM0344")
    db.session.commit()
    bare = statements_for(client, f"/projects/{project.slug}", count_queries)
    html = client.get(f"/projects/{project.slug}").text
    assert "Er zijn nog geen indicatoren vastgelegd." in html
    assert "Er zijn geen bijlagen." in html

    project.partners.append(make_org("GM0363"))
    make_indicator(project, "Wachttijd")
    project.attachments.append(
        Attachment(filename="rapport.pdf", content_type="application/pdf", size=2, data=b"x")
    )
    questions.ask(project, make_user(org="GM0599"), "Hoe lang duurde de aanbesteding?")
    db.session.commit()
    assert statements_for(client, f"/projects/{project.slug}", count_queries) == bare + 4


def test_a_question_asked_after_the_pilot_was_read_shows_on_its_next_page(
    client, login, make_user, make_project
):
    project = make_project(owner="GM0344")
    db.session.commit()
    assert "Een vraag over de aanbesteding?" not in client.get(f"/projects/{project.slug}").text
    asker = make_user(org="GM0363")
    questions.ask(project, asker, "Een vraag over de aanbesteding?")
    db.session.commit()
    assert "Een vraag over de aanbesteding?" in client.get(f"/projects/{project.slug}").text
