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
from whoosh.scoring import BM25F, TF_IDF
from whoosh.util.numeric import byte_to_length

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


def postings(reader, field: str, term: str) -> list[tuple[int, float]]:
    return [
        pair
        for ids, weights in internals.posting_blocks(reader, field, term)
        for pair in zip(ids, weights, strict=True)
    ]


def test_posting_blocks_are_read_directly_and_agree_with_whoosh(ix):
    with ix.searcher() as searcher:
        [(_, reader)] = internals.segment_readers(searcher)
        blocks = list(internals.posting_blocks(reader, "body", "boom"))
        assert len(blocks) > 1, "the test needs a posting list of several blocks"
        matcher = reader.postings("body", "boom")
        expected = []
        while matcher.is_active():
            expected.append((matcher.id(), matcher.weight()))
            matcher.next()
        assert postings(reader, "body", "boom") == expected
        assert len(expected) == DOCUMENTS // 2


def test_field_lengths_are_read_in_one_slice_and_agree_with_whoosh(ix, monkeypatch):
    writer = ix.writer()
    writer.add_document(doc_id="long", body="een langere tekst over bomen en gemeenten " * 40)
    writer.add_document(doc_id="no body")
    writer.commit(merge=False)
    with ix.searcher() as searcher:
        for _, reader in internals.segment_readers(searcher):
            assert internals._length_column(reader, "body") is not None, (
                "the length column's reader has changed shape"
            )
            lengths = internals.field_length_bytes(reader, "body")
            assert len(lengths) == reader.doc_count_all()
            documents = range(reader.doc_count_all())
            assert [byte_to_length(b) if b else 0 for b in lengths] == [
                reader.doc_field_length(doc, "body", 0) or 0 for doc in documents
            ]
            # Where the column's reader has another shape, a document at a time.
            monkeypatch.setattr(internals, "_length_column", lambda *_: None)
            assert internals.field_length_bytes(reader, "body") == lengths
            monkeypatch.undo()
        [bodyless] = [
            lengths[docnum - offset]
            for reader, offset in searcher.reader().leaf_readers()
            for lengths in [internals.field_length_bytes(reader, "body")]
            for docnum in [searcher.document_number(doc_id="no body")]
            if offset <= docnum < offset + reader.doc_count_all()
        ]
        assert bodyless == 0


def test_deleted_documents_are_still_in_the_blocks_and_marked_deleted(ix):
    writer = ix.writer()
    writer.delete_by_term("doc_id", "51")
    writer.commit(merge=False)  # as a save does to a large segment: only marks it deleted
    with ix.searcher() as searcher:
        [(_, reader)] = internals.segment_readers(searcher)
        assert searcher.document_number(doc_id="51") is None
        assert reader.deleted_docs_set == {51}
        live = set(reader.postings("body", "boom").all_ids())
        assert isinstance(reader.postings("body", "boom"), FilterMatcher)
        assert {doc for doc, _ in postings(reader, "body", "boom")} - {51} == live
        assert 51 in {doc for doc, _ in postings(reader, "body", "boom")}
        assert len(live) == DOCUMENTS // 2 - 1


def test_the_scoring_parameters_are_those_of_whoosh_s_bm25f(ix):
    assert internals.bm25f_parameters(BM25F(), "body") == (0.75, 1.2)
    assert internals.bm25f_parameters(BM25F(B=0.5, body_B=0.9, K1=2.0), "body") == (0.9, 2.0)
    assert internals.bm25f_parameters(TF_IDF(), "body") is None
    with ix.searcher() as searcher:
        assert internals.bm25f_parameters(searcher.weighting, "body") == (0.75, 1.2)


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
