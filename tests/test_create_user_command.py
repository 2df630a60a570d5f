"""`registry create-user`, as an operator's script runs it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import Event, User
from registry.services import accounts
from tests.conftest import PASSWORD


@pytest.fixture
def utrecht(make_org):
    org = make_org("GM0344", "Utrecht")
    db.session.commit()
    return org


def create_user(runner, *args, password=PASSWORD):
    return runner.invoke(args=["create-user", *args, "--password-stdin"], input=f"{password}\n")


def stored(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).filter_by(email=email))


def test_create_user_makes_a_verified_placed_account(runner, utrecht):
    result = create_user(runner, "Beheer@Utrecht.nl", "--org", "GM0344", "--role", "admin")
    assert result.exit_code == 0, result.output
    assert "beheer@utrecht.nl" in result.output
    user = stored("beheer@utrecht.nl")
    assert user.organisation.code == "GM0344"
    assert user.role == "admin"
    assert user.email_verified_at is not None
    assert user.password_hash.startswith("$argon2id$")
    assert user.name == "Beheer"
    assert db.session.scalar(select(Event).filter_by(verb="created", subject_id=user.id))


def test_the_password_from_stdin_signs_in(app, runner, utrecht):
    create_user(runner, "anna@utrecht.nl", "--org", "GM0344", "--role", "member", "--name", "Anna")
    with app.test_request_context():
        user = accounts.authenticate("anna@utrecht.nl", PASSWORD)
    assert user.name == "Anna"


def test_only_the_line_ending_is_taken_off_the_password(app, runner, utrecht):
    create_user(runner, "anna@utrecht.nl", "--org", "GM0344", password="  spaties rond het  ")
    with app.test_request_context():
        assert accounts.authenticate("anna@utrecht.nl", "  spaties rond het  ")


def test_an_unknown_organisation_is_an_error(runner, utrecht):
    result = create_user(runner, "anna@utrecht.nl", "--org", "GM9999")
    assert result.exit_code != 0
    assert "GM9999" in result.output
    assert "bestaat niet" in result.output
    assert stored("anna@utrecht.nl") is None


def test_a_short_password_is_an_error(runner, utrecht):
    result = create_user(runner, "anna@utrecht.nl", "--org", "GM0344", password="kort")
    assert result.exit_code != 0
    assert "minstens 12 tekens" in result.output
    assert stored("anna@utrecht.nl") is None


def test_an_existing_email_is_an_error(runner, utrecht, make_user):
    make_user(email="anna@utrecht.nl", name="Anna")
    db.session.commit()
    result = create_user(runner, "ANNA@utrecht.nl", "--org", "GM0344", "--role", "admin")
    assert result.exit_code != 0
    assert "bestaat al" in result.output
    assert stored("anna@utrecht.nl").role == "member"


def test_an_unknown_role_is_an_error(runner, utrecht):
    result = create_user(runner, "anna@utrecht.nl", "--org", "GM0344", "--role", "koning")
    assert result.exit_code != 0
    assert stored("anna@utrecht.nl") is None


def test_an_invalid_email_is_an_error(runner, utrecht):
    result = create_user(runner, "geen-adres", "--org", "GM0344")
    assert result.exit_code != 0
    assert "e-mailadres" in result.output
