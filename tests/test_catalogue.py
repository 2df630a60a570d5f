"""The standard catalogue: the public list and page, and curators keeping it current."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from flask import render_template
from sqlalchemy import select

from registry.extensions import db
from registry.models import CatalogueEntry, CatalogueStatus, Event, NominationState, utcnow
from registry.models.vocab import OrgKind, Role
from registry.services import catalogue
from registry.services.catalogue import EntryData
from registry.services.errors import Conflict, Invalid, NotAllowed
from registry.web.projects.page import PilotPage
from tests.test_nominations_support import RATIONALE, page

REASON = "Er is een betere, landelijke voorziening gekomen."


@pytest.fixture
def curator(make_user, make_org):
    make_org("vng", name="VNG", kind=OrgKind.ASSOCIATION, province=None)
    return make_user(org="vng", role=Role.CURATOR)


def adopt(project, make_user, make_adoption, code: str, status: str = "in_use"):
    return make_adoption(project, make_user(org=code), status)


# --- The list --------------------------------------------------------------------------


def test_the_list_shows_how_many_and_which_municipalities_use_each_entry(
    client, make_entry, make_user, make_adoption, make_org
):
    entry = make_entry(name="Wmo-chatbot")
    make_org("GM0014", name="Groningen")
    make_org("GM0034", name="Almere")
    adopt(entry.origin_project, make_user, make_adoption, "GM0014")
    adopt(entry.origin_project, make_user, make_adoption, "GM0034")
    adopt(entry.origin_project, make_user, make_adoption, "GM0037", "preparing")
    html = page(client.get("/catalogue"))
    assert "Wmo-chatbot" in html
    assert "In gebruik bij 2 gemeenten" in html
    assert ">Groningen</a>" in html
    assert ">Almere</a>" in html


def test_the_count_of_the_list_is_kept_and_follows_every_change(client, make_entry):
    make_entry(name="Eerste standaard")
    db.session.commit()
    assert "1 standaard gevonden" in page(client.get("/catalogue"))
    assert "1 standaard gevonden" in page(client.get("/catalogue?status=active"))
    make_entry(name="Tweede standaard")
    make_entry(name="Uitgefaseerd", status="deprecated")
    db.session.commit()
    assert "3 standaarden gevonden" in page(client.get("/catalogue"))
    assert "2 standaarden gevonden" in page(client.get("/catalogue?status=active"))
    assert "1 standaard gevonden" in page(client.get("/catalogue?status=deprecated"))


def test_a_card_names_the_first_adopters_and_counts_the_others(
    client, make_entry, make_user, make_adoption, make_org
):
    entry = make_entry(name="Wmo-chatbot")
    other = make_entry(name="Leeg")
    names = ["Utrecht", "Almere", "Groningen", "Zwolle", "Delft", "Ede", "Breda", "Assen"]
    for n, name in enumerate(names):
        code = f"GM{n + 100:04d}"
        make_org(code, name=name)
        adopt(entry.origin_project, make_user, make_adoption, code)
    html = page(client.get("/catalogue"))
    card = html.split("Wmo-chatbot")[1].split('class="card')[0]
    assert "In gebruik bij 8 gemeenten" in card
    for name in sorted(names)[:5]:
        assert f">{name}</a>" in card
    for name in sorted(names)[5:]:
        assert f">{name}</a>" not in card
    assert f'href="/catalogue/{entry.slug}#adopters-title">en 3 andere' in card
    summaries = catalogue.adopter_summaries([entry, other], shown=5)
    assert summaries[other.id].total == 0
    assert summaries[other.id].first == []
    english = page(client.get("/catalogue?lang=en"))
    assert "and 3 others" in english


def test_only_municipalities_count_as_adopting_municipalities(
    make_entry, make_user, make_adoption, make_org
):
    entry = make_entry()
    make_org("prov-ut", kind=OrgKind.PUBLIC_BODY)
    adopt(entry.origin_project, make_user, make_adoption, "prov-ut")
    adopt(entry.origin_project, make_user, make_adoption, "GM0014")
    assert [org.code for org in catalogue.adopters(entry)] == ["GM0014"]


def test_the_list_sorts_by_adopting_municipalities_and_by_date(
    client, make_entry, make_user, make_adoption
):
    few = make_entry(name="Weinig gebruikt", standard_since=date(2026, 1, 1))
    many = make_entry(name="Veel gebruikt", standard_since=date(2024, 1, 1))
    for code in ("GM0014", "GM0034"):
        adopt(many.origin_project, make_user, make_adoption, code)
    adopt(few.origin_project, make_user, make_adoption, "GM0037")
    by_adopters = page(client.get("/catalogue?sort=adopters"))
    assert by_adopters.index("Veel gebruikt") < by_adopters.index("Weinig gebruikt")
    newest = page(client.get("/catalogue?sort=newest"))
    assert newest.index("Weinig gebruikt") < newest.index("Veel gebruikt")


def test_the_stored_adopter_count_follows_every_adoption(
    make_entry, make_user, make_adoption, make_org
):
    entry = make_entry()
    project = entry.origin_project
    make_org("prov-ut", kind=OrgKind.PUBLIC_BODY)

    def stored() -> int:
        return db.session.scalar(
            select(CatalogueEntry.adopter_count).where(CatalogueEntry.id == entry.id)
        )

    assert stored() == 0
    groningen = make_user(org="GM0014")
    make_adoption(project, groningen, "in_use")
    make_adoption(project, make_user(org="prov-ut"), "in_use")  # not a municipality
    make_adoption(project, make_user(org="GM0034"), "preparing")  # not in use yet
    assert stored() == entry.adopter_count == 1
    make_adoption(project, groningen, "stopped")
    assert stored() == entry.adopter_count == 0


def test_the_list_sorts_by_adopters_through_the_stored_count(app, make_entry):
    query = str(
        catalogue.listing_query(catalogue.Filters(sort="adopters")).compile(db.engine)
    ).lower()
    order = query.split("order by")[1]
    assert order.lstrip().startswith("catalogue_entry.adopter_count desc")
    assert "count(" not in query  # nothing counted per entry


def test_the_list_filters_by_theme_layer_and_status(client, make_entry):
    make_entry(name="Sociaal actief", themes=("social_domain",), common_ground_layer="process")
    make_entry(name="Energie actief", themes=("energy_climate",), common_ground_layer="services")
    make_entry(name="Sociaal verouderd", themes=("social_domain",), status="deprecated")
    html = page(client.get("/catalogue?theme=social_domain"))
    assert "Sociaal actief" in html
    assert "Sociaal verouderd" in html
    assert "Energie actief" not in html
    html = page(client.get("/catalogue?layer=services"))
    assert "Energie actief" in html
    assert "Sociaal actief" not in html
    html = page(client.get("/catalogue?status=deprecated"))
    assert "Sociaal verouderd" in html
    assert "Sociaal actief" not in html
    html = page(client.get("/catalogue?status=nonsense&theme=nonsense"))
    assert "3 standaarden gevonden" in html


def test_the_list_costs_the_same_for_5_and_100_entries(
    client, make_entry, make_user, make_adoption, count_queries, app
):
    app.config["PAGE_SIZE"] = 200

    def measure(n: int) -> int:
        for i in range(n):
            entry = make_entry()
            if i % 3 == 0:
                adopt(entry.origin_project, make_user, make_adoption, f"GM5{i:03d}")
        db.session.commit()
        with count_queries() as counter:
            response = client.get("/catalogue")
        assert response.status_code == 200
        return counter.count

    assert measure(5) == measure(95)


# --- One entry ---------------------------------------------------------------------------


@pytest.fixture
def promoted(make_project, make_nomination, curator):
    """An entry created the real way: a nomination accepted by a curator."""
    from registry.services import curation
    from registry.services.readiness import Thresholds

    project = make_project(title="Slimme afvalinzameling")
    nomination = make_nomination(project=project, state=NominationState.IN_REVIEW)
    curation.decide(
        nomination,
        curator,
        "accept",
        RATIONALE,
        thresholds=Thresholds(),
        today=date(2026, 2, 1),
        override=True,
    )
    db.session.flush()
    return catalogue.for_project(project)


def test_the_entry_page_shows_solution_origin_record_adopters_lifecycle_and_timeline(
    client, promoted, make_user, make_adoption, make_org
):
    make_org("GM0014", name="Groningen")
    adopt(promoted.origin_project, make_user, make_adoption, "GM0014")
    html = page(client.get(f"/catalogue/{promoted.slug}"))
    assert "<h1>Slimme afvalinzameling</h1>" in html
    assert f'href="/projects/{promoted.origin_project.slug}"' in html
    assert RATIONALE in html
    assert "Voorwaarden op het moment van het besluit" in html
    assert "aangenomen hoewel niet aan alle voorwaarden was voldaan" in html
    assert "In gebruik bij 1 gemeente." in html
    assert ">Groningen</a>" in html
    assert 'aria-current="step"' in html
    assert "heeft de standaard in de catalogus opgenomen" in html


def test_an_unknown_entry_is_not_found(client):
    assert client.get("/catalogue/bestaat-niet").status_code == 404


def test_a_hidden_origin_pilot_is_not_linked(client, make_entry, app):
    entry = make_entry()
    entry.origin_project.hidden_at = utcnow()
    html = page(client.get(f"/catalogue/{entry.slug}"))
    assert f"/projects/{entry.origin_project.slug}" not in html
    assert "Niet openbaar" in html


# --- Editing and the lifecycle ---------------------------------------------------------------


def test_a_curator_edits_an_entry_and_it_is_recorded(make_entry, curator):
    entry = make_entry(name="Oud")
    data = EntryData(
        name="Nieuw",
        description="Tekst",
        maintainer="GM0344",
        version="1.1",
        standard_since=entry.standard_since,
        themes=["social_domain"],
    )
    changed = catalogue.update(entry, curator, data, entry.revision)
    assert set(changed) == {"name", "description", "version"}
    event = db.session.scalar(select(Event).where(Event.verb == "catalogue_entry_edited"))
    assert (event.subject_type, event.subject_id) == ("catalogue_entry", entry.id)


def test_members_cannot_edit_entries_and_the_attempt_is_logged(
    client, login, make_entry, make_user, caplog
):
    entry = make_entry(name="Onveranderd")
    login(make_user(org="GM0014"))
    with caplog.at_level(logging.WARNING, logger="registry.security"):
        assert client.get(f"/catalogue/{entry.slug}/edit").status_code == 403
        response = client.post(
            f"/catalogue/{entry.slug}/edit",
            data={"name": "Gekaapt", "version": "9", "maintainer": "GM0014", "revision": 1},
        )
        assert response.status_code == 403
        status = client.post(
            f"/catalogue/{entry.slug}/status",
            data={"status": "withdrawn", "status_reason": REASON, "revision": 1},
        )
        assert status.status_code == 403
    entry = db.session.get(CatalogueEntry, entry.id)
    assert (entry.name, entry.status) == ("Onveranderd", "active")
    messages = [r.getMessage() for r in caplog.records if r.name == "registry.security"]
    assert len(messages) == 3
    assert any("catalogue.status" in m for m in messages)


def test_editing_over_http(client, login, make_entry, curator):
    entry = make_entry(name="Oud")
    login(curator)
    form = page(client.get(f"/catalogue/{entry.slug}/edit"))
    assert 'value="Oud"' in form
    response = client.post(
        f"/catalogue/{entry.slug}/edit",
        data={
            "name": "Nieuw",
            "description": "Beschrijving",
            "maintainer": "GM0344",
            "version": "2.0",
            "standard_since": "2025-01-01",
            "themes": ["social_domain"],
            "revision": entry.revision,
        },
    )
    assert response.status_code == 302
    assert db.session.get(CatalogueEntry, entry.id).version == "2.0"


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(client, login, make_entry, curator):
    entry = make_entry(name="Oud")
    stale = entry.revision
    catalogue.update(
        entry,
        curator,
        EntryData(
            name="Tussendoor",
            maintainer="GM0344",
            standard_since=entry.standard_since,
            themes=["social_domain"],
        ),
        stale,
    )
    login(curator)
    response = client.post(
        f"/catalogue/{entry.slug}/edit",
        data={
            "name": "Mijn versie",
            "maintainer": "GM0344",
            "version": "1.0",
            "standard_since": "2025-01-01",
            "revision": stale,
        },
    )
    assert response.status_code == 409
    assert "intussen gewijzigd" in page(response)
    assert db.session.get(CatalogueEntry, entry.id).name == "Tussendoor"


def test_the_lifecycle_goes_active_deprecated_with_successor_then_withdrawn(make_entry, curator):
    old = make_entry(name="Oud")
    new = make_entry(name="Nieuw")
    catalogue.change_status(old, curator, "deprecated", REASON, successor_slug=new.slug)
    assert (old.status, old.successor, old.status_reason) == ("deprecated", new, REASON)
    catalogue.change_status(old, curator, "withdrawn", "Niemand gebruikt hem nog meer.")
    assert old.status == CatalogueStatus.WITHDRAWN
    assert old.successor == new  # the way forward stays visible
    verbs = list(
        db.session.scalars(
            select(Event.payload).where(
                Event.verb == "catalogue_status_changed", Event.subject_id == old.id
            )
        )
    )
    assert [p["status"] for p in verbs] == ["deprecated", "withdrawn"]


@pytest.mark.parametrize(
    ("start", "target"),
    [("withdrawn", "active"), ("withdrawn", "deprecated"), ("deprecated", "active")],
)
def test_the_lifecycle_only_moves_forward(make_entry, curator, start, target):
    entry = make_entry(status=start)
    with pytest.raises(Invalid):
        catalogue.change_status(entry, curator, target, REASON)
    assert entry.status == start


def test_a_status_change_needs_a_reason(make_entry, curator):
    entry = make_entry()
    with pytest.raises(Invalid) as caught:
        catalogue.change_status(entry, curator, "deprecated", "kort")
    assert caught.value.field == "status_reason"


@pytest.mark.parametrize("successor", ["self", "withdrawn", "missing"])
def test_the_successor_must_be_another_active_entry(make_entry, curator, successor):
    entry = make_entry()
    slugs = {
        "self": entry.slug,
        "withdrawn": make_entry(status="withdrawn").slug,
        "missing": "bestaat-niet",
    }
    with pytest.raises(Invalid) as caught:
        catalogue.change_status(
            entry, curator, "deprecated", REASON, successor_slug=slugs[successor]
        )
    assert caught.value.field == "successor"
    assert entry.status == "active"


def test_only_curators_change_the_status(make_entry, make_user):
    entry = make_entry()
    with pytest.raises(NotAllowed):
        catalogue.change_status(entry, make_user(org="GM0014"), "withdrawn", REASON)


def test_a_stale_status_change_is_a_conflict(make_entry, curator):
    entry = make_entry()
    with pytest.raises(Conflict):
        catalogue.change_status(entry, curator, "deprecated", REASON, revision=entry.revision - 1)


def test_deprecating_over_http_shows_the_successor_on_the_page(client, login, make_entry, curator):
    old = make_entry(name="Oude aanpak")
    new = make_entry(name="Nieuwe aanpak")
    login(curator)
    form = page(client.get(f"/catalogue/{old.slug}/status"))
    assert 'name="status_reason"' in form
    response = client.post(
        f"/catalogue/{old.slug}/status",
        data={
            "status": "deprecated",
            "status_reason": REASON,
            "successor": new.slug,
            "revision": old.revision,
        },
    )
    assert response.status_code == 302
    html = page(client.get(f"/catalogue/{old.slug}"))
    assert "Deze standaard is verouderd" in html
    assert f'href="/catalogue/{new.slug}"' in html
    assert REASON in html
    assert "Opvolger van" in page(client.get(f"/catalogue/{new.slug}"))


def test_a_status_change_without_reason_over_http_is_refused(client, login, make_entry, curator):
    entry = make_entry()
    login(curator)
    response = client.post(
        f"/catalogue/{entry.slug}/status",
        data={"status": "withdrawn", "status_reason": "", "revision": entry.revision},
    )
    assert 'id="status_reason-error"' in page(response)
    assert db.session.get(CatalogueEntry, entry.id).status == "active"


# --- The pilot page's partial ---------------------------------------------------------------


def render_status(app, project) -> str:
    with app.test_request_context("/"):
        page = PilotPage.of(project, None)
        return render_template(
            "projects/_promotion_status.html", promotion=page.promotion, header=page.header
        )


def test_the_pilot_partial_shows_the_catalogue_badge(app, make_entry):
    entry = make_entry()
    html = render_status(app, entry.origin_project)
    assert "In de catalogus" in html
    assert f'href="/catalogue/{entry.slug}"' in html


def test_the_pilot_partial_says_a_nomination_is_under_review(app, make_nomination):
    nomination = make_nomination(state=NominationState.IN_REVIEW)
    html = render_status(app, nomination.project)
    assert "Voorgedragen, in behandeling" in html
    assert "hebben beoordeeld (3 nodig)" in html


def test_the_pilot_partial_shows_the_checklist_and_a_nomination_link(app, make_project):
    project = make_project()
    html = render_status(app, project)
    assert "0 organisaties hebben beoordeeld (3 nodig)" in html
    assert f'href="/projects/{project.slug}/nominate"' in html


def test_the_pilot_partial_explains_a_returned_nomination(app, make_nomination):
    nomination = make_nomination(
        state=NominationState.RETURNED, rationale=RATIONALE, decided_at=utcnow()
    )
    html = render_status(app, nomination.project)
    assert "teruggegeven" in html
    assert RATIONALE in html


@pytest.mark.postgres_only
def test_an_adoption_committed_while_a_pilot_is_promoted_is_counted(
    curator, make_nomination, make_org
):
    """The adoption holds the pilot's lock; the promotion waits for it, then counts it.

    PostgreSQL only: SQLite lets one writer at a time in, so nothing interleaves.
    """
    import threading

    from sqlalchemy import insert

    from registry.models import Adoption, Nomination, Project

    project_id = make_nomination(state=NominationState.IN_REVIEW).project_id
    utrecht = make_org("GM0344")
    db.session.commit()
    nomination = db.session.scalar(select(Nomination).where(Nomination.project_id == project_id))
    other = db.engine.connect()
    transaction = other.begin()
    other.execute(
        select(Project.__table__.c.id)
        .where(Project.__table__.c.id == project_id)
        .with_for_update(key_share=True)  # as `scores.lock` takes it for an adoption
    )
    other.execute(
        insert(Adoption.__table__).values(
            project_id=project_id,
            organisation_id=utrecht.id,
            status="in_use",
            created_at=utcnow(),
            updated_at=utcnow(),
        )
    )
    adopted = threading.Timer(0.5, transaction.commit)
    adopted.start()
    try:
        entry = catalogue.create_from_nomination(nomination, curator, None, date(2026, 3, 1))
    finally:
        adopted.join()
        other.close()
    assert entry.adopter_count == 1
