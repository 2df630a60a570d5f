"""The organisation directory (/organisations) and one organisation's page."""

from __future__ import annotations

import pytest

from registry.extensions import db
from registry.models import Organisation
from registry.models.base import utcnow
from registry.models.vocab import OrgKind, Phase
from registry.services import organisations


@pytest.fixture
def orgs(make_org):
    return {
        "utrecht": make_org("GM0344", name="Utrecht", province="Utrecht"),
        "amsterdam": make_org("GM0363", name="Amsterdam", province="Noord-Holland"),
        "sudwest": make_org("GM1900", name="Súdwest-Fryslân", province="Fryslân"),
        "vng": make_org("vng", name="VNG", kind=OrgKind.ASSOCIATION, province=None),
    }


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_directory_groups_organisations_under_province_headings(client, orgs):
    html = page(client, "/organisations")
    for heading in ("Fryslân", "Noord-Holland", "Utrecht", "Landelijk"):
        assert f">{heading}</h2>" in html
    assert (
        html.index(">Fryslân</h2>")
        < html.index(">Noord-Holland</h2>")
        < html.index(">Landelijk</h2>")
    )
    assert 'href="/organisations/GM0344"' in html


def test_directory_counts_only_public_pilots_as_owner_and_as_partner(client, orgs, make_project):
    make_project(owner="GM0344", partners=("GM0363",))
    make_project(owner="GM0344")
    make_project(owner="GM0344", published=False)
    hidden = make_project(owner="GM0344")
    hidden.hidden_at = utcnow()
    entries = {e.organisation.code: e for e in organisations.directory()}
    assert (entries["GM0344"].owned, entries["GM0344"].partnered) == (2, 0)
    assert (entries["GM0363"].owned, entries["GM0363"].partnered) == (0, 1)
    html = page(client, "/organisations")
    assert "2 pilots" in html
    assert "partner in 1 pilot" in html


@pytest.mark.parametrize("query", ["utrecht", "UTRECHT", "gm0344", "trec"])
def test_search_matches_name_or_code_ignoring_case(client, orgs, query):
    html = page(client, f"/organisations?q={query}")
    assert ">Utrecht</a>" in html
    assert ">Amsterdam</a>" not in html


def test_search_ignores_accents(client, orgs):
    html = page(client, "/organisations?q=sudwest-fryslan")
    assert ">Súdwest-Fryslân</a>" in html
    assert ">Utrecht</a>" not in html


def test_province_filter_shows_only_that_province(client, orgs):
    html = page(client, "/organisations?province=Noord-Holland")
    assert ">Amsterdam</a>" in html
    assert ">Utrecht</a>" not in html
    assert ">VNG</a>" not in html
    assert '<option selected value="Noord-Holland">' in html


def test_unknown_province_is_ignored(client, orgs):
    html = page(client, "/organisations?province=Atlantis")
    assert ">Amsterdam</a>" in html


def test_inactive_municipalities_are_hidden_unless_asked_for(client, orgs, make_org):
    weesp = make_org("GM0457", name="Weesp", province="Noord-Holland")
    weesp.active = False
    assert ">Weesp</a>" not in page(client, "/organisations")
    html = page(client, "/organisations?inactive=y")
    assert ">Weesp</a>" in html
    assert "Opgeheven" in html


def test_the_filter_form_is_labelled_and_needs_no_javascript(client, orgs):
    html = page(client, "/organisations")
    assert 'method="get"' in html
    assert '<label class="field__label" for="q">' in html
    assert '<label class="field__label" for="province">' in html
    assert "csrf_token" not in html.split('role="search"')[1].split("</form>")[0]


def test_directory_runs_a_fixed_number_of_queries(client, make_org, make_project, count_queries):
    def statements() -> int:
        with count_queries() as counter:
            page(client, "/organisations")
        return counter.count

    for n in range(5):
        make_project(owner=make_org(province=f"Provincie {n % 3}"), partners=("GM0344",))
    few = statements()
    for n in range(195):
        make_project(owner=make_org(province=f"Provincie {n % 12}"), partners=("GM0344",))
    assert db.session.query(Organisation).count() == 201
    assert statements() == few


def test_organisation_page_shows_its_facts_and_pilots_as_owner_and_partner(
    client, orgs, make_project
):
    make_project(owner="GM0344", title="Wmo-chatbot", slug="wmo-chatbot", phase=Phase.COMPLETED)
    make_project(owner="GM0363", title="Slimme containers", slug="containers", partners=("GM0344",))
    make_project(owner="GM0363", title="Zonder Utrecht", slug="zonder")
    html = page(client, "/organisations/GM0344")
    assert "<h1>Utrecht</h1>" in html
    assert "Gemeente" in html
    owner_part, partner_part = html.split('id="pilots-partner"')
    assert 'href="/projects/wmo-chatbot"' in owner_part
    assert "Afgerond" in owner_part
    assert 'href="/projects/containers"' in partner_part
    assert "Amsterdam" in partner_part
    assert "Zonder Utrecht" not in html


def test_unknown_organisation_is_404(client, orgs):
    assert client.get("/organisations/GM9999").status_code == 404


def test_lower_case_code_finds_the_organisation(client, orgs):
    response = client.get("/organisations/gm0344", follow_redirects=True)
    assert "<h1>Utrecht</h1>" in response.get_data(as_text=True)


