"""Demo voter contact for `make run`: the city's previous NA session with an item carried over,
and the current one with six meetings (four held, one announced, one planned), about sixty
opinions, fifteen aggregated items routed to the city's departments, and answers in every
state.

Everything goes through the same services and flows as real work. To place it in the past the
clock is set back while each step runs (`_clock`), so history rows carry the day the step
happened; nothing is written behind the flow's back.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cases.demo import on_day as _clock
from units.models import User
from workflows import acting

from . import services
from .models import Item, Session
from .services import OpinionRow

DEMO_TITLE = "Kỳ họp thứ hai, Quốc hội khóa XVI"
AGENCIES = (
    "Sở Xây dựng Hà Nội",
    "Sở Nông nghiệp và Môi trường Hà Nội",
    "Sở Y tế Hà Nội",
    "Công an thành phố Hà Nội",
)

# (field, agencies by index into AGENCIES (or -1: the city's People's Committee), wordings)
TOPICS = [
    (
        "infrastructure",
        (0,),
        [
            "Đề nghị sớm sửa chữa tuyến đường Nguyễn Trãi đoạn qua phường Hoàn Kiếm bị hư hỏng.",
            "Đường Nguyễn Trãi xuống cấp nghiêm trọng, đề nghị sửa chữa trước mùa mưa.",
            "Cử tri phản ánh mặt đường Nguyễn Trãi nhiều ổ gà, đề nghị sửa chữa.",
            "Đề nghị thành phố bố trí vốn sửa chữa đường Nguyễn Trãi.",
        ],
    ),
    (
        "environment",
        (1,),
        [
            "Ô nhiễm mùi từ bãi rác tạm ở chợ Đồng Xuân, đề nghị xử lý dứt điểm.",
            "Bãi rác tạm chợ Đồng Xuân gây ô nhiễm, đề nghị di dời.",
            "Đề nghị xử lý ô nhiễm bãi rác chợ Đồng Xuân ảnh hưởng sức khỏe người dân.",
            "Rác thải tồn đọng tại chợ Đồng Xuân chưa được thu gom kịp thời.",
        ],
    ),
    (
        "health",
        (2,),
        [
            "Đề nghị tăng cường bác sĩ cho trạm y tế phường, người dân phải chờ lâu.",
            "Trạm y tế phường thiếu bác sĩ, đề nghị bổ sung nhân lực.",
            "Cử tri đề nghị bổ sung thuốc bảo hiểm y tế tại trạm y tế phường.",
            "Thiếu thuốc bảo hiểm y tế ở trạm y tế phường, đề nghị bảo đảm cung ứng.",
        ],
    ),
    (
        "security",
        (3,),
        [
            "Tình trạng đua xe trái phép ban đêm trên phố Tràng Tiền, đề nghị xử lý nghiêm.",
            "Đề nghị công an tăng cường tuần tra, xử lý đua xe ban đêm phố Tràng Tiền.",
            "Đua xe trái phép phố Tràng Tiền gây mất an ninh trật tự.",
            "Đề nghị lắp camera giám sát giao thông khu vực phố Tràng Tiền.",
        ],
    ),
    (
        "land",
        (1, -1),
        [
            "Đề nghị đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất cho các hộ ngõ Tạm Thương.",
            "Việc cấp sổ đỏ cho hộ dân ngõ Tạm Thương còn chậm, đề nghị giải quyết.",
            "Cử tri ngõ Tạm Thương chờ cấp giấy chứng nhận quyền sử dụng đất nhiều năm.",
            "Đề nghị giải quyết dứt điểm hồ sơ cấp giấy chứng nhận ngõ Tạm Thương.",
        ],
    ),
    (
        "education",
        (-1,),
        [
            "Đề nghị xây thêm phòng học cho trường tiểu học Trần Quốc Toản, sĩ số quá đông.",
            "Trường tiểu học Trần Quốc Toản thiếu phòng học, đề nghị đầu tư.",
            "Sĩ số lớp trường Trần Quốc Toản quá tải, đề nghị mở rộng trường.",
            "Đề nghị thành phố đầu tư cơ sở vật chất trường tiểu học Trần Quốc Toản.",
        ],
    ),
    (
        "social",
        (-1,),
        [
            "Đề nghị điều chỉnh chuẩn hộ nghèo phù hợp mức sống đô thị.",
            "Chuẩn hộ nghèo hiện nay chưa phù hợp thực tế ở thành phố, đề nghị sửa.",
            "Cử tri đề nghị xem xét lại tiêu chí hộ cận nghèo ở khu vực đô thị.",
            "Đề nghị tăng mức trợ cấp cho người cao tuổi cô đơn.",
        ],
    ),
    (
        "infrastructure",
        (0, 3),
        [
            "Hệ thống đèn tín hiệu giao thông ngã tư Hàng Bài hay hỏng, đề nghị khắc phục.",
            "Đèn giao thông ngã tư Hàng Bài thường xuyên hỏng gây ùn tắc.",
            "Đề nghị sửa đèn tín hiệu giao thông ngã tư Hàng Bài.",
            "Ùn tắc giờ cao điểm ở ngã tư Hàng Bài do đèn tín hiệu hỏng.",
        ],
    ),
    (
        "economy",
        (1,),
        [
            "Giá phân bón, thức ăn chăn nuôi tăng cao, đề nghị bình ổn giá.",
            "Đề nghị có biện pháp kiểm soát giá phân bón.",
            "Cử tri đề nghị hỗ trợ nông dân khi giá vật tư nông nghiệp tăng.",
            "Đề nghị tăng cường kiểm tra giá phân bón trên thị trường.",
        ],
    ),
    (
        "environment",
        (1,),
        [
            "Hồ Hoàn Kiếm có hiện tượng nước đổi màu, đề nghị kiểm tra chất lượng nước.",
            "Đề nghị định kỳ công bố chất lượng nước hồ Hoàn Kiếm.",
            "Nước hồ Hoàn Kiếm đổi màu, cá chết, đề nghị xử lý.",
            "Cử tri đề nghị cải tạo hệ thống thoát nước quanh hồ Hoàn Kiếm.",
        ],
    ),
    (
        "administration",
        (-1,),
        [
            "Thủ tục cấp phép xây dựng nhà ở riêng lẻ còn rườm rà, đề nghị đơn giản hóa.",
            "Đề nghị rút ngắn thời gian cấp phép xây dựng nhà ở.",
            "Cử tri phản ánh giấy phép xây dựng nhà riêng lẻ cấp chậm.",
            "Đề nghị công khai quy trình cấp phép xây dựng trên cổng dịch vụ công.",
        ],
    ),
    (
        "health",
        (2,),
        [
            "Đề nghị kiểm tra an toàn thực phẩm các quán ăn vỉa hè phố cổ.",
            "An toàn thực phẩm ở các hàng ăn vỉa hè phố cổ chưa bảo đảm.",
            "Cử tri đề nghị tăng cường kiểm tra vệ sinh an toàn thực phẩm.",
            "Đề nghị xử lý nghiêm cơ sở vi phạm an toàn thực phẩm phố cổ.",
        ],
    ),
    (
        "security",
        (3,),
        [
            "Đề nghị xử lý tình trạng lừa đảo qua mạng nhắm vào người cao tuổi.",
            "Lừa đảo qua điện thoại, mạng xã hội diễn biến phức tạp, đề nghị tuyên truyền.",
            "Cử tri đề nghị công an cảnh báo các thủ đoạn lừa đảo trực tuyến.",
            "Đề nghị xử lý nghiêm các đối tượng lừa đảo qua mạng.",
        ],
    ),
    (
        "infrastructure",
        (0,),
        [
            "Đề nghị bố trí thêm chỗ đỗ xe công cộng khu phố cổ.",
            "Thiếu bãi đỗ xe ở phố cổ, xe đỗ tràn lòng đường.",
            "Cử tri đề nghị quy hoạch bãi đỗ xe ngầm khu vực phố cổ.",
            "Đề nghị xử lý tình trạng đỗ xe lấn chiếm vỉa hè phố cổ.",
        ],
    ),
    (
        "other",
        (-1,),
        [
            "Đề nghị tổ chức thêm không gian sinh hoạt cộng đồng cho người cao tuổi.",
            "Phường thiếu sân chơi cho trẻ em, đề nghị bố trí quỹ đất.",
            "Đề nghị cải tạo nhà văn hóa tổ dân phố số 5.",
            "Cử tri đề nghị mở thêm lớp học kỹ năng cho thanh thiếu niên dịp hè.",
        ],
    ),
]

# How far each item of the current session goes, in the order of TOPICS; the opinions of the
# last two topics are left in the aggregation workspace, where they form two proposed groups.
ITEM_STATES = [
    "closed",
    "closed",
    "published",
    "published",
    "voters_informed",
    "answered",
    "answered_partly",
    "awaiting_answer",
    "awaiting_answer",
    "report_sent_overdue",
    "classified",
    "drafted",
    "drafted",
]
MINUTES = "Hội nghị tiếp xúc cử tri của Đoàn ĐBQH thành phố; các ý kiến đã được ghi đầy đủ."
ANSWER = "đã tiếp thu, kiểm tra và chỉ đạo xử lý nội dung cử tri kiến nghị."
VOTER_ADDRESSES = ["Số 7 phố Hàng Bè", "Số 21 phố Hàng Mành", "Số 3 phố Lãn Ông", "Số 9 phố Chả Cá"]
VOTER_NAMES = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung"]


def _users() -> dict[str, User]:
    names = ("chuyenvien", "lanhdao", "coquan", "daibieu", "daibieu2", "vanphong")
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _session(users, places, *, number, opens, closes, previous=None, kind="regular") -> Session:
    with _clock(opens - dt.timedelta(days=80)):
        return services.session_create(
            actor=users["chuyenvien"],
            unit=places["province"],
            delegation=places["delegation"],
            body="national_assembly",
            kind=kind,
            term=16,
            number=number,
            title=f"Kỳ họp thứ {'nhất' if number == 1 else 'hai'}, Quốc hội khóa XVI",
            opens_on=opens,
            closes_on=closes,
            previous=previous,
        )


def _meeting(users, places, session, *, day, place, kind="before_session", until="closed"):
    officer = users["chuyenvien"]
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(8)))
    planned_on = min(day - dt.timedelta(days=25), timezone.localdate())
    with _clock(planned_on):
        meeting = services.meeting_plan(
            actor=officer,
            session=session,
            unit=places["province"],
            kind=kind,
            form="conference",
            starts_at=when,
            deputies=[users["daibieu"], users["daibieu2"]],
            place=place,
            chair="Chủ tịch Ủy ban MTTQ Việt Nam thành phố Hà Nội",
            organisers="Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Hà Nội",
        )
    if until == "planned":
        return meeting
    with _clock(planned_on + dt.timedelta(days=1)):
        acting.act(
            case=meeting, action="announce", actor=officer, note="Thông báo trên báo Hà Nội mới"
        )
    if until == "announced":
        return meeting
    with _clock(day, 17):
        acting.act(
            case=meeting,
            action="hold",
            actor=officer,
            voters_attending=150,
            deputies_present=[users["daibieu"], users["daibieu2"]],
        )
    return meeting


def _opinions(users, meeting, wordings, day):
    rows = []
    for n, (field, text) in enumerate(wordings):
        group = n % 5 == 1
        rows.append(
            OpinionRow(
                content=text,
                field=field,
                raised_by="group" if group else "voter",
                voters=8 if group else 1,
                voter_name=VOTER_NAMES[n % len(VOTER_NAMES)],
                voter_address=VOTER_ADDRESSES[n % len(VOTER_ADDRESSES)],
            )
        )
    with _clock(day, 18):
        opinions = services.opinions_capture(meeting=meeting, actor=users["chuyenvien"], rows=rows)
        for opinion in opinions:
            services.opinion_to_aggregate(opinion=opinion, actor=users["chuyenvien"])
    with _clock(day + dt.timedelta(days=2)):
        acting.act(
            case=meeting,
            action="record_minutes",
            actor=users["vanphong"],
            minutes=MINUTES,
        )
        acting.act(case=meeting, action="close", actor=users["chuyenvien"])
    return opinions


def _agencies(places, indexes):
    return [places["province_agency"] if i < 0 else places[AGENCIES[i]] for i in indexes]


def _advance(item, target, users, places, agencies, day):
    officer, leader = users["chuyenvien"], users["lanhdao"]
    if target == "drafted":
        return
    with _clock(day):
        acting.act(
            case=item,
            action="classify",
            actor=officer,
            scope="local",
            field=item.field,
            agencies=agencies,
        )
    if target == "classified":
        return
    # Reports sent at the end of September are overdue by December; later ones still run.
    sent = day + dt.timedelta(days=1)
    if target == "awaiting_answer":
        sent = timezone.localdate() - dt.timedelta(days=20)
    with _clock(sent):
        acting.act(case=item, action="send_report", actor=leader)
    if target in ("awaiting_answer", "report_sent_overdue"):
        return
    answers = list(item.answers.select_related("agency").order_by("pk"))
    if target == "answered_partly":
        answers = answers[:1] if len(answers) > 1 else []
    for answer in answers:
        official = users["coquan"] if answer.agency == places["province_agency"] else officer
        with _clock(sent + dt.timedelta(days=30)):
            acting.act(
                case=answer,
                action="answer",
                actor=official,
                outcome="resolved" if target == "closed" else "in_progress",
                content=f"{answer.agency.name} {ANSWER}",
                roadmap="" if target == "closed" else "Triển khai trong năm 2027",
                promised_on=None if target == "closed" else dt.date(2027, 6, 30),
                document_number=f"{answer.pk}/TL-KN",
                document_date=sent + dt.timedelta(days=29),
            )
    if target in ("answered", "answered_partly"):
        return
    informed = sent + dt.timedelta(days=33)
    with _clock(informed):
        acting.act(case=item, action="inform", actor=users["vanphong"], how="meeting", on=informed)
    if target == "voters_informed":
        return
    text = f"{item.title}: các cơ quan đã trả lời và đang triển khai thực hiện."
    with _clock(informed + dt.timedelta(days=2)):
        acting.act(case=item, action="prepare_publication", actor=officer, public_text=text)
        acting.act(case=item, action="publish", actor=leader, public_text=text)
    if target == "published":
        return
    with _clock(informed + dt.timedelta(days=5)):
        verdict = "carry_over" if target == "carried_over" else "satisfactory"
        acting.act(
            case=item,
            action="assess",
            actor=officer,
            outcome="in_progress" if verdict == "carry_over" else "resolved",
            verdict=verdict,
            note="Chưa hoàn thành, tiếp tục giám sát" if verdict == "carry_over" else "",
        )


def _title(wording: str) -> str:
    text = wording.removeprefix("Đề nghị ").rstrip(".")[:120]
    return text[:1].upper() + text[1:]


def _merge(users, session, opinions, topic_index, day):
    field, _agencies_of, wordings = TOPICS[topic_index]
    mine = [o for o in opinions if o.content in wordings]
    with _clock(day):
        return services.item_draft(
            actor=users["chuyenvien"],
            session=session,
            opinions=mine,
            title=_title(wordings[0]),
            content=wordings[0],
            field=field,
        )


@transaction.atomic
def load_demo(places) -> int | None:
    if Session.objects.filter(title=DEMO_TITLE).exists():
        return None
    users = _users()
    # The previous session: one meeting, one item carried over into the current session.
    first = _session(
        users, places, number=1, opens=dt.date(2026, 4, 6), closes=dt.date(2026, 4, 24)
    )
    old = _meeting(
        users, places, first, day=dt.date(2026, 3, 10), place="Nhà văn hóa phường Hoàn Kiếm"
    )
    old_opinions = _opinions(
        users, old, [(TOPICS[0][0], w) for w in TOPICS[0][2][:2]], dt.date(2026, 3, 10)
    )
    carried = _merge(users, first, old_opinions, 0, dt.date(2026, 3, 13))
    _advance(
        carried,
        "carried_over",
        users,
        places,
        _agencies(places, TOPICS[0][1]),
        dt.date(2026, 3, 14),
    )
    with _clock(first.opens_on):
        services.session_open(session=first, actor=users["chuyenvien"])
    with _clock(first.closes_on):
        services.session_close(session=first, actor=users["chuyenvien"])
    session = _session(
        users,
        places,
        number=2,
        opens=dt.date(2026, 10, 20),
        closes=dt.date(2026, 12, 11),
        previous=first,
    )
    # Four meetings before the session, each hearing one wording of every topic.
    held = [
        (dt.date(2026, 9, 15), "Nhà văn hóa phường Hoàn Kiếm"),
        (dt.date(2026, 9, 17), "Hội trường UBND phường Ba Đình"),
        (dt.date(2026, 9, 22), "Trung tâm văn hóa quận Đống Đa cũ"),
        (dt.date(2026, 9, 24), "Nhà văn hóa tổ dân phố số 5, phường Hoàn Kiếm"),
    ]
    opinions = []
    for n, (day, place) in enumerate(held):
        meeting = _meeting(users, places, session, day=day, place=place)
        wordings = [(field, variants[n]) for field, _a, variants in TOPICS]
        opinions += _opinions(users, meeting, wordings, day)
    after = timezone.localdate() + dt.timedelta(days=12)
    _meeting(
        users,
        places,
        session,
        day=after,
        place="Nhà văn hóa phường Hoàn Kiếm",
        kind="after_session",
        until="announced",
    )
    _meeting(
        users,
        places,
        session,
        day=after + dt.timedelta(days=3),
        place="Hội trường UBND phường Ba Đình",
        kind="after_session",
        until="planned",
    )
    for index, target in enumerate(ITEM_STATES):
        item = _merge(users, session, opinions, index, dt.date(2026, 9, 28))
        agencies = _agencies(places, TOPICS[index][1])
        _advance(item, target, users, places, agencies, dt.date(2026, 9, 29))
    with _clock(session.opens_on):
        services.session_open(session=session, actor=users["chuyenvien"])
    return Item.objects.filter(session__in=[first, session]).count()
