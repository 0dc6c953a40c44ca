"""A board's official documents (layout of Nghị định 30/2020/NĐ-CP): the recommendation of an
inspection case or an investment round (THDCOCS Art. 39, 40.2d, 43.2đ) and the board's
periodic report to the commune Front (Nghị định 59/2023 Art. 14.3), as Word and PDF; neither
ever carries the requester of a case. Rows are made with the ORM: the flows are not under test."""

import datetime as dt
import io
import re
import zlib
from types import SimpleNamespace

import pytest
from django.contrib.auth.views import LoginView
from django.http import HttpResponseNotFound
from django.urls import include, path, reverse
from docx import Document as Docx

from cases import documents as documents_render
from supervision import documents, urls_documents
from supervision.choices import (
    Answerer,
    BoardKind,
    BoardState,
    CaseSource,
    Checklist,
    Conformity,
    InspectionState,
    MemberRole,
    PartyRole,
    Period,
    PlanState,
    ProjectType,
    ReportState,
    RoundState,
)
from supervision.models import (
    Board,
    BoardReport,
    ChecklistEntry,
    InspectionCase,
    InvestmentRound,
    Member,
    Party,
    Plan,
    PlanItem,
    Project,
)
from units.choices import Role, UnitKind, UnitLevel
from workdays.models import DayCount, TimeLimit

from ..conftest import _person
from ..factories import make_unit

# The downloads are reached through this module's URL config, so that the tests do not depend
# on the rest of the app's pages (its URL config includes `urls_documents` as it is).
urlpatterns = [
    path("board-documents/", include((urls_documents.urlpatterns, "supervision"))),
    path("accounts/login/", LoginView.as_view(), name="login"),
]
pytestmark = pytest.mark.urls(__name__)


def handler404(request, exception=None):
    return HttpResponseNotFound()


REQUESTER = "Phan Thị Bí Mật"
ADDRESS = "Số 99 đường Lê Lợi, thôn Đông"
SECRETS = (REQUESTER, "Bí Mật", "99 đường Lê Lợi", "0912345678")
HEAD = "Hoàng Thị Thanh"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
needs_pdf = pytest.mark.skipif(
    not documents_render.pdf_available(), reason="WeasyPrint cannot load here"
)


@pytest.fixture
def cast(tree, board_limits):
    """The commune's People's Inspection Board (its head seated, a former head gone) and the
    project's investment supervision board, with who logs in around them."""
    board = Board.objects.create(
        unit=tree.board, commune=tree.commune, kind=BoardKind.INSPECTION, state=BoardState.ACTIVE
    )
    day = dt.date(2025, 6, 1)
    Member.objects.create(
        board=board, full_name="Lê Văn Cũ", role=MemberRole.HEAD, term_starts=day, left_on=day
    )
    Member.objects.create(board=board, full_name=HEAD, role=MemberRole.HEAD, term_starts=day)
    Member.objects.create(board=board, full_name="Lê Văn Bình", term_starts=day)
    project = Project.objects.create(
        unit=tree.commune, code="DA-01", name="Đường liên thôn Đông - Tây", type=ProjectType.PUBLIC
    )
    Party.objects.create(
        project=project, role=PartyRole.INVESTOR, name="Ban Quản lý dự án xã An Bình"
    )
    investment_unit = make_unit(
        tree.commune,
        "Ban giám sát đầu tư của cộng đồng dự án Đường liên thôn",
        kind=UnitKind.INVESTMENT_SUPERVISION_BOARD,
        level=UnitLevel.COMMUNE,
    )
    investment = Board.objects.create(
        unit=investment_unit,
        commune=tree.commune,
        kind=BoardKind.INVESTMENT,
        project=project,
        state=BoardState.ACTIVE,
    )
    return SimpleNamespace(
        tree=tree,
        board=board,
        investment=investment,
        project=project,
        member=_person("bttnd", tree.board, Role.BOARD_MEMBER),
        officer=_person("chuyenvien", tree.commune, Role.CASE_OFFICER),
        auditor=_person("kiemtra", tree.province, Role.AUDITOR, subtree=True),
        investment_member=_person("gsdt", investment_unit, Role.BOARD_MEMBER),
        official=_person("ubnd", tree.agency, Role.AGENCY_OFFICIAL),
        stranger=_person("nguoingoai", tree.other_commune, Role.CASE_OFFICER),
    )


