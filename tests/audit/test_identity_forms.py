"""A denunciation written the way people write: the denouncer's identity sits in the subject, the
content, the reasons, the note to the agency, the answer summary, a file name and the grant,
spelled with and without diacritics, with honorifics and with separators in the numbers, and the
signer was renamed after registration. An auditor without a grant finds none of it on any audit
page or export; an auditor allowed on the case reads it, and every showing is recorded.

The forms are looked for by `identity_forms`, written here apart from the scrubber so that a
gap in the scrubber cannot hide itself.
"""

import csv
import io
import re
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from audit import tasks
from audit.forms import EventFilterForm
from audit.models import Export
from audit.selectors import EventFilters, events_across
from cases.timeline import version_diff
from casework.models import Attachment, Disclosure, IdentityView
from casework.services.identity import identity_grant
from casework.services.intake import SignerData
from tests.factories import UserFactory, grant
from units.choices import Role
from workflows import acting

from .conftest import ANSWER, CLASSIFICATION

pytestmark = pytest.mark.django_db

BI_MAT = SignerData(
    full_name="Phan Thị Bí Mật",
    id_number="001195099887",
    phone="0977123456",
    address="Số 99 phố Hàng Đào, Xã An Bình",
    email="bimat.phan@example.vn",
)
RENAMED = "Lê Thị Hoa Mai"
SELF = (
    "Tôi là Phan Thị Bí Mật, CCCD 001195099887, điện thoại 0977.123.456, trú tại Số 99 phố Hàng Đào"
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(text.split())


def identity_forms(text: str) -> list[str]:
    """Which forms of the denouncer's identity `text` still carries."""
    folded = _fold(text)
    spaced = re.sub(r"[_\-.]+", " ", folded)
    digits = re.sub(r"\D", "", text)
    found = {
        "name": re.search(r"\bphan thi bi mat\b", spaced) is not None,
        # Word bounds: the factories' random staff names may hold "Khoa Mai".
        "new name": re.search(r"\b(le thi hoa mai|hoa mai)\b", spaced) is not None,
        "honorific": re.search(r"\b(ba|ong|chi) bi mat\b", spaced) is not None,
        "ID number": BI_MAT.id_number in digits,
        "phone": BI_MAT.phone in digits,
        "e-mail": "bimat.phan" in folded or "bimat phan" in spaced,
        "address": "hang dao" in folded,
    }
    return [kind for kind, present in found.items() if present]


@pytest.fixture
def allowed_auditor(tree):
    user = UserFactory(username="kiemtra-duocphep")
    grant(user, tree.province, Role.AUDITOR, subtree=True)
    return user


@pytest.fixture
def secret_case(
    receive, case_officer, leader, agency_official, reception_officer, tree, allowed_auditor
):
    petition = receive(
        "denunciation",
        title="Tố cáo cán bộ địa chính — đơn của bà Bí Mật",
        content=f"{SELF}. Tôi tố cáo cán bộ địa chính xã nhận tiền. Thư: bimat.phan@example.vn",
        request="Đề nghị xác minh và gọi lại cho tôi theo số 0977 123 456.",
        signers=[BI_MAT],
    )
    acting.act(
        case=petition,
        action="classify",
        actor=case_officer,
        kind="denunciation",
        **{**CLASSIFICATION, "reason": "Ong Phan Thi Bi Mat nộp trực tiếp, đủ điều kiện xử lý"},
    )
    acting.act(
        case=petition,
        action="refer",
        actor=case_officer,
        agency=tree.agency,
        reason="Thuộc thẩm quyền UBND xã",
        note="Người tố cáo: bà Bí Mật, CCCD 001 195 099 887",
    )
    acting.act(case=petition, action="send_referral", actor=leader, reason="Đã ký phiếu chuyển")
    acting.act(
        case=petition,
        action="extend",
        actor=agency_official,
        reason="Bà Phan Thị Bí Mật bổ sung chứng cứ",
        decision_number="12/QĐ-UBND",
        days=10,
    )
    acting.act(
        case=petition,
        action="record_answer",
        actor=agency_official,
        **{**ANSWER, "summary": "Đã làm việc với bà Phan Thị Bí Mật tại nhà, 99 Hàng Đào."},
    )
    attachment = Attachment(
        petition=petition,
        kind="petition_scan",
        file=f"petitions/{petition.pk}/scan.pdf",
        original_name="Don_to_cao_Phan_Thi_Bi_Mat.pdf",
        size=1024,
        uploaded_by=reception_officer,
    )
    attachment._history_user = reception_officer
    attachment.save()
    # Written as a row from before the publication check refused such summaries: the audit
    # pages must not rely on what was refused at the door.
    disclosure = Disclosure(
        petition=petition,
        summary="Kết quả giải quyết tố cáo của bà Bí Mật",
        prepared_by=case_officer,
        withdrawal_reason="Lộ thư bimat.phan@example.vn",
    )
    disclosure._history_user = case_officer
    disclosure.save()
    identity_grant(
        petition=petition,
        actor=leader,
        user=case_officer,
        reason="Cần gọi lại cho bà Bí Mật (0977.123.456)",
    )
    identity_grant(
        petition=petition, actor=leader, user=allowed_auditor, reason="Thanh tra việc bảo mật"
    )
    person = petition.signers.get().petitioner
    person.full_name = RENAMED
    person._history_user = reception_officer
    person._change_reason = "Sửa họ tên theo CCCD"
    person.save()
    petition.refresh_from_db()
    IdentityView.objects.all().delete()  # only what the audit pages record below
    return petition


def _versions(petition) -> list[int]:
    return list(petition.history.order_by("history_id").values_list("history_id", flat=True))


def _case_pages(petition) -> dict[str, str]:
    versions = _versions(petition)
    return {
        "audit timeline": reverse("audit:case-timeline", args=[petition.pk]),
        "audit version comparison": reverse("audit:case-diff", args=[petition.pk])
        + f"?a={versions[0]}&b={versions[-1]}",
        "audit case as of a moment": reverse("audit:case-as-of", args=[petition.pk])
        + "?at=2099-01-01T00:00",
    }


def _search_pages(client) -> list[str]:
    url = reverse("audit:event-search")
    first = client.get(url, {"case_kind": "petition:denunciation"})
    pages = [first.content.decode()]
    for number in range(2, first.context["page"].paginator.num_pages + 1):
        response = client.get(url, {"case_kind": "petition:denunciation", "page": number})
        pages.append(response.content.decode())
    return pages


def _export_text(user, fmt: str) -> str:
    export = Export.objects.create(
        requested_by=user,
        format=fmt,
        filters=EventFilters(case_kind="petition:denunciation").to_json(),
    )
    tasks.export_events(export.pk)
    export.refresh_from_db()
    assert export.status == "done", export.error
    with export.file.open("rb") as handle:
        raw = handle.read()
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    else:
        rows = list(
            load_workbook(io.BytesIO(raw), read_only=True).active.iter_rows(values_only=True)
        )
    assert len(rows) == export.rows_total + 1
    return "\n".join(" ".join(str(cell) for cell in row if cell is not None) for row in rows)


def test_the_checker_finds_every_form_the_case_was_written_with():
    written = (
        f"{SELF} Ong Phan Thi Bi Mat, bà Bí Mật, 001 195 099 887, bimat.phan@example.vn, "
        f"{RENAMED}, Don_to_cao_Phan_Thi_Bi_Mat.pdf"
    )
    assert set(identity_forms(written)) == {
        "name",
        "new name",
        "honorific",
        "ID number",
        "phone",
        "e-mail",
        "address",
    }


def test_an_auditor_without_a_grant_finds_no_identity_form_on_the_case_pages(
    secret_case, auditor, client
):
    client.force_login(auditor)
    for where, url in _case_pages(secret_case).items():
        response = client.get(url)
        assert response.status_code == 200, where
        assert identity_forms(response.content.decode()) == [], where
    assert not IdentityView.objects.filter(user=auditor).exists()


def test_the_diff_of_an_auditor_without_a_grant_still_shows_the_rest_of_the_text(
    secret_case, auditor
):
    versions = _versions(secret_case)
    diff = version_diff(user=auditor, case=secret_case, a_id=versions[0], b_id=versions[-1])
    content = next(row for row in diff.rows if row.label == "Content")
    assert "cán bộ địa chính" in content.b and "[protected]" in content.b


def test_an_auditor_without_a_grant_finds_no_identity_form_in_the_search(
    secret_case, auditor, client
):
    client.force_login(auditor)
    pages = _search_pages(client)
    assert all(identity_forms(page) == [] for page in pages)
    assert not IdentityView.objects.filter(user=auditor).exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_by_an_auditor_without_a_grant_names_nobody(secret_case, auditor, fmt):
    text = _export_text(auditor, fmt)
    assert "Thuộc thẩm quyền UBND xã" in text  # the export does hold the case's events
    assert identity_forms(text) == []
    assert not IdentityView.objects.filter(user=auditor).exists()


def test_an_allowed_auditor_reads_the_identity_on_each_case_page_and_each_is_recorded(
    secret_case, allowed_auditor, client
):
    client.force_login(allowed_auditor)
    for where, url in _case_pages(secret_case).items():
        page = client.get(url).content.decode()
        assert "name" in identity_forms(page), where
        views = IdentityView.objects.filter(user=allowed_auditor, petition=secret_case)
        assert views.filter(where=where).count() == 1, where
    timeline = client.get(_case_pages(secret_case)["audit timeline"]).content.decode()
    assert {"name", "new name", "ID number", "phone", "e-mail", "address"} <= set(
        identity_forms(timeline)
    )


def test_an_allowed_auditor_reads_the_identity_in_the_search_and_each_page_is_recorded(
    secret_case, allowed_auditor, client
):
    client.force_login(allowed_auditor)
    pages = _search_pages(client)
    showing = [page for page in pages if identity_forms(page)]
    assert showing
    views = IdentityView.objects.filter(
        user=allowed_auditor, petition=secret_case, where="audit search"
    )
    assert views.count() == len(showing)


def test_an_allowed_auditor_reads_the_identity_in_both_exports_and_each_is_recorded(
    secret_case, allowed_auditor
):
    for fmt in ("csv", "xlsx"):
        assert "name" in identity_forms(_export_text(allowed_auditor, fmt)), fmt
    views = IdentityView.objects.filter(
        user=allowed_auditor, petition=secret_case, where="audit export"
    )
    assert views.count() == 2


def test_the_search_takes_no_text_that_could_find_a_case_by_an_identity(
    secret_case, auditor, client
):
    # Every filter is a choice or a date: no search box where a denouncer's phone or name
    # would tell which case holds it.
    form = EventFilterForm(viewer=auditor)
    assert {type(f).__name__ for f in form.fields.values()} <= {
        "_Person",
        "ModelChoiceField",
        "DateField",
        "ChoiceField",
    }
    client.force_login(auditor)
    url = reverse("audit:event-search")
    everything = client.get(url, {"case_kind": ""}).context["page"].paginator.count
    asked = client.get(url, {"case_kind": "", "q": BI_MAT.phone, "search": BI_MAT.full_name})
    assert asked.context["page"].paginator.count == everything


def test_a_page_of_events_reads_the_same_number_of_queries_however_many_cases_it_holds(
    receive, auditor
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            list(events_across(user=auditor, filters=EventFilters())[:200])
        return len(captured.captured_queries)

    receive("denunciation", signers=[BI_MAT])
    receive("complaint", title="Khiếu nại")
    queries()  # the first read fills caches a later read does not repeat
    few = queries()
    for _ in range(4):
        receive("denunciation", signers=[SignerData(full_name="Trần Văn Kín", phone="0988000111")])
    assert queries() == few
