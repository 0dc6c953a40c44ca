"""A registration submitted twice, from the reception form or the API, makes one petition."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from casework.models import Petition
from casework.views.intake import secret_session_key

from .test_api import DENOUNCER as API_SIGNER
from .test_api import LIST, client_for
from .test_intake_views import CREATE, intake_data

pytestmark = pytest.mark.django_db


def test_the_form_submitted_twice_registers_once_and_shows_the_secret_once(
    client, tree, reception_officer
):
    client.force_login(reception_officer)
    key = client.get(CREATE).context["form"]["registration_key"].value()
    assert key
    data = intake_data(tree.commune, registration_key=key)
    first = client.post(CREATE, data)
    petition = Petition.objects.get()
    assert first.url == reverse("casework:petition-receipt", args=[petition.pk])
    assert client.get(first.url).context["secret"]  # handed over with the first receipt
    second = client.post(CREATE, data)
    assert second.status_code == 302 and second.url == first.url
    assert Petition.objects.count() == 1
    assert secret_session_key(petition.pk) not in client.session
    assert client.get(second.url).context["secret"] is None
    assert [str(m) for m in get_messages(second.wsgi_request)]


def test_each_showing_of_the_form_gets_its_own_key(client, reception_officer):
    client.force_login(reception_officer)
    first = client.get(CREATE).context["form"]["registration_key"].value()
    assert first != client.get(CREATE).context["form"]["registration_key"].value()


def test_the_api_retried_with_the_same_key_answers_the_first_petition(tree, reception_officer):
    body = {
        "unit": tree.commune.pk,
        "channel": "post",
        "kind": "complaint",
        "title": "Tranh chấp đất với hộ liền kề",
        "content": "Hộ liền kề lấn chiếm 20 m² đất ở.",
        "received_on": "2026-11-23",
        "signers": [API_SIGNER],
    }
    api = client_for(reception_officer)
    first = api.post(LIST, body, format="json", HTTP_IDEMPOTENCY_KEY="retry-1")
    again = api.post(LIST, body, format="json", HTTP_IDEMPOTENCY_KEY="retry-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"] and again.json()["secret"] == ""
    assert first.json()["secret"]
    assert Petition.objects.count() == 1
    assert api.post(LIST, body, format="json").status_code == 201
