"""Only outsiders count: ratings and adoptions by an organisation that later joins the pilot.

The rule is applied where the aggregates are computed, so it holds however
the organisation became a partner; adding one through the edit form
refreshes the stored score in the same transaction, and the people who run
the pilot are told why a rating no longer counts.
"""

from __future__ import annotations

from registry.extensions import db
from registry.models import Project
from registry.services import scores
from tests.test_projects_support import edit_form


def stored(project: Project) -> tuple:
    db.session.expire_all()
    project = db.session.get(Project, project.id)
    return project.score, project.rating_org_count, project.adopter_count


def test_a_rating_and_adoption_stop_counting_once_their_organisation_is_a_partner(
    make_project, make_user, make_org, make_rating, make_adoption
):
    project = make_project(owner="GM0344")
    insider, outsider = make_user(org="GM0363"), make_user(org="GM0014")
    make_rating(project, insider, 5)
    make_rating(project, outsider, 1)
    make_adoption(project, insider, "in_use")
    make_adoption(project, outsider, "in_use")
    assert stored(project)[1:] == (2, 2)

    project.partners.append(make_org("GM0363"))  # however it happens: the rule is in the sums
    db.session.flush()
    scores.lock(project)
    scores.refresh(project)

    score, organisations, adopters = stored(project)
    assert (organisations, adopters) == (1, 1)
    assert score == (1 + 3.0 * 2) / 3  # the outsider's 1 against the prior alone


def test_adding_a_partner_in_the_edit_form_recomputes_the_score_at_once(
    client, login, make_project, make_user, make_org, make_rating, make_adoption
):
    project = make_project(owner="GM0344")
    make_org("GM0363")
    rater = make_user(org="GM0363")
    make_rating(project, rater, 5)
    make_adoption(project, rater, "in_use")
    assert stored(project)[1:] == (1, 1)

    login(make_user(org="GM0344"))
    response = client.post(
        f"/projects/{project.slug}/edit", data=edit_form(project, partners=["GM0363"])
    )
    assert response.status_code == 302
    assert stored(project) == (None, 0, 0)

    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    assert "1 beoordeling telt niet mee: de organisatie is nu partner." in html
    assert "1 melding van hergebruik telt niet mee" in html


def test_removing_the_partner_makes_its_rating_count_again(
    client, login, make_project, make_user, make_org, make_rating
):
    project = make_project(owner="GM0344")
    make_rating(project, make_user(org="GM0363"), 5)
    project.partners.append(make_org("GM0363"))
    scores.lock(project)
    scores.refresh(project)
    assert stored(project)[1] == 0

    login(make_user(org="GM0344"))
    db.session.expire_all()
    project = db.session.get(Project, project.id)
    client.post(f"/projects/{project.slug}/edit", data=edit_form(project, partners=[]))
    assert stored(project)[1] == 1


def test_only_those_who_run_the_pilot_see_why_a_rating_does_not_count(
    client, login, make_project, make_user, make_org, make_rating
):
    project = make_project(owner="GM0344")
    make_rating(project, make_user(org="GM0363"), 5)
    project.partners.append(make_org("GM0363"))
    scores.lock(project)
    scores.refresh(project)

    login(make_user(org="GM0014"))
    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    assert "telt niet mee: de organisatie is nu partner" not in html
    assert "Telt niet mee: de organisatie voert de pilot nu zelf uit" in html
    assert "Nog geen enkele organisatie heeft deze pilot beoordeeld." in html
