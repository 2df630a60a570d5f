"""Signing in and out, registering, verifying and resetting, over HTTP."""

from __future__ import annotations

import pytest
from flask_login import current_user
from sqlalchemy import select

from registry.extensions import db
from registry.models import User, UserSession
from registry.services import accounts, user_sessions
from registry.web.auth.redirects import safe_next
from tests.accounts_mailbox import open_mailbox
from tests.conftest import PASSWORD, sign_in_client

NEW_PASSWORD = "een-heel-nieuw-wachtwoord"
BAD_LOGIN = "E-mailadres of wachtwoord klopt niet."


@pytest.fixture
def mailbox(app, tmp_path):
    return open_mailbox(app, tmp_path)


def post_login(client, email, password=PASSWORD, next_url=None, **kwargs):
    url = "/login" if next_url is None else f"/login?next={next_url}"
    return client.post(url, data={"email": email, "password": password}, **kwargs)


def register(client, email="anna@utrecht.nl", name="Anna de Vries", password=PASSWORD):
    return client.post(
        "/register",
        data={"name": name, "email": email, "password": password, "password_confirm": password},
    )


def signed_in_id(client) -> str | None:
    """The id of the user whose live server-side session the client's cookie names."""
    with client.session_transaction() as session:
        key = session.get("_user_id")
    if key is None:
        return None
    record = db.session.scalar(
        select(UserSession).filter_by(key_hash=user_sessions.hash_key(key), ended_at=None)
    )
    return str(record.user_id) if record else None


# --- Pages render --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "autocomplete"),
    [
        ("/login", ['autocomplete="email"', 'autocomplete="current-password"']),
        ("/register", ['autocomplete="name"', 'autocomplete="new-password"']),
        ("/reset", ['autocomplete="email"']),
        ("/verify/resend", ['autocomplete="email"']),
    ],
)
def test_account_forms_render_with_labels_and_autocomplete(client, path, autocomplete):
    response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<label class="field__label" for="email"' in html
    for attribute in autocomplete:
        assert attribute in html


def test_account_pages_speak_english_when_asked(client):
    response = client.get("/login?lang=en")
    assert '<html lang="en">' in response.get_data(as_text=True)


# --- Login -------------------------------------------------------------------------------


def test_login_signs_in_and_records_the_time(client, make_user):
    user = make_user(email="anna@utrecht.nl")
    db.session.commit()
    response = post_login(client, "Anna@Utrecht.nl")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert signed_in_id(client) == user.get_id()
    db.session.refresh(user)
    assert user.last_login_at is not None


def test_unknown_email_and_wrong_password_get_the_same_page(client, make_user):
    make_user(email="anna@utrecht.nl")
    db.session.commit()
    wrong = post_login(client, "anna@utrecht.nl", "verkeerd-wachtwoord")
    unknown = post_login(client, "niemand@utrecht.nl", "verkeerd-wachtwoord")
    assert wrong.status_code == unknown.status_code == 200
    assert BAD_LOGIN in wrong.get_data(as_text=True)
    assert wrong.get_data(as_text=True).replace("anna@", "X@") == unknown.get_data(
        as_text=True
    ).replace("niemand@", "X@")
    assert signed_in_id(client) is None


def test_an_unverified_account_is_told_to_check_its_mail(client, make_user):
    make_user(email="anna@utrecht.nl", verified=False)
    db.session.commit()
    response = post_login(client, "anna@utrecht.nl")
    html = response.get_data(as_text=True)
    assert "nog niet bevestigd" in html
    assert "/verify/resend" in html
    assert signed_in_id(client) is None


def test_login_renews_the_session_but_keeps_the_language(client, make_user):
    make_user(email="anna@utrecht.nl")
    db.session.commit()
    client.get("/login?lang=en")
    with client.session_transaction() as session:
        session["planted"] = "by-an-attacker"
    post_login(client, "anna@utrecht.nl")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["lang"] == "en"


@pytest.mark.parametrize("target", ["/projects", "/projects?phase=idea", "/admin"])
def test_login_follows_a_local_next(client, make_user, target):
    make_user(email="anna@utrecht.nl")
    db.session.commit()
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": "anna@utrecht.nl", "password": PASSWORD},
    )
    assert response.headers["Location"] == target


