"""Opportunities for a municipality: a hand-built register and its hand-computed ranking.

Adopted sets (pilots in use); provinces from the real CBS list:

    Utrecht    GM0344 (Utrecht)      X, Y, S4   (prepares S3; owns the origin of S5)
    N-Holland  GM0363 (Amsterdam)    X, Y, S1, S2, S5
    N-Holland  GM0362 (Amstelveen)   X, S1
    Utrecht    GM0307 (Amersfoort)   W, S2
    Gelderland GM0202 (Arnhem)       X, Y, S4, S1
    Gelderland GM0268 (Nijmegen)     W
    Utrecht    GM0345 (Veenendaal)   S3

For Utrecht (|set| = 3), Jaccard plus 0.1 for the same province:
    Arnhem 3/4 = 0.75, Amsterdam 2/6 = 0.333, Amstelveen 1/4 = 0.25,
    Amersfoort 0 + 0.1, Veenendaal 0 + 0.1 (ties by code), Nijmegen 0: not a peer.
Standards it does not use, prepare or own, by peers using them:
    S1: Amsterdam, Amstelveen, Arnhem = 3;  S2: Amsterdam, Amersfoort = 2.
Reason for S1: X is used by all three users, Y by two of them beside X; the peers
using X and Y are Amsterdam and Arnhem, and both use S1: "2 van de 2".
Reason for S2: X and Y tie among its users (Amsterdam alone shares anything), X
first by title; Amsterdam and Arnhem use X and Y, Amsterdam uses S2: "1 van de 2".
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import Organisation
from registry.services import municipalities, opportunities
from tests.conftest import SHARED_DATA, skip_or_fail

USES = {
    "GM0344": ("X", "Y", "S4"),
    "GM0363": ("X", "Y", "S1", "S2", "S5"),
    "GM0362": ("X", "S1"),
    "GM0307": ("W", "S2"),
    "GM0202": ("X", "Y", "S4", "S1"),
    "GM0268": ("W",),
    "GM0345": ("S3",),
}


@pytest.fixture
def register(app, make_project, make_user, make_adoption, make_entry):
    path = SHARED_DATA / "gemeenten.csv"
    if not path.exists():
        skip_or_fail(f"{path} is missing")
    municipalities.load(municipalities.parse_csv(path.read_bytes()))
    pilots = {name: make_project(owner="GM0014", title=f"Pilot {name}") for name in "XYW"}
    for n in range(1, 6):
        owner = "GM0344" if n == 5 else "GM0014"
        project = make_project(owner=owner, title=f"Oorsprong S{n}")
        make_entry(project=project, name=f"Standaard {n}", maintainer=owner)
        pilots[f"S{n}"] = project
    users = {code: make_user(org=code) for code in USES}
    for code, names in USES.items():
        for name in names:
            make_adoption(pilots[name], users[code], "in_use")
    make_adoption(pilots["S3"], users["GM0344"], "preparing")
    db.session.commit()
    return pilots


def org(code: str) -> Organisation:
    return db.session.scalar(select(Organisation).filter_by(code=code))


def test_peers_are_ranked_by_jaccard_similarity_plus_the_same_province(register):
    result = opportunities.for_municipality(org("GM0344"))
    assert [(p.code, round(p.similarity, 3), p.shared) for p in result.peers] == [
        ("GM0202", 0.75, 3),
        ("GM0363", 0.333, 2),
        ("GM0362", 0.25, 1),
        ("GM0307", 0.1, 0),
        ("GM0345", 0.1, 0),
    ]


def test_opportunities_are_the_hand_computed_ranking_with_true_reasons(register):
    result = opportunities.for_municipality(org("GM0344"))
    assert [(o.name, o.peers_using) for o in result.items] == [
        ("Standaard 1", 3),
        ("Standaard 2", 2),
    ]
    s1, s2 = result.items
    assert (s1.reason.users, s1.reason.group, s1.reason.shared) == (2, 2, ("Pilot X", "Pilot Y"))
    assert (s2.reason.users, s2.reason.group, s2.reason.shared) == (1, 2, ("Pilot X", "Pilot Y"))


def test_fewer_neighbours_narrow_the_peers(register):
    result = opportunities.for_municipality(org("GM0344"), neighbours=3)
    assert [p.code for p in result.peers] == ["GM0202", "GM0363", "GM0362"]
    assert [(o.name, o.peers_using) for o in result.items] == [
        ("Standaard 1", 3),
        ("Standaard 2", 1),
    ]


def test_without_shared_pilots_the_peers_are_the_province_and_the_reason_says_so(register):
    result = opportunities.for_municipality(org("GM0345"))
    assert [p.code for p in result.peers] == ["GM0307", "GM0344"]
    assert [(o.name, o.peers_using) for o in result.items] == [
        ("Standaard 2", 1),
        ("Standaard 4", 1),
    ]
    reason = result.items[0].reason
    assert (reason.users, reason.group, reason.shared, reason.province) == (1, 2, (), "Utrecht")


def test_a_municipality_with_no_peers_has_no_opportunities(register, make_org):
    lonely = make_org("GM9999", province=None)
    assert opportunities.for_municipality(lonely) == opportunities.Opportunities([], [])


def test_opportunities_take_a_fixed_number_of_statements(register, count_queries):
    utrecht = org("GM0344")
    with count_queries() as counter:
        opportunities.for_municipality(utrecht)
    assert counter.count == 5


# --- On the organisation page -----------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_organisation_page_shows_the_opportunities_with_their_reasons(client, register, lang):
    response = client.get(f"/organisations/GM0344?lang={lang}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    if lang == "nl":
        assert (
            "2 van de 2 gemeenten die net als u ‘Pilot X’ en ‘Pilot Y’ gebruiken, gebruiken ook "
            "‘Standaard 1’." in html
        )
        assert "Kansen: standaarden die vergelijkbare gemeenten al gebruiken" in html
    else:
        assert (
            "2 of the 2 municipalities that, like you, use ‘Pilot X’ and ‘Pilot Y’ also use "
            "‘Standaard 1’." in html
        )
    assert html.index("Standaard 1") < html.index("Standaard 2")
    assert "Standaard 3" not in html.split('id="kansen"')[1]


def test_the_council_record_lists_own_pilots_reuse_and_ratings(
    client, register, make_user, make_rating
):
    make_rating(register["X"], make_user(org="GM0344"), 4)
    db.session.commit()
    html = client.get("/organisations/GM0344").get_data(as_text=True)
    council = html.split('id="voor-de-raad"')[1]
    assert "Oorsprong S5" in council.split('id="raad-hergebruik"')[0]  # its own pilot
    reused = council.split('id="raad-hergebruik"')[1].split('id="raad-beoordeeld"')[0]
    for title in ("Pilot X", "Pilot Y", "Oorsprong S4", "Oorsprong S3"):
        assert title in reused
    rated = council.split('id="raad-beoordeeld"')[1].split('id="kansen"')[0]
    assert "Pilot X" in rated


def test_other_kinds_of_organisation_have_no_council_section(client, app, make_org):
    make_org("vng", name="VNG", kind="association", province=None)
    db.session.commit()
    html = client.get("/organisations/vng").get_data(as_text=True)
    assert 'id="voor-de-raad"' not in html


def test_the_council_sections_take_a_fixed_number_of_statements(
    client, register, make_project, make_user, make_adoption, count_queries
):
    client.get("/organisations/GM0344")
    make_project(owner="GM0150", title="Elders")  # the register changed: nothing kept
    db.session.commit()
    with count_queries() as few:
        client.get("/organisations/GM0344")
    user = make_user(org="GM0344")
    for n in range(15):
        project = make_project(owner="GM0362", title=f"Nog een pilot {n}")
        make_adoption(project, user, "in_use")
        make_project(owner="GM0344", title=f"Eigen pilot {n}")
    db.session.commit()
    with count_queries() as many:
        html = client.get("/organisations/GM0344").get_data(as_text=True)
    assert few.count == many.count
    assert "De 10 nieuwste van 19." in html
    # Until the register changes again, the sections are kept, not read again.
    with count_queries() as unchanged:
        assert client.get("/organisations/GM0344").get_data(as_text=True) == html
    assert unchanged.count < many.count
