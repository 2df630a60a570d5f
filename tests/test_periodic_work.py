"""The worker's periodic work, each also a command: search sync and merging the index,
ending sessions that ran out and the other registered cleaners."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from registry import housekeeping
from registry.extensions import db
from registry.models import UserSession, utcnow
from registry.models.vocab import Role
from registry.search import service
from registry.search.whoosh_internals import MAX_SEGMENTS
from registry.services import user_sessions
from registry.tasks import jobs


def test_the_periodic_sync_applies_what_a_request_left_pending(app, make_project):
    service().rebuild()
    make_project(title="Achtergebleven pilot")
    db.session.commit()  # a test commit is no request: nothing syncs after it
    assert service().status().pending_changes == 1
    jobs.sync_search.call_local()
    assert service().status().pending_changes == 0
    assert service().backend.status().documents == 1


def test_a_save_merges_no_segments_the_worker_merges_the_small_ones(app, make_project):
    service().rebuild()
    saves = MAX_SEGMENTS - 2
    for n in range(saves):
        make_project(title=f"Pilot in segment {n}")
        db.session.commit()
        service().sync()
    assert service().backend.status().segments == saves  # one segment per save, none merged
    jobs.sync_search.call_local()
    after = service().backend.status()
    assert after.segments == 2  # the largest is kept as it is, the others merged into one
    assert after.documents == saves


def test_merge_leaves_one_segment_and_the_same_documents(app, make_project, runner):
    service().rebuild()
    for n in range(4):
        make_project(title=f"Pilot in segment {n}")
        db.session.commit()
        service().sync()
    before = service().backend.status()
    assert before.documents == 4
    assert before.segments > 1
    result = runner.invoke(args=["search", "merge"])
    assert result.exit_code == 0, result.output
    after = service().backend.status()
    assert after.segments == 1
    assert after.documents == 4
    assert "1 segment" in result.output
    jobs.merge_search_segments.call_local()  # the nightly task does the same, again harmlessly
    assert service().backend.status().documents == 4
    result = runner.invoke(args=["search", "merge", "--small"])
    assert result.exit_code == 0, result.output


# --- Sessions and the other cleaners ------------------------------------------------------


def ended(key: str) -> str | None:
    db.session.expire_all()
    return db.session.scalar(
        select(UserSession.end_reason).where(UserSession.key_hash == user_sessions.hash_key(key))
    )


@pytest.fixture
def aged_sessions(app, make_user):
    """A session of each kind, aged as the idle and lifetime limits see them."""
    member = make_user(role=Role.MEMBER)
    curator = make_user(role=Role.CURATOR)
    now = utcnow()
    keys = {
        "fresh member": user_sessions.start(member),
        "idle member": user_sessions.start(member),
        "curator idle an hour": user_sessions.start(curator),
        "member idle an hour": user_sessions.start(member),
        "too old": user_sessions.start(member),
    }
    ages = {
        "idle member": {"last_seen_at": now - timedelta(hours=9)},
        "curator idle an hour": {"last_seen_at": now - timedelta(hours=1)},
        "member idle an hour": {"last_seen_at": now - timedelta(hours=1)},
        "too old": {"created_at": now - timedelta(hours=13), "last_seen_at": now},
    }
    for name, values in ages.items():
        record = db.session.scalar(
            select(UserSession).where(UserSession.key_hash == user_sessions.hash_key(keys[name]))
        )
        for field, value in values.items():
            setattr(record, field, value)
    db.session.commit()
    return keys


def test_sessions_expire_command_ends_what_ran_out_and_nothing_else(aged_sessions, runner):
    result = runner.invoke(args=["sessions", "expire"])
    assert result.exit_code == 0, result.output
    assert "sessions: 3" in result.output
    assert ended(aged_sessions["fresh member"]) is None
    assert ended(aged_sessions["member idle an hour"]) is None  # members may idle 8 hours
    assert ended(aged_sessions["idle member"]) == user_sessions.EndReason.IDLE
    assert ended(aged_sessions["curator idle an hour"]) == user_sessions.EndReason.IDLE
    assert ended(aged_sessions["too old"]) == user_sessions.EndReason.EXPIRED
    assert user_sessions.resolve(aged_sessions["idle member"]) == (None, False)


def test_the_periodic_task_runs_every_registered_cleaner_even_after_one_fails(
    aged_sessions, monkeypatch
):
    cleared = []

    def broken(now):
        raise RuntimeError("the table is gone")

    def invitations(now):
        cleared.append(now)
        return 2

    monkeypatch.setattr(housekeeping, "_cleaners", {"broken": broken, **housekeeping._cleaners})
    housekeeping.register("invitations", invitations)

    jobs.expire_records.call_local()

    assert len(cleared) == 1
    assert ended(aged_sessions["too old"]) == user_sessions.EndReason.EXPIRED
    outcomes = {o.name: o for o in housekeeping.run()}
    assert outcomes["broken"].error == "RuntimeError: the table is gone"
    assert outcomes["sessions"].cleared == 0  # done the first time
    assert outcomes["invitations"].cleared == 2


def test_expire_names_the_cleaners_it_knows(app, runner):
    result = runner.invoke(args=["expire", "--only", "nothing"])
    assert result.exit_code != 0
    assert "sessions" in result.output
    result = runner.invoke(args=["expire"])
    assert result.exit_code == 0, result.output
    assert "sessions: 0" in result.output
