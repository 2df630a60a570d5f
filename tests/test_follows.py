"""Following: buttons that follow and unfollow (POST with CSRF), the "what I follow" page,
Atom feeds for anyone, and a fan-out whose request cost does not grow with the followers."""

from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from registry import tasks as queue
from registry.extensions import db
from registry.models import (
    Follow,
    MailChannel,
    MailOutbox,
    MailStatus,
    Notification,
    NotificationFanout,
    User,
    utcnow,
)
from registry.services import follows, notifications, projects
from registry.services.errors import Invalid, NotAllowed
from registry.services.follows import Target
from registry.tasks import notification_jobs
from tests.test_nominations_support import page
from tests.worker_process import WorkerProcess

THEME = "economy"


def follow_count(user: User | None = None) -> int:
    query = select(func.count()).select_from(Follow)
    if user is not None:
        query = query.where(Follow.user_id == user.id)
    return db.session.scalar(query)


def post_follow(client, target: Target, next_url: str = "/following", action: str = "follow"):
    return client.post(
        f"/{action}",
        data={"target_type": target.type, "target_key": target.key, "next": next_url},
    )


def test_a_member_follows_and_unfollows_a_pilot_from_its_page(
    client, login, make_user, make_project
):
    user = login(make_user(org="GM0014"))
    project = make_project()
    html = page(client.get(f"/projects/{project.slug}"))
    assert 'action="/follow"' in html
    assert f"/projects/{project.slug}/feed.atom" in html

    response = post_follow(client, Target.project(project), f"/projects/{project.slug}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/projects/{project.slug}")
    assert follows.is_following(user, Target.project(project))
    assert 'action="/unfollow"' in page(client.get(f"/projects/{project.slug}"))

    post_follow(client, Target.project(project), action="unfollow")
    assert not follows.is_following(user, Target.project(project))


def test_following_twice_is_following_once(client, login, make_user, make_project):
    user = login(make_user())
    target = Target.theme(THEME)
    post_follow(client, target)
    post_follow(client, target)
    assert follow_count(user) == 1


def test_a_visitor_is_asked_to_log_in_and_offered_the_feed(client, make_project, make_org):
    project = make_project()
    html = page(client.get(f"/projects/{project.slug}"))
    assert "Log in om te volgen" in html
    assert 'action="/follow"' not in html
    assert client.post("/follow", data={"target_type": "catalogue"}).status_code == 302
    assert follow_count() == 0


@pytest.mark.parametrize(
    "target",
    [
        Target("theme", "no_such_theme"),
        Target("project", "987654"),
        Target("organisation", "987654"),
        Target("catalogue", "x"),
    ],
)
def test_following_something_that_does_not_exist_changes_nothing(client, login, make_user, target):
    login(make_user())
    response = post_follow(client, target)
    assert response.status_code == 302
    assert follow_count() == 0
    assert "bestaat niet" in page(client.get("/following"))


def test_an_unknown_kind_of_target_is_a_bad_request(client, login, make_user):
    login(make_user())
    assert post_follow(client, Target("planet", "mars")).status_code == 400


def test_a_draft_of_another_organisation_cannot_be_followed(make_user, make_project):
    draft = make_project(owner="GM0344", published=False)
    with pytest.raises(Invalid):
        follows.follow(make_user(org="GM0014"), Target.project(draft))


def test_only_signed_in_members_follow_on_the_site(make_project):
    with pytest.raises(NotAllowed):
        follows.follow(None, Target.catalogue())


def test_the_following_page_lists_what_i_follow_with_feeds_and_unfollow_buttons(
    client, login, make_user, make_project, make_org
):
    user = login(make_user())
    project = make_project(title="Slimme lantaarnpalen")
    org = make_org("GM0363", name="Gemeente Amsterdam")
    for target in (
        Target.project(project),
        Target.theme(THEME),
        Target.organisation(org),
        Target.catalogue(),
    ):
        follows.follow(user, target)
    db.session.commit()
    html = page(client.get("/following"))
    assert "Pilot: Slimme lantaarnpalen" in html
    assert "Thema: Economie" in html
    assert "Organisatie: Gemeente Amsterdam" in html
    assert "De catalogus" in html
    assert "/feeds/themes/economy.atom" in html
    assert "/feeds/organisations/GM0363.atom" in html
    assert "/feeds/catalogue.atom" in html
    assert html.count('action="/unfollow"') >= 4


def test_a_theme_is_followed_from_the_following_page_and_from_its_list(client, login, make_user):
    user = login(make_user())
    client.post("/following/theme", data={"theme": THEME})
    assert follows.is_following(user, Target.theme(THEME))
    html = page(client.get(f"/projects?theme={THEME}"))
    assert 'action="/unfollow"' in html
    assert client.post("/following/theme", data={"theme": "nonsense"}).status_code == 302
    assert follow_count(user) == 1


def test_organisation_and_catalogue_pages_carry_a_follow_button(client, login, make_user, make_org):
    login(make_user())
    make_org("GM0363", name="Gemeente Amsterdam")
    assert 'name="target_type" value="organisation"' in page(client.get("/organisations/GM0363"))
    assert 'name="target_type" value="catalogue"' in page(client.get("/catalogue"))


