"""Who may see and change a pilot, whichever way the request is made.

A member of another municipality gets the same 404 for a draft as for a
pilot that does not exist, and a 403 for changing a published one; in every
case nothing in the database changes.
"""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from registry.extensions import db
from registry.models import Attachment, Event, Project
from registry.models.vocab import Role, Visibility
from tests.test_projects_support import (
    edit_form,
)

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def snapshot(project: Project) -> tuple:
    db.session.expire_all()
    stored = db.session.get(Project, project.id)
    return (
        stored.title,
        stored.visibility,
        stored.version,
        stored.hidden_at,
        db.session.scalar(select(func.count()).select_from(Attachment)),
        db.session.scalar(select(func.count()).select_from(Event)),
    )


def main_content(response) -> str:
    """The page without its header, whose language links name the path."""
    html = response.get_data(as_text=True)
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def draft(make_project):
    project = make_project(owner="GM0344", published=False, title="Geheim concept")
    project.attachments.append(
        Attachment(filename="plan.pdf", content_type="application/pdf", size=len(PDF), data=PDF)
    )
    db.session.flush()
    return project


@pytest.fixture
def outsider(login, make_user):
    return login(make_user(org="GM0363"))


def test_a_draft_is_a_404_for_another_municipality_whichever_way(client, outsider, draft):
    before = snapshot(draft)
    attachment_id = draft.attachments[0].id
    missing = client.get("/projects/bestaat-niet")
    requests = [
        ("GET", f"/projects/{draft.slug}", None),
        ("GET", f"/projects/{draft.slug}/edit", None),
        ("POST", f"/projects/{draft.slug}/edit", edit_form(draft, title="Overgenomen")),
        ("POST", f"/projects/{draft.slug}/publish", None),
        ("POST", f"/projects/{draft.slug}/unpublish", None),
        ("GET", f"/projects/{draft.slug}/attachments", None),
        ("POST", f"/projects/{draft.slug}/attachments", None),
        ("GET", f"/projects/{draft.slug}/attachments/{attachment_id}", None),
        ("POST", f"/projects/{draft.slug}/attachments/{attachment_id}/delete", None),
        ("POST", f"/projects/{draft.slug}/hide", {"reason": "x"}),
    ]
    for method, path, data in requests:
        response = client.open(path, method=method, data=data)
        assert response.status_code == 404, (method, path)
        assert main_content(response) == main_content(missing), path
    assert snapshot(draft) == before


def test_a_draft_is_a_404_for_anonymous_visitors(client, draft):
    assert client.get(f"/projects/{draft.slug}").status_code == 404
    attachment_id = draft.attachments[0].id
    assert client.get(f"/projects/{draft.slug}/attachments/{attachment_id}").status_code == 404


def test_anonymous_writes_are_sent_to_log_in(client, draft, make_project):
    published = make_project(owner="GM0344")
    before = snapshot(published)
    paths = (
        f"/projects/{published.slug}/edit",
        f"/projects/{draft.slug}/publish",
        f"/projects/{published.slug}/unpublish",
        f"/projects/{published.slug}/attachments",
    )
    for path in paths:
        response = client.post(path, data={"title": "Weg"})
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    assert snapshot(published) == before


def test_a_published_pilot_is_a_403_to_edit_for_another_municipality(
    client, outsider, make_project
):
    project = make_project(owner="GM0344", title="Van Utrecht")
    before = snapshot(project)
    assert client.get(f"/projects/{project.slug}").status_code == 200
    assert client.get(f"/projects/{project.slug}/edit").status_code == 403
    response = client.post(f"/projects/{project.slug}/edit", data=edit_form(project, title="Weg"))
    assert response.status_code == 403
    assert "Alleen medewerkers van de eigenaar en de partners" in response.get_data(as_text=True)
    assert client.post(f"/projects/{project.slug}/unpublish").status_code == 403
    assert client.get(f"/projects/{project.slug}/attachments").status_code == 403
    upload = {"file": (io.BytesIO(PDF), "x.pdf")}
    response = client.post(f"/projects/{project.slug}/attachments", data=upload)
    assert response.status_code == 403
    assert snapshot(project) == before


