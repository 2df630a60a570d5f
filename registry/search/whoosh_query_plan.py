"""Turning a parsed query into the documents it matches and the order to show them in.

Every matching document is needed for the facet counts. For words (the
usual query) they are scored in the same pass over the posting lists
(`whoosh_scoring`); a query with phrases or groups of alternatives is
scored by Whoosh, for the page's documents only.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from itertools import islice
from operator import neg
from typing import Any

from whoosh.query import And, Or, Phrase, Term
from whoosh.searching import Searcher

from registry.search import whoosh_scoring
from registry.search.analysis import STOP_WORDS, fold, terms_for
from registry.search.query import ParsedQuery
from registry.search.whoosh_alternatives import group_clause
from registry.search.whoosh_schema import FIELD_BOOSTS

PREFIX_SCAN = 300
PREFIX_TERMS = 10
# The word being typed is completed from these fields.
PREFIX_FIELDS = ("title", "body", "organisations", "topics")


@dataclass
class QueryPlan:
    # What Whoosh scores, for a query with phrases or groups; None otherwise.
    query: Any
    matched: set[int]
    highlight_terms: set[str] = field(default_factory=set)
    # Each matching document's score, for a query of words only.
    scores: dict[int, float] | None = None

    @property
    def ranks(self) -> bool:
        """Whether there is a relevance order (not for no words, or only stop words)."""
        return self.scores is not None or self.query is not None

    def best(self, searcher: Searcher, hits: set[int], limit: int) -> list[int]:
        """The `limit` best of `hits` (some or all of the matches), best first.

        Equal scores go to the lower document number, as in Whoosh's own order.
        """
        if self.scores is not None:
            scores = self.scores
            if len(hits) == len(scores):  # every match: no lookup needed
                ranked = zip(scores.values(), map(neg, scores), strict=True)
            else:
                ranked = zip(map(scores.__getitem__, hits), map(neg, hits), strict=True)
            return [-doc for _, doc in heapq.nlargest(limit, ranked)]
        if self.query is None:
            return []
        narrowed = hits if len(hits) < len(self.matched) else None
        return [hit.docnum for hit in searcher.search(self.query, filter=narrowed, limit=limit)]


def expand_prefix(searcher: Searcher, prefix: str) -> set[str]:
    """The most common indexed terms starting with what the user is still typing."""
    reader = searcher.reader()
    found: dict[str, int] = {}
    for name in PREFIX_FIELDS:
        for raw in islice(reader.expand_prefix(name, prefix), PREFIX_SCAN):
            term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            if term not in found:
                found[term] = reader.doc_frequency(name, term)
    return set(heapq.nlargest(PREFIX_TERMS, found, key=found.__getitem__))


def known(searcher: Searcher, terms: list[str]) -> bool:
    """Whether a typed word is already a complete indexed word.

    Expanding a complete, common word to every longer word that starts
    with it would multiply the postings to score for little gain.
    """
    reader = searcher.reader()
    return any(reader.doc_frequency("body", t) or reader.doc_frequency("title", t) for t in terms)


def plan(searcher: Searcher, parsed: ParsedQuery, lengths: whoosh_scoring.Lengths) -> QueryPlan:
    """The documents the query matches, how to order them, and the terms to highlight.

    `lengths` gives the field lengths of a segment (`SegmentCache.lengths`).
    """
    clauses = []
    word_scores: list[dict[int, float]] = []
    matched: set[int] | None = None
    highlight_terms: set[str] = set()
    last = len(parsed.words) - 1
    for position, word in enumerate(parsed.words):
        word_terms = terms_for(word)
        terms = dict.fromkeys(word_terms, 1.0)
        if (
            position == last
            and parsed.prefix == word
            and fold(word) not in STOP_WORDS
            and not known(searcher, word_terms)
        ):
            for term in expand_prefix(searcher, fold(word)):
                terms.setdefault(term, 0.5)
        if not terms:
            continue  # a stop word
        highlight_terms.update(terms)
        weighted = [(f, t, FIELD_BOOSTS[f] * terms[t]) for t in terms for f in FIELD_BOOSTS]
        clause = Or([Term(f, t, boost=boost) for f, t, boost in weighted])
        clauses.append(clause)
        if whoosh_scoring.can_score(searcher, weighted):
            found = whoosh_scoring.scores(searcher, weighted, lengths)
            word_scores.append(found)
            docs = set(found)
        else:
            docs = set(clause.docs(searcher))
        matched = docs if matched is None else matched & docs
    for phrase in parsed.phrases:
        phrase_terms = [term for word in phrase for term in terms_for(word)]
        if not phrase_terms:
            continue
        highlight_terms.update(phrase_terms)
        if len(phrase_terms) == 1:
            clause = Or([Term(f, phrase_terms[0], boost=b) for f, b in FIELD_BOOSTS.items()])
        else:
            clause = Or([Phrase(f, phrase_terms, boost=b) for f, b in FIELD_BOOSTS.items()])
        clauses.append(clause)
        docs = set(clause.docs(searcher))
        matched = docs if matched is None else matched & docs
    for group in parsed.groups:
        if built := group_clause(searcher, group):
            clauses.append(built[0])
            highlight_terms |= built[2]
            matched = built[1] if matched is None else matched & built[1]
    if not clauses:
        return QueryPlan(None, set(), highlight_terms)
    matched = matched or set()
    if len(word_scores) == len(clauses):
        # Words only, each scored: within the matches an And of the words
        # scores as the sum of their scores.
        if len(word_scores) == 1:
            return QueryPlan(None, matched, highlight_terms, scores=word_scores[0])
        summed = {doc: sum(found[doc] for found in word_scores) for doc in matched}
        return QueryPlan(None, matched, highlight_terms, scores=summed)
    query = clauses[0] if len(clauses) == 1 else And(clauses)
    return QueryPlan(query, matched, highlight_terms)
