"""Setting up and turning off two-factor sign-in.

The QR code is drawn here (segno, as an SVG data URI: no outside service sees
the secret) and the secret is also shown as text, for people who cannot scan.
Until setup is confirmed the secret lives only in this browser's signed
session cookie, so abandoning the page leaves nothing half-enabled.
"""

from __future__ import annotations

import segno
from flask import flash, redirect, render_template, session, url_for
from flask_login import login_required

from registry.extensions import db
from registry.services import permissions, two_factor, user_sessions
from registry.services.errors import Invalid
from registry.translation import gettext as _
from registry.translation import lazy_gettext as _l
from registry.web import sessions
from registry.web.account import bp, mails
from registry.web.auth.forms import CodeForm
from registry.web.boundary import show_error_at_field, signed_in_viewer

SETUP_KEY = "totp_setup_secret"
TURNED_OFF = _l("Inloggen in twee stappen is uitgezet voor uw account bij het Innovatieregister.")


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=5, border=2)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    user = signed_in_viewer()
    if user.has_second_factor:
        return redirect(url_for(".index"))
    secret = session.get(SETUP_KEY) or two_factor.new_secret()
    session[SETUP_KEY] = secret
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.enable(user, secret, form.code.data)
        except Invalid as err:
            show_error_at_field(form, err)
        else:
            record = sessions.current_session()
            if record is not None:
                user_sessions.second_factor_passed(record)
            db.session.commit()
            session.pop(SETUP_KEY, None)
            flash(_("Inloggen in twee stappen staat aan."), "success")
            return render_template("account/recovery_codes.html", codes=codes)
    uri = two_factor.provisioning_uri(user, secret)
    return render_template(
        "account/two_factor_setup.html",
        form=form,
        qr=qr_data_uri(uri),
        secret=two_factor.readable_secret(secret),
        required=user.is_curator,
    )


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
@login_required
def recovery_codes():
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.new_recovery_codes(signed_in_viewer(), form.code.data)
        except Invalid as err:
            flash(str(err.reason), "error")
        else:
            db.session.commit()
            return render_template("account/recovery_codes.html", codes=codes)
    return redirect(url_for(".index"))


@bp.route("/account/two-factor/disable", methods=["POST"])
@login_required
def two_factor_disable():
    user = signed_in_viewer()
    permissions.require(permissions.can_turn_off_two_factor(user))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            two_factor.disable(user, form.code.data)
        except Invalid as err:
            flash(str(err.reason), "error")
        else:
            mails.queue_security_notice(user, TURNED_OFF)
            db.session.commit()
            flash(_("Inloggen in twee stappen staat uit."), "success")
    return redirect(url_for(".index"))
