import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from viewflow.workflow.status import PROCESS

from casework.flows import PetitionFlow
from casework.models import Attachment, Petition, Petitioner
from casework.views.intake import secret_session_key
from units.errors import DomainError

from ..factories import UserFactory, grant

pytestmark = pytest.mark.django_db

CREATE = reverse("casework:petition-create")
PDF = b"%PDF-1.4\n" + b"0" * 40

SIGNER = {
    "full_name": "nguyễn  văn an",
    "id_number": "001090012345",
    "phone": "0912 345 678",
    "address": "Thôn Đông, xã An Bình",
    "email": "",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


def intake_data(unit, *, signers=(SIGNER,), attachments=(), **fields) -> dict:
    data = {
        "unit": unit.pk,
        "channel": "in_person",
        "kind": "complaint",
        "title": "Tranh chấp ranh giới đất",
        "content": "Hộ liền kề lấn chiếm 20 m² đất ở, đã hòa giải ở thôn không thành.",
        "request": "Đề nghị xem xét giải quyết.",
        "letter_date": "2026-11-20",
        "received_on": timezone.localdate().isoformat(),
        "duplicate_of": "",
        "signers-TOTAL_FORMS": str(len(signers)),
        "signers-INITIAL_FORMS": "0",
        "signers-MIN_NUM_FORMS": "0",
        "signers-MAX_NUM_FORMS": "50",
        "attachments-TOTAL_FORMS": str(len(attachments)),
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "20",
    }
    for i, signer in enumerate(signers):
        data.update({f"signers-{i}-{key}": value for key, value in signer.items()})
    for i, (upload, kind, identifies) in enumerate(attachments):
        data[f"attachments-{i}-file"] = upload
        data[f"attachments-{i}-kind"] = kind
        if identifies:
            data[f"attachments-{i}-identifies_petitioner"] = "on"
    data.update(fields)
    return data


def signer(n: int) -> dict:
    return {
        "full_name": f"Người ký {n}",
        "id_number": f"0010900100{n:02d}",
        "phone": "",
        "address": "",
        "email": "",
    }


def _codes(response, form, name: str) -> list[str]:
    """The error codes on a field, after checking each message is shown on the page.

    Codes, not texts: the messages are English msgids until the catalogue is regenerated,
    then Vietnamese."""
    page = response.content.decode()
    for message in form.errors.get(name, []):
        assert str(escape(message)) in page
    return [e.code for e in form.errors.as_data().get(name, [])]


def field_errors(response, name: str) -> list[str]:
    return _codes(response, response.context["form"], name)


def signer_errors(response, index: int, name: str) -> list[str]:
    return _codes(response, response.context["signers"].forms[index], name)


def attachment_errors(response, index: int) -> list[str]:
    return _codes(response, response.context["attachments"].forms[index], "file")


def assert_nothing_written(response, media):
    assert response.status_code == 400
    assert Petition.objects.count() == 0
    assert Petitioner.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


# The form ---------------------------------------------------------------------------------


def test_reception_officer_opens_the_form_with_their_committee_preselected(
    client, reception_officer, tree
):
    client.force_login(reception_officer)
    response = client.get(CREATE)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["unit"].queryset) == [tree.commune]
    assert form["unit"].value() == tree.commune.pk
    assert form["received_on"].value() == timezone.localdate()
    assert len(response.context["signers"].forms) == 1


def test_the_extra_parameter_adds_signer_rows_without_javascript(client, reception_officer):
    client.force_login(reception_officer)
    response = client.get(CREATE, {"extra": 6})
    assert len(response.context["signers"].forms) == 6


@pytest.mark.parametrize("who", ["case_officer", "outsider"])
def test_only_a_reception_officer_opens_the_intake_form(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {}).status_code == 403


def test_the_home_page_of_a_reception_officer_links_to_the_form(client, reception_officer):
    client.force_login(reception_officer)
    assert CREATE in client.get(reverse("home")).content.decode()


