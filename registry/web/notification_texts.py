"""A notification's sentence and subject in the reader's language, with its labels filled in.

Services store codes (a phase, an adoption or catalogue status); the labels
of those codes live in the web layer, so they are looked up here, in the
language of the moment (the page's, or the recipient's for a mail).
"""

from __future__ import annotations

from typing import Any

from registry.models import Notification
from registry.services import notifications
from registry.web import labels
from registry.web.nominations.labels import CATALOGUE_STATUSES
from registry.web.reuse.labels import ADOPTION_STATUSES


def with_labels(params: dict[str, Any]) -> dict[str, Any]:
    filled = dict(params)
    if params.get("phase_code"):
        filled["phase"] = str(labels.label(labels.PHASES, params["phase_code"])).lower()
    if params.get("adoption_status"):
        filled["status"] = str(labels.label(ADOPTION_STATUSES, params["adoption_status"])).lower()
    if params.get("catalogue_status"):
        filled["status"] = str(labels.label(CATALOGUE_STATUSES, params["catalogue_status"])).lower()
    return filled


def sentence(kind: str, params: dict[str, Any]) -> str:
    return notifications.sentence(kind, with_labels(params))


def subject(kind: str, params: dict[str, Any]) -> str:
    return notifications.mail_subject(kind, with_labels(params))


def text(notification: Notification) -> str:
    """For the /notifications page."""
    return sentence(notification.kind, notification.params)
