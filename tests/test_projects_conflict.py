"""Two people editing one pilot: the second save is told, keeps its text, overwrites nothing."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from registry.extensions import db
from registry.models import Project
from registry.services import projects
from registry.services.errors import Conflict
from tests.conftest import sign_in_client
from tests.test_projects import data_of
from tests.test_projects_support import (  # noqa: F401  (fixtures used by name)
    edit_form,
    in_request,
)


def hidden_version(html: str) -> str:
    return re.search(r'name="version" type="hidden" value="([^"]*)"', html).group(1)


def test_the_second_of_two_concurrent_saves_gets_a_conflict_and_keeps_its_text(
    app, login, make_user, make_project
):
    project = make_project(owner="GM0344", partners=("GM0363",), title="Origineel")
    anna, bram = make_user(org="GM0344"), make_user(org="GM0363")
    db.session.commit()
    first, second = app.test_client(), app.test_client()
    for client, user in ((first, anna), (second, bram)):
        sign_in_client(client, user)
    path = f"/projects/{project.slug}/edit"

    def form(**changes):
        return edit_form(project, partners=["GM0363"], **changes)

    version_anna = hidden_version(first.get(path).get_data(as_text=True))
    version_bram = hidden_version(second.get(path).get_data(as_text=True))
    assert version_anna == version_bram

    saved = first.post(path, data=form(title="Versie van Anna", version=version_anna))
    assert saved.status_code == 302

    clash = second.post(
        path,
        data=form(title="Versie van Bram", problem="Bram schreef dit", version=version_bram),
    )
    assert clash.status_code == 409  # a lost race answers 409 on every page
    html = clash.get_data(as_text=True)
    assert "Iemand anders heeft deze pilot intussen gewijzigd" in html
    assert 'value="Versie van Bram"' in html
    assert "Bram schreef dit</textarea>" in html
    assert f'href="/projects/{project.slug}"' in html
    assert "Titel" in html.split('id="conflict"')[1].split("</div>")[0]

    db.session.expire_all()
    stored = db.session.get(Project, project.id)
    assert stored.title == "Versie van Anna"

    # Having been told, Bram may choose to save his text over the current version.
    again = hidden_version(html)
    assert again == str(stored.version)
    resaved = second.post(path, data=form(title="Versie van Bram", version=again))
    assert resaved.status_code == 302
    db.session.expire_all()
    assert db.session.get(Project, project.id).title == "Versie van Bram"


@pytest.mark.usefixtures("in_request")
@pytest.mark.postgres_only
def test_a_save_racing_another_commit_is_a_conflict_not_an_overwrite(make_user, make_project):
    """The version check passes, then another transaction commits before our flush.

    PostgreSQL only: on SQLite a request that writes holds the write lock from
    its first statement (BEGIN IMMEDIATE), so no commit can come in between.
    """
    user = make_user(org="GM0344")
    project = make_project(owner="GM0344", title="Origineel")
    db.session.commit()
    loaded_version = project.version
    with db.engine.begin() as other:
        other.execute(
            sa.update(Project.__table__)
            .where(Project.__table__.c.id == project.id)
            .values(title="Van de ander", version=loaded_version + 1)
        )
    data = data_of(project)
    data.title = "Van mij"
    with pytest.raises(Conflict):
        projects.update(project, user, data, loaded_version)
    db.session.rollback()
    assert db.session.get(Project, project.id).title == "Van de ander"
