"""A fixed cast, as in the house style: each person holds one role in a small tree of units.

Trung ương
├── Tỉnh Lâm Sơn (province)
│   ├── Xã An Bình (commune)  ← the cast works here
│   │   ├── UBND xã An Bình (agency)
│   │   └── Ban TTND xã An Bình (board)
│   └── Xã Phú Hòa (commune)
└── Tỉnh Hải Đông (province)
    └── Phường Bến Cảng (commune)
"""

from types import SimpleNamespace

import pytest

from units.choices import Role, UnitKind, UnitLevel

from .factories import UserFactory, grant, make_unit


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def time_limits(db):
    """The legal time limits a migration seeds; a transactional test before this one may have
    flushed them, so they are put back when missing."""
    from importlib import import_module

    from django.apps import apps

    from workdays.models import TimeLimit

    if not TimeLimit.objects.exists():
        import_module("workdays.migrations.0002_timelimit").seed_time_limits(apps, None)


@pytest.fixture
def tree(db, time_limits):
    central = make_unit(None, "Ủy ban Trung ương MTTQ Việt Nam", admin_code="VN")
    province = make_unit(central, "Tỉnh Lâm Sơn", level=UnitLevel.PROVINCE, admin_code="91")
    commune = make_unit(province, "Xã An Bình", level=UnitLevel.COMMUNE, admin_code="91001")
    neighbour = make_unit(province, "Xã Phú Hòa", level=UnitLevel.COMMUNE, admin_code="91002")
    agency = make_unit(commune, "UBND xã An Bình", kind=UnitKind.AGENCY, level=UnitLevel.COMMUNE)
    board = make_unit(
        commune,
        "Ban Thanh tra nhân dân xã An Bình",
        kind=UnitKind.INSPECTION_BOARD,
        level=UnitLevel.COMMUNE,
    )
    other_province = make_unit(central, "Tỉnh Hải Đông", level=UnitLevel.PROVINCE, admin_code="92")
    other_commune = make_unit(
        other_province, "Phường Bến Cảng", level=UnitLevel.COMMUNE, admin_code="92001"
    )
    return SimpleNamespace(
        central=central,
        province=province,
        commune=commune,
        neighbour=neighbour,
        agency=agency,
        board=board,
        other_province=other_province,
        other_commune=other_commune,
    )


def _person(username: str, unit, role: str, *, subtree: bool = False):
    user = UserFactory(username=username)
    grant(user, unit, role, subtree=subtree)
    return user


@pytest.fixture
def reception_officer(tree):
    return _person("tiepdan", tree.commune, Role.RECEPTION_OFFICER)


@pytest.fixture
def case_officer(tree):
    return _person("chuyenvien", tree.commune, Role.CASE_OFFICER)


@pytest.fixture
def leader(tree):
    return _person("lanhdao", tree.commune, Role.UNIT_LEADER)


@pytest.fixture
def agency_official(tree):
    return _person("coquan", tree.agency, Role.AGENCY_OFFICIAL)


@pytest.fixture
def board_member(tree):
    return _person("bttnd", tree.board, Role.BOARD_MEMBER)


@pytest.fixture
def auditor(tree):
    return _person("kiemtra", tree.province, Role.AUDITOR, subtree=True)


@pytest.fixture
def province_admin(tree):
    return _person("quantri", tree.province, Role.ADMINISTRATOR, subtree=True)


@pytest.fixture
def outsider(tree):
    return _person("nguoingoai", tree.other_commune, Role.CASE_OFFICER)