def _case(cast, **extra) -> InspectionCase:
    values = dict(
        board=cast.board,
        unit=cast.board.unit,
        code="TTND-2026-003",
        subject="Việc thu tiền đóng góp xây dựng nhà văn hóa thôn Đông",
        starts_on=dt.date(2026, 3, 2),
        source=CaseSource.REQUEST,
        supervised_body="UBND xã An Bình",
        requester_name=REQUESTER,
        requester_address=ADDRESS,
        requester_phone="0912 345 678",
        protect_identity=True,
        findings=f"Theo phản ánh của bà {REQUESTER}, thôn thu 200.000 đồng mỗi hộ.\nKhông có "
        "biên bản họp thôn.",
        recommendation="Đề nghị UBND xã chỉ đạo trưởng thôn công khai khoản thu.",
        answering_agency=cast.tree.agency,
        certified_on=dt.date(2026, 3, 20),
        state=InspectionState.CERTIFIED,
    )
    values.update(extra)
    return InspectionCase.objects.create(**values)


def _sent(cast, **extra) -> InspectionCase:
    values = dict(
        doc_number="03/KN-BTTND",
        sent_on=dt.date(2026, 3, 23),
        answer_due=dt.date(2026, 4, 7),
        state=InspectionState.AWAITING_RESPONSE,
    )
    return _case(cast, **{**values, **extra})


def _round(cast, **extra) -> InvestmentRound:
    values = dict(
        board=cast.investment,
        unit=cast.investment.unit,
        project=cast.project,
        code="GSDT-2026-001",
        subject="Chất lượng thi công nền đường",
        starts_on=dt.date(2026, 4, 6),
        findings="Lớp cấp phối đá dăm mỏng hơn thiết kế.",
        recommendation="Đề nghị chủ đầu tư yêu cầu nhà thầu thi công lại đoạn Km0+200.",
        answerer=Answerer.INVESTOR,
        suspension_requested=True,
        state=RoundState.RECOMMENDATION,
    )
    values.update(extra)
    found = InvestmentRound.objects.create(**values)
    ChecklistEntry.objects.create(
        round=found, item=Checklist.PROGRESS, conformity=Conformity.YES, notes="Đúng tiến độ."
    )
    ChecklistEntry.objects.create(
        round=found, item=Checklist.SITE_PLAN, conformity=Conformity.NO, notes="Nền đường mỏng."
    )
    return found


def _docx_text(raw: bytes) -> str:
    document = Docx(io.BytesIO(raw))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _bold_runs(raw: bytes) -> list[str]:
    document = Docx(io.BytesIO(raw))
    cells = [c for t in document.tables for row in t.rows for c in row.cells]
    paragraphs = [*document.paragraphs, *(p for c in cells for p in c.paragraphs)]
    return [run.text for p in paragraphs for run in p.runs if run.bold]


# Reading a PDF's text without a PDF reader: each font's ToUnicode table, then the glyph codes
# the page's text operators show in that font. Line breaks are lost: compare without spaces.


def _stream(body: bytes) -> bytes | None:
    found = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
    if not found:
        return None
    data = found.group(1)
    return zlib.decompress(data) if b"/FlateDecode" in body[: found.start()] else data


def _objects(raw: bytes) -> dict[int, bytes]:
    objects = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", raw, re.S)}
    for body in list(objects.values()):
        if b"/Type /ObjStm" in body[:200]:
            data = _stream(body)
            count = int(re.search(rb"/N (\d+)", body).group(1))
            first = int(re.search(rb"/First (\d+)", body).group(1))
            heads = list(map(int, data[:first].split()))[: 2 * count]
            offsets = list(zip(heads[::2], heads[1::2], strict=True))
            ends = [start for _, start in offsets[1:]] + [len(data) - first]
            for (number, start), end in zip(offsets, ends, strict=True):
                objects[number] = data[first + start : first + end]
    return objects


