"""The request boundary: who is asking, and what a domain error means in HTTP.

Every view gets the signed-in user from `viewer()` and lets the services
raise. `NotAllowed` becomes 403 (and a line on the security log), `NotFound`
404 and `Conflict` 409, in one place (`register_domain_errors`), so a view
only catches an error it does something specific with: a form error next to
the field, or the conflict page of an edit form.
"""

from __future__ import annotations

import logging

from flask import Flask, abort, g, request
from flask_login import current_user
from flask_wtf import FlaskForm

from registry.extensions import db
from registry.models import Project, User
from registry.services import projects
from registry.services.errors import Conflict, DomainError, NotAllowed, NotFound

security_log = logging.getLogger("registry.security")


def viewer() -> User | None:
    """The signed-in user as a model (services need the object, not the proxy)."""
    if current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def signed_in_viewer() -> User:
    """The viewer of a `@login_required` view, which never runs without one."""
    user = viewer()
    if user is None:  # login_required has sent anonymous visitors to the login page
        abort(401)
    return user


def viewer_id() -> int | None:
    """Who asked, for the logs: the signed-in user, or on the API the token's holder."""
    user = viewer()
    if user is not None:
        return user.id
    token = g.get("api_token")
    return token.user_id if token is not None else None


def visible_or_404(slug: str) -> Project:
    """The pilot as the viewer may see it; `NotFound` (a 404) otherwise."""
    return projects.get_visible(slug, viewer())


def show_error_at_field(
    form: FlaskForm, err: DomainError, renamed: dict[str, str] | None = None
) -> None:
    """Put a service's refusal next to the field it concerns, or above the form.

    `renamed` maps a service's field name to the form's where they differ.
    """
    name = (renamed or {}).get(err.field, err.field) if err.field else None
    field = form._fields.get(name) if name else None
    if field is not None:
        field.errors = [*field.errors, err.reason]
    else:
        form.form_errors.append(err.reason)


def register_domain_errors(app: Flask) -> None:
    """Domain errors that reach the boundary become error pages, once for all views.

    Each handler first rolls back: whatever the view changed before the error
    is never stored, not even by a hook that commits after the response
    (search sync), and the error page reads the database as it was.
    """
    from registry.web.errors import render_error

    @app.errorhandler(NotAllowed)
    def refused(err: NotAllowed):
        user_id = viewer_id()
        db.session.rollback()
        # The path in quotes (%r): a decoded %0A in it cannot forge a second log line.
        security_log.info(
            "Refused %s %r (%s) for user %s: %s",
            request.method,
            request.path,
            request.endpoint,
            user_id,
            err.reason,
        )
        return render_error(403, err.reason or None)

    @app.errorhandler(NotFound)
    def missing(err: NotFound):
        db.session.rollback()
        return render_error(404)

    @app.errorhandler(Conflict)
    def conflict(err: Conflict):
        db.session.rollback()
        return render_error(409, err.reason or None)
