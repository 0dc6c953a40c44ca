"""The session's two official reports (NQLT 72/2025 Art. 37, 49, 53; layout of Nghị định
30/2020/NĐ-CP): a session with an item routed to two agencies, one answered and one overdue,
generated as Word and PDF; neither carries a voter's name or address."""

import datetime as dt
import io
import re
import zlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from recommendations import documents, documents_docx, documents_pdf, services
from recommendations.models import AgencyAnswer, Opinion
from workflows import acting

from .conftest import ROWS, held_meeting

VOTER = "Trần Thị Mai"
ADDRESS = "Số 17 đường Lê Lợi, xã An Bình"
SECRETS = (VOTER, "Thị Mai", "bà Mai", "17 đường Lê Lợi")
NARRATIVE = "Ban Thường trực tổng hợp ý kiến cử tri gửi tới kỳ họp như sau."
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def answered(voters, plan):
    """Item one, naming its voter in its wording and in the works department's answer, routed
    to both agencies: the works department answered, the farming department is past its limit.
    Item two is drafted and not routed yet."""
    meeting = held_meeting(voters, plan())
    opinions = services.opinions_capture(meeting=meeting, actor=voters.officer, rows=ROWS)
    Opinion.objects.filter(pk=opinions[1].pk).update(voter_address=ADDRESS)
    acting.act(case=meeting, action="record_minutes", actor=voters.office, minutes="Biên bản")
    for opinion in opinions:
        services.opinion_to_aggregate(opinion=opinion, actor=voters.officer)
    item = services.item_draft(
        actor=voters.officer,
        session=voters.session,
        opinions=opinions[:2],
        title="Sửa chữa đường ĐT 741",
        content=f"Bà {VOTER} ({ADDRESS}) cùng cử tri đề nghị sửa chữa tuyến ĐT 741.",
    )
    acting.act(
        case=item,
        action="classify",
        actor=voters.officer,
        scope="local",
        field="infrastructure",
        agencies=[voters.works, voters.farming],
    )
    acting.act(case=item, action="send_report", actor=voters.leader)
    works, farming = item.answers.order_by("pk")
    acting.act(
        case=works,
        action="answer",
        actor=voters.works_official,
        outcome="in_progress",
        content="Trả lời bà Mai: đã bố trí vốn sửa chữa năm 2027.",
        roadmap=f"Khởi công quý II/2027, báo bà {VOTER} biết.",
        promised_on=dt.date(2027, 6, 30),
        document_number="1835/SXD-QLGT",
        document_date=timezone.localdate(),
    )
    AgencyAnswer.objects.filter(pk=farming.pk).update(
        answer_due=timezone.localdate() - dt.timedelta(days=1)
    )
    second = services.item_draft(
        actor=voters.officer,
        session=voters.session,
        opinions=opinions[2:],
        title="Bình ổn giá phân bón",
        content=ROWS[2].content,
    )
    return voters.session, item, second


def _options(**extra) -> documents.ReportOptions:
    values = dict(
        narrative=NARRATIVE,
        number="125",
        signer_title="Phó Chủ tịch",
        signer_name="Nguyễn Văn Ký",
        recipients=("Đoàn ĐBQH tỉnh Lâm Sơn", "Lưu: VT."),
        date=dt.date(2026, 12, 3),
    )
    values.update(extra)
    return documents.ReportOptions(**values)


def _docx_text(raw: bytes) -> str:
    document = Document(io.BytesIO(raw))
    parts = [p.text for p in document.paragraphs]

    def cells(table):
        for row in table.rows:
            for cell in row.cells:
                yield cell.text
                for inner in cell.tables:
                    yield from cells(inner)

    for table in document.tables:
        parts += list(cells(table))
    return "\n".join(parts)


def _pdf_text(raw: bytes) -> str:
    """The letters the PDF's fonts map (their ToUnicode tables): enough to see that the
    Vietnamese letters were found in a font, without a PDF reader."""
    found = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.DOTALL):
        try:
            text = zlib.decompress(stream)
        except zlib.error:
            continue
        for code in re.findall(rb"<[0-9a-fA-F]+>\s*<([0-9a-fA-F]{4})>", text):
            found.append(chr(int(code, 16)))
    return "".join(found)


# The document model -------------------------------------------------------------------------


