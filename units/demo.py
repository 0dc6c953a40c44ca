"""Demo organisation for `make run`: one province, two of its wards, one agency and one board,
with a user for every role. Running it again changes nothing."""

from django.db import transaction

from .catalogue import load_administrative_units
from .choices import Role, UnitKind, UnitLevel
from .models import Membership, Unit, User

DEMO_PASSWORD = "demo12345"
PROVINCE_CODE = "01"  # Thành phố Hà Nội
COMMUNE_CODES = ("00070", "00004")  # Phường Hoàn Kiếm, Phường Ba Đình

# login, full name, role, where ("province", "commune0", "commune1", "agency", "board"), subtree
DEMO_USERS = [
    ("tiepdan", "Nguyễn Thị Tiếp", Role.RECEPTION_OFFICER, "commune0", False),
    ("tiepdan", "Nguyễn Thị Tiếp", Role.RECEPTION_OFFICER, "commune1", False),
    ("chuyenvien", "Trần Văn Chuyên", Role.CASE_OFFICER, "commune0", False),
    ("lanhdao", "Lê Minh Đạo", Role.UNIT_LEADER, "commune0", False),
    ("coquan", "Phạm Quốc Quân", Role.AGENCY_OFFICIAL, "agency", False),
    ("bttnd", "Hoàng Thị Thanh", Role.BOARD_MEMBER, "board", False),
    ("truongban", "Nguyễn Văn Trưởng", Role.BOARD_HEAD, "board", False),
    ("bgsdt", "Đinh Văn Sơn", Role.BOARD_MEMBER, "project_board", False),
    ("bgsdt", "Đinh Văn Sơn", Role.BOARD_HEAD, "project_board", False),
    # The second commune's Front, which has its own People's Inspection Board.
    ("chuyenvien", "Trần Văn Chuyên", Role.CASE_OFFICER, "commune1", False),
    ("lanhdao", "Lê Minh Đạo", Role.UNIT_LEADER, "commune1", False),
    ("kiemtra", "Vũ Đức Kiểm", Role.AUDITOR, "province", True),
    # Voter contact is organised by the city's Standing Board: the same officer and leader.
    ("chuyenvien", "Trần Văn Chuyên", Role.CASE_OFFICER, "province", False),
    ("lanhdao", "Lê Minh Đạo", Role.UNIT_LEADER, "province", False),
    ("coquan", "Phạm Quốc Quân", Role.AGENCY_OFFICIAL, "province_agency", False),
    ("daibieu", "Nguyễn Thị Đại", Role.DEPUTY, "delegation", False),
    ("daibieu2", "Trần Quốc Biểu", Role.DEPUTY, "delegation", False),
    ("vanphong", "Đặng Văn Phòng", Role.DEPUTIES_OFFICE, "delegation", False),
    ("admin", "Quản trị hệ thống", Role.ADMINISTRATOR, "province", True),
]
DEMO_REASON = "Dữ liệu trình diễn"
# The city's departments that answer voters' recommendations.
PROVINCE_AGENCIES = (
    "Sở Xây dựng Hà Nội",
    "Sở Nông nghiệp và Môi trường Hà Nội",
    "Sở Y tế Hà Nội",
    "Công an thành phố Hà Nội",
)


def _child(parent: Unit, *, name: str, kind: str) -> Unit:
    existing = Unit.objects.filter(
        path__startswith=parent.path, depth=parent.depth + 1, kind=kind, name=name
    ).first()
    if existing is not None:
        return existing
    unit = Unit(name=name, kind=kind, level=parent.level, area_name=parent.area_name)
    unit._change_reason = DEMO_REASON
    return Unit.objects.add_child(parent, instance=unit)


@transaction.atomic
def load_demo_organisation() -> dict[str, Unit]:
    if not Unit.objects.filter(kind=UnitKind.COMMITTEE, admin_code=PROVINCE_CODE).exists():
        load_administrative_units()
    province = Unit.objects.get(kind=UnitKind.COMMITTEE, admin_code=PROVINCE_CODE)
    communes = [
        Unit.objects.get(kind=UnitKind.COMMITTEE, admin_code=code) for code in COMMUNE_CODES
    ]
    first = communes[0]
    places = {
        "province": province,
        "commune0": communes[0],
        "commune1": communes[1],
        "agency": _child(first, name=f"UBND {first.area_name}", kind=UnitKind.AGENCY),
        "board": _child(
            first, name=f"Ban Thanh tra nhân dân {first.area_name}", kind=UnitKind.INSPECTION_BOARD
        ),
        # The community investment supervision board of the ward's pavement project.
        "project_board": _child(
            first,
            name="Ban giám sát đầu tư của cộng đồng — Cải tạo vỉa hè phố Hàng Bông",
            kind=UnitKind.INVESTMENT_SUPERVISION_BOARD,
        ),
        "board1": _child(
            communes[1],
            name=f"Ban Thanh tra nhân dân {communes[1].area_name}",
            kind=UnitKind.INSPECTION_BOARD,
        ),
        "agency1": _child(communes[1], name=f"UBND {communes[1].area_name}", kind=UnitKind.AGENCY),
        "province_agency": _child(
            province, name=f"UBND {province.area_name}", kind=UnitKind.AGENCY
        ),
        "delegation": _child(
            province,
            name=f"Đoàn đại biểu Quốc hội {province.area_name}",
            kind=UnitKind.DEPUTIES_DELEGATION,
        ),
    }
    for name in PROVINCE_AGENCIES:
        places[name] = _child(province, name=name, kind=UnitKind.AGENCY)
    assert all(u.level in (UnitLevel.PROVINCE, UnitLevel.COMMUNE) for u in places.values())
    for username, full_name, role, where, subtree in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=full_name, email=f"{username}@demo.local")
            user.set_password(DEMO_PASSWORD)
            user.is_superuser = user.is_staff = username == "admin"
            user._change_reason = DEMO_REASON
            user.save()
        if not Membership.objects.filter(user=user, unit=places[where], role=role).exists():
            membership = Membership(
                user=user, unit=places[where], role=role, include_subtree=subtree
            )
            membership._change_reason = DEMO_REASON
            membership.save()
    return places


def demo_logins() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for username, _name, role, _where, _subtree in DEMO_USERS:
        seen.setdefault(username, Role(role).label)
    return list(seen.items())
