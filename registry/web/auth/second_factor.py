"""The second step of signing in: a code from the authenticator app or a recovery code."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_login import current_user

from registry.extensions import db
from registry.services import throttle, two_factor, user_sessions
from registry.services.errors import Invalid
from registry.web import sessions
from registry.web.auth import bp
from registry.web.auth.forms import CodeForm
from registry.web.auth.redirects import safe_next
from registry.web.auth.views import throttled_message


def after_second_factor():
    """Where the sign-in was heading before the code was asked."""
    return redirect(safe_next(session.pop(sessions.NEXT_KEY, None)) or url_for("main.home"))


@bp.route("/login/code", methods=["GET", "POST"])
def second_factor():
    if not current_user.is_authenticated:
        return redirect(url_for(".login"))
    if not sessions.awaits_second_factor() or not current_user.has_second_factor:
        return after_second_factor()
    user = current_user._get_current_object()
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        identity, address = str(user.id), request.remote_addr or ""
        wait = throttle.wait_seconds("code", identity, address)
        try:
            if wait:
                raise Invalid(throttled_message(wait), field="code")
            two_factor.check(user, form.code.data)
        except Invalid as err:
            form.code.errors = [*form.code.errors, err.reason]
            status = 429 if wait else 200
            if not wait:
                throttle.failed("code", identity, address)
        else:
            throttle.succeeded("code", identity)
            current = sessions.current_session()
            assert current is not None, "the code page needs a session"
            user_sessions.second_factor_passed(current)
            db.session.commit()
            return after_second_factor()
    return render_template("auth/second_factor.html", form=form), status