def test_the_aggregated_report_has_the_letterhead_the_meetings_and_the_items_by_scope(answered):
    session, item, second = answered
    report = documents.report_build(session=session, kind="aggregated", options=_options())
    assert report.issuer == "ỦY BAN MTTQ VIỆT NAM TỈNH LÂM SƠN"
    assert report.number_line == "Số: 125/BC-MTTQ-BTT"
    assert report.place_date == "Lâm Sơn, ngày 03 tháng 12 năm 2026"
    assert report.subtitle.endswith(session.title)
    assert report.narrative == (NARRATIVE,)
    text = "\n".join(report.texts())
    assert "Đã tổ chức 1 cuộc tiếp xúc cử tri với 120 lượt cử tri tham dự" in text
    assert "Kiến nghị thuộc thẩm quyền giải quyết của địa phương (1 kiến nghị)" in text
    assert "Kiến nghị chưa phân loại thẩm quyền (1 kiến nghị)" in text
    assert "Lĩnh vực giao thông và hạ tầng" in text
    assert f"{item.code}. " in text and f"{second.code}. " in text
    assert "13 cử tri; 1 cuộc tiếp xúc" in text
    assert report.recipients == ("- Đoàn ĐBQH tỉnh Lâm Sơn;", "- Lưu: VT.")
    assert (report.signer_title, report.signer_name) == ("PHÓ CHỦ TỊCH", "Nguyễn Văn Ký")


def test_the_answers_report_flags_the_overdue_agency_and_counts_by_outcome(answered):
    session, item, second = answered
    report = documents.report_build(session=session, kind="answers", options=_options())
    assert report.overdue_agencies == ("Sở Nông nghiệp và Môi trường",)
    table = next(b for b in report.body if isinstance(b, documents.Table) and len(b.columns) == 5)
    (works, farming) = table.rows
    assert works[0] == "Sở Xây dựng tỉnh Lâm Sơn" and works[1] == "Đang giải quyết"
    assert "Hoàn thành trước 30/06/2027" in works[3]
    assert "QUÁ HẠN" not in works[4] and "văn bản số 1835/SXD-QLGT" in works[4]
    assert farming[4].startswith("Chưa trả lời - QUÁ HẠN")
    assert table.flagged == frozenset({1})
    summary = next(b for b in report.body if isinstance(b, documents.Table))
    assert dict(summary.rows)["Đang giải quyết"] == "1"
    assert dict(summary.rows)["Quá hạn trả lời"] == "1"
    text = "\n".join(report.texts())
    # Only routed items are reported on.
    assert item.code in text and second.code not in text


def test_the_dates_take_a_leading_zero_only_below_ten_and_in_january_and_february():
    assert documents.vietnamese_date(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert documents.vietnamese_date(dt.date(2026, 3, 15)) == "ngày 15 tháng 3 năm 2026"


def test_the_defaults_name_the_session_the_leader_and_the_delegation(answered, voters):
    session, _item, _second = answered
    defaults = documents.report_defaults(session=session, kind="aggregated")
    assert session.title in defaults["narrative"]
    assert defaults["signer_name"] == voters.leader.get_full_name()
    assert voters.delegation.name in defaults["recipients"]


@pytest.mark.parametrize("kind", ["aggregated", "answers"])
def test_a_report_reads_the_session_in_a_fixed_number_of_queries(answered, voters, kind):
    session, item, _second = answered
    with CaptureQueriesContext(connection) as two_items:
        documents.report_build(session=session, kind=kind, options=_options())
    third = services.item_draft(
        actor=voters.officer,
        session=session,
        opinions=list(item.opinions.all()[:1]),
        title="Giá điện",
        content="Đề nghị xem xét giá điện.",
    )
    acting.act(
        case=third,
        action="classify",
        actor=voters.officer,
        scope="central",
        field="economy",
        agencies=[voters.farming],
    )
    with CaptureQueriesContext(connection) as three_items:
        documents.report_build(session=session, kind=kind, options=_options())
    assert len(three_items) == len(two_items) <= 7


# Word ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["aggregated", "answers"])
def test_the_word_file_opens_and_carries_the_motto_title_number_narrative_items_and_signer(
    answered, kind
):
    session, item, _second = answered
    report = documents.report_build(session=session, kind=kind, options=_options())
    text = _docx_text(documents_docx.report_docx(report))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BAN THƯỜNG TRỰC",
        "BÁO CÁO",
        report.subtitle,
        "Số: 125/BC-MTTQ-BTT",
        "Lâm Sơn, ngày 03 tháng 12 năm 2026",
        NARRATIVE,
        item.code,
        "TM. BAN THƯỜNG TRỰC",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn Ký",
        "Nơi nhận:",
    ):
        assert expected in text, expected
    if kind == "answers":
        assert "Chưa trả lời - QUÁ HẠN" in text and "Sở Nông nghiệp và Môi trường" in text


