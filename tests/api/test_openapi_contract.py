"""The running API checked against its OpenAPI document by schemathesis: every documented
operation, with generated valid and invalid input, must answer as the document says."""

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, settings

from api import openapi
from profiles.models import JobProfile

# The document the API serves at /api/openapi.json (test_api checks that it serves it).
# schemathesis' lazy loader, which would fetch it from the live server, does not run on pytest 9.
schema = schemathesis.openapi.from_dict(openapi.document())


@pytest.fixture
def api_url(live_server, transactional_db, settings):
    call_command("load_content", verbosity=0)
    # A draft, so that generated slugs can meet one and must get 404 for it.
    JobProfile.objects.filter(slug="medical-secretary").update(status=JobProfile.Status.DRAFT)
    settings.API_RATE_LIMIT = 100_000
    return f"{live_server.url}/api"


@schema.parametrize()
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_its_openapi_document_says(case, api_url):
    case.call_and_validate(base_url=api_url)
