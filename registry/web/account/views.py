"""The account page: profile, notification choices, password, e-mail address and sessions."""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import login_required

from registry.extensions import db
from registry.services import api_tokens, profile, two_factor, user_sessions
from registry.services.errors import Conflict, Invalid
from registry.translation import gettext as _
from registry.web import sessions
from registry.web.account import bp, mails
from registry.web.account.forms import (
    ApiTokenForm,
    EmailChangeForm,
    NotificationsForm,
    PasswordForm,
    ProfileForm,
)
from registry.web.boundary import show_error_at_field, signed_in_viewer


def _notifications_form(formdata=None) -> NotificationsForm:
    user = signed_in_viewer()
    chosen = profile.notification_preferences(user)
    form = NotificationsForm(
        formdata=formdata, kinds=list(chosen), by_mail=[k for k, wanted in chosen.items() if wanted]
    )
    return form


def _render_index(
    profile_form: ProfileForm | None = None,
    notifications_form=None,
    token_form: ApiTokenForm | None = None,
    new_token: api_tokens.NewToken | None = None,
):
    user = signed_in_viewer()
    return render_template(
        "account/index.html",
        profile_form=profile_form
        or ProfileForm(
            formdata=None, obj=user, language=user.language or session.get("lang") or "nl"
        ),
        notifications_form=notifications_form or _notifications_form(),
        active_sessions=user_sessions.active(user),
        this_session=sessions.current_session(),
        recovery_codes_left=two_factor.remaining_recovery_codes(user)
        if user.has_second_factor
        else 0,
        token_form=token_form or ApiTokenForm(formdata=None),
        api_tokens=api_tokens.active(user),
        new_token=new_token,
    )


@bp.route("/account", methods=["GET", "POST"])
@login_required
def index():
    form = ProfileForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            profile.update_profile(signed_in_viewer(), form.name.data, form.language.data)
        except Invalid as err:
            show_error_at_field(form, err)
        else:
            db.session.commit()
            session["lang"] = form.language.data
            flash(_("Uw gegevens zijn opgeslagen."), "success")
            return redirect(url_for(".index"))
    if request.method == "GET":
        return _render_index()
    return _render_index(profile_form=form), 400


@bp.route("/account/notifications", methods=["POST"])
@login_required
def notifications():
    form = _notifications_form(formdata=request.form)
    if form.validate_on_submit():
        profile.set_notification_preferences(signed_in_viewer(), set(form.by_mail.data or ()))
        db.session.commit()
        flash(_("Uw keuzes voor meldingen zijn opgeslagen."), "success")
        return redirect(url_for(".index"))
    return _render_index(notifications_form=form), 400


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            profile.change_password(
                signed_in_viewer(),
                form.current_password.data,
                form.password.data,
                sessions.current_session(),
            )
        except Invalid as err:
            show_error_at_field(form, err)
        else:
            mails.queue_security_notice(
                signed_in_viewer(),
                _("Het wachtwoord van uw account bij het Innovatieregister is gewijzigd."),
            )
            db.session.commit()
            flash(_("Uw wachtwoord is gewijzigd. U bent overal elders uitgelogd."), "success")
            return redirect(url_for(".index"))
    return render_template("account/password.html", form=form)


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def email():
    form = EmailChangeForm()
    if form.validate_on_submit():
        try:
            token = profile.request_email_change(
                signed_in_viewer(), form.password.data, form.email.data
            )
        except Invalid as err:
            show_error_at_field(form, err)
        else:
            mails.queue_email_change(signed_in_viewer(), form.email.data, token)
            db.session.commit()
            flash(
                _(
                    "We hebben een e-mail gestuurd naar %(email)s. Volg de link daarin om "
                    "de wijziging te bevestigen.",
                    email=form.email.data,
                ),
                "info",
            )
            return redirect(url_for(".index"))
    return render_template("account/email.html", form=form)


@bp.route("/account/email/<token>")
def confirm_email(token: str):
    try:
        change = profile.confirm_email_change(token)
    except (Invalid, Conflict) as err:
        current_app.logger.info("Rejected e-mail change link")
        return (
            render_template("auth/link_invalid.html", reason=err.reason, again=url_for(".email")),
            400,
        )
    mails.queue_email_changed_notice(change.user, change.old_email)
    db.session.commit()
    flash(_("Uw e-mailadres is gewijzigd in %(email)s.", email=change.new_email), "success")
    return redirect(url_for(".index"))


@bp.route("/account/sessions/<int:session_id>/end", methods=["POST"])
@login_required
def end_session(session_id: int):
    this = sessions.current_session()
    if this is not None and this.id == session_id:
        sessions.sign_out()
        flash(_("U bent uitgelogd."), "success")
        return redirect(url_for("main.home"))
    if user_sessions.end_one(signed_in_viewer(), session_id):
        db.session.commit()
        flash(_("Die sessie is beëindigd."), "success")
    return redirect(url_for(".index"))


@bp.route("/account/sessions/end-all", methods=["POST"])
@login_required
def end_all_sessions():
    user_sessions.end_all(signed_in_viewer(), user_sessions.EndReason.EVERYWHERE)
    db.session.commit()
    sessions.sign_out(user_sessions.EndReason.EVERYWHERE)
    flash(_("U bent overal uitgelogd, ook hier."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/tokens", methods=["POST"])
@login_required
def create_token():
    form = ApiTokenForm()
    if form.validate_on_submit():
        try:
            new = api_tokens.create(
                signed_in_viewer(), form.name.data, form.scopes.data or [], form.expires_days()
            )
        except Invalid as err:
            show_error_at_field(form, err, renamed={"expires_days": "lifetime"})
        else:
            db.session.commit()
            # Rendered, not redirected: the token is shown on this one answer and kept nowhere.
            response = make_response(_render_index(new_token=new))
            response.headers["Cache-Control"] = "no-store"
            return response
    return _render_index(token_form=form), 400


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    if api_tokens.revoke(signed_in_viewer(), token_id):
        db.session.commit()
        flash(_("De API-sleutel is ingetrokken; hij werkt niet meer."), "success")
    return redirect(url_for(".index") + "#tokens-title")
