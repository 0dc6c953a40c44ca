"""Loads the real administrative units from the vietnam-provinces package.

Since 1 July 2025 Vietnam has two levels of local government: 34 provinces and 3,321 communes,
wards and special zones. Every one of them gets a Fatherland Front committee; the central
committee is the root of the tree.
"""

from collections import defaultdict
from dataclasses import dataclass

import vietnam_provinces as vp
from django.db import transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .audit_chain import chained_bulk
from .choices import UnitKind, UnitLevel
from .models import Unit

CENTRAL_CODE = "VN"


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    division_type: str
    level: int
    parent_code: str


def committee_name(area_name: str) -> str:
    return f"Ủy ban MTTQ Việt Nam {area_name}"


def catalogue_areas() -> list[Area]:
    """Provinces first, then communes, each in the order of their official codes."""
    provinces = sorted(vp.Province.iter_all(), key=lambda p: int(p.code))
    wards = sorted(vp.Ward.iter_all(), key=lambda w: int(w.code))
    return [
        Area(f"{int(p.code):02d}", p.name, p.division_type.value, UnitLevel.PROVINCE, CENTRAL_CODE)
        for p in provinces
    ] + [
        Area(
            f"{int(w.code):05d}",
            w.name,
            w.division_type.value,
            UnitLevel.COMMUNE,
            f"{int(w.province_code):02d}",
        )
        for w in wards
    ]


def _wanted(area: Area) -> dict[str, str]:
    return {
        "name": committee_name(area.name),
        "area_name": area.name,
        "division_type": area.division_type,
    }


def _append_children(parent: Unit, areas: list[Area], reason: str) -> list[Unit]:
    """Inserts new children under `parent` in one statement, with treebeard's path scheme and a
    history row each: adding 3,321 communes one node at a time takes half a minute."""
    parent = Unit.objects.select_for_update().get(pk=parent.pk)
    last = Unit.objects.get_children(parent).order_by("-path").first()
    step = last._get_lastpos_in_path() if last else 0
    depth = parent.depth + 1
    units = []
    for area in areas:
        step += 1
        unit = Unit(
            kind=UnitKind.COMMITTEE,
            level=area.level,
            admin_code=area.code,
            depth=depth,
            path=Unit._get_path(parent.path, depth, step),
            numchild=0,
            **_wanted(area),
        )
        unit.refresh_search_name()
        units.append(unit)
    with chained_bulk(Unit.history.model):
        created = bulk_create_with_history(
            units, Unit, batch_size=500, default_change_reason=reason
        )
    Unit.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(units))
    return created


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
    if CENTRAL_CODE not in existing:
        root = Unit(
            name="Ủy ban Trung ương MTTQ Việt Nam",
            kind=UnitKind.COMMITTEE,
            level=UnitLevel.CENTRAL,
            admin_code=CENTRAL_CODE,
            area_name="Việt Nam",
        )
        root._change_reason = reason
        existing[CENTRAL_CODE] = Unit.objects.add_root(instance=root)
        report.created += 1
    else:
        report.unchanged += 1

    for level in (UnitLevel.PROVINCE, UnitLevel.COMMUNE):
        missing: dict[str, list[Area]] = defaultdict(list)
        for area in (a for a in catalogue_areas() if a.level == level):
            unit = existing.get(area.code)
            if unit is None:
                missing[area.parent_code].append(area)
                continue
            changed = {f: v for f, v in _wanted(area).items() if getattr(unit, f) != v}
            if not changed:
                report.unchanged += 1
                continue
            for field, value in changed.items():
                setattr(unit, field, value)
            unit._change_reason = reason
            unit.save()
            report.updated += 1
        for parent_code, areas in missing.items():
            for unit in _append_children(existing[parent_code], areas, reason):
                existing[unit.admin_code] = unit
            report.created += len(areas)
    return report