# Registering --------------------------------------------------------------------------------


def test_a_valid_petition_is_registered_with_its_signers_and_its_flow(
    client, reception_officer, tree, _media
):
    client.force_login(reception_officer)
    upload = SimpleUploadedFile("don.pdf", PDF, content_type="application/pdf")
    response = client.post(
        CREATE, intake_data(tree.commune, attachments=[(upload, "petition_scan", True)])
    )

    petition = Petition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:petition-receipt", args=[petition.pk])
    assert petition.unit == tree.commune
    assert petition.received_by == reception_officer
    assert petition.signer_count == 1
    person = petition.signers.get().petitioner
    assert (person.full_name, person.id_number, person.phone) == (
        "Nguyễn Văn An",
        "001090012345",
        "0912345678",
    )
    assert petition.processes.count() == 1
    assert petition.processes.get().status == PROCESS.NEW
    attachment = petition.attachments.get()
    assert attachment.identifies_petitioner
    assert len(stored_files(_media)) == 1


def test_the_receipt_shows_the_secret_once(client, reception_officer, tree):
    client.force_login(reception_officer)
    response = client.post(CREATE, intake_data(tree.commune))
    petition = Petition.objects.get()
    secret = client.session[secret_session_key(petition.pk)]

    first = client.get(response["Location"])
    page = first.content.decode()
    assert first.status_code == 200
    assert secret in page
    assert petition.tracking_code in page
    assert tree.commune.name in page
    assert "Nguyễn Văn An" in page
    assert reverse("casework:citizen-lookup") in page
    assert "size: A5" in page
    assert "no-store" in first["Cache-Control"]
    assert first.context["secret"] == secret

    again = client.get(response["Location"])
    assert again.context["secret"] is None
    assert f'data-testid="secret">{secret}<' not in again.content.decode()


def test_the_receipt_is_not_found_for_staff_of_another_committee(
    client, reception_officer, outsider, tree
):
    client.force_login(reception_officer)
    client.post(CREATE, intake_data(tree.commune))
    petition = Petition.objects.get()
    client.force_login(outsider)
    assert client.get(reverse("casework:petition-receipt", args=[petition.pk])).status_code == 404


def test_a_denunciation_receipt_hides_the_name_from_staff_without_access(
    client, reception_officer, case_officer, tree
):
    client.force_login(reception_officer)
    client.post(CREATE, intake_data(tree.commune, kind="denunciation"))
    petition = Petition.objects.get()
    receipt = reverse("casework:petition-receipt", args=[petition.pk])
    assert "Nguyễn Văn An" in client.get(receipt).content.decode()

    client.force_login(case_officer)
    page = client.get(receipt).content.decode()
    assert "Nguyễn Văn An" not in page
    assert "001090012345" not in page


def test_a_petition_with_five_signers_is_flagged_as_a_group_petition(
    client, reception_officer, tree
):
    client.force_login(reception_officer)
    response = client.post(CREATE, intake_data(tree.commune, signers=[signer(n) for n in range(5)]))
    petition = Petition.objects.get()
    assert petition.signer_count == 5
    assert petition.is_group
    assert client.get(response["Location"]).context["petition"].is_group


def test_a_group_petition_is_flagged_on_the_form_when_it_comes_back_with_errors(
    client, reception_officer, tree
):
    client.force_login(reception_officer)
    response = client.post(
        CREATE, intake_data(tree.commune, signers=[signer(n) for n in range(5)], title="")
    )
    assert response.status_code == 400
    assert response.context["is_group"]


def test_a_petition_is_linked_to_the_duplicate_the_officer_chose(client, reception_officer, tree):
    client.force_login(reception_officer)
    client.post(CREATE, intake_data(tree.commune))
    original = Petition.objects.get()
    client.post(CREATE, intake_data(tree.commune, duplicate_of=str(original.pk)))
    assert Petition.objects.exclude(pk=original.pk).get().duplicate_of == original


# Refusals: status 400, the typed values kept, nothing written --------------------------------