def _cmap(data: bytes) -> dict[int, str]:
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            table[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, dst in re.findall(rb"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            for k, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                table[code] = chr(int(dst, 16) + k)
    return table


def _pdf_text(raw: bytes) -> str:
    objects = _objects(raw)
    fonts = {}
    for number, body in objects.items():
        if ref := re.search(rb"/ToUnicode (\d+) 0 R", body):
            fonts[number] = _cmap(_stream(objects[int(ref.group(1))]))
    names = {
        name: fonts[int(number)]
        for body in objects.values()
        for name, number in re.findall(rb"/([^\s/<>\[\]]+)\s+(\d+) 0 R", body)
        if int(number) in fonts
    }
    operators = re.compile(
        rb"/([^\s/<>\[\]]+)\s+[\d.]+\s+Tf|\[((?:[^\]\\]|\\.)*)\]\s*TJ|<(\w*)>\s*Tj"
    )
    out, cmap = [], {}
    for body in objects.values():
        data = _stream(body) if b"stream" in body else None
        for match in operators.finditer(data or b"") if data and b"Tf" in data else ():
            if match.group(1):
                cmap = names.get(match.group(1), {})
                continue
            shown = match.group(3) or b"".join(re.findall(rb"<(\w*)>", match.group(2) or b""))
            out += [cmap.get(int(shown[i : i + 4], 16), "") for i in range(0, len(shown), 4)]
    return "".join(out)


def _flat(text: str) -> str:
    return "".join(text.split()).lower()


# The recommendation -------------------------------------------------------------------------


def test_a_recommendation_not_yet_sent_has_no_number_and_is_marked_as_a_draft(cast):
    document = documents.recommendation_build(record=_case(cast))
    assert document.draft
    assert document.number_line == "Số: …/KN-BTTND"
    assert document.parent == "ỦY BAN MTTQ VIỆT NAM XÃ AN BÌNH"
    assert document.issuer == "BAN THANH TRA NHÂN DÂN XÃ AN BÌNH"
    assert document.place_date.startswith("An Bình, ngày … tháng …")
    text = _docx_text(documents_render.document_docx(document))
    assert "DỰ THẢO" in text and "Số: …/KN-BTTND" in text


def test_a_sent_recommendation_carries_its_number_date_agency_findings_and_recommendation(cast):
    document = documents.recommendation_build(record=_sent(cast))
    assert not document.draft
    assert document.number_line == "Số: 03/KN-BTTND"
    assert document.place_date == "An Bình, ngày 23 tháng 3 năm 2026"
    assert (document.title, document.addressee) == ("KIẾN NGHỊ", "UBND xã An Bình")
    assert document.subtitle == "Về việc thu tiền đóng góp xây dựng nhà văn hóa thôn Đông"
    text = _docx_text(documents_render.document_docx(document))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN MTTQ VIỆT NAM XÃ AN BÌNH",
        "BAN THANH TRA NHÂN DÂN XÃ AN BÌNH",
        "Số: 03/KN-BTTND",
        "Kính gửi: UBND xã An Bình",
        "đã tiến hành giám sát việc thu tiền đóng góp xây dựng nhà văn hóa thôn Đông tại UBND "
        "xã An Bình từ ngày 02/03/2026",
        "I. KẾT QUẢ GIÁM SÁT",
        "II. NỘI DUNG KIẾN NGHỊ",
        "Không có biên bản họp thôn.",
        "Đề nghị UBND xã chỉ đạo trưởng thôn công khai khoản thu.",
        "trong thời hạn 15 ngày (trước ngày 07/04/2026)",
        "TM. BAN THANH TRA NHÂN DÂN",
        "TRƯỞNG BAN",
        "Nơi nhận:",
        "- Ban Thường trực Ủy ban MTTQ Việt Nam xã An Bình;",
    ):
        assert expected in text, expected
    assert "DỰ THẢO" not in text and "tạm dừng" not in text
    assert document.recipients == (
        "- UBND xã An Bình;",
        "- Ban Thường trực Ủy ban MTTQ Việt Nam xã An Bình;",
        "- Lưu: BTTND.",
    )


@pytest.mark.parametrize(
    ("sent_on", "due", "limit"),
    [
        (dt.date(2026, 3, 23), dt.date(2026, 4, 7), "15 ngày"),
        (dt.date(2026, 3, 23), dt.date(2026, 4, 2), "10 ngày"),
        (dt.date(2026, 3, 23), None, "15 ngày"),
        (None, None, "15 ngày"),
    ],
)
def test_the_answer_limit_is_the_days_between_sending_and_the_due_date_else_the_setting(
    cast, sent_on, due, limit
):
    record = _case(cast, sent_on=sent_on, answer_due=due)
    assert documents.answer_limit(record) == limit
    text = "\n".join(documents.recommendation_build(record=record).texts())
    assert f"đề nghị trả lời trong thời hạn {limit}" in text


def test_without_dates_the_answer_limit_follows_the_setting_when_it_changes(cast):
    TimeLimit.objects.filter(case_kind="board_inspection", step="answer").update(
        count=10, unit=DayCount.WORKING_DAYS
    )
    assert documents.answer_limit(_case(cast)) == "10 ngày làm việc"


def test_the_certification_line_carries_the_date_the_front_certified_it(cast):
    certified = documents.recommendation_build(record=_case(cast))
    assert certified.certification == (
        "Xác nhận của Ban Thường trực Ủy ban MTTQ Việt Nam xã An Bình",
        "Đã xác nhận ngày 20/03/2026",
    )
    drafted = _case(
        cast, code="TTND-2026-004", certified_on=None, state=InspectionState.RECOMMENDATION_DRAFTED
    )
    text = _docx_text(
        documents_render.document_docx(documents.recommendation_build(record=drafted))
    )
    assert "Xác nhận của Ban Thường trực Ủy ban MTTQ" in text and "Xác nhận ngày …/…/……" in text


def test_the_current_head_signs_and_a_board_without_a_head_leaves_the_name_blank(cast):
    assert documents.recommendation_build(record=_case(cast)).signer_name == HEAD
    Member.objects.filter(role=MemberRole.HEAD).update(left_on=dt.date(2026, 1, 1))
    document = documents.recommendation_build(record=_case(cast, code="TTND-2026-005"))
    assert document.signer_name == ""
    assert "TRƯỞNG BAN" in _docx_text(documents_render.document_docx(document))


def test_a_round_is_addressed_to_the_investor_and_lists_its_checklist(cast):
    document = documents.recommendation_build(record=_round(cast))
    assert document.addressee == "Ban Quản lý dự án xã An Bình"
    assert document.issuer == "BAN GIÁM SÁT ĐẦU TƯ CỦA CỘNG ĐỒNG DỰ ÁN ĐƯỜNG LIÊN THÔN"
    assert document.number_line == "Số: …/KN-BGSĐTCĐ" and document.mandate.endswith("CỘNG ĐỒNG")
    table = next(b for b in document.body if isinstance(b, documents_render.Table))
    assert table.columns == ("STT", "Nội dung giám sát", "Kết quả", "Ghi chú")
    # In the order of Art. 43.1, whatever order they were recorded in.
    assert table.rows == (
        (
            "1",
            "Quy hoạch chi tiết, phương án kiến trúc, thiết kế xây dựng",
            "Không đúng quy định",
            "Nền đường mỏng.",
        ),
        ("2", "Kế hoạch và tiến độ đầu tư", "Đúng quy định", "Đúng tiến độ."),
    )
    text = _docx_text(documents_render.document_docx(document))
    assert "Nền đường mỏng." in text and "Đường liên thôn Đông - Tây (DA-01)" in text
    assert "- Ủy ban nhân dân xã An Bình;" in text


def test_a_suspension_request_is_a_bold_paragraph_in_a_box(cast):
    document = documents.recommendation_build(record=_round(cast))
    (alert,) = [b for b in document.body if getattr(b, "alert", False)]
    assert "tạm dừng việc đầu tư dự án Đường liên thôn Đông - Tây" in alert.text
    assert "điểm đ khoản 2 Điều 43" in alert.text
    assert alert.text in _bold_runs(documents_render.document_docx(document))
    assert f'<p class="body alert">{alert.text}</p>' in documents_render.document_html(document)


def test_a_round_answered_by_the_people_committee_is_addressed_to_it(cast):
    document = documents.recommendation_build(record=_round(cast, answerer=Answerer.UBND))
    assert document.addressee == "Ủy ban nhân dân xã An Bình"


def test_a_recommendation_reads_a_fixed_number_of_queries(cast, django_assert_num_queries):
    record = InspectionCase.objects.select_related(
        "board__unit", "board__commune", "answering_agency"
    ).get(pk=_case(cast).pk)
    # The head, the requester's versions, the answer limit (no dates yet).
    with django_assert_num_queries(3):
        documents.recommendation_build(record=record)


# The requester is never in a document -------------------------------------------------------


def test_the_requester_never_appears_even_when_the_findings_name_them(cast):
    record = _sent(cast)
    assert REQUESTER in record.findings
    document = documents.recommendation_build(record=record)
    text = _docx_text(documents_render.document_docx(document)) + "\n".join(document.texts())
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret
    assert "[được bảo mật]" in text and "thu 200.000 đồng mỗi hộ" in text


def test_a_name_the_requester_had_before_or_was_given_in_bulk_is_scrubbed_too(cast):
    record = _sent(cast, requester_name="Trần Văn Trước")
    record.requester_name = REQUESTER
    record.findings = "Ông Trần Văn Trước phản ánh việc thu tiền."
    record.save()
    # A change that skipped the history (a bulk update) is read from the row itself.
    InspectionCase.objects.filter(pk=record.pk).update(
        requester_name="Đỗ Thị Mới", findings=f"{record.findings} Bà Đỗ Thị Mới có mặt."
    )
    record.refresh_from_db()
    text = "\n".join(documents.recommendation_build(record=record).texts())
    assert "Trần Văn Trước" not in text and "Đỗ Thị Mới" not in text


@needs_pdf
def test_the_pdf_is_a_pdf_with_the_letters_and_without_the_requester(cast):
    record = _sent(cast)
    raw = documents_render.document_pdf(documents.recommendation_build(record=record))
    assert raw.startswith(b"%PDF")
    text = _flat(_pdf_text(raw))
    for shown in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 03/KN-BTTND", HEAD, record.subject):
        assert _flat(shown) in text, shown
    for secret in SECRETS:
        assert _flat(secret) not in text, secret


# The periodic report ------------------------------------------------------------------------


@pytest.fixture
def quarter(cast):
    """The first quarter of 2026: five cases started in it, one in April, one of another board;
    plans of 2026 (one approved with three items, one still drafted) and of 2025."""
    plan = Plan.objects.create(
        board=cast.board,
        period=Period.YEAR,
        year=2026,
        title="Kế hoạch năm 2026",
        state=PlanState.APPROVED,
    )
    items = [
        PlanItem.objects.create(
            plan=plan, subject=f"Nội dung {n}", supervised_body="UBND xã", starts_on=day
        )
        for n, day in enumerate((dt.date(2026, 1, 5), dt.date(2026, 2, 1), dt.date(2026, 4, 1)))
    ]
    draft = Plan.objects.create(
        board=cast.board, period=Period.QUARTER, year=2026, number=2, title="Quý II"
    )
    PlanItem.objects.create(
        plan=draft, subject="Dự kiến", supervised_body="-", starts_on=dt.date(2026, 4, 2)
    )
    old = Plan.objects.create(
        board=cast.board, period=Period.YEAR, year=2025, title="2025", state=PlanState.APPROVED
    )
    PlanItem.objects.create(
        plan=old, subject="Cũ", supervised_body="-", starts_on=dt.date(2025, 5, 2)
    )

    def case(code, day, state, **extra):
        return _case(
            cast,
            code=code,
            subject=f"Vụ việc {code}",
            starts_on=dt.date(2026, *day),
            state=state,
            certified_on=None,
            **extra,
        )

    sent = dict(sent_on=dt.date(2026, 2, 10), answer_due=dt.date(2026, 2, 25))
    case("Q1-A", (1, 10), InspectionState.NO_ISSUE, plan_item=items[0])
    case("Q1-B", (1, 20), InspectionState.REPORTED)
    case(
        "Q1-C",
        (2, 1),
        InspectionState.RESPONDED,
        plan_item=items[1],
        **sent,
        responded_on=dt.date(2026, 2, 20),
    )
    late = case("Q1-D", (2, 3), InspectionState.OVERDUE, **sent)
    # Answered after falling overdue: the history still counts it as overdue.
    late.respond()
    late.responded_on = dt.date(2026, 3, 1)
    late.save()
    case("Q1-E", (3, 5), InspectionState.ESCALATED, **sent, suspension_requested=True)
    case("Q2-F", (4, 5), InspectionState.INVESTIGATING, plan_item=items[2])
    neighbour = make_unit(
        cast.tree.neighbour,
        "Ban TTND xã Phú Hòa",
        kind=UnitKind.INSPECTION_BOARD,
        level=UnitLevel.COMMUNE,
    )
    other = Board.objects.create(
        unit=neighbour, commune=cast.tree.neighbour, kind=BoardKind.INSPECTION
    )
    _case(cast, board=other, unit=neighbour, code="PH-1", state=InspectionState.NO_ISSUE)
    return BoardReport.objects.create(
        board=cast.board,
        period=Period.QUARTER,
        year=2026,
        number=1,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 3, 31),
        narrative=f"Ban đã phối hợp tốt với UBND xã.\nBà {REQUESTER} đã được thông báo kết quả.",
    )


