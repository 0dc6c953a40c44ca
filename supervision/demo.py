"""Demo boards for `make run`: Phường Hoàn Kiếm's People's Inspection Board (members, a term, a
member who left and the by-election that filled the seat, its plans, a case in every state, a
report), the ward's pavement project with its community investment supervision board (a round
on site with its checklist half done, another whose recommendation asks to suspend the works),
a second project whose proposed board has a name matching a contractor's, and Phường Ba Đình's
board and a project without a board (so the targets show one unmet).

Everything goes through the services and flows, with the clock set back for each step
(`cases.demo.on_day`); the answer timers of the late cases fire at the end, as the timer runner
would have."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cases.demo import on_day
from units.models import User
from workflows import acting

from . import services
from .choices import BoardKind, MemberRole, MemberSource, PartyRole
from .models import Board, InspectionCase, InvestmentRound

BTTND_MEMBERS = [
    ("Nguyễn Văn Trưởng", "Tổ dân phố số 1", MemberRole.HEAD, "truongban"),
    ("Hoàng Thị Thanh", "Tổ dân phố số 2", MemberRole.DEPUTY, "bttnd"),
    ("Phạm Văn Khải", "Tổ dân phố số 3", MemberRole.MEMBER, None),
    ("Lê Thị Mai", "Tổ dân phố số 4", MemberRole.MEMBER, None),
    ("Trần Văn Quý", "Tổ dân phố số 5", MemberRole.MEMBER, None),
]
BA_DINH_MEMBERS = [
    ("Vũ Minh Hải", "Tổ dân phố số 1", MemberRole.HEAD),
    ("Đặng Thị Yến", "Tổ dân phố số 2", MemberRole.DEPUTY),
    ("Ngô Văn Bảo", "Tổ dân phố số 3", MemberRole.MEMBER),
    ("Phan Thị Lụa", "Tổ dân phố số 4", MemberRole.MEMBER),
    ("Hồ Văn Tường", "Tổ dân phố số 5", MemberRole.MEMBER),
]
PAVEMENT_MEMBERS = [
    ("Đinh Văn Sơn", MemberRole.HEAD, MemberSource.COMMITTEE, "bgsdt"),
    ("Mai Thị Thu", MemberRole.DEPUTY, MemberSource.INSPECTION_BOARD, None),
    ("Trịnh Văn Long", MemberRole.MEMBER, MemberSource.RESIDENT, None),
    ("Cao Thị Nga", MemberRole.MEMBER, MemberSource.RESIDENT, None),
    ("Bùi Văn Tâm", MemberRole.MEMBER, MemberSource.RESIDENT, None),
]
SUBJECTS = [
    "Thu, chi quỹ phòng chống thiên tai năm 2026",
    "Niêm yết công khai thủ tục hành chính tại bộ phận một cửa",
    "Cấp giấy chứng nhận quyền sử dụng đất cho hộ gia đình",
    "Quản lý, sử dụng nhà văn hóa tổ dân phố",
    "Thu phí trông giữ xe trên vỉa hè phố Hàng Bạc",
    "Chi trả trợ cấp xã hội cho người cao tuổi quý III",
    "Xử lý rác thải tại điểm tập kết phố Hàng Mã",
    "Công khai dự toán ngân sách phường năm 2026",
]


def _users() -> dict[str, User]:
    names = ("chuyenvien", "lanhdao", "coquan", "bttnd", "truongban", "bgsdt")
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _act(case, action, user, day, **data):
    with on_day(day):
        acting.act(case=case, action=action, actor=user, **data)
    case.refresh_from_db()
    return case


def _inspection_board(u, places, today):
    start = today - dt.timedelta(days=400)
    with on_day(start):
        board = services.board_create(
            actor=u["chuyenvien"],
            commune=places["commune0"],
            kind=BoardKind.INSPECTION,
            villages=5,
            unit=places["board"],
        )
        election = services.election_record(
            actor=u["chuyenvien"],
            board=board,
            kind="election",
            held_on=start,
            where="Hội trường UBND phường",
        )
        for name, village, role, login in BTTND_MEMBERS:
            services.member_add(
                actor=u["chuyenvien"],
                board=board,
                full_name=name,
                village=village,
                role=role,
                seated_by=election,
                user=u.get(login) if login else None,
            )
    with on_day(start + dt.timedelta(days=5)):
        services.board_recognise(
            actor=u["lanhdao"],
            board=board,
            term_starts=start + dt.timedelta(days=5),
            notice_to="HĐND phường; UBND phường; nhân dân qua loa truyền thanh và niêm yết",
        )
        services.board_activate(actor=u["chuyenvien"], board=board)
    # A member moves away; the seat is filled by a by-election.
    left = board.members.get(full_name="Trần Văn Quý")
    with on_day(today - dt.timedelta(days=120)):
        vacancy = services.member_leave(
            actor=u["chuyenvien"],
            member=left,
            left_on=today - dt.timedelta(days=120),
            reason="Chuyển nơi cư trú",
        )
    _act(
        vacancy,
        "fill",
        u["chuyenvien"],
        today - dt.timedelta(days=90),
        held_on=today - dt.timedelta(days=90),
        full_name="Lý Văn Thành",
        village="Tổ dân phố số 5",
        minutes="Bầu bổ sung tại hội nghị tổ dân phố số 5",
    )
    return board


def _plans(u, board, today):
    with on_day(dt.date(today.year, 1, 5)):
        year = services.plan_create(
            actor=u["bttnd"],
            board=board,
            period="year",
            year=today.year,
            title=f"Kế hoạch giám sát năm {today.year}",
        )
        items = [
            services.plan_item_add(
                actor=u["bttnd"],
                plan=year,
                subject=subject,
                supervised_body="UBND phường Hoàn Kiếm",
                starts_on=dt.date(today.year, 1, 15) + dt.timedelta(days=30 * i),
            )
            for i, subject in enumerate(SUBJECTS)
        ]
    with on_day(dt.date(today.year, 1, 8)):
        services.plan_approve(actor=u["lanhdao"], plan=year)
        services.plan_post(
            actor=u["chuyenvien"], plan=year, posted_where="Bảng tin trụ sở UBND phường"
        )
    return items


def _open(u, board, day, subject, **extra):
    with on_day(day):
        return services.case_open(
            actor=u["bttnd"],
            board=board,
            subject=subject,
            supervised_body=extra.pop("body", "UBND phường Hoàn Kiếm"),
            starts_on=day,
            **extra,
        )


def _through(u, case, target, day, places):
    """Runs `case` step by step from `day` until it reaches `target`."""
    order = [
        "notified",
        "investigating",
        "findings_recorded",
        "recommendation_drafted",
        "certified",
        "awaiting_response",
        "responded",
        "requester_notified",
        "reported",
        "closed",
    ]
    steps = {
        "notified": (
            "send_plan",
            "bttnd",
            {"plan_sent_on": day, "sent_to": "Ban Thường trực UBMTTQ phường; Chủ tịch UBND phường"},
        ),
        "investigating": ("start", "bttnd", {}),
        "findings_recorded": (
            "record_findings",
            "bttnd",
            {
                "findings": (
                    "Qua kiểm tra sổ sách và làm việc với cán bộ phụ trách, Ban ghi nhận "
                    "một số khoản chi chưa đúng quy định."
                )
            },
        ),
        "recommendation_drafted": (
            "draft_recommendation",
            "bttnd",
            {
                "recommendation": (
                    "Đề nghị UBND phường chỉ đạo rà soát, thu hồi các khoản chi chưa đúng "
                    "quy định và công khai kết quả."
                )
            },
        ),
        "certified": ("certify", "lanhdao", {}),
        "awaiting_response": (
            "send",
            "truongban",
            {"answerer": "ubnd", "answering_agency": places["agency"]},
        ),
        "responded": (
            "respond",
            "coquan",
            {"response": "UBND phường đã chỉ đạo rà soát và thu hồi 12.500.000 đồng chi sai."},
        ),
        "requester_notified": (
            "tell_requester",
            "bttnd",
            {"told_how": "Gửi văn bản trả lời qua bưu điện"},
        ),
        "reported": ("report", "truongban", {"report_note": "Vụ việc đã được giải quyết xong."}),
        "closed": ("close", "chuyenvien", {}),
    }
    for state in order[: order.index(target) + 1]:
        if state == "requester_notified" and not case.has_requester:
            continue
        name, who, data = steps[state]
        if state == "investigating":
            day = day + dt.timedelta(days=8)  # the plan has been out 5 working days
        case = _act(case, name, u[who], day, **data)
        day = day + dt.timedelta(days=2)
    return case


def _cases(u, board, items, places, today):

    def d(days):
        return today - dt.timedelta(days=days)

    _open(u, board, items[3].starts_on, "", plan_item=items[3])  # planned
    case = _open(u, board, d(days=1), "", plan_item=items[4])
    _act(case, "send_plan", u["bttnd"], d(days=1), plan_sent_on=d(days=1), sent_to="UBND phường")
    _through(
        u, _open(u, board, d(days=30), "", plan_item=items[0]), "investigating", d(days=30), places
    )
    _through(
        u,
        _open(u, board, d(days=40), "", plan_item=items[1]),
        "recommendation_drafted",
        d(days=40),
        places,
    )
    _through(
        u,
        _open(u, board, d(days=30), "", plan_item=items[2]),
        "awaiting_response",
        d(days=24),
        places,
    )
    _through(
        u,
        _open(u, board, d(days=50), "", plan_item=items[5]),
        "awaiting_response",
        d(days=40),
        places,
    )  # overdue
    _through(
        u,
        _open(u, board, d(days=70), "", plan_item=items[6]),
        "awaiting_response",
        d(days=55),
        places,
    )  # escalated
    request = _open(
        u,
        board,
        d(days=45),
        "Đổ phế thải xây dựng lấn chiếm vỉa hè ngõ Hàng Hành",
        source="request",
        requester_name="Nguyễn Thị Tố Nga",
        requester_address="Số 12 ngõ Hàng Hành",
        requester_phone="0912 345 678",
        protect_identity=True,
    )
    request = _through(u, request, "findings_recorded", d(days=45), places)
    _act(request, "no_issue", u["bttnd"], d(days=20))
    _act(request, "tell_requester", u["bttnd"], d(days=18), told_how="Gặp trực tiếp tại nhà")
    plain = _open(
        u,
        board,
        d(days=60),
        "Cấp phép sửa chữa nhà số 8 phố Hàng Bông",
        source="request",
        requester_name="Trần Văn Lộc",
        requester_address="Số 8 phố Hàng Bông",
    )
    _through(u, plain, "responded", d(days=60), places)
    _through(u, _open(u, board, d(days=150), "", plan_item=items[7]), "closed", d(days=150), places)
    for subject, target, who in (
        ("Thu tiền điện chiếu sáng ngõ Tạm Thương", "certified", "Đỗ Văn Hưng"),
        ("Sửa chữa cống thoát nước ngõ Hội Vũ", "findings_recorded", "Phạm Thị Hạnh"),
        ("Cấp nước sạch cho tổ dân phố số 3", "reported", "Vũ Văn Nam"),
    ):
        request = _open(
            u,
            board,
            d(days=35),
            subject,
            source="request",
            requester_name=who,
            requester_address="Phường Hoàn Kiếm",
        )
        _through(u, request, target, d(days=35), places)


def _project(u, commune, code, name, kind, parties, **extra):
    project = services.project_create(
        actor=u["chuyenvien"], unit=commune, code=code, name=name, type=kind, **extra
    )
    for role, party, people in parties:
        services.party_add(
            actor=u["chuyenvien"], project=project, role=role, name=party, people=people
        )
    return project


def _pavement(u, places, today):
    start = today - dt.timedelta(days=200)
    with on_day(start):
        project = _project(
            u,
            places["commune0"],
            "HK-2026-01",
            "Cải tạo vỉa hè phố Hàng Bông",
            "public",
            [
                (PartyRole.INVESTOR, "Ban Quản lý dự án đầu tư xây dựng quận", "Trần Quốc Toản"),
                (PartyRole.CONTRACTOR, "Công ty TNHH Xây dựng Minh Phát", "Ngô Minh Phát"),
            ],
            location="Phố Hàng Bông",
            budget=6_800_000_000,
            starts_on=start,
            ends_on=today + dt.timedelta(days=120),
        )
        board = services.board_create(
            actor=u["chuyenvien"],
            commune=places["commune0"],
            kind=BoardKind.INVESTMENT,
            project=project,
            unit=places["project_board"],
        )
        election = services.election_record(
            actor=u["chuyenvien"], board=board, kind="election", held_on=start
        )
        for name, role, source, login in PAVEMENT_MEMBERS:
            member = services.member_add(
                actor=u["chuyenvien"],
                board=board,
                full_name=name,
                role=role,
                source=source,
                seated_by=election,
                user=u.get(login) if login else None,
            )
            services.member_declare(actor=u["chuyenvien"], member=member)
        services.board_elect(actor=u["chuyenvien"], board=board)
        services.board_establish(actor=u["lanhdao"], board=board)
        services.board_notify_composition(
            actor=u["chuyenvien"],
            board=board,
            notice_to="Ban QLDA đầu tư xây dựng quận; UBND phường",
        )
        services.board_activate(actor=u["chuyenvien"], board=board)
    # A round on site, its checklist half done.
    with on_day(today - dt.timedelta(days=60)):
        on_site = services.round_open(
            actor=u["bgsdt"],
            board=board,
            subject="Giám sát chất lượng lát đá vỉa hè đợt 2",
            starts_on=today - dt.timedelta(days=5),
        )
    _act(
        on_site,
        "notify_investor",
        u["bgsdt"],
        today - dt.timedelta(days=55),
        notice_sent_on=today - dt.timedelta(days=55),
    )
    _act(on_site, "start_site_check", u["bgsdt"], today - dt.timedelta(days=5))
    for item, conformity, notes in (
        ("plans_fit", "yes", ""),
        ("site_plan", "no", "Đá lát không đúng chủng loại trong thiết kế được duyệt."),
        ("environment", "yes", "Có che chắn, tưới nước giảm bụi."),
    ):
        _act(
            on_site,
            "check_item",
            u["bgsdt"],
            today - dt.timedelta(days=4),
            item=item,
            conformity=conformity,
            notes=notes,
        )
    # A round whose recommendation asks to suspend the works, waiting for the investor.
    with on_day(today - dt.timedelta(days=120)):
        grave = services.round_open(
            actor=u["bgsdt"],
            board=board,
            subject="Giám sát việc lấn chiếm hành lang an toàn",
            starts_on=today - dt.timedelta(days=70),
        )
    _act(
        grave,
        "notify_investor",
        u["bgsdt"],
        today - dt.timedelta(days=118),
        notice_sent_on=today - dt.timedelta(days=118),
    )
    _act(grave, "start_site_check", u["bgsdt"], today - dt.timedelta(days=70))
    _act(
        grave,
        "check_item",
        u["bgsdt"],
        today - dt.timedelta(days=70),
        item="harm",
        conformity="no",
        notes="Thi công đào hố ga sát móng nhà dân, gây nứt tường hai hộ.",
    )
    _act(
        grave,
        "record_findings",
        u["bgsdt"],
        today - dt.timedelta(days=69),
        findings="Thi công không có biện pháp bảo vệ công trình liền kề; hai hộ dân bị nứt tường.",
    )
    _act(
        grave,
        "draft_recommendation",
        u["bgsdt"],
        today - dt.timedelta(days=8),
        recommendation=(
            "Đề nghị tạm dừng thi công đoạn từ số 20 đến số 36 phố Hàng Bông cho đến khi có "
            "biện pháp bảo đảm an toàn."
        ),
        suspension_requested=True,
    )
    _act(grave, "certify", u["lanhdao"], today - dt.timedelta(days=6))
    _act(grave, "send", u["bgsdt"], today - dt.timedelta(days=5), answerer="investor")
    return board


def _community_hall(u, places, today):
    """A proposed board with a member whose name matches the contractor's director."""
    with on_day(today - dt.timedelta(days=20)):
        project = _project(
            u,
            places["commune0"],
            "HK-2026-02",
            "Sửa chữa nhà văn hóa tổ dân phố số 5",
            "community",
            [(PartyRole.CONTRACTOR, "Hợp tác xã Xây dựng Đồng Tâm", "Lê Thị Hồng")],
            budget=450_000_000,
        )
        board = services.board_create(
            actor=u["chuyenvien"],
            commune=places["commune0"],
            kind=BoardKind.INVESTMENT,
            project=project,
        )
        for name, role in (("Le Thi Hong", MemberRole.HEAD), ("Phùng Văn Dũng", MemberRole.MEMBER)):
            services.member_add(actor=u["chuyenvien"], board=board, full_name=name, role=role)


