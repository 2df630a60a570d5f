"""Relevance for words, scored a posting block at a time, is Whoosh's own BM25F order.

The index has the site's schema and analyzer, several segments (as saves
leave them) and deleted documents; each query's order and scores are
compared with what Whoosh's `searcher.search` gives for the same query.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.query import And, Or, Term

from registry.search import whoosh_scoring
from registry.search.query import parse
from registry.search.whoosh_internals import segment_readers
from registry.search.whoosh_query_plan import plan
from registry.search.whoosh_schema import FIELD_BOOSTS, build_schema
from registry.search.whoosh_segment_cache import SegmentCache

WORDS = [
    *("gemeente", "fietspad", "afval", "zonnepanelen", "wijkteam", "jeugdzorg", "parkeren"),
    *("water", "energie", "bewoners", "data", "sensor", "riool", "groen", "school"),
]


def text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory):
    rng = random.Random(7)
    directory: Path = tmp_path_factory.mktemp("scoring")
    index = whoosh_index.create_in(str(directory), build_schema())
    number = 0
    for batch in (300, 40, 25):  # a large segment and two small ones, as saves leave them
        writer = index.writer()
        for _ in range(batch):
            writer.add_document(
                doc_id=f"project:{number}",
                title=text(rng, 1, 4),
                summary=text(rng, 0, 12),
                body=text(rng, 0, 300),
                organisations=rng.choice(["Gemeente Utrecht", "Gemeente Zwolle", ""]),
                topics=text(rng, 0, 2),
            )
            number += 1
        writer.commit(merge=False)
    writer = index.writer()
    for gone in (3, 128, 310, 350):  # in the large segment and in the small ones
        writer.delete_by_term("doc_id", f"project:{gone}")
    writer.commit(merge=False)
    return index


def whoosh_order(searcher, query) -> list[tuple[int, float]]:
    return [(hit.docnum, hit.score) for hit in searcher.search(query, limit=None)]


def word_query(word: str) -> tuple[list[whoosh_scoring.WeightedTerm], Or]:
    terms = [(field, word, boost) for field, boost in FIELD_BOOSTS.items()]
    return terms, Or([Term(f, t, boost=b) for f, t, b in terms])


def test_the_index_has_several_segments_and_deletions(ix):
    with ix.searcher() as searcher:
        segments = segment_readers(searcher)
        assert len(segments) == 3
        assert sum(reader.has_deletions() for _, reader in segments) == 3


@pytest.mark.parametrize("word", ["gemeent", "fietspad", "energie", "utrecht"])
def test_a_word_scores_every_match_as_whoosh_does(ix, word):
    cache = SegmentCache()
    with ix.searcher() as searcher:
        terms, query = word_query(word)
        expected = whoosh_order(searcher, query)
        scores = whoosh_scoring.scores(searcher, terms, cache.lengths(searcher, None))
        assert len(expected) > 20
        assert set(scores) == {doc for doc, _ in expected}
        for doc, score in expected:
            assert scores[doc] == pytest.approx(score, rel=1e-12)


@pytest.mark.parametrize("text", ["gemeente", "fietspad energie", "afval water school"])
def test_the_order_of_a_query_of_words_is_whoosh_s(ix, text):
    cache = SegmentCache()
    with ix.searcher() as searcher:
        query_plan = plan(searcher, parse(text, []), cache.lengths(searcher, None))
        assert query_plan.scores is not None
        assert query_plan.query is None
        clauses = [word_query(term)[1] for term in query_plan.highlight_terms]
        expected = whoosh_order(searcher, clauses[0] if len(clauses) == 1 else And(clauses))
        assert query_plan.matched == {doc for doc, _ in expected}
        best = query_plan.best(searcher, set(query_plan.matched), limit=len(expected))
        assert rounded_ties(best, query_plan.scores) == rounded_ties(
            [doc for doc, _ in expected], dict(expected)
        )
        # A page further on, and a page of the documents a filter leaves.
        assert best[10:20] == query_plan.best(searcher, set(query_plan.matched), 20)[10:20]
        some = set(sorted(query_plan.matched)[::3])
        assert query_plan.best(searcher, some, 15) == [doc for doc in best if doc in some][:15]


def rounded_ties(order: list[int], scores: dict[int, float]) -> list[tuple[float, int]]:
    """The order as (score, document), with scores rounded past the last bits that the
    order of adding up a document's fields can change."""
    return [(round(scores[doc], 9), doc) for doc in order]


def test_phrases_are_still_scored_by_whoosh(ix):
    cache = SegmentCache()
    with ix.searcher() as searcher:
        query_plan = plan(
            searcher, parse('"gemeente utrecht" water', []), cache.lengths(searcher, None)
        )
        assert query_plan.scores is None
        assert query_plan.query is not None
        best = query_plan.best(searcher, set(query_plan.matched), 10)
        assert best == [hit.docnum for hit in searcher.search(query_plan.query, limit=10)]


def test_a_word_nobody_wrote_matches_nothing(ix):
    cache = SegmentCache()
    with ix.searcher() as searcher:
        query_plan = plan(searcher, parse("kwelderherstel", []), cache.lengths(searcher, None))
        assert query_plan.matched == set()
        assert query_plan.scores == {}
        assert query_plan.best(searcher, set(), 10) == []


def test_field_lengths_are_kept_per_segment_and_dropped_with_it(tmp_path):
    small = whoosh_index.create_in(str(tmp_path), build_schema())
    for number in range(2):
        writer = small.writer()
        writer.add_document(doc_id=f"project:{number}", body="gemeente " * (number + 1))
        writer.commit(merge=False)
    cache = SegmentCache()
    with small.searcher() as searcher:
        lengths = cache.lengths(searcher, None)
        reader = segment_readers(searcher)[0][1]
        first = lengths(reader, "body")
        assert lengths(reader, "body") is first  # read once
        cache.facet_table(searcher, None)
        assert len(cache._lengths) == 1
    small.writer().commit(optimize=True)  # one new segment replaces both
    with small.searcher() as searcher:
        cache.facet_table(searcher, None)
        assert not cache._lengths
