"""Notifications: rows for the /notifications page, and mail once the change is committed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import Notification, utcnow
from registry.services import notifications
from tests.test_nominations_support import RATIONALE, page


@pytest.fixture
def app_config(app_config, tmp_path):
    return {**app_config, "MAIL_LOG_FILE": str(tmp_path / "mail.log")}


@pytest.fixture
def mail_log(app) -> Path:
    return Path(app.config["MAIL_LOG_FILE"])


def notify(user, nomination, kind="nomination_rejected", **params):
    project = nomination.project
    return notifications.notify(
        [user],
        kind,
        nomination,
        nomination_id=nomination.id,
        project_title=project.title,
        project_slug=project.slug,
        **params,
    )


def test_mail_goes_out_after_the_commit_and_not_after_a_rollback(
    make_user, make_nomination, mail_log
):
    user = make_user()
    nomination = make_nomination()
    db.session.commit()
    notify(user, nomination)
    db.session.rollback()
    db.session.commit()
    assert not mail_log.exists()
    notify(user, nomination, rationale=RATIONALE)
    db.session.commit()
    text = mail_log.read_text(encoding="utf-8")
    assert f"To: {user.email}" in text
    assert "Voordracht afgewezen" in text
    assert RATIONALE in text
    assert f"/projects/{nomination.project.slug}" in text


def test_each_user_is_notified_once(make_user, make_nomination):
    user = make_user()
    nomination = make_nomination()
    rows = notifications.notify(
        [user, user], "nomination_in_review", nomination, project_title="x", project_slug="x"
    )
    assert len(rows) == 1


def test_the_page_lists_the_users_notifications_newest_first_with_unread_marked(
    client, login, make_user, make_nomination
):
    user = make_user()
    other = make_user(org="GM0014")
    old = make_nomination()
    new = make_nomination()
    [older] = notify(user, old, "nomination_in_review")
    older.created_at = utcnow() - timedelta(days=2)
    older.read_at = utcnow() - timedelta(days=1)
    notify(user, new, "nomination_accepted", entry_slug="standaard-x")
    notify(other, new, "nomination_rejected")
    login(user)
    html = page(client.get("/notifications"))
    assert html.index(new.project.title) < html.index(old.project.title)
    assert html.count("notification--unread") == 1
    assert ">Nieuw</span>" in html
    assert "U heeft 1 ongelezen melding." in html
    assert 'href="/catalogue/standaard-x"' in html
    assert "is afgewezen." not in html  # someone else's


def test_marking_one_notification_read(client, login, make_user, make_nomination):
    user = make_user()
    [row] = notify(user, make_nomination())
    login(user)
    response = client.post(f"/notifications/{row.id}/read")
    assert response.status_code == 302
    assert db.session.get(Notification, row.id).read_at is not None


def test_nobody_marks_another_users_notification(client, login, make_user, make_nomination):
    owner = make_user()
    [row] = notify(owner, make_nomination())
    login(make_user(org="GM0014"))
    client.post(f"/notifications/{row.id}/read")
    assert db.session.get(Notification, row.id).read_at is None


def test_marking_all_read(client, login, make_user, make_nomination):
    user = make_user()
    notify(user, make_nomination())
    notify(user, make_nomination())
    login(user)
    client.post("/notifications/read")
    assert notifications.unread_count(user) == 0
    assert "U heeft 0 ongelezen meldingen." in page(client.get("/notifications"))


def test_the_page_asks_anonymous_visitors_to_log_in(client):
    response = client.get("/notifications")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_text_follows_the_readers_language(app, make_user, make_nomination):
    [row] = notify(make_user(), make_nomination(), "nomination_returned")
    with app.test_request_context("/"):
        assert "teruggegeven" in notifications.text(row)


class TestWithCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    def test_marking_read_without_a_token_is_refused(
        self, client, login, make_user, make_nomination
    ):
        user = make_user()
        [row] = notify(user, make_nomination())
        login(user)
        assert client.post(f"/notifications/{row.id}/read").status_code == 400
        assert db.session.get(Notification, row.id).read_at is None

    def test_the_page_carries_the_token_in_its_forms(
        self, client, login, make_user, make_nomination
    ):
        user = make_user()
        notify(user, make_nomination())
        login(user)
        assert page(client.get("/notifications")).count('name="csrf_token"') >= 2

    def test_curator_forms_carry_the_token(self, client, login, make_user, make_nomination):
        from registry.models.vocab import Role

        curator = make_user(org="GM0014", role=Role.CURATOR)
        nomination = make_nomination()
        login(curator)
        html = page(client.get(f"/curation/{nomination.id}"))
        assert 'name="csrf_token"' in html
        assert (
            client.post(f"/curation/{nomination.id}/review", data={"version": 1}).status_code == 400
        )


def test_notifications_are_kept_in_the_database_per_user(make_user, make_nomination):
    user = make_user()
    notify(user, make_nomination())
    assert db.session.scalar(select(Notification.user_id)) == user.id


class TestLinksInMail:
    """Links are built by the web layer from the URL map, on SITE_URL, request or not."""

    SITE = "https://register.example.nl/innovatie/"

    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "SITE_URL": self.SITE}

    def test_mail_committed_outside_a_request_links_to_the_site(
        self, make_user, make_nomination, mail_log
    ):
        user = make_user()
        nomination = make_nomination()
        notify(user, nomination, "nomination_accepted", entry_slug="standaard-x")
        notify(user, nomination, "nomination_rejected")
        db.session.commit()  # as a command would: no request, only the app
        text = mail_log.read_text(encoding="utf-8")
        assert f"{self.SITE}catalogue/standaard-x" in text
        assert f"{self.SITE}projects/{nomination.project.slug}" in text

    def test_mail_links_ignore_the_host_the_request_came_in_on(
        self, app, make_user, make_nomination, mail_log
    ):
        user = make_user()
        nomination = make_nomination()
        with app.test_request_context("/", base_url="http://evil.example/elders/"):
            notify(user, nomination)
            db.session.commit()
        text = mail_log.read_text(encoding="utf-8")
        assert f"{self.SITE}projects/{nomination.project.slug}" in text
        assert "evil.example" not in text
