"""schemathesis over the whole OpenAPI document, in-process, with and without a token.

Every operation gets a handful of generated requests (valid and invalid
data); every answer must be no 5xx and must conform to the document: its
status, content type, headers and body schema. Kept small (`max_examples`)
so the suite stays fast; the bad-input cases that matter most have their
own tests in test_api_input.py.
"""

from __future__ import annotations

import os
import traceback

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import CHECKS

from registry.extensions import db
from tests.api_support import bearer, token_for

SETTINGS = settings(
    # A few per operation keeps the suite fast; API_FUZZ_EXAMPLES=200 for a deeper run.
    max_examples=int(os.environ.get("API_FUZZ_EXAMPLES", "4")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _fuzz(app, headers: dict[str, str]) -> None:
    """Run every operation's examples; fail once, naming every operation that failed."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # With a token, schemathesis takes the header for one it generated and expects a
    # refusal; the token is valid on purpose here. The run without a token, and
    # test_api_writes.py, prove that writes refuse a missing or dead token.
    # And the services' rules (partners that exist, an end after the start, someone
    # else's pilot to rate) cannot be said in a schema: a schema-valid request may well
    # be refused with a documented 422, so "valid data is accepted" does not hold here.
    excluded = CHECKS.get_by_names(
        ["positive_data_acceptance", *(["ignored_auth"] if headers else [])]
    )
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @SETTINGS
        def run(case) -> None:
            # Each call in an app context of its own, as in production: its own session and `g`.
            case.headers = {**(case.headers or {}), **headers}
            with app.app_context():
                case.call_and_validate(excluded_checks=excluded)

        try:
            run()
        except Exception as failure:  # collected, then reported together
            where = "".join(traceback.format_exception(failure)[-4:])
            failures.append(f"{operation.label}: {failure}\n{where}")
    assert not failures, "\n\n".join(failures)


@pytest.fixture
def published_data(app, make_project, make_entry) -> None:
    make_project(owner="GM0344", slug="openbaar", title="Openbare pilot")
    make_project(owner="GM0344", slug="concept", title="Concept", published=False)
    make_entry(make_project(owner="GM0599", slug="standaard-pilot"))
    db.session.commit()


def test_every_answer_conforms_without_a_token(app, published_data):
    _fuzz(app, {})


def test_every_answer_conforms_with_a_token(app, published_data, make_user):
    _fuzz(app, bearer(token_for(make_user(org="GM0363"))))
