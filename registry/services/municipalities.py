"""Loading the CBS list of municipalities ("Gemeenten alfabetisch").

The whole file is parsed and checked before anything is written, so a
malformed file changes nothing. Municipalities that are no longer in the
list (merged on 1 January) become inactive and keep their pilots; other
kinds of organisation are never touched.

A yearly list deactivates a handful of merged municipalities. A file that
would deactivate more than `MAX_DEACTIVATED_SHARE` of the active ones is
more likely the wrong file (a province's list, last decade's list) than a
wave of mergers, so it is refused unless the operator says it is meant.
Both the CBS's comma-separated export and a `;`-separated file (what a
Dutch spreadsheet program saves) are read.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from sqlalchemy import or_, select

from registry.extensions import db
from registry.models import Organisation
from registry.models.vocab import OrgKind
from registry.services import events
from registry.services.errors import Invalid
from registry.translation import lazy_gettext as _l

HEADER = (
    "Gemeentecode",
    "GemeentecodeGM",
    "Gemeentenaam",
    "Provinciecode",
    "ProvinciecodePV",
    "Provincienaam",
)
_GM_CODE = re.compile(r"GM\d{4}")
_PV_CODE = re.compile(r"PV\d{2}")
MAX_DEACTIVATED_SHARE = 0.05


class MalformedFile(Invalid):
    """The file cannot be loaded; `line` is the 1-based line the problem is on."""

    def __init__(self, line: int, reason: object) -> None:
        super().__init__(_l("Regel %(line)d: %(reason)s", line=line, reason=reason))
        self.line = line


@dataclass(frozen=True)
class MunicipalityRow:
    code: str
    name: str
    province: str
    province_code: str
    line: int


@dataclass
class LoadResult:
    """What a load changed, for the operator's summary."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.reactivated or self.deactivated)


def parse_csv(data: bytes) -> list[MunicipalityRow]:
    """Check the whole file and return its rows; raise MalformedFile naming the line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise MalformedFile(line, _l("het bestand is geen geldige UTF-8-tekst.")) from err
    header_line = text.partition("\n")[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise MalformedFile(1, _l("het bestand is leeg."))
        if tuple(cell.strip() for cell in header) != HEADER:
            raise MalformedFile(
                1,
                _l("de kolommen moeten zijn: %(columns)s.", columns=",".join(HEADER)),
            )
        rows: list[MunicipalityRow] = []
        first_line: dict[str, int] = {}
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # blank lines, e.g. at the end of the file
            row = _parse_row(cells, reader.line_num)
            if row.code in first_line:
                raise MalformedFile(
                    row.line,
                    _l(
                        "%(code)s staat ook al op regel %(other)d.",
                        code=row.code,
                        other=first_line[row.code],
                    ),
                )
            first_line[row.code] = row.line
            rows.append(row)
    except csv.Error as err:
        raise MalformedFile(reader.line_num, _l("ongeldige CSV (%(error)s).", error=err)) from err
    if not rows:
        # Loading an empty list would mark every municipality inactive.
        raise MalformedFile(2, _l("het bestand bevat geen gemeenten."))
    return rows


def _parse_row(cells: list[str], line: int) -> MunicipalityRow:
    if len(cells) != len(HEADER):
        raise MalformedFile(
            line,
            _l("%(expected)d kolommen verwacht, %(found)d gevonden.", expected=6, found=len(cells)),
        )
    number, code, name, province_number, province_code, province = (c.strip() for c in cells)
    if not _GM_CODE.fullmatch(code):
        raise MalformedFile(
            line,
            _l(
                "ongeldige gemeentecode %(code)r; verwacht GM gevolgd door vier cijfers.", code=code
            ),
        )
    if not number.isdigit() or code != f"GM{int(number):04d}":
        raise MalformedFile(
            line,
            _l("Gemeentecode %(number)r past niet bij %(code)s.", number=number, code=code),
        )
    if not name:
        raise MalformedFile(line, _l("de gemeentenaam ontbreekt."))
    if not _PV_CODE.fullmatch(province_code):
        raise MalformedFile(
            line,
            _l(
                "ongeldige provinciecode %(code)r; verwacht PV gevolgd door twee cijfers.",
                code=province_code,
            ),
        )
    if province_number and (
        not province_number.isdigit() or province_code != f"PV{int(province_number):02d}"
    ):
        raise MalformedFile(
            line,
            _l(
                "Provinciecode %(number)r past niet bij %(code)s.",
                number=province_number,
                code=province_code,
            ),
        )
    if not province:
        raise MalformedFile(line, _l("de provincienaam ontbreekt."))
    return MunicipalityRow(code, name, province, province_code, line)


class TooManyDeactivations(Invalid):
    """The file would deactivate more municipalities than a year of mergers does."""

    def __init__(self, deactivating: int, active: int) -> None:
        super().__init__(
            _l(
                "Dit bestand zou %(n)d van de %(active)d actieve gemeenten inactief maken "
                "(meer dan %(share)d%%). Is dit het goede bestand? Bedoelt u het echt, "
                "geef dan --allow-deactivations mee.",
                n=deactivating,
                active=active,
                share=round(MAX_DEACTIVATED_SHARE * 100),
            )
        )
        self.deactivating = deactivating


def load(rows: list[MunicipalityRow], allow_deactivations: bool = False) -> LoadResult:
    """Upsert the municipalities by GM code; deactivate the ones missing from `rows`.

    Refuses (TooManyDeactivations, before writing anything) a list that would
    deactivate more than MAX_DEACTIVATED_SHARE of the active municipalities,
    unless `allow_deactivations`.
    """
    codes = {row.code for row in rows}
    known = {
        org.code: org
        for org in db.session.scalars(
            select(Organisation).where(
                or_(Organisation.kind == OrgKind.MUNICIPALITY, Organisation.code.in_(codes))
            )
        )
    }
    active = [o for o in known.values() if o.kind == OrgKind.MUNICIPALITY and o.active]
    leaving = sum(1 for o in active if o.code not in codes)
    if leaving > len(active) * MAX_DEACTIVATED_SHARE and not allow_deactivations:
        raise TooManyDeactivations(leaving, len(active))
    result = LoadResult()
    for row in rows:
        org = known.get(row.code)
        if org is None:
            db.session.add(
                Organisation(
                    code=row.code,
                    name=row.name,
                    kind=OrgKind.MUNICIPALITY,
                    province=row.province,
                    province_code=row.province_code,
                    active=True,
                )
            )
            result.added.append(row.name)
            continue
        _update(org, row, result)
    for org in sorted(known.values(), key=lambda o: o.name):
        if org.code not in codes and org.kind == OrgKind.MUNICIPALITY and org.active:
            org.active = False
            events.record(None, "deactivated", org, reason="not in municipality list")
            result.deactivated.append(org.name)
    db.session.flush()
    return result


def _update(org: Organisation, row: MunicipalityRow, result: LoadResult) -> None:
    new = (row.name, row.province, row.province_code)
    changed = (org.name, org.province, org.province_code) != new
    if changed:
        org.name, org.province, org.province_code = new
        result.updated.append(row.name)
    if not org.active:
        org.active = True
        events.record(None, "reactivated", org)
        result.reactivated.append(row.name)
    elif not changed:
        result.unchanged += 1


def load_csv(data: bytes, allow_deactivations: bool = False) -> LoadResult:
    return load(parse_csv(data), allow_deactivations=allow_deactivations)
