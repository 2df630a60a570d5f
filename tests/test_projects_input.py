"""Bad input on the pilot forms: a clear Dutch message at the field, and nothing stored."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from registry.extensions import db
from registry.models import Event, Project
from tests.test_projects_support import (
    edit_form,
    multipart,
    valid_form,
)


def error_at(response, field_id: str) -> str:
    """The error text shown at one field ('' when there is none)."""
    html = response.get_data(as_text=True)
    pattern = rf'<p class="field__error" id="{re.escape(field_id)}-error">(.*?)</p>'
    match = re.search(pattern, html, re.S)
    if not match:
        return ""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def stored_rows() -> tuple[int, int]:
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count()).select_from(Project)),
        db.session.scalar(select(func.count()).select_from(Event)),
    )


TEN_MB = "x" * (10 * 1024 * 1024)

BAD_INPUT = [
    ("title", {"title": ""}, "Vul een titel in."),
    ("title", {"title": "   "}, "Vul een titel in."),
    ("title", {"title": "t" * 201}, "hoogstens 200 tekens"),
    ("summary", {"summary": ""}, "Vul een samenvatting in."),
    ("summary", {"summary": "s" * 301}, "hoogstens 300 tekens"),
    ("summary", {"summary": TEN_MB}, "hoogstens 300 tekens"),
    ("problem", {"problem": "p" * 20_001}, "hoogstens 20000 tekens"),
    ("website_url", {"website_url": "javascript:alert(1)"}, "begint met https://"),
    ("repository_url", {"repository_url": "ftp://example.nl/x"}, "begint met https://"),
    ("documentation_url", {"documentation_url": "//evil.example"}, "begint met https://"),
    ("end_date", {"start_date": "2024-06-01", "end_date": "2024-05-31"}, "vóór de startdatum"),
    ("start_date", {"start_date": "31-02-2024"}, "Vul een geldige datum in"),
    ("themes", {"themes": ["social_domain", "astrologie"]}, "Kies alleen thema's uit de lijst."),
    ("phase", {"phase": "finished"}, "Kies uit de lijst."),
    ("phase", {"phase": None}, "Kies een fase."),
    ("common_ground_layer", {"common_ground_layer": "ui"}, "Kies uit de lijst."),
    ("licence", {"licence": "WTFPL"}, "Kies een licentie uit de lijst."),
    ("partners", {"partners": ["GM9999"]}, "Kies partners uit de lijst."),
    ("partners", {"partners": ["GM0344"]}, "Kies partners uit de lijst."),
    ("tags", {"tags": ",".join(f"tag{n}" for n in range(11))}, "Hoogstens 10 trefwoorden."),
    ("tags", {"tags": "a" * 51}, "hoogstens 50 tekens"),
    ("budget_euros", {"budget_euros": "12.500,00"}, "hele euro's"),
    ("budget_euros", {"budget_euros": "-5"}, "0 of meer"),
    ("budget_euros", {"budget_euros": "99999999999"}, "0 of meer"),
    ("contact_email", {"contact_email": "geen-adres"}, "geldig e-mailadres"),
    ("indicators-1-name", {"indicators-1-result": "40"}, "Geef de indicator een naam."),
    ("indicators-0-baseline", {"indicators-0-baseline": "veel"}, "Vul een getal in"),
    ("indicators-0-target", {"indicators-0-target": "nan"}, "Vul een getal in"),
]


@pytest.mark.parametrize(("field_id", "changes", "message"), BAD_INPUT)
def test_bad_input_on_the_new_form_is_named_at_the_field_and_nothing_is_stored(
    client, login, make_user, make_org, field_id, changes, message
):
    login(make_user(org="GM0344"))
    make_org("GM0363")
    before = stored_rows()
    response = client.post("/projects/new", data=valid_form(**changes))
    assert response.status_code == 200
    assert message in error_at(response, field_id)
    assert 'class="error-summary"' in response.get_data(as_text=True)
    assert stored_rows() == before


@pytest.mark.parametrize(("field_id", "changes", "message"), BAD_INPUT[:14])
def test_bad_input_on_the_edit_form_changes_nothing(
    client, login, make_user, make_project, field_id, changes, message
):
    login(make_user(org="GM0344"))
    project = make_project(owner="GM0344", title="Zoals het was")
    version = project.version
    response = client.post(f"/projects/{project.slug}/edit", data=edit_form(project, **changes))
    assert response.status_code == 200
    assert message in error_at(response, field_id)
    db.session.expire_all()
    stored = db.session.get(Project, project.id)
    assert (stored.title, stored.version) == ("Zoals het was", version)


def test_the_users_text_is_kept_after_an_error(client, login, make_user):
    login(make_user())
    response = client.post(
        "/projects/new", data=valid_form(title="", problem="Mijn lange verhaal over <wachttijden>")
    )
    html = response.get_data(as_text=True)
    assert "Mijn lange verhaal over &lt;wachttijden&gt;</textarea>" in html
    assert 'value="chatbot, wmo"' in html
    assert 'name="indicators-0-result" type="text" value="5,5"' in html


@pytest.mark.parametrize("version", ["", "abc", "1; DROP TABLE project", "-1", "9" * 30])
def test_a_tampered_version_field_is_refused_with_a_message(
    client, login, make_user, make_project, version
):
    login(make_user(org="GM0344"))
    project = make_project(owner="GM0344", title="Zoals het was")
    form = edit_form(project, title="Gewijzigd")
    form["version"] = version
    response = client.post(f"/projects/{project.slug}/edit", data=form)
    assert response.status_code == 200
    assert "Het formulier is beschadigd" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Project, project.id).title == "Zoals het was"


def test_blank_indicator_rows_are_ignored(client, login, make_user):
    login(make_user())
    form = valid_form()
    form.update({f"indicators-{n}-{f}": " " for n in (2, 3) for f in ("name", "unit", "result")})
    assert client.post("/projects/new", data=form).status_code == 302
    project = db.session.scalar(select(Project))
    assert [i.name for i in project.indicators] == ["Wachttijd"]


class TestWithCsrf:
    """The long-text limit must be raised before the CSRF check reads the form."""

    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    def test_a_10_mb_summary_gets_a_field_message_with_csrf_on(self, client, login, make_user):
        login(make_user())
        page = client.get("/projects/new").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        form = valid_form(summary=TEN_MB, csrf_token=token)
        # Multipart is the encoding whose text fields Werkzeug limits to 500 kB.
        response = client.post("/projects/new", **multipart(form))
        assert response.status_code == 200
        assert "hoogstens 300 tekens" in error_at(response, "summary")
        assert stored_rows() == (0, 0)

    def test_a_post_without_token_is_refused(self, client, login, make_user):
        login(make_user())
        response = client.post("/projects/new", data=valid_form())
        assert response.status_code == 400
        assert stored_rows() == (0, 0)
