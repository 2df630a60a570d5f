"""Nominating a pilot for the catalogue, and withdrawing the nomination."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from registry.extensions import db
from registry.models import Event, Nomination, NominationState, utcnow
from registry.models.vocab import Role
from registry.services import curation, nominations
from registry.services.errors import Conflict, Invalid, NotAllowed
from tests.test_nominations_support import nomination_count, page

MOTIVATION = "Deze pilot lost een probleem op dat elke gemeente heeft."


# --- The service ------------------------------------------------------------------


def test_a_member_of_another_municipality_nominates_a_published_pilot(make_project, make_user):
    project = make_project(owner="GM0344")
    member = make_user(org="GM0363")
    nomination = nominations.nominate(project, member, MOTIVATION)
    assert nomination.state == NominationState.SUBMITTED
    assert nomination.nominator == member
    event = db.session.scalar(select(Event).where(Event.verb == "nominated"))
    assert (event.subject_type, event.subject_id) == ("project", project.id)
    assert event.payload["nomination_id"] == nomination.id


def test_the_owners_may_nominate_their_own_pilot(make_project, make_user):
    project = make_project(owner="GM0344")
    assert nominations.nominate(project, make_user(org="GM0344"), MOTIVATION).id


def test_a_draft_cannot_be_nominated(make_project, make_user):
    project = make_project(owner="GM0344", published=False)
    with pytest.raises(NotAllowed):
        nominations.nominate(project, make_user(org="GM0344"), MOTIVATION)


def test_a_hidden_pilot_cannot_be_nominated(make_project, make_user):
    project = make_project()
    project.hidden_at = utcnow()
    with pytest.raises(NotAllowed):
        nominations.nominate(project, make_user(org="GM0363"), MOTIVATION)


def test_an_account_without_organisation_cannot_nominate(make_project, make_user):
    with pytest.raises(NotAllowed):
        nominations.nominate(make_project(), make_user(org=None), MOTIVATION)


@pytest.mark.parametrize("motivation", ["", "   ", "x" * 2001])
def test_the_motivation_is_required_and_at_most_2000_characters(
    make_project, make_user, motivation
):
    with pytest.raises(Invalid) as caught:
        nominations.nominate(make_project(), make_user(org="GM0363"), motivation)
    assert caught.value.field == "motivation"


def test_a_second_open_nomination_is_refused_with_a_clear_message(make_project, make_user):
    project = make_project()
    nominations.nominate(project, make_user(org="GM0363"), MOTIVATION)
    with pytest.raises(Conflict) as caught:
        nominations.nominate(project, make_user(org="GM0014"), MOTIVATION)
    assert "al voorgedragen" in str(caught.value.reason)
    assert nomination_count(project) == 1


def test_the_database_refuses_a_second_open_nomination(make_project, make_user):
    project = make_project()
    nominator = make_user(org="GM0363")
    db.session.add(Nomination(project=project, nominator=nominator, motivation="a"))
    db.session.flush()
    db.session.add(
        Nomination(project=project, nominator=nominator, motivation="b", state="in_review")
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_closed_nominations_do_not_block_the_database_constraint(make_project, make_user):
    project = make_project()
    nominator = make_user(org="GM0363")
    for state in ("returned", "rejected", "withdrawn", "submitted"):
        db.session.add(
            Nomination(project=project, nominator=nominator, motivation="m", state=state)
        )
    db.session.flush()
    assert nomination_count(project) == 4


def test_losing_a_race_for_the_open_nomination_is_a_conflict_and_keeps_the_transaction(
    make_project, make_user, monkeypatch
):
    """Two requests both pass the check; the database lets only one insert through."""
    project = make_project()
    nominations.nominate(project, make_user(org="GM0363"), MOTIVATION)
    monkeypatch.setattr(nominations, "open_nomination", lambda project: None)
    with pytest.raises(Conflict):
        nominations.nominate(project, make_user(org="GM0014"), MOTIVATION)
    # The savepoint rolled back only the losing insert.
    assert nomination_count(project) == 1
    db.session.commit()


def test_a_returned_pilot_can_be_nominated_again(make_project, make_user, make_nomination):
    project = make_project()
    make_nomination(project=project, state=NominationState.RETURNED)
    again = nominations.nominate(project, make_user(org="GM0363"), MOTIVATION)
    assert again.state == NominationState.SUBMITTED
    assert nomination_count(project) == 2


def test_a_pilot_already_in_the_catalogue_cannot_be_nominated(make_user, make_entry):
    entry = make_entry()
    with pytest.raises(Conflict):
        nominations.nominate(entry.origin_project, make_user(org="GM0363"), MOTIVATION)


def test_the_nominator_withdraws_an_open_nomination(make_project, make_user):
    member = make_user(org="GM0363")
    nomination = nominations.nominate(make_project(), member, MOTIVATION)
    nominations.withdraw(nomination, member)
    assert nomination.state == NominationState.WITHDRAWN
    assert nomination.closed_at is not None
    assert db.session.scalar(select(Event.verb).where(Event.verb == "nomination_withdrawn"))


def test_an_owner_or_partner_may_withdraw_someone_elses_nomination(make_project, make_user):
    project = make_project(owner="GM0344", partners=("GM0014",))
    first = nominations.nominate(project, make_user(org="GM0363"), MOTIVATION)
    nominations.withdraw(first, make_user(org="GM0344"))
    second = nominations.nominate(project, make_user(org="GM0363"), MOTIVATION)
    nominations.withdraw(second, make_user(org="GM0014"))
    assert second.state == NominationState.WITHDRAWN


def test_others_cannot_withdraw_a_nomination(make_project, make_user):
    nomination = nominations.nominate(make_project(), make_user(org="GM0363"), MOTIVATION)
    with pytest.raises(NotAllowed):
        nominations.withdraw(nomination, make_user(org="GM0014"))
    assert nomination.state == NominationState.SUBMITTED


def test_a_decided_nomination_cannot_be_withdrawn(make_nomination):
    nomination = make_nomination(state=NominationState.REJECTED)
    with pytest.raises(Invalid):
        nominations.withdraw(nomination, nomination.nominator)


# --- Over HTTP --------------------------------------------------------------------


def test_nominate_page_asks_anonymous_visitors_to_log_in(client, make_project):
    project = make_project()
    response = client.get(f"/projects/{project.slug}/nominate")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_nominate_page_shows_the_readiness_checklist_with_figures(
    client, login, make_project, make_user
):
    project = make_project()
    login(make_user(org="GM0363"))
    html = page(client.get(f"/projects/{project.slug}/nominate"))
    assert "0 organisaties hebben beoordeeld (3 nodig)" in html
    assert "Nog niet voldaan" in html
    assert 'name="motivation"' in html


def test_nominating_over_http_stores_the_nomination_and_returns_to_the_pilot(
    client, login, make_project, make_user
):
    project = make_project()
    login(make_user(org="GM0363"))
    response = client.post(f"/projects/{project.slug}/nominate", data={"motivation": MOTIVATION})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/projects/{project.slug}")
    assert nomination_count(project) == 1


def test_nominating_a_draft_over_http_is_refused(client, login, make_project, make_user):
    project = make_project(owner="GM0344", published=False)
    login(make_user(org="GM0344"))
    response = client.post(f"/projects/{project.slug}/nominate", data={"motivation": MOTIVATION})
    assert response.status_code == 403
    assert "gepubliceerde pilots" in page(response)
    assert nomination_count(project) == 0


def test_someone_elses_draft_is_not_found(client, login, make_project, make_user):
    project = make_project(owner="GM0344", published=False)
    login(make_user(org="GM0363"))
    response = client.post(f"/projects/{project.slug}/nominate", data={"motivation": MOTIVATION})
    assert response.status_code == 404
    assert nomination_count(project) == 0


def test_an_empty_motivation_is_shown_at_the_field_and_nothing_is_stored(
    client, login, make_project, make_user
):
    project = make_project()
    login(make_user(org="GM0363"))
    response = client.post(f"/projects/{project.slug}/nominate", data={"motivation": "  "})
    html = page(response)
    assert response.status_code == 200
    assert 'id="motivation-error"' in html
    assert "Leg uit waarom" in html
    assert nomination_count(project) == 0


def test_a_too_long_motivation_is_refused_over_http(client, login, make_project, make_user):
    project = make_project()
    login(make_user(org="GM0363"))
    response = client.post(f"/projects/{project.slug}/nominate", data={"motivation": "x" * 2001})
    assert "hoogstens 2000 tekens" in page(response)
    assert nomination_count(project) == 0


def test_a_second_open_nomination_over_http_gets_a_clear_message(
    client, login, make_project, make_user, make_nomination
):
    project = make_project()
    make_nomination(project=project)
    login(make_user(org="GM0014"))
    response = client.post(f"/projects/{project.slug}/nominate", data={"motivation": MOTIVATION})
    assert response.status_code == 409
    assert "al voorgedragen" in page(response)
    assert nomination_count(project) == 1


def test_withdrawing_over_http(client, login, make_project, make_user, make_nomination):
    project = make_project()
    nomination = make_nomination(project=project)
    login(nomination.nominator)
    response = client.post(
        f"/nominations/{nomination.id}/withdraw", data={"version": nomination.version}
    )
    assert response.status_code == 302
    assert db.session.get(Nomination, nomination.id).state == NominationState.WITHDRAWN


def test_a_stranger_withdrawing_over_http_gets_403(
    client, login, make_project, make_user, make_nomination
):
    nomination = make_nomination()
    login(make_user(org="GM0014"))
    response = client.post(
        f"/nominations/{nomination.id}/withdraw", data={"version": nomination.version}
    )
    assert response.status_code == 403
    assert db.session.get(Nomination, nomination.id).state == NominationState.SUBMITTED


def test_the_nominate_page_offers_withdrawal_to_the_nominator_only(
    client, login, make_user, make_nomination
):
    nomination = make_nomination()
    slug = nomination.project.slug
    login(nomination.nominator)
    assert "Voordracht intrekken" in page(client.get(f"/projects/{slug}/nominate"))
    login(make_user(org="GM0014"))
    html = page(client.get(f"/projects/{slug}/nominate"))
    assert "Voordracht intrekken" not in html
    assert 'name="motivation"' not in html


def test_withdrawing_from_a_stale_page_changes_nothing(client, login, make_nomination, curator_of):
    nomination = make_nomination()
    stale = nomination.version
    curation.take_into_review(nomination, curator_of())
    login(nomination.nominator)
    response = client.post(f"/nominations/{nomination.id}/withdraw", data={"version": stale})
    assert response.status_code == 302
    assert "intussen gewijzigd" in page(client.get(response.headers["Location"]))
    assert db.session.get(Nomination, nomination.id).state == NominationState.IN_REVIEW


@pytest.fixture
def curator_of(make_user):
    return lambda: make_user(org="GM0014", role=Role.CURATOR)
