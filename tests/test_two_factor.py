"""Two-factor sign-in: required for curators and admins, optional for members, each code once."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import RecoveryCode, User, UserSession
from registry.models.vocab import Role
from registry.services import two_factor
from registry.services.errors import Invalid, NotAllowed
from tests.conftest import PASSWORD, TEST_TOTP_SECRET


def sign_in(client, email, password=PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def code_now(secret=TEST_TOTP_SECRET, offset_steps=0) -> str:
    return pyotp.TOTP(secret).generate_otp(int(time.time()) // 30 + offset_steps)


def fresh(user) -> User:
    return db.session.get(User, user.id)


def setup_secret(client) -> str:
    html = client.get("/account/two-factor").get_data(as_text=True)
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")


def test_a_curator_cannot_reach_curation_without_a_second_factor(client, make_user, login):
    login(make_user(org="vng", role=Role.CURATOR), second_factor=False)
    for path in ("/curation", "/admin", "/projects/new", "/account", "/notifications"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/account/two-factor"


def test_a_curator_signing_in_is_sent_to_setup_and_gets_in_after_it(client, make_user):
    curator = make_user(org="vng", role=Role.CURATOR, email="cura@vng.nl")
    response = client.post(
        "/login?next=/curation", data={"email": curator.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/account/two-factor"
    assert client.get("/curation").headers["Location"] == "/account/two-factor"

    page = client.get("/account/two-factor").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page
    assert "otpauth" not in page.split('src="data:image/svg+xml', 1)[0]
    secret = setup_secret(client)
    wrong = client.post("/account/two-factor", data={"code": "000000"})
    assert 'aria-invalid="true"' in wrong.get_data(as_text=True)

    done = client.post("/account/two-factor", data={"code": code_now(secret)})
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", done.get_data(as_text=True))
    assert len(set(codes)) == 10
    assert client.get("/curation").status_code == 200
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10
    assert not set(codes) & set(stored)


def test_a_member_with_two_factor_is_asked_for_a_code_after_the_password(client, make_user):
    member = make_user(email="anna@utrecht.nl")
    member.totp_secret, member.totp_enabled_at = TEST_TOTP_SECRET, two_factor.utcnow()
    db.session.commit()
    response = sign_in(client, member.email)
    assert response.headers["Location"] == "/login/code"
    assert client.get("/projects/new").headers["Location"] == "/login/code"
    assert client.post("/login/code", data={"code": "123456"}).status_code == 200
    assert client.post("/login/code", data={"code": code_now()}).headers["Location"] == "/"
    assert client.get("/projects/new").status_code == 200


def test_members_sign_in_without_a_second_factor(client, make_user):
    make_user(email="anna@utrecht.nl")
    assert sign_in(client, "anna@utrecht.nl").headers["Location"] == "/"
    assert client.get("/account").status_code == 200


def test_a_code_works_once(app, make_user):
    user = make_user()
    user.totp_secret, user.totp_enabled_at = TEST_TOTP_SECRET, two_factor.utcnow()
    code = code_now()
    two_factor.check(user, code)
    with pytest.raises(Invalid):
        two_factor.check(user, code)


@pytest.mark.parametrize(("offset", "accepted"), [(-1, True), (1, True), (-3, False), (3, False)])
def test_codes_are_accepted_within_one_step_either_side(app, make_user, offset, accepted):
    user = make_user()
    user.totp_secret, user.totp_enabled_at = TEST_TOTP_SECRET, two_factor.utcnow()
    if accepted:
        two_factor.check(user, code_now(offset_steps=offset))
    else:
        with pytest.raises(Invalid):
            two_factor.check(user, code_now(offset_steps=offset))


def test_a_recovery_code_works_once_instead_of_the_app(app, make_user):
    user = make_user()
    codes = two_factor.enable(user, TEST_TOTP_SECRET, code_now())
    two_factor.check(user, codes[3].upper())
    with pytest.raises(Invalid):
        two_factor.check(user, codes[3])
    assert two_factor.remaining_recovery_codes(user) == 9


def test_wrong_codes_are_throttled_like_passwords(client, make_user, login):
    user = login(make_user(org="vng", role=Role.CURATOR), second_factor=False)
    user.totp_secret, user.totp_enabled_at = TEST_TOTP_SECRET, two_factor.utcnow()
    db.session.commit()
    answers = [client.post("/login/code", data={"code": f"{n:06d}"}).status_code for n in range(6)]
    assert answers == [200] * 5 + [429]
    assert client.post("/login/code", data={"code": code_now()}).status_code == 429
    assert db.session.scalar(select(UserSession.second_factor_at)) is None


def test_curators_cannot_turn_two_factor_off_members_can(app, make_user):
    curator, member = make_user(role=Role.CURATOR), make_user()
    for user in (curator, member):
        two_factor.enable(user, TEST_TOTP_SECRET, code_now())
        user.totp_last_step = 0
    with pytest.raises(NotAllowed):
        two_factor.disable(curator, code_now())
    two_factor.disable(member, code_now())
    assert not fresh(member).has_second_factor
    assert db.session.scalar(select(RecoveryCode).filter_by(user_id=member.id)) is None


def test_a_member_sets_up_and_turns_off_two_factor_from_the_account_page(client, make_user, login):
    user = login(make_user())
    secret = setup_secret(client)
    client.post("/account/two-factor", data={"code": code_now(secret)})
    assert fresh(user).has_second_factor
    assert "Aan sinds" in client.get("/account").get_data(as_text=True)
    fresh(user).totp_last_step = 0
    db.session.commit()
    client.post("/account/two-factor/disable", data={"code": code_now(secret)})
    assert not fresh(user).has_second_factor
