"""The data the crawler reads: the demo organisation and a few realistic petitions whose people
are written into every free text, the way citizens and officers actually type.

The organisation is `load_demo`'s (the same users, roles and units), on a small tree with the
demo's administrative codes instead of the whole catalogue. Every petition is registered and
moved through `workflows.acting`, as far along its flow as it goes, with the clock set back
where a step must lie in the past.
"""

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework.models import Petition, Petitioner
from casework.reception import petition_start
from casework.services import identity_grant
from casework.services.common import audited
from casework.services.intake import AttachmentData, SignerData
from notifications.choices import NotificationKind
from notifications.services import notification_preference_update
from units.catalogue import committee_name
from units.choices import Role, UnitKind, UnitLevel
from units.demo import load_demo_organisation
from units.models import Membership, Unit, User
from workflows import acting, timers

from .forms import Person

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# "Bí Mật" would fold to "bi mat", which the interface itself says ("mã bí mật", "giữ bí mật"):
# the planted names are ones no screen of the application contains.
KIM_THOA = Person(
    "the denouncer",
    "Phan Thị Kim Thoa",
    id_number="001195099887",
    phone="0977123456",
    address="Số 99 phố Hàng Đào",
    email="kimthoa.phan@gmail.com",
)
# Registered as "Nguyễn Văn Hiền", corrected to his real name afterwards: both stay secret.
VAN_AN = Person(
    "the co-signer (renamed)",
    "Nguyễn Văn An",
    phone="0904818272",
    former_names=("Nguyễn Văn Hiền",),
)
DIEP_QUYNH = Person(
    "a petitioner who asked for protection",
    "Hứa Thị Diệp Quỳnh",
    phone="0868246135",
    address="Số 41 phố Lương Văn Can",
)
# An ordinary complaint: nothing of its petitioner is secret. It proves the checker sees names.
VAN_THUONG = Person(
    "an ordinary complainant",
    "Trần Văn Thường",
    id_number="001077004321",
    phone="0912000111",
    address="Số 3 phố Hàng Bè",
    protected=False,
)
PEOPLE = [KIM_THOA, VAN_AN, DIEP_QUYNH, VAN_THUONG]

# What someone searching for a person would type: (whose identity it is, the term).
SEARCH_TERMS = [
    (KIM_THOA, "0977123456"),
    (KIM_THOA, "0977.123.456"),
    (KIM_THOA, "001195099887"),
    (KIM_THOA, "Kim Thoa"),
    (KIM_THOA, "kimthoa.phan@gmail.com"),
    (VAN_AN, "Nguyen Van Hien"),
    (DIEP_QUYNH, "Diệp Quỳnh"),
]
NOTHING = "khongtimthaygica"  # a term that matches nothing: what a page lists anyway

# The user a leader explicitly allows to see the protected identities.
GRANTEE = ("xacminh", "Đinh Công Minh")


@dataclass
class Story:
    users: dict[str, User]
    places: dict[str, Unit]
    petitions: dict[str, Petition]
    secrets: dict[str, str]
    # Which petitions each protected person's identity belongs to.
    cases_of: dict[Person, set[int]] = field(default_factory=dict)
    exports: list[int] = field(default_factory=list)
    # Voter contact: a session, a held meeting, its opinions, an item and an agency's answer.
    voters: dict = field(default_factory=dict)


def _signer(person: Person, *, name: str | None = None) -> SignerData:
    return SignerData(
        full_name=name or person.full_name,
        id_number=person.id_number,
        phone=person.phone,
        address=person.address,
        email=person.email,
    )


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@contextmanager
def _on(day: dt.date):
    # The services read the date through one clock (casework.services.common.today).
    with mock.patch("casework.services.common.today", lambda: day):
        yield


