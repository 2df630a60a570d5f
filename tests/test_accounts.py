"""The accounts service, without HTTP: registration, verification, sign-in, reset, placement."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import Event, User
from registry.models.vocab import Role
from registry.services import accounts, permissions, tokens, user_sessions
from registry.services.errors import Conflict, Invalid, NotAllowed
from tests.conftest import PASSWORD

NEW_PASSWORD = "een-heel-nieuw-wachtwoord"


@pytest.fixture(autouse=True)
def request_context(app):
    """Domain errors carry translated reasons, which need a language to render in."""
    with app.test_request_context():
        yield


def events_of(subject) -> list[str]:
    return [
        e.verb
        for e in db.session.scalars(
            select(Event)
            .where(Event.subject_type == subject.__tablename__, Event.subject_id == subject.id)
            .order_by(Event.id)
        )
    ]


def test_registration_normalises_email_and_stores_an_argon2id_hash(app):
    user = accounts.register("Anna de Vries", "  Anna@Utrecht.NL ", PASSWORD).user
    assert user.email == "anna@utrecht.nl"
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert user.email_verified_at is None
    assert user.organisation is None
    assert user.role == Role.MEMBER
    assert events_of(user) == ["registered"]


def test_registering_an_existing_email_changes_nothing(app, make_user):
    owner = make_user(email="anna@utrecht.nl", name="Anna")
    old_hash = owner.password_hash
    registration = accounts.register("Indringer", "ANNA@utrecht.nl", "een-ander-wachtwoord")
    assert registration.created is False
    assert registration.user is owner
    assert owner.name == "Anna"
    assert owner.password_hash == old_hash
    assert db.session.scalar(select(db.func.count(User.id))) == 1


@pytest.mark.parametrize("password", ["", "kort", "x" * 11, "x" * 1025])
def test_passwords_outside_12_to_1024_characters_are_refused(app, password):
    with pytest.raises(Invalid) as caught:
        accounts.register("Anna", "anna@utrecht.nl", password)
    assert caught.value.field == "password"


def test_password_minimum_comes_from_configuration(app):
    app.config["PASSWORD_MIN_LENGTH"] = 20
    with pytest.raises(Invalid, match="20"):
        accounts.check_password("x" * 19)
    accounts.check_password("x" * 20)


def test_verification_places_the_account_by_its_email_domain(app, make_org):
    utrecht = make_org("GM0344", "Utrecht", domains=("utrecht.nl",))
    user = accounts.register("Anna", "anna@utrecht.nl", PASSWORD).user
    verified = accounts.verify_email(accounts.verification_token(user))
    assert verified is user
    assert user.email_verified_at is not None
    assert user.organisation is utrecht
    assert user.role == Role.MEMBER
    assert events_of(user) == ["registered", "email_verified", "placed"]


def test_verification_with_an_unknown_domain_leaves_the_account_pending(app, make_org):
    make_org("GM0344", domains=("utrecht.nl",))
    user = accounts.register("Piet", "piet@gmail.com", PASSWORD).user
    accounts.verify_email(accounts.verification_token(user))
    assert user.organisation is None
    assert user in db.session.scalars(accounts.pending_query()).all()
    assert not permissions.can_create_project(user)


def test_a_subdomain_is_not_its_parent_domain(app, make_org):
    make_org("GM0344", domains=("utrecht.nl",))
    user = accounts.register("Piet", "piet@evil-utrecht.nl", PASSWORD).user
    accounts.verify_email(accounts.verification_token(user))
    assert user.organisation is None


def test_an_inactive_organisation_places_nobody(app, make_org):
    org = make_org("GM0001", domains=("oud.nl",))
    org.active = False
    user = accounts.register("Piet", "piet@oud.nl", PASSWORD).user
    accounts.verify_email(accounts.verification_token(user))
    assert user.organisation is None


def test_a_token_for_one_purpose_does_not_work_for_another(app, make_user):
    user = make_user(verified=False)
    verify = accounts.verification_token(user)
    reset = accounts.reset_token(user)
    with pytest.raises(Invalid):
        accounts.user_for_reset_token(verify)
    with pytest.raises(Invalid):
        accounts.verify_email(reset)


def test_a_tampered_token_is_refused_with_a_dutch_reason(app, make_user):
    token = accounts.verification_token(make_user(verified=False))
    with pytest.raises(Invalid) as caught:
        accounts.verify_email(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert caught.value.reason == tokens.BROKEN


def test_an_expired_token_is_refused_as_expired(app, make_user):
    token = accounts.verification_token(make_user(verified=False))
    app.config["TOKEN_MAX_AGE_SECONDS"] = -1  # every token is now older than allowed
    with pytest.raises(Invalid) as caught:
        accounts.verify_email(token)
    assert caught.value.reason == tokens.EXPIRED


def test_a_token_signed_with_another_secret_is_refused(app, make_user):
    token = accounts.verification_token(make_user(verified=False))
    app.config["SECRET_KEY"] = "another-secret"
    with pytest.raises(Invalid):
        accounts.verify_email(token)


def test_a_verification_token_for_a_changed_email_is_refused(app, make_user):
    user = make_user(verified=False, email="oud@example.nl")
    token = accounts.verification_token(user)
    user.email = "nieuw@example.nl"
    with pytest.raises(Invalid):
        accounts.verify_email(token)


def test_authenticate_gives_one_answer_for_unknown_email_and_wrong_password(app, make_user):
    make_user(email="anna@utrecht.nl")
    with pytest.raises(Invalid) as unknown:
        accounts.authenticate("niemand@utrecht.nl", PASSWORD)
    with pytest.raises(Invalid) as wrong:
        accounts.authenticate("anna@utrecht.nl", "verkeerd-wachtwoord")
    assert str(unknown.value.reason) == str(wrong.value.reason) == str(accounts.BAD_LOGIN)
    assert str(accounts.BAD_LOGIN) == "E-mailadres of wachtwoord klopt niet."


def test_authenticate_accepts_any_case_of_the_email(app, make_user):
    user = make_user(email="anna@utrecht.nl")
    assert accounts.authenticate(" ANNA@Utrecht.nl ", PASSWORD) is user


def test_an_unverified_account_cannot_sign_in(app, make_user):
    make_user(email="anna@utrecht.nl", verified=False)
    with pytest.raises(accounts.NotVerified):
        accounts.authenticate("anna@utrecht.nl", PASSWORD)


def test_a_disabled_account_gets_the_generic_answer(app, make_user):
    make_user(email="anna@utrecht.nl").disabled = True
    with pytest.raises(Invalid) as caught:
        accounts.authenticate("anna@utrecht.nl", PASSWORD)
    assert not isinstance(caught.value, accounts.NotVerified)


def test_reset_sets_the_password_and_ends_other_sessions(app, make_user):
    user = make_user()
    key = user_sessions.start(user, "Firefox")
    accounts.reset_password(accounts.reset_token(user), NEW_PASSWORD)
    assert user_sessions.resolve(key) == (None, False)
    assert accounts.authenticate(user.email, NEW_PASSWORD) is user
    with pytest.raises(Invalid):
        accounts.authenticate(user.email, PASSWORD)
    assert "password_reset" in events_of(user)


def test_a_reset_token_works_only_once(app, make_user):
    user = make_user()
    token = accounts.reset_token(user)
    accounts.reset_password(token, NEW_PASSWORD)
    with pytest.raises(Invalid):
        accounts.reset_password(token, "nog-een-ander-wachtwoord")


def test_a_reset_link_confirms_an_unverified_address(app, make_org, make_user):
    org = make_org("GM0344", domains=("utrecht.nl",))
    user = make_user(org=None, email="anna@utrecht.nl", verified=False)
    accounts.reset_password(accounts.reset_token(user), NEW_PASSWORD)
    assert user.email_verified_at is not None
    assert user.organisation is org


def test_reset_keeps_the_password_rules(app, make_user):
    user = make_user()
    with pytest.raises(Invalid):
        accounts.reset_password(accounts.reset_token(user), "kort")


def test_admin_places_a_pending_account_and_an_event_records_it(app, make_user, make_org):
    admin = make_user(role=Role.ADMIN)
    pending = make_user(org=None)
    vng = make_org("vng", "VNG")
    accounts.place(admin, pending, vng, Role.CURATOR)
    assert pending.organisation is vng
    assert pending.role == Role.CURATOR
    event = db.session.scalars(select(Event).where(Event.verb == "placed")).one()
    assert event.actor is admin
    assert event.subject_id == pending.id
    assert event.payload["organisation"] == "vng"
    assert pending not in db.session.scalars(accounts.pending_query()).all()


def test_only_admins_place_accounts(app, make_user, make_org):
    curator = make_user(role=Role.CURATOR)
    pending = make_user(org=None)
    with pytest.raises(NotAllowed):
        accounts.place(curator, pending, make_org("vng"), Role.MEMBER)
    assert pending.organisation is None


def test_place_refuses_an_unknown_role(app, make_user, make_org):
    admin = make_user(role=Role.ADMIN)
    with pytest.raises(Invalid):
        accounts.place(admin, make_user(org=None), make_org("vng"), "koning")


def test_pending_lists_only_verified_accounts_without_organisation(app, make_user):
    waiting = make_user(org=None)
    make_user(org=None, verified=False)
    make_user()
    assert db.session.scalars(accounts.pending_query()).all() == [waiting]


def test_admin_changes_a_role_but_not_their_own(app, make_user):
    admin = make_user(role=Role.ADMIN)
    member = make_user()
    accounts.change_role(admin, member, Role.CURATOR)
    assert member.role == Role.CURATOR
    assert "role_changed" in events_of(member)
    with pytest.raises(NotAllowed):
        accounts.change_role(admin, admin, Role.MEMBER)
    assert admin.role == Role.ADMIN


def test_a_member_cannot_change_roles(app, make_user):
    member, other = make_user(), make_user()
    with pytest.raises(NotAllowed):
        accounts.change_role(member, other, Role.ADMIN)
    assert other.role == Role.MEMBER


def test_domains_are_normalised_unique_and_recorded(app, make_user, make_org):
    admin = make_user(role=Role.ADMIN)
    utrecht, amsterdam = make_org("GM0344"), make_org("GM0363")
    row = accounts.add_domain(admin, utrecht, " @Utrecht.NL ")
    assert row.domain == "utrecht.nl"
    with pytest.raises(Conflict):
        accounts.add_domain(admin, amsterdam, "utrecht.nl")
    accounts.remove_domain(admin, utrecht, row.id)
    assert utrecht.domains == []
    assert events_of(utrecht) == ["domain_added", "domain_removed"]


@pytest.mark.parametrize("domain", ["utrecht", "http://utrecht.nl", "a b.nl", "-x.nl", ""])
def test_a_malformed_domain_is_refused(app, make_user, make_org, domain):
    with pytest.raises(Invalid):
        accounts.add_domain(make_user(role=Role.ADMIN), make_org("GM0344"), domain)
