"""Relevance for words: Whoosh's BM25F, computed a posting block at a time.

A query of words needs two things from the same posting lists: every
document that matches (the facets count them all) and the best scored (the
page shows a few). Whoosh would read each list twice for that, once to list
the documents and once through its matchers, a handful of Python calls per
posting; here each block is decoded once and scored in one loop, which for a
common word is several times cheaper.

The formula and its figures are Whoosh's own: BM25F with the searcher's B
and K1, the idf and average field length of the whole index, a document's
field length as Whoosh stores it, and the term's boost applied last. So the
order is the one `searcher.search` gives (ties go to the lower document
number there too); `tests/test_search_whoosh_scoring.py` compares them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from registry.search.whoosh_internals import bm25f_parameters, posting_blocks

# (field, term, boost)
WeightedTerm = tuple[str, str, float]
# The length bytes of one field in one segment reader (see SegmentCache.lengths).
Lengths = Callable[[object, str], bytes]

_LENGTH_OF_BYTE = [byte_to_length(value) for value in range(256)]


def can_score(searcher: Searcher, terms: Sequence[WeightedTerm]) -> bool:
    """Whether these terms are scored here: BM25F on scorable fields, as the schema has."""
    schema = searcher.schema
    return all(
        field in schema
        and schema[field].scorable
        and bm25f_parameters(searcher.weighting, field) is not None
        for field, _, _ in terms
    )


def scores(searcher: Searcher, terms: Sequence[WeightedTerm], lengths: Lengths) -> dict[int, float]:
    """Every live document with any of the terms, and its summed score (global numbers)."""
    found: dict[int, float] = {}
    for leaf, offset in searcher.reader().leaf_readers():
        scored = [
            _term_scores(searcher, leaf, field, term, boost, lengths(leaf, field))
            for field, term, boost in terms
            if leaf.doc_frequency(field, term)
        ]
        # The longest list first: it fills the dictionary in one C call, the
        # others add to it a document at a time.
        scored.sort(key=lambda pair: -len(pair[0]))
        for ids, term_scores in scored:
            if offset:
                ids = [doc + offset for doc in ids]
            if not found:
                found = dict(zip(ids, term_scores, strict=True))
                continue
            get = found.get
            for doc, score in zip(ids, term_scores, strict=True):
                found[doc] = get(doc, 0.0) + score
        if leaf.has_deletions():
            for doc in leaf.deleted_docs_set:
                found.pop(doc + offset, None)
    return found


def _term_scores(
    searcher: Searcher, leaf: object, field: str, term: str, boost: float, field_lengths: bytes
) -> tuple[list[int], list[float]]:
    """The documents of one term in one segment and their scores, in posting order."""
    b, k1 = bm25f_parameters(searcher.weighting, field)  # type: ignore[misc]
    idf = searcher.idf(field, term)
    average = searcher.avg_field_length(field) or 1
    k1_plus_1 = k1 + 1
    # Whoosh's `bm25` denominator, less the weight, for each stored length byte.
    norms = [k1 * ((1 - b) + b * length / average) for length in _LENGTH_OF_BYTE]
    ids: list[int] = []
    weights: list[float] = []
    for block_ids, block_weights in posting_blocks(leaf, field, term):
        ids.extend(block_ids)
        weights.extend(block_weights)
    denominators = map(norms.__getitem__, map(field_lengths.__getitem__, ids))
    return ids, [
        idf * ((weight * k1_plus_1) / (weight + norm)) * boost
        for weight, norm in zip(weights, denominators, strict=True)
    ]
