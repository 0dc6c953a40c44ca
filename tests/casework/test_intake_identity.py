"""Reception and a denouncer's identity (issue 10): registering never merges people across
cases, the two lookups the form calls take identity values by POST and never point at a
protected case the officer may not see, and the receipt renders through the identity module."""

import contextlib
import json

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.views.debug import SafeExceptionReporterFilter
from rest_framework.test import APIClient

from casework import reception
from casework.models import Disclosure, IdentityGrant, IdentityView, Petition, Petitioner
from casework.services.intake import SignerData
from casework.views import intake as intake_views
from notifications.models import Notification
from workflows import acting

from ..factories import UserFactory, grant
from .test_intake_views import CREATE, intake_data

pytestmark = pytest.mark.django_db

LOOKUP = reverse("casework:petitioner-lookup")
DUPLICATES = reverse("casework:petition-duplicates")

DENOUNCER = SignerData(
    full_name="Phan Thị Bí Mật",
    id_number="001195099887",
    phone="0977123456",
    address="Số 99 phố Hàng Đào",
    email="bimat@example.vn",
)
DENUNCIATION_TITLE = "Tố cáo của Phan Thị Bí Mật về trưởng thôn thu tiền sai"
SECRETS = ("Phan Thị Bí Mật", "001195099887", "0977123456", "Hàng Đào", "bimat@example.vn")


def vi(msgid: str) -> str:
    with translation.override("vi"):
        return translation.gettext(msgid)


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def denunciation(tree, reception_officer):
    return reception.petition_start(
        actor=reception_officer,
        unit=tree.commune,
        channel="in_person",
        kind="denunciation",
        title=DENUNCIATION_TITLE,
        content="Trưởng thôn thu mỗi hộ 200.000 đồng không có biên lai.",
        received_on=timezone.localdate(),
        signers=[DENOUNCER],
    ).petition


@pytest.fixture
def second_officer(tree):
    """A reception officer of the same committee with no grant on the denunciation."""
    user = UserFactory(username="tiepdan2")
    grant(user, tree.commune, "reception_officer")
    return user


def assert_no_secret(text: str) -> None:
    decoded = json.dumps(json.loads(text), ensure_ascii=False) if text[:1] in "{[" else text
    for secret in SECRETS:
        assert secret not in decoded


def post_json(client, url, data) -> dict:
    response = client.post(url, data)
    assert response.status_code == 200, response.content
    return response.json()


# Registering never merges people across cases ---------------------------------------------


def test_a_petition_with_a_denouncers_id_number_gets_none_of_the_denouncers_details(
    client, denunciation, second_officer, tree
):
    client.force_login(second_officer)
    other = {
        "full_name": "Trần Văn Khác",
        "id_number": DENOUNCER.id_number,
        "phone": "",
        "address": "",
        "email": "",
    }
    response = client.post(CREATE, intake_data(tree.commune, kind="feedback", signers=[other]))
    assert response.status_code == 302
    feedback = Petition.objects.exclude(pk=denunciation.pk).get()
    person = feedback.signers.get().petitioner

    assert person.full_name == "Trần Văn Khác"
    assert (person.phone, person.address, person.email) == ("", "", "")
    # The ID number is the officer's own typing; nothing else of the denouncer's may show.
    for page in (feedback.get_absolute_url(), response["Location"]):
        shown = client.get(page).content.decode()
        for secret in SECRETS:
            if secret != DENOUNCER.id_number:
                assert secret not in shown


def test_registering_a_petition_never_renames_another_cases_signer(
    client, denunciation, second_officer, tree
):
    client.force_login(second_officer)
    other = {"full_name": "Trần Văn Khác", "id_number": DENOUNCER.id_number, "phone": "0900111222"}
    client.post(CREATE, intake_data(tree.commune, kind="feedback", signers=[other]))

    signer = denunciation.signers.get().petitioner
    signer.refresh_from_db()
    assert (signer.full_name, signer.phone, signer.address, signer.email) == (
        DENOUNCER.full_name,
        DENOUNCER.phone,
        DENOUNCER.address,
        DENOUNCER.email,
    )
    assert signer.history.count() == 1


