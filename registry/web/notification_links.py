"""Where a notification leads: the curation page for curators' kinds, the catalogue entry
once there is one, else the pilot.

Services store only slugs in a notification; the links are built here, from
the app's URL map, so they follow the routes wherever those are defined.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, url_for

from registry.links import absolute
from registry.models import Notification

CURATION_KINDS = frozenset({"nomination_new", "nomination_waiting"})


def target(params: dict[str, Any], kind: str | None = None) -> tuple[str, dict[str, Any]]:
    """The endpoint and its values for a notification's parameters."""
    if kind in CURATION_KINDS and params.get("nomination_id"):
        return "curation.show", {"nomination_id": params["nomination_id"]}
    if params.get("entry_slug"):
        return "catalogue.show", {"slug": params["entry_slug"]}
    return "projects.show", {"slug": params.get("project_slug") or ""}


def path(notification: Notification) -> str:
    """The link on the /notifications page (during a request)."""
    endpoint, values = target(notification.params, notification.kind)
    return url_for(endpoint, **values)


def site_url(params: dict[str, Any], app: Flask | None = None, kind: str | None = None) -> str:
    """The absolute link for an e-mail, on SITE_URL, with or without a request.

    Never from the request's Host header: mail is also sent after a command
    commits, and a forged Host must not end up in a link that is mailed.
    """
    endpoint, values = target(params, kind)
    return absolute(endpoint, app=app, **values)
