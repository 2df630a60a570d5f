"""`registry load-municipalities`: the CBS list in, municipalities upserted, nothing on error."""

from __future__ import annotations

import csv

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from registry.extensions import db
from registry.models import Event, Organisation, Project
from registry.models.vocab import OrgKind
from registry.services import municipalities
from registry.services.errors import Invalid
from tests.conftest import SHARED_DATA, skip_or_fail

HEADER = "Gemeentecode,GemeentecodeGM,Gemeentenaam,Provinciecode,ProvinciecodePV,Provincienaam\n"
SMALL = (
    HEADER
    + "0344,GM0344,Utrecht,26,PV26,Utrecht\n"
    + '0820,GM0820,"Nuenen, Gerwen en Nederwetten",30,PV30,Noord-Brabant\n'
    + "1900,GM1900,Súdwest-Fryslân,21,PV21,Fryslân\n"
)


@pytest.fixture
def cbs_file():
    path = SHARED_DATA / "gemeenten.csv"
    if not path.exists():
        skip_or_fail(f"{path} is missing")
    return path


def write(tmp_path, text: str | bytes, name: str = "gemeenten.csv"):
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def org(code: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).filter_by(code=code))


def count_orgs() -> int:
    return db.session.scalar(select(func.count()).select_from(Organisation))


def test_the_real_cbs_list_loads_all_342_municipalities(runner, cbs_file):
    result = runner.invoke(args=["load-municipalities", str(cbs_file)])
    assert result.exit_code == 0, result.output
    assert "Toegevoegd: 342" in result.output
    assert count_orgs() == 342
    utrecht = org("GM0344")
    assert (utrecht.name, utrecht.kind, utrecht.province, utrecht.province_code) == (
        "Utrecht",
        OrgKind.MUNICIPALITY,
        "Utrecht",
        "PV26",
    )
    assert org("GM0820").name == "Nuenen, Gerwen en Nederwetten"
    assert org("GM0080").province == "Fryslân"


def test_loading_the_same_list_again_changes_nothing(runner, cbs_file):
    runner.invoke(args=["load-municipalities", str(cbs_file)])
    result = runner.invoke(args=["load-municipalities", str(cbs_file)])
    assert result.exit_code == 0, result.output
    assert "Toegevoegd: 0" in result.output
    assert "Ongewijzigd: 342" in result.output
    assert "Inactief gemaakt: 0" in result.output


def test_commas_and_frisian_names_survive_intact(app, tmp_path):
    rows = municipalities.parse_csv(SMALL.encode("utf-8"))
    assert [r.name for r in rows] == [
        "Utrecht",
        "Nuenen, Gerwen en Nederwetten",
        "Súdwest-Fryslân",
    ]
    municipalities.load(rows)
    assert org("GM1900").province == "Fryslân"
    assert org("GM1900").name == "Súdwest-Fryslân"


def test_a_byte_order_mark_is_accepted(app):
    rows = municipalities.parse_csv(b"\xef\xbb\xbf" + SMALL.encode("utf-8"))
    assert len(rows) == 3


def test_a_municipality_missing_from_the_file_becomes_inactive_and_keeps_its_pilots(
    runner, tmp_path, make_org, make_project, client
):
    make_org("GM0362", name="Weesp", province="Noord-Holland")
    vng = make_org("vng", name="VNG", kind=OrgKind.ASSOCIATION, province=None)
    pilot = make_project(owner="GM0362", title="Weesper deelfietsen", slug="weesp-deelfietsen")
    db.session.commit()

    result = runner.invoke(
        args=["load-municipalities", "--allow-deactivations", str(write(tmp_path, SMALL))]
    )

    assert result.exit_code == 0, result.output
    assert "Inactief gemaakt: 1" in result.output
    assert "Weesp" in result.output
    weesp = org("GM0362")
    assert weesp is not None
    assert weesp.active is False
    assert vng.active is True  # only municipalities follow the CBS list
    assert db.session.get(Project, pilot.id).owner_id == weesp.id
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(Event)
            .filter_by(verb="deactivated", subject_id=weesp.id)
        )
        == 1
    )
    page = client.get("/organisations/GM0362")
    assert page.status_code == 200
    assert "Weesper deelfietsen" in page.get_data(as_text=True)


