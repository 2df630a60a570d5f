"""Asking and answering with CSRF and rate limits switched on, as in production."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from registry.extensions import db
from registry.models import Question


@pytest.fixture
def app_config(app_config: dict) -> dict:
    return {**app_config, "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": True}


def csrf_token(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_a_question_needs_the_forms_token_and_a_flood_is_stopped(
    client, login, make_user, make_project
):
    pilot = make_project(owner="GM0119")
    login(make_user(org="GM0344"))
    url = f"/projects/{pilot.slug}/questions"
    assert client.post(url, data={"body": "Zonder token"}).status_code == 400
    token = csrf_token(client, f"/projects/{pilot.slug}")
    answers = [
        client.post(url, data={"body": f"Vraag {n}", "csrf_token": token}).status_code
        for n in range(11)
    ]
    assert answers[:10] == [302] * 10
    assert answers[10] == 429
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Question.id))) == 10
