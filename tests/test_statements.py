"""The accessibility statement and the privacy statement: there, complete, in both languages."""

from __future__ import annotations

import re

import pytest

from registry.web.main import ACCESSIBILITY_STATEMENT_DATE, CONTACT_EMAIL


def headings(html: str, level: int) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", h).strip()
        for h in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html, re.S)
    ]


def test_the_accessibility_statement_follows_the_government_model(client):
    response = client.get("/toegankelijkheid")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert headings(html, 1) == ["Toegankelijkheidsverklaring"]
    assert headings(html, 2)[:4] == [
        "Status",
        "Wat is er getest en hoe",
        "Bekende beperkingen",
        "Probleem melden of contact",
    ]
    assert "WCAG 2.1" in html
    assert "Eerste maatregelen genomen." in html
    assert f'href="mailto:{CONTACT_EMAIL}"' in html
    assert f'datetime="{ACCESSIBILITY_STATEMENT_DATE.isoformat()}"' in html
    assert "Nationale ombudsman" in html


def test_the_accessibility_statement_names_how_it_was_tested(client):
    html = client.get("/toegankelijkheid").get_data(as_text=True)
    for method in ("axe-core", "toetsenbord", "320 pixels"):
        assert method in html


@pytest.mark.parametrize(
    "kept",
    [
        "naam, e-mailadres, organisatie en rol",
        "voor het laatst inlogde",
        "beoordelingen",
        "Gebeurtenissen",
        "IP-adres",
        "logbestand",
        "cookie",
        "browser en apparaat",
        "mislukte inlogpogingen",
    ],
)
def test_the_privacy_statement_names_each_kind_of_personal_data(client, kept):
    assert kept in client.get("/privacy").get_data(as_text=True)


def test_the_privacy_statement_gives_basis_retention_rights_and_contact(client):
    response = client.get("/privacy")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert headings(html, 1) == ["Privacyverklaring"]
    # Every kind of data comes with why, on what basis, for how long and who sees it.
    sections = headings(html, 3)
    assert len(sections) >= 6
    for term in ("Waarvoor", "Grondslag", "Hoe lang", "Wie ziet het"):
        assert html.count(f"<dt>{term}</dt>") == len(sections)
    assert "artikel 6, lid 1, onder e AVG" in html
    assert "artikel 6, lid 1, onder f AVG" in html
    assert "Autoriteit Persoonsgegevens" in html
    assert f'href="mailto:{CONTACT_EMAIL}"' in html


def test_the_rate_limit_window_the_privacy_statement_promises_is_the_real_one():
    from registry.config import defaults
    from registry.web.auth import views

    assert defaults("instance")["SIGNIN_DELAY_AFTER_FAILURES"] == 5
    assert views.MAIL_LIMIT == "5/minute"


@pytest.mark.parametrize("path", ["/toegankelijkheid", "/privacy"])
def test_the_statements_are_public_and_switch_language(client, path):
    response = client.get(f"{path}?lang=en")
    assert response.status_code == 200
    assert '<html lang="en">' in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/toegankelijkheid", "/privacy"])
def test_the_statements_link_each_other(client, path):
    other = "/privacy" if path == "/toegankelijkheid" else "/toegankelijkheid"
    html = client.get(path).get_data(as_text=True)
    main = html[html.index("<main") : html.index("</main>")]
    assert f'href="{other}"' in main
