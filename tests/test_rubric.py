"""The rubric: seeded by the migration, edited by admins, criteria retired rather than deleted."""

from __future__ import annotations

import importlib.util

import pytest
from sqlalchemy import func, select

from registry.extensions import db
from registry.models import Criterion, Event, Project, RatingScore
from registry.models.vocab import Role
from registry.services import ratings, rubric
from registry.services.errors import Conflict, Invalid, NotAllowed
from registry.services.rubric_defaults import DEFAULT_CRITERIA
from tests.conftest import ROOT

CODES = [row["code"] for row in DEFAULT_CRITERIA]


def texts(**overrides) -> rubric.CriterionTexts:
    values = {
        "name_nl": "Toegankelijkheid",
        "name_en": "Accessibility",
        "question_nl": "Voldoet de oplossing aan de WCAG?",
        "question_en": "Does the solution meet WCAG?",
        "score1_nl": "Niet getoetst.",
        "score5_nl": "Aantoonbaar toegankelijk.",
    }
    values.update(overrides)
    return rubric.CriterionTexts(**values)


def test_the_migration_seeds_the_same_seven_criteria_as_the_defaults():
    path = ROOT / "migrations" / "versions" / "0002_ratings_adoptions.py"
    spec = importlib.util.spec_from_file_location("migration_0002", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.DEFAULT_CRITERIA == DEFAULT_CRITERIA
    assert CODES == [
        "transferability",
        "documentation",
        "open_standards",
        "proven_results",
        "maintenance",
        "privacy_security",
        "adoption_effort",
    ]


def test_every_default_criterion_has_all_texts_in_both_languages():
    for row in DEFAULT_CRITERIA:
        for name in rubric.TEXT_FIELDS:
            assert row[name].strip(), (row["code"], name)


def test_the_active_criteria_come_in_rubric_order(app):
    assert [c.code for c in rubric.active_criteria()] == CODES


def test_a_text_falls_back_to_dutch_when_the_english_is_missing(app):
    criterion = rubric.get("documentation")
    criterion.question_en = ""
    assert criterion.text("question", "en") == criterion.question_nl
    assert criterion.text("question", "fr") == criterion.question_nl


# --- Service ---------------------------------------------------------------------------------


def test_only_admins_change_the_rubric(make_user):
    member, curator = make_user(), make_user(role=Role.CURATOR)
    for user in (member, curator, None):
        with pytest.raises(NotAllowed):
            rubric.add(user, "accessibility", texts())
        with pytest.raises(NotAllowed):
            rubric.set_retired(rubric.get("documentation"), user, True)


def test_an_admin_adds_a_criterion_that_raters_are_asked_from_then_on(make_user):
    admin = make_user(role=Role.ADMIN)
    criterion = rubric.add(admin, "accessibility", texts())
    assert criterion.position == len(CODES) + 1
    assert rubric.active_criteria()[-1].code == "accessibility"
    assert db.session.scalar(select(Event.verb).where(Event.subject_type == "criterion")) == (
        "criterion_added"
    )


@pytest.mark.parametrize("code", ["", "ab", "Accessibility", "1st", "comment", "csrf_token", "a-b"])
def test_a_criterion_code_must_be_a_plain_unused_field_name(make_user, code):
    with pytest.raises(Invalid) as err:
        rubric.add(make_user(role=Role.ADMIN), code, texts())
    assert err.value.field == "code"


def test_a_criterion_code_is_unique(make_user):
    with pytest.raises(Conflict):
        rubric.add(make_user(role=Role.ADMIN), "documentation", texts())


def test_names_and_questions_are_required_in_both_languages(make_user):
    with pytest.raises(Invalid) as err:
        rubric.add(make_user(role=Role.ADMIN), "accessibility", texts(question_en="  "))
    assert err.value.field == "question_en"


def test_a_criterion_with_scores_cannot_be_deleted(make_project, make_user):
    admin = make_user(role=Role.ADMIN)
    ratings.submit(make_project(), make_user(org="GM0363"), {"documentation": 4})
    with pytest.raises(Conflict):
        rubric.delete(rubric.get("documentation"), admin)
    rubric.delete(rubric.get("maintenance"), admin)  # nobody scored it
    assert "maintenance" not in [c.code for c in rubric.all_criteria()]


def test_retiring_a_criterion_drops_it_from_scores_but_keeps_its_rows(make_project, make_user):
    admin = make_user(role=Role.ADMIN)
    project = make_project()
    rater = make_user(org="GM0363")
    ratings.submit(project, rater, {"documentation": 1, "maintenance": 5})
    db.session.commit()
    both = project.score
    rubric.set_retired(rubric.get("documentation"), admin, True)
    db.session.commit()
    db.session.expire_all()
    assert project.score == pytest.approx((5 + 6) / 3)
    assert project.score != pytest.approx(both)
    assert db.session.scalar(select(func.count()).select_from(RatingScore)) == 2
    assert "documentation" not in [c.code for c in rubric.active_criteria()]

    # Rating again keeps the retired score, which counts again once restored.
    ratings.submit(project, rater, {"maintenance": 4})
    rubric.set_retired(rubric.get("documentation"), admin, False)
    db.session.commit()
    db.session.expire_all()
    assert project.score == pytest.approx(((1 + 6) / 3 + (4 + 6) / 3) / 2)


def test_the_last_active_criterion_cannot_be_retired(make_user):
    admin = make_user(role=Role.ADMIN)
    for code in CODES[:-1]:
        rubric.set_retired(rubric.get(code), admin, True)
    with pytest.raises(Conflict):
        rubric.set_retired(rubric.get(CODES[-1]), admin, True)


# --- Admin pages -----------------------------------------------------------------------------


def test_the_rubric_page_is_for_admins_only(client, login, make_user):
    assert client.get("/admin/rubric").status_code == 302  # to the login page
    login(make_user(role=Role.CURATOR))
    assert client.get("/admin/rubric").status_code == 403
    login(make_user(role=Role.ADMIN))
    html = client.get("/admin/rubric").get_data(as_text=True)
    for code in CODES:
        assert code in html


def test_an_admin_edits_the_texts(client, login, make_user):
    login(make_user(role=Role.ADMIN))
    form = {name: getattr(rubric.get("documentation"), name) for name in rubric.TEXT_FIELDS}
    form.update(question_nl="Is alles goed opgeschreven?", position="2")
    response = client.post("/admin/rubric/documentation", data=form)
    assert response.status_code == 302
    db.session.expire_all()
    assert rubric.get("documentation").question_nl == "Is alles goed opgeschreven?"


def test_an_empty_required_text_is_an_error_at_its_field(client, login, make_user):
    login(make_user(role=Role.ADMIN))
    form = {name: getattr(rubric.get("documentation"), name) for name in rubric.TEXT_FIELDS}
    form.update(name_en="", position="2")
    html = client.post("/admin/rubric/documentation", data=form).get_data(as_text=True)
    assert 'id="name_en-error"' in html
    db.session.expire_all()
    assert rubric.get("documentation").name_en == "Documentation"


def test_an_added_criterion_appears_in_the_rating_form_under_its_code(
    client, login, make_user, make_project
):
    login(make_user(role=Role.ADMIN))
    response = client.post("/admin/rubric/new", data={"code": "accessibility", **vars(texts())})
    assert response.status_code == 302
    project = make_project()
    login(make_user(org="GM0363"))
    html = client.get(f"/projects/{project.slug}/rate").get_data(as_text=True)
    assert 'name="accessibility"' in html
    assert "Voldoet de oplossing aan de WCAG?" in html
    response = client.post(f"/projects/{project.slug}/rate", data={"accessibility": "5"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(Project.score)) == pytest.approx((5 + 6) / 3)


def test_a_retired_criterion_is_no_longer_asked(client, login, make_user, make_project):
    login(make_user(role=Role.ADMIN))
    assert client.post("/admin/rubric/maintenance/retire").status_code == 302
    project = make_project()
    login(make_user(org="GM0363"))
    html = client.get(f"/projects/{project.slug}/rate").get_data(as_text=True)
    assert 'name="maintenance"' not in html
    assert 'name="documentation"' in html


def test_deleting_a_scored_criterion_over_http_explains_retiring(
    client, login, make_user, make_project
):
    ratings.submit(make_project(), make_user(org="GM0363"), {"documentation": 4})
    login(make_user(role=Role.ADMIN))
    response = client.post("/admin/rubric/documentation/delete", follow_redirects=True)
    assert "Zet het buiten gebruik" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Criterion)) == len(CODES)