EVIL_TARGETS = [
    "//evil.example",
    "https://evil.example/",
    "http:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "evil.example",
    " //evil.example",
]


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_login_ignores_a_next_that_leaves_the_site(client, make_user, target):
    make_user(email="anna@utrecht.nl")
    db.session.commit()
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": "anna@utrecht.nl", "password": PASSWORD},
    )
    if "\t" in target:  # a control character in the address: refused before the view
        assert response.status_code == 400
        return
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_also_takes_next_from_the_form(client, make_user):
    make_user(email="anna@utrecht.nl")
    db.session.commit()
    data = {"email": "anna@utrecht.nl", "password": PASSWORD}
    assert client.post("/login", data={**data, "next": "/projects"}).headers["Location"] == (
        "/projects"
    )
    client.post("/logout")
    assert client.post("/login", data={**data, "next": "//evil.example"}).headers["Location"] == "/"


@pytest.mark.parametrize("target", EVIL_TARGETS)
def test_safe_next_refuses_other_sites(target):
    assert safe_next(target) is None


def test_login_form_keeps_a_safe_next_in_its_action(client):
    html = client.get("/login?next=/projects").get_data(as_text=True)
    assert 'action="/login?next=/projects"' in html
    html = client.get("/login?next=//evil.example").get_data(as_text=True)
    assert 'action="/login"' in html


def test_logout_is_post_only_and_ends_the_session(client, make_user, login):
    login(make_user())
    assert client.get("/logout").status_code == 405
    response = client.post("/logout")
    assert response.status_code == 302
    assert signed_in_id(client) is None


def test_session_cookie_is_httponly_and_samesite_lax(client, make_user):
    make_user(email="anna@utrecht.nl")
    db.session.commit()
    response = post_login(client, "anna@utrecht.nl")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


# --- Registration and verification -------------------------------------------------------


def test_registration_mails_a_link_that_verifies_and_places(client, make_org, mailbox):
    make_org("GM0344", "Utrecht", domains=("utrecht.nl",))
    db.session.commit()
    response = register(client)
    assert response.status_code == 302
    assert client.get(response.headers["Location"]).status_code == 200
    user = db.session.scalar(select(User).filter_by(email="anna@utrecht.nl"))
    assert user.email_verified_at is None
    [message] = mailbox.to("anna@utrecht.nl")
    assert message.links[0].startswith("http://127.0.0.1:5000/verify/")

    page = client.get(message.link_path("/verify/"))
    assert page.status_code == 200
    assert "Utrecht" in page.get_data(as_text=True)
    db.session.refresh(user)
    assert user.email_verified_at is not None
    assert user.organisation.code == "GM0344"


def test_an_unplaced_account_is_told_an_admin_will_place_it(client, mailbox):
    register(client, email="piet@gmail.com")
    [message] = mailbox.to("piet@gmail.com")
    html = client.get(message.link_path("/verify/")).get_data(as_text=True)
    assert "beheerder" in html


def test_registering_a_known_email_answers_the_same_and_warns_the_owner(client, make_user, mailbox):
    owner = make_user(email="anna@utrecht.nl", name="Anna")
    db.session.commit()
    known = register(client, email="anna@utrecht.nl", name="Iemand Anders")
    new = register(client, email="nieuw@utrecht.nl")
    assert known.status_code == new.status_code == 302
    assert known.headers["Location"] == new.headers["Location"]
    assert client.get(known.headers["Location"]).get_data(as_text=True) == client.get(
        new.headers["Location"]
    ).get_data(as_text=True)
    [notice] = mailbox.to("anna@utrecht.nl")
    assert "/verify/" not in notice.body
    assert "/reset" in notice.body
    db.session.refresh(owner)
    assert owner.name == "Anna"
    assert db.session.scalar(select(db.func.count(User.id))) == 2


