"""publiccode.yml in: a new pilot filled in from a file; nothing is saved until the member saves."""

from __future__ import annotations

import io
from contextlib import suppress

import pytest
import yaml
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from registry.extensions import db
from registry.interop import publiccode_export, publiccode_import
from registry.models import Project
from registry.models.vocab import Phase
from registry.services.errors import Invalid
from tests.publiccode_support import form_values, local_server
from tests.test_projects_support import multipart

IMPORT = "/projects/new/import"
MAX = 256 * 1024  # the default PUBLICCODE_MAX_BYTES

ITALIAN_02 = """\
# publiccode.yml of an Italian municipality, as the editor writes them (0.2)
publiccodeYmlVersion: "0.2"
name: Medusa
url: "https://github.com/italia/medusa.git"
landingURL: "https://medusa.example.it"
releaseDate: "2017-04-15"
platforms: &platforms
  - web
categories:
  - content-management
  - it-management
developmentStatus: beta
softwareType: "standalone/web"
description:
  it:
    genericName: Editor
    shortDescription: Un editor di testo per la pubblica amministrazione.
    longDescription: &long >
      Medusa è un editor di testo pensato per la pubblica amministrazione, con
      modelli di documenti, firma digitale e archiviazione conforme alle regole.
    features: &features
      - Modelli di documenti
      - Firma digitale
  en:
    genericName: Editor
    shortDescription: A text editor for public administrations.
    longDescription: >
      Medusa is a text editor made for public administrations, with document
      templates, digital signatures and archiving that follows the rules.
    features: *features
legal:
  license: EUPL-1.2 OR AGPL-3.0-or-later
  mainCopyrightOwner: Comune di Medusa
maintenance:
  type: "internal"
  contacts:
    - name: Francesca Rossi
      email: "francesca.rossi@comune.example.it"
localisation:
  localisationReady: true
  availableLanguages: *platforms
it:
  countryExtensionVersion: "0.2"
  conforme:
    gdpr: true
  riuso:
    codiceIPA: c_h501
"""

DUTCH = """\
publiccodeYmlVersion: "0.4"
name: MijnServices
url: https://github.com/nl-design-system/mijn-services
softwareType: library
platforms: [web]
developmentStatus: stable
categories: [design-system, collaboration]
intendedAudience:
  scope: [welfare, government]
description:
  nl:
    shortDescription: Bouwstenen voor een persoonlijke omgeving op gemeentewebsites.
    longDescription: |
      Met MijnServices bouwen gemeenten een persoonlijke omgeving.

      Inwoners zien hun zaken, berichten en afspraken op één plek.
    features: [zaken, berichten, afspraken]
  en:
    shortDescription: Building blocks for a personal area.
    longDescription: Building blocks for a personal area on municipal websites.
    features: [cases]
legal:
  license: EUPL-1.2
maintenance:
  type: community
  contacts:
    - name: Team NL Design System
      email: nlds@example.nl
fundedBy:
  - name: Gemeente Utrecht
    uri: https://identifier.overheid.nl/tooi/id/gemeente/gm0344
localisation:
  localisationReady: false
  availableLanguages: [nl]
nl:
  countryExtensionVersion: "0.1"
  commonground:
    layerType: interactie
"""

BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "name: Bom\n"
)


def line(text: str, wanted: str, after: str = "") -> int:
    """The 1-based number of the first line that is `wanted`, after the line `after`."""
    lines = text.splitlines()
    start = lines.index(after) if after else 0
    return lines.index(wanted, start) + 1


def count_projects() -> int:
    return db.session.scalar(select(func.count()).select_from(Project))


def read(text: str, site_url: str = "http://127.0.0.1:5000") -> publiccode_import.Prefill:
    return publiccode_import.read(text.encode(), max_bytes=MAX, site_url=site_url)


def import_text(client, text: str):
    return client.post(IMPORT, data={"text": text})


@pytest.fixture
def member(login, make_user):
    return login(make_user(org="GM0363"))


# --- Reading real files -------------------------------------------------------------------


def test_an_italian_02_file_with_anchors_comments_and_an_it_section_is_read(app):
    prefill = read(ITALIAN_02)
    data = prefill.data
    assert prefill.version == "0.2"
    assert prefill.language == "en"  # no Dutch: English before Italian
    assert data["title"] == "Medusa"
    assert data["summary"] == "A text editor for public administrations."
    assert data["approach"].startswith("Medusa is a text editor")
    assert data["tags"] == ["modelli di documenti", "firma digitale"]  # through the alias
    assert data["phase"] == Phase.RUNNING
    assert data["themes"] == ["operations_ict"]
    assert data["repository_url"] == "https://github.com/italia/medusa.git"
    assert data["website_url"] == "https://medusa.example.it"
    assert "licence" not in data  # an expression, not one licence from our list
    assert data["contact_name"] == "Francesca Rossi"
    assert data["contact_email"] == "francesca.rossi@comune.example.it"
    not_taken = dict(prefill.not_taken)
    assert not_taken["it"] == line(ITALIAN_02, "it:")
    assert not_taken["description.it"] == line(ITALIAN_02, "  it:", after="description:")
    assert not_taken["categories: content-management"] == line(ITALIAN_02, "categories:")
    assert "legal.license: EUPL-1.2 OR AGPL-3.0-or-later" in not_taken


