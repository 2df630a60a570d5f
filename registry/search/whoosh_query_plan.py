"""Turning a parsed query into a Whoosh query and the set of documents it matches.

The matching documents are collected from the posting lists directly: every
one of them is needed for the facet counts, while Whoosh only has to score
the few that make it onto the page.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from whoosh.query import And, Or, Phrase, Term
from whoosh.searching import Searcher

from registry.search.analysis import STOP_WORDS, fold, terms_for
from registry.search.query import ParsedQuery
from registry.search.whoosh_alternatives import group_clause
from registry.search.whoosh_internals import PreloadedOr, term_docs
from registry.search.whoosh_schema import FIELD_BOOSTS

PREFIX_SCAN = 300
PREFIX_TERMS = 10
# The word being typed is completed from these fields.
PREFIX_FIELDS = ("title", "body", "organisations", "topics")


@dataclass
class QueryPlan:
    # None when there is nothing to score (no words, or only stop words).
    query: Any
    matched: set[int]
    highlight_terms: set[str] = field(default_factory=set)

    @property
    def preloaded(self) -> bool:
        """Whether Whoosh scores more documents than match, so the matches must filter."""
        return isinstance(self.query, PreloadedOr)


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


def plan(searcher: Searcher, parsed: ParsedQuery) -> QueryPlan:
    """The Whoosh query, the documents it matches, and the terms to highlight."""
    clauses = []
    all_pairs: list[Term] = []
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
        pairs = [(name, term) for term in terms for name in FIELD_BOOSTS]
        scored = [Term(f, t, boost=FIELD_BOOSTS[f] * terms[t]) for f, t in pairs]
        all_pairs += scored
        clauses.append(Or(scored))
        docs = term_docs(searcher, pairs)
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
    if len(clauses) == 1:
        query = clauses[0]  # Whoosh skips low-scoring blocks of a single Or
    elif not parsed.phrases and not parsed.groups:
        # Words only: the matching documents are known, and within them an
        # And scores exactly like an Or of all terms, which Whoosh scores
        # from preloaded arrays about twice as fast as it intersects.
        query = PreloadedOr(all_pairs)
    else:
        query = And(clauses)
    return QueryPlan(query, matched or set(), highlight_terms)
