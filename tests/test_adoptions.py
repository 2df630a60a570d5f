"""Adoptions: who may report reuse, what the effort report accepts, and the history."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from registry.extensions import db
from registry.models import Adoption, Event
from registry.services import adoptions
from registry.services.errors import Invalid, NotAllowed


def adoption_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Adoption))


def data(status="in_use", **effort) -> adoptions.AdoptionData:
    return adoptions.AdoptionData(status=status, **effort)


def text(reason) -> str:
    from flask import current_app

    with current_app.test_request_context():
        return str(reason)


# --- Service ---------------------------------------------------------------------------------


def test_an_outside_organisation_reports_reuse_with_its_effort(make_project, make_user):
    project = make_project(owner="GM0344")
    adoption = adoptions.declare(
        project,
        make_user(org="GM0363"),
        data(hours=120, cost_euros=15000, months=4, prerequisites="Koppeling met het zaaksysteem"),
    )
    assert (adoption.status, adoption.hours, adoption.cost_euros, adoption.months) == (
        "in_use",
        120,
        15000,
        4,
    )
    assert adoption.prerequisites == "Koppeling met het zaaksysteem"


@pytest.mark.parametrize(
    ("org", "expected"),
    [("GM0344", "eigenaar"), ("GM0599", "partner in deze pilot; hergebruik melden")],
)
def test_owners_and_partners_cannot_adopt_their_own_pilot(make_project, make_user, org, expected):
    project = make_project(owner="GM0344", partners=("GM0599",))
    with pytest.raises(NotAllowed) as err:
        adoptions.declare(project, make_user(org=org), data())
    assert expected in text(err.value.reason)
    assert adoption_count() == 0


def test_drafts_cannot_be_adopted(make_project, make_user):
    with pytest.raises(NotAllowed):
        adoptions.declare(make_project(published=False), make_user(org="GM0363"), data())


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hours", -1),
        ("hours", 100_001),
        ("cost_euros", -5),
        ("cost_euros", 100_000_001),
        ("months", 241),
        ("months", -1),
        ("hours", 1.5),
        ("hours", True),
        ("hours", "12"),
    ],
)
def test_negative_or_absurd_effort_is_refused(make_project, make_user, field, value):
    with pytest.raises(Invalid) as err:
        adoptions.declare(make_project(), make_user(org="GM0363"), data(**{field: value}))
    assert err.value.field == field
    assert adoption_count() == 0


def test_the_limits_themselves_are_accepted(make_project, make_user):
    adoption = adoptions.declare(
        make_project(),
        make_user(org="GM0363"),
        data(hours=100_000, cost_euros=100_000_000, months=240),
    )
    assert adoption.months == 240


def test_an_unknown_status_is_refused(make_project, make_user):
    with pytest.raises(Invalid):
        adoptions.declare(make_project(), make_user(org="GM0363"), data(status="adopted"))


def test_one_adoption_per_organisation_with_history_in_events(make_project, make_user):
    project = make_project()
    first, colleague = make_user(org="GM0363"), make_user(org="GM0363")
    adoptions.declare(project, first, data("interested"))
    adoptions.declare(project, colleague, data("preparing"))
    adoptions.declare(project, first, data("in_use", hours=80))
    db.session.commit()
    assert adoption_count() == 1
    events = list(
        db.session.scalars(select(Event).where(Event.verb == "adopted").order_by(Event.id))
    )
    assert [(e.payload["from"], e.payload["to"]) for e in events] == [
        (None, "interested"),
        ("interested", "preparing"),
        ("preparing", "in_use"),
    ]
    assert events[-1].payload["organisation"] == "GM0363"


def test_the_organisation_page_lists_only_public_pilots(make_project, make_user):
    from registry.models import Organisation, utcnow

    user = make_user(org="GM0363")
    visible, hidden = make_project(title="Zichtbaar"), make_project(title="Verborgen")
    adoptions.declare(visible, user, data())
    adoptions.declare(hidden, user, data())
    hidden.hidden_at = utcnow()
    db.session.commit()
    org = db.session.scalar(select(Organisation).where(Organisation.code == "GM0363"))
    assert [a.project.title for a in adoptions.of_organisation(org)] == ["Zichtbaar"]


# --- HTTP ------------------------------------------------------------------------------------


def test_the_adopt_form_offers_the_four_statuses(client, login, make_project, make_user):
    project = make_project()
    login(make_user(org="GM0363"))
    html = client.get(f"/projects/{project.slug}/adopt").get_data(as_text=True)
    for status in ("interested", "preparing", "in_use", "stopped"):
        assert f'value="{status}"' in html
    for name in ("hours", "cost_euros", "months", "prerequisites", "notes"):
        assert f'name="{name}"' in html


def test_posting_the_adopt_form_stores_it_and_updates_the_adopter_count(
    client, login, make_project, make_user
):
    project = make_project()
    login(make_user(org="GM0363"))
    response = client.post(
        f"/projects/{project.slug}/adopt",
        data={"status": "in_use", "hours": "1.500", "cost_euros": "€ 12.000", "months": ""},
    )
    assert response.status_code == 302
    adoption = db.session.scalars(select(Adoption)).one()
    assert (adoption.hours, adoption.cost_euros, adoption.months) == (1500, 12000, None)
    db.session.refresh(project)
    assert project.adopter_count == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hours", "-3", "0 of meer"),
        ("hours", "100001", "0 tot en met 100.000"),
        ("cost_euros", "999999999999", "0 tot en met 100.000.000"),
        ("months", "241", "0 tot en met 240"),
        ("months", "2,5", "heel getal"),
        ("hours", "veel", "heel getal"),
        ("hours", "１２", "heel getal"),
    ],
)
def test_bad_effort_numbers_are_errors_at_their_field(
    client, login, make_project, make_user, field, value, message
):
    project = make_project()
    login(make_user(org="GM0363"))
    response = client.post(
        f"/projects/{project.slug}/adopt", data={"status": "in_use", field: value}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html
    assert message in html
    assert adoption_count() == 0


def test_a_missing_or_unknown_status_is_an_error(client, login, make_project, make_user):
    project = make_project()
    login(make_user(org="GM0363"))
    for payload in ({}, {"status": "adopted"}):
        response = client.post(f"/projects/{project.slug}/adopt", data=payload)
        assert 'id="status-error"' in response.get_data(as_text=True)
    assert adoption_count() == 0


def test_the_owner_sees_why_and_a_direct_post_is_forbidden(client, login, make_project, make_user):
    project = make_project(owner="GM0344")
    login(make_user(org="GM0344"))
    html = client.get(f"/projects/{project.slug}/adopt").get_data(as_text=True)
    assert "eigenaar van deze pilot en kan hem niet zelf hergebruiken" in html
    assert 'name="status"' not in html
    response = client.post(f"/projects/{project.slug}/adopt", data={"status": "in_use"})
    assert response.status_code == 403
    assert adoption_count() == 0


def test_the_form_is_prefilled_with_the_organisations_current_adoption(
    client, login, make_project, make_user
):
    project = make_project()
    colleague = make_user(org="GM0363")
    adoptions.declare(project, colleague, data("preparing", hours=40))
    login(make_user(org="GM0363"))
    html = client.get(f"/projects/{project.slug}/adopt").get_data(as_text=True)
    assert 'checked id="status-1" name="status" required type="radio" value="preparing"' in html
    assert 'value="40"' in html