def test_a_returning_municipality_is_reactivated_and_renames_are_updated(runner, tmp_path):
    runner.invoke(args=["load-municipalities", str(write(tmp_path, SMALL))])
    without_utrecht = HEADER + "".join(SMALL.splitlines(keepends=True)[2:])
    runner.invoke(
        args=["load-municipalities", "--allow-deactivations", str(write(tmp_path, without_utrecht))]
    )
    assert org("GM0344").active is False

    renamed = SMALL.replace("Súdwest-Fryslân", "Súdwest Fryslân")
    result = runner.invoke(args=["load-municipalities", str(write(tmp_path, renamed))])

    assert result.exit_code == 0, result.output
    assert org("GM0344").active is True
    assert org("GM1900").name == "Súdwest Fryslân"
    assert "Heractiveerd: 1" in result.output
    assert "Bijgewerkt (naam of provincie): 1" in result.output
    assert "Ongewijzigd: 1" in result.output


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        pytest.param("", 1, "leeg", id="empty"),
        pytest.param("code,naam\n0344,Utrecht\n", 1, "kolommen", id="wrong-header"),
        pytest.param(
            HEADER + "0344,GM0344,Utrecht,26,PV26,Utrecht\n0363,GMX363,Amsterdam,27,PV27,NH\n",
            3,
            "GMX363",
            id="bad-code-on-line-3",
        ),
        pytest.param(
            HEADER + "0344,GM0344,Utrecht,26,PV26,Utrecht\n0363,GM0364,Amsterdam,27,PV27,NH\n",
            3,
            "past niet",
            id="code-and-number-disagree",
        ),
        pytest.param(HEADER + "0344,GM0344,,26,PV26,Utrecht\n", 2, "naam", id="empty-name"),
        pytest.param(HEADER + "0344,GM0344,Utrecht,26,P26,Utrecht\n", 2, "P26", id="bad-pv"),
        pytest.param(HEADER + "0344,GM0344,Utrecht,26\n", 2, "kolommen", id="short-row"),
        pytest.param(
            HEADER + "0344,GM0344,Utrecht,26,PV26,Utrecht\n0344,GM0344,Utrecht,26,PV26,Utrecht\n",
            3,
            "regel 2",
            id="duplicate",
        ),
        pytest.param(HEADER, 2, "geen gemeenten", id="header-only"),
        pytest.param(
            (HEADER + "0344,GM0344,Utrecht,26,PV26,Utrecht\n").encode()
            + b"0080,GM0080,Leeuwarden,21,PV21,Frysl\xe2n\n",
            3,
            "UTF-8",
            id="not-utf8",
        ),
    ],
)
def test_a_malformed_file_names_the_line_and_writes_nothing(
    runner, tmp_path, make_org, content, line, fragment
):
    make_org("GM0363", name="Amsterdam", province="Noord-Holland")
    db.session.commit()

    result = runner.invoke(args=["load-municipalities", str(write(tmp_path, content))])

    assert result.exit_code != 0
    assert f"Regel {line}:" in result.output
    assert fragment in result.output
    assert "niets gewijzigd" in result.output
    db.session.expire_all()
    assert count_orgs() == 1
    assert org("GM0363").active is True


def test_an_error_late_in_the_file_leaves_the_database_as_it_was(app, runner, tmp_path, cbs_file):
    lines = cbs_file.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[300] = lines[300].replace("GM", "XX", 1)

    result = runner.invoke(args=["load-municipalities", str(write(tmp_path, "".join(lines)))])

    assert result.exit_code != 0
    assert "Regel 301:" in result.output
    assert count_orgs() == 0


