"""Numbers and dates in the page's language: Dutch, or British English; never seconds."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale

from registry.extensions import db
from registry.models import Notification
from registry.web.formatting import fmt_date, fmt_number

MOMENT = datetime(2026, 11, 29, 13, 5, 42, tzinfo=UTC)  # 14:05:42 in Amsterdam


@pytest.mark.parametrize(
    ("language", "day", "moment", "number", "decimal"),
    [
        ("nl", "29 nov 2026", "29 nov 2026, 14:05", "100.000", "3,50"),
        ("en", "29 Nov 2026", "29 Nov 2026, 14:05", "100,000", "3.50"),
    ],
)
def test_dates_and_numbers_follow_the_language(app, language, day, moment, number, decimal):
    with app.test_request_context("/"), force_locale(language):
        assert fmt_date(date(2026, 11, 29)) == day
        assert fmt_date(MOMENT) == moment
        assert fmt_number(100_000) == number
        assert fmt_number(3.5, 2) == decimal


def test_a_summer_moment_is_shown_in_dutch_summer_time(app):
    with app.test_request_context("/"), force_locale("en"):
        assert fmt_date(datetime(2026, 7, 1, 22, 30, 59, tzinfo=UTC)) == "2 Jul 2026, 00:30"


def visible_text(response) -> str:
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_english_catalogue_writes_dates_the_british_way(client, make_entry):
    make_entry(standard_since=date(2026, 11, 29))
    assert "29 Nov 2026" in visible_text(client.get("/catalogue?lang=en"))
    assert "29 nov 2026" in visible_text(client.get("/catalogue?lang=nl"))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_timestamps_on_a_page_show_no_seconds(client, make_user, login, make_nomination, language):
    user = login(make_user())
    nomination = make_nomination()
    db.session.add(
        Notification(
            user=user,
            kind="nomination_rejected",
            subject_type="nomination",
            subject_id=nomination.id,
            params={"project_title": "Een pilot", "project_slug": nomination.project.slug},
            created_at=MOMENT,
        )
    )
    text = visible_text(client.get(f"/notifications?lang={language}"))
    assert "14:05" in text
    assert not re.search(r"\d:\d\d:\d\d", text)
