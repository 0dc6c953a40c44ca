"""A commune board's official documents, as a document model that `documents_render` only lays
out (Word and PDF):

- the board's recommendation (kiến nghị) closing an inspection case or an investment round
  (THDCOCS Art. 39, 40.2d, 43.2, 45.1d), certified by the commune Front, with the answer limit
  and, when asked, the request to suspend the investment (Art. 43.2đ);
- the board's periodic report to the commune Front (Nghị định 59/2023/NĐ-CP Art. 14.3), whose
  figures `report_figures` computes from the board's cases (the pages show the same ones).

The layout follows Nghị định 30/2020/NĐ-CP: the body above and the issuing board top left with
the number, the national motto top right, place and date, title, body, signer, recipients. The
texts are Vietnamese by law whatever language the reader uses.

The requester of an inspection case is never part of a document: no name, address or phone is
shown, and every free text passes through a scrubber built from every version of them."""

from django.db.models import Count, Q
from django.utils import translation

from cases.documents import (
    BLANK,
    Block,
    Document,
    Heading,
    Paragraph,
    Table,
    area,
    area_in_text,
    paragraphs,
    place_date,
    recipients,
)
from cases.identity import Person, Scrubber
from units.models import Unit
from workdays.models import DayCount

from . import deadlines
from .choices import (
    Answerer,
    BoardKind,
    Checklist,
    Conformity,
    InspectionState,
    MemberRole,
    PartyRole,
    Period,
    PlanState,
    ReportState,
    RoundState,
)
from .models import Board, BoardReport, InspectionCase, InvestmentRound, PlanItem

SIGNER_TITLE = "TRƯỞNG BAN"
# Per kind: the board's name, its abbreviation in a document's symbol (Nghị định 30 Annex
# III), what one of its cases is called, and the articles a recommendation rests on.
KINDS = {
    BoardKind.INSPECTION: ("BAN THANH TRA NHÂN DÂN", "BTTND", "vụ việc", "Điều 38, 39, 40"),
    BoardKind.INVESTMENT: (
        "BAN GIÁM SÁT ĐẦU TƯ CỦA CỘNG ĐỒNG",
        "BGSĐTCĐ",
        "cuộc giám sát",
        "Điều 43, 44, 45",
    ),
}
CHECKLIST = {
    Checklist.PLANS_FIT: "Sự phù hợp với quy hoạch, kế hoạch của xã và quyết định đầu tư",
    Checklist.LAND: "Chỉ giới đất đai và việc sử dụng đất",
    Checklist.SITE_PLAN: "Quy hoạch chi tiết, phương án kiến trúc, thiết kế xây dựng",
    Checklist.ENVIRONMENT: "Việc xử lý chất thải, bảo vệ môi trường",
    Checklist.RESETTLEMENT: "Bồi thường, hỗ trợ, giải phóng mặt bằng và tái định cư",
    Checklist.PROGRESS: "Kế hoạch và tiến độ đầu tư",
    Checklist.DISCLOSURE: "Việc công khai thông tin",
    Checklist.HARM: "Việc gây ảnh hưởng đến cộng đồng, lãng phí, thất thoát vốn",
    Checklist.STANDARDS: "Tiêu chuẩn, định mức kỹ thuật, vật tư",
    Checklist.ACCEPTANCE: "Nghiệm thu và quyết toán công trình",
}
CONFORMITY = {
    Conformity.YES: "Đúng quy định",
    Conformity.NO: "Không đúng quy định",
    Conformity.NOT_OBSERVED: "Chưa giám sát được",
}
IS, RS = InspectionState, RoundState
STATES = {
    IS.PLANNED: "Đã lập kế hoạch",
    IS.NOTIFIED: "Đã gửi kế hoạch",
    IS.INVESTIGATING: "Đang giám sát",
    RS.SITE_CHECK: "Đang kiểm tra hiện trường",
    IS.FINDINGS_RECORDED: "Đã có kết quả giám sát",
    RS.FINDINGS: "Đã có kết quả giám sát",
    IS.NO_ISSUE: "Không phát hiện sai phạm",
    IS.RECOMMENDATION_DRAFTED: "Đã dự thảo kiến nghị",
    RS.RECOMMENDATION: "Đã dự thảo kiến nghị",
    IS.CERTIFIED: "Đã được Ủy ban MTTQ xác nhận",
    IS.SENT: "Đã gửi kiến nghị",
    IS.AWAITING_RESPONSE: "Đang chờ trả lời",
    IS.OVERDUE: "Quá hạn trả lời",
    IS.ESCALATED: "Đã đề nghị Ủy ban MTTQ kiến nghị cấp có thẩm quyền",
    IS.RESPONDED: "Đã được trả lời",
    IS.REQUESTER_NOTIFIED: "Đã thông báo cho người đề nghị",
    RS.RESIDENTS_INFORMED: "Đã thông báo cho nhân dân",
    IS.REPORTED: "Đã báo cáo",
    IS.CLOSED: "Đã kết thúc",
}
ROUND_STATES = {**STATES, RS.NOTIFIED: "Đã thông báo cho chủ đầu tư"}
# A case that ended without sending a recommendation found nothing to recommend.
ENDED = (IS.NO_ISSUE, IS.REQUESTER_NOTIFIED, RS.RESIDENTS_INFORMED, IS.REPORTED, IS.CLOSED)
LATE = (IS.OVERDUE, IS.ESCALATED)
FIGURES = {
    "started": "Số {noun} đã tiến hành",
    "no_issue": "Không phát hiện sai phạm, không phải kiến nghị",
    "recommendations_sent": "Văn bản kiến nghị đã gửi",
    "answered": "Kiến nghị đã được trả lời",
    "awaiting": "Kiến nghị đang chờ trả lời",
    "overdue": "Kiến nghị quá hạn trả lời",
    "escalated": "Đã đề nghị Ủy ban MTTQ kiến nghị cấp có thẩm quyền",
    "suspension_requests": "Kiến nghị tạm dừng việc đầu tư",
    "planned_items": "Nội dung giám sát theo kế hoạch năm {year}",
    "plan_items_started": "Nội dung kế hoạch đã triển khai (đến ngày {ends:%d/%m/%Y})",
}
ROMAN = ("", "I", "II", "III", "IV")


