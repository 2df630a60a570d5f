"""/.well-known/security.txt tells researchers where to report, as RFC 9116 asks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest


@pytest.fixture
def app_config(app_config):
    return {
        **app_config,
        "SECURITY_CONTACT": "mailto:csirt@gemeente.example https://example.org/meld",
    }


def test_security_txt_has_contact_from_config_and_expires_a_year_ahead(client):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    fields = [line.split(": ", 1) for line in response.get_data(as_text=True).splitlines()]
    contacts = [value for name, value in fields if name == "Contact"]
    assert contacts == ["mailto:csirt@gemeente.example", "https://example.org/meld"]
    expires = datetime.strptime(dict(fields)["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert timedelta(days=364) < expires - datetime.now(UTC) <= timedelta(days=365)
    assert dict(fields)["Canonical"].endswith("/.well-known/security.txt")
    assert dict(fields)["Preferred-Languages"] == "nl, en"