def test_the_figures_count_the_cases_started_in_the_period_and_the_plan_of_the_year(quarter):
    assert documents.report_figures(quarter) == {
        "started": 5,
        "no_issue": 2,
        "recommendations_sent": 3,
        "answered": 2,
        "awaiting": 1,
        "overdue": 2,
        "escalated": 1,
        "suspension_requests": 1,
        "planned_items": 3,
        "plan_items_started": 2,
        "cases_from_plan": 2,
    }


def test_the_figures_read_a_fixed_number_of_queries(quarter, django_assert_num_queries):
    report = BoardReport.objects.select_related("board").get(pk=quarter.pk)
    # The cases, their history, the plan's items.
    with django_assert_num_queries(3):
        documents.report_figures(report)


def test_an_investment_board_has_no_plan_items_to_start(cast):
    _round(cast, starts_on=dt.date(2026, 2, 2))
    report = BoardReport.objects.create(
        board=cast.investment,
        period=Period.YEAR,
        year=2026,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    figures = documents.report_figures(report)
    assert figures["started"] == 1 and figures["plan_items_started"] is None
    document = documents.report_build(report=report)
    assert document.subtitle == "Kết quả hoạt động năm 2026"
    assert "Đã dự thảo kiến nghị" in document.texts()


def test_the_report_shows_the_figures_the_cases_the_narrative_and_the_head(quarter):
    document = documents.report_build(report=quarter)
    assert (document.title, document.subtitle) == ("BÁO CÁO", "Kết quả hoạt động quý I năm 2026")
    assert document.number_line == "Số: …/BC-BTTND" and document.draft
    assert document.addressee == "Ban Thường trực Ủy ban MTTQ Việt Nam xã An Bình"
    assert document.signer_name == HEAD
    figures, cases = [b for b in document.body if isinstance(b, documents_render.Table)]
    assert dict(figures.rows)["Kiến nghị quá hạn trả lời"] == "2"
    assert dict(figures.rows)["Nội dung kế hoạch đã triển khai (đến ngày 31/03/2026)"] == "2"
    assert [row[1] for row in cases.rows] == ["Q1-A", "Q1-B", "Q1-C", "Q1-D", "Q1-E"]
    assert cases.rows[4][2:] == (
        "Vụ việc Q1-E",
        "Đã đề nghị Ủy ban MTTQ kiến nghị cấp có thẩm quyền",
    )
    text = _docx_text(documents_render.document_docx(document))
    for expected in (
        "I. KẾT QUẢ HOẠT ĐỘNG",
        "II. DANH SÁCH CÁC VỤ VIỆC",
        "III. ĐÁNH GIÁ, ĐỀ XUẤT",
        "Ban đã phối hợp tốt với UBND xã.",
        "Q1-D",
        HEAD,
    ):
        assert expected in text, expected
    assert REQUESTER not in text and "Q2-F" not in text and "PH-1" not in text


def test_a_submitted_report_is_not_a_draft_and_carries_its_date(quarter):
    report = BoardReport.objects.create(
        board=quarter.board,
        period=Period.HALF_YEAR,
        year=2026,
        number=1,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 30),
        submitted_on=dt.date(2026, 7, 3),
        state=ReportState.SUBMITTED,
    )
    document = documents.report_build(report=report)
    assert not document.draft
    assert document.place_date == "An Bình, ngày 03 tháng 7 năm 2026"
    assert document.subtitle == "Kết quả hoạt động 6 tháng đầu năm 2026"


