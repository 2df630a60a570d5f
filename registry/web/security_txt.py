"""/.well-known/security.txt (RFC 9116): where to report a vulnerability.

The contact comes from SECURITY_CONTACT, so an operator points it at their
own security desk; Expires is always a year ahead, so the file never goes
stale while the site runs.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, current_app

from registry.models import utcnow

bp = Blueprint("wellknown", __name__)


def security_txt_lines() -> list[str]:
    config = current_app.config
    site = config["SITE_URL"].rstrip("/")
    expires = (utcnow() + timedelta(days=365)).replace(microsecond=0)
    lines = [f"Contact: {contact}" for contact in config["SECURITY_CONTACT"].split()]
    lines.append(f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}")
    lines.append("Preferred-Languages: nl, en")
    lines.append(f"Canonical: {site}/.well-known/security.txt")
    if config.get("SECURITY_POLICY_URL"):
        lines.append(f"Policy: {config['SECURITY_POLICY_URL']}")
    return lines


@bp.route("/.well-known/security.txt")
def security_txt():
    body = "\n".join(security_txt_lines()) + "\n"
    response = Response(body, mimetype="text/plain")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
