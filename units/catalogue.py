"""Loads the real administrative units from the vietnam-provinces package.

Since 1 July 2025 Vietnam has two levels of local government: 34 provinces and 3,321 communes,
wards and special zones. Every one of them gets a Fatherland Front committee; the central
committee is the root of the tree.
"""

from dataclasses import dataclass

import vietnam_provinces as vp
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .choices import UnitKind, UnitLevel
from .models import Unit

CENTRAL_CODE = "VN"


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def province_code(province: vp.Province) -> str:
    return f"{int(province.code):02d}"


def commune_code(ward: vp.Ward) -> str:
    return f"{int(ward.code):05d}"


def committee_name(area_name: str) -> str:
    return f"Ủy ban MTTQ Việt Nam {area_name}"


def _sync(
    existing: dict[str, Unit],
    parent: Unit,
    *,
    code: str,
    area: str,
    division: str,
    level: int,
    reason: str,
    report: LoadReport,
) -> Unit:
    wanted = {"name": committee_name(area), "area_name": area, "division_type": division}
    unit = existing.get(code)
    if unit is None:
        unit = Unit(kind=UnitKind.COMMITTEE, level=level, admin_code=code, **wanted)
        unit._change_reason = reason
        unit = Unit.objects.add_child(parent, instance=unit)
        existing[code] = unit
        report.created += 1
        return unit
    changed = {field: value for field, value in wanted.items() if getattr(unit, field) != value}
    if changed:
        for field, value in changed.items():
            setattr(unit, field, value)
        unit._change_reason = reason
        unit.save()
        report.updated += 1
    else:
        report.unchanged += 1
    return unit


@transaction.atomic
def load_administrative_units() -> LoadReport:
    """Creates or renames committees so that the tree matches the package; deletes nothing,
    because cases keep pointing at a unit after it is merged away."""
    report = LoadReport()
    with translation.override("vi"):
        reason = _("Administrative units loaded from vietnam-provinces %(version)s") % {
            "version": vp.__version__
        }
    existing = {
        u.admin_code: u
        for u in Unit.objects.filter(
            kind=UnitKind.COMMITTEE,
            level__in=[UnitLevel.CENTRAL, UnitLevel.PROVINCE, UnitLevel.COMMUNE],
        ).exclude(admin_code="")
    }
    root = existing.get(CENTRAL_CODE)
    if root is None:
        root = Unit(
            name="Ủy ban Trung ương MTTQ Việt Nam",
            kind=UnitKind.COMMITTEE,
            level=UnitLevel.CENTRAL,
            admin_code=CENTRAL_CODE,
            area_name="Việt Nam",
        )
        root._change_reason = reason
        root = Unit.add_root(instance=root)
        existing[CENTRAL_CODE] = root
        report.created += 1
    else:
        report.unchanged += 1

    provinces = {}
    for province in vp.Province.iter_all():
        provinces[province.code] = _sync(
            existing,
            root,
            code=province_code(province),
            area=province.name,
            division=province.division_type.value,
            level=UnitLevel.PROVINCE,
            reason=reason,
            report=report,
        )
    for ward in sorted(vp.Ward.iter_all(), key=lambda w: int(w.code)):
        _sync(
            existing,
            provinces[ward.province_code],
            code=commune_code(ward),
            area=ward.name,
            division=ward.division_type.value,
            level=UnitLevel.COMMUNE,
            reason=reason,
            report=report,
        )
    return report
