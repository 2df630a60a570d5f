"""Admins disable and re-enable accounts and see failed sign-ins and two-factor status."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import Event, User
from registry.models.vocab import Role
from registry.services import accounts
from registry.services.errors import NotAllowed
from tests.conftest import PASSWORD, sign_in_client


@pytest.fixture
def admin(make_user, login):
    return login(make_user(org="vng", role=Role.ADMIN, name="Beheerder"))


def is_signed_in(client) -> bool:
    return client.get("/notifications").status_code == 200


def test_disabling_an_account_ends_its_sessions_and_sign_in(app, client, admin, make_user):
    anna = make_user(email="anna@utrecht.nl", name="Anna")
    her_browser = app.test_client()
    sign_in_client(her_browser, anna)

    client.post(f"/admin/users/{anna.id}/disable")

    assert db.session.get(User, anna.id).disabled
    assert not is_signed_in(her_browser)
    refused = her_browser.post("/login", data={"email": "anna@utrecht.nl", "password": PASSWORD})
    assert refused.status_code == 200

    client.post(f"/admin/users/{anna.id}/enable")
    assert not db.session.get(User, anna.id).disabled
    again = her_browser.post("/login", data={"email": "anna@utrecht.nl", "password": PASSWORD})
    assert again.status_code == 302
    verbs = db.session.scalars(select(Event.verb).filter_by(subject_id=anna.id, actor_id=admin.id))
    assert {"account_disabled", "account_enabled"} <= set(verbs)


def test_an_admin_cannot_disable_themselves(app, admin):
    with pytest.raises(NotAllowed):
        accounts.disable(admin, admin)


def test_only_admins_disable_accounts(client, make_user, login):
    login(make_user(role=Role.CURATOR))
    target = make_user()
    assert client.post(f"/admin/users/{target.id}/disable").status_code == 403
    assert not db.session.get(User, target.id).disabled


def test_the_user_list_shows_failed_sign_ins_and_two_factor(client, admin, make_user):
    make_user(email="anna@utrecht.nl", name="Anna")
    for _ in range(3):
        client.application.test_client().post(
            "/login", data={"email": "anna@utrecht.nl", "password": "fout"}
        )
    html = client.get("/admin/users?q=anna").get_data(as_text=True)
    assert "Mislukte inlogpogingen" in html
    assert "<td>3 " in html
    assert "Tweede stap" in html
