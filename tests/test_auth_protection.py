"""CSRF and rate limits on the account forms, with both switched on as in production."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import User
from tests.conftest import PASSWORD


@pytest.fixture
def app_config(app_config: dict) -> dict:
    return {**app_config, "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": True}


def csrf_token(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_login_without_csrf_token_is_refused_with_a_styled_page(client, make_user):
    make_user(email="anna@utrecht.nl")
    db.session.commit()
    response = client.post("/login", data={"email": "anna@utrecht.nl", "password": PASSWORD})
    assert response.status_code == 400
    assert "Het formulier is verlopen of ongeldig" in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_login_with_csrf_token_works(client, make_user):
    make_user(email="anna@utrecht.nl")
    db.session.commit()
    token = csrf_token(client, "/login")
    response = client.post(
        "/login", data={"email": "anna@utrecht.nl", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_register_without_csrf_token_stores_nothing(client):
    response = client.post(
        "/register",
        data={
            "name": "Anna",
            "email": "anna@utrecht.nl",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
        },
    )
    assert response.status_code == 400
    assert "Het formulier is verlopen of ongeldig" in response.get_data(as_text=True)
    assert db.session.scalar(select(User)) is None


def test_logout_without_csrf_token_keeps_the_session(client, make_user, login):
    login(make_user())
    assert client.post("/logout").status_code == 400
    with client.session_transaction() as session:
        assert "_user_id" in session


def test_the_sixth_failed_login_for_an_account_gets_429_on_the_form(client):
    token = csrf_token(client, "/login")
    data = {"email": "anna@utrecht.nl", "password": "verkeerd-wachtwoord", "csrf_token": token}
    for _attempt in range(5):
        assert client.post("/login", data=data).status_code == 200
    response = client.post("/login", data=data)
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "te vaak een verkeerde code of een verkeerd wachtwoord" in html
    assert 'class="error-summary"' in html
    assert "site.css" in html
    assert client.get("/login").status_code == 200  # reading the form is not limited


@pytest.mark.parametrize("path", ["/register", "/reset", "/verify/resend"])
def test_mail_sending_forms_allow_five_posts_a_minute(client, path, tmp_path, app):
    app.config["MAIL_LOG_FILE"] = str(tmp_path / "mail.log")
    token = csrf_token(client, path)
    data = {
        "name": "Anna",
        "email": "anna@utrecht.nl",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        "csrf_token": token,
    }
    for _attempt in range(5):
        assert client.post(path, data=data).status_code == 302
    assert client.post(path, data=data).status_code == 429
