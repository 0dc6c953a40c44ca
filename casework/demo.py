"""Demo petitions for `make run`: every kind in every state, some overdue, one denunciation
with a protected identity, so each demo user opens a realistic inbox.

Everything goes through the same flow and services as real work. To place cases in the past,
the services' clock is set back while each case is built (`_clock`); nothing is written
behind the flow's back.
"""

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from django.db import transaction
from django.utils import timezone

from units.models import User
from workflows import acting, timers

from .models import Petition
from .reception import petition_start
from .services.intake import SignerData

DEMO_MARK = "[demo]"

PEOPLE = [
    SignerData("Nguyễn Văn Bình", "001085012345", "0912345678", "Số 12 phố Hàng Bạc"),
    SignerData("Trần Thị Mai", "001190023456", "0987654321", "Số 3 ngõ Tạm Thương"),
    SignerData("Lê Quang Huy", "001078034567", "0904111222", "Số 45 phố Hàng Gai"),
    SignerData("Phạm Thị Lan", "001182045678", "0913222333", "Số 8 phố Lò Sũ"),
    SignerData("Hoàng Văn Nam", "001070056789", "0978333444", "Số 20 phố Mã Mây"),
]
DENOUNCER = SignerData("Đỗ Minh Tâm", "001088067890", "0966555777", "Số 7 ngõ Hội Vũ")
DENUNCIATION_CONTENT = (
    "Tôi là Đỗ Minh Tâm, CCCD 001 088 067 890, điện thoại 0966.555.777, trú tại số 7 ngõ Hội Vũ."
    " Tôi tố cáo cán bộ địa chính phường nhận tiền của người dân khi làm hồ sơ cấp giấy chứng"
    " nhận quyền sử dụng đất, kèm theo các giấy tờ liên quan."
)

# subject, kind, content, how far it goes, days ago received
CASES = [
    ("Lấn chiếm vỉa hè trước số 15 phố Hàng Bạc", "feedback", "received", 2),
    ("Chậm cấp giấy chứng nhận quyền sử dụng đất", "complaint", "received", 30),
    ("Đề nghị lắp đèn chiếu sáng ngõ Tạm Thương", "recommendation", "classified", 5),
    ("Khiếu nại quyết định thu hồi đất làm đường", "complaint", "referred", 8),
    ("Khiếu nại mức bồi thường giải phóng mặt bằng", "complaint", "awaiting_answer", 10),
    ("Phản ánh tiếng ồn công trình xây dựng ban đêm", "feedback", "overdue", 75),
    ("Tố cáo cán bộ địa chính nhận tiền hồ sơ", "denunciation", "awaiting_answer", 12),
    ("Kiến nghị sửa chữa nhà văn hóa tổ dân phố", "recommendation", "answer_received", 40),
    ("Khiếu nại việc xét hộ nghèo năm 2026", "complaint", "petitioner_notified", 45),
    ("Phản ánh rác thải tồn đọng tại chợ", "feedback", "disclosure_pending", 50),
    ("Khiếu nại cấp phép kinh doanh karaoke", "complaint", "disclosed", 55),
    ("Kiến nghị điều chỉnh phân luồng giao thông", "recommendation", "closed", 60),
    ("Hỏi thủ tục đăng ký hộ kinh doanh", "feedback", "guided", 20),
    ("Đơn không ký tên về tranh chấp lối đi", "complaint", "archived", 25),
    ("Đơn gửi nhầm về việc của tỉnh khác", "feedback", "returned", 22),
    ("Đơn đã được giải quyết bằng bản án", "complaint", "refused", 18),
    ("Đơn đông người về ô nhiễm cống thoát nước", "feedback", "group", 3),
    ("Đơn vừa khiếu nại vừa tố cáo về đất và cán bộ", "mixed", "split", 15),
    ("Hỏi lại thủ tục đăng ký hộ kinh doanh", "feedback", "duplicate", 10),
]

CONTENT = (
    "Người dân trình bày sự việc, kèm theo các giấy tờ liên quan, và đề nghị cơ quan có thẩm "
    "quyền xem xét, giải quyết theo quy định của pháp luật."
)