# The recommendation -------------------------------------------------------------------------


def answer_limit(record: InspectionCase | InvestmentRound) -> str:
    """ "15 ngày": the days between sending and the due date when both are known, else the
    board's time limit setting (THDCOCS Art. 40.1c, 45.2c, 45.3c)."""
    if record.sent_on and record.answer_due and record.answer_due > record.sent_on:
        return f"{(record.answer_due - record.sent_on).days} ngày"
    limit = deadlines.limit(record, "answer")
    return f"{limit.count} {'ngày làm việc' if limit.unit == DayCount.WORKING_DAYS else 'ngày'}"


def recommendation_build(*, record: InspectionCase | InvestmentRound) -> Document:
    """The recommendation of a case or round (its board, commune, agency and project loaded)."""
    board, is_round = record.board, isinstance(record, InvestmentRound)
    name, symbol, _noun, articles = KINDS[board.kind]
    scrub = _scrubber([] if is_round else [record.pk])
    addressee = _addressee(record)
    board_name = board.unit.name
    what = _inside(scrub(record.subject))
    if is_round:
        what += f" thuộc dự án {record.project.name} ({record.project.code})"
    else:
        what += f" tại {scrub(record.supervised_body)}"
    body: list[Block] = [
        Paragraph(
            f"Căn cứ {articles} Luật Thực hiện dân chủ ở cơ sở năm 2022 và Nghị định số "
            f"59/2023/NĐ-CP; {board_name} đã tiến hành giám sát {what} từ ngày "
            f"{record.starts_on:%d/%m/%Y}. Kết quả giám sát và kiến nghị như sau:"
        ),
        Heading("I. KẾT QUẢ GIÁM SÁT"),
        *paragraphs(scrub(record.findings), empty="Chưa ghi nhận kết quả giám sát."),
    ]
    if is_round:
        entries = sorted(record.checklist.all(), key=lambda e: list(Checklist).index(e.item))
        body.append(
            Table(
                columns=("STT", "Nội dung giám sát", "Kết quả", "Ghi chú"),
                rows=tuple(
                    (str(n), CHECKLIST[e.item], CONFORMITY[e.conformity], scrub(e.notes))
                    for n, e in enumerate(entries, 1)
                ),
                widths=(2, 10, 5, 8),
            )
        )
    body.append(Heading("II. NỘI DUNG KIẾN NGHỊ"))
    if record.suspension_requested:
        project = f" dự án {record.project.name}" if is_round else ""
        body.append(
            Paragraph(
                f"{board_name} đề nghị cấp có thẩm quyền tạm dừng việc đầu tư{project} theo "
                "điểm đ khoản 2 Điều 43 Luật Thực hiện dân chủ ở cơ sở năm 2022.",
                alert=True,
            )
        )
    body += paragraphs(scrub(record.recommendation), empty="Chưa có nội dung kiến nghị.")
    days = answer_limit(record)
    due = f" (trước ngày {record.answer_due:%d/%m/%Y})" if record.answer_due else ""
    body.append(
        Paragraph(
            f"Đề nghị {addressee} xem xét, giải quyết; đề nghị trả lời trong thời hạn {days}"
            f"{due} kể từ ngày nhận được văn bản này để {board_name} thông báo cho nhân dân."
        )
    )
    certified = f"ngày {record.certified_on:%d/%m/%Y}" if record.certified_on else "ngày …/…/……"
    front = area_in_text(board.commune)
    number = record.doc_number.strip()
    copies = [addressee, f"Ban Thường trực Ủy ban MTTQ Việt Nam {front}"]
    if record.answerer == Answerer.INVESTOR:
        # The People's Committee oversees the investor: it gets a copy.
        copies.append(_people_committee(board.commune))
    return Document(
        parent=f"ỦY BAN MTTQ VIỆT NAM {area(board.commune).upper()}",
        issuer=board_name.upper(),
        number_line=f"Số: {number}" if number else f"Số: {BLANK}/KN-{symbol}",
        place_date=place_date(board.commune, record.sent_on),
        title="KIẾN NGHỊ",
        subtitle=_about(scrub(record.subject)),
        addressee=addressee,
        body=tuple(body),
        mandate=f"TM. {name}",
        signer_title=SIGNER_TITLE,
        signer_name=_head_name(board),
        recipients=recipients([*copies, f"Lưu: {symbol}"]),
        draft=not number,
        certification=(
            f"Xác nhận của Ban Thường trực Ủy ban MTTQ Việt Nam {front}",
            f"Đã xác nhận {certified}" if record.certified_on else f"Xác nhận {certified}",
        ),
    )


