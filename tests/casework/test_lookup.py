import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from casework import reception
from casework.models import Disclosure
from casework.services.intake import SignerData

pytestmark = pytest.mark.django_db

LOOKUP = reverse("casework:citizen-lookup")


def vi(msgid: str) -> str:
    """Pages open in Vietnamese: compare with the catalogue's wording of the message."""
    with translation.override("vi"):
        return translation.gettext(msgid)


GENERIC = "No case matches this tracking code and secret. Check both and try again."
DENOUNCER = SignerData(
    full_name="Trần Thị Tố",
    id_number="001190054321",
    phone="0987654321",
    address="Số 9 ngõ 3, xã An Bình",
)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def receive(tree, reception_officer):
    def receive(kind="complaint"):
        return reception.petition_start(
            actor=reception_officer,
            unit=tree.commune,
            channel="in_person",
            kind=kind,
            title="Cán bộ thôn thu tiền sai quy định",
            content="Trưởng thôn thu mỗi hộ 200.000 đồng không có biên lai.",
            received_on=timezone.localdate(),
            signers=[DENOUNCER],
        )

    return receive


def test_the_lookup_page_opens_without_logging_in(client):
    response = client.get(LOOKUP)
    assert response.status_code == 200
    assert response.context["petition"] is None


def test_the_right_code_and_secret_show_where_the_case_stands(client, receive):
    receipt = receive()
    petition = receipt.petition
    typed = petition.tracking_code.lower().replace("-", " ")
    response = client.post(LOOKUP, {"tracking_code": typed, "secret": receipt.secret})
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["petition"] == petition
    assert petition.get_state_display() in page
    assert str(response.context["step"]) == vi("The committee is examining your petition.")
    assert response.context["due"] == petition.classify_due


@pytest.mark.parametrize("wrong", ["code", "secret"])
def test_a_wrong_code_or_secret_gets_the_same_message(client, receive, wrong):
    receipt = receive()
    code = "ZZZZ-ZZZZ" if wrong == "code" else receipt.petition.tracking_code
    secret = "000000" if receipt.secret != "000000" else "111111"
    secret = receipt.secret if wrong == "code" else secret
    response = client.post(LOOKUP, {"tracking_code": code, "secret": secret})
    assert response.status_code == 400
    assert response.context["petition"] is None
    assert vi(GENERIC) in response.content.decode()


def test_the_sixth_try_after_five_failures_is_refused_even_with_the_right_secret(client, receive):
    receipt = receive()
    code = receipt.petition.tracking_code
    wrong = "000000" if receipt.secret != "000000" else "111111"
    for _ in range(5):
        assert client.post(LOOKUP, {"tracking_code": code, "secret": wrong}).status_code == 400
    response = client.post(LOOKUP, {"tracking_code": code, "secret": receipt.secret})
    assert response.status_code == 429
    assert response.context["refused"]
    assert response.context["petition"] is None
    assert vi("Too many unsuccessful tries. Wait ten minutes and try again.") in (
        response.content.decode()
    )


def test_failures_in_one_browser_do_not_lock_out_another(client, receive):
    receipt = receive()
    code = receipt.petition.tracking_code
    for _ in range(5):
        client.post(LOOKUP, {"tracking_code": "ZZZZ-ZZZZ", "secret": "123456"})
    other = Client()
    response = other.post(LOOKUP, {"tracking_code": code, "secret": receipt.secret})
    assert response.status_code == 200


def test_a_denunciation_lookup_never_shows_the_denouncer(client, receive):
    receipt = receive("denunciation")
    response = client.post(
        LOOKUP, {"tracking_code": receipt.petition.tracking_code, "secret": receipt.secret}
    )
    page = response.content.decode()
    assert response.status_code == 200
    for value in ("Trần Thị Tố", "001190054321", "0987654321", "Số 9 ngõ 3"):
        assert value not in page


def test_a_published_summary_is_shown_to_the_citizen(client, receive, reception_officer):
    receipt = receive()
    Disclosure.objects.create(
        petition=receipt.petition,
        summary="UBND xã đã yêu cầu hoàn trả tiền thu sai.",
        prepared_by=reception_officer,
        published_at=timezone.now(),
    )
    response = client.post(
        LOOKUP, {"tracking_code": receipt.petition.tracking_code, "secret": receipt.secret}
    )
    assert "UBND xã đã yêu cầu hoàn trả tiền thu sai." in response.content.decode()


def test_an_unpublished_summary_is_not_shown(client, receive, reception_officer):
    receipt = receive()
    Disclosure.objects.create(
        petition=receipt.petition, summary="Bản nháp nội bộ.", prepared_by=reception_officer
    )
    response = client.post(
        LOOKUP, {"tracking_code": receipt.petition.tracking_code, "secret": receipt.secret}
    )
    assert "Bản nháp nội bộ." not in response.content.decode()
