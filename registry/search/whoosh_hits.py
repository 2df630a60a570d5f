"""A page of Whoosh results: the order of the matches and the hits shown for them."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from whoosh.searching import Searcher

from registry.search.highlighting import escape_text, mark_all, snippet
from registry.search.interface import SearchHit
from registry.search.whoosh_segment_cache import FacetTable

SNIPPET_FRAGMENTS = 2


def sorted_docnums(hits: set[int], table: FacetTable, sort: str, limit: int) -> list[int]:
    """The first `limit` matches by a sort other than relevance, newest first among equals."""
    published = table.published
    if sort == "score":
        score = table.score
        return heapq.nlargest(limit, hits, key=lambda d: (score[d], published[d], d))
    if sort == "adopters":
        adopters = table.adopters
        return heapq.nlargest(limit, hits, key=lambda d: (adopters[d], published[d], d))
    return heapq.nlargest(limit, hits, key=lambda d: (published[d], d))


def page_hits(
    searcher: Searcher,
    docnums: list[int],
    terms: set[str],
    marked: bool,
    texts: Callable[[list[str]], dict[str, str]] | None,
) -> list[SearchHit]:
    """The hits for the page's documents; `texts` gives the long texts for their snippets."""
    stored = [searcher.stored_fields(docnum) for docnum in docnums]
    bodies: dict[str, str] = {}
    if marked and terms and texts is not None and stored:
        bodies = texts([fields["doc_id"] for fields in stored])
    return [hit(fields, bodies.get(fields["doc_id"], ""), terms, marked) for fields in stored]


def hit(stored: dict[str, Any], body: str, terms: set[str], marked: bool) -> SearchHit:
    display = stored.get("display", {})
    kind, _, number = stored["doc_id"].partition(":")
    title, summary = stored.get("title", ""), stored.get("summary", "")
    published = display.get("published")
    title_html = text_html = ""
    if marked and terms:
        title_html = mark_all(title, terms)
        text_html = snippet(body, terms, fragments=SNIPPET_FRAGMENTS) or mark_all(summary, terms)
    return SearchHit(
        kind=kind,
        object_id=int(number),
        slug=display.get("slug", ""),
        title=title,
        summary=summary,
        owner_name=display.get("owner", ""),
        phase=display.get("phase", ""),
        score=display.get("score"),
        adopter_count=display.get("adopters") or 0,
        published_at=datetime.fromtimestamp(published, UTC) if published else None,
        title_html=title_html or escape_text(title),
        snippet_html=text_html or escape_text(summary),
    )