def test_each_petition_keeps_its_own_signer_rows_even_for_the_same_person(
    client, reception_officer, tree
):
    client.force_login(reception_officer)
    client.post(CREATE, intake_data(tree.commune))
    client.post(CREATE, intake_data(tree.commune, title="Đường ngõ 42 hư hỏng"))
    first, second = Petition.objects.order_by("pk")
    assert first.signers.get().petitioner_id != second.signers.get().petitioner_id
    assert Petitioner.objects.filter(id_number="001090012345").count() == 2


def test_the_same_id_number_twice_on_one_petition_is_refused_by_the_api_too(
    tree, reception_officer
):
    twice = {"full_name": "Lê Văn A", "id_number": "001090012345"}
    response = _api(reception_officer).post(
        "/api/v1/petitions/", _api_body(tree, signers=[twice, twice]), format="json"
    )
    assert response.status_code == 400
    assert Petition.objects.count() == 0


# The petitioner lookup -------------------------------------------------------------------


def test_the_petitioner_lookup_takes_identity_values_by_post_only(client, reception_officer):
    client.force_login(reception_officer)
    assert client.get(LOOKUP, {"q": "001090012345"}).status_code == 405


def test_the_petitioner_lookup_needs_the_csrf_token(reception_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reception_officer)
    assert client.post(LOOKUP, {"q": "001090012345"}).status_code == 403


def test_the_lookup_does_not_show_a_denouncer_and_tells_the_leader_instead(
    client, denunciation, second_officer, leader
):
    client.force_login(second_officer)
    response = client.post(LOOKUP, {"q": "0977 123 456"})
    body = response.json()
    assert body["results"] == []
    assert body["withheld"] == vi(intake_views.WITHHELD_DUPLICATE)
    assert_no_secret(response.content.decode())

    told = Notification.objects.get(recipient=leader)
    assert told.url == denunciation.get_absolute_url()
    for text in (told.message(), told.case_label, told.step):
        assert "Bí Mật" not in text and "0977123456" not in text
        assert DENUNCIATION_TITLE not in text
    assert not IdentityView.objects.filter(user=second_officer).exists()


def test_the_leader_is_told_once_however_often_the_officer_looks_up(
    client, denunciation, second_officer, leader
):
    client.force_login(second_officer)
    for _ in range(3):
        client.post(LOOKUP, {"q": DENOUNCER.id_number})
    assert Notification.objects.filter(recipient=leader).count() == 1


def test_a_granted_officer_sees_the_denouncer_in_the_lookup_and_the_showing_is_recorded(
    client, denunciation, reception_officer
):
    client.force_login(reception_officer)
    before = IdentityView.objects.filter(user=reception_officer).count()
    body = post_json(client, LOOKUP, {"q": DENOUNCER.id_number})
    assert [r["full_name"] for r in body["results"]] == [DENOUNCER.full_name]
    assert "withheld" not in body
    views = IdentityView.objects.filter(user=reception_officer, petition=denunciation)
    assert views.count() == before + 1
    assert views.first().where == "petitioner lookup"


def test_the_lookup_offers_one_person_for_several_visits(client, reception_officer, tree):
    client.force_login(reception_officer)
    client.post(CREATE, intake_data(tree.commune))
    client.post(CREATE, intake_data(tree.commune, title="Đường ngõ 42 hư hỏng"))
    body = post_json(client, LOOKUP, {"q": "001090012345"})
    assert len(body["results"]) == 1


def test_the_lookup_offers_the_unprotected_visit_of_someone_who_also_denounced(
    client, denunciation, second_officer, tree
):
    client.force_login(second_officer)
    same = {**DENOUNCER.__dict__, "full_name": "Phan Thị Bí Mật"}
    client.post(CREATE, intake_data(tree.commune, kind="feedback", signers=[same]))
    body = post_json(client, LOOKUP, {"q": DENOUNCER.id_number})
    # What the officer typed for the feedback is theirs to see again; the denunciation is not.
    assert [r["full_name"] for r in body["results"]] == [DENOUNCER.full_name]
    assert body["withheld"]


# The duplicate check ------------------------------------------------------------------------


def test_the_duplicate_check_takes_identity_values_by_post_only(client, reception_officer, tree):
    client.force_login(reception_officer)
    response = client.get(DUPLICATES, {"unit": tree.commune.pk, "phones": "0912345678"})
    assert response.status_code == 405


