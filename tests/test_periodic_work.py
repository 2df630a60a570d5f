"""The worker's periodic work, each also a command: search sync and merging the index."""

from __future__ import annotations

from registry.extensions import db
from registry.search import service
from registry.tasks import jobs


def test_the_periodic_sync_applies_what_a_request_left_pending(app, make_project):
    service().rebuild()
    make_project(title="Achtergebleven pilot")
    db.session.commit()  # a test commit is no request: nothing syncs after it
    assert service().status().pending_changes == 1
    jobs.sync_search.call_local()
    assert service().status().pending_changes == 0
    assert service().backend.status().documents == 1


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
