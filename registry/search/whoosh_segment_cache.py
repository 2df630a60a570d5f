"""Facet values, field lengths and spelling vocabulary, read once per Whoosh segment and kept.

A segment never changes after it is written, so what is read from it stays
valid until a merge removes it; only the combined table is rebuilt when the
set of segments changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.searching import Searcher

from registry.search.spelling import Speller, Vocabulary
from registry.search.whoosh_internals import field_length_bytes, segment_readers
from registry.search.whoosh_schema import FacetRow, decode_facets

FACET_COLUMNS = ("theme", "phase", "province", "organisation", "layer", "catalogue")


@dataclass
class FacetTable:
    """Per document number: each facet's values and the sort keys."""

    columns: dict[str, list[tuple[str, ...]]]
    published: list[float]
    score: list[float]
    adopters: list[int]
    organisation_names: dict[str, str]

    @classmethod
    def from_rows(cls, rows: Iterable[FacetRow]) -> FacetTable:
        """The table, built a row at a time: only one decoded row is alive at once.

        Holding every decoded row until the table is built would leave the
        memory they took (several times the table's own) spread over the
        heap of each worker after they are gone.
        """
        names: dict[str, str] = {}
        # Equal value tuples are shared: a few hundred distinct ones serve 50,000 pilots.
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        one = shared.setdefault
        columns: dict[str, list[tuple[str, ...]]] = {name: [] for name in FACET_COLUMNS}
        themes, phases, provinces = columns["theme"], columns["phase"], columns["province"]
        organisations, layers, catalogue = (
            columns["organisation"],
            columns["layer"],
            columns["catalogue"],
        )
        published: list[float] = []
        score: list[float] = []
        adopters: list[int] = []
        for row in rows:
            names.update(row.organisations)
            themes.append(one(row.themes, row.themes))
            phases.append(one((row.phase,), (row.phase,)))
            provinces.append(one((row.province,), (row.province,)))
            codes = tuple(code for code, _ in row.organisations)
            organisations.append(one(codes, codes))
            layers.append(one((row.layer,), (row.layer,)))
            catalogue.append(one((row.catalogue,), (row.catalogue,)))
            published.append(row.published)
            score.append(row.score)
            adopters.append(row.adopters)
        return cls(
            columns=columns,
            published=published,
            score=score,
            adopters=adopters,
            organisation_names=names,
        )

    @classmethod
    def concatenate(cls, tables: list[FacetTable]) -> FacetTable:
        if len(tables) == 1:
            return tables[0]
        names: dict[str, str] = {}
        for table in tables:
            names.update(table.organisation_names)
        return cls(
            columns={
                name: [value for table in tables for value in table.columns[name]]
                for name in tables[0].columns
            },
            published=[v for table in tables for v in table.published],
            score=[v for table in tables for v in table.score],
            adopters=[v for table in tables for v in table.adopters],
            organisation_names=names,
        )


class SegmentCache:
    """One process's facet tables and vocabularies, keyed by index directory and segment."""

    def __init__(self) -> None:
        self._tables: dict[str, FacetTable] = {}
        self._vocabularies: dict[str, Vocabulary] = {}
        # Per segment and field: each document's length byte, for scoring (whoosh_scoring).
        self._lengths: dict[str, dict[str, bytes]] = {}
        self._combined: tuple[tuple[str, ...], FacetTable] | None = None

    @staticmethod
    def _leaves(searcher: Searcher, directory: Path | None) -> list[tuple[str, Any]]:
        return [(f"{directory}/{segment}", reader) for segment, reader in segment_readers(searcher)]

    def facet_table(self, searcher: Searcher, directory: Path | None) -> FacetTable:
        leaves = self._leaves(searcher, directory)
        key = tuple(segment for segment, _ in leaves)
        if self._combined is not None and self._combined[0] == key:
            return self._combined[1]
        tables = []
        for segment, reader in leaves:
            table = self._tables.get(segment)
            if table is None:
                rows = (decode_facets(raw) for raw in reader.column_reader("facets"))
                table = self._tables[segment] = FacetTable.from_rows(rows)
            tables.append(table)
        for stale in set(self._tables) - set(key):
            del self._tables[stale]
        for stale in set(self._lengths) - set(key):
            del self._lengths[stale]
        combined = FacetTable.concatenate(tables) if tables else FacetTable.from_rows([])
        self._combined = (key, combined)
        return combined

    def lengths(self, searcher: Searcher, directory: Path | None) -> Callable[[Any, str], bytes]:
        """The field lengths of a segment reader of this searcher, read once per segment.

        One byte per document and field: 50 KB for 10,000 pilots.
        """
        segments = {id(reader): segment for segment, reader in self._leaves(searcher, directory)}

        def of(reader: Any, field: str) -> bytes:
            segment = segments.get(id(reader))
            if segment is None:  # not a segment of this searcher's: nothing to keep
                return field_length_bytes(reader, field)
            fields = self._lengths.setdefault(segment, {})
            found = fields.get(field)
            if found is None:
                found = fields[field] = field_length_bytes(reader, field)
            return found

        return of

    def speller(self, searcher: Searcher, directory: Path | None) -> Speller:
        vocabularies = []
        leaves = self._leaves(searcher, directory)
        for segment, reader in leaves:
            vocabulary = self._vocabularies.get(segment)
            if vocabulary is None:
                words = (
                    (term.decode("utf-8"), info.doc_frequency())
                    for term, info in reader.iter_field("spelling")
                )
                vocabulary = self._vocabularies[segment] = Vocabulary(words)
            vocabularies.append(vocabulary)
        live = {segment for segment, _ in leaves}
        for stale in set(self._vocabularies) - live:
            del self._vocabularies[stale]
        return Speller(vocabularies)

    def clear(self) -> None:
        self._combined = None
        self._tables.clear()
        self._lengths.clear()
        self._vocabularies.clear()
