"""Small pieces the nomination, curation and catalogue pages share."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import get_timezone

from registry.models import utcnow
from registry.services.readiness import Thresholds


def thresholds() -> Thresholds:
    return Thresholds.from_config(current_app.config)


def today() -> date:
    """Today where the site's users live, not in UTC: "standard since" is a Dutch date."""
    return utcnow().astimezone(get_timezone()).date()
