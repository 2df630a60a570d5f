"""`/healthz`: JSON for every state of the host, with the failing component named."""

from __future__ import annotations

from datetime import timedelta

from registry.extensions import db
from registry.models import SearchOutbox, utcnow


def test_a_healthy_host_reports_every_component(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.is_json
    assert response.json["status"] == "ok"
    assert set(response.json["components"]) == {
        "database",
        "search_index",
        "search_changes",
        "mail",
    }


def test_search_changes_waiting_longer_than_five_minutes_make_the_host_degraded(client):
    db.session.add(
        SearchOutbox(kind="project", object_id=1, created_at=utcnow() - timedelta(minutes=6))
    )
    response = client.get("/healthz")
    assert response.status_code == 200  # the host still serves pages; monitoring should act
    assert response.json["status"] == "degraded"
    changes = response.json["components"]["search_changes"]
    assert changes["status"] == "degraded"
    assert changes["pending"] == 1
    assert changes["oldest_seconds"] >= 360


def test_a_fresh_search_change_is_not_a_problem(client):
    db.session.add(SearchOutbox(kind="project", object_id=1))
    assert client.get("/healthz").json["components"]["search_changes"]["status"] == "ok"


def test_a_search_index_folder_that_cannot_be_written_makes_the_host_degraded(app, client):
    blocked = app.instance_path + "/not-a-folder"
    with open(blocked, "w") as file:
        file.write("a file where the index folder should be")
    app.config["SEARCH_INDEX_DIR"] = blocked
    response = client.get("/healthz")
    assert response.is_json
    assert response.json["status"] == "degraded"
    assert response.json["components"]["search_index"]["status"] == "degraded"