def test_a_member_of_the_owner_sees_their_own_draft(client, login, make_user, draft):
    login(make_user(org="GM0344"))
    response = client.get(f"/projects/{draft.slug}")
    assert response.status_code == 200
    assert "Dit is een concept" in response.get_data(as_text=True)


def test_a_partner_sees_the_draft(client, login, make_user, make_project):
    project = make_project(owner="GM0344", partners=("GM0363",), published=False)
    login(make_user(org="GM0363"))
    assert client.get(f"/projects/{project.slug}").status_code == 200


def test_a_curator_cannot_see_drafts_of_others(client, login, make_user, draft):
    login(make_user(org="vng", role=Role.CURATOR))
    assert client.get(f"/projects/{draft.slug}").status_code == 404


def test_a_disabled_member_of_the_owner_is_treated_as_anonymous(client, login, make_user, draft):
    user = login(make_user(org="GM0344"))
    user.disabled = True
    db.session.commit()
    assert client.get(f"/projects/{draft.slug}").status_code == 404


def test_fields_outside_the_form_cannot_change_the_owner_or_visibility(
    client, login, make_user, make_project, make_org
):
    other = make_org("GM0363")
    login(make_user(org="GM0344"))
    project = make_project(owner="GM0344", published=False)
    form = edit_form(project, owner_id=str(other.id), visibility="published", slug="nieuw")
    assert client.post(f"/projects/{project.slug}/edit", data=form).status_code == 302
    db.session.expire_all()
    stored = db.session.get(Project, project.id)
    assert (stored.owner_id, stored.visibility, stored.slug) == (
        project.owner_id,
        Visibility.DRAFT,
        project.slug,
    )


# --- Hiding by curators -------------------------------------------------------


def test_a_curator_hides_a_pilot_with_a_reason_and_it_leaves_the_list(
    client, login, make_user, make_project
):
    project = make_project(owner="GM0344", title="Ongepast")
    login(make_user(org="vng", role=Role.CURATOR))
    response = client.post(f"/projects/{project.slug}/hide", data={"reason": "Bevat reclame."})
    assert response.status_code == 302
    db.session.refresh(project)
    assert project.is_hidden
    assert project.hidden_reason == "Bevat reclame."

    curator_view = client.get(f"/projects/{project.slug}").get_data(as_text=True)
    assert "Een curator heeft deze pilot verborgen" in curator_view
    assert "Bevat reclame." in curator_view
    assert "Ongepast" not in client.get("/projects").get_data(as_text=True)

    login(make_user(org="GM0344"))
    assert client.get(f"/projects/{project.slug}").status_code == 200
    login(make_user(org="GM0363"))
    assert client.get(f"/projects/{project.slug}").status_code == 404

    login(make_user(org="vng", role=Role.CURATOR))
    assert client.post(f"/projects/{project.slug}/unhide").status_code == 302
    db.session.refresh(project)
    assert not project.is_hidden
    verbs = db.session.scalars(select(Event.verb).order_by(Event.id)).all()
    assert verbs == ["hidden", "unhidden"]


def test_hiding_without_a_reason_asks_for_one_at_the_field(client, login, make_user, make_project):
    project = make_project(owner="GM0344")
    login(make_user(org="vng", role=Role.CURATOR))
    response = client.post(f"/projects/{project.slug}/hide", data={"reason": "  "})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="reason-error"' in html
    assert "Geef een reden op." in html
    db.session.refresh(project)
    assert not project.is_hidden


def test_members_may_not_hide(client, login, make_user, make_project):
    project = make_project(owner="GM0344")
    login(make_user(org="GM0344"))
    assert client.post(f"/projects/{project.slug}/hide", data={"reason": "x"}).status_code == 403
    assert client.post(f"/projects/{project.slug}/hide", data={"reason": ""}).status_code == 403
    db.session.refresh(project)
    assert not project.is_hidden
