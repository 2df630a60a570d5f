"""What each web worker keeps of the Whoosh index: the files read in place, not copied,
no more of them mapped than a limit, and a facet table built without holding every
decoded row at once."""

from __future__ import annotations

import random
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.qparser import QueryParser

from registry.search.documents import SearchDocument
from registry.search.whoosh_internals import MappedPages, segment_readers
from registry.search.whoosh_schema import build_schema, encode_facets
from registry.search.whoosh_segment_cache import SegmentCache
from registry.search.whoosh_storage import open_index

WORDS = ["gemeente", "fiets", "afval", "sensor", "wijk", "zorg", "data", "loket", "energie"]


@pytest.fixture
def stored_index(tmp_path: Path) -> Path:
    """One compound segment of about 1.5 MB, most of it stored text."""
    ix = whoosh_index.create_in(
        str(tmp_path), Schema(doc_id=ID(stored=True, unique=True), body=TEXT, blob=STORED)
    )
    rng = random.Random(7)
    writer = ix.writer()
    for n in range(400):
        body = " ".join(rng.choice(WORDS) for _ in range(40))
        writer.add_document(doc_id=str(n), body=body, blob=rng.randbytes(2000).hex())
    writer.commit()
    return tmp_path


def segment_file(directory: Path) -> Path:
    [path] = directory.glob("*.seg")
    return path


def read_everything(searcher) -> list[tuple[str, str]]:
    query = QueryParser("body", searcher.schema).parse("gemeente")
    return [(hit["doc_id"], hit["blob"]) for hit in searcher.search(query, limit=None)]


def test_a_searcher_reads_the_segment_in_place_without_copying_it(stored_index):
    size = segment_file(stored_index).stat().st_size
    assert size > 1_000_000
    with open_index(stored_index, searcher=True) as warming:  # Whoosh's own first imports
        read_everything(warming)
    tracemalloc.start()
    try:
        searcher = open_index(stored_index, searcher=True)
        found = len(read_everything(searcher))
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    try:
        assert found > 300
        # Whoosh's own reading keeps a copy of each part of the segment it opened
        # (here the postings, the terms and the stored texts): about the file's size.
        assert held < size / 4
    finally:
        searcher.close()


def test_reading_in_place_finds_what_whoosh_itself_finds(stored_index):
    own = whoosh_index.open_dir(str(stored_index)).searcher()
    mapped = open_index(stored_index, searcher=True)
    try:
        assert read_everything(mapped) == read_everything(own)
        assert mapped.doc_count() == own.doc_count() == 400
        assert list(mapped.lexicon("body")) == list(own.lexicon("body"))
    finally:
        own.close()
        mapped.close()


def mapped_paths() -> str:
    return Path("/proc/self/maps").read_text()


def test_closing_the_searcher_unmaps_the_segment(stored_index):
    searcher = open_index(stored_index, searcher=True)
    read_everything(searcher)
    assert str(segment_file(stored_index)) in mapped_paths()
    searcher.close()
    assert str(segment_file(stored_index)) not in mapped_paths()


def resident_bytes(path: Path) -> int:
    """What this process has resident of a mapped file, from /proc/self/smaps."""
    total, inside = 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if fields and "-" in fields[0] and not fields[0].endswith(":"):
            inside = len(fields) > 5 and fields[5] == str(path)
        elif inside and fields[0] == "Rss:":
            total += int(fields[1]) * 1024
    return total


def test_past_the_limit_the_mapped_index_is_let_go_and_read_again(stored_index):
    path = segment_file(stored_index)
    pages = MappedPages(limit_bytes=64 * 1024)
    searcher = open_index(stored_index, searcher=True)
    try:
        found = read_everything(searcher)
        assert resident_bytes(path) > 256 * 1024
        assert pages.trim()
        assert resident_bytes(path) == 0
        assert read_everything(searcher) == found
        assert resident_bytes(path) > 256 * 1024
    finally:
        searcher.close()


def test_under_the_limit_the_mapped_index_stays(stored_index):
    path = segment_file(stored_index)
    pages = MappedPages(limit_bytes=1 << 30)
    searcher = open_index(stored_index, searcher=True)
    try:
        read_everything(searcher)
        assert not pages.trim()
        assert resident_bytes(path) > 256 * 1024
    finally:
        searcher.close()


def facet_document(n: int, rng: random.Random) -> SearchDocument:
    code = f"GM{rng.randrange(60):04d}"
    return SearchDocument(
        kind="project",
        object_id=n,
        slug=f"pilot-{n}",
        title=f"Pilot {n}",
        summary="",
        body="",
        organisations=[(code, f"Gemeente {code}")],
        province=rng.choice(["Utrecht", "Zeeland", "Drenthe", "Limburg"]),
        themes=rng.sample(["energy_climate", "mobility", "care", "safety", "data"], 2),
        tags=[],
        phase=rng.choice(["idea", "pilot", "completed"]),
        layer=rng.choice([None, "municipal", "regional"]),
        published_at=datetime(2024, 1, 1 + n % 28, tzinfo=UTC),
        score=rng.choice([None, 3.5, 4.0]),
        adopter_count=rng.randrange(5),
    )


def test_the_facet_table_is_built_without_holding_every_decoded_row(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    rng = random.Random(3)
    writer = ix.writer()
    for n in range(3000):
        document = facet_document(n, rng)
        writer.add_document(doc_id=document.doc_id, facets=encode_facets(document))
    writer.commit()
    searcher = open_index(tmp_path, searcher=True)
    try:
        assert len(segment_readers(searcher)) == 1
        tracemalloc.start()
        try:
            table = SegmentCache().facet_table(searcher, tmp_path)
            held, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert len(table.columns["phase"]) == 3000
        # Every decoded row kept until the end took about four times what the table keeps;
        # a worker's heap stays as large as that peak after the rows are gone.
        assert peak < 1.5 * held
    finally:
        searcher.close()