def _addressee(record) -> str:
    if record.answering_agency_id:
        return record.answering_agency.name
    if record.answerer == Answerer.INVESTOR and isinstance(record, InvestmentRound):
        investors = record.project.parties.filter(role=PartyRole.INVESTOR).order_by("pk")
        names = [party.name for party in investors]
        return "; ".join(names) or f"Chủ đầu tư dự án {record.project.name}"
    return _people_committee(record.board.commune)


# The periodic report ------------------------------------------------------------------------


def report_cases(report: BoardReport) -> list[dict]:
    """The board's cases (or rounds) that started within the report's period, as plain values:
    pk, code, subject, state, state_label and what the figures count. No requester field."""
    model = InspectionCase if report.board.is_inspection else InvestmentRound
    rows = list(
        model.objects.filter(
            board=report.board, starts_on__gte=report.starts_on, starts_on__lte=report.ends_on
        )
        .order_by("starts_on", "code")
        .values("pk", "code", "subject", "state", "sent_on", "responded_on", "suspension_requested")
    )
    labels = ROUND_STATES if model is InvestmentRound else STATES
    for row in rows:
        row["state_label"] = labels[row["state"]]
    return rows


def report_figures(report: BoardReport, *, cases: list[dict] | None = None) -> dict:
    """What the board did in the report's period: cases started, found without issue,
    recommendations sent, answered, awaiting, ever overdue, ever escalated (read from the
    history, as an answer may have come after either), suspension requests sent; and of its
    approved plans of the report's year, the items planned and, for an inspection board, the
    items and cases started from them up to the report's end. `cases` = `report_cases(report)`
    when the caller has read them already."""
    board = report.board
    cases = report_cases(report) if cases is None else cases
    model = InspectionCase if board.is_inspection else InvestmentRound
    late = set(
        model.history.filter(id__in=[c["pk"] for c in cases], state__in=LATE).values_list(
            "id", "state"
        )
    )
    sent = [c for c in cases if c["sent_on"]]
    items = PlanItem.objects.filter(plan__board=board, plan__year=report.year).exclude(
        plan__state=PlanState.DRAFTED
    )
    started = Q(cases__starts_on__lte=report.ends_on)
    plan = items.aggregate(
        planned=Count("pk", distinct=True),
        started=Count("pk", filter=started, distinct=True),
        cases=Count("cases", filter=started, distinct=True),
    )
    return {
        "started": len(cases),
        "no_issue": sum(1 for c in cases if c["state"] in ENDED and not c["sent_on"]),
        "recommendations_sent": len(sent),
        "answered": sum(1 for c in sent if c["responded_on"]),
        "awaiting": sum(1 for c in sent if not c["responded_on"]),
        "overdue": len({pk for pk, _state in late}),
        "escalated": len({pk for pk, state in late if state == IS.ESCALATED}),
        "suspension_requests": sum(1 for c in sent if c["suspension_requested"]),
        "planned_items": plan["planned"],
        "plan_items_started": plan["started"] if board.is_inspection else None,
        "cases_from_plan": plan["cases"] if board.is_inspection else None,
    }


