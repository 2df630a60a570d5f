"""Small pieces the nomination, curation and catalogue pages share."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import get_timezone
from flask_login import current_user
from flask_wtf import FlaskForm

from registry.models import User, utcnow
from registry.services.errors import DomainError
from registry.services.readiness import Thresholds


def viewer() -> User | None:
    """The signed-in user as a model (services need the object, not the proxy)."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def thresholds() -> Thresholds:
    return Thresholds.from_config(current_app.config)


def today() -> date:
    """Today where the site's users live, not in UTC: "standard since" is a Dutch date."""
    return utcnow().astimezone(get_timezone()).date()


def show_error_at_field(form: FlaskForm, err: DomainError, renamed: dict[str, str] | None = None):
    """Put a service's refusal next to the field it concerns, or above the form."""
    name = (renamed or {}).get(err.field, err.field) if err.field else None
    field = form._fields.get(name) if name else None
    if field is not None:
        field.errors = [*field.errors, err.reason]
    else:
        form.form_errors.append(err.reason)
