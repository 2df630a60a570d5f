"""Registering, editing, publishing and showing pilots, over HTTP and through the service."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from registry.extensions import db
from registry.models import Event, Project, ProjectTheme, User
from registry.models.vocab import Visibility
from registry.services import projects
from registry.services.errors import Conflict, Invalid, NotAllowed
from registry.services.projects import IndicatorData, ProjectData
from tests.test_projects_support import (  # noqa: F401  (fixtures used by name)
    add_indicator,
    edit_form,
    in_request,
    valid_form,
)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_member_registers_a_pilot_as_a_draft_of_their_organisation(client, login, make_user):
    user = login(make_user(org="GM0344"))
    response = client.post("/projects/new", data=valid_form(partners=[]))
    assert response.status_code == 302
    project = db.session.scalar(select(Project))
    assert response.headers["Location"].endswith(f"/projects/{project.slug}")
    assert project.slug == "chatbot-voor-de-wmo"
    assert project.visibility == Visibility.DRAFT
    assert project.owner.code == "GM0344"
    assert project.created_by_id == user.id
    assert project.themes == ["operations_ict", "social_domain"]
    assert project.tags == ["chatbot", "wmo"]
    assert project.start_date == date(2024, 1, 15)
    assert project.budget_euros == 25000
    assert [(i.name, i.unit, i.baseline, i.target, i.result) for i in project.indicators] == [
        ("Wachttijd", "minuten", 12.0, 6.0, 5.5)
    ]
    verbs = db.session.scalars(select(Event.verb).where(Event.subject_id == project.id)).all()
    assert verbs == ["created"]


def test_the_new_page_offers_every_field_and_empty_indicator_rows(client, login, make_user):
    login(make_user())
    html = client.get("/projects/new").get_data(as_text=True)
    for name in (
        "title", "summary", "problem", "approach", "results", "lessons", "phase", "themes",
        "common_ground_layer", "tags", "partners", "start_date", "end_date", "budget_euros",
        "funding_source", "website_url", "repository_url", "documentation_url", "licence",
        "contact_name", "contact_email", "indicators-0-name", "indicators-2-result",
    ):  # fmt: skip
        assert f'name="{name}"' in html, name
    assert '<label class="field__label" for="title">Titel</label>' in html


def test_partners_are_offered_without_the_owner(client, login, make_user, make_org):
    make_org("GM0363", name="Amsterdam")
    make_org("GM0999", name="Opgeheven").active = False
    login(make_user(org="GM0344"))
    html = client.get("/projects/new").get_data(as_text=True)
    assert '<option value="GM0363">Amsterdam</option>' in html
    assert 'value="GM0344"' not in html
    assert "Opgeheven" not in html


def test_partners_chosen_at_creation_are_stored(client, login, make_user, make_org):
    make_org("GM0363", name="Amsterdam")
    login(make_user(org="GM0344"))
    client.post("/projects/new", data=valid_form(partners=["GM0363"]))
    project = db.session.scalar(select(Project))
    assert [org.code for org in project.partners] == ["GM0363"]


def test_anonymous_visitors_are_sent_to_log_in_before_registering(client):
    response = client.get("/projects/new")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_an_account_without_organisation_may_not_register(client, login, make_user):
    user = make_user()
    user.organisation = None
    login(user)
    response = client.post("/projects/new", data=valid_form())
    assert response.status_code == 403
    assert count(Project) == 0


def test_slugs_stay_unique_and_stable_when_the_title_changes(client, login, make_user):
    login(make_user())
    client.post("/projects/new", data=valid_form(title="Café Noord"))
    client.post("/projects/new", data=valid_form(title="Cafe noord!"))
    slugs = sorted(db.session.scalars(select(Project.slug)))
    assert slugs == ["cafe-noord", "cafe-noord-2"]
    project = db.session.scalar(select(Project).where(Project.slug == "cafe-noord"))
    client.post("/projects/cafe-noord/edit", data=edit_form(project, title="Iets anders"))
    db.session.refresh(project)
    assert (project.title, project.slug) == ("Iets anders", "cafe-noord")


def test_the_edit_page_shows_the_stored_values(client, login, make_user, make_project):
    login(make_user(org="GM0344"))
    project = make_project(owner="GM0344", tags=("wmo", "zorg"), licence="MIT")
    add_indicator(project, name="Bereik", baseline=12.5, result=40.0)
    html = client.get(f"/projects/{project.slug}/edit").get_data(as_text=True)
    assert f'value="{project.title}"' in html
    assert 'value="wmo, zorg"' in html
    assert '<option selected value="MIT">MIT</option>' in html
    assert 'value="Bereik"' in html
    assert 'name="indicators-0-baseline" type="text" value="12,5"' in html
    assert 'name="indicators-0-result" type="text" value="40"' in html
    assert f'name="version" type="hidden" value="{project.version}"' in html
    assert 'name="indicators-3-name"' in html  # one stored row plus three empty ones


def test_an_edit_saves_and_records_which_fields_changed(client, login, make_user, make_project):
    login(make_user(org="GM0344"))
    project = make_project(owner="GM0344")
    version = project.version
    form = edit_form(project, title="Nieuwe titel", summary=project.summary, tags="")
    response = client.post(f"/projects/{project.slug}/edit", data=form)
    assert response.status_code == 302
    db.session.refresh(project)
    assert project.title == "Nieuwe titel"
    assert project.version == version + 1
    event = db.session.scalar(select(Event).where(Event.verb == "edited"))
    assert "title" in event.payload["fields"]
    assert "summary" not in event.payload["fields"]


@pytest.mark.usefixtures("in_request")
def test_a_change_in_themes_alone_raises_the_version(make_user, make_project):
    user = make_user(org="GM0344")
    project = make_project(owner="GM0344", themes=("economy",))
    data = data_of(project)
    data.themes = ["economy", "education"]
    version = project.version
    assert projects.update(project, user, data, version) == ["themes"]
    assert project.version == version + 1


@pytest.mark.usefixtures("in_request")
def test_a_pilot_read_with_its_theme_column_shows_the_themes_of_an_edit(make_user, make_project):
    user_id = make_user(org="GM0344").id
    slug = make_project(owner="GM0344", themes=("economy",)).slug
    db.session.commit()
    db.session.expunge_all()
    user = db.session.get(User, user_id)
    project = projects.find(slug)
    assert project.theme_list == "economy"
    assert project.themes == ["economy"]
    # Rows loaded and changed in memory win over the column read before them.
    project.theme_rows.append(ProjectTheme(theme="education"))
    assert project.themes == ["economy", "education"]
    project.theme_rows.pop()
    data = data_of(project)
    data.themes = ["education", "economy"]
    projects.update(project, user, data, project.version)
    assert project.themes == ["economy", "education"]


def test_a_partner_member_may_edit(client, login, make_user, make_project):
    login(make_user(org="GM0363"))
    project = make_project(owner="GM0344", partners=("GM0363",))
    response = client.post(
        f"/projects/{project.slug}/edit",
        data=edit_form(project, title="Door partner", partners=["GM0363"]),
    )
    assert response.status_code == 302
    db.session.refresh(project)
    assert project.title == "Door partner"


def test_publishing_makes_the_draft_public_and_unpublishing_takes_it_back(
    app, client, login, make_user, make_project
):
    login(make_user(org="GM0344"))
    project = make_project(owner="GM0344", published=False, title="Mijn concept")
    assert "Mijn concept" not in public_list(app)

    assert client.post(f"/projects/{project.slug}/publish").status_code == 302
    db.session.refresh(project)
    assert project.visibility == Visibility.PUBLISHED
    assert project.published_at is not None
    assert "Mijn concept" in public_list(app)

    assert client.post(f"/projects/{project.slug}/unpublish").status_code == 302
    db.session.refresh(project)
    assert project.visibility == Visibility.DRAFT
    assert "Mijn concept" not in public_list(app)
    verbs = db.session.scalars(select(Event.verb).order_by(Event.id)).all()
    assert verbs == ["published", "unpublished"]


def public_list(app) -> str:
    """The list as an anonymous visitor sees it."""
    return app.test_client().get("/projects").get_data(as_text=True)


def test_the_detail_page_shows_every_field(client, login, make_user, make_project):
    login(make_user(org="GM0363"))
    project = make_project(
        owner="GM0344",
        partners=("GM0363",),
        themes=("economy",),
        tags=("open data",),
        problem="Het *probleem*",
        approach="De aanpak",
        results="Het resultaat",
        lessons="De les",
        common_ground_layer="process",
        end_date=date(2025, 6, 30),
        budget_euros=125000,
        funding_source="Subsidie",
        website_url="https://example.nl/site",
        repository_url="https://example.nl/code",
        documentation_url="https://example.nl/docs",
        licence="EUPL-1.2",
        contact_name="Piet Jansen",
        contact_email="piet@example.nl",
    )
    add_indicator(project, name="Wachttijd", unit="dagen", baseline=10.0, target=5.0, result=4.5)
    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    for text in (
        project.title, project.summary, "<em>probleem</em>", "De aanpak", "Het resultaat",
        "De les", "Economie", "Proces", "open data", "Loopt", "125.000", "Subsidie",
        "https://example.nl/site", "https://example.nl/code", "https://example.nl/docs",
        "EUPL-1.2", "Piet Jansen", "piet@example.nl", "30 jun 2025", "4,5",
        '<th scope="row">Wachttijd</th>', "<caption>", 'href="/organisations/GM0363"',
        'href="/organisations/GM0344"',
    ):  # fmt: skip
        assert text in html, text


def test_contact_is_shown_to_signed_in_users_only(client, login, make_user, make_project):
    project = make_project(contact_name="Piet Jansen", contact_email="piet@example.nl")
    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    assert "piet@example.nl" not in html
    assert "Log in om de contactpersoon te zien" in html
    login(make_user(org="GM0999"))
    assert "piet@example.nl" in client.get(f"/projects/{project.slug}").get_data(as_text=True)


def test_edit_and_publish_buttons_show_only_to_those_allowed(client, login, make_user,
                                                             make_project):  # fmt: skip
    project = make_project(owner="GM0344")
    edit_link = f'href="/projects/{project.slug}/edit"'
    assert edit_link not in client.get(f"/projects/{project.slug}").get_data(as_text=True)
    login(make_user(org="GM0363"))
    assert edit_link not in client.get(f"/projects/{project.slug}").get_data(as_text=True)
    login(make_user(org="GM0344"))
    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    assert edit_link in html
    assert f'action="/projects/{project.slug}/unpublish"' in html


def test_markdown_is_rendered_and_scripts_and_javascript_links_are_removed(client, make_project):
    project = make_project(
        problem="<script>alert(1)</script> **vet**",
        approach="[klik](javascript:alert(1)) en [veilig](https://example.nl)",
        results='<img src=x onerror="alert(1)">',
    )
    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    assert "<strong>vet</strong>" in html
    assert "<script>alert" not in html
    assert 'href="javascript' not in html.lower()
    assert "onerror" not in html.replace("&lt;img src=x onerror", "")
    assert '<a href="https://example.nl" rel="noopener noreferrer nofollow">veilig</a>' in html


def test_the_timeline_shows_translated_events(client, login, make_user):
    login(make_user(org="GM0344", name="Anna"))
    client.post("/projects/new", data=valid_form())
    project = db.session.scalar(select(Project))
    client.post(f"/projects/{project.slug}/edit", data=edit_form(project, title="Andere titel"))
    client.post(f"/projects/{project.slug}/publish")
    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    assert "heeft de pilot geregistreerd" in html
    assert "heeft de pilot bewerkt: Titel" in html
    assert "heeft de pilot gepubliceerd" in html
    assert "Anna" in html
    english = client.get(f"/projects/{project.slug}?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english


def test_the_detail_page_includes_the_other_areas_sections_that_exist(app):
    source = app.jinja_env.loader.get_source(app.jinja_env, "projects/show.html")[0]
    assert '{% include "projects/_extra_sections.html" %}' in source
    assert '{% include "projects/_promotion_status.html" %}' in source
    assert "ignore missing" not in source


# --- The service, without HTTP ---------------------------------------------------


def data_of(project: Project) -> ProjectData:
    return ProjectData(
        **{name: getattr(project, name) for name in projects.SCALAR_FIELDS},
        themes=project.themes,
        tags=project.tags,
        partners=[org.code for org in project.partners],
        indicators=[
            IndicatorData(i.name, i.unit, i.baseline, i.target, i.result)
            for i in project.indicators
        ],
    )


@pytest.mark.usefixtures("in_request")
def test_update_against_an_old_version_is_a_conflict(make_user, make_project):
    user = make_user(org="GM0344")
    project = make_project(owner="GM0344")
    data = data_of(project)
    data.title = "Te laat"
    with pytest.raises(Conflict):
        projects.update(project, user, data, version=project.version - 1)
    assert project.title != "Te laat"


@pytest.mark.usefixtures("in_request")
def test_the_service_refuses_an_end_before_the_start(make_user):
    user = make_user()
    data = ProjectData(
        title="Pilot", summary="Kort.", start_date=date(2024, 5, 1), end_date=date(2024, 4, 1)
    )
    with pytest.raises(Invalid) as err:
        projects.create(user, data)
    assert err.value.field == "end_date"


@pytest.mark.usefixtures("in_request")
def test_the_service_refuses_an_unknown_theme_and_the_owner_as_partner(make_user):
    user = make_user(org="GM0344")
    with pytest.raises(Invalid) as err:
        projects.create(user, ProjectData(title="P", summary="S", themes=["astrologie"]))
    assert err.value.field == "themes"
    with pytest.raises(Invalid) as err:
        projects.create(user, ProjectData(title="P", summary="S", partners=["GM0344"]))
    assert err.value.field == "partners"


@pytest.mark.usefixtures("in_request")
def test_the_service_refuses_edits_by_outsiders(make_user, make_project):
    project = make_project(owner="GM0344")
    outsider = make_user(org="GM0363")
    with pytest.raises(NotAllowed):
        projects.update(project, outsider, data_of(project), project.version)
    with pytest.raises(NotAllowed):
        projects.publish(project, outsider)
    with pytest.raises(NotAllowed):
        projects.unpublish(project, outsider)
