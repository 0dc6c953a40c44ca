"""An ID number is checked the same way at the reception form and in the API: one validator
(`casework.validators.id_number_or_blank`), spaces and dots between digits allowed, the digits
alone stored."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from casework.models import Petition

from .test_intake_views import intake_data

pytestmark = pytest.mark.django_db

TYPED = "001.090 012.345"
STORED = "001090012345"
NOT_A_NUMBER = "001-090-012-345"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _api_register(user, tree, id_number: str):
    client = APIClient()
    client.force_authenticate(user=user)
    body = {
        "unit": tree.commune.pk,
        "channel": "in_person",
        "kind": "complaint",
        "title": "Tranh chấp ranh giới đất",
        "content": "Hộ liền kề lấn chiếm 20 m² đất ở.",
        "received_on": timezone.localdate().isoformat(),
        "signers": [{"full_name": "Nguyễn Văn Tố", "id_number": id_number}],
    }
    return client.post("/api/v1/petitions/", body, format="json")


def _form_register(client, user, tree, id_number: str):
    client.force_login(user)
    signer = {"full_name": "Nguyễn Văn Tố", "id_number": id_number, "phone": ""}
    return client.post("/cases/petitions/new/", intake_data(tree.commune, signers=(signer,)))


def _stored_id_number() -> str:
    return Petition.objects.get().signers.get().petitioner.id_number


def test_the_form_accepts_an_id_number_with_spaces_and_dots_and_stores_the_digits(
    client, reception_officer, tree
):
    response = _form_register(client, reception_officer, tree, TYPED)
    assert response.status_code == 302
    assert _stored_id_number() == STORED


def test_the_api_accepts_an_id_number_with_spaces_and_dots_and_stores_the_digits(
    reception_officer, tree
):
    response = _api_register(reception_officer, tree, TYPED)
    assert response.status_code == 201, response.content
    assert _stored_id_number() == STORED


def test_the_form_and_the_api_refuse_a_bad_id_number_with_the_same_message(
    client, reception_officer, tree
):
    form = _form_register(client, reception_officer, tree, NOT_A_NUMBER)
    api = _api_register(reception_officer, tree, NOT_A_NUMBER)

    assert form.status_code == 400
    assert api.status_code == 400
    form_errors = form.context["signers"].forms[0].errors["id_number"]
    signer_errors = api.json()["signers"]
    first = signer_errors[0] if isinstance(signer_errors, list) else signer_errors["0"]
    assert first["id_number"] == form_errors
    assert not Petition.objects.exists()


@pytest.mark.parametrize("id_number", ["001 090 012 34", "079.203.001.234.5", "9999999999"])
def test_a_number_of_the_wrong_length_is_refused_by_both(
    client, reception_officer, tree, id_number
):
    assert _form_register(client, reception_officer, tree, id_number).status_code == 400
    assert _api_register(reception_officer, tree, id_number).status_code == 400