def report_build(*, report: BoardReport) -> Document:
    """The report's document (its board, the board's unit and commune loaded)."""
    board = report.board
    name, symbol, noun, _articles = KINDS[board.kind]
    cases = report_cases(report)
    figures = report_figures(report, cases=cases)
    scrub = _scrubber([c["pk"] for c in cases] if board.is_inspection else [])
    period = _period(report)
    values = {"noun": noun, "year": report.year, "ends": report.ends_on}
    rows = tuple(
        (label.format(**values), str(figures[key]))
        for key, label in FIGURES.items()
        if figures[key] is not None
    )
    body: list[Block] = [
        Paragraph(
            "Thực hiện khoản 3 Điều 14 Nghị định số 59/2023/NĐ-CP, "
            f"{board.unit.name} báo cáo kết quả hoạt động {period} "
            f"(từ ngày {report.starts_on:%d/%m/%Y} đến ngày {report.ends_on:%d/%m/%Y}) như sau:"
        ),
        Heading("I. KẾT QUẢ HOẠT ĐỘNG"),
        Table(columns=("Nội dung", "Số lượng"), rows=rows, widths=(12, 3)),
        Heading(f"II. DANH SÁCH CÁC {noun.upper()}"),
    ]
    if cases:
        body.append(
            Table(
                columns=("STT", "Mã số", "Nội dung", "Tình trạng"),
                rows=tuple(
                    (str(n), c["code"], scrub(c["subject"]), c["state_label"])
                    for n, c in enumerate(cases, 1)
                ),
                widths=(2, 5, 11, 6),
            )
        )
    else:
        body.append(Paragraph(f"Trong kỳ không có {noun} nào.", italic=True))
    narrative = paragraphs(scrub(report.narrative))
    if narrative:
        body += [Heading("III. ĐÁNH GIÁ, ĐỀ XUẤT"), *narrative]
    front = f"Ban Thường trực Ủy ban MTTQ Việt Nam {area_in_text(board.commune)}"
    return Document(
        parent=f"ỦY BAN MTTQ VIỆT NAM {area(board.commune).upper()}",
        issuer=board.unit.name.upper(),
        number_line=f"Số: {BLANK}/BC-{symbol}",
        place_date=place_date(board.commune, report.submitted_on),
        title="BÁO CÁO",
        subtitle=f"Kết quả hoạt động {period}",
        addressee=front,
        body=tuple(body),
        mandate=f"TM. {name}",
        signer_title=SIGNER_TITLE,
        signer_name=_head_name(board),
        recipients=recipients([front, f"Lưu: {symbol}"]),
        draft=report.state == ReportState.DRAFTED,
    )


def _period(report: BoardReport) -> str:
    if report.period == Period.QUARTER and report.number in (1, 2, 3, 4):
        return f"quý {ROMAN[report.number]} năm {report.year}"
    if report.period == Period.HALF_YEAR:
        half = "cuối" if report.number == 2 else "đầu"
        return f"6 tháng {half} năm {report.year}"
    if report.period == Period.TERM:
        return f"nhiệm kỳ {report.starts_on.year} - {report.ends_on.year}"
    return f"năm {report.year}"


# Helpers ------------------------------------------------------------------------------------


def _people_committee(commune: Unit) -> str:
    return f"Ủy ban nhân dân {area_in_text(commune)}"


def _inside(text: str) -> str:
    """A subject inside a sentence: "Việc thu tiền" is "việc thu tiền", "UBND" stays."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _about(subject: str) -> str:
    """The summary under the title: "Về việc thu tiền …"."""
    text = _inside(subject)
    return f"Về {text}" if text.startswith("việc ") else f"Về việc {text}"


def _head_name(board: Board) -> str:
    head = board.current_members().filter(role=MemberRole.HEAD).order_by("-term_starts").first()
    return head.full_name if head else ""


def _scrubber(case_ids: list[int]):
    """Blanks every version of every requester of the inspection cases given, whether or not
    they asked for protection: a document circulates (a round has no requester)."""
    if not case_ids:
        return str
    fields = ("requester_name", "requester_address", "requester_phone")
    # The history holds every saved version; the row itself, what a bulk update changed.
    rows = (
        InspectionCase.history.filter(id__in=case_ids)
        .order_by()
        .values_list(*fields)
        .union(InspectionCase.objects.filter(pk__in=case_ids).order_by().values_list(*fields))
    )
    persons = [Person(full_name=n, address=a, phone=p) for n, a, p in rows if n or a or p]
    scrubber = Scrubber(persons, generic=False)

    def scrub(text: str) -> str:
        # The scrubber's mark ("[được bảo mật]") comes out in the document's language.
        with translation.override("vi"):
            return scrubber(text)

    return scrub