def demo_organisation() -> dict[str, Unit]:
    """`load_demo_organisation` on the demo's own codes (Hà Nội, Hoàn Kiếm, Ba Đình): with the
    province present it does not load the 3,356 units of the catalogue."""

    def committee(parent, area, level, code):
        unit = Unit(
            name=committee_name(area),
            kind=UnitKind.COMMITTEE,
            level=level,
            admin_code=code,
            area_name=area,
        )
        if parent is None:
            return Unit.objects.add_root(instance=unit)
        return Unit.objects.add_child(parent, instance=unit)

    central = committee(None, "Việt Nam", UnitLevel.CENTRAL, "VN")
    hanoi = committee(central, "Thành phố Hà Nội", UnitLevel.PROVINCE, "01")
    committee(hanoi, "Phường Hoàn Kiếm", UnitLevel.COMMUNE, "00070")
    committee(hanoi, "Phường Ba Đình", UnitLevel.COMMUNE, "00004")
    return load_demo_organisation()


def build() -> Story:
    places = demo_organisation()
    users = {u.username: u for u in User.objects.all()}
    grantee = User(username=GRANTEE[0], full_name=GRANTEE[1], email=f"{GRANTEE[0]}@demo.local")
    grantee.set_password("demo12345")
    grantee.save()
    Membership.objects.create(user=grantee, unit=places["commune0"], role=Role.CASE_OFFICER)
    users[grantee.username] = grantee
    for user in users.values():
        # Everyone takes every notification by e-mail too, and the morning digest.
        notification_preference_update(
            user=user,
            email_kinds=NotificationKind.values,
            daily_digest=True,
            reason="Nhận thông báo qua thư",
        )
    story = Story(users=users, places=places, petitions={}, secrets={})
    today = timezone.localdate()

    reception, officer, leader, agency = (
        users[name] for name in ("tiepdan", "chuyenvien", "lanhdao", "coquan")
    )

    def start(key, *, days_ago, protect=False, **data):
        received = today - dt.timedelta(days=days_ago)
        if protect:
            data["protect_identity"] = True
        with _on(received):
            receipt = petition_start(
                actor=reception,
                unit=places["commune0"],
                received_on=received,
                **data,
            )
        petition = receipt.petition
        story.petitions[key] = petition
        story.secrets[key] = receipt.secret
        return petition

    def act(key, action, actor, *, days_ago=0, **data):
        petition = story.petitions[key]
        with _on(today - dt.timedelta(days=days_ago)):
            acting.act(case=petition, action=action, actor=actor, **data)
        petition.refresh_from_db()

    def classify(key, *, days_ago, reason, kind, field_="officials"):
        act(
            key,
            "classify",
            officer,
            days_ago=days_ago,
            reason=reason,
            kind=kind,
            field=field_,
            processable=True,
        )

    # 1. A denunciation taken the whole way to its public summary. ---------------------------
    start(
        "denunciation",
        days_ago=10,
        channel="in_person",
        kind="denunciation",
        title="Bà Phan Thị Kim Thoa tố cáo cán bộ địa chính phường nhận tiền hồ sơ",
        content=(
            "Tôi là Phan Thị Kim Thoa, CCCD 001 195 099 887, điện thoại 0977.123.456, trú tại "
            "Số 99 phố Hàng Đào, e-mail kimthoa.phan@gmail.com. Ngày 10/11/2026 cán bộ địa chính "
            "phường yêu cầu tôi nộp thêm 5.000.000 đồng ngoài lệ phí khi cấp giấy chứng nhận. "
            "Cùng ký đơn: ông Nguyễn Văn Hiền."
        ),
        request=(
            "Đề nghị xử lý nghiêm. Liên hệ bà Kim Thoa qua số (+84) 977 123 456 "
            "hoặc ông Hiền 0904 818 272."
        ),
        signers=[_signer(KIM_THOA), _signer(VAN_AN, name="Nguyễn Văn Hiền")],
        attachments=[
            AttachmentData(
                file=_pdf("Don to cao - Phan Thi Kim Thoa.pdf"),
                kind="petition_scan",
                identifies_petitioner=True,
            ),
            AttachmentData(file=_pdf("CCCD 001.195.099.887 ba Kim Thoa.pdf"), kind="evidence"),
        ],
    )
    # The co-signer's name was mistyped at reception and corrected from his ID card.
    renamed = Petitioner.objects.get(
        signed__petition=story.petitions["denunciation"], full_name="Nguyễn Văn Hiền"
    )
    renamed.full_name = VAN_AN.full_name
    audited(renamed, actor=reception, reason="Sửa họ tên theo căn cước")
    renamed.save()
    classify(
        "denunciation",
        days_ago=9,
        kind="denunciation",
        reason="Đơn của phan thi kim thoa (so 99 pho Hang Dao) đủ điều kiện xử lý",
    )
    act(
        "denunciation",
        "refer",
        officer,
        days_ago=9,
        agency=places["agency"],
        note=(
            "Đề nghị không liên hệ trực tiếp bà Thoa tại số 99 Hàng Đào; "
            "CCCD 001.195.099.887 đã được đối chiếu."
        ),
        reason="Thuộc thẩm quyền UBND phường theo đơn của ông NGUYỄN VĂN AN",
    )
    act(
        "denunciation",
        "send_referral",
        leader,
        days_ago=8,
        reason="Đã ký phiếu chuyển; bản gốc có chữ ký của Phan Thi Kim Thoa lưu tại Ban",
    )
    act(
        "denunciation",
        "extend",
        agency,
        days_ago=5,
        decision_number="12/QĐ-UBND",
        days=15,
        reason="Cần làm việc thêm với người tố cáo PHAN THI KIM THOA (0977 123 456)",
    )
    act(
        "denunciation",
        "record_answer",
        agency,
        days_ago=2,
        document_number="45/UBND-TTr",
        document_date=today - dt.timedelta(days=3),
        summary=(
            "UBND phường đã làm việc với bà Kim Thoa (kimthoa.phan@gmail.com) và ông Nguyễn "
            "Văn An; nội dung tố cáo đúng một phần."
        ),
        outcome="partly_resolved",
        file=_pdf("Tra loi ba Phan Thi Kim Thoa.pdf"),
        reason="Trả lời bằng văn bản gửi tới Số 99 phố Hàng Đào",
    )
    act(
        "denunciation",
        "notify_petitioner",
        officer,
        days_ago=1,
        on=today - dt.timedelta(days=1),
        channel="phone",
        reason="Đã gọi bà Kim Thoa số 0977 123 456 báo kết quả",
    )
    act(
        "denunciation",
        "submit_disclosure",
        officer,
        days_ago=1,
        summary=(
            "Tố cáo việc thu tiền ngoài lệ phí khi cấp giấy chứng nhận là đúng một phần; "
            "UBND phường đã kiểm điểm cán bộ liên quan."
        ),
        reason="Công khai kết quả; đã lược bỏ thông tin của Ông Nguyễn Văn An và người tố cáo",
    )
    act("denunciation", "approve_disclosure", leader, reason="Đồng ý công khai")

    # 2. The same denouncer again, guided elsewhere at classification. ----------------------
    start(
        "guided denunciation",
        days_ago=6,
        channel="post",
        kind="denunciation",
        title="Tố cáo việc xây dựng trái phép tại ngõ Gạch",
        content=(
            "Tôi tên là Phan Thi Kim Thoa, SĐT 0977 123 456, địa chỉ: so 99 pho Hang Dao. "
            "Hộ liền kề xây dựng lấn sang phần đất chung của ngõ."
        ),
        signers=[_signer(KIM_THOA)],
    )
    classify(
        "guided denunciation",
        days_ago=5,
        kind="denunciation",
        field_="construction",
        reason="Nội dung thuộc thẩm quyền UBND phường",
    )
    act(
        "guided denunciation",
        "guide",
        officer,
        days_ago=5,
        reason=(
            "Đã hướng dẫn bà phan thị kim thoa gửi đơn tới UBND phường; "
            "hẹn làm việc tại Số 99 phố Hàng Đào"
        ),
    )

    # 3. A denunciation still waiting for classification, past its deadline. ----------------
    start(
        "new denunciation",
        days_ago=20,
        channel="post",
        kind="denunciation",
        title="PHAN THỊ KIM THOA TỐ CÁO TỔ TRƯỞNG TỔ DÂN PHỐ",
        content="BÀ KIM THOA, SỐ 99 PHỐ HÀNG ĐÀO, trình bày tổ trưởng thu quỹ không công khai.",
        request="Liên hệ qua kimthoa.phan@gmail.com hoặc 0977123456",
        signers=[_signer(KIM_THOA)],
    )

    # 4. Feedback whose petitioner asked for protection: referred, extended, overdue. --------
    start(
        "protected feedback",
        days_ago=75,
        protect=True,
        channel="in_person",
        kind="feedback",
        title="Chị Hứa Thị Diệp Quỳnh phản ánh quán karaoke gây ồn sau 23 giờ",
        content=(
            "Tôi là Hứa Thị Diệp Quỳnh, nhà ở Số 41 phố Lương Văn Can, ĐT 0868 246 135, "
            "đề nghị giữ kín danh tính. Quán karaoke bên cạnh hoạt động quá 23 giờ."
        ),
        signers=[_signer(DIEP_QUYNH)],
    )
    classify(
        "protected feedback",
        days_ago=74,
        kind="feedback",
        field_="environment",
        reason="Phản ánh của chị Diệp Quỳnh đủ điều kiện xử lý",
    )
    act(
        "protected feedback",
        "refer",
        officer,
        days_ago=74,
        agency=places["agency"],
        note="Liên hệ chị Quỳnh 0868.246.135 khi kiểm tra",
        reason="Thuộc thẩm quyền UBND phường",
    )
    act("protected feedback", "send_referral", leader, days_ago=73, reason="Đã ký phiếu chuyển")
    act(
        "protected feedback",
        "extend",
        officer,
        days_ago=70,
        decision_number="7/QĐ-UBND",
        days=5,
        reason="Chưa liên hệ được chị HUA THI DIEP QUYNH",
    )

    # 5. The control: an ordinary complaint, nothing of it secret. ---------------------------
    start(
        "complaint",
        days_ago=4,
        channel="in_person",
        kind="complaint",
        title="Ông Trần Văn Thường khiếu nại quyết định xử phạt vi phạm hành chính",
        content="Tôi là Trần Văn Thường, ĐT 0912 000 111, ở Số 3 phố Hàng Bè.",
        signers=[_signer(VAN_THUONG)],
    )
    classify("complaint", days_ago=3, kind="complaint", reason="Đủ điều kiện xử lý")
    act(
        "complaint",
        "refer",
        officer,
        days_ago=3,
        agency=places["agency"],
        reason="Thuộc thẩm quyền UBND phường",
    )
    act("complaint", "send_referral", leader, days_ago=2, reason="Đã ký phiếu chuyển")

    # The overdue referral's reminder, follow-up and escalation come due: fired now.
    timers.fire_due_timers()

    protected = [p for p in story.petitions.values() if p.identity_protected]
    for petition in protected:
        identity_grant(
            petition=petition, actor=leader, user=grantee, reason="Cần xác minh nội dung đơn"
        )
    story.cases_of = {
        KIM_THOA: {
            story.petitions[k].pk
            for k in ("denunciation", "guided denunciation", "new denunciation")
        },
        VAN_AN: {story.petitions["denunciation"].pk},
        DIEP_QUYNH: {story.petitions["protected feedback"].pk},
        VAN_THUONG: set(),
    }
    assert all(p.identity_protected for p in protected) and len(protected) == 4
    story.voters = voter_contact(places, users)
    story.voters.update(commune_boards(places))
    return story


