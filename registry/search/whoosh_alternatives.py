"""Groups of alternatives (OR, synonyms, municipality names) as Whoosh queries.

Kept out of the backend module: one group is an Or of its alternatives,
each alternative a term or a phrase searched in every weighted field.
"""

from __future__ import annotations

from collections.abc import Sequence

from whoosh.query import Or, Phrase, Term
from whoosh.searching import Searcher

from registry.search.analysis import terms_for
from registry.search.whoosh_schema import FIELD_BOOSTS


def group_clause(
    searcher: Searcher, alternatives: Sequence[Sequence[str]]
) -> tuple[Or, set[int], set[str]] | None:
    """The clause, the documents it matches and the terms to highlight; None when empty."""
    clauses = []
    highlight: set[str] = set()
    for alternative in alternatives:
        terms = [term for word in alternative for term in terms_for(word)]
        if not terms:
            continue
        highlight.update(terms)
        if len(terms) == 1:
            clauses += [Term(f, terms[0], boost=b) for f, b in FIELD_BOOSTS.items()]
        else:
            clauses += [Phrase(f, terms, boost=b) for f, b in FIELD_BOOSTS.items()]
    if not clauses:
        return None
    clause = Or(clauses)
    return clause, set(clause.docs(searcher)), highlight
