"""Who is told what: each role receives exactly what the matrix says, the actor nothing,
nobody what they turned off, and a disabled account nothing at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import (
    Follow,
    MailChannel,
    MailOutbox,
    Nomination,
    Notification,
    User,
    utcnow,
)
from registry.models.vocab import Phase, Role
from registry.services import (
    adoptions,
    catalogue,
    curation,
    nominations,
    notification_matrix,
    notifications,
    projects,
)
from registry.services.follows import Target
from registry.services.readiness import Thresholds
from tests.test_nominations_support import RATIONALE

THEME = "economy"


@dataclass
class Cast:
    owner: User
    owner_colleague: User
    partner: User
    disabled_partner: User
    nominator: User
    curator: User
    outsider: User
    pilot_follower: User
    theme_follower: User
    organisation_follower: User
    catalogue_follower: User

    def everyone(self) -> dict[str, User]:
        return dict(vars(self))


def follow(user: User, target: Target) -> None:
    db.session.add(Follow(user_id=user.id, target_type=target.type, target_key=target.key))


@pytest.fixture
def cast(make_user, make_org) -> Cast:
    make_org("vng", name="VNG", kind="association", province=None)
    people = Cast(
        owner=make_user(org="GM0344"),
        owner_colleague=make_user(org="GM0344"),
        partner=make_user(org="GM0363"),
        disabled_partner=make_user(org="GM0363"),
        nominator=make_user(org="GM0599"),
        curator=make_user(org="vng", role=Role.CURATOR),
        outsider=make_user(org="GM0014"),
        pilot_follower=make_user(org="GM0034"),
        theme_follower=make_user(org="GM0037"),
        organisation_follower=make_user(org="GM0047"),
        catalogue_follower=make_user(org="GM0050"),
    )
    people.disabled_partner.disabled = True
    db.session.commit()
    return people


@pytest.fixture
def pilot(make_project, cast):
    project = make_project(
        owner="GM0344", partners=("GM0363",), themes=(THEME,), phase=Phase.RUNNING
    )
    follow(cast.pilot_follower, Target.project(project))
    follow(cast.theme_follower, Target.theme(THEME))
    follow(cast.organisation_follower, Target.organisation(project.owner))
    follow(cast.catalogue_follower, Target.catalogue())
    db.session.commit()
    return project


def told(cast: Cast) -> dict[str, list[str]]:
    """Who holds which notifications, by role; everyone is listed (an empty list: nothing)."""
    db.session.commit()  # as the view would; followers are told after the commit
    db.session.expire_all()
    rows = db.session.execute(select(Notification.user_id, Notification.kind)).all()
    by_id: dict[int, list[str]] = {}
    for user_id, kind in rows:
        by_id.setdefault(user_id, []).append(kind)
    return {role: sorted(by_id.get(user.id, [])) for role, user in cast.everyone().items()}


def only(expected: dict[str, list[str]]) -> dict[str, list[str]]:
    roles = Cast.__dataclass_fields__
    return {role: sorted(expected.get(role, [])) for role in roles}


def scores(value: int = 4) -> dict[str, int]:
    from registry.services import rubric

    return {c.code: value for c in rubric.active_criteria()}


OWNERS = ("owner", "owner_colleague", "partner")


def test_a_rating_tells_the_owners_and_partners_only(cast, pilot):
    from registry.services import ratings

    ratings.submit(pilot, cast.outsider, scores(), "Goed.")
    assert told(cast) == only({role: ["project_rated"] for role in OWNERS})


def test_an_adoption_report_tells_the_owners_and_partners_only(cast, pilot):
    adoptions.declare(pilot, cast.outsider, adoptions.AdoptionData(status="in_use", hours=10))
    assert told(cast) == only({role: ["project_adopted"] for role in OWNERS})


def test_the_actor_is_never_told_of_their_own_action(cast, pilot):
    """An owner asks on their own pilot: colleagues and partners hear of it, the owner not."""
    notification_matrix.question_asked(pilot, cast.owner, question_id=7)
    assert told(cast) == only(
        {"owner_colleague": ["project_question"], "partner": ["project_question"]}
    )


def test_a_question_asked_on_a_pilot_tells_its_owners_and_partners(cast, pilot):
    from registry.services import questions

    questions.ask(pilot, cast.outsider, "Wat kostte de invoering?")
    assert told(cast) == only({role: ["project_question"] for role in OWNERS})


def test_a_nomination_tells_owners_partners_and_curators_not_the_nominator(cast, pilot):
    nominations.nominate(pilot, cast.nominator, "Deze pilot verdient een plek in de catalogus.")
    expected = {role: ["nomination_submitted"] for role in OWNERS}
    expected["curator"] = ["nomination_new"]
    assert told(cast) == only(expected)


@pytest.fixture
def submitted(cast, pilot) -> Nomination:
    nomination = nominations.nominate(
        pilot, cast.nominator, "Deze pilot verdient een plek in de catalogus."
    )
    db.session.commit()
    db.session.execute(Notification.__table__.delete())
    db.session.commit()
    return nomination


def test_every_nomination_step_tells_owners_partners_and_the_nominator(cast, submitted):
    curation.take_into_review(submitted, cast.curator)
    expected = {role: ["nomination_in_review"] for role in (*OWNERS, "nominator")}
    assert told(cast) == only(expected)


@pytest.mark.parametrize("decision", ["reject", "return"])
def test_a_decision_tells_owners_partners_and_the_nominator(cast, submitted, decision):
    curation.take_into_review(submitted, cast.curator)
    db.session.commit()
    db.session.execute(Notification.__table__.delete())
    curation.decide(
        submitted,
        cast.curator,
        decision,
        RATIONALE,
        thresholds=Thresholds(),
        today=date(2026, 3, 1),
    )
    kind = {"reject": "nomination_rejected", "return": "nomination_returned"}[decision]
    assert told(cast) == only({role: [kind] for role in (*OWNERS, "nominator")})


def test_a_promotion_tells_the_followers_of_pilot_theme_organisation_and_catalogue(cast, submitted):
    # A partner who also follows the pilot hears of it once, as a partner.
    follow(cast.partner, Target.project(submitted.project))
    curation.take_into_review(submitted, cast.curator)
    db.session.commit()
    db.session.execute(Notification.__table__.delete())
    curation.decide(
        submitted,
        cast.curator,
        "accept",
        RATIONALE,
        thresholds=Thresholds(),
        today=date(2026, 3, 1),
        override=True,
    )
    expected = {role: ["nomination_accepted"] for role in (*OWNERS, "nominator")}
    for role in ("pilot_follower", "theme_follower", "organisation_follower", "catalogue_follower"):
        expected[role] = ["pilot_promoted"]
    assert told(cast) == only(expected)


def test_a_withdrawal_tells_owners_and_partners_not_the_nominator_who_withdrew(cast, submitted):
    nominations.withdraw(submitted, cast.nominator)
    assert told(cast) == only({role: ["nomination_withdrawn"] for role in OWNERS})


def test_publishing_a_pilot_tells_the_followers_of_its_themes_and_organisations(cast, make_project):
    draft = make_project(owner="GM0344", partners=("GM0363",), themes=(THEME,), published=False)
    follow(cast.theme_follower, Target.theme(THEME))
    follow(cast.organisation_follower, Target.organisation(draft.partners[0]))
    follow(cast.owner, Target.theme(THEME))  # the actor, following too: still nothing
    db.session.commit()
    projects.publish(draft, cast.owner)
    assert told(cast) == only(
        {"theme_follower": ["pilot_published"], "organisation_follower": ["pilot_published"]}
    )


def test_publishing_again_after_unpublishing_tells_nobody_again(cast, pilot):
    projects.unpublish(pilot, cast.owner)
    projects.publish(pilot, cast.owner)
    assert told(cast) == only({})


def edit(project, user, **changes):
    data = projects.ProjectData(**{**form_values(project), **changes})
    return projects.update(project, user, data, project.version)


def form_values(project) -> dict:
    from dataclasses import fields

    values = {}
    for f in fields(projects.ProjectData):
        if f.name in ("themes", "tags"):
            values[f.name] = list(getattr(project, f.name))
        elif f.name == "partners":
            values[f.name] = [org.code for org in project.partners]
        elif f.name == "indicators":
            values[f.name] = []
        elif hasattr(project, f.name):
            values[f.name] = getattr(project, f.name)
    return values


def test_a_phase_change_and_new_results_tell_the_pilots_followers(cast, pilot):
    edit(pilot, cast.owner, phase=Phase.COMPLETED, results="De wachttijd is gehalveerd.")
    assert told(cast) == only({"pilot_follower": ["pilot_phase_changed", "pilot_results_added"]})


def test_an_edit_without_phase_or_results_tells_nobody(cast, pilot):
    edit(pilot, cast.owner, summary="Een nieuwe samenvatting van de pilot.")
    assert told(cast) == only({})


def test_a_catalogue_status_change_tells_catalogue_and_origin_pilot_followers(
    cast, pilot, make_entry
):
    entry = make_entry(project=pilot)
    db.session.commit()
    catalogue.change_status(entry, cast.curator, "deprecated", "Er is een betere opvolger.")
    assert told(cast) == only(
        {
            "pilot_follower": ["catalogue_status_changed"],
            "catalogue_follower": ["catalogue_status_changed"],
        }
    )


def test_curators_are_told_once_of_a_nomination_waiting_more_than_14_days(
    cast, pilot, make_nomination
):
    old = make_nomination(project=pilot, created_at=utcnow() - timedelta(days=15))
    make_nomination(created_at=utcnow() - timedelta(days=13))  # not yet
    db.session.commit()
    assert notification_matrix.remind_waiting_nominations(utcnow()) == 1
    assert notification_matrix.remind_waiting_nominations(utcnow()) == 0
    assert told(cast) == only({"curator": ["nomination_waiting"]})
    assert db.session.get(Nomination, old.id).waiting_notified_at is not None


def test_the_reminder_command_tells_curators_once(cast, pilot, make_nomination, runner):
    make_nomination(project=pilot, created_at=utcnow() - timedelta(days=20))
    db.session.commit()
    assert "1" in runner.invoke(args=["notifications", "remind"]).output
    assert "0" in runner.invoke(args=["notifications", "remind"]).output
    assert told(cast) == only({"curator": ["nomination_waiting"]})


# --- What people turned off --------------------------------------------------------------


def mails_to(user: User) -> list[str]:
    db.session.commit()
    return list(db.session.scalars(select(MailOutbox.kind).where(MailOutbox.user_id == user.id)))


def test_nobody_receives_what_they_turned_off(cast, pilot):
    notifications.set_channel(cast.partner, "project_rated", MailChannel.OFF)
    notifications.set_channel(cast.owner_colleague, "project_rated", MailChannel.NEVER)
    db.session.commit()
    from registry.services import ratings

    ratings.submit(pilot, cast.outsider, scores(), "")
    result = told(cast)
    assert result["partner"] == []
    assert result["owner_colleague"] == ["project_rated"]  # on the site ...
    assert mails_to(cast.owner_colleague) == []  # ... and no mail
    assert mails_to(cast.owner) == ["project_rated"]
    assert mails_to(cast.partner) == []


def test_a_follower_who_turned_a_kind_off_is_not_told(cast, pilot):
    notifications.set_channel(cast.pilot_follower, "pilot_phase_changed", MailChannel.OFF)
    db.session.commit()
    edit(pilot, cast.owner, phase=Phase.COMPLETED)
    assert told(cast)["pilot_follower"] == []


def test_a_disabled_account_receives_nothing(cast, pilot):
    follow(cast.disabled_partner, Target.project(pilot))
    db.session.commit()
    from registry.services import ratings

    ratings.submit(pilot, cast.outsider, scores(), "")
    edit(pilot, cast.owner, phase=Phase.COMPLETED)
    assert told(cast)["disabled_partner"] == []
    assert mails_to(cast.disabled_partner) == []


def test_every_kind_in_the_matrix_has_a_sentence_and_every_kind_an_audience():
    from registry.services.notification_kinds import BY_CODE

    assert set(notification_matrix.MATRIX) == set(BY_CODE)
