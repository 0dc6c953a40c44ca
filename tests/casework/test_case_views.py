import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework import reception
from casework.choices import PetitionState as S
from casework.models import IdentityGrant, IdentityView
from casework.services.intake import AttachmentData, SignerData
from workflows import acting

pytestmark = pytest.mark.django_db

DENOUNCER = SignerData(full_name="Trần Thị Bí Mật", id_number="001090012345", phone="0912345678")
IDENTITY = ("Trần Thị Bí Mật", "001090012345", "0912345678")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def start(tree, reception_officer):
    def start(kind="complaint", *, title="Tranh chấp ranh giới đất", attachments=()):
        return reception.petition_start(
            actor=reception_officer,
            unit=tree.commune,
            channel="in_person",
            kind=kind,
            title=title,
            content="Hộ liền kề lấn chiếm 20 m² đất ở, đã hòa giải ở thôn không thành.",
            received_on=dt.date(2026, 11, 23),
            signers=[DENOUNCER],
            attachments=list(attachments),
        ).petition

    return start


def _classify_form(kind="complaint"):
    return {
        "classify-kind": kind,
        "classify-field": "land",
        "classify-processable": "on",
        "classify-complexity": "standard",
        "classify-complaint_instance": "first",
        "classify-reason": "Đủ điều kiện xử lý",
    }


def _referred(petition, tree, case_officer, leader):
    acting.act(
        case=petition,
        action="classify",
        actor=case_officer,
        kind=petition.kind,
        field="officials",
        processable=True,
        reason="Đủ điều kiện",
    )
    acting.act(
        case=petition, action="refer", actor=case_officer, agency=tree.agency, reason="Chuyển"
    )
    acting.act(case=petition, action="send_referral", actor=leader, reason="Ký")
    petition.refresh_from_db()
    return petition


def _contains_identity(html: str) -> list[str]:
    return [value for value in IDENTITY if value in html]


def test_a_wrong_role_post_is_refused_with_403_and_changes_nothing(
    client, start, reception_officer
):
    petition = start()
    client.force_login(reception_officer)
    url = reverse("casework:petition-action", args=[petition.pk, "classify"])
    response = client.post(url, _classify_form())
    assert response.status_code == 403
    petition.refresh_from_db()
    assert petition.state == S.RECEIVED
    assert petition.history.count() == 1


def test_a_repeated_post_of_a_completed_step_gets_409(client, start, case_officer):
    petition = start()
    client.force_login(case_officer)
    url = reverse("casework:petition-action", args=[petition.pk, "classify"])
    assert client.post(url, _classify_form()).status_code == 302
    response = client.post(url, _classify_form())
    assert response.status_code == 409
    assert petition.history.count() == 2


def test_an_invalid_form_comes_back_with_400(client, start, case_officer):
    petition = start()
    client.force_login(case_officer)
    url = reverse("casework:petition-action", args=[petition.pk, "classify"])
    response = client.post(url, {**_classify_form(), "classify-reason": ""})
    assert response.status_code == 400
    assert response.context["form"].errors