def _ba_dinh(u, places, today):
    start = today - dt.timedelta(days=300)
    with on_day(start):
        board = services.board_create(
            actor=u["chuyenvien"],
            commune=places["commune1"],
            kind=BoardKind.INSPECTION,
            villages=5,
            unit=places["board1"],
        )
        election = services.election_record(
            actor=u["chuyenvien"], board=board, kind="election", held_on=start
        )
        for name, village, role in BA_DINH_MEMBERS:
            services.member_add(
                actor=u["chuyenvien"],
                board=board,
                full_name=name,
                village=village,
                role=role,
                seated_by=election,
            )
        services.board_recognise(
            actor=u["lanhdao"],
            board=board,
            term_starts=start,
            notice_to="HĐND phường; UBND phường; nhân dân",
        )
        services.board_activate(actor=u["chuyenvien"], board=board)
        _project(
            u,
            places["commune1"],
            "BD-2026-01",
            "Nâng cấp trường mầm non Ba Đình",
            "public",
            [(PartyRole.INVESTOR, "UBND phường Ba Đình", "")],
            budget=12_000_000_000,
        )
    return board


@transaction.atomic
def load_demo(places) -> int | None:
    if Board.objects.filter(unit=places["board"]).exists():
        return None
    u = _users()
    today = timezone.localdate()
    board = _inspection_board(u, places, today)
    items = _plans(u, board, today)
    _cases(u, board, items, places, today)
    with on_day(today - dt.timedelta(days=60)):
        report = services.report_create(
            actor=u["bttnd"],
            board=board,
            period="quarter",
            year=today.year,
            number=3 if today.month > 9 else 1,
        )
        services.report_edit(
            actor=u["bttnd"],
            report=report,
            narrative=(
                "Trong quý, Ban đã giám sát các nội dung theo kế hoạch; các kiến nghị đã được "
                "UBND phường tiếp thu."
            ),
        )
        services.report_submit(actor=u["truongban"], report=report)
    pavement = _pavement(u, places, today)
    _community_hall(u, places, today)
    ba_dinh = _ba_dinh(u, places, today)
    for rated, grade in ((board, "tot"), (ba_dinh, "kha"), (pavement, "trung_binh")):
        services.rating_record(
            actor=u["lanhdao"],
            board=rated,
            year=today.year,
            grade=grade,
            reason="Đánh giá cuối năm",
        )
    # The late answers' timers fire as the runner would have (follow-up, escalation).
    transaction.on_commit(_fire_timers)
    return InspectionCase.objects.count() + InvestmentRound.objects.count()


def _fire_timers():
    from workflows.tasks import fire_due_timers

    fire_due_timers()
