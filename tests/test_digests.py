"""Channels per kind, the daily and weekly digests, and what every notification mail carries:
the recipient's language, a plain text and an accessible HTML part, one-click unsubscribe
and a link to the settings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from registry.extensions import db
from registry.models import MailChannel, MailOutbox, Notification, NotificationPreference, utcnow
from registry.services import digests, notifications
from registry.web import unsubscribe_tokens
from tests.smtp_servers import LocalSMTP, free_port
from tests.test_nominations_support import page


def tell(user, nomination, kind="nomination_rejected", **params):
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


def outbox(kind: str | None = None) -> list[MailOutbox]:
    db.session.commit()
    query = select(MailOutbox).order_by(MailOutbox.id)
    if kind is not None:
        query = query.where(MailOutbox.kind == kind)
    return list(db.session.scalars(query))


def digest(channel: str = MailChannel.DAILY) -> int:
    written = digests.collect(channel, utcnow())
    db.session.commit()
    return written


def test_each_channel_decides_site_and_mail(make_user, make_nomination):
    nomination = make_nomination()
    people = {channel: make_user() for channel in MailChannel.ALL}
    for channel, user in people.items():
        notifications.set_channel(user, "nomination_rejected", channel)
        tell(user, nomination)
    db.session.commit()
    on_site = set(db.session.scalars(select(Notification.user_id)))
    assert on_site == {u.id for c, u in people.items() if c != MailChannel.OFF}
    assert [m.user_id for m in outbox()] == [people[MailChannel.IMMEDIATE].id]


def test_the_daily_digest_gathers_the_days_notifications_in_one_mail(make_user, make_nomination):
    user = make_user()
    notifications.set_channel(user, "nomination_rejected", MailChannel.DAILY)
    notifications.set_channel(user, "nomination_in_review", MailChannel.DAILY)
    first, second = make_nomination(), make_nomination()
    tell(user, first)
    tell(user, second, "nomination_in_review")
    db.session.commit()
    assert outbox() == []  # nothing at once
    assert digest() == 1
    [mail] = outbox("digest_daily")
    assert mail.subject == "Uw dagelijkse overzicht: 2 meldingen"
    assert first.project.title in mail.text_body
    assert second.project.title in mail.text_body
    assert f"/projects/{first.project.slug}" in mail.text_body


def test_a_digest_never_includes_an_item_twice_and_a_rerun_sends_nothing_new(
    make_user, make_nomination
):
    user = make_user()
    notifications.set_channel(user, "nomination_rejected", MailChannel.DAILY)
    old = make_nomination()
    tell(user, old)
    db.session.commit()
    assert digest() == 1
    assert digest() == 0
    new = make_nomination()
    tell(user, new)
    db.session.commit()
    assert digest() == 1
    mails = outbox("digest_daily")
    assert len(mails) == 2
    assert old.project.title not in mails[1].text_body
    assert new.project.title in mails[1].text_body


def test_daily_and_weekly_digests_take_only_their_own_items(make_user, make_nomination):
    user = make_user()
    notifications.set_channel(user, "nomination_rejected", MailChannel.DAILY)
    notifications.set_channel(user, "nomination_in_review", MailChannel.WEEKLY)
    daily, weekly = make_nomination(), make_nomination()
    tell(user, daily)
    tell(user, weekly, "nomination_in_review")
    db.session.commit()
    assert digest(MailChannel.WEEKLY) == 1
    [mail] = outbox("digest_weekly")
    assert weekly.project.title in mail.text_body
    assert daily.project.title not in mail.text_body
    assert digest(MailChannel.DAILY) == 1


def test_a_disabled_account_gets_no_digest(make_user, make_nomination):
    user = make_user()
    notifications.set_channel(user, "nomination_rejected", MailChannel.DAILY)
    tell(user, make_nomination())
    user.disabled = True
    db.session.commit()
    assert digest() == 0
    assert outbox() == []


def test_the_digest_commands_run_the_digests(runner, make_user, make_nomination):
    user = make_user()
    notifications.set_channel(user, "nomination_rejected", MailChannel.WEEKLY)
    tell(user, make_nomination())
    db.session.commit()
    assert "0" in runner.invoke(args=["notifications", "digest", "--daily"]).output
    assert "1" in runner.invoke(args=["notifications", "digest", "--weekly"]).output
    assert "0" in runner.invoke(args=["notifications", "digest", "--weekly"]).output
    assert runner.invoke(args=["notifications", "digest"]).exit_code != 0
    assert len(outbox("digest_weekly")) == 1


def test_a_long_digest_lists_the_newest_and_points_to_the_rest(make_user, make_nomination):
    user = make_user()
    notifications.set_channel(user, "nomination_rejected", MailChannel.DAILY)
    nomination = make_nomination()
    for n in range(digests.MAX_ITEMS + 3):
        [row] = tell(user, nomination)
        row.created_at = utcnow() - timedelta(minutes=n)
    db.session.commit()
    digest()
    [mail] = outbox("digest_daily")
    assert "En nog 3 meldingen" in mail.text_body


def test_following_kinds_default_to_the_daily_digest_and_others_to_at_once(make_user):
    chosen = notifications.preferences(make_user())
    assert chosen["pilot_published"] == MailChannel.DAILY
    assert chosen["project_rated"] == MailChannel.IMMEDIATE


# --- The settings page -------------------------------------------------------------------


def test_the_settings_page_is_a_table_of_radio_groups_per_kind(client, login, make_user):
    login(make_user())
    html = page(client.get("/notifications/settings"))
    assert "<fieldset" in html
    assert "<legend" in html
    assert '<th scope="col">Direct per e-mail</th>' in html
    assert '<th scope="row" id="project_rated-label">' in html
    assert html.count('name="project_rated" type="radio"') == len(MailChannel.ALL)
    assert '<input checked id="project_rated-0" name="project_rated"' in html
    assert '<span class="visually-hidden">Een beoordeling van uw pilot: </span>' in html


def settings_form(**changes) -> dict[str, str]:
    from registry.services.notification_kinds import listed

    return {kind.code: changes.get(kind.code, kind.default) for kind in listed()}


def test_saving_the_settings_changes_the_channels(client, login, make_user):
    user = login(make_user())
    response = client.post(
        "/notifications/settings",
        data=settings_form(project_rated="weekly", pilot_published="off"),
    )
    assert response.status_code == 302
    chosen = notifications.preferences(user)
    assert chosen["project_rated"] == MailChannel.WEEKLY
    assert chosen["pilot_published"] == MailChannel.OFF
    assert "opgeslagen" in page(client.get("/notifications/settings"))


def test_a_forged_channel_is_refused_and_nothing_changes(client, login, make_user):
    login(make_user())
    response = client.post(
        "/notifications/settings", data=settings_form(project_rated="every_minute")
    )
    assert response.status_code == 400
    assert "field__error" in page(response)
    assert db.session.scalar(select(func.count()).select_from(NotificationPreference)) == 0


def test_the_settings_page_asks_visitors_to_log_in(client):
    assert client.get("/notifications/settings").status_code == 302


# --- The notification page ---------------------------------------------------------------


def test_the_page_filters_by_kind_and_ignores_an_unknown_kind(
    client, login, make_user, make_nomination
):
    user = login(make_user())
    rejected, in_review = make_nomination(), make_nomination()
    tell(user, rejected)
    tell(user, in_review, "nomination_in_review")
    db.session.commit()
    html = page(client.get("/notifications?kind=nomination_rejected"))
    assert rejected.project.title in html
    assert in_review.project.title not in html
    everything = page(client.get("/notifications?kind=<script>"))
    assert rejected.project.title in everything
    assert in_review.project.title in everything


def test_marking_one_read_keeps_the_filter_and_the_header_count_follows(
    client, login, make_user, make_nomination
):
    user = login(make_user())
    [row] = tell(user, make_nomination())
    tell(user, make_nomination())
    db.session.commit()
    assert '<span class="count-badge">2' in page(client.get("/"))
    response = client.post(f"/notifications/{row.id}/read?kind=nomination_rejected")
    assert response.headers["Location"].endswith("/notifications?kind=nomination_rejected")
    assert '<span class="count-badge">1' in page(client.get("/"))
    client.post("/notifications/read")
    assert "count-badge" not in page(client.get("/"))


def test_curators_notifications_lead_to_the_nomination_under_review(
    client, login, make_user, make_org, make_nomination
):
    make_org("vng", name="VNG", kind="association", province=None)
    curator = login(make_user(org="vng", role="curator"))
    nomination = make_nomination()
    tell(curator, nomination, "nomination_new")
    db.session.commit()
    assert f'href="/curation/{nomination.id}"' in page(client.get("/notifications"))


def test_the_page_paginates(client, login, make_user, make_nomination, app):
    user = login(make_user())
    nomination = make_nomination()
    for _ in range(app.config["PAGE_SIZE"] + 1):
        tell(user, nomination)
    db.session.commit()
    assert 'rel="next"' in page(client.get("/notifications"))
    assert "notification--unread" in page(client.get("/notifications?page=2"))


# --- What every notification mail carries ------------------------------------------------


class TestMail:
    @pytest.fixture
    def smtp_port(self) -> int:
        return free_port()

    @pytest.fixture
    def app_config(self, app_config, smtp_port):
        return {
            **app_config,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp_port,
            "MAIL_USE_TLS": False,
            "MAIL_TIMEOUT_SECONDS": 2,
            "SITE_URL": "https://register.example.nl/",
        }

    @pytest.fixture
    def smtp(self, smtp_port):
        server = LocalSMTP(smtp_port).start()
        yield server
        server.stop()

    def test_a_mail_in_english_with_text_html_one_click_unsubscribe_and_settings(
        self, smtp, make_user, make_nomination
    ):
        user = make_user()
        user.language = "en"
        nomination = make_nomination()
        tell(user, nomination, rationale="Not enough evidence yet.", reason="owners")
        db.session.commit()
        [message] = smtp.to(user.email)
        assert message["Subject"] == f"Nomination rejected: {nomination.project.title}"
        assert message["Content-Language"] == "en"
        unsubscribe = message["List-Unsubscribe"]
        assert unsubscribe.startswith("<https://register.example.nl/notifications/unsubscribe/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert "because you work for the owner or a partner" in text
        assert "https://register.example.nl/notifications/settings" in text
        assert '<html lang="en">' in html
        assert 'href="https://register.example.nl/notifications/settings"' in html

    def test_a_mail_in_dutch_for_who_chose_nothing(self, smtp, make_user, make_nomination):
        user = make_user()
        tell(user, make_nomination())
        db.session.commit()
        [message] = smtp.to(user.email)
        assert message["Content-Language"] == "nl"
        assert message["Subject"].startswith("Voordracht afgewezen")

    def test_a_digest_carries_its_own_one_click_unsubscribe(
        self, smtp, client, make_user, make_nomination
    ):
        user = make_user()
        notifications.set_channel(user, "nomination_rejected", MailChannel.DAILY)
        notifications.set_channel(user, "nomination_returned", MailChannel.DAILY)
        tell(user, make_nomination())
        db.session.commit()
        digest()
        [message] = smtp.to(user.email)
        url = message["List-Unsubscribe"].strip("<>")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        path = url.removeprefix("https://register.example.nl")
        assert client.post(path).status_code == 200
        chosen = notifications.preferences(user)
        assert chosen["nomination_rejected"] == MailChannel.NEVER
        assert chosen["nomination_returned"] == MailChannel.NEVER

    def test_a_forged_digest_unsubscribe_changes_nothing(self, client, make_user):
        user = make_user()
        notifications.set_channel(user, "nomination_rejected", MailChannel.DAILY)
        db.session.commit()
        from itsdangerous import URLSafeSerializer

        forged = URLSafeSerializer("another-secret", salt=unsubscribe_tokens.SALT).dumps(
            [user.id, "digest_daily"]
        )
        assert client.post(f"/notifications/unsubscribe/{forged}").status_code == 400
        assert notifications.preferences(user)["nomination_rejected"] == MailChannel.DAILY
