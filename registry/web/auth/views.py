"""Register, verify, sign in and out, reset a password.

Every answer to an anonymous visitor is the same whether or not the e-mail
address is known; the mail that goes out differs, the page does not. Asking
for a reset or verification link looks nothing up: the request enqueues the
ask and the worker decides what to send (`registry.account_mail`).
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_login import current_user

from registry import account_mail
from registry.extensions import db, limiter
from registry.i18n import current_language
from registry.services import accounts, throttle, user_sessions
from registry.services.errors import Invalid
from registry.translation import gettext as _
from registry.translation import lazy_gettext as _l
from registry.web import sessions
from registry.web.auth import bp
from registry.web.auth.forms import EmailForm, LoginForm, NewPasswordForm, RegisterForm
from registry.web.auth.redirects import safe_next


def _too_many() -> str:
    return str(_l("U heeft dit te vaak geprobeerd. Wacht een minuut en probeer het opnieuw."))


LOGIN_LIMIT = "10/minute"  # per address, for the reset form; sign-in has its own throttle
MAIL_LIMIT = "5/minute"  # each of these sends a mail; keep the site from being a mail cannon

LINK_SENT = _l(
    "Als dit e-mailadres bij ons bekend is, ontvangt u binnen enkele minuten "
    "een e-mail met een link."
)


def throttled_message(seconds: int) -> str:
    wait = format_timedelta(timedelta(seconds=seconds), threshold=1.1)
    return _(
        "Er is te vaak een verkeerde code of een verkeerd wachtwoord gegeven. "
        "Probeer het over %(wait)s opnieuw.",
        wait=wait,
    )


# Only failed sign-ins count against an address (services/throttle.py): colleagues
# behind one municipal proxy all sign in on Monday morning.
@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = safe_next(request.args.get("next") or request.form.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("main.home"))
    form = LoginForm()
    unverified = False
    status = 200
    if form.validate_on_submit():
        email, address = form.email.data, request.remote_addr or ""
        wait = throttle.wait_seconds("password", email, address)
        try:
            if wait:
                raise Invalid(throttled_message(wait))
            user = accounts.authenticate(email, form.password.data)
        except accounts.NotVerified:
            throttle.succeeded("password", email)
            unverified = True
        except Invalid as err:
            form.form_errors.append(err.reason)
            status = 429 if wait else 200
            if not wait:
                throttle.failed("password", email, address)
                accounts.record_failed_login(email)
                db.session.commit()
        else:
            throttle.succeeded("password", email)
            accounts.record_login(user)
            sessions.sign_in(user)
            if sessions.awaits_second_factor():
                return sessions.second_factor_step(next_url)
            flash(_("U bent ingelogd."), "success")
            return redirect(next_url or url_for("main.home"))
    page = render_template("auth/login.html", form=form, next_url=next_url, unverified=unverified)
    return page, status


@bp.route("/logout", methods=["POST"])
def logout():
    sessions.sign_out()
    flash(_("U bent uitgelogd."), "success")
    return redirect(url_for("main.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(MAIL_LIMIT, methods=["POST"], error_message=_too_many)
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            registration = accounts.register(form.name.data, form.email.data, form.password.data)
        except Invalid as err:
            getattr(form, err.field or "email").errors.append(err.reason)
        else:
            db.session.commit()
            email = registration.user.email
            if _mail_allowed("register", email):
                account_mail.ask(account_mail.REGISTER, email, current_language())
            return redirect(url_for(".registered"))
    return render_template("auth/register.html", form=form)


@bp.route("/register/sent")
def registered():
    return render_template("auth/registered.html")


@bp.route("/verify/<token>")
def verify(token: str):
    try:
        account = accounts.verify_email(token)
    except Invalid as err:
        return _link_invalid(err.reason, again=url_for(".resend_verification"))
    db.session.commit()
    return render_template("auth/verified.html", account=account)


@bp.route("/verify/resend", methods=["GET", "POST"])
@limiter.limit(MAIL_LIMIT, methods=["POST"], error_message=_too_many)
def resend_verification():
    form = EmailForm()
    if form.validate_on_submit():
        if _mail_allowed("verify", form.email.data):
            account_mail.ask(account_mail.VERIFY, form.email.data, current_language())
        flash(LINK_SENT, "info")
        return redirect(url_for(".login"))
    return render_template("auth/resend.html", form=form)


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(MAIL_LIMIT, methods=["POST"], error_message=_too_many)
def reset_request():
    form = EmailForm()
    if form.validate_on_submit():
        if _mail_allowed("reset", form.email.data):
            account_mail.ask(account_mail.RESET, form.email.data, current_language())
        flash(LINK_SENT, "info")
        return redirect(url_for(".login"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"], error_message=_too_many)
def reset_password(token: str):
    try:
        accounts.user_for_reset_token(token)
    except Invalid as err:
        return _link_invalid(err.reason, again=url_for(".reset_request"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(token, form.password.data)
        except Invalid as err:
            form.password.errors.append(err.reason)
        else:
            db.session.commit()
            if current_user.is_authenticated:
                sessions.sign_out(user_sessions.EndReason.RESET)
            flash(_("Uw wachtwoord is gewijzigd. Log in met uw nieuwe wachtwoord."), "success")
            return redirect(url_for(".login"))
    return render_template("auth/reset_password.html", form=form, token=token)


def _mail_allowed(purpose: str, email: str) -> bool:
    """Counted for known and unknown addresses alike, so the limit tells nothing."""
    return throttle.mail_allowed(purpose, email, request.remote_addr or "")


def _link_invalid(reason: object, again: str):
    current_app.logger.info("Rejected link on %s", request.endpoint)
    return render_template("auth/link_invalid.html", reason=reason, again=again), 400