def test_a_petition_without_a_subject_is_refused(client, reception_officer, tree, _media):
    client.force_login(reception_officer)
    response = client.post(CREATE, intake_data(tree.commune, title=""))
    assert_nothing_written(response, _media)
    assert field_errors(response, "title") == ["required"]
    page = response.content.decode()
    assert "Hộ liền kề lấn chiếm" in page
    assert 'value="nguyễn  văn an"' in page


def test_a_petition_without_a_signer_is_refused(client, reception_officer, tree, _media):
    client.force_login(reception_officer)
    blank = dict.fromkeys(SIGNER, "")
    response = client.post(CREATE, intake_data(tree.commune, signers=[blank]))
    assert_nothing_written(response, _media)
    assert [e.code for e in response.context["signers"].non_form_errors().as_data()] == [
        "no_signer"
    ]


def test_a_signer_row_without_a_name_is_refused(client, reception_officer, tree, _media):
    client.force_login(reception_officer)
    response = client.post(CREATE, intake_data(tree.commune, signers=[{**SIGNER, "full_name": ""}]))
    assert_nothing_written(response, _media)
    assert signer_errors(response, 0, "full_name") == ["required"]


def test_an_invalid_id_number_is_refused_next_to_the_field(client, reception_officer, tree, _media):
    client.force_login(reception_officer)
    upload = SimpleUploadedFile("don.pdf", PDF)
    response = client.post(
        CREATE,
        intake_data(
            tree.commune,
            signers=[{**SIGNER, "id_number": "12345"}],
            attachments=[(upload, "petition_scan", False)],
        ),
    )
    assert_nothing_written(response, _media)
    assert signer_errors(response, 0, "id_number") == ["wrong_length"]
    assert 'value="12345"' in response.content.decode()


def test_an_invalid_phone_is_refused_next_to_the_field(client, reception_officer, tree, _media):
    client.force_login(reception_officer)
    response = client.post(
        CREATE, intake_data(tree.commune, signers=[{**SIGNER, "phone": "0112345678"}])
    )
    assert_nothing_written(response, _media)
    assert signer_errors(response, 0, "phone") == ["unknown_prefix"]


def test_the_same_id_number_twice_is_refused(client, reception_officer, tree, _media):
    client.force_login(reception_officer)
    response = client.post(
        CREATE, intake_data(tree.commune, signers=[SIGNER, {**SIGNER, "full_name": "Lê Thị B"}])
    )
    assert_nothing_written(response, _media)
    assert signer_errors(response, 1, "id_number") == ["twice"]


def test_an_oversized_file_is_refused(client, reception_officer, tree, settings, _media):
    settings.ATTACHMENT_MAX_BYTES = 100
    client.force_login(reception_officer)
    upload = SimpleUploadedFile("don.pdf", PDF + b"0" * 200)
    response = client.post(
        CREATE, intake_data(tree.commune, attachments=[(upload, "evidence", False)])
    )
    assert_nothing_written(response, _media)
    assert attachment_errors(response, 0) == ["too_large"]


