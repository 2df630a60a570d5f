"""`registry seed-demo`: realistic demo content, added once, with demo accounts printed."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from registry.demo.organisations import MUNICIPALITIES
from registry.demo.pilots import PILOTS
from registry.extensions import db
from registry.models import (
    Event,
    Indicator,
    Organisation,
    OrganisationDomain,
    Project,
    ProjectTheme,
    User,
    project_partner,
)
from registry.models.vocab import THEMES, OrgKind, Phase, Role, Visibility
from registry.services.passwords import verify_password
from tests.conftest import SHARED_DATA


@pytest.fixture
def seeded(app, seeded_demo):
    """`registry seed-demo` on an empty database: what it printed, and the database it left."""
    return seeded_demo


def count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def test_seed_adds_about_forty_pilots_from_at_least_fifteen_municipalities(seeded):
    assert count(select(Project.id)) >= 40
    owners = count(
        select(Project.owner_id)
        .join(Organisation, Organisation.id == Project.owner_id)
        .where(Organisation.kind == OrgKind.MUNICIPALITY)
        .distinct()
    )
    assert owners >= 15


def test_seed_covers_every_theme_and_every_phase_including_stopped(seeded):
    themes = set(db.session.scalars(select(ProjectTheme.theme).distinct()))
    assert themes == set(THEMES)
    phases = set(db.session.scalars(select(Project.phase).distinct()))
    assert phases == set(Phase)
    assert count(select(Project.id).where(Project.phase == Phase.STOPPED)) >= 3


def test_stopped_pilots_tell_their_lessons(seeded):
    stopped = db.session.scalars(select(Project).where(Project.phase == Phase.STOPPED)).all()
    assert stopped
    assert all(len(p.lessons) > 100 and p.end_date for p in stopped)


def test_seed_has_partners_indicators_and_some_drafts(seeded):
    assert count(select(project_partner.c.project_id).distinct()) >= 20
    with_indicators = count(select(Indicator.project_id).distinct())
    assert with_indicators >= 35
    completed = db.session.scalars(select(Project).where(Project.phase == Phase.COMPLETED)).all()
    assert all(any(i.result is not None for i in p.indicators) for p in completed)
    drafts = count(select(Project.id).where(Project.visibility == Visibility.DRAFT))
    assert 1 <= drafts <= 5


def test_demo_texts_respect_the_project_rules():
    slugs = [p.slug for p in PILOTS]
    assert len(slugs) == len(set(slugs))
    for pilot in PILOTS:
        assert len(pilot.summary) <= 300, pilot.slug
        assert len(pilot.title) <= 200, pilot.slug
        assert set(pilot.themes) <= set(THEMES), pilot.slug
        assert 1 <= len(pilot.indicators) <= 3 or pilot.phase == Phase.IDEA, pilot.slug
        for url in (pilot.website, pilot.repository, pilot.documentation):
            assert url == "" or url.startswith("https://"), pilot.slug
        assert pilot.owner not in pilot.partners, pilot.slug
        if pilot.phase in (Phase.COMPLETED, Phase.STOPPED):
            assert pilot.results, pilot.slug
            assert pilot.lessons, pilot.slug
            assert pilot.end, pilot.slug


def test_demo_municipalities_carry_their_real_cbs_codes():
    path = SHARED_DATA / "gemeenten.csv"
    if not path.exists():
        pytest.skip(f"{path} is missing")
    official = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        match = re.match(r'[^,]*,(GM\d{4}),("[^"]*"|[^,]*),\d+,(PV\d\d),(.*)$', line)
        official[match[1]] = (match[2].strip('"'), match[3], match[4])
    for org in MUNICIPALITIES:
        assert official[org.code] == (org.name, org.province_code, org.province), org.code


def test_demo_accounts_can_sign_in_with_the_demo_password(app, seeded):
    password = app.config["DEMO_PASSWORD"]
    users = {u.email: u for u in db.session.scalars(select(User))}
    assert users["curator@vng.nl"].role == Role.CURATOR
    assert users["admin@vng.nl"].role == Role.ADMIN
    assert users["admin@vng.nl"].organisation.code == "vng"
    members = [u for u in users.values() if u.role == Role.MEMBER]
    assert len({u.organisation_id for u in members}) >= 2
    assert users["innovator@utrecht.nl"].organisation.code == "GM0344"
    for user in users.values():
        assert user.is_active
        assert verify_password(user.password_hash, password)


def test_the_command_prints_the_demo_accounts_and_password(app, seeded):
    assert "admin@vng.nl" in seeded.output
    assert "innovator@utrecht.nl" in seeded.output
    assert app.config["DEMO_PASSWORD"] in seeded.output
    assert "40 pilots" in seeded.output


def test_a_second_run_adds_nothing_and_says_so(app, runner, seeded):
    before = [count(select(m.id)) for m in (Project, Organisation, User, Event, Indicator)]
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output
    assert "niets toegevoegd" in again.output
    assert app.config["DEMO_PASSWORD"] in again.output
    after = [count(select(m.id)) for m in (Project, Organisation, User, Event, Indicator)]
    assert after == before


def test_seed_after_loading_municipalities_reuses_them(runner, make_org):
    make_org("GM0344", name="Utrecht", province="Utrecht")
    db.session.commit()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    utrecht = db.session.scalars(select(Organisation).filter_by(code="GM0344")).all()
    assert len(utrecht) == 1
    assert [d.domain for d in utrecht[0].domains] == ["utrecht.nl"]
    assert count(select(Organisation.id)) == 21
    assert count(select(OrganisationDomain.id)) == 21


def test_existing_accounts_are_left_alone(runner, make_user):
    someone = make_user(org="GM0344", email="innovator@utrecht.nl", name="Echte Persoon")
    original_hash = someone.password_hash
    db.session.commit()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    db.session.refresh(someone)
    assert (someone.name, someone.password_hash) == ("Echte Persoon", original_hash)


def test_events_date_the_pilots_between_2023_and_2026(seeded):
    events = db.session.scalars(
        select(Event).where(
            Event.subject_type == "project", Event.verb.in_(("created", "published"))
        )
    ).all()
    assert {e.verb for e in events} == {"created", "published"}
    years = {e.created_at.year for e in events}
    assert min(years) == 2023
    assert max(years) == 2026
    published = count(select(Project.id).where(Project.visibility == Visibility.PUBLISHED))
    assert sum(e.verb == "published" for e in events) == published
    for project in db.session.scalars(select(Project)):
        if project.published_at:
            assert project.created_at < project.published_at


def test_seed_refuses_to_run_in_production_without_force(app, runner):
    app.config["ENV_NAME"] = "production"
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "--force" in result.output
    assert count(select(User.id)) == 0


def test_seeded_organisations_show_on_the_directory(client, seeded):
    html = client.get("/organisations?province=Drenthe").get_data(as_text=True)
    assert ">Meppel</a>" in html
    meppel = client.get("/organisations/GM0119").get_data(as_text=True)
    assert "Energiecoaches aan huis" in meppel
    assert "Het keukentafelgesprek via beeldbellen" in meppel