# The downloads ------------------------------------------------------------------------------


def _url(name: str, pk: int, fmt: str = "docx") -> str:
    return reverse(f"supervision:{name}", args=[pk, fmt])


@pytest.mark.parametrize("who", ["member", "officer", "auditor"])
def test_who_reads_the_board_downloads_the_case_recommendation(client, cast, who):
    record = _sent(cast)
    client.force_login(getattr(cast, who))
    response = client.get(_url("case-recommendation", record.pk))
    assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="recommendation-ttnd-2026-003.docx"'
    )
    assert "no-store" in response["Cache-Control"]
    text = _docx_text(response.content)
    assert "Số: 03/KN-BTTND" in text and REQUESTER not in text


@needs_pdf
def test_the_pdf_downloads_carry_no_requester(client, cast, quarter):
    record = InspectionCase.objects.get(code="Q1-E")
    client.force_login(cast.member)
    for url in (
        _url("case-recommendation", record.pk, "pdf"),
        _url("report-document", quarter.pk, "pdf"),
    ):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = _flat(_pdf_text(response.content))
        assert _flat("TM. BAN THANH TRA NHÂN DÂN") in text
        assert _flat(REQUESTER) not in text and _flat("Bí Mật") not in text


def test_the_round_and_the_report_download_as_word(client, cast, quarter):
    client.force_login(cast.investment_member)
    response = client.get(_url("round-recommendation", _round(cast).pk))
    assert response.status_code == 200 and "tạm dừng việc đầu tư" in _docx_text(response.content)
    client.force_login(cast.officer)
    response = client.get(_url("report-document", quarter.pk))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="board-report-{quarter.pk}.docx"'
    )
    assert "Kết quả hoạt động quý I năm 2026" in _docx_text(response.content)


@pytest.mark.parametrize("who", ["stranger", "official", "investment_member"])
def test_who_does_not_read_the_board_gets_404(client, cast, quarter, who):
    record = _sent(cast)
    client.force_login(getattr(cast, who))
    assert client.get(_url("case-recommendation", record.pk)).status_code == 404
    assert client.get(_url("report-document", quarter.pk)).status_code == 404


def test_a_member_of_the_inspection_board_does_not_read_the_investment_board(client, cast):
    client.force_login(cast.member)
    assert client.get(_url("round-recommendation", _round(cast).pk)).status_code == 404


def test_an_unknown_format_or_record_is_404(client, cast):
    client.force_login(cast.officer)
    record = _sent(cast)
    assert client.get(_url("case-recommendation", record.pk, "odt")).status_code == 404
    assert client.get(_url("case-recommendation", record.pk + 100)).status_code == 404
    # A case's id is not a round's.
    assert client.get(_url("round-recommendation", record.pk)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, cast):
    response = client.get(_url("case-recommendation", _sent(cast).pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
