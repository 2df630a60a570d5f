"""Twenty simultaneous submissions of one user's rating leave one rating and true aggregates.

Runs on PostgreSQL, where the threads really run in parallel transactions.
Each thread has its own app context and therefore its own session and
connection, as a request in production would.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from registry.extensions import db
from registry.models import Event, Project, Rating, User
from registry.services import adoptions, ratings, scores
from tests.conftest import session_key

pytestmark = pytest.mark.postgres_only

CODES = ("transferability", "documentation", "maintenance")


def run_in_threads(app, count: int, work) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def target(n: int) -> None:
        with app.app_context():
            try:
                barrier.wait()
                work(n)
                db.session.commit()
            except BaseException as err:  # collected and reported by the test
                db.session.rollback()
                errors.append(err)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_twenty_simultaneous_submissions_of_one_rating_leave_one_row(app, make_project, make_user):
    project = make_project(owner="GM0344")
    rater = make_user(org="GM0363")
    other = make_user(org="GM0599")
    ratings.submit(project, other, dict.fromkeys(CODES, 2))
    db.session.commit()
    project_id, rater_id = project.id, rater.id

    def submit(n: int) -> None:
        project = db.session.get(Project, project_id)
        user = db.session.get(User, rater_id)
        ratings.submit(project, user, dict.fromkeys(CODES, 1 + n % 5), f"Versie {n}")

    errors = run_in_threads(app, 20, submit)

    assert errors == []
    db.session.expire_all()
    rows = list(db.session.scalars(select(Rating).where(Rating.user_id == rater_id)))
    assert len(rows) == 1
    events = db.session.scalar(
        select(func.count())
        .select_from(Event)
        .where(Event.verb == "rated", Event.actor_id == rater_id)
    )
    assert events == 20
    # The stored score is what the surviving rows say, not what some thread saw.
    project = db.session.get(Project, project_id)
    expected, adopters = scores.compute(project_id, scores.configured_prior())
    assert project.score == pytest.approx(expected.score)
    assert project.rating_org_count == 2
    assert project.adopter_count == adopters
    assert rows[0].score_by_code() == dict.fromkeys(CODES, int(rows[0].comment.split()[-1]) % 5 + 1)


def test_simultaneous_ratings_and_adoptions_by_many_organisations_keep_aggregates_true(
    app, make_project, make_user
):
    project = make_project(owner="GM0344")
    users = [make_user(org=f"GM8{n:03d}") for n in range(12)]
    db.session.commit()
    project_id, user_ids = project.id, [u.id for u in users]

    def act(n: int) -> None:
        project = db.session.get(Project, project_id)
        user = db.session.get(User, user_ids[n % len(user_ids)])
        if n % 3 == 2:
            adoptions.declare(project, user, adoptions.AdoptionData(status="in_use"))
        else:
            ratings.submit(project, user, dict.fromkeys(CODES, 1 + n % 5))

    errors = run_in_threads(app, 20, act)

    assert errors == []
    db.session.expire_all()
    project = db.session.get(Project, project_id)
    expected, adopters = scores.compute(project_id, scores.configured_prior())
    assert project.score == pytest.approx(expected.score)
    assert project.rating_org_count == expected.organisation_count
    assert project.adopter_count == adopters
    assert adopters == len({n % 12 for n in range(20) if n % 3 == 2})


def test_simultaneous_posts_over_http_give_no_error_page(app, make_project, make_user):
    project = make_project(owner="GM0344")
    rater = make_user(org="GM0363")
    db.session.commit()
    slug, identity = project.slug, session_key(rater)
    statuses: list[int] = []
    lock = threading.Lock()

    def post(n: int) -> None:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = identity
            session["_fresh"] = True
        data = dict.fromkeys(CODES, str(1 + n % 5))
        response = client.post(f"/projects/{slug}/rate", data=data)
        with lock:
            statuses.append(response.status_code)

    errors = run_in_threads(app, 20, post)

    assert errors == []
    assert statuses == [302] * 20
    assert db.session.scalar(select(func.count()).select_from(Rating)) == 1
