"""publiccode.yml out: catalogue entries and pilots with software describe themselves validly."""

from __future__ import annotations

import yaml

from registry.interop import publiccode_rules as rules
from registry.models.vocab import Phase

YAML_TYPE = "application/yaml; charset=utf-8"


def fetched(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == YAML_TYPE
    return yaml.safe_load(response.get_data(as_text=True))


def test_a_catalogue_entry_offers_a_valid_publiccode_yml(
    client, make_entry, make_project, make_user, make_adoption
):
    origin = make_project(
        owner="GM0344",
        phase=Phase.COMPLETED,
        repository_url="https://github.com/utrecht/wmo-bot",
        documentation_url="https://docs.utrecht.nl/wmo-bot",
        licence="EUPL-1.2",
    )
    entry = make_entry(
        project=origin,
        name="Wmo-chatbot",
        description="Een chatbot beantwoordt Wmo-vragen.\n\nHij draait op **open source**.",
        themes=("social_domain", "operations_ict"),
        version="2.1",
    )
    make_adoption(origin, make_user(org="GM0363"), status="in_use")
    make_adoption(origin, make_user(org="GM0014"), status="interested")

    doc = fetched(client, f"/catalogue/{entry.slug}/publiccode.yml")

    assert rules.problems(doc) == []
    assert doc["publiccodeYmlVersion"] == "0.5.0"
    assert doc["name"] == "Wmo-chatbot"
    assert doc["url"] == "https://github.com/utrecht/wmo-bot"
    assert doc["landingURL"] == f"http://127.0.0.1:5000/catalogue/{entry.slug}"  # SITE_URL
    assert doc["developmentStatus"] == "stable"
    assert doc["softwareVersion"] == "2.1"
    assert doc["releaseDate"] == "2025-01-01"
    assert sorted(doc["categories"]) == ["customer-service-and-support", "it-management"]
    assert doc["usedBy"] == ["Gemeente GM0363"]
    assert doc["legal"]["license"] == "EUPL-1.2"
    assert doc["organisation"] == {
        "name": "Gemeente GM0344",
        "uri": "https://identifier.overheid.nl/tooi/id/gemeente/gm0344",
    }
    assert doc["maintenance"]["type"] == "internal"
    assert set(doc["description"]) == {"nl", "en"}
    nl = doc["description"]["nl"]
    assert nl["shortDescription"] == "Een chatbot beantwoordt Wmo-vragen."
    assert "Hij draait op **open source**." in nl["longDescription"]
    assert nl["documentation"] == "https://docs.utrecht.nl/wmo-bot"


def test_an_entry_without_software_or_licence_still_validates(client, make_entry):
    entry = make_entry(project=None, name="Spelregels voor deelscooters", description="Kort.")
    doc = fetched(client, f"/catalogue/{entry.slug}/publiccode.yml")
    assert rules.problems(doc) == []
    assert doc["url"] == doc["landingURL"]
    assert doc["legal"]["license"] == "LicenseRef-unknown"
    for text in doc["description"].values():
        assert len(text["longDescription"]) >= rules.LONG_DESCRIPTION_MIN


def test_an_entrys_own_licence_comes_before_its_pilots(client, make_entry, make_project):
    origin = make_project(licence="MIT", repository_url="https://gitlab.com/x/y")
    entry = make_entry(project=origin, licence="EUPL-1.2")
    assert fetched(client, f"/catalogue/{entry.slug}/publiccode.yml")["legal"]["license"] == (
        "EUPL-1.2"
    )


def test_a_withdrawn_entry_is_obsolete_and_unmaintained(client, make_entry):
    entry = make_entry(status="withdrawn")
    doc = fetched(client, f"/catalogue/{entry.slug}/publiccode.yml")
    assert rules.problems(doc) == []
    assert doc["developmentStatus"] == "obsolete"
    assert doc["maintenance"] == {"type": "none"}


def test_a_pilot_with_a_repository_offers_a_valid_file_without_personal_contacts(
    client, make_project
):
    long_summary = "Sensoren in afvalbakken melden wanneer ze vol zijn, zodat de wagen " * 4
    project = make_project(
        title="Slimme afvalbak",
        summary=long_summary[:300],
        phase=Phase.RUNNING,
        repository_url="https://github.com/gemeente/afvalbak",
        contact_name="Anna de Vries",
        contact_email="anna@utrecht.nl",
        tags=("iot", "afval"),
        themes=("public_health_environment",),
        common_ground_layer="interaction",
    )
    text = client.get(f"/projects/{project.slug}/publiccode.yml").get_data(as_text=True)
    doc = yaml.safe_load(text)
    assert rules.problems(doc) == []
    assert doc["developmentStatus"] == "beta"
    assert doc["softwareType"] == "standalone/web"
    assert doc["legal"]["license"] == "LicenseRef-unknown"
    assert doc["description"]["nl"]["features"] == ["afval", "iot"]
    assert len(doc["description"]["nl"]["shortDescription"]) <= 150
    assert doc["description"]["nl"]["longDescription"].startswith(long_summary[:300].strip())
    assert "anna" not in text.lower()
    assert "Anna de Vries" not in text


def test_the_english_description_is_in_english(client, make_project):
    project = make_project(repository_url="https://github.com/x/y", themes=("education",))
    en = fetched(client, f"/projects/{project.slug}/publiccode.yml")["description"]["en"]
    assert "Dutch" in en["longDescription"]
    assert "Education" in en["longDescription"]
    assert "About this description" in en["longDescription"]
    assert en["features"] == ["Education"]


def test_pilots_without_software_drafts_and_hidden_pilots_have_no_file(
    client, login, make_project, make_user
):
    no_software = make_project()
    draft = make_project(published=False, repository_url="https://github.com/x/draft")
    hidden = make_project(repository_url="https://github.com/x/hidden")
    from registry.models import utcnow

    hidden.hidden_at = utcnow()
    login(make_user(org="GM0344"))  # even the owners: the file is for the public
    for project in (no_software, draft, hidden):
        assert client.get(f"/projects/{project.slug}/publiccode.yml").status_code == 404
    assert client.get("/projects/nobody/publiccode.yml").status_code == 404
    assert client.get("/catalogue/nothing/publiccode.yml").status_code == 404


def test_pilot_and_catalogue_pages_link_their_file(client, make_project, make_entry):
    project = make_project(repository_url="https://github.com/x/y")
    without = make_project()
    entry = make_entry()
    assert f"/projects/{project.slug}/publiccode.yml" in client.get(
        f"/projects/{project.slug}"
    ).get_data(as_text=True)
    assert "publiccode.yml" not in client.get(f"/projects/{without.slug}").get_data(as_text=True)
    assert f"/catalogue/{entry.slug}/publiccode.yml" in client.get(
        f"/catalogue/{entry.slug}"
    ).get_data(as_text=True)


def test_dutch_characters_survive_in_utf8(client, make_entry, make_org):
    make_org("GM0796", name="’s-Hertogenbosch")
    entry = make_entry(maintainer="GM0796", name="Wijkaanpak één", description="Café-overleg.")
    response = client.get(f"/catalogue/{entry.slug}/publiccode.yml")
    assert "’s-Hertogenbosch" in response.data.decode("utf-8")
    doc = yaml.safe_load(response.data.decode("utf-8"))
    assert doc["name"] == "Wijkaanpak één"


def test_a_curator_sets_an_entrys_licence_on_the_edit_form(client, login, make_user, make_entry):
    entry = make_entry()
    login(make_user(org="vng", role="curator"))
    page = client.get(f"/catalogue/{entry.slug}/edit").get_data(as_text=True)
    assert 'name="licence"' in page
    form = {
        "name": entry.name,
        "description": entry.description,
        "maintainer": entry.maintainer.code,
        "version": entry.version,
        "standard_since": "2025-01-01",
        "common_ground_layer": "",
        "themes": entry.themes,
        "licence": "EUPL-1.2",
        "revision": str(entry.revision),
    }
    assert client.post(f"/catalogue/{entry.slug}/edit", data=form).status_code == 302
    assert entry.licence == "EUPL-1.2"
    form["licence"] = "Made-Up-1.0"
    page = client.post(
        f"/catalogue/{entry.slug}/edit", data={**form, "revision": str(entry.revision)}
    )
    assert page.status_code == 200
    assert entry.licence == "EUPL-1.2"


def test_the_validator_catches_what_the_standard_forbids():
    doc = {
        "publiccodeYmlVersion": "0.5.0",
        "url": "not a url",
        "platforms": [],
        "categories": ["made-up"],
        "developmentStatus": "finished",
        "softwareType": "app",
        "description": {"nl": {"shortDescription": "x" * 151, "longDescription": "te kort"}},
        "legal": {"license": "Made Up"},
        "maintenance": {"type": "internal"},
        "localisation": {"availableLanguages": ["nl"]},
    }
    found = {problem.split(":")[0] for problem in rules.problems(doc)}
    assert found == {
        "name",
        "url",
        "platforms",
        "categories[0]",
        "developmentStatus",
        "softwareType",
        "description.nl.shortDescription",
        "description.nl.longDescription",
        "description.nl.features",
        "legal.license",
        "maintenance.contacts",
        "localisation.localisationReady",
    }


def test_spdx_expressions_are_checked_for_form_and_known_ids():
    assert rules.is_spdx_expression("EUPL-1.2")
    assert rules.is_spdx_expression("(MIT OR Apache-2.0) AND BSD-3-Clause")
    assert rules.is_spdx_expression("GPL-2.0-or-later WITH Classpath-exception-2.0")
    assert rules.is_spdx_expression("LicenseRef-unknown")
    assert not rules.is_spdx_expression("MIT OR")
    assert not rules.is_spdx_expression("(MIT")
    assert not rules.is_spdx_expression("Made-Up-1.0")
    assert not rules.is_spdx_expression("")
