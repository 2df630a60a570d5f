"""Search synonyms curators keep: sets of terms that find each other.

A set is saved as its terms joined by "|"; searches read the table for
every new query (see `registry.search.synonyms`), so an edit needs no reindex.
"""

from __future__ import annotations

from sqlalchemy import select

from registry.extensions import db
from registry.models import SearchSynonym, User
from registry.search.synonyms import SEPARATOR, split_terms
from registry.services.curation import require_curator
from registry.services.errors import Invalid, NotFound
from registry.translation import lazy_gettext as _l

MAX_TERMS = 10
MAX_TERM_LENGTH = 80
MAX_LENGTH = 500


def all_sets(user: User | None) -> list[SearchSynonym]:
    require_curator(user, "synonyms.view", "synonyms")
    return list(db.session.scalars(select(SearchSynonym).order_by(SearchSynonym.terms)))


def _terms(text: str) -> str:
    terms = split_terms(text.replace("\x00", ""))
    if len(terms) < 2:
        raise Invalid(_l("Geef minstens twee termen, gescheiden door komma's."), field="terms")
    if len(terms) > MAX_TERMS or any(len(t) > MAX_TERM_LENGTH for t in terms):
        raise Invalid(_l("Hoogstens 10 termen van elk hoogstens 80 tekens."), field="terms")
    if not all(any(ch.isalnum() for ch in t) for t in terms):
        raise Invalid(_l("Elke term moet een letter of cijfer bevatten."), field="terms")
    joined = SEPARATOR.join(terms)
    if len(joined) > MAX_LENGTH:
        raise Invalid(_l("Deze termen zijn samen te lang."), field="terms")
    return joined


def add(user: User | None, text: str) -> SearchSynonym:
    require_curator(user, "synonyms.add", "synonyms")
    synonym = SearchSynonym(terms=_terms(text))
    db.session.add(synonym)
    db.session.flush()
    return synonym


def update(user: User | None, synonym_id: int, text: str) -> SearchSynonym:
    require_curator(user, "synonyms.update", f"synonym:{synonym_id}")
    synonym = db.session.get(SearchSynonym, synonym_id)
    if synonym is None:
        raise NotFound()
    synonym.terms = _terms(text)
    db.session.flush()
    return synonym


def delete(user: User | None, synonym_id: int) -> None:
    require_curator(user, "synonyms.delete", f"synonym:{synonym_id}")
    synonym = db.session.get(SearchSynonym, synonym_id)
    if synonym is None:
        raise NotFound()
    db.session.delete(synonym)
    db.session.flush()
