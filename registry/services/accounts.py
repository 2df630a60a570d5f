"""Accounts: registration, e-mail verification, signing in, password reset, placement.

Answers that reach an anonymous visitor never tell whether an e-mail address
is registered: the views show the same page either way, and the functions
here do the same amount of password hashing either way.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import Select, func, or_, select

from registry.extensions import db
from registry.models import Organisation, OrganisationDomain, User, utcnow
from registry.models.vocab import Role
from registry.services import events, permissions, tokens, user_sessions
from registry.services.errors import Conflict, DomainError, Invalid, NotFound
from registry.services.passwords import hash_password, needs_rehash, verify_password
from registry.translation import lazy_gettext as _l

PASSWORD_MAX_LENGTH = 1024
BAD_LOGIN = _l("E-mailadres of wachtwoord klopt niet.")

# A domain name: labels of letters, digits and hyphens, at least one dot.
_DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class NotVerified(DomainError):
    """The password is right but the e-mail address has not been confirmed yet."""


@dataclass(frozen=True)
class Registration:
    user: User
    created: bool


# --- Rules on input ------------------------------------------------------------


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def email_domain(email: str) -> str:
    return normalise_email(email).rpartition("@")[2]


def check_email(email: str) -> None:
    try:
        validate_email(normalise_email(email), check_deliverability=False)
    except EmailNotValidError as err:
        raise Invalid(_l("Vul een geldig e-mailadres in."), field="email") from err


def check_password(password: str) -> None:
    """Raise Invalid (on field `password`) unless the password is acceptable."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password or "") < minimum:
        raise Invalid(
            _l("Kies een wachtwoord van minstens %(n)s tekens.", n=minimum), field="password"
        )
    if len(password) > PASSWORD_MAX_LENGTH:
        raise Invalid(
            _l("Kies een wachtwoord van hoogstens %(n)s tekens.", n=PASSWORD_MAX_LENGTH),
            field="password",
        )


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def organisation_by_code(code: str) -> Organisation | None:
    """Codes are typed by people: `gm0344` and `VNG` find `GM0344` and `vng`."""
    return db.session.scalar(
        select(Organisation).where(func.lower(Organisation.code) == code.strip().lower())
    )


# --- Registration and verification ----------------------------------------------


def register(name: str, email: str, password: str) -> Registration:
    """Create an unverified account, or hand back the existing one untouched.

    The password is hashed in both cases so both answers take as long.
    """
    check_email(email)
    check_password(password)
    password_hash = hash_password(password)
    existing = find_by_email(email)
    if existing is not None:
        return Registration(existing, created=False)
    user = User(
        name=name.strip(),
        email=normalise_email(email),
        password_hash=password_hash,
        role=Role.MEMBER,
    )
    db.session.add(user)
    db.session.flush()
    events.record(user, "registered", user)
    return Registration(user, created=True)


def verification_token(user: User) -> str:
    return tokens.make(tokens.VERIFY_EMAIL, {"uid": user.id, "email": user.email})


def verify_email(token: str) -> User:
    """Confirm the address in a verification link and place the account by its domain."""
    payload = tokens.load(tokens.VERIFY_EMAIL, token)
    user = db.session.get(User, payload.get("uid") or 0)
    if user is None or user.email != payload.get("email"):
        raise Invalid(tokens.BROKEN)
    if user.email_verified_at is None:
        _mark_verified(user)
    return user


def _mark_verified(user: User) -> None:
    user.email_verified_at = utcnow()
    events.record(user, "email_verified", user)
    if user.organisation_id is None:
        organisation = organisation_for_email(user.email)
        if organisation is not None:
            user.organisation = organisation
            user.role = Role.MEMBER
            db.session.flush()
            events.record(user, "placed", user, organisation=organisation.code, role=user.role)
    db.session.flush()


def organisation_for_email(email: str) -> Organisation | None:
    """The active organisation that registered this address's domain, if any."""
    return db.session.scalar(
        select(Organisation)
        .join(OrganisationDomain)
        .where(OrganisationDomain.domain == email_domain(email), Organisation.active.is_(True))
    )


def awaiting_verification(email: str) -> User | None:
    """The account a new verification link should go to, or None (said to nobody)."""
    user = find_by_email(email)
    if user is None or user.disabled or user.email_verified_at is not None:
        return None
    return user


# --- Signing in --------------------------------------------------------------------


def authenticate(email: str, password: str) -> User:
    """The account for these credentials; Invalid with one message for every failure.

    An unknown address is checked against a dummy hash, so it takes as long as
    a wrong password. Only a correct password learns that the address is
    unverified.
    """
    user = find_by_email(email)
    if not verify_password(user.password_hash if user else None, password or ""):
        raise Invalid(BAD_LOGIN)
    if user is None or user.disabled:
        raise Invalid(BAD_LOGIN)
    if user.email_verified_at is None:
        raise NotVerified(_l("Uw e-mailadres is nog niet bevestigd. Kijk in uw mailbox."))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def record_login(user: User) -> None:
    user.last_login_at = utcnow()
    user.failed_logins = 0
    db.session.flush()


def record_failed_login(email: str) -> None:
    """Note a wrong password on the account (if there is one) for the admins' user list."""
    user = find_by_email(email)
    if user is not None:
        user.failed_logins += 1
        user.last_failed_login_at = utcnow()
        db.session.flush()


# --- Password reset ----------------------------------------------------------------


