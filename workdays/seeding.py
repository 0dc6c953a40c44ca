"""Seeding time limits from a kind's data migration: each row with a "created" history row
linked into the audit chain, so the trail starts with the legal value.

Migrations run on historical models, which send no history signals: the history row is written
by hand. The kind's migration keeps its own table of values (written out there, so the
migration does not change when the code does) and calls this with them."""

from django.utils import timezone

from units.audit_chain import chained_bulk


def seed_time_limits(apps, rows: dict, *, reason: str) -> None:
    """`rows`: {(case_kind, step): (count, unit, legal_basis, reminder_wd, escalate_wd)}."""
    from workdays.models import TimeLimit as LiveTimeLimit

    TimeLimit = apps.get_model("workdays", "TimeLimit")
    HistoricalTimeLimit = apps.get_model("workdays", "HistoricalTimeLimit")
    now = timezone.now()
    # The chain's links are computed on the live history model (units 0003 made the chain).
    with chained_bulk(LiveTimeLimit.history.model):
        for (case_kind, step), (count, unit, basis, remind, escalate) in rows.items():
            limit, created = TimeLimit.objects.get_or_create(
                case_kind=case_kind,
                step=step,
                variant="standard",
                defaults={
                    "count": count,
                    "unit": unit,
                    "legal_basis": basis[:255],
                    "reminder_working_days": remind,
                    "escalate_after_working_days": escalate,
                },
            )
            if not created:
                continue
            HistoricalTimeLimit.objects.create(
                id=limit.pk,
                case_kind=limit.case_kind,
                step=limit.step,
                variant=limit.variant,
                count=limit.count,
                unit=limit.unit,
                reminder_working_days=limit.reminder_working_days,
                escalate_after_working_days=limit.escalate_after_working_days,
                legal_basis=limit.legal_basis,
                history_date=now,
                history_type="+",
                history_change_reason=reason,
            )


def unseed_time_limits(apps, case_kinds) -> None:
    apps.get_model("workdays", "TimeLimit").objects.filter(case_kind__in=case_kinds).delete()