def test_drafts_show_only_to_members_of_the_pilot(client, orgs, make_project, make_user, login):
    make_project(owner="GM0344", title="Geheim concept", published=False, partners=("GM0363",))
    assert "Geheim concept" not in page(client, "/organisations/GM0344")

    login(make_user(org="GM0599"))
    assert "Geheim concept" not in page(client, "/organisations/GM0344")

    login(make_user(org="GM0363"))
    html = page(client, "/organisations/GM0344")
    assert "Geheim concept" in html
    assert "Concept" in html
    assert "Geheim concept" in page(client, "/organisations/GM0363")


def test_hidden_pilots_are_not_public(client, orgs, make_project, make_user, login):
    hidden = make_project(owner="GM0344", title="Verstopte pilot")
    hidden.hidden_at = utcnow()
    assert "Verstopte pilot" not in page(client, "/organisations/GM0344")
    login(make_user(org="vng", role="curator"))
    assert "Verstopte pilot" in page(client, "/organisations/GM0344")


def test_pilots_of_agrees_with_can_view_project(app, orgs, make_project, make_user):
    from registry.services import permissions

    hidden = make_project(owner="GM0344")
    hidden.hidden_at = utcnow()
    projects = [
        make_project(owner="GM0344", published=False),
        make_project(owner="GM0344"),
        make_project(owner="GM0363", partners=("GM0344",), published=False),
        make_project(owner="GM0363", partners=("GM0344",)),
        hidden,
    ]
    viewers = (
        None,
        make_user(org="GM0344"),
        make_user(org="GM0363"),
        make_user(org="GM0599"),
        make_user(org="vng", role="curator"),
    )
    for viewer in viewers:
        shown = organisations.pilots_of(orgs["utrecht"], viewer)
        visible = {p.id for p in projects if permissions.can_view_project(viewer, p)}
        assert {p.id for p in shown.owned + shown.partnered} == visible


def test_inactive_organisation_page_says_so(client, orgs, make_project):
    orgs["amsterdam"].active = False
    make_project(owner="GM0363", title="Oude pilot")
    html = page(client, "/organisations/GM0363")
    assert "bestaat niet meer" in html
    assert "Oude pilot" in html


def test_base_navigation_links_to_the_directory(client):
    assert 'href="/organisations"' in page(client, "/")


def test_organisation_page_without_pilots_says_so(client, orgs):
    html = page(client, "/organisations/vng")
    assert "Vereniging" in html
    assert "nog geen gepubliceerde pilots" in html


def test_an_organisation_page_shows_its_pilots_a_page_at_a_time(client, orgs, make_project):
    for n in range(13):
        make_project(owner="GM0344", title=f"Eigen pilot {n:02d}")
    for n in range(12):
        make_project(owner="GM0363", partners=("GM0344",), title=f"Gedeelde pilot {n:02d}")
    db.session.commit()

    def pilot_lists(path: str) -> str:
        """The two lists of pilots, without the council's table of the most reused."""
        return page(client, path).split('id="voor-de-raad')[0]

    first = pilot_lists("/organisations/GM0344")
    assert first.count('">Eigen pilot') == 10
    assert first.count('">Gedeelde pilot') == 10
    assert "partner_page=2" in first
    second = pilot_lists("/organisations/GM0344?page=2&partner_page=2")
    assert second.count('">Eigen pilot') == 3
    assert second.count('">Gedeelde pilot') == 2
    assert "Eigen pilot 00" in second  # the oldest last


def test_a_visitor_and_a_member_see_the_counts_of_what_they_may_see(
    client, orgs, make_project, make_user, login
):
    for n in range(10):
        make_project(owner="GM0344", title=f"Eigen pilot {n:02d}")
    make_project(owner="GM0344", title="Nog een concept", published=False)
    db.session.commit()
    # Ten public pilots are one page for a visitor: the draft is neither shown nor counted.
    visitor = page(client, "/organisations/GM0344")
    assert "Nog een concept" not in visitor
    assert "page=2" not in visitor
    login(make_user(org="GM0344"))
    member = page(client, "/organisations/GM0344")
    assert "page=2" in member  # eleven, the draft among them
    assert "Nog een concept" in member + page(client, "/organisations/GM0344?page=2")


def test_what_an_organisation_reuses_is_shown_a_page_at_a_time_and_counts_follow_changes(
    client, orgs, make_project, make_user, make_adoption
):
    adopter = make_user(org="GM0363")
    pilots = [make_project(owner="GM0344", title=f"Overgenomen pilot {n:02d}") for n in range(23)]
    for pilot in pilots[:22]:
        make_adoption(pilot, adopter, "in_use")
    make_adoption(pilots[22], adopter, "interested")
    db.session.commit()

    def reuse(path: str) -> str:
        return page(client, path).split('id="hergebruikt"')[1].split("</section>")[0]

    first = reuse("/organisations/GM0363")
    assert first.count('">Overgenomen pilot') == 20
    assert "reuse_page=2" in first
    second = reuse("/organisations/GM0363?reuse_page=2")
    assert second.count('">Overgenomen pilot') == 3
    assert reuse("/organisations/GM0363?reuse_page=9") == second  # past the end: the last page
    # By status first (in use before interested), then by title.
    assert second.index("pilot 21") < second.index("pilot 22")

    make_adoption(make_project(owner="GM0599", title="Overgenomen pilot 99"), adopter)
    db.session.commit()
    again = reuse("/organisations/GM0363?reuse_page=2")
    assert again.count('">Overgenomen pilot') == 4  # the kept count followed the change
    assert again.index("pilot 99") < again.index("pilot 22")