def test_the_duplicate_check_does_not_say_which_denunciation_a_phone_filed(
    client, denunciation, second_officer, leader, tree
):
    client.force_login(second_officer)
    response = client.post(DUPLICATES, {"unit": tree.commune.pk, "phones": "0977.123.456"})
    body = response.json()
    assert body["results"] == []
    assert body["withheld"] == vi(intake_views.WITHHELD_DUPLICATE)
    assert denunciation.tracking_code not in response.content.decode()
    assert_no_secret(response.content.decode())
    told = Notification.objects.get(recipient=leader)
    assert told.url == denunciation.get_absolute_url()
    assert DENUNCIATION_TITLE not in told.message()


def test_the_duplicate_check_withholds_a_denunciation_found_by_its_subject_too(
    client, denunciation, second_officer, tree
):
    client.force_login(second_officer)
    body = post_json(
        client, DUPLICATES, {"unit": tree.commune.pk, "title": "trưởng thôn thu tiền sai"}
    )
    assert body["results"] == []
    assert body["withheld"]


def test_a_granted_officer_sees_the_denunciation_among_duplicates_and_it_is_recorded(
    client, denunciation, reception_officer, leader, tree
):
    client.force_login(reception_officer)
    before = IdentityView.objects.filter(user=reception_officer).count()
    body = post_json(client, DUPLICATES, {"unit": tree.commune.pk, "phones": DENOUNCER.phone})
    assert [r["tracking_code"] for r in body["results"]] == [denunciation.tracking_code]
    assert body["results"][0]["title"] == DENUNCIATION_TITLE
    assert "withheld" not in body
    assert IdentityView.objects.filter(user=reception_officer).count() == before + 1
    assert not Notification.objects.filter(recipient=leader).exists()


def test_the_duplicate_check_takes_several_values_of_each_kind(client, reception_officer, tree):
    client.force_login(reception_officer)
    client.post(CREATE, intake_data(tree.commune))
    body = post_json(
        client,
        DUPLICATES,
        {"unit": tree.commune.pk, "phones": ["0900000000", "0912 345 678"], "id_numbers": ""},
    )
    assert len(body["results"]) == 1


# Error reports never carry identity values -------------------------------------------------


@pytest.mark.parametrize(
    "view",
    [
        intake_views.petition_create,
        intake_views.petitioner_lookup,
        intake_views.duplicate_candidates,
    ],
)
def test_error_reports_of_intake_views_hide_what_was_posted(view, reception_officer, tree):
    request = RequestFactory().post("/", {"q": DENOUNCER.id_number, "unit": tree.commune.pk})
    request.user = reception_officer
    request.session = Client().session
    request._dont_enforce_csrf_checks = True
    # Only the marks the decorator leaves on the request matter here, not what the view does.
    with contextlib.suppress(Exception):
        view(request)
    shown = SafeExceptionReporterFilter().get_post_parameters(request)
    assert DENOUNCER.id_number not in str(dict(shown))


# The receipt and protection on request -----------------------------------------------------


def test_the_receipt_scrubs_a_denouncers_name_from_the_subject_for_staff_without_a_grant(
    client, denunciation, case_officer, reception_officer
):
    receipt = reverse("casework:petition-receipt", args=[denunciation.pk])
    client.force_login(case_officer)
    page = client.get(receipt).content.decode()
    assert "Bí Mật" not in page
    assert denunciation.tracking_code in page

    client.force_login(reception_officer)
    assert DENUNCIATION_TITLE in client.get(receipt).content.decode()
    assert IdentityView.objects.filter(
        user=reception_officer, petition=denunciation, where="receipt"
    ).exists()


def test_a_petitioner_may_ask_at_reception_to_keep_their_identity_confidential(
    client, reception_officer, case_officer, tree
):
    client.force_login(reception_officer)
    response = client.post(
        CREATE, intake_data(tree.commune, kind="feedback", protect_identity="on")
    )
    petition = Petition.objects.get()
    assert petition.protect_identity
    assert petition.identity_protected
    assert IdentityGrant.objects.filter(petition=petition, user=reception_officer).exists()
    assert "Nguyễn Văn An" in client.get(response["Location"]).content.decode()

    client.force_login(case_officer)
    page = client.get(response["Location"]).content.decode()
    assert "Nguyễn Văn An" not in page
    assert "001090012345" not in page


