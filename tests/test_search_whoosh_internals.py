"""What the Whoosh backend takes from Whoosh's internals is still there and still works.

These fail on a Whoosh upgrade that changes them: read
`registry/search/whoosh_internals.py` against the new version, adapt it, and
only then raise its WRITTEN_FOR.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema
from whoosh.matching.wrappers import FilterMatcher

from registry.search import whoosh_internals as internals

# Enough documents for a posting list of several blocks (Whoosh writes 128 ids a block).
DOCUMENTS = 300


@pytest.fixture
def ix(tmp_path: Path):
    index = whoosh_index.create_in(
        str(tmp_path), Schema(doc_id=ID(stored=True, unique=True), body=TEXT)
    )
    writer = index.writer()
    for n in range(DOCUMENTS):
        writer.add_document(doc_id=str(n), body="gemeente" + (" boom" if n % 2 else ""))
    writer.commit()
    return index


def open_files_under(directory: Path) -> list[str]:
    paths = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(directory)):
            paths.append(target)
    return paths


def test_the_installed_whoosh_is_the_version_the_internals_were_written_for():
    assert internals.installed_version() == internals.WRITTEN_FOR
    assert internals.check_version()


def test_every_internal_the_backend_uses_is_still_there():
    assert internals.missing_internals() == []


def test_posting_blocks_are_read_directly_and_agree_with_whoosh(ix):
    with ix.searcher() as searcher:
        [(_, reader)] = internals.segment_readers(searcher)
        ids = internals.block_ids(reader.postings("body", "boom"))
        assert ids is not None, "the block-reading attributes of the matcher have changed"
        assert ids == list(reader.postings("body", "boom").all_ids())
        assert len(ids) == DOCUMENTS // 2


def test_deleted_documents_are_left_out_of_the_matches(ix):
    writer = ix.writer()
    writer.delete_by_term("doc_id", "51")
    writer.commit(merge=False)  # as a save does to a large segment: only marks it deleted
    with ix.searcher() as searcher:
        [(_, reader)] = internals.segment_readers(searcher)
        deleted = searcher.document_number(doc_id="51")
        assert deleted is None
        assert reader.deleted_docs_set == {51}
        live = set(reader.postings("body", "boom").all_ids())
        assert isinstance(reader.postings("body", "boom"), FilterMatcher)
        assert internals.block_ids(reader.postings("body", "boom")) is not None
        assert set(internals.posting_ids(reader, "body", "boom")) - {51} == live
        assert internals.term_docs(searcher, [("body", "boom")]) == live
        assert len(live) == DOCUMENTS // 2 - 1


def test_a_writer_can_be_had_while_its_caller_holds_the_index_lock(ix):
    lock = ix.lock("WRITELOCK")
    assert lock.acquire(blocking=False)
    try:
        writer = internals.unlocked_writer(ix)
        writer.add_document(doc_id="extra", body="extra")
        writer.commit()
    finally:
        lock.release()
    assert ix.doc_count() == DOCUMENTS + 1


def test_many_commits_keep_the_segments_under_the_ceiling(ix):
    for n in range(internals.MAX_SEGMENTS * 2):
        writer = ix.writer()
        writer.add_document(doc_id=f"commit-{n}", body="later")
        writer.commit(mergetype=internals.merge_on_save)
    with ix.searcher() as searcher:
        segments = internals.segment_readers(searcher)
        assert 1 < len(segments) <= internals.MAX_SEGMENTS
        assert len({segment for segment, _ in segments}) == len(segments)
    assert ix.doc_count() == DOCUMENTS + internals.MAX_SEGMENTS * 2


def test_a_save_below_the_ceiling_merges_nothing_and_the_small_merge_keeps_the_largest(ix):
    for n in range(3):
        writer = ix.writer()
        writer.add_document(doc_id=f"save-{n}", body="later")
        writer.commit(mergetype=internals.merge_on_save)
    with ix.searcher() as searcher:
        before = {
            segment: reader.doc_count_all()
            for segment, reader in internals.segment_readers(searcher)
        }
    assert len(before) == 4  # the original and one per save
    largest = max(before, key=before.__getitem__)
    writer = ix.writer()
    writer.commit(mergetype=internals.merge_small)
    with ix.searcher() as searcher:
        after = [segment for segment, _ in internals.segment_readers(searcher)]
    assert len(after) == 2
    assert largest in after
    assert ix.doc_count() == DOCUMENTS + 3


def test_an_abandoned_writer_leaves_no_file_open(ix, tmp_path):
    writer = ix.writer()
    for n in range(20):
        writer.add_document(doc_id=f"new-{n}", body="half written")
    assert open_files_under(tmp_path), "a writer holds its segment files open"
    internals.abandon(writer)
    assert open_files_under(tmp_path) == []
    assert ix.doc_count() == DOCUMENTS