def test_the_service_raises_invalid_with_the_line_number(app):
    with force_locale("nl"), pytest.raises(Invalid) as caught:
        municipalities.parse_csv((HEADER + "0344,GM0344,Utrecht,26,PV26\n").encode())
    assert caught.value.line == 2


# --- Guarding against the wrong file ---------------------------------------------------------


def real_rows(cbs_file) -> list[str]:
    return cbs_file.read_text(encoding="utf-8").splitlines(keepends=True)


def active_count() -> int:
    db.session.expire_all()
    return db.session.scalar(
        select(func.count()).select_from(Organisation).filter_by(active=True, kind="municipality")
    )


def test_a_file_that_would_deactivate_more_than_five_percent_is_refused(runner, tmp_path, cbs_file):
    runner.invoke(args=["load-municipalities", str(cbs_file)])
    lines = real_rows(cbs_file)
    one_province = [lines[0], *(line for line in lines[1:] if line.rstrip().endswith(",Utrecht"))]
    smaller = write(tmp_path, "".join(one_province), "utrecht.csv")

    result = runner.invoke(args=["load-municipalities", str(smaller)])

    assert result.exit_code != 0
    assert "--allow-deactivations" in result.output
    assert active_count() == 342


def test_a_few_mergers_load_without_the_flag_and_many_with_it(runner, tmp_path, cbs_file):
    runner.invoke(args=["load-municipalities", str(cbs_file)])
    lines = real_rows(cbs_file)
    # 17 merged municipalities (under 5% of 342) is a normal year.
    merged = write(tmp_path, "".join(lines[:-17]), "merged.csv")
    result = runner.invoke(args=["load-municipalities", str(merged)])
    assert result.exit_code == 0, result.output
    assert active_count() == 342 - 17

    half = write(tmp_path, "".join(lines[:170]), "half.csv")
    result = runner.invoke(args=["load-municipalities", "--allow-deactivations", str(half)])
    assert result.exit_code == 0, result.output
    assert active_count() == 169


def test_a_dry_run_shows_the_changes_and_writes_nothing(runner, tmp_path, cbs_file):
    result = runner.invoke(args=["load-municipalities", "--dry-run", str(cbs_file)])
    assert result.exit_code == 0, result.output
    assert "Proefdraai: er is niets opgeslagen" in result.output
    assert "Toegevoegd: 342" in result.output
    assert count_orgs() == 0

    runner.invoke(args=["load-municipalities", str(cbs_file)])
    renamed = cbs_file.read_text(encoding="utf-8").replace(",Aalsmeer,", ",Aalsmeer aan de Poel,")
    path = write(tmp_path, renamed)
    result = runner.invoke(args=["load-municipalities", "--dry-run", str(path)])
    assert "Bijgewerkt (naam of provincie): 1" in result.output
    assert org("GM0358").name == "Aalsmeer"


def test_a_semicolon_separated_file_loads_like_the_cbs_export(runner, tmp_path, cbs_file):
    rows = [next(csv.reader([line])) for line in real_rows(cbs_file)]
    semicolons = "".join(";".join(cells) + "\r\n" for cells in rows)
    result = runner.invoke(args=["load-municipalities", str(write(tmp_path, semicolons))])
    assert result.exit_code == 0, result.output
    assert active_count() == 342
    assert org("GM0820").name == "Nuenen, Gerwen en Nederwetten"


@pytest.mark.parametrize("typed", ["gm0344", "GM0344", " Gm0344 "])
def test_organisation_codes_on_the_command_line_ignore_case(runner, make_org, typed):
    make_org("GM0344", name="Utrecht")
    db.session.commit()
    result = runner.invoke(
        args=["create-user", "anna@utrecht.nl", "--org", typed, "--password-stdin"],
        input="een-lang-wachtwoord-2026\n",
    )
    assert result.exit_code == 0, result.output
    assert "bij Utrecht" in result.output
