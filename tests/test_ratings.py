"""Rating a pilot: who may, what the form accepts, and one rating per user."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from registry.extensions import db
from registry.models import Event, Project, Rating, RatingScore, utcnow
from registry.services import ratings
from registry.services.errors import Invalid, NotAllowed

CODES = (
    "transferability",
    "documentation",
    "open_standards",
    "proven_results",
    "maintenance",
    "privacy_security",
    "adoption_effort",
)


def form(value="4", comment="", **overrides):
    data = dict.fromkeys(CODES, value)
    data["comment"] = comment
    data.update(overrides)
    return data


def text(reason) -> str:
    """A lazy translated message as the Dutch text a user would read."""
    from flask import current_app

    with current_app.test_request_context():
        return str(reason)


def rating_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Rating))


# --- Who may rate ------------------------------------------------------------------------


def test_a_member_of_another_municipality_may_rate(make_project, make_user):
    project = make_project(owner="GM0344")
    rating = ratings.submit(project, make_user(org="GM0363"), dict.fromkeys(CODES, 4), "Goed")
    assert rating.score_by_code() == dict.fromkeys(CODES, 4)


@pytest.mark.parametrize(
    ("org", "expected"),
    [("GM0344", "eigenaar"), ("GM0599", "partner")],
)
def test_owners_and_partners_may_not_rate_their_own_pilot(make_project, make_user, org, expected):
    project = make_project(owner="GM0344", partners=("GM0599",))
    with pytest.raises(NotAllowed) as err:
        ratings.submit(project, make_user(org=org), dict.fromkeys(CODES, 5))
    assert expected in text(err.value.reason)
    assert rating_count() == 0


def test_drafts_and_hidden_pilots_cannot_be_rated(make_project, make_user):
    draft = make_project(published=False)
    hidden = make_project(hidden_at=utcnow(), hidden_reason="Onjuist")
    rater = make_user(org="GM0363")
    for project in (draft, hidden):
        with pytest.raises(NotAllowed):
            ratings.submit(project, rater, dict.fromkeys(CODES, 5))
    assert rating_count() == 0


def test_unverified_or_unplaced_accounts_cannot_rate(make_project, make_user):
    project = make_project()
    unverified = make_user(org="GM0363", verified=False)
    unplaced = make_user(org=None)
    for user in (unverified, unplaced, None):
        with pytest.raises(NotAllowed):
            ratings.submit(project, user, dict.fromkeys(CODES, 5))


# --- What the service accepts ---------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 6, -1, 5.0, "5", True, float("nan")])
def test_the_service_refuses_scores_that_are_not_1_to_5(make_project, make_user, value):
    project = make_project()
    with pytest.raises(Invalid) as err:
        ratings.submit(project, make_user(org="GM0363"), {"documentation": value})
    assert err.value.field == "documentation"
    assert rating_count() == 0


def test_the_service_refuses_a_rating_without_any_score(make_project, make_user):
    project = make_project()
    with pytest.raises(Invalid):
        ratings.submit(project, make_user(org="GM0363"), dict.fromkeys(CODES))
    with pytest.raises(Invalid):
        ratings.submit(project, make_user(org="GM0363"), {})
    assert rating_count() == 0


def test_the_service_refuses_unknown_criteria(make_project, make_user):
    with pytest.raises(Invalid):
        ratings.submit(make_project(), make_user(org="GM0363"), {"beauty": 5})


# --- One rating per user -------------------------------------------------------------------


def test_rating_again_updates_the_one_rating_and_keeps_history_in_events(make_project, make_user):
    project = make_project()
    rater = make_user(org="GM0363")
    ratings.submit(project, rater, dict.fromkeys(CODES, 2), "Eerste indruk")
    ratings.submit(project, rater, {"documentation": 5}, "Na het lezen van de handleiding")
    db.session.commit()
    rating = db.session.scalars(select(Rating)).one()
    assert rating.score_by_code() == {"documentation": 5}
    assert rating.comment == "Na het lezen van de handleiding"
    events = list(db.session.scalars(select(Event).where(Event.verb == "rated").order_by(Event.id)))
    assert [e.payload["scores"]["documentation"] for e in events] == [2, 5]
    assert [e.payload["updated"] for e in events] == [False, True]
    assert events[0].payload["scores"]["transferability"] == 2


def test_the_database_refuses_a_second_rating_row_for_the_same_user(make_project, make_user):
    from sqlalchemy.exc import IntegrityError

    project = make_project()
    rater = make_user(org="GM0363")
    ratings.submit(project, rater, dict.fromkeys(CODES, 3))
    db.session.add(
        Rating(project_id=project.id, user_id=rater.id, organisation_id=rater.organisation_id)
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_withdrawing_deletes_the_rating_and_records_it(make_project, make_user):
    project = make_project()
    rater = make_user(org="GM0363")
    ratings.submit(project, rater, dict.fromkeys(CODES, 5))
    ratings.withdraw(project, rater)
    db.session.commit()
    db.session.expire_all()
    assert rating_count() == 0
    assert db.session.scalar(select(func.count()).select_from(RatingScore)) == 0
    assert project.score is None
    assert project.rating_org_count == 0
    withdrawn = db.session.scalars(select(Event).where(Event.verb == "rating_withdrawn")).one()
    assert withdrawn.payload["scores"]["documentation"] == 5


# --- Over HTTP ---------------------------------------------------------------------------


def test_the_form_has_a_fieldset_per_criterion_with_the_question_as_legend(
    client, login, make_project, make_user
):
    project = make_project()
    login(make_user(org="GM0363"))
    html = client.get(f"/projects/{project.slug}/rate").get_data(as_text=True)
    assert html.count("<fieldset") >= 7
    assert "Kan een andere gemeente deze oplossing gebruiken" in html
    for code in CODES:
        for value in ("1", "2", "3", "4", "5", "unknown"):
            assert f'name="{code}" type="radio" value="{value}"' in html
    assert "Weet ik niet" in html
    assert 'name="comment"' in html


def test_the_form_speaks_english_with_english_criteria(client, login, make_project, make_user):
    project = make_project()
    login(make_user(org="GM0363"))
    html = client.get(f"/projects/{project.slug}/rate?lang=en").get_data(as_text=True)
    assert "Can another municipality use this solution" in html


def test_posting_the_form_stores_the_rating_and_redirects_to_the_pilot(
    client, login, make_project, make_user
):
    project = make_project()
    rater = login(make_user(org="GM0363"))
    response = client.post(
        f"/projects/{project.slug}/rate",
        data=form("4", "Goed overdraagbaar", documentation="unknown", maintenance="2"),
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/projects/{project.slug}#beoordelingen")
    rating = db.session.scalars(select(Rating)).one()
    assert rating.user_id == rater.id
    assert rating.score_by_code()["maintenance"] == 2
    assert "documentation" not in rating.score_by_code()
    assert rating.comment == "Goed overdraagbaar"
    stored = db.session.scalar(select(Project.score).where(Project.id == project.id))
    assert stored is not None


@pytest.mark.parametrize("bad", ["0", "6", "５", "NaN", "true", "", "4.0", " 4", "-1"])
def test_a_score_outside_1_to_5_is_an_error_at_its_field(
    client, login, make_project, make_user, bad
):
    project = make_project()
    login(make_user(org="GM0363"))
    response = client.post(f"/projects/{project.slug}/rate", data=form("4", transferability=bad))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="transferability-error"' in html
    assert "Kies een score van 1 tot 5" in html
    assert rating_count() == 0


@pytest.mark.parametrize("data", [{}, {"comment": "Alleen tekst"}, form("unknown")])
def test_an_empty_or_all_dont_know_form_is_refused_with_a_message(
    client, login, make_project, make_user, data
):
    project = make_project()
    login(make_user(org="GM0363"))
    response = client.post(f"/projects/{project.slug}/rate", data=data)
    assert response.status_code == 200
    assert "Geef ten minste één criterium een score" in response.get_data(as_text=True)
    assert rating_count() == 0


@pytest.mark.parametrize("org", ["GM0344", "GM0599"])
def test_a_direct_post_by_the_owner_or_a_partner_is_forbidden(
    client, login, make_project, make_user, org
):
    project = make_project(owner="GM0344", partners=("GM0599",))
    login(make_user(org=org))
    response = client.post(f"/projects/{project.slug}/rate", data=form("5"))
    assert response.status_code == 403
    assert rating_count() == 0


def test_a_direct_post_to_a_draft_is_not_found_for_outsiders(
    client, login, make_project, make_user
):
    project = make_project(published=False)
    login(make_user(org="GM0363"))
    assert client.post(f"/projects/{project.slug}/rate", data=form("5")).status_code == 404
    assert rating_count() == 0


def test_an_anonymous_post_is_forbidden(client, make_project):
    project = make_project()
    assert client.post(f"/projects/{project.slug}/rate", data=form("5")).status_code == 403
    assert rating_count() == 0


@pytest.mark.parametrize(
    ("org", "reason"),
    [
        ("GM0344", "eigenaar van deze pilot"),
        ("GM0599", "partner in deze pilot"),
        (None, "Log in om deze pilot te beoordelen"),
    ],
)
def test_ineligible_visitors_see_why_instead_of_the_form(
    client, login, make_project, make_user, org, reason
):
    project = make_project(owner="GM0344", partners=("GM0599",))
    if org:
        login(make_user(org=org))
    html = client.get(f"/projects/{project.slug}/rate").get_data(as_text=True)
    assert reason in html
    assert 'name="transferability"' not in html


def test_the_form_shows_the_users_earlier_rating_for_editing(
    client, login, make_project, make_user
):
    project = make_project()
    rater = login(make_user(org="GM0363"))
    ratings.submit(project, rater, {"documentation": 2}, "Eerder")
    html = client.get(f"/projects/{project.slug}/rate").get_data(as_text=True)
    assert 'checked id="documentation-1" name="documentation" type="radio" value="2"' in html
    assert (
        'checked id="transferability-5" name="transferability" type="radio" value="unknown"' in html
    )
    assert html.count("<input checked") == 7  # one per criterion
    assert "Eerder" in html
    assert "Beoordeling intrekken" in html


def test_withdraw_over_http(client, login, make_project, make_user):
    project = make_project()
    rater = login(make_user(org="GM0363"))
    ratings.submit(project, rater, {"documentation": 2})
    response = client.post(f"/projects/{project.slug}/rate/withdraw")
    assert response.status_code == 302
    assert rating_count() == 0


def test_withdraw_needs_a_csrf_token(app, client, login, make_project, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    project = make_project()
    rater = login(make_user(org="GM0363"))
    ratings.submit(project, rater, {"documentation": 2})
    assert client.post(f"/projects/{project.slug}/rate/withdraw").status_code == 400
    assert rating_count() == 1