def voter_contact(places, users) -> dict:
    """A session of the city, a meeting held with its opinions sorted, one item routed to the
    city's People's Committee and awaiting its answer. The voters named are not the planted
    people: the crawler checks that no planted identity reaches these pages too."""
    import datetime as dt

    from recommendations import services as voters
    from recommendations.models import Meeting

    officer, leader = users["chuyenvien"], users["lanhdao"]
    today = timezone.localdate()
    session = voters.session_create(
        actor=officer,
        unit=places["province"],
        delegation=places["delegation"],
        body="national_assembly",
        kind="regular",
        term=16,
        number=2,
        title="Kỳ họp thứ hai, Quốc hội khóa XVI",
        opens_on=today + dt.timedelta(days=40),
        closes_on=today + dt.timedelta(days=70),
    )
    meeting = voters.meeting_plan(
        actor=officer,
        session=session,
        unit=places["province"],
        kind="before_session",
        form="conference",
        starts_at=timezone.now() + dt.timedelta(days=20),
        deputies=[users["daibieu"]],
        place="Nhà văn hóa phường Hoàn Kiếm",
    )
    acting.act(case=meeting, action="announce", actor=officer, note="")
    # Held yesterday, as the clock would have it by now.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(days=1))
    meeting.refresh_from_db()
    acting.act(
        case=meeting,
        action="hold",
        actor=officer,
        voters_attending=90,
        deputies_present=[users["daibieu"]],
    )
    opinions = voters.opinions_capture(
        meeting=meeting,
        actor=officer,
        rows=[
            voters.OpinionRow(
                content="Đề nghị sửa chữa đường Nguyễn Trãi.",
                field="infrastructure",
                voter_name="Lê Thị Cử",
            ),
            voters.OpinionRow(
                content="Đường Nguyễn Trãi xuống cấp, đề nghị sửa chữa.",
                field="infrastructure",
                raised_by="group",
                voters=6,
            ),
        ],
    )
    for opinion in opinions:
        voters.opinion_to_aggregate(opinion=opinion, actor=officer)
    item = voters.item_draft(
        actor=officer,
        session=session,
        opinions=opinions,
        title="Sửa chữa đường Nguyễn Trãi",
        content="Cử tri đề nghị sửa chữa đường Nguyễn Trãi.",
    )
    acting.act(
        case=item,
        action="classify",
        actor=officer,
        scope="local",
        field="infrastructure",
        agencies=[places["province_agency"]],
    )
    acting.act(case=item, action="send_report", actor=leader)
    return {
        "sessions": [session.pk],
        "meetings": [meeting.pk],
        "opinions": [o.pk for o in opinions],
        "items": [item.pk],
        "voter answers": list(item.answers.values_list("pk", flat=True)),
    }


def commune_boards(places) -> dict:
    """The demo's commune boards (`supervision.demo`): boards, plans, projects, a case in every
    state (one with a requester who asked not to be named), rounds, a report. The requesters are
    not the planted people: the crawler checks that no planted identity reaches these pages."""
    from supervision.demo import load_demo
    from supervision.models import (
        Board,
        BoardReport,
        Evidence,
        InspectionCase,
        InvestmentRound,
        Plan,
        Project,
    )

    load_demo(places)
    return {
        "boards": list(Board.objects.values_list("pk", flat=True)),
        "inspections": list(InspectionCase.objects.values_list("pk", flat=True)),
        "rounds": list(InvestmentRound.objects.values_list("pk", flat=True)),
        "plans": list(Plan.objects.values_list("pk", flat=True)),
        "projects": list(Project.objects.values_list("pk", flat=True)),
        "board reports": list(BoardReport.objects.values_list("pk", flat=True)),
        "evidence": list(Evidence.objects.values_list("pk", flat=True)) or [1],
        "communes": [places["commune0"].pk, places["commune1"].pk],
    }
