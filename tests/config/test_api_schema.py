"""The API answers as its OpenAPI schema says: schemathesis generates requests for every
operation from /api/schema/ (loaded from the app itself through WSGI) and checks that none is a
server error and that every response has a documented status, content type and shape.

Bounded so the run takes a minute or two: a few examples per operation, no deadline."""

import datetime as dt

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from casework import reception
from casework.services.intake import SignerData
from config.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# Read through the app itself, as a client would: generating it needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def petition(db, tree, reception_officer, case_officer):
    return reception.petition_start(
        actor=reception_officer,
        unit=tree.commune,
        channel="in_person",
        kind="complaint",
        title="Tranh chấp ranh giới đất",
        content="Hộ liền kề lấn chiếm 20 m² đất ở.",
        received_on=dt.date(2026, 11, 23),
        signers=[SignerData(full_name="Nguyễn Văn Tố", id_number="001090012345")],
    ).petition


@pytest.fixture(autouse=True)
def _connection_kept_between_requests():
    """The test runs inside a transaction; Django closes a connection in a transaction at the
    end of each request, which Django's own test client prevents in the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(reception_officer) -> str:
    return Token.objects.create(user=reception_officer).key


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_answers_as_its_schema_says(case, petition, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