def test_anyone_can_follow_a_theme_organisation_or_pilot_by_atom_feed(
    client, make_project, make_org
):
    project = make_project(themes=(THEME,))
    for path in (
        f"/feeds/themes/{THEME}.atom",
        "/feeds/organisations/GM0344.atom",
        f"/projects/{project.slug}/feed.atom",
        "/feeds/catalogue.atom",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.mimetype == "application/atom+xml"


class TestWithCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    def test_following_without_a_token_is_refused(self, client, login, make_user):
        login(make_user())
        assert post_follow(client, Target.catalogue()).status_code == 400
        assert follow_count() == 0

    def test_the_buttons_carry_the_token(self, client, login, make_user, make_project):
        login(make_user())
        project = make_project()
        assert 'name="csrf_token"' in page(client.get(f"/projects/{project.slug}"))


# --- Fan-out -----------------------------------------------------------------------------


class TestFanOut:
    """With a real queue (not immediate), the request writes one row; the task tells all."""

    @pytest.fixture
    def app_config(self, app_config, tmp_path):
        return {**app_config, "TASK_QUEUE_URL": f"sqlite:///{tmp_path / 'tasks.sqlite'}"}

    @staticmethod
    def add_theme_followers(count: int) -> None:
        start = db.session.scalar(select(func.coalesce(func.max(User.id), 0))) + 1
        now = utcnow()
        db.session.execute(
            insert(User),
            [
                {
                    "id": start + n,
                    "email": f"volger{start + n}@example.nl",
                    "name": f"Volger {n}",
                    "password_hash": "x",
                    "role": "member",
                    "email_verified_at": now,
                    "disabled": False,
                    "created_at": now,
                    "failed_logins": 0,
                    "totp_last_step": 0,
                }
                for n in range(count)
            ],
        )
        db.session.execute(
            insert(Follow),
            [
                {
                    "user_id": start + n,
                    "target_type": "theme",
                    "target_key": THEME,
                    "created_at": now,
                }
                for n in range(count)
            ],
        )
        db.session.commit()

    @staticmethod
    def run_queued_tasks() -> None:
        while (task := queue.huey.dequeue()) is not None:
            queue.huey.execute(task)

    @staticmethod
    def told_of(project) -> int:
        return db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.subject_id == project.id, Notification.kind == "pilot_published")
        )

    def publish_counting(self, client, count_queries, project) -> int:
        with count_queries() as counter:
            response = client.post(f"/projects/{project.slug}/publish")
        assert response.status_code == 302
        return counter.count

    def test_publishing_to_a_thousand_followers_costs_the_request_what_ten_cost(
        self, client, login, make_user, make_project, count_queries
    ):
        owner = login(make_user(org="GM0344"))
        warm_up, first, second = (
            make_project(owner="GM0344", themes=(THEME,), published=False) for _ in range(3)
        )
        self.publish_counting(client, count_queries, warm_up)  # the app's first request
        self.add_theme_followers(10)
        with_ten = self.publish_counting(client, count_queries, first)
        self.run_queued_tasks()
        self.add_theme_followers(990)
        with_thousand = self.publish_counting(client, count_queries, second)
        assert with_thousand == with_ten
        assert db.session.scalar(select(func.count()).select_from(NotificationFanout)) == 3
        assert self.told_of(first) == 10
        assert self.told_of(second) == 0  # waits for its task

        self.run_queued_tasks()
        assert self.told_of(second) == 1000
        assert db.session.get(User, owner.id) is not None

    def test_a_fan_out_that_runs_twice_tells_everyone_once(
        self, client, login, make_user, make_project
    ):
        login(make_user(org="GM0344"))
        project = make_project(owner="GM0344", themes=(THEME,), published=False)
        self.add_theme_followers(5)
        client.post(f"/projects/{project.slug}/publish")
        [fanout_id] = db.session.scalars(select(NotificationFanout.id))
        assert notification_jobs.fan_out.call_local(fanout_id) == 5
        assert notification_jobs.fan_out.call_local(fanout_id) == 0
        self.run_queued_tasks()  # the enqueued task itself, late
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 5

    def test_a_lost_fan_out_task_is_picked_up_by_the_sweep(self, runner, make_user, make_project):
        owner = make_user(org="GM0344")
        project = make_project(owner="GM0344", themes=(THEME,), published=False)
        self.add_theme_followers(3)
        projects.publish(project, owner)
        db.session.commit()
        queue.huey.flush()  # the enqueued task is lost
        assert "3" in runner.invoke(args=["notifications", "fan-out"]).output
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 3


# --- A real worker -----------------------------------------------------------------------


def test_a_worker_process_tells_the_followers_and_mails_who_wants_it_at_once(
    app, make_user, make_project, database_url, tmp_path
):
    app.config["TASK_QUEUE_URL"] = f"sqlite:///{tmp_path / 'tasks.sqlite'}"
    queue.init_app(app)
    try:
        owner = make_user(org="GM0344")
        at_once, in_digest = make_user(org="GM0014"), make_user(org="GM0034")
        for user in (at_once, in_digest):
            follows.follow(user, Target.theme(THEME))
        notifications.set_channel(at_once, "pilot_published", MailChannel.IMMEDIATE)
        project = make_project(owner="GM0344", themes=(THEME,), published=False)
        projects.publish(project, owner)
        db.session.commit()
        assert queue.huey.pending_count() == 1  # the fan-out, not yet run

        def told() -> tuple[int, list[str]]:
            with Session(db.engine) as session:
                count = session.scalar(select(func.count()).select_from(Notification))
                sent = list(
                    session.scalars(
                        select(MailOutbox.recipient).where(MailOutbox.status == MailStatus.SENT)
                    )
                )
            return count, sent

        queue_url = app.config["TASK_QUEUE_URL"]
        with WorkerProcess(app, database_url, queue_url, tmp_path) as worker:
            worker.wait_for(lambda: told() == (2, [at_once.email]))
    finally:
        app.config["TASK_QUEUE_URL"] = "immediate://"
        queue.init_app(app)
