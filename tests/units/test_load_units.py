import pytest
from django.core.management import call_command

from units.choices import UnitKind, UnitLevel
from units.models import Unit

pytestmark = pytest.mark.django_db


def committees(level: int):
    return Unit.objects.filter(kind=UnitKind.COMMITTEE, level=level)


def test_load_units_twice_gives_34_provinces_and_3321_communes_and_changes_nothing(capsys):
    call_command("load_units")
    assert committees(UnitLevel.PROVINCE).count() == 34
    assert committees(UnitLevel.COMMUNE).count() == 3321
    assert committees(UnitLevel.CENTRAL).count() == 1
    history_rows = Unit.history.count()
    paths = dict(Unit.objects.values_list("admin_code", "path"))

    call_command("load_units")

    assert committees(UnitLevel.PROVINCE).count() == 34
    assert committees(UnitLevel.COMMUNE).count() == 3321
    assert Unit.history.count() == history_rows
    assert dict(Unit.objects.values_list("admin_code", "path")) == paths
    assert "0 created, 0 updated, 3356 unchanged" in capsys.readouterr().out


def test_every_commune_sits_under_its_own_province():
    call_command("load_units")
    hanoi = Unit.objects.get(kind=UnitKind.COMMITTEE, admin_code="01")
    hoan_kiem = Unit.objects.get(kind=UnitKind.COMMITTEE, admin_code="00070")
    assert hanoi.name == "Ủy ban MTTQ Việt Nam Thành phố Hà Nội"
    assert hoan_kiem.area_name == "Phường Hoàn Kiếm"
    assert Unit.objects.get_parent(hoan_kiem) == hanoi
    province_paths = set(committees(UnitLevel.PROVINCE).values_list("path", flat=True))
    orphans = [
        code
        for code, path in committees(UnitLevel.COMMUNE).values_list("admin_code", "path")
        if path[: 2 * Unit.steplen] not in province_paths
    ]
    assert orphans == []


def test_a_renamed_area_is_renamed_with_a_reason_in_history():
    call_command("load_units")
    ward = Unit.objects.get(kind=UnitKind.COMMITTEE, admin_code="00070")
    ward.name = "Tên cũ"
    ward.save()

    call_command("load_units")

    ward.refresh_from_db()
    assert ward.name == "Ủy ban MTTQ Việt Nam Phường Hoàn Kiếm"
    latest = ward.history.first()
    assert latest.history_user is None
    assert "vietnam-provinces" in latest.history_change_reason
