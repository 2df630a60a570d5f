"""The PostgreSQL search schema in the test database, by the real migration.

The shared test database is built from the models (`create_all`); the search
tables are not models, so migration 0005 itself is run on it, once.
"""

from __future__ import annotations

import importlib.util
from functools import cache

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

from tests.conftest import ROOT

MIGRATION = ROOT / "migrations" / "versions" / "0005_postgres_search.py"


def _migration():
    spec = importlib.util.spec_from_file_location("migration_0005", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def install_search_schema(url: str) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            if connection.scalar(sa.text("SELECT to_regclass('search.document')")) is None:
                with Operations.context(MigrationContext.configure(connection)):
                    _migration().upgrade()
    finally:
        engine.dispose()
