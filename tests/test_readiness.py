"""The readiness checklist: computed live, with figures, thresholds from configuration."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from registry.models.vocab import Phase
from registry.services import readiness
from registry.services.readiness import Checklist, Thresholds
from registry.web.nominations.readiness import describe
from tests.test_nominations_support import RATER_ORGS, add_indicator, make_ready

DEFAULTS = Thresholds()


def items(checklist: Checklist) -> dict:
    return {item.key: item for item in checklist.items}


def test_a_fresh_pilot_meets_nothing_and_shows_zero_figures(make_project):
    checklist = readiness.readiness_checklist(make_project(phase=Phase.RUNNING), DEFAULTS)
    found = items(checklist)
    assert not checklist.ready
    assert checklist.met_count == 0
    assert (found["rating_orgs"].actual, found["rating_orgs"].required) == (0, 3)
    assert (found["ratings"].actual, found["ratings"].required) == (0, 3)
    assert found["score"].actual is None
    assert (found["adopters"].actual, found["adopters"].required) == (0, 1)
    assert found["phase"].actual == "running"


def test_a_pilot_with_everything_is_ready(make_project, make_user, make_rating, make_adoption):
    project = make_project()
    make_ready(project, make_user, make_rating, make_adoption)
    checklist = readiness.readiness_checklist(project, DEFAULTS)
    assert checklist.ready, [item for item in checklist.items if not item.met]
    assert items(checklist)["score"].actual >= 3.5


def test_two_raters_of_one_organisation_count_as_one_organisation(
    make_project, make_user, make_rating
):
    project = make_project()
    make_rating(project, make_user(org="GM0014"), 4)
    make_rating(project, make_user(org="GM0014"), 4)
    make_rating(project, make_user(org="GM0034"), 4)
    found = items(readiness.readiness_checklist(project, DEFAULTS))
    assert found["ratings"].actual == 3
    assert found["ratings"].met
    assert found["rating_orgs"].actual == 2
    assert not found["rating_orgs"].met


def test_ratings_of_an_organisation_that_later_became_a_partner_do_not_count(
    make_project, make_user, make_rating, make_org
):
    project = make_project(owner="GM0344")
    for code in RATER_ORGS:
        make_rating(project, make_user(org=code), 5)
    project.partners.append(make_org(RATER_ORGS[0]))
    found = items(readiness.readiness_checklist(project, DEFAULTS))
    assert found["rating_orgs"].actual == 2


def test_the_score_must_reach_the_threshold(make_project, make_user, make_rating):
    project = make_project()
    for code in RATER_ORGS:
        make_rating(project, make_user(org=code), 2)
    found = items(readiness.readiness_checklist(project, DEFAULTS))
    assert found["score"].actual < 3.5
    assert not found["score"].met


@pytest.mark.parametrize(
    ("status", "counts"), [("interested", 0), ("preparing", 1), ("in_use", 1), ("stopped", 0)]
)
def test_adopters_are_organisations_preparing_or_using_the_pilot(
    make_project, make_user, make_adoption, status, counts
):
    project = make_project()
    make_adoption(project, make_user(org="GM0014"), status)
    assert items(readiness.readiness_checklist(project, DEFAULTS))["adopters"].actual == counts


def test_results_need_a_text_and_a_measured_indicator_or_an_attachment(make_project):
    project = make_project(results="")
    add_indicator(project, result=12)
    assert not items(readiness.readiness_checklist(project, DEFAULTS))["results"].met
    project.results = "Het werkte."
    assert items(readiness.readiness_checklist(project, DEFAULTS))["results"].met
    other = make_project(results="Het werkte.")
    add_indicator(other, result=None)
    found = items(readiness.readiness_checklist(other, DEFAULTS))["results"]
    assert not found.met
    assert found.actual == {"text": True, "measured": False, "attachment": False}


def test_an_attachment_documents_the_results_too(app, make_project):
    from registry.extensions import db
    from registry.models import Attachment

    project = make_project(results="Zie het evaluatierapport.")
    db.session.add(
        Attachment(
            project_id=project.id,
            filename="evaluatie.pdf",
            content_type="application/pdf",
            size=3,
            data=b"pdf",
        )
    )
    db.session.flush()
    assert items(readiness.readiness_checklist(project, DEFAULTS))["results"].met


def test_thresholds_come_from_the_configuration(app, make_project, make_user, make_rating):
    project = make_project()
    make_rating(project, make_user(org="GM0014"), 4)
    assert not items(readiness.readiness_checklist(project, Thresholds.from_config(app.config)))[
        "rating_orgs"
    ].met
    app.config["READINESS_MIN_RATING_ORGS"] = 1
    lenient = Thresholds.from_config(app.config)
    assert lenient.min_rating_orgs == 1
    assert items(readiness.readiness_checklist(project, lenient))["rating_orgs"].met


def test_the_defaults_are_the_designed_thresholds(app):
    assert Thresholds.from_config(app.config) == Thresholds(3, 3, 3.5, 1)


def test_a_snapshot_round_trips_through_json(make_project):
    import json

    checklist = readiness.readiness_checklist(make_project(), DEFAULTS)
    again = Checklist.from_snapshot(json.loads(json.dumps(checklist.snapshot())))
    assert again == checklist
    assert Checklist.from_snapshot(None) is None


def test_checklists_for_many_pilots_cost_a_fixed_number_of_queries(
    make_project, make_user, make_rating, count_queries
):
    def measure(n: int) -> int:
        projects = [make_project() for _ in range(n)]
        make_rating(projects[0], make_user(org="GM0014"), 4)
        with count_queries() as counter:
            result = readiness.checklists(projects, DEFAULTS)
        assert len(result) == n
        return counter.count

    assert measure(2) == measure(40)


def test_items_read_as_sentences_with_their_figures(app, make_project, make_user, make_rating):
    project = make_project(phase=Phase.RUNNING)
    make_rating(project, make_user(org="GM0014"), 4)
    make_rating(project, make_user(org="GM0034"), 4)
    found = items(readiness.readiness_checklist(project, DEFAULTS))
    with app.test_request_context("/"):
        assert describe(found["rating_orgs"]) == "2 organisaties hebben beoordeeld (3 nodig)"
        assert "nog niet afgerond (fase: Loopt)" in describe(found["phase"])
        assert "minimaal 3,5" in describe(found["score"])


def test_counts_read_as_counts_with_what_is_needed_in_dutch_and_english(
    app, make_project, make_user, make_rating, make_adoption
):
    project = make_project(phase=Phase.COMPLETED)
    for org in ("GM0014", "GM0034", "GM0037", "GM0047"):
        make_rating(project, make_user(org=org), 4)
    make_adoption(project, make_user(org="GM0050"), status="in_use")
    found = items(readiness.readiness_checklist(project, DEFAULTS))
    with force_locale("nl"):
        sentences = {key: describe(found[key]) for key in ("ratings", "rating_orgs", "adopters")}
    assert sentences == {
        "ratings": "4 beoordelingen door organisaties buiten de eigenaren (3 nodig)",
        "rating_orgs": "4 organisaties hebben beoordeeld (3 nodig)",
        "adopters": "1 organisatie buiten de eigenaren bereidt hergebruik voor of gebruikt "
        "de pilot (1 nodig)",
    }
    with force_locale("en"):
        assert describe(found["ratings"]) == (
            "4 ratings by organisations other than the owners (3 needed)"
        )
        assert describe(found["rating_orgs"]) == "4 organisations have rated (3 needed)"
        assert describe(found["adopters"]) == (
            "1 organisation other than the owners is preparing to reuse or using the pilot "
            "(1 needed)"
        )