def test_a_dutch_file_prefers_nl_and_keeps_nl_as_text(app):
    prefill = read(DUTCH)
    data = prefill.data
    assert prefill.language == "nl"
    # Its own summary, not the long text's first paragraph: that does not start with it.
    assert data["summary"] == "Bouwstenen voor een persoonlijke omgeving op gemeentewebsites."
    assert data["approach"] == (
        "Met MijnServices bouwen gemeenten een persoonlijke omgeving.\n\n"
        "Inwoners zien hun zaken, berichten en afspraken op één plek."
    )
    assert data["tags"] == ["zaken", "berichten", "afspraken"]
    assert data["themes"] == ["social_domain"]  # welfare; government decides nothing
    assert data["licence"] == "EUPL-1.2"
    assert data["funding_source"] == "Gemeente Utrecht"
    assert data["phase"] == Phase.COMPLETED
    assert ("nl", line(DUTCH, "nl:")) in prefill.not_taken
    assert ("description.en", line(DUTCH, "  en:", after="description:")) in prefill.not_taken


def test_every_published_version_from_02_is_read(app):
    for version in ("0.2", "0.2.1", "0.3", "0.3.0", "0.4", "0.4.0", "0.5", "0.5.0", "0"):
        prefill = read(DUTCH.replace('"0.4"', f'"{version}"'))
        assert prefill.data["title"] == "MijnServices"
        assert prefill.notes == []
    unknown = read(DUTCH.replace('"0.4"', '"9.1"'))
    assert unknown.data["title"] == "MijnServices"
    assert "9.1" in str(unknown.notes[0])


def test_what_the_standard_requires_and_a_file_lacks_is_reported(app):
    prefill = read("name: Alleen een naam\n")
    assert prefill.data["title"] == "Alleen een naam"
    assert "description" in prefill.deviations
    assert "legal" in prefill.deviations


# --- Round trip ----------------------------------------------------------------------------


def test_a_pilots_file_reads_back_into_the_same_pilot(app, make_project):
    project = make_project(
        title="Slimme afvalbak",
        summary="Sensoren melden wanneer een afvalbak vol is, zodat de wagen alleen rijdt waar "
        "het nodig is. Dat scheelt ritten, brandstof en ergernis bij bewoners van de wijk.",
        problem="Halflege bakken werden geleegd.",
        approach="We hingen **sensoren** op.\n\n- eerst tien\n- toen honderd",
        results="Een derde minder ritten.",
        lessons="Begin met de drukste straten.",
        phase=Phase.COMPLETED,
        themes=("public_health_environment", "operations_ict", "traffic_mobility"),
        tags=("afval", "iot", "sensoren"),
        repository_url="https://github.com/gemeente/afvalbak",
        documentation_url="https://docs.example.nl/afvalbak",
        licence="EUPL-1.2",
    )
    text = publiccode_export.dump(
        publiccode_export.for_project(
            project, landing_url=f"http://127.0.0.1:5000/projects/{project.slug}", used_by=[]
        )
    )
    data = read(text).data
    for name in ("title", "summary", "problem", "approach", "results", "lessons"):
        assert data[name] == getattr(project, name), name
    assert data["phase"] == project.phase
    assert sorted(data["themes"]) == sorted(project.themes)
    assert sorted(data["tags"]) == sorted(project.tags)
    assert data["licence"] == project.licence
    assert data["repository_url"] == project.repository_url
    assert data["documentation_url"] == project.documentation_url
    assert "website_url" not in data  # the landing page is this register's own