@contextmanager
def _clock(day: dt.date):
    with mock.patch("casework.services.common.today", lambda: day):
        yield


def _advance(petition, target: str, users: dict, places: dict, start: dt.date) -> None:
    officer, leader, agency = users["chuyenvien"], users["lanhdao"], users["coquan"]

    def act(action, actor, day=2, **data):
        data.setdefault("reason", "Xử lý theo quy trình")
        with _clock(min(start + dt.timedelta(days=day), timezone.localdate())):
            acting.act(case=petition, action=action, actor=actor, **data)
        petition.refresh_from_db()

    if target in ("received", "group"):
        return
    if target == "refused":
        act("refuse", officer, reason="Vụ việc đã có bản án có hiệu lực pháp luật")
        return
    act("classify", officer, kind=petition.kind, field="land", processable=True)
    if target == "classified":
        return
    if target == "split":
        parts = [
            {
                "kind": "complaint",
                "title": f"Phần khiếu nại về đất {DEMO_MARK}",
                "content": CONTENT,
            },
            {"kind": "recommendation", "title": f"Phần kiến nghị {DEMO_MARK}", "content": CONTENT},
        ]
        act("split", officer, reason="Đơn có nhiều nội dung", parts=parts)
        return
    if target == "duplicate":
        act("mark_duplicate", officer, reason="Trùng nội dung đã được hướng dẫn")
        return
    outcome = {"guided": "guide", "archived": "archive", "returned": "return"}.get(target)
    if outcome:
        act(outcome, officer, reason="Đã hướng dẫn / xử lý theo quy định")
        return
    act("refer", officer, agency=places["agency"], reason="Thuộc thẩm quyền UBND phường")
    if target == "referred":
        return
    act("send_referral", leader, day=3, reason="Đã ký phiếu chuyển")
    if target in ("awaiting_answer", "overdue"):
        return
    act(
        "record_answer",
        agency,
        day=20,
        document_number=f"{petition.pk}/UBND-VP",
        document_date=start + dt.timedelta(days=19),
        summary="UBND phường đã kiểm tra thực tế và có văn bản trả lời công dân.",
        outcome="resolved",
    )
    if target == "answer_received":
        return
    act("notify_petitioner", officer, day=21, on=start + dt.timedelta(days=21), channel="post")
    if target == "petitioner_notified":
        return
    act(
        "submit_disclosure",
        officer,
        day=22,
        summary="Vụ việc đã được UBND phường kiểm tra và giải quyết dứt điểm theo quy định.",
    )
    if target == "disclosure_pending":
        return
    act("approve_disclosure", leader, day=23, reason="Đồng ý công khai")
    if target == "disclosed":
        return
    act("close", officer, day=24, reason="Đã hoàn thành")


@transaction.atomic
def load_demo_petitions(places: dict) -> int:
    if Petition.objects.filter(title__endswith=DEMO_MARK).exists():
        return 0
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["tiepdan", "chuyenvien", "lanhdao", "coquan"])
    }
    today = timezone.localdate()
    for index, (title, kind, target, days_ago) in enumerate(CASES):
        start = today - dt.timedelta(days=days_ago)
        if target == "group":
            signers = PEOPLE
        elif kind == "denunciation":
            signers = [DENOUNCER]
        else:
            signers = [PEOPLE[index % len(PEOPLE)]]
        original = (
            Petition.objects.filter(state="guided", title__endswith=DEMO_MARK).first()
            if target == "duplicate"
            else None
        )
        petition = petition_start(
            actor=users["tiepdan"],
            unit=places["commune0"],
            channel="in_person" if index % 2 else "post",
            kind=kind,
            title=f"{title} {DEMO_MARK}",
            # A denouncer writes who they are into the letter, as people do: the case page
            # shows it scrubbed to everyone the leader has not allowed.
            content=DENUNCIATION_CONTENT if kind == "denunciation" else CONTENT,
            request="Đề nghị xem xét, giải quyết.",
            received_on=start,
            signers=signers,
            duplicate_of=original,
        ).petition
        _advance(petition, target, users, places, start)
    # The overdue referral's reminder, follow-up and escalation come due in the past: the
    # runner fires them now, as it would after the server was off.
    timers.fire_due_timers()
    return len(CASES)