def test_a_program_renamed_as_a_pdf_is_refused(client, reception_officer, tree, _media):
    client.force_login(reception_officer)
    upload = SimpleUploadedFile("don.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64)
    response = client.post(
        CREATE, intake_data(tree.commune, attachments=[(upload, "evidence", False)])
    )
    assert_nothing_written(response, _media)
    assert attachment_errors(response, 0) == ["content_mismatch"]


def test_an_unknown_channel_is_refused(client, reception_officer, tree, _media):
    client.force_login(reception_officer)
    response = client.post(CREATE, intake_data(tree.commune, channel="pigeon"))
    assert_nothing_written(response, _media)
    assert field_errors(response, "channel") == ["invalid_choice"]


def test_a_committee_where_the_officer_does_not_receive_is_refused(
    client, reception_officer, tree, _media
):
    client.force_login(reception_officer)
    response = client.post(CREATE, intake_data(tree.neighbour))
    assert_nothing_written(response, _media)
    assert field_errors(response, "unit") == ["invalid_choice"]


def test_a_refusal_of_the_service_becomes_a_form_error_and_writes_nothing(
    client, reception_officer, tree, _media, monkeypatch
):
    # A refusal raised after the petition row was written: the transaction must undo it.
    def refuse(**kwargs):
        raise DomainError("Refused by the flow")

    monkeypatch.setattr(PetitionFlow.start, "run", refuse)
    client.force_login(reception_officer)
    response = client.post(CREATE, intake_data(tree.commune))
    assert response.status_code == 400
    assert Petition.objects.count() == 0
    assert "Refused by the flow" in response.content.decode()


# Lookups while typing ----------------------------------------------------------------------


@pytest.fixture
def registered(client, reception_officer, tree):
    client.force_login(reception_officer)
    client.post(CREATE, intake_data(tree.commune))
    return Petition.objects.get()


@pytest.mark.parametrize("query", ["001090012345", "0912345678", "+84 912 345 678"])
def test_petitioner_lookup_finds_a_known_person_by_id_number_or_phone(client, registered, query):
    response = client.post(reverse("casework:petitioner-lookup"), {"q": query})
    assert response.status_code == 200
    assert json.loads(response.content)["results"] == [
        {
            "full_name": "Nguyễn Văn An",
            "id_number": "001090012345",
            "phone": "0912345678",
            "address": "Thôn Đông, xã An Bình",
            "email": "",
        }
    ]


def test_petitioner_lookup_finds_nobody_by_a_partial_number(client, registered):
    response = client.post(reverse("casework:petitioner-lookup"), {"q": "0010900"})
    assert json.loads(response.content)["results"] == []


def test_petitioner_lookup_is_for_reception_officers_only(client, registered, case_officer):
    client.force_login(case_officer)
    response = client.post(reverse("casework:petitioner-lookup"), {"q": "001090012345"})
    assert response.status_code == 403


def test_petitioner_lookup_does_not_reveal_a_denouncer_to_another_officer(
    client, reception_officer, tree
):
    client.force_login(reception_officer)
    client.post(CREATE, intake_data(tree.commune, kind="denunciation"))
    other = UserFactory(username="tiepdan2")
    grant(other, tree.commune, "reception_officer")
    client.force_login(other)
    response = client.post(reverse("casework:petitioner-lookup"), {"q": "0912345678"})
    assert json.loads(response.content)["results"] == []


def test_duplicate_candidates_finds_an_earlier_petition_by_the_same_id_number(
    client, registered, tree
):
    response = client.post(
        reverse("casework:petition-duplicates"),
        {"unit": tree.commune.pk, "id_numbers": "001 090 012 345", "title": "Khác hẳn"},
    )
    assert response.status_code == 200
    assert json.loads(response.content)["results"] == [
        {
            "id": registered.pk,
            "tracking_code": registered.tracking_code,
            "title": registered.title,
            "state_display": registered.get_state_display(),
            "received_on": response.json()["results"][0]["received_on"],
            "url": registered.get_absolute_url(),
        }
    ]


def test_duplicate_candidates_of_a_denunciation_carry_no_identity(client, reception_officer, tree):
    client.force_login(reception_officer)
    client.post(CREATE, intake_data(tree.commune, kind="denunciation"))
    response = client.post(
        reverse("casework:petition-duplicates"),
        {"unit": tree.commune.pk, "phones": "0912345678"},
    )
    body = response.content.decode()
    assert len(response.json()["results"]) == 1
    for secret in ("Nguyễn Văn An", "Nguy\\u1ec5n", "001090012345", "0912345678"):
        assert secret not in body


def test_duplicate_candidates_are_refused_for_a_committee_of_someone_else(client, registered, tree):
    response = client.post(
        reverse("casework:petition-duplicates"),
        {"unit": tree.neighbour.pk, "id_numbers": "001090012345"},
    )
    assert response.status_code == 403