def _password_fingerprint(user: User) -> str:
    """Changes whenever the password does, so a used reset link stops working."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def reset_token(user: User) -> str:
    return tokens.make(tokens.RESET_PASSWORD, {"uid": user.id, "pw": _password_fingerprint(user)})


def resettable(email: str) -> User | None:
    """The account a reset link should go to, or None (said to nobody)."""
    user = find_by_email(email)
    if user is None or user.disabled:
        return None
    return user


def user_for_reset_token(token: str) -> User:
    payload = tokens.load(tokens.RESET_PASSWORD, token)
    user = db.session.get(User, payload.get("uid") or 0)
    if user is None or user.disabled or payload.get("pw") != _password_fingerprint(user):
        raise Invalid(tokens.BROKEN)
    return user


def reset_password(token: str, password: str) -> User:
    """Set a new password from a reset link and end every other session.

    The link proves the holder reads the account's mail, so it also confirms
    an address that was still unverified.
    """
    user = user_for_reset_token(token)
    check_password(password)
    user.password_hash = hash_password(password)
    user_sessions.end_all(user, user_sessions.EndReason.RESET)
    events.record(user, "password_reset", user)
    if user.email_verified_at is None:
        _mark_verified(user)
    db.session.flush()
    return user


# --- Administration -------------------------------------------------------------------


def pending_query() -> Select[User]:
    """Verified accounts still waiting for an admin to place them, oldest first."""
    return (
        select(User)
        .where(
            User.organisation_id.is_(None),
            User.email_verified_at.is_not(None),
            User.disabled.is_(False),
        )
        .order_by(User.created_at, User.id)
    )


def users_query(search: str = "") -> Select[User]:
    """All accounts, matching `search` in name or e-mail, by name."""
    query = select(User).order_by(func.lower(User.name), User.id)
    if search.strip():
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(func.lower(User.name).like(pattern), func.lower(User.email).like(pattern))
        )
    return query


def _check_role(role: str) -> None:
    if role not in set(Role):
        raise Invalid(_l("Kies een rol uit de lijst."), field="role")


def place(admin: User | None, user: User, organisation: Organisation, role: str) -> User:
    """Put an account in an organisation with a role."""
    permissions.require(permissions.can_administer(admin))
    assert admin is not None  # can_administer lets only signed-in admins through
    _check_role(role)
    if user.id == admin.id and role != user.role:
        raise Invalid(_l("U kunt uw eigen rol niet wijzigen."), field="role")
    previous = user.organisation.code if user.organisation else None
    user.organisation = organisation
    user.role = role
    db.session.flush()
    events.record(
        admin, "placed", user, organisation=organisation.code, previous=previous, role=role
    )
    return user


def change_role(admin: User | None, user: User, role: str) -> User:
    permissions.require(permissions.can_change_role(admin, user))
    _check_role(role)
    if role != user.role:
        previous, user.role = user.role, role
        # A session's rights and idle limit were granted for the old role.
        user_sessions.end_all(user, user_sessions.EndReason.ROLE)
        events.record(admin, "role_changed", user, role=role, previous=previous)
        db.session.flush()
    return user


def disable(admin: User | None, user: User) -> User:
    """Block an account: it cannot sign in, and every session it has ends now."""
    permissions.require(permissions.can_disable_account(admin, user))
    if not user.disabled:
        user.disabled = True
        user_sessions.end_all(user, user_sessions.EndReason.DISABLED)
        events.record(admin, "account_disabled", user)
        db.session.flush()
    return user


def enable(admin: User | None, user: User) -> User:
    permissions.require(permissions.can_disable_account(admin, user))
    if user.disabled:
        user.disabled = False
        events.record(admin, "account_enabled", user)
        db.session.flush()
    return user


def add_domain(admin: User | None, organisation: Organisation, domain: str) -> OrganisationDomain:
    """Register an e-mail domain whose new accounts are placed in `organisation`."""
    permissions.require(permissions.can_administer(admin))
    domain = domain.strip().lower().removeprefix("@")
    if not _DOMAIN.match(domain):
        raise Invalid(_l("Vul een domeinnaam in, zoals utrecht.nl."), field="domain")
    taken = db.session.scalar(select(OrganisationDomain).where(OrganisationDomain.domain == domain))
    if taken is not None:
        raise Conflict(
            _l("Dit domein hoort al bij %(name)s.", name=taken.organisation.name), field="domain"
        )
    row = OrganisationDomain(domain=domain)
    organisation.domains.append(row)
    db.session.flush()
    events.record(admin, "domain_added", organisation, domain=domain)
    return row


def remove_domain(admin: User | None, organisation: Organisation, domain_id: int) -> None:
    permissions.require(permissions.can_administer(admin))
    row = next((d for d in organisation.domains if d.id == domain_id), None)
    if row is None:
        raise NotFound(_l("Dit domein hoort niet bij deze organisatie."))
    organisation.domains.remove(row)
    db.session.flush()
    events.record(admin, "domain_removed", organisation, domain=row.domain)


def create_verified(
    email: str, name: str, password: str, organisation: Organisation, role: str
) -> User:
    """An operator's account: verified at once and placed; for scripts, not for visitors."""
    check_email(email)
    check_password(password)
    _check_role(role)
    email = normalise_email(email)
    if find_by_email(email) is not None:
        raise Conflict(_l("Er bestaat al een account met dit e-mailadres."), field="email")
    user = User(
        email=email,
        name=name.strip(),
        password_hash=hash_password(password),
        role=role,
        organisation=organisation,
        email_verified_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    events.record(None, "created", user, organisation=organisation.code, role=role)
    return user