def test_a_domain_refusal_re_renders_the_form_with_400(client, start, tree, case_officer):
    petition = start("mixed")
    client.force_login(case_officer)
    client.post(
        reverse("casework:petition-action", args=[petition.pk, "classify"]),
        _classify_form("mixed"),
    )
    response = client.post(
        reverse("casework:petition-action", args=[petition.pk, "refer"]),
        {"refer-agency": tree.agency.pk, "refer-reason": "Chuyển"},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()


def test_a_case_officer_sees_the_forms_of_the_open_step(client, start, case_officer):
    petition = start()
    client.force_login(case_officer)
    response = client.get(petition.get_absolute_url())
    assert response.status_code == 200
    (step,) = response.context["steps"]
    assert [action.name for action, _form, _url in step.forms] == ["classify", "refuse"]
    assert response.context["current_nodes"] == "classify"


def test_an_outsider_gets_404_for_a_case_they_may_not_see(client, start, outsider):
    petition = start()
    client.force_login(outsider)
    assert client.get(petition.get_absolute_url()).status_code == 404


def test_agency_official_cannot_see_the_denouncer_identity_on_the_case_page(
    client, start, tree, case_officer, leader, agency_official
):
    petition = _referred(start("denunciation"), tree, case_officer, leader)
    client.force_login(agency_official)
    response = client.get(petition.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert _contains_identity(html) == []
    assert "[" in html and response.context["signers"][0].redacted
    assert not IdentityView.objects.filter(user=agency_official).exists()


def test_the_receiving_officer_sees_the_denouncer_and_the_view_is_recorded(
    client, start, reception_officer
):
    petition = start("denunciation")
    client.force_login(reception_officer)
    html = client.get(petition.get_absolute_url()).content.decode()
    assert _contains_identity(html) == list(IDENTITY)
    view = IdentityView.objects.get(petition=petition)
    assert (view.user, view.where) == (reception_officer, "case page")


def test_the_transfer_slip_never_carries_the_denouncer_identity(
    client, start, tree, case_officer, leader, reception_officer
):
    petition = _referred(start("denunciation"), tree, case_officer, leader)
    referral = petition.current_referral()
    # Even the officer allowed to see the identity prints a stripped slip.
    client.force_login(reception_officer)
    response = client.get(reverse("casework:referral-slip", args=[referral.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert _contains_identity(html) == []
    assert referral.slip_number in html and petition.tracking_code in html
    assert not IdentityView.objects.filter(petition=petition).exists()


def test_an_unaccented_search_finds_the_accented_subject(client, start, case_officer):
    wanted = start(title="Khiếu nại đất đai ở thôn Đông")
    start(title="Đèn đường hỏng")
    client.force_login(case_officer)
    response = client.get(reverse("casework:petition-list"), {"q": "khieu nai dat dai"})
    assert list(response.context["page"]) == [wanted]


def test_the_list_filters_by_state_and_open(client, start, case_officer):
    petition = start()
    client.force_login(case_officer)
    url = reverse("casework:petition-list")
    assert list(client.get(url, {"state": "received", "open": "1"}).context["page"]) == [petition]
    assert list(client.get(url, {"state": "closed"}).context["page"]) == []


def test_a_leader_allows_an_officer_to_see_the_identity(client, start, leader, case_officer):
    petition = start("denunciation")
    client.force_login(leader)
    page = client.get(petition.get_absolute_url())
    assert case_officer in page.context["grant_form"].fields["user"].queryset
    response = client.post(
        reverse("casework:identity-grant", args=[petition.pk]),
        {"grant-user": case_officer.pk, "grant-reason": "Cần xác minh"},
    )
    assert response.status_code == 302
    assert IdentityGrant.objects.filter(petition=petition, user=case_officer).exists()


def test_a_leader_reopens_a_finished_case(client, start, case_officer, leader):
    petition = start()
    acting.act(case=petition, action="refuse", actor=case_officer, reason="Không")
    client.force_login(leader)
    assert client.get(petition.get_absolute_url()).context["can_reopen"]
    response = client.post(
        reverse("casework:petition-reopen", args=[petition.pk]),
        {"reopen-reason": "Có tình tiết mới"},
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == S.RECEIVED


def test_a_file_identifying_the_denouncer_is_hidden_from_the_agency_and_logged_for_others(
    client, start, tree, case_officer, leader, agency_official, reception_officer
):
    scan = SimpleUploadedFile("don-to-cao.pdf", PDF, content_type="application/pdf")
    petition = start(
        "denunciation",
        attachments=[AttachmentData(file=scan, kind="petition_scan", identifies_petitioner=True)],
    )
    attachment = petition.attachments.get()
    url = reverse("casework:attachment-download", args=[attachment.pk])
    petition = _referred(petition, tree, case_officer, leader)

    client.force_login(agency_official)
    assert "don-to-cao.pdf" not in client.get(petition.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 403

    client.force_login(reception_officer)
    response = client.get(url)
    assert response.status_code == 200
    assert "don-to-cao.pdf" in response["Content-Disposition"]
    assert IdentityView.objects.filter(user=reception_officer, where__startswith="attachment")


def test_a_denunciation_scan_is_hidden_like_the_identity_even_when_not_flagged(
    client, start, tree, case_officer, leader, agency_official
):
    # The scan carries the denouncer's handwriting and signature (Luật Tố cáo Art. 47).
    scan = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    petition = start("denunciation", attachments=[AttachmentData(file=scan, kind="petition_scan")])
    attachment = petition.attachments.get()
    petition = _referred(petition, tree, case_officer, leader)
    client.force_login(agency_official)
    page = client.get(petition.get_absolute_url())
    assert page.context["attachments"] == [] and page.context["hidden_attachments"] == 1
    download = reverse("casework:attachment-download", args=[attachment.pk])
    assert client.get(download).status_code == 403


def test_a_file_name_naming_the_denouncer_is_scrubbed_for_those_not_allowed(
    client, start, tree, case_officer, leader, agency_official
):
    named = SimpleUploadedFile("chung-cu-Tran-Thi-Bi-Mat.pdf", PDF, content_type="application/pdf")
    petition = start("denunciation", attachments=[AttachmentData(file=named, kind="evidence")])
    attachment = petition.attachments.get()
    petition = _referred(petition, tree, case_officer, leader)
    client.force_login(agency_official)
    assert "Bi-Mat" not in client.get(petition.get_absolute_url()).content.decode()
    response = client.get(reverse("casework:attachment-download", args=[attachment.pk]))
    assert response.status_code == 200 and "Bi-Mat" not in response["Content-Disposition"]


def test_the_case_page_renders_at_every_step_of_a_full_run(
    client, start, tree, case_officer, leader, agency_official
):
    petition = _referred(start(), tree, case_officer, leader)
    today = dt.date.today()
    steps = [
        ("extend", agency_official, {"decision_number": "7/QĐ", "days": 10}),
        (
            "record_answer",
            agency_official,
            {
                "document_number": "15/UBND",
                "document_date": today,
                "summary": "Đã giải quyết.",
                "outcome": "resolved",
            },
        ),
        ("notify_petitioner", case_officer, {"on": today, "channel": "post"}),
        (
            "submit_disclosure",
            case_officer,
            {"summary": "Vụ tranh chấp đất ở thôn đã được UBND xã giải quyết dứt điểm."},
        ),
        ("approve_disclosure", leader, {}),
        ("close", case_officer, {}),
    ]
    client.force_login(case_officer)
    for action, actor, data in steps:
        acting.act(case=petition, action=action, actor=actor, reason="Lý do", **data)
        response = client.get(petition.get_absolute_url())
        assert response.status_code == 200, action
    petition.refresh_from_db()
    assert petition.state == S.CLOSED
    kinds = {event.kind for event in response.context["timeline"]}
    assert {"created", "transition", "task", "publication"} <= kinds
    assert "notification" not in kinds
    assert response.context["steps"] == []
