"""/compare: two to four pilots or standards side by side, and every way an address goes wrong."""

from __future__ import annotations

import re
from html import unescape

import pytest

from registry.extensions import db

CODES = (
    "transferability",
    "documentation",
    "open_standards",
    "proven_results",
    "maintenance",
    "privacy_security",
    "adoption_effort",
)


@pytest.fixture
def two_pilots(make_project, make_user, make_rating, make_adoption):
    """Afval: two raters (5 and 3), costs 2000 and 6000. Wmo: one rater of 2, no costs."""
    afval = make_project(
        owner="GM0119",
        slug="afval",
        title="Slimme afvalbakken",
        licence="EUPL-1.2",
        contact_name="Anna Afval",
        contact_email="anna@meppel.nl",
    )
    wmo = make_project(owner="GM0193", slug="wmo", title="Wmo-chatbot", phase="completed")
    for code, value, cost in (("GM0344", 5, 2000), ("GM0363", 3, 6000)):
        user = make_user(org=code)
        make_rating(project=afval, user=user, scores=value)
        make_adoption(afval, user, "in_use", cost_euros=cost, months=4)
    make_rating(project=wmo, user=make_user(org="GM0599"), scores={"documentation": 2})
    db.session.commit()
    return afval, wmo


def cells(html: str, row: str) -> list[str]:
    """The text of the data cells in the comparison's row headed `row`."""
    match = re.search(r'<th scope="row">' + re.escape(row) + r"</th>(.*?)</tr>", html, re.DOTALL)
    assert match is not None, f"no row {row!r}"
    found = re.findall(r"<td>(.*?)</td>", match.group(1), re.DOTALL)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in found]


def test_two_pilots_side_by_side_with_their_figures(client, two_pilots):
    html = client.get("/compare?p=afval&p=wmo").get_data(as_text=True)
    assert "Slimme afvalbakken" in html
    assert "Wmo-chatbot" in html
    assert cells(html, "Fase of status") == ["Loopt", "Afgerond"]
    assert cells(html, "Licentie") == ["EUPL-1.2", "Niet opgegeven"]
    # Afval: voices 5 and 3 with the prior 2 x 3.0 give (8 + 6) / 4 = 3.5 on every criterion.
    assert cells(html, "Herbruikbaarheidsscore")[0].startswith("3,5 van de 5")
    # Wmo: one voice of 2 on documentation only: (2 + 6) / 3 = 2.67.
    assert cells(html, "Documentatie") == ["3,50", "2,67"]
    assert cells(html, "Overdraagbaarheid") == ["3,50", "–"]
    assert cells(html, "Verschil van mening") == ["1,00 (groot)", "nog niet te meten"]
    assert cells(html, "In gebruik bij")[0] == "2 organisaties: Gemeente GM0344, Gemeente GM0363"
    assert cells(html, "Kosten om over te nemen (mediaan)") == [
        "€ 4.000 (2 meldingen)",
        "niet gemeld",
    ]
    assert cells(html, "Doorlooptijd in maanden (mediaan)")[0] == "4 (2 meldingen)"
    assert cells(html, "Contact") == ["Log in om de contactpersoon te zien."] * 2


def test_the_comparison_reads_in_english_and_shows_contacts_to_members(
    client, login, make_user, two_pilots
):
    login(make_user(org="GM0014"))
    html = client.get("/compare?p=afval&p=wmo&lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Compare pilots and standards" in html
    assert cells(html, "Contact")[0] == "Anna Afval anna@meppel.nl"


def test_a_standard_brings_its_origin_pilots_figures(client, two_pilots, make_entry):
    afval, _wmo = two_pilots
    entry = make_entry(
        project=afval, slug="afvalstandaard", name="Afvalstandaard", maintainer="GM0119"
    )
    db.session.commit()
    html = client.get("/compare?s=afvalstandaard&p=wmo").get_data(as_text=True)
    # Pilots come first, then standards.
    assert html.index("Wmo-chatbot") < html.index("Afvalstandaard")
    assert cells(html, "Fase of status") == ["Afgerond", "Actief"]
    assert cells(html, "Documentatie") == ["2,67", "3,50"]
    assert f'href="/catalogue/{entry.slug}/brief"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("p=afval", "Kies minstens twee pilots of standaarden om te vergelijken."),
        ("", "Kies minstens twee pilots of standaarden om te vergelijken."),
        ("p=afval&p=bestaat-niet", "Er is geen openbare pilot “bestaat-niet”; hij is weggelaten."),
        ("p=afval&s=bestaat-niet", "Er is geen standaard “bestaat-niet”; hij is weggelaten."),
        ("p=afval&p=wmo&p=afval", "“afval” stond er twee keer in; hij staat er nu één keer."),
        ("p=afval&p=" + "x" * 5000, "Er is geen openbare pilot"),
        ("p=afval&p=%20&p=wmo&s=", None),
    ],
)
def test_a_wrong_address_gets_a_clear_message_never_an_error(client, two_pilots, query, message):
    response = client.get(f"/compare?{query}")
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    if message:
        assert message in html
    else:
        assert 'class="notice notice--warning"' not in html


