"""A session's two official reports, as a document model that the DOCX and PDF writers
(`documents_docx`, `documents_pdf`) only lay out:

- the aggregated report on voters' opinions and recommendations (NQLT 72/2025 Art. 37–38):
  the meetings held, then every item by scope and field;
- the report on the answers received (Art. 49.2, 53): each item with each agency's answer,
  outcome and roadmap, overdue agencies flagged, counts by outcome.

The layout follows the administrative format of Nghị định 30/2020/NĐ-CP (issuing body and
number top left, national motto top right, place and date, title, body, signer, recipients).
The body is Vietnamese by law whatever language the person generating it reads.

Voters are never part of a report: the data is read as the national export reads it (no name
or address loaded) and every free text, the editable narrative included, passes through one
`Scrubber` per session built from every voter the session has recorded.
"""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone, translation

from cases.identity import Person, Scrubber
from units.choices import Role
from units.models import Membership, Unit

from .choices import Body, Field, MeetingState, Outcome, Scope
from .export import is_overdue, session_items, session_units
from .models import AgencyAnswer, Item, ItemSource, Meeting, MeetingDeputy, Opinion, Session

AGGREGATED = "aggregated"
ANSWERS = "answers"
REPORTS = (AGGREGATED, ANSWERS)

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"
BOARD = "BAN THƯỜNG TRỰC"
MANDATE = "TM. BAN THƯỜNG TRỰC"
DEFAULT_SIGNER_TITLE = "CHỦ TỊCH"
# The document's symbol (Nghị định 30 Annex III: kind "BC", then the issuing body).
SYMBOL = "BC-MTTQ-BTT"
# An unnumbered report leaves room for the clerk's number (the register gives it on signing).
BLANK_NUMBER = "\u00a0" * 8

HELD = (MeetingState.HELD, MeetingState.MINUTES_RECORDED, MeetingState.CLOSED)

SCOPE_HEADINGS = {
    Scope.CENTRAL: "Kiến nghị thuộc thẩm quyền giải quyết của Trung ương",
    Scope.LOCAL: "Kiến nghị thuộc thẩm quyền giải quyết của địa phương",
    "": "Kiến nghị chưa phân loại thẩm quyền",
}
OUTCOME_LABELS = {
    Outcome.RESOLVED: "Đã giải quyết",
    Outcome.IN_PROGRESS: "Đang giải quyết",
    Outcome.EXPLAINED: "Đã giải trình, cung cấp thông tin",
}
LETTERS = "ABCDEFGH"
# "Tỉnh Lâm Sơn, ngày …" is written "Lâm Sơn, ngày …": the place of a document is the name of
# the area without its rank (Nghị định 30 Annex I, section I.5).
_RANK = re.compile(r"^(tỉnh|thành phố|xã|phường|đặc khu|thị trấn|huyện|quận)\s+", re.IGNORECASE)


# The document model ----------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str = ""  # a bold opening (an item's code)
    italic: bool = False


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Relative column widths; the writers scale them to the text width.
    widths: tuple[int, ...]
    # Rows to emphasise (an overdue agency): their last cell is set in bold.
    flagged: frozenset[int] = frozenset()


Block = Heading | Paragraph | Table


@dataclass(frozen=True)
class ReportOptions:
    """What the person generating the report may change (nothing is stored)."""

    narrative: str
    signer_title: str = DEFAULT_SIGNER_TITLE
    signer_name: str = ""
    number: str = ""
    recipients: tuple[str, ...] = ()
    date: dt.date | None = None


@dataclass(frozen=True)
class Report:
    kind: str
    issuer: str
    board: str
    number_line: str
    motto: str
    motto_sub: str
    place_date: str
    title: str
    subtitle: str
    narrative: tuple[str, ...]
    body: tuple[Block, ...]
    mandate: str
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...]
    overdue_agencies: tuple[str, ...] = field(default=())

    def texts(self) -> list[str]:
        """Every string the document shows, in reading order (for the tests and for checking
        that nothing identifies a voter)."""
        out = [
            self.issuer,
            self.board,
            self.number_line,
            self.motto,
            self.motto_sub,
            self.place_date,
            self.title,
            self.subtitle,
            *self.narrative,
        ]
        for block in self.body:
            if isinstance(block, Table):
                out += [*block.columns, *(cell for row in block.rows for cell in row)]
            elif isinstance(block, Paragraph):
                out.append(f"{block.lead}{block.text}")
            else:
                out.append(block.text)
        out += [self.mandate, self.signer_title, self.signer_name, "Nơi nhận:", *self.recipients]
        return out