def test_a_catalogue_entrys_file_prefills_a_pilot_that_saves_with_the_same_content(
    client, member, make_entry, make_project
):
    origin = make_project(
        owner="GM0344",
        phase=Phase.COMPLETED,
        repository_url="https://github.com/utrecht/wmo-bot",
        licence="EUPL-1.2",
    )
    entry = make_entry(
        project=origin,
        name="Wmo-chatbot",
        description="Een chatbot beantwoordt Wmo-vragen, dag en nacht.\n\n"
        "Hij draait op **open source** en leert van elke vraag.",
        themes=("social_domain", "operations_ict"),
    )
    text = client.get(f"/catalogue/{entry.slug}/publiccode.yml").get_data(as_text=True)

    page = import_text(client, text)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Ingevuld vanuit publiccode.yml" in html
    assert count_projects() == 1  # only the origin: nothing saved yet
    values = form_values(html, "/projects/new")
    assert values["title"] == ["Wmo-chatbot"]
    assert values["summary"] == ["Een chatbot beantwoordt Wmo-vragen, dag en nacht."]
    assert values["approach"] == ["Hij draait op **open source** en leert van elke vraag."]
    assert sorted(values["themes"]) == ["operations_ict", "social_domain"]
    assert values["licence"] == ["EUPL-1.2"]
    assert values["phase"] == ["completed"]
    assert values["repository_url"] == ["https://github.com/utrecht/wmo-bot"]

    response = client.post("/projects/new", data=values)
    assert response.status_code == 302
    pilot = db.session.scalar(select(Project).where(Project.id != origin.id))
    assert pilot.owner.code == "GM0363"
    assert pilot.title == entry.name
    assert "\n\n".join([pilot.summary, pilot.approach]) == entry.description
    assert sorted(pilot.themes) == sorted(entry.themes)
    assert pilot.licence == "EUPL-1.2"
    assert pilot.repository_url == origin.repository_url


# --- The page ------------------------------------------------------------------------------


def test_the_import_page_asks_for_one_source_with_labelled_fields(client, member):
    html = client.get(IMPORT).get_data(as_text=True)
    for name in ("file", "text", "url"):
        assert f'for="{name}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert IMPORT in client.get("/projects/new").get_data(as_text=True)


def test_no_source_or_two_sources_are_refused_at_the_field(client, member):
    html = client.post(IMPORT, data={}).get_data(as_text=True)
    assert "Upload een bestand, plak de inhoud of geef een webadres." in html
    assert 'aria-describedby="file-hint file-error"' in html
    html = client.post(IMPORT, data={"text": "name: x", "url": "https://x.nl/a"}).get_data(
        as_text=True
    )
    assert "Kies één bron" in html


def test_only_members_who_may_register_pilots_import(client, make_user, login):
    assert client.get(IMPORT).status_code == 302  # to the login page
    login(make_user(org="GM0344", verified=False))
    assert client.get(IMPORT).status_code in {302, 403}


def test_an_uploaded_file_prefills_the_form(client, member):
    response = client.post(
        IMPORT,
        **multipart(
            {"file": FileStorage(stream=io.BytesIO(DUTCH.encode()), filename="publiccode.yml")}
        ),
    )
    values = form_values(response.get_data(as_text=True), "/projects/new")
    assert values["title"] == ["MijnServices"]
    assert count_projects() == 0


def test_a_file_is_fetched_by_url(app, client, member):
    app.config["PUBLICCODE_FETCH_ALLOW_PRIVATE"] = True
    with local_server() as server:
        server.serve_bytes("/publiccode.yml", DUTCH.encode())
        response = client.post(IMPORT, data={"url": server.url("/publiccode.yml")})
    values = form_values(response.get_data(as_text=True), "/projects/new")
    assert values["title"] == ["MijnServices"]
    assert count_projects() == 0


def test_the_page_speaks_english_too(client, member):
    html = client.post(IMPORT + "?lang=en", data={"text": DUTCH}).get_data(as_text=True)
    assert "Filled in from publiccode.yml" in html
    assert "Not taken over" in html


# --- Bad input ------------------------------------------------------------------------------


def refused(client, text: str) -> str:
    response = import_text(client, text)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="error-summary"' in html
    assert count_projects() == 0
    return html


def test_text_that_is_not_yaml_is_refused_with_its_line(client, member):
    html = refused(client, "name: Medusa\ndescription:\n  nl: [niet afgesloten\nlegal: x\n")
    assert "Regel 4: hier kan het bestand niet als YAML worden gelezen" in html


def test_yaml_that_is_not_a_publiccode_file_is_refused(client, member):
    assert "Regel 1: dit is geen publiccode.yml" in refused(client, "- een\n- lijst\n")
    assert "Regel 2: de verplichte sleutel name" in refused(client, "url: x\nname: [a, b]\n")


def test_a_billion_laughs_is_refused_before_it_expands(client, member):
    html = refused(client, BILLION_LAUGHS)
    assert "YAML-ankers" in html


def test_a_self_referring_file_is_refused(client, member):
    assert "YAML-ankers" in refused(client, "name: x\nloop: &a [*a]\n")


def test_a_file_over_the_byte_cap_is_refused_before_parsing(client, member):
    html = refused(client, "name: x\n" + "# " + "x" * MAX + "\n")
    assert "Het bestand is te groot" in html


