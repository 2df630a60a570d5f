"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from registry import create_app
from registry.extensions import db
from registry.models.base import made_on
from tests.conftest import base_test_config, skip_or_fail


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database_url(request, tmp_path, postgres_server):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite'}"
    if postgres_server is None:
        skip_or_fail("PostgreSQL not reachable for the migration test")
    return postgres_server.create_database()


def test_upgrade_from_empty_matches_the_models(empty_database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("REGISTRY_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({**base_test_config(tmp_path), "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            options = {
                "compare_type": True,
                "render_as_batch": True,
                "include_object": made_on(conn.dialect.name),
            }
            context = MigrationContext.configure(conn, opts=options)
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        downgrade(revision="base")
        upgrade()
        db.engine.dispose()