def test_a_draft_is_not_compared_even_for_its_own_people(
    client, login, make_user, make_project, two_pilots
):
    make_project(owner="GM0119", slug="concept", title="Geheim concept", published=False)
    db.session.commit()
    login(make_user(org="GM0119"))
    html = unescape(client.get("/compare?p=afval&p=concept&p=wmo").get_data(as_text=True))
    assert "Er is geen openbare pilot “concept”; hij is weggelaten." in html
    assert "Geheim concept" not in html
    assert "Wmo-chatbot" in html


def test_five_are_cut_to_the_first_four(client, make_project):
    for n in range(5):
        make_project(slug=f"pilot-{n}", title=f"Vergelijkbare pilot {n}")
    db.session.commit()
    html = client.get("/compare?" + "&".join(f"p=pilot-{n}" for n in range(5)))
    html = unescape(html.get_data(as_text=True))
    assert "U kunt hoogstens 4 pilots of standaarden vergelijken" in html
    assert "Vergelijkbare pilot 3" in html
    assert "Vergelijkbare pilot 4" not in html
    assert "Toevoegen aan de vergelijking" not in html  # full: nothing more to add


def test_something_is_added_and_removed_by_plain_links(client, two_pilots, make_project):
    make_project(slug="fiets", title="Fietsparkeren slim")
    db.session.commit()
    html = unescape(client.get("/compare?p=afval&q=fiets").get_data(as_text=True))
    assert '<input type="hidden" name="p" value="afval">' in html
    assert 'href="/compare?p=afval&p=fiets"' in html
    html = unescape(client.get("/compare?p=afval&p=wmo").get_data(as_text=True))
    assert 'href="/compare?p=wmo"' in html  # removing afval
    assert 'href="/compare?p=afval"' in html  # removing wmo


def test_pilot_catalogue_and_list_pages_link_to_a_comparison(client, two_pilots, make_entry):
    afval, _wmo = two_pilots
    entry = make_entry(project=afval, slug="afvalstandaard")
    db.session.commit()
    assert 'href="/compare?p=afval"' in client.get("/projects/afval").get_data(as_text=True)
    assert 'href="/compare?p=afval"' in client.get("/projects").get_data(as_text=True)
    page = client.get(f"/catalogue/{entry.slug}").get_data(as_text=True)
    assert 'href="/compare?s=afvalstandaard"' in page


def test_the_comparison_reads_a_fixed_number_of_statements(
    client, make_project, make_user, make_rating, make_adoption, make_entry, count_queries
):
    slugs = []
    for n in range(4):
        project = make_project(slug=f"p{n}")
        for m in range(n + 1):
            user = make_user(org=f"GM{7000 + 10 * n + m}")
            make_rating(project, user, 4)
            make_adoption(project, user, "in_use", hours=10)
        slugs.append(project.slug)
    make_entry(project=project, slug="s0")
    db.session.commit()

    def statements(query: str) -> int:
        client.get(f"/compare?{query}")
        with count_queries() as counter:
            assert client.get(f"/compare?{query}").status_code == 200
        return counter.count

    two = statements("p=p0&p=p1")
    four = statements("p=p0&p=p1&p=p2&s=s0")
    ten_asked = statements("&".join(f"p=x{n}" for n in range(30)) + "&p=p0&p=p1")
    assert two <= 7
    assert four <= two + 1  # the standards' statement
    assert ten_asked <= two


def test_pilots_are_added_from_the_list_without_javascript(client, two_pilots, make_project):
    make_project(slug="fiets", title="Fietsparkeren slim")
    db.session.commit()
    compare_page = unescape(client.get("/compare?p=afval").get_data(as_text=True))
    assert 'href="/projects?compare_p=afval"' in compare_page
    listing = unescape(client.get("/projects?compare_p=afval").get_data(as_text=True))
    assert 'href="/compare?p=afval&p=fiets"' in listing
    assert 'href="/compare?p=afval&p=wmo"' in listing
    assert "Staat in de vergelijking" in listing  # afval itself
    assert '<input type="hidden" name="compare_p" value="afval">' in listing  # kept by filters
    assert 'href="/compare?p=afval">Terug naar de vergelijking' in listing
    # Paging keeps the choice too (the list's page links keep every argument).
    plain = unescape(client.get("/projects").get_data(as_text=True))
    assert 'href="/compare?p=fiets"' in plain
    assert "compare_p" not in plain