# Defaults of the form ----------------------------------------------------------------------


def report_defaults(*, session: Session, kind: str) -> dict:
    """The form's initial values: a narrative naming the session and its legal basis, the
    chair as signer when the committee records one, the usual recipients."""
    committee, delegation = session.unit, session.delegation
    area = _area(committee)
    if kind == AGGREGATED:
        narrative = (
            "Thực hiện Nghị quyết liên tịch số 72/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN quy định "
            "chi tiết việc tổ chức hội nghị cử tri; cách thức tổ chức tiếp xúc cử tri của đại "
            f"biểu Quốc hội, đại biểu Hội đồng nhân dân, Ban Thường trực Ủy ban MTTQ Việt Nam "
            f"{area} đã phối hợp tổ chức để các đại biểu tiếp xúc cử tri trước "
            f"{session.title}. Ban Thường trực tổng hợp ý kiến, kiến nghị của cử tri như sau:"
        )
    else:
        narrative = (
            "Thực hiện Điều 49, Điều 53 Nghị quyết liên tịch số "
            "72/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN, Ban Thường trực Ủy ban MTTQ Việt Nam "
            f"{area} báo cáo kết quả trả lời, giải quyết kiến nghị của cử tri gửi tới "
            f"{session.title} như sau:"
        )
    recipients = []
    if delegation is not None:
        recipients.append(delegation.name)
    if session.body == Body.NATIONAL_ASSEMBLY:
        recipients.append("Ban Dân nguyện và Giám sát của Quốc hội")
    else:
        recipients.append("Thường trực Hội đồng nhân dân")
    recipients += ["Ban Thường trực Ủy ban MTTQ Việt Nam cấp trên", "Lưu: VT."]
    return {
        "narrative": narrative,
        "number": "",
        "date": timezone.localdate(),
        "signer_title": DEFAULT_SIGNER_TITLE,
        "signer_name": _leader_name(committee),
        "recipients": "\n".join(recipients),
    }


