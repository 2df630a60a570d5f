"""Curation: only curators review and decide; decisions are reasoned, recorded and race-safe."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.extensions import db
from registry.models import (
    CatalogueEntry,
    Event,
    Nomination,
    NominationState,
    Notification,
    utcnow,
)
from registry.models.vocab import Phase, Role
from registry.services import catalogue, curation
from registry.services.catalogue import EntryData
from registry.services.errors import Conflict, Invalid, NotAllowed
from registry.services.readiness import Thresholds
from tests.test_nominations_support import RATIONALE, make_ready, page

TODAY = date(2026, 3, 1)
DEFAULTS = Thresholds()


@pytest.fixture
def app_config(app_config, tmp_path):
    return {**app_config, "MAIL_LOG_FILE": str(tmp_path / "mail.log")}


@pytest.fixture
def mail_log(app) -> Path:
    return Path(app.config["MAIL_LOG_FILE"])


@pytest.fixture
def curator(make_user, make_org):
    make_org("vng", name="VNG", kind="association", province=None)
    return make_user(org="vng", role=Role.CURATOR, name="Carla Curator")


@pytest.fixture
def in_review(make_nomination, curator):
    return make_nomination(state=NominationState.IN_REVIEW, curator=curator, reviewed_at=utcnow())


def decide(nomination, user, choice="reject", rationale=RATIONALE, **kwargs):
    return curation.decide(
        nomination, user, choice, rationale, thresholds=DEFAULTS, today=TODAY, **kwargs
    )


def entry_count() -> int:
    return db.session.scalar(select(func.count()).select_from(CatalogueEntry))


# --- Taking into review ------------------------------------------------------------


def test_a_curator_takes_a_nomination_into_review(make_nomination, curator):
    nomination = make_nomination()
    curation.take_into_review(nomination, curator, nomination.version)
    assert nomination.state == NominationState.IN_REVIEW
    assert nomination.curator == curator
    event = db.session.scalar(select(Event).where(Event.verb == "nomination_in_review"))
    assert (event.subject_type, event.subject_id) == ("project", nomination.project_id)
    assert event.payload["nomination_id"] == nomination.id


def test_taking_into_review_notifies_the_owners_and_the_nominator(
    make_nomination, make_user, curator, mail_log
):
    owner_member = make_user(org="GM0344")
    bystander = make_user(org="GM0014")
    nomination = make_nomination()
    curation.take_into_review(nomination, curator)
    notified = set(db.session.scalars(select(Notification.user_id)))
    assert notified == {owner_member.id, nomination.nominator_id}
    assert bystander.id not in notified
    assert not mail_log.exists()  # the mail waits for the commit
    db.session.commit()
    text = mail_log.read_text(encoding="utf-8")
    assert owner_member.email in text
    assert nomination.nominator.email in text
    assert "in behandeling" in text


def test_a_member_cannot_take_a_nomination_into_review_and_it_is_logged(
    make_nomination, make_user, caplog
):
    nomination = make_nomination()
    member = make_user(org="GM0014")
    with caplog.at_level(logging.WARNING, logger="registry.security"), pytest.raises(NotAllowed):
        curation.take_into_review(nomination, member)
    assert nomination.state == NominationState.SUBMITTED
    [record] = [r for r in caplog.records if r.name == "registry.security"]
    assert "curation.review" in record.getMessage()
    assert f"user {member.id}" in record.getMessage()


# --- Deciding -----------------------------------------------------------------------


def test_only_curators_decide(in_review, make_user, caplog):
    member = make_user(org="GM0014")
    with caplog.at_level(logging.WARNING, logger="registry.security"), pytest.raises(NotAllowed):
        decide(in_review, member, "accept", override=True)
    assert in_review.state == NominationState.IN_REVIEW
    assert any("curation.decide.accept" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("rationale", ["", "te kort", " " * 40])
def test_every_decision_needs_a_rationale_of_twenty_characters(in_review, curator, rationale):
    with pytest.raises(Invalid) as caught:
        decide(in_review, curator, "reject", rationale)
    assert caught.value.field == "rationale"
    assert in_review.state == NominationState.IN_REVIEW


def test_rejecting_records_the_decision_the_snapshot_and_an_event(in_review, curator):
    decide(in_review, curator, "reject")
    assert in_review.state == in_review.decision == NominationState.REJECTED
    assert in_review.rationale == RATIONALE
    assert in_review.decided_at is not None
    assert {item["key"] for item in in_review.checklist["items"]} >= {"phase", "rating_orgs"}
    event = db.session.scalar(select(Event).where(Event.verb == "nomination_rejected"))
    assert event.subject_type == "project"
    assert event.payload["rationale"] == RATIONALE
    assert entry_count() == 0


def test_accepting_an_unready_pilot_needs_the_override(in_review, curator):
    with pytest.raises(Invalid) as caught:
        decide(in_review, curator, "accept")
    assert caught.value.field == "override"
    assert in_review.state == NominationState.IN_REVIEW
    assert entry_count() == 0


def test_accepting_with_the_override_creates_the_entry_and_marks_the_override(in_review, curator):
    decide(in_review, curator, "accept", override=True)
    assert in_review.state == NominationState.ACCEPTED
    assert in_review.override is True
    assert in_review.checklist["ready"] is False
    entry = db.session.scalar(select(CatalogueEntry))
    project = in_review.project
    assert (entry.name, entry.version, entry.standard_since) == (project.title, "1.0", TODAY)
    assert entry.maintainer_id == project.owner_id
    assert entry.origin_project == project
    assert entry.nomination == in_review
    assert entry.themes == project.themes
    verbs = set(db.session.scalars(select(Event.verb)))
    assert {"nomination_accepted", "catalogue_entry_created"} <= verbs


def test_accepting_a_ready_pilot_needs_no_override_and_snapshots_the_figures(
    make_project, make_nomination, curator, make_user, make_rating, make_adoption
):
    project = make_project()
    make_ready(project, make_user, make_rating, make_adoption)
    nomination = make_nomination(project=project, state=NominationState.IN_REVIEW)
    decide(nomination, curator, "accept")
    assert nomination.override is False
    assert nomination.checklist["ready"] is True
    # The new entry carries its adopters from the start, for the catalogue's order.
    entry = catalogue.for_project(project)
    assert entry.adopter_count == len(catalogue.adopters(entry)) > 0
    orgs = next(i for i in nomination.checklist["items"] if i["key"] == "rating_orgs")
    assert (orgs["actual"], orgs["required"], orgs["met"]) == (3, 3, True)


def test_the_snapshot_keeps_the_figures_of_the_moment(in_review, curator, make_user, make_rating):
    decide(in_review, curator, "return")
    make_rating(in_review.project, make_user(org="GM0014"), 5)
    orgs = next(i for i in in_review.checklist["items"] if i["key"] == "rating_orgs")
    assert orgs["actual"] == 0


def test_the_curator_may_adjust_the_entry_when_accepting(in_review, curator, make_org):
    make_org("GM0014", name="Groningen")
    data = EntryData(
        name="Wmo-chatbot",
        description="Een **chatbot**.",
        maintainer="GM0014",
        version="2.1",
        standard_since=date(2026, 2, 1),
        common_ground_layer="interaction",
        themes=["social_domain", "governance_services"],
    )
    decide(in_review, curator, "accept", override=True, entry=data)
    entry = db.session.scalar(select(CatalogueEntry))
    assert (entry.name, entry.version, entry.maintainer.code) == ("Wmo-chatbot", "2.1", "GM0014")
    assert entry.common_ground_layer == "interaction"
    assert sorted(entry.themes) == ["governance_services", "social_domain"]


def test_invalid_entry_data_leaves_the_nomination_undecided(in_review, curator):
    with pytest.raises(Invalid) as caught:
        decide(in_review, curator, "accept", override=True, entry=EntryData(name=""))
    assert caught.value.field == "name"
    assert in_review.state == NominationState.IN_REVIEW


@pytest.mark.parametrize("state", ["withdrawn", "rejected", "accepted", "returned"])
def test_a_closed_nomination_cannot_be_decided(make_nomination, curator, state):
    nomination = make_nomination(state=state)
    with pytest.raises(Invalid) as caught:
        decide(nomination, curator, "accept", override=True)
    assert nomination.state == state
    expected = "ingetrokken" if state == "withdrawn" else "al besloten"
    assert expected in str(caught.value.reason)


def test_a_submitted_nomination_is_taken_into_review_before_a_decision(make_nomination, curator):
    nomination = make_nomination()
    with pytest.raises(Invalid):
        decide(nomination, curator)
    assert nomination.state == NominationState.SUBMITTED


def test_the_decision_notifies_owners_and_nominator_with_the_rationale(
    in_review, curator, make_user, mail_log
):
    owner_member = make_user(org="GM0344")
    decide(in_review, curator, "return")
    rows = list(db.session.scalars(select(Notification)))
    assert {row.user_id for row in rows} == {owner_member.id, in_review.nominator_id}
    assert all(row.kind == "nomination_returned" for row in rows)
    assert all(row.params["rationale"] == RATIONALE for row in rows)
    db.session.commit()
    assert RATIONALE in mail_log.read_text(encoding="utf-8")


def test_a_stale_version_is_a_conflict(in_review, curator):
    with pytest.raises(Conflict):
        decide(in_review, curator, "reject", version=in_review.version - 1)
    assert in_review.state == NominationState.IN_REVIEW


def test_two_curators_deciding_at_once_one_wins(app, in_review, curator, make_user, mail_log):
    """Both loaded the nomination under review; the second to write is told it changed."""
    rival = make_user(org="vng", role=Role.CURATOR)
    db.session.commit()
    version, nomination_id = in_review.version, in_review.id
    assert in_review.state == NominationState.IN_REVIEW  # loaded before the rival writes
    # As between two requests: the version travels in the form, no transaction stays open
    # (on SQLite an open read would see a stale snapshot and be refused outright).
    db.session.commit()

    with Session(db.engine) as other:
        theirs = other.get(Nomination, nomination_id)
        theirs.state = NominationState.REJECTED
        theirs.decision = NominationState.REJECTED
        theirs.rationale = "Afgewezen door de andere curator, met reden."
        other.commit()

    with pytest.raises(Conflict) as caught:
        decide(in_review, rival, "accept", override=True, version=version)
    assert "intussen gewijzigd" in str(caught.value.reason)
    db.session.rollback()
    assert db.session.get(Nomination, nomination_id).state == NominationState.REJECTED
    assert entry_count() == 0
    assert not mail_log.exists()


# --- The queue ------------------------------------------------------------------------


def test_the_queue_sorts_by_age_readiness_and_score(make_project, make_nomination, curator):
    old = make_nomination(project=make_project(phase=Phase.RUNNING))
    old.created_at = utcnow() - timedelta(days=30)
    ready = make_nomination(project=make_project(phase=Phase.COMPLETED, results="Goed."))
    scored = make_nomination(project=make_project(phase=Phase.RUNNING))
    scored.project.score = 4.2
    db.session.flush()

    def order(sort: str) -> list[int]:
        return [row.nomination.id for row in curation.queue(curator, "submitted", sort, DEFAULTS)]

    assert order("age") == [old.id, ready.id, scored.id]
    assert order("readiness")[0] == ready.id
    assert order("score")[0] == scored.id


def test_the_queue_is_for_curators_only(make_user, caplog):
    with caplog.at_level(logging.WARNING, logger="registry.security"), pytest.raises(NotAllowed):
        curation.queue(make_user(org="GM0014"), "submitted", "age", DEFAULTS)
    assert any("curation.queue" in r.getMessage() for r in caplog.records)


# --- Over HTTP ----------------------------------------------------------------------


def test_a_member_gets_403_on_the_curation_pages_and_it_is_logged(
    client, login, make_user, make_nomination, caplog
):
    nomination = make_nomination()
    member = login(make_user(org="GM0014"))
    with caplog.at_level(logging.WARNING, logger="registry.security"):
        assert client.get("/curation").status_code == 403
        assert client.get(f"/curation/{nomination.id}").status_code == 403
    messages = [r.getMessage() for r in caplog.records if r.name == "registry.security"]
    assert len(messages) == 2
    assert all(f"user {member.id}" in m for m in messages)


def test_a_member_posting_a_decision_directly_gets_403_and_nothing_changes(
    client, login, make_user, in_review, caplog
):
    member = login(make_user(org="GM0014"))
    with caplog.at_level(logging.WARNING, logger="registry.security"):
        response = client.post(
            f"/curation/{in_review.id}/decide",
            data={
                "version": in_review.version,
                "decision": "accept",
                "rationale": RATIONALE,
                "override": "y",
            },
        )
    assert response.status_code == 403
    assert db.session.get(Nomination, in_review.id).state == NominationState.IN_REVIEW
    assert entry_count() == 0
    [record] = [r for r in caplog.records if r.name == "registry.security"]
    assert record.levelno == logging.WARNING
    message = record.getMessage()
    assert "curation.decide" in message
    assert f"nomination:{in_review.id}" in message
    assert f"user {member.id}" in message


def test_a_member_posting_take_into_review_gets_403(client, login, make_user, make_nomination):
    nomination = make_nomination()
    login(make_user(org="GM0014"))
    response = client.post(f"/curation/{nomination.id}/review", data={"version": 1})
    assert response.status_code == 403
    assert db.session.get(Nomination, nomination.id).state == NominationState.SUBMITTED


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/curation")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_queue_page_lists_nominations_with_their_readiness(
    client, login, curator, make_nomination
):
    nomination = make_nomination()
    login(curator)
    html = page(client.get("/curation"))
    assert nomination.project.title in html
    assert f"/curation/{nomination.id}" in html
    assert "van 6 voorwaarden" in html


def test_the_queue_page_costs_the_same_for_few_and_many(
    client, login, curator, make_nomination, count_queries
):
    login(curator)

    def measure(n: int) -> int:
        for _ in range(n):
            make_nomination()
        db.session.commit()
        with count_queries() as counter:
            assert client.get("/curation?sort=readiness").status_code == 200
        return counter.count

    assert measure(3) == measure(25)


def test_taking_into_review_over_http(client, login, curator, make_nomination):
    nomination = make_nomination()
    login(curator)
    response = client.post(
        f"/curation/{nomination.id}/review", data={"version": nomination.version}
    )
    assert response.status_code == 302
    assert db.session.get(Nomination, nomination.id).state == NominationState.IN_REVIEW


def test_the_decision_form_is_prefilled_from_the_pilot(client, login, curator, in_review):
    login(curator)
    html = page(client.get(f"/curation/{in_review.id}"))
    assert f'name="version" type="hidden" value="{in_review.version}"' in html
    assert f'value="{in_review.project.title}"' in html
    assert 'name="override"' in html
    assert "Nog niet voldaan" in html


def test_a_decision_without_rationale_over_http_is_refused_at_the_field(
    client, login, curator, in_review
):
    login(curator)
    response = client.post(
        f"/curation/{in_review.id}/decide",
        data={"version": in_review.version, "decision": "reject", "rationale": ""},
    )
    assert response.status_code == 200
    assert 'id="rationale-error"' in page(response)
    assert db.session.get(Nomination, in_review.id).state == NominationState.IN_REVIEW


def test_an_override_without_the_checkbox_over_http_is_refused(client, login, curator, in_review):
    login(curator)
    response = client.post(
        f"/curation/{in_review.id}/decide",
        data={"version": in_review.version, "decision": "accept", "rationale": RATIONALE},
    )
    assert 'id="override-error"' in page(response)
    assert db.session.get(Nomination, in_review.id).state == NominationState.IN_REVIEW
    assert entry_count() == 0


def test_an_override_without_a_rationale_over_http_is_refused(client, login, curator, in_review):
    login(curator)
    response = client.post(
        f"/curation/{in_review.id}/decide",
        data={"version": in_review.version, "decision": "accept", "override": "y"},
    )
    assert 'id="rationale-error"' in page(response)
    assert entry_count() == 0


def test_accepting_over_http_creates_the_entry_and_shows_it(
    client, login, curator, in_review, make_org
):
    login(curator)
    response = client.post(
        f"/curation/{in_review.id}/decide",
        data={
            "version": in_review.version,
            "decision": "accept",
            "rationale": RATIONALE,
            "override": "y",
            "name": "Wmo-chatbot",
            "description": "Een chatbot.",
            "maintainer": "GM0344",
            "entry_version": "1.2",
            "standard_since": "2026-02-01",
            "themes": ["social_domain"],
        },
    )
    assert response.status_code == 302
    entry = db.session.scalar(select(CatalogueEntry))
    assert response.headers["Location"].endswith(f"/catalogue/{entry.slug}")
    assert (entry.name, entry.version, entry.standard_since) == (
        "Wmo-chatbot",
        "1.2",
        date(2026, 2, 1),
    )
    html = page(client.get(f"/catalogue/{entry.slug}"))
    assert RATIONALE in html
    assert "Wmo-chatbot" in html


def test_a_decision_on_a_withdrawn_nomination_over_http_says_so(
    client, login, curator, make_nomination
):
    nomination = make_nomination(state=NominationState.WITHDRAWN)
    login(curator)
    response = client.post(
        f"/curation/{nomination.id}/decide",
        data={"version": nomination.version, "decision": "reject", "rationale": RATIONALE},
    )
    assert response.status_code == 409
    assert "ingetrokken" in page(response)
    assert db.session.get(Nomination, nomination.id).state == NominationState.WITHDRAWN


def test_a_stale_form_is_told_the_nomination_changed_and_nothing_is_overwritten(
    client, login, curator, in_review, make_user
):
    rival = make_user(org="vng", role=Role.CURATOR)
    login(curator)
    html = page(client.get(f"/curation/{in_review.id}"))
    stale_version = in_review.version
    assert f'value="{stale_version}"' in html

    login(rival)
    first = client.post(
        f"/curation/{in_review.id}/decide",
        data={"version": stale_version, "decision": "reject", "rationale": RATIONALE},
    )
    assert first.status_code == 302

    login(curator)
    second = client.post(
        f"/curation/{in_review.id}/decide",
        data={
            "version": stale_version,
            "decision": "accept",
            "override": "y",
            "rationale": "Ik neem hem toch aan, want hij is overal bruikbaar.",
        },
    )
    assert second.status_code == 409
    assert "intussen gewijzigd" in page(second)
    nomination = db.session.get(Nomination, in_review.id)
    assert nomination.state == NominationState.REJECTED
    assert nomination.rationale == RATIONALE
    assert entry_count() == 0