def test_registration_errors_are_shown_at_the_field_and_nothing_is_stored(client, mailbox):
    response = client.post(
        "/register",
        data={
            "name": "",
            "email": "geen-adres",
            "password": "kort",
            "password_confirm": "anders",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="name-error"' in html
    assert 'id="email-error"' in html
    assert "minstens 12 tekens" in html
    assert "niet gelijk" in html
    assert 'aria-invalid="true"' in html
    assert db.session.scalar(select(db.func.count(User.id))) == 0
    assert mailbox.messages == []


def test_a_broken_verification_link_gets_a_clear_dutch_page(client):
    response = client.get("/verify/dit-is-geen-token")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Deze link werkt niet" in html
    assert "ongeldig" in html
    assert "/verify/resend" in html


def test_an_expired_verification_link_says_it_expired(app, client, make_user):
    user = make_user(verified=False)
    with app.test_request_context():
        token = accounts.verification_token(user)
    db.session.commit()
    app.config["TOKEN_MAX_AGE_SECONDS"] = -1
    response = client.get(f"/verify/{token}")
    assert response.status_code == 400
    assert "verlopen" in response.get_data(as_text=True)


def test_resending_verification_answers_the_same_for_unknown_emails(client, make_user, mailbox):
    make_user(email="anna@utrecht.nl", verified=False)
    db.session.commit()
    known = client.post("/verify/resend", data={"email": "anna@utrecht.nl"}, follow_redirects=True)
    unknown = client.post("/verify/resend", data={"email": "nee@utrecht.nl"}, follow_redirects=True)
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    assert [m.to for m in mailbox.messages] == ["anna@utrecht.nl"]


# --- Password reset --------------------------------------------------------------------------


def test_password_reset_by_mail_link(client, make_user, mailbox):
    user = make_user(email="anna@utrecht.nl")
    db.session.commit()
    response = client.post("/reset", data={"email": "anna@utrecht.nl"})
    assert response.status_code == 302
    [message] = mailbox.to("anna@utrecht.nl")
    path = message.link_path("/reset/")
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert post_login(client, "anna@utrecht.nl", NEW_PASSWORD).status_code == 302
    assert signed_in_id(client) == db.session.get(User, user.id).get_id()


def test_a_used_reset_link_no_longer_works(client, make_user, mailbox):
    make_user(email="anna@utrecht.nl")
    db.session.commit()
    client.post("/reset", data={"email": "anna@utrecht.nl"})
    path = mailbox.to("anna@utrecht.nl")[0].link_path("/reset/")
    client.post(path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    again = client.post(
        path, data={"password": "derde-wachtwoord-xx", "password_confirm": "derde-wachtwoord-xx"}
    )
    assert again.status_code == 400
    assert "Deze link werkt niet" in again.get_data(as_text=True)


def test_reset_ends_sessions_elsewhere(app, client, make_user, login, mailbox):
    user = login(make_user(email="anna@utrecht.nl"))
    other_device = app.test_client()
    sign_in_client(other_device, user)
    with other_device:
        other_device.get("/")
        assert current_user.is_authenticated
    client.post("/logout")
    client.post("/reset", data={"email": "anna@utrecht.nl"})
    path = mailbox.to("anna@utrecht.nl")[0].link_path("/reset/")
    client.post(path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    with other_device:
        other_device.get("/")
        assert not current_user.is_authenticated


def test_reset_request_answers_the_same_for_unknown_emails(client, make_user, mailbox):
    make_user(email="anna@utrecht.nl")
    db.session.commit()
    known = client.post("/reset", data={"email": "anna@utrecht.nl"}, follow_redirects=True)
    unknown = client.post("/reset", data={"email": "niemand@utrecht.nl"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    assert [m.to for m in mailbox.messages] == ["anna@utrecht.nl"]


def test_reset_form_checks_the_password_rules(client, make_user, mailbox):
    make_user(email="anna@utrecht.nl")
    db.session.commit()
    client.post("/reset", data={"email": "anna@utrecht.nl"})
    path = mailbox.to("anna@utrecht.nl")[0].link_path("/reset/")
    response = client.post(path, data={"password": "kort", "password_confirm": "kort"})
    assert response.status_code == 200
    assert "minstens 12 tekens" in response.get_data(as_text=True)
    assert post_login(client, "anna@utrecht.nl", PASSWORD).status_code == 302


def test_mail_links_use_the_site_url_not_the_host_header(client, make_user, mailbox):
    make_user(email="anna@utrecht.nl")
    db.session.commit()
    client.post("/reset", data={"email": "anna@utrecht.nl"}, headers={"Host": "evil.example"})
    [message] = mailbox.to("anna@utrecht.nl")
    assert all(link.startswith("http://127.0.0.1:5000/") for link in message.links)
