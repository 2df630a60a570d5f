"""TOOI identifiers: a municipality's page shows it, and its lower-case GM code finds the page."""

from __future__ import annotations

from flask import url_for

from registry.models.vocab import OrgKind

TOOI = "https://identifier.overheid.nl/tooi/id/gemeente/gm0344"


def test_a_municipalitys_page_shows_its_tooi_identifier(client, make_org):
    make_org("GM0344", name="Utrecht")
    html = client.get("/organisations/GM0344").get_data(as_text=True)
    assert "TOOI-identificatie" in html
    assert f'href="{TOOI}"' in html
    assert "TOOI identifier" in client.get("/organisations/GM0344?lang=en").get_data(as_text=True)


def test_a_body_without_a_cbs_code_shows_no_tooi_identifier(client, make_org):
    org = make_org("vng", name="VNG", kind=OrgKind.ASSOCIATION)
    assert org.tooi_uri is None
    assert "TOOI" not in client.get("/organisations/vng").get_data(as_text=True)


def test_the_lower_case_gm_code_redirects_to_the_canonical_page(client, make_org):
    make_org("GM0344", name="Utrecht")
    response = client.get("/organisations/gm0344?lang=en")
    assert response.status_code == 301
    assert response.headers["Location"] == "/organisations/GM0344?lang=en"


def test_links_to_an_organisation_use_the_canonical_code(app, make_org):
    org = make_org("GM0344")
    with app.test_request_context():
        assert url_for("organisations.show", code=org.code) == "/organisations/GM0344"


def test_the_tooi_identifier_is_the_lower_case_cbs_code(make_org):
    assert make_org("GM0344").tooi_uri == TOOI
