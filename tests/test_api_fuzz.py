"""schemathesis against /api/v1/openapi.json: every endpoint, with generated (and invalid)
parameters, must answer without a 500 and as its schema says.

Driven through schemathesis's Python API with hypothesis rather than its pytest plugin,
which does not load under pytest 9."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.specs.openapi.checks import positive_data_acceptance

from companies.models import Mention

from .factories import ArticleFactory, CompanyFactory
from .test_rights_matrix import LEVELS, make_article

pytestmark = pytest.mark.django_db
EXAMPLES = 80  # per endpoint and per mode (valid parameters, then invalid ones)


@pytest.fixture
def api_schema(settings):
    settings.API_ANONYMOUS_RATE_PER_MINUTE = 1_000_000
    for level in LEVELS:
        make_article(level)
    company = CompanyFactory(slug="fuzz-co", ticker="FZ")
    for i in range(5):
        article = ArticleFactory(slug=f"fuzz-story-{i}", tags=["ai", f"t{i}"])
        Mention.objects.create(article=article, company=company)
    from django.core import signals
    from django.db import close_old_connections

    from newsroom.wsgi import application

    # As Django's test client does: a request's end must not close the connection that
    # holds the test's transaction (PostgreSQL would lose it).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def operations(schema):
    found = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in found} >= {
        "/api/v1/articles",
        "/api/v1/articles/{slug}",
        "/api/v1/companies",
        "/api/v1/companies/{slug}",
        "/api/v1/tags",
        "/api/v1/sources",
    }
    return found


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_api_matches_its_openapi_document(api_schema, mode):
    from schemathesis.generation import GenerationMode

    generation = GenerationMode.POSITIVE if mode == "positive" else GenerationMode.NEGATIVE
    tried, unsatisfiable = {}, []
    for operation in operations(api_schema):
        try:
            fuzz(operation, generation, tried)
        except Unsatisfiable:
            # Only string parameters, and a query string carries any string: nothing about
            # the request can be made invalid (the companies list's limit and cursor, say).
            assert mode == "negative", operation.path
            unsatisfiable.append(operation.path)
    # Endpoints without parameters have one request to make; the others get the full count.
    assert tried["/api/v1/articles"] >= EXAMPLES // 2, tried


def fuzz(operation, generation, tried: dict) -> None:
    @given(case=operation.as_strategy(generation_mode=generation))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    def run(case):
        tried[operation.path] = tried.get(operation.path, 0) + 1
        response = case.call()
        assert response.status_code < 500, (case.formatted_path, response.text[:500])
        # Valid-looking values the data does not hold (an unknown tag's slug, a date string
        # that is no date) are refused with a 400 problem on purpose, so the check that
        # schema-valid input is always accepted does not apply.
        case.validate_response(response, excluded_checks=[positive_data_acceptance])

    run()