def _leader_name(committee: Unit) -> str:
    leader = (
        Membership.objects.filter(unit=committee, role=Role.UNIT_LEADER, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return leader.user.get_full_name() if leader else ""


# Building ---------------------------------------------------------------------------------


def report_build(
    *, session: Session, kind: str, options: ReportOptions, today: dt.date | None = None
) -> Report:
    """The report `kind` of the session, read from the data and the options given."""
    if kind not in REPORTS:
        raise ValueError(kind)
    today = today or timezone.localdate()
    committee, _delegation = session_units(session)
    scrub, scrub_known = _scrubbers(session)
    items = session_items(session)
    # Field labels and the scrubber's mark ("[được bảo mật]") come out in Vietnamese.
    with translation.override("vi"):
        if kind == AGGREGATED:
            title = "Tổng hợp ý kiến, kiến nghị của cử tri gửi tới " + session.title
            body, overdue = _aggregated_body(session, items, scrub), ()
        else:
            title = "Kết quả trả lời kiến nghị của cử tri gửi tới " + session.title
            body, overdue = _answers_body(items, scrub, today)
        return Report(
            kind=kind,
            issuer=f"ỦY BAN MTTQ VIỆT NAM {(committee.area_name or committee.name).upper()}",
            board=BOARD,
            number_line=f"Số: {options.number.strip() or BLANK_NUMBER}/{SYMBOL}",
            motto=MOTTO,
            motto_sub=MOTTO_SUB,
            place_date=f"{_place(committee)}, {vietnamese_date(options.date or today)}",
            title="BÁO CÁO",
            subtitle=title,
            narrative=tuple(scrub_known(p) for p in _paragraphs(options.narrative)),
            body=tuple(body),
            mandate=MANDATE,
            signer_title=options.signer_title.strip().upper() or DEFAULT_SIGNER_TITLE,
            signer_name=options.signer_name.strip(),
            recipients=_recipients(scrub_known(r) for r in options.recipients),
            overdue_agencies=overdue,
        )


def vietnamese_date(day: dt.date) -> str:
    """ "ngày 03 tháng 12 năm 2026": a day below 10 and the months January and February take
    a leading zero (Nghị định 30 Annex I, section I.5)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _aggregated_body(session: Session, items: list[Item], scrub: Scrubber) -> list[Block]:
    meetings = _held_meetings(session)
    voters = sum(m.voters_attending or 0 for m in meetings)
    presences = [link for m in meetings for link in m.deputies.all()]
    deputies = sorted({link.deputy.get_full_name() for link in presences})
    body: list[Block] = [Heading("I. TÌNH HÌNH TỔ CHỨC TIẾP XÚC CỬ TRI")]
    body.append(
        Paragraph(
            f"Đã tổ chức {len(meetings)} cuộc tiếp xúc cử tri với {voters} lượt cử tri tham dự; "
            f"{len(presences)} lượt đại biểu tham dự"
            + (f" ({', '.join(deputies)})." if deputies else ".")
        )
    )
    if meetings:
        body.append(
            Table(
                columns=("STT", "Cuộc tiếp xúc", "Ngày", "Địa điểm", "Số cử tri", "Đại biểu"),
                rows=tuple(
                    (
                        str(n),
                        m.code,
                        (m.held_on or m.meeting_day).strftime("%d/%m/%Y"),
                        scrub(m.place) or m.get_medium_display(),
                        str(m.voters_attending or 0),
                        str(len(m.deputies.all())),
                    )
                    for n, m in enumerate(meetings, 1)
                ),
                widths=(2, 5, 4, 9, 3, 3),
            )
        )
    body.append(Heading("II. Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI"))
    if not items:
        body.append(Paragraph("Chưa có kiến nghị nào được tổng hợp.", italic=True))
    groups = _by_scope_and_field(items)
    for letter, (scope, fields) in zip(LETTERS, groups.items(), strict=False):
        count = sum(len(group) for group in fields.values())
        body.append(Heading(f"{letter}. {SCOPE_HEADINGS[scope]} ({count} kiến nghị)", level=2))
        for number, (code, group) in enumerate(fields.items(), 1):
            body.append(Heading(f"{number}. Lĩnh vực {_field_label(code)}", level=3))
            for item in group:
                body.append(_item_paragraph(item, scrub))
    return body


def _item_paragraph(item: Item, scrub: Scrubber) -> Paragraph:
    sources = list(item.sources.all())
    meetings = sorted({s.opinion.meeting.code for s in sources})
    voters = sum(s.opinion.voters for s in sources)
    title = scrub(item.title).rstrip(" .")
    content = scrub(item.content).rstrip(" .")
    facts = f"{voters} cử tri; {len(meetings)} cuộc tiếp xúc"
    if meetings:
        facts += ": " + ", ".join(meetings)
    carried = f" Kiến nghị chuyển tiếp từ {item.carried_from.code}." if item.carried_from else ""
    return Paragraph(f"{title}. {content} ({facts}).{carried}", lead=f"{item.code}. ")


def _answers_body(
    items: list[Item], scrub: Scrubber, today: dt.date
) -> tuple[list[Block], tuple[str, ...]]:
    routed = [item for item in items if item.answers.all()]
    answers = [a for item in routed for a in item.answers.all()]
    overdue = [a for a in answers if is_overdue(a, today=today)]
    outcomes = Counter(a.outcome for a in answers if a.answered_on)
    waiting = sum(1 for a in answers if not a.answered_on)
    body: list[Block] = [Heading("I. KẾT QUẢ CHUNG")]
    body.append(
        Paragraph(
            f"Có {len(routed)} kiến nghị được chuyển tới {len(answers)} lượt cơ quan có thẩm "
            f"quyền; đã nhận được {len(answers) - waiting} văn bản trả lời, còn {waiting} lượt "
            f"cơ quan chưa trả lời; {len(overdue)} lượt cơ quan quá thời hạn trả lời 60 ngày "
            "(Điều 49.1)."
        )
    )
    summary = [(OUTCOME_LABELS[o], str(outcomes.get(o.value, 0))) for o in Outcome]
    summary += [("Chưa trả lời", str(waiting)), ("Quá hạn trả lời", str(len(overdue)))]
    body.append(Table(columns=("Kết quả", "Số lượt"), rows=tuple(summary), widths=(12, 4)))
    body.append(Heading("II. KẾT QUẢ TRẢ LỜI TỪNG KIẾN NGHỊ"))
    if not routed:
        body.append(Paragraph("Chưa có kiến nghị nào được chuyển tới cơ quan.", italic=True))
    for item in routed:
        body.append(Heading(f"{item.code}. {scrub(item.title)}", level=3))
        body.append(Paragraph(scrub(item.content), lead="Nội dung kiến nghị: "))
        rows, flagged = [], set()
        for n, answer in enumerate(item.answers.all()):
            late = is_overdue(answer, today=today)
            if late:
                flagged.add(n)
            rows.append(
                (
                    answer.agency.name,
                    OUTCOME_LABELS.get(answer.outcome, "—") if answer.answered_on else "—",
                    scrub(answer.content) or "—",
                    _roadmap(answer, scrub),
                    _status(answer, late),
                )
            )
        body.append(
            Table(
                columns=(
                    "Cơ quan",
                    "Kết quả",
                    "Nội dung trả lời",
                    "Lộ trình, thời hạn",
                    "Tình trạng",
                ),
                rows=tuple(rows),
                widths=(5, 4, 9, 5, 5),
                flagged=frozenset(flagged),
            )
        )
    names = tuple(dict.fromkeys(a.agency.name for a in overdue))
    if names:
        body.append(Heading("III. CƠ QUAN TRẢ LỜI QUÁ HẠN"))
        body.append(
            Paragraph(
                "Đề nghị các cơ quan sau khẩn trương trả lời kiến nghị của cử tri: "
                + "; ".join(names)
                + "."
            )
        )
    return body, names


def _roadmap(answer: AgencyAnswer, scrub: Scrubber) -> str:
    parts = []
    if answer.roadmap:
        parts.append(scrub(answer.roadmap).rstrip(" .;"))
    if answer.promised_on:
        parts.append(f"Hoàn thành trước {answer.promised_on:%d/%m/%Y}")
    return "; ".join(parts) or "—"


def _status(answer: AgencyAnswer, late: bool) -> str:
    if answer.answered_on:
        text = f"Đã trả lời ngày {answer.answered_on:%d/%m/%Y}"
        if answer.document_number:
            text += f" (văn bản số {answer.document_number})"
        return text + (" - QUÁ HẠN" if late else "")
    due = f" (hạn {answer.answer_due:%d/%m/%Y})" if answer.answer_due else ""
    return ("Chưa trả lời - QUÁ HẠN" if late else "Chưa trả lời") + due


# Reading and helpers -----------------------------------------------------------------------


def _scrubbers(session: Session) -> tuple[Scrubber, Scrubber]:
    """Two scrubbers of every voter the session has recorded, in every version the history
    holds (as the export's): one that also blanks what identifies anybody (a phone, a street
    address), for the texts that come from voters and agencies; one for the voters alone, for
    what the organiser types into the form. The generic rules read "Ban Thường trực" (the
    standing board, named in nearly every narrative) as "thường trú" (where someone lives) and
    would blank the rest of the sentence."""
    merged = ItemSource.objects.filter(item__session=session).values("opinion_id")
    rows = (
        Opinion.history.filter(Q(session_id=session.pk) | Q(id__in=merged))
        .exclude(voter_name="", voter_address="")
        .values_list("voter_name", "voter_address")
        .distinct()
    )
    persons = [Person(full_name=name, address=address) for name, address in rows]
    return Scrubber(persons), Scrubber(persons, generic=False)


def _held_meetings(session: Session) -> list[Meeting]:
    present = MeetingDeputy.objects.filter(present=True).select_related("deputy")
    return list(
        Meeting.objects.filter(session=session, state__in=HELD)
        .prefetch_related(Prefetch("deputies", queryset=present))
        .order_by("starts_at", "code")
    )


def _by_scope_and_field(items: list[Item]) -> dict[str, dict[str, list[Item]]]:
    groups: dict[str, dict[str, list[Item]]] = {}
    for scope in (Scope.CENTRAL, Scope.LOCAL, ""):
        fields: dict[str, list[Item]] = {}
        for code in Field.values:
            group = [i for i in items if (i.scope or "") == scope and i.field == code]
            if group:
                fields[code] = group
        if fields:
            groups[scope] = fields
    return groups


def _field_label(code: str) -> str:
    label = str(Field(code).label)
    return label[:1].lower() + label[1:]


def _area(unit: Unit) -> str:
    return unit.area_name or unit.name


def _place(unit: Unit) -> str:
    return _RANK.sub("", _area(unit)).strip() or _area(unit)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\r?\n", text or "") if p.strip()]


def _recipients(lines) -> tuple[str, ...]:
    """ "- Đoàn ĐBQH tỉnh …;" a line each, the last closed with a full stop."""
    lines = [line.strip().lstrip("-–•").strip().rstrip(";.,") for line in lines]
    lines = [line for line in lines if line]
    return tuple(f"- {line}{'.' if n == len(lines) else ';'}" for n, line in enumerate(lines, 1))