def test_a_50_mb_upload_is_refused_whole(client, member):
    response = client.post(
        IMPORT,
        **multipart(
            {
                "file": FileStorage(
                    stream=io.BytesIO(b"x" * (50 * 1024 * 1024)), filename="publiccode.yml"
                )
            }
        ),
    )
    assert response.status_code == 413
    assert "te groot" in response.get_data(as_text=True)
    assert count_projects() == 0


def test_nul_bytes_are_refused_in_the_file_and_dropped_from_escaped_text(client, member):
    assert "Regel 2" in refused(client, "name: x\nurl: a\x00b\n")
    response = import_text(client, 'name: "Med\\0usa"\n')
    values = form_values(response.get_data(as_text=True), "/projects/new")
    assert values["title"] == ["Medusa"]


def test_a_file_in_another_encoding_is_refused(client, member):
    response = client.post(
        IMPORT,
        **multipart(
            {
                "file": FileStorage(
                    stream=io.BytesIO("name: Café\n".encode("latin-1")), filename="publiccode.yml"
                )
            }
        ),
    )
    assert "geen UTF-8-tekst" in response.get_data(as_text=True)


def test_a_script_in_a_description_stays_text_on_the_form_and_the_page(client, member):
    text = DUTCH.replace(
        "Bouwstenen voor een persoonlijke omgeving op gemeentewebsites.",
        "<script>alert('x')</script> Bouwstenen",
    ).replace("Met MijnServices", "<script>alert('y')</script> Met MijnServices")
    html = import_text(client, text).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;y&#39;)&lt;/script&gt;" in html
    values = form_values(html, "/projects/new")
    response = client.post("/projects/new", data=values)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in page


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/publiccode.yml",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost/publiccode.yml",
    ],
)
def test_urls_to_private_addresses_are_refused_without_fetching(client, member, url):
    with local_server() as server:
        if "169.254" not in url:
            url = url.replace("/publiccode.yml", f":{server.port}/publiccode.yml")
        server.serve_bytes("/publiccode.yml", DUTCH.encode())
        html = client.post(IMPORT, data={"url": url}).get_data(as_text=True)
        assert server.hits == []
    assert "intern of lokaal netwerk" in html
    assert 'id="url-error"' in html
    assert count_projects() == 0


def test_a_redirect_loop_is_refused(app, client, member):
    app.config["PUBLICCODE_FETCH_ALLOW_PRIVATE"] = True
    with local_server() as server:
        server.redirect("/a", "/b")
        server.redirect("/b", "/a")
        html = client.post(IMPORT, data={"url": server.url("/a")}).get_data(as_text=True)
    assert "stuurt steeds door naar zichzelf" in html
    assert count_projects() == 0


def test_a_slow_server_is_given_up_on(app, client, member):
    app.config["PUBLICCODE_FETCH_ALLOW_PRIVATE"] = True
    app.config["PUBLICCODE_FETCH_TIMEOUT"] = 0.5
    with local_server() as server:
        server.slow("/slow", seconds=3)
        html = client.post(IMPORT, data={"url": server.url("/slow")}).get_data(as_text=True)
    assert "antwoordde niet op tijd" in html


def test_a_50_mb_file_behind_a_url_is_cut_off_at_the_cap(app, client, member):
    app.config["PUBLICCODE_FETCH_ALLOW_PRIVATE"] = True
    with local_server() as server:
        server.endless("/big")
        html = client.post(IMPORT, data={"url": server.url("/big")}).get_data(as_text=True)
    assert "te groot om in te lezen" in html


def test_a_url_that_is_not_http_is_refused_at_the_field(client, member):
    html = client.post(IMPORT, data={"url": "file:///etc/passwd"}).get_data(as_text=True)
    assert "https://" in html
    assert 'id="url-error"' in html


def test_reading_refuses_with_invalid_in_the_service(app):
    with pytest.raises(Invalid):
        read("name: x\n\t- kapot")


def _paths(value, prefix=()):
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, child in items:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


@pytest.mark.parametrize("base", [DUTCH, ITALIAN_02], ids=["dutch", "italian"])
def test_a_wrong_type_anywhere_gives_a_prefill_or_a_message_never_a_crash(base):
    wrong = [[1, [2]], {"a": [1]}, None]
    for path in list(_paths(yaml.safe_load(base))):
        for value in wrong:
            doc = yaml.safe_load(base)
            holder = doc
            for key in path[:-1]:
                holder = holder[key]
            holder[path[-1]] = value
            text = yaml.safe_dump(doc, allow_unicode=True)
            with suppress(Invalid):
                publiccode_import.read(text.encode(), max_bytes=MAX)
