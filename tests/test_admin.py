"""The admin pages: only for admins; placing accounts, roles and e-mail domains."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import Event, Organisation, OrganisationDomain, User
from registry.models.vocab import Role


@pytest.fixture
def admin(make_user, login):
    return login(make_user(org="vng", role=Role.ADMIN, name="Beheerder"))


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/admin")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("role", [Role.MEMBER, Role.CURATOR])
def test_non_admins_get_403_everywhere(client, make_user, make_org, login, role):
    login(make_user(role=role))
    pending = make_user(org=None)
    make_org("GM0363")
    db.session.commit()
    for path in [
        "/admin",
        "/admin/users",
        "/admin/organisations",
        "/admin/organisations/GM0363/domains",
    ]:
        response = client.get(path)
        assert response.status_code == 403, path
        assert "Alleen beheerders" in response.get_data(as_text=True)
    response = client.post(
        f"/admin/accounts/{pending.id}/place", data={"organisation": "GM0363", "role": "admin"}
    )
    assert response.status_code == 403
    assert fresh(User, pending.id).organisation_id is None
    response = client.post("/admin/organisations/GM0363/domains", data={"domain": "amsterdam.nl"})
    assert response.status_code == 403
    assert db.session.scalar(select(OrganisationDomain)) is None


def test_admin_sees_the_nav_link_and_pending_accounts(client, admin, make_user):
    make_user(org=None, name="Wachtende Piet", email="piet@gmail.com")
    make_user(org=None, name="Onbevestigde Kees", verified=False)
    db.session.commit()
    html = client.get("/admin").get_data(as_text=True)
    assert 'href="/admin"' in html
    assert "Wachtende Piet" in html
    assert "piet@gmail.com" in html
    assert "Onbevestigde Kees" not in html


def test_admin_places_a_pending_account_over_http(client, admin, make_user, make_org):
    pending = make_user(org=None, name="Piet")
    make_org("GM0363", "Amsterdam")
    db.session.commit()
    html = client.get("/admin").get_data(as_text=True)
    assert '<option value="GM0363">Amsterdam (GM0363)</option>' in html
    response = client.post(
        f"/admin/accounts/{pending.id}/place", data={"organisation": "GM0363", "role": "curator"}
    )
    assert response.status_code == 302
    placed = fresh(User, pending.id)
    assert placed.organisation.code == "GM0363"
    assert placed.role == Role.CURATOR
    event = db.session.scalar(select(Event).filter_by(verb="placed", subject_id=pending.id))
    assert event.actor_id == admin.id
    assert event.payload["organisation"] == "GM0363"
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Piet is geplaatst bij Amsterdam" in follow
    assert "Er wachten geen accounts" in follow


def test_placing_without_an_organisation_shows_the_error_at_the_field(client, admin, make_user):
    pending = make_user(org=None)
    db.session.commit()
    response = client.post(
        f"/admin/accounts/{pending.id}/place", data={"organisation": "", "role": "member"}
    )
    html = response.get_data(as_text=True)
    assert f'id="organisation-{pending.id}-error"' in html
    assert "Kies een organisatie" in html
    assert fresh(User, pending.id).organisation_id is None


def test_placing_in_an_unknown_organisation_is_refused(client, admin, make_user):
    pending = make_user(org=None)
    db.session.commit()
    client.post(
        f"/admin/accounts/{pending.id}/place", data={"organisation": "GM9999", "role": "member"}
    )
    assert fresh(User, pending.id).organisation_id is None


def test_each_place_form_has_its_own_field_ids(client, admin, make_user):
    a, b = make_user(org=None), make_user(org=None)
    db.session.commit()
    html = client.get("/admin").get_data(as_text=True)
    for account in (a, b):
        assert f'for="organisation-{account.id}"' in html
        assert f'id="organisation-{account.id}"' in html


def test_admin_changes_a_users_role(client, admin, make_user):
    member = make_user(name="Marieke")
    db.session.commit()
    response = client.post(f"/admin/users/{member.id}/role", data={"role": "curator"})
    assert response.status_code == 302
    assert fresh(User, member.id).role == Role.CURATOR
    assert db.session.scalar(select(Event).filter_by(verb="role_changed", subject_id=member.id))


def test_admin_cannot_change_their_own_role(client, admin):
    client.post(f"/admin/users/{admin.id}/role", data={"role": "member"})
    assert fresh(User, admin.id).role == Role.ADMIN


def test_users_page_searches_by_name_and_email(client, admin, make_user):
    make_user(name="Marieke Jansen", email="marieke@utrecht.nl")
    make_user(name="Karel de Boer", email="karel@amsterdam.nl")
    db.session.commit()
    html = client.get("/admin/users?q=utrecht").get_data(as_text=True)
    assert "Marieke Jansen" in html
    assert "Karel de Boer" not in html


def test_admin_adds_and_removes_an_email_domain(client, admin, make_org):
    make_org("GM0363", "Amsterdam")
    db.session.commit()
    response = client.post("/admin/organisations/GM0363/domains", data={"domain": "Amsterdam.NL"})
    assert response.status_code == 302
    org = db.session.scalar(select(Organisation).filter_by(code="GM0363"))
    assert [d.domain for d in org.domains] == ["amsterdam.nl"]
    html = client.get("/admin/organisations/GM0363/domains").get_data(as_text=True)
    assert "amsterdam.nl" in html
    domain_id = org.domains[0].id
    response = client.post(f"/admin/organisations/GM0363/domains/{domain_id}/remove")
    assert response.status_code == 302
    assert fresh(Organisation, org.id).domains == []
    verbs = db.session.scalars(
        select(Event.verb)
        .filter_by(subject_type="organisation", subject_id=org.id)
        .order_by(Event.id)
    ).all()
    assert verbs == ["domain_added", "domain_removed"]


def test_a_domain_of_another_organisation_is_refused_at_the_field(client, admin, make_org):
    make_org("GM0344", "Utrecht", domains=("utrecht.nl",))
    make_org("GM0363", "Amsterdam")
    db.session.commit()
    response = client.post("/admin/organisations/GM0363/domains", data={"domain": "utrecht.nl"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="domain-error"' in html
    assert "Utrecht" in html


def test_removing_another_organisations_domain_is_404(client, admin, make_org):
    utrecht = make_org("GM0344", domains=("utrecht.nl",))
    make_org("GM0363")
    db.session.commit()
    response = client.post(f"/admin/organisations/GM0363/domains/{utrecht.domains[0].id}/remove")
    assert response.status_code == 404
    assert len(fresh(Organisation, utrecht.id).domains) == 1


def test_unknown_organisation_domains_page_is_404(client, admin):
    assert client.get("/admin/organisations/GM9999/domains").status_code == 404


def test_organisations_page_lists_domains_and_searches(client, admin, make_org):
    make_org("GM0344", "Utrecht", domains=("utrecht.nl",))
    make_org("GM0363", "Amsterdam")
    db.session.commit()
    html = client.get("/admin/organisations?q=utr").get_data(as_text=True)
    assert "utrecht.nl" in html
    assert "Amsterdam" not in html


@pytest.mark.parametrize("path", ["/admin", "/admin/users", "/admin/organisations"])
def test_admin_lists_use_a_bounded_number_of_queries(
    client, admin, make_user, make_org, count_queries, path
):
    def statements(n: int) -> int:
        for i in range(n):
            org = make_org(f"GM8{i:03d}", domains=(f"gemeente{i}.nl",))
            make_user(org=org)
            make_user(org=None)
        db.session.commit()
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter.count

    few = statements(25)  # more than a page, so both runs paginate
    many = statements(175)
    assert many <= few