@pytest.mark.parametrize("kind", ["aggregated", "answers"])
def test_no_voter_name_or_address_appears_even_when_the_item_and_answer_name_the_voter(
    answered, kind
):
    session, item, _second = answered
    assert VOTER in item.content
    narrative = f"Cử tri {VOTER} phát biểu đầu tiên."
    report = documents.report_build(
        session=session, kind=kind, options=_options(narrative=narrative)
    )
    text = _docx_text(documents_docx.report_docx(report)) + "\n".join(report.texts())
    for secret in SECRETS:
        assert secret.lower() not in text.lower()
    assert "[được bảo mật]" in text and "tuyến ĐT 741" in text


# PDF ----------------------------------------------------------------------------------------


@pytest.mark.skipif(not documents_pdf.available(), reason="WeasyPrint cannot load here")
def test_the_pdf_is_a_pdf_whose_fonts_carry_the_vietnamese_letters(answered):
    session, _item, _second = answered
    report = documents.report_build(session=session, kind="answers", options=_options())
    raw = documents_pdf.report_pdf(report)
    assert raw.startswith(b"%PDF")
    letters = set(_pdf_text(raw))
    assert set("CỘNGHÒAXÃỦĐộcậựạ") <= letters


def test_the_pdf_template_carries_no_voter_either(answered):
    session, _item, _second = answered
    report = documents.report_build(session=session, kind="aggregated", options=_options())
    html = documents_pdf.report_html(report)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Số: 125/BC-MTTQ-BTT" in html
    assert VOTER not in html


# The page -----------------------------------------------------------------------------------


def _url(session, report="aggregated"):
    return reverse("recommendations:session-report", args=[session.pk, report])


def _form(**extra):
    data = {
        "format": "docx",
        "number": "125",
        "date": "2026-12-03",
        "narrative": NARRATIVE,
        "signer_title": "Chủ tịch",
        "signer_name": "Nguyễn Văn Ký",
        "recipients": "Đoàn ĐBQH tỉnh Lâm Sơn\nLưu: VT.",
    }
    data.update(extra)
    return data


def test_the_form_is_filled_in_with_the_defaults(client, answered, voters):
    session, _item, _second = answered
    client.force_login(voters.officer)
    response = client.get(_url(session))
    assert response.status_code == 200
    page = response.content.decode()
    assert session.title in page and voters.delegation.name in page
    assert 'name="narrative"' in page and 'data-testid="report-locked"' not in page


@pytest.mark.parametrize("report", ["aggregated", "answers"])
def test_an_organiser_downloads_the_word_file_with_their_wording(client, answered, voters, report):
    session, item, _second = answered
    client.force_login(voters.leader)
    response = client.post(_url(session, report), _form())
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == (
        f'attachment; filename="voter-recommendations-report-{report}-session-{session.pk}.docx"'
    )
    assert "no-store" in response["Cache-Control"]
    text = _docx_text(response.content)
    assert NARRATIVE in text and item.code in text and "Số: 125/BC-MTTQ-BTT" in text
    assert VOTER not in text


@pytest.mark.skipif(not documents_pdf.available(), reason="WeasyPrint cannot load here")
def test_an_organiser_downloads_the_pdf(client, answered, voters):
    session, _item, _second = answered
    client.force_login(voters.officer)
    response = client.post(_url(session, "answers"), _form(format="pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 1000


@pytest.mark.parametrize("who", ["deputy", "office", "auditor"])
def test_other_readers_download_the_defaults_whatever_wording_they_send(
    client, answered, voters, who
):
    session, _item, _second = answered
    client.force_login(getattr(voters, who))
    page = client.get(_url(session)).content.decode()
    assert 'data-testid="report-locked"' in page
    response = client.post(_url(session), _form(narrative="Một đoạn khác.", number="999"))
    assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
    text = _docx_text(response.content)
    assert "Một đoạn khác." not in text and "999/" not in text
    assert session.title in text and voters.leader.get_full_name() in text


@pytest.mark.parametrize(
    "change",
    [
        {"format": "odt"},
        {"narrative": ""},
        {"date": "not a date"},
        {"number": "12/../x"},
        {"signer_title": ""},
    ],
)
def test_bad_input_returns_the_form_with_a_message(client, answered, voters, change):
    session, _item, _second = answered
    client.force_login(voters.officer)
    response = client.post(_url(session), _form(**change))
    assert response.status_code == 400
    assert 'data-testid="report-errors"' in response.content.decode()


@pytest.mark.parametrize("who", ["stranger", "works_official"])
def test_a_user_of_another_province_or_an_agency_gets_404(client, answered, voters, who):
    session, _item, _second = answered
    client.force_login(getattr(voters, who))
    assert client.get(_url(session)).status_code == 404
    assert client.post(_url(session), _form()).status_code == 404


def test_an_unknown_report_is_404(client, answered, voters):
    session, _item, _second = answered
    client.force_login(voters.officer)
    assert client.get(_url(session, "minutes")).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, answered):
    session, _item, _second = answered
    response = client.get(_url(session))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