def test_the_intake_form_offers_protection_on_request(client, reception_officer):
    client.force_login(reception_officer)
    page = client.get(CREATE).content.decode()
    assert 'name="protect_identity"' in page
    assert escape(vi("Keep the petitioner's identity confidential")) in page


def test_a_petition_is_not_protected_unless_asked(client, reception_officer, tree):
    client.force_login(reception_officer)
    client.post(CREATE, intake_data(tree.commune))
    petition = Petition.objects.get()
    assert not petition.protect_identity
    assert not IdentityGrant.objects.filter(petition=petition).exists()


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def _api_body(tree, **extra) -> dict:
    return {
        "unit": tree.commune.pk,
        "channel": "in_person",
        "kind": "feedback",
        "title": "Đường ngõ 42 hư hỏng",
        "content": "Mặt đường hư hỏng nặng, đọng nước.",
        "received_on": timezone.localdate().isoformat(),
        "signers": [{"full_name": "Lê Văn Dân", "id_number": "001090077777"}],
        **extra,
    }


def test_the_api_registers_a_petition_protected_on_request(tree, reception_officer, case_officer):
    response = _api(reception_officer).post(
        "/api/v1/petitions/", _api_body(tree, protect_identity=True), format="json"
    )
    assert response.status_code == 201, response.content
    petition = Petition.objects.get()
    assert petition.protect_identity
    assert IdentityGrant.objects.filter(petition=petition, user=reception_officer).exists()
    detail = _api(case_officer).get(f"/api/v1/petitions/{petition.pk}/")
    assert "Lê Văn Dân" not in detail.content.decode()


def test_a_part_split_from_a_protected_petition_stays_protected(
    tree, reception_officer, case_officer
):
    petition = reception.petition_start(
        actor=reception_officer,
        unit=tree.commune,
        channel="in_person",
        kind="mixed",
        title="Nhiều việc",
        content="Đường hỏng; trưởng thôn thu tiền sai.",
        received_on=timezone.localdate(),
        signers=[DENOUNCER],
        protect_identity=True,
    ).petition
    acting.act(
        case=petition,
        action="classify",
        actor=case_officer,
        kind="mixed",
        field="land",
        processable=True,
        reason="Đủ điều kiện",
    )
    _, parts = acting.act(
        case=petition,
        action="split",
        actor=case_officer,
        reason="Hai nội dung",
        parts=[
            {"kind": "feedback", "title": "Đường hỏng", "content": "Đường hỏng."},
            {"kind": "complaint", "title": "Thu tiền", "content": "Trưởng thôn thu tiền."},
        ],
    )
    for part in parts:
        assert part.identity_protected
        # The case officer who split it had no grant on the original: none on the parts either;
        # whoever was allowed on the original is allowed on its parts.
        assert not IdentityGrant.objects.filter(petition=part, user=case_officer).exists()
        assert IdentityGrant.objects.filter(petition=part, user=reception_officer).exists()


# The citizen lookup --------------------------------------------------------------------------


def test_the_citizen_lookup_shows_no_one_and_scrubs_a_protected_cases_summary(
    client, tree, reception_officer
):
    receipt = reception.petition_start(
        actor=reception_officer,
        unit=tree.commune,
        channel="in_person",
        kind="denunciation",
        title=DENUNCIATION_TITLE,
        content="Trưởng thôn thu mỗi hộ 200.000 đồng không có biên lai.",
        received_on=timezone.localdate(),
        signers=[DENOUNCER, SignerData(full_name="Lê Văn Đồng Ký", phone="0911000222")],
    )
    # Written directly: publication refuses such a summary, the page must hold even so.
    Disclosure.objects.create(
        petition=receipt.petition,
        summary="Theo tố cáo của bà Phan Thi Bi Mat (0977.123.456), UBND xã đã xử lý.",
        prepared_by=reception_officer,
        published_at=timezone.now(),
    )
    response = Client().post(
        reverse("casework:citizen-lookup"),
        {"tracking_code": receipt.petition.tracking_code, "secret": receipt.secret},
    )
    page = response.content.decode()
    assert "UBND xã đã xử lý" in page
    for secret in (*SECRETS, "Phan Thi Bi Mat", "0977.123.456", "Đồng Ký", "Bí Mật"):
        assert secret not in page
