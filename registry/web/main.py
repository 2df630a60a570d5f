"""The home page and the site-wide pages: accessibility and privacy statements."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template
from flask_login import current_user

from registry.services import home as home_data
from registry.services import notifications

bp = Blueprint("main", __name__)

# Where people report an accessibility problem or exercise their privacy rights.
# One address, so the statements and the footer can never disagree.
CONTACT_EMAIL = "innovatieregister@vng.nl"
# The day the statements were last reviewed; change it whenever their content changes.
ACCESSIBILITY_STATEMENT_DATE = date(2026, 11, 29)
ACCESSIBILITY_TESTED_DATE = date(2026, 11, 29)
PRIVACY_STATEMENT_DATE = date(2026, 11, 29)


@bp.app_context_processor
def site_globals() -> dict[str, object]:
    """The header's unread count, read before the template renders (templates never query)."""
    # Outside a request (mail rendered by a command or the worker) there is no user at all.
    signed_in = getattr(current_user, "is_authenticated", False)
    unread = notifications.unread_count(current_user) if signed_in else 0
    return {"unread_notifications": unread, "site_contact_email": CONTACT_EMAIL}


@bp.route("/")
def home():
    return render_template(
        "main/home.html",
        pilots=home_data.latest_pilots(),
        entries=home_data.latest_entries(),
        figures=home_data.figures(),
    )


@bp.route("/toegankelijkheid")
def accessibility():
    return render_template(
        "main/accessibility.html",
        statement_date=ACCESSIBILITY_STATEMENT_DATE,
        tested_date=ACCESSIBILITY_TESTED_DATE,
    )


@bp.route("/privacy")
def privacy():
    return render_template("main/privacy.html", statement_date=PRIVACY_STATEMENT_DATE)
