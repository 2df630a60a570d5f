"""The account page: profile, notification choices, password, e-mail address and sessions."""

from __future__ import annotations

from sqlalchemy import select

from registry.extensions import db
from registry.models import Event, MailChannel, NotificationPreference, User, UserSession
from registry.services import profile
from tests.accounts_mailbox import open_mailbox
from tests.conftest import PASSWORD, sign_in_client

NEW_PASSWORD = "een-heel-nieuw-wachtwoord"


def fresh(user) -> User:
    return db.session.get(User, user.id)


def is_signed_in(client) -> bool:
    return client.get("/notifications").status_code == 200


def verbs(user) -> list[str]:
    return list(db.session.scalars(select(Event.verb).filter_by(subject_id=user.id)))


def test_the_header_links_to_the_account_page(client, make_user, login):
    login(make_user(name="Anna de Vries"))
    html = client.get("/").get_data(as_text=True)
    assert 'href="/account"' in html
    assert client.get("/account").status_code == 200


def test_anonymous_visitors_are_sent_to_login(client):
    assert client.get("/account").headers["Location"].startswith("/login?next=")


def test_name_and_language_are_saved(client, make_user, login):
    user = login(make_user())
    response = client.post("/account", data={"name": "  Anna de Vries ", "language": "en"})
    assert response.status_code == 302
    assert (fresh(user).name, fresh(user).language) == ("Anna de Vries", "en")
    assert 'lang="en"' in client.get("/account").get_data(as_text=True)


def test_an_empty_name_is_shown_at_the_field_and_nothing_changes(client, make_user, login):
    user = login(make_user(name="Anna"))
    response = client.post("/account", data={"name": "", "language": "xx"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="name-error"' in html
    assert 'aria-describedby="name-error"' in html
    assert fresh(user).name == "Anna"


def test_notification_preferences_are_stored_per_kind(client, make_user, login):
    user = login(make_user())
    client.post("/account/notifications", data={"by_mail": ["nomination_accepted"]})
    chosen = profile.notification_preferences(user)
    assert chosen["nomination_accepted"] is True
    assert chosen["nomination_rejected"] is False
    assert (
        db.session.scalar(
            select(NotificationPreference.mail).filter_by(
                user_id=user.id, kind="nomination_rejected"
            )
        )
        == MailChannel.NEVER
    )
    bad = client.post("/account/notifications", data={"by_mail": ["onzin"]})
    assert bad.status_code == 400


def test_a_password_change_asks_the_current_one_and_ends_other_sessions(
    app, client, make_user, login, tmp_path
):
    mailbox = open_mailbox(app, tmp_path)
    user = login(make_user(email="anna@utrecht.nl"))
    other_device = app.test_client()
    sign_in_client(other_device, user)

    wrong = client.post(
        "/account/password",
        data={
            "current_password": "fout",
            "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD,
        },
    )
    assert 'id="current_password-error"' in wrong.get_data(as_text=True)
    assert is_signed_in(other_device)

    client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD,
        },
    )
    assert is_signed_in(client)
    assert not is_signed_in(other_device)
    assert "password_changed" in verbs(user)
    assert "wachtwoord" in mailbox.to("anna@utrecht.nl")[0].body


def test_an_email_change_is_confirmed_at_the_new_address_and_told_to_the_old(
    app, client, make_user, login, tmp_path
):
    mailbox = open_mailbox(app, tmp_path)
    user = login(make_user(email="anna@utrecht.nl"))
    client.post("/account/email", data={"email": "anna@amersfoort.nl", "password": PASSWORD})
    assert fresh(user).email == "anna@utrecht.nl"
    link = mailbox.to("anna@amersfoort.nl")[0].link_path("/account/email/")

    assert client.get(link).status_code == 302
    assert fresh(user).email == "anna@amersfoort.nl"
    notice = mailbox.to("anna@utrecht.nl")[0]
    assert "anna@amersfoort.nl" in notice.body
    assert client.get(link).status_code == 400  # the old address no longer matches


def test_an_email_change_needs_the_password_and_refuses_a_taken_address(
    app, client, make_user, login, tmp_path
):
    mailbox = open_mailbox(app, tmp_path)
    user = login(make_user(email="anna@utrecht.nl"))
    make_user(email="bram@utrecht.nl")
    wrong = client.post("/account/email", data={"email": "nieuw@utrecht.nl", "password": "fout"})
    assert 'id="password-error"' in wrong.get_data(as_text=True)
    client.post("/account/email", data={"email": "bram@utrecht.nl", "password": PASSWORD})
    link = mailbox.to("bram@utrecht.nl")[0].link_path("/account/email/")
    assert client.get(link).status_code == 400
    assert fresh(user).email == "anna@utrecht.nl"


def test_sessions_are_listed_with_this_one_marked_and_can_be_ended(app, client, make_user, login):
    user = login(make_user())
    laptop = app.test_client()
    sign_in_client(laptop, user)
    html = client.get("/account").get_data(as_text=True)
    assert html.count("deze sessie") == 1
    assert html.count("/end") == 3  # two sessions and "sign out everywhere"

    laptop_session = max(db.session.scalars(select(UserSession.id)))
    client.post(f"/account/sessions/{laptop_session}/end")
    assert not is_signed_in(laptop)
    assert is_signed_in(client)


def test_a_session_of_someone_else_cannot_be_ended(app, client, make_user, login):
    login(make_user())
    other = make_user()
    stranger = app.test_client()
    sign_in_client(stranger, other)
    theirs = db.session.scalar(select(UserSession.id).filter_by(user_id=other.id))
    client.post(f"/account/sessions/{theirs}/end")
    assert is_signed_in(stranger)


def test_sign_out_everywhere_ends_this_session_too(app, client, make_user, login):
    user = login(make_user())
    phone = app.test_client()
    sign_in_client(phone, user)
    copied = client.get_cookie("session").value
    assert client.post("/account/sessions/end-all").headers["Location"] == "/login"
    assert not is_signed_in(client)
    assert not is_signed_in(phone)
    replay = app.test_client()
    replay.set_cookie("session", copied)
    assert not is_signed_in(replay)


def test_the_account_page_has_a_place_for_api_tokens(client, make_user, login):
    login(make_user())
    assert 'id="tokens-title"' in client.get("/account").get_data(as_text=True)
