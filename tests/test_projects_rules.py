"""Each rule about a pilot stated once: the public condition, the field limits, their wording."""

from __future__ import annotations

from datetime import date as _date

import pytest
from sqlalchemy import String, select
from wtforms.validators import Length, NumberRange

from registry.extensions import db
from registry.models import Indicator, Project, limits, utcnow
from registry.services import projects
from registry.services.errors import Invalid
from registry.services.projects import IndicatorData, ProjectData
from registry.web.projects.forms import ProjectForm
from registry.web.projects.labels import FIELDS
from tests.test_projects_input import error_at
from tests.test_projects_support import in_request, valid_form  # noqa: F401  (fixture used by name)

# --- The public pilot ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "hidden", "public"),
    [(True, False, True), (True, True, False), (False, False, False), (False, True, False)],
)
def test_a_pilot_is_public_when_published_and_not_hidden_in_python_and_in_sql(
    make_project, published, hidden, public
):
    project = make_project(published=published, hidden_at=utcnow() if hidden else None)
    assert project.is_public is public
    found = db.session.scalar(select(Project.id).where(Project.id == project.id, Project.is_public))
    assert (found is not None) is public


def test_the_public_list_uses_the_same_condition(make_project):
    public = make_project()
    make_project(hidden_at=utcnow())
    make_project(published=False)
    assert [p.id for p in db.session.scalars(projects.public_query())] == [public.id]


# --- The limits: column, service and form ----------------------------------------------------


def form_limit(field) -> int:
    return next(v.max for v in field.validators if isinstance(v, Length))


@pytest.mark.parametrize(("name", "limit"), list(projects.LENGTHS.items()))
def test_the_column_the_service_and_the_form_share_each_length(in_request, name, limit):  # noqa: F811
    column = Project.__table__.c[name]
    if isinstance(column.type, String) and column.type.length is not None:
        assert column.type.length == limit
    form = ProjectForm(formdata=None)
    if name != "licence":  # a choice from a list, whose longest entry is far shorter
        assert form_limit(form[name]) == limit


def test_indicator_tag_and_budget_limits_are_the_models(in_request):  # noqa: F811
    form = ProjectForm(formdata=None)
    row = form.indicators.append_entry().form
    assert form_limit(row.name) == Indicator.__table__.c.name.type.length == limits.INDICATOR_NAME
    assert form_limit(row.unit) == Indicator.__table__.c.unit.type.length == limits.INDICATOR_UNIT
    budget = next(v for v in form.budget_euros.validators if isinstance(v, NumberRange))
    assert budget.max == limits.BUDGET_EUROS
    # Every indicator a pilot may have, and the blank rows the page adds, fit in the form.
    assert form.indicators.max_entries >= limits.INDICATORS


def data(**changes) -> ProjectData:
    return ProjectData(**{"title": "Chatbot", "summary": "Een chatbot.", **changes})


def refusal(user, **changes) -> Invalid:
    with pytest.raises(Invalid) as caught:
        projects.create(user, data(**changes))
    return caught.value


@pytest.mark.usefixtures("in_request")
def test_the_service_refuses_what_the_form_refuses_in_the_same_words(client, login, make_user):
    user = make_user(org="GM0344")
    cases = {
        "indicators": (
            {"indicators": [IndicatorData(f"Indicator {n}") for n in range(limits.INDICATORS + 1)]},
            {
                **{f"indicators-{n}-name": f"Indicator {n}" for n in range(limits.INDICATORS + 1)},
            },
        ),
        "tags": (
            {"tags": [f"tag{n}" for n in range(limits.TAGS + 1)]},
            {"tags": ",".join(f"tag{n}" for n in range(limits.TAGS + 1))},
        ),
        "end_date": (
            {"start_date": _date(2024, 6, 1), "end_date": _date(2024, 5, 31)},
            {"start_date": "2024-06-01", "end_date": "2024-05-31"},
        ),
        "budget_euros": (
            {"budget_euros": limits.BUDGET_EUROS + 1},
            {"budget_euros": str(limits.BUDGET_EUROS + 1)},
        ),
        "summary": (
            {"summary": "s" * (limits.SUMMARY + 1)},
            {"summary": "s" * (limits.SUMMARY + 1)},
        ),
    }
    login(user)
    for field, (service_changes, form_changes) in cases.items():
        err = refusal(user, **service_changes)
        assert err.field == field
        response = client.post("/projects/new", data=valid_form(**form_changes))
        assert str(err.reason) in error_at(response, field), field


def test_the_end_date_message_names_the_start_date_as_its_label_does(in_request):  # noqa: F811
    assert str(FIELDS["start_date"]).lower() in str(projects.END_BEFORE_START)
    assert str(FIELDS["end_date"]).lower() in str(projects.END_BEFORE_START)


@pytest.mark.usefixtures("in_request")
@pytest.mark.parametrize(
    "indicator",
    [
        IndicatorData("n" * (limits.INDICATOR_NAME + 1)),
        IndicatorData("Wachttijd", unit="u" * (limits.INDICATOR_UNIT + 1)),
        IndicatorData("   "),
    ],
)
def test_the_service_refuses_an_indicator_the_column_cannot_hold(make_user, indicator):
    assert refusal(make_user(org="GM0344"), indicators=[indicator]).field == "indicators"
