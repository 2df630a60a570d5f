"""CSV for Dutch spreadsheets and JSON for programs, both written as a stream.

CSV: UTF-8 with a byte-order mark (without it Excel reads UTF-8 as
Windows-1252 and mangles 's-Hertogenbosch and Súdwest-Fryslân), `;` between
cells (what Excel expects where the decimal separator is a comma), CRLF line
ends, a header row in the reader's language, dates in ISO 8601. A text cell
that a spreadsheet would read as a formula is prefixed with `'`.

JSON: one array of objects with stable English keys, written element by
element. An array (rather than NDJSON) because it is plain JSON that every
tool opens as it is (a browser, Power Query, `json.load`, jq); streaming it
keeps the memory bounded all the same.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import format_decimal

from registry.translation import gettext as _

BOM = "\ufeff"
# A spreadsheet treats a cell starting with one of these as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 64 * 1024


def iso(value: date | datetime) -> str:
    """ISO 8601; a moment in UTC to the second (stored times are UTC)."""
    if isinstance(value, datetime):
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return value.isoformat()


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy translated string
    values: dict | None = None  # code -> translated label, for coded values


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text: a leading formula character gets a `'`."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any, labels: dict | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime | date):
        return iso(value)
    if isinstance(value, list):
        return neutralise(", ".join(str(csv_cell(v, labels)) for v in value))
    if isinstance(value, float):
        return format_decimal(value, format="0.##")
    if isinstance(value, int):
        return str(value)
    if labels is not None:
        value = labels.get(value, value)
    return neutralise(str(value))


def csv_stream(columns: list[Column], records: Iterable[dict]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([str(column.label) for column in columns])
    # Translate each coded value once per export, not once per cell.
    cells = [
        (c.key, {code: str(text) for code, text in c.values.items()} if c.values else None)
        for c in columns
    ]
    for record in records:
        writer.writerow([csv_cell(record.get(key), values) for key, values in cells])
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return iso(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def json_stream(records: Iterable[dict]) -> Iterator[str]:
    """`[`, the records as objects, `]`, in chunks."""
    parts: list[str] = ["["]
    size = 1
    separator = "\n"
    for record in records:
        text = separator + json.dumps(record, ensure_ascii=False, default=_plain)
        separator = ",\n"
        parts.append(text)
        size += len(text)
        if size >= CHUNK:
            yield "".join(parts)
            parts, size = [], 0
    parts.append("\n]\n")
    yield "".join(parts)
