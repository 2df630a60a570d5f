"""The Whoosh schema, and how a `SearchDocument` fills it.

Text fields carry the Dutch analyzer. Everything a facet or a sort needs is
packed into one column (`facets`) that is read once per segment and cached,
because Whoosh would otherwise rebuild document→values lists from postings
on every query (the multi-valued theme facet alone cost ~75 ms that way).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from whoosh import columns, fields

from registry.search.analysis import dutch_analyzer, spelling_words
from registry.search.documents import SearchDocument

# Query-time boosts: a word in the title outweighs one in the summary, which
# outweighs one in the long texts; organisation names and topics sit between.
FIELD_BOOSTS: dict[str, float] = {
    "title": 6.0,
    "summary": 3.0,
    "topics": 2.0,
    "organisations": 2.0,
    "body": 1.0,
}

_UNIT = "\x1f"  # between facet slots
_ITEM = "\x1e"  # between the values of a multi-valued slot
_PAIR = "\x1d"  # between an organisation's code and name


def build_schema() -> fields.Schema:
    analyzer = dutch_analyzer()
    return fields.Schema(
        doc_id=fields.ID(stored=True, unique=True),
        kind=fields.ID(stored=True),
        title=fields.TEXT(analyzer=analyzer, stored=True),
        summary=fields.TEXT(analyzer=analyzer, stored=True),
        # Not stored: snippets read the long texts from the database (see WhooshBackend).
        body=fields.TEXT(analyzer=analyzer),
        organisations=fields.TEXT(analyzer=analyzer),
        topics=fields.TEXT(analyzer=analyzer),
        # Real words, unstemmed, once per document: the "Bedoelde u" vocabulary.
        spelling=fields.KEYWORD(lowercase=False, scorable=True),
        facets=fields.COLUMN(columns.VarBytesColumn()),
        display=fields.STORED(),
    )


@dataclass(frozen=True)
class FacetRow:
    """What facets and sorting need of one document, decoded from its column."""

    phase: str
    province: str
    layer: str
    catalogue: str
    themes: tuple[str, ...]
    organisations: tuple[tuple[str, str], ...]
    score: float
    adopters: int
    published: float


def _timestamp(value: datetime | None) -> float:
    if value is None:
        return 0.0
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def encode_facets(doc: SearchDocument) -> bytes:
    organisations = _ITEM.join(f"{code}{_PAIR}{name}" for code, name in doc.organisations)
    slots = [
        doc.phase or "",
        doc.province or "",
        doc.layer or "",
        "yes" if doc.in_catalogue else "no",
        _ITEM.join(doc.themes),
        organisations,
        "" if doc.score is None else repr(doc.score),
        str(doc.adopter_count or 0),
        repr(_timestamp(doc.published_at)),
    ]
    return _UNIT.join(slot.replace(_UNIT, " ") for slot in slots).encode("utf-8")


def decode_facets(raw: bytes | None) -> FacetRow:
    if not raw:
        return FacetRow("", "", "", "no", (), (), -1.0, 0, 0.0)
    phase, province, layer, catalogue, themes, orgs, score, adopters, published = raw.decode(
        "utf-8"
    ).split(_UNIT)
    organisations = tuple(
        tuple(item.split(_PAIR, 1)) for item in orgs.split(_ITEM) if _PAIR in item
    )
    return FacetRow(
        phase=phase,
        province=province,
        layer=layer,
        catalogue=catalogue,
        themes=tuple(t for t in themes.split(_ITEM) if t),
        organisations=organisations,  # type: ignore[arg-type]
        score=float(score) if score else -1.0,
        adopters=int(adopters or 0),
        published=float(published or 0),
    )


def whoosh_fields(doc: SearchDocument) -> dict:
    org_names = "\n".join(name for _, name in doc.organisations)
    return {
        "doc_id": doc.doc_id,
        "kind": doc.kind,
        "title": doc.title,
        "summary": doc.summary,
        "body": doc.body,
        "organisations": org_names,
        "topics": doc.topic_text,
        "spelling": " ".join(
            sorted(spelling_words(doc.title, doc.summary, doc.body, org_names, doc.topic_text))
        ),
        "facets": encode_facets(doc),
        "display": {
            "slug": doc.slug,
            "owner": doc.owner_name,
            "phase": doc.phase,
            "score": doc.score,
            "adopters": doc.adopter_count,
            "published": _timestamp(doc.published_at) if doc.published_at else None,
        },
    }
