"""The time limits of voter contact (domain.md §2), seeded with their legal values for the
National Assembly side and, until verified, the same values for the People's Council side.
The table is written out here rather than imported, so this migration does not change when
the code does."""

from django.db import migrations
from django.utils import timezone

STEPS = {
    "press_plan": (7, "working_days", "NQLT 72/2025 Art. 6.3"),
    "notice_outside": (20, "working_days", "NQLT 72/2025 Art. 31.2"),
    "group_approval": (5, "working_days", "NQLT 72/2025 Art. 33.4"),
    "group_notice": (3, "working_days", "NQLT 72/2025 Art. 33.5"),
    "group_forward": (5, "working_days", "NQLT 72/2025 Art. 33.8"),
    "report_before": (15, "days", "NQLT 72/2025 Art. 37.2"),
    "report_after": (15, "days", "NQLT 72/2025 Art. 37.2"),
    "extra_report_before": (2, "working_days", "NQLT 72/2025 Art. 38.2"),
    "extra_report_after": (7, "working_days", "NQLT 72/2025 Art. 38.2"),
    "answer": (60, "days", "NQLT 72/2025 Art. 49.1; QĐ 33/2017/QĐ-TTg Art. 12 (am. QĐ 30/2020)"),
    "inform": (5, "working_days", "NQLT 72/2025 Art. 49.3 (on receipt; setting)"),
    "results_report": (20, "working_days", "NQLT 72/2025 Art. 49.2"),
    "publish": (15, "working_days", "NQLT 72/2025 Art. 51.1"),
    "post": (30, "days", "NQLT 72/2025 Art. 51.2"),
}
SIDES = {
    "voter_na": "",
    "voter_council": " — People's Council side as the NA side (unverified: setting)",
}


def seed(apps, schema_editor):
    # The rows join the table's audit chain as they are written (the chain exists by now:
    # units 0003); the live history model is the one the chain's links are computed on.
    from units.audit_chain import chained_bulk
    from workdays.models import TimeLimit as LiveTimeLimit

    with chained_bulk(LiveTimeLimit.history.model):
        _seed(apps)


def _seed(apps):
    TimeLimit = apps.get_model("workdays", "TimeLimit")
    HistoricalTimeLimit = apps.get_model("workdays", "HistoricalTimeLimit")
    now = timezone.now()
    for side, note in SIDES.items():
        for step, (count, unit, basis) in STEPS.items():
            limit, created = TimeLimit.objects.get_or_create(
                case_kind=side,
                step=step,
                variant="standard",
                defaults={"count": count, "unit": unit, "legal_basis": (basis + note)[:255]},
            )
            if not created:
                continue
            # Migrations run on historical models, which send no history signals: the
            # "created" row is written by hand so the audit trail starts with the legal value.
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
                history_change_reason="Giá trị mặc định theo luật (recommendations 0002)",
            )


def unseed(apps, schema_editor):
    apps.get_model("workdays", "TimeLimit").objects.filter(case_kind__in=SIDES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0001_initial"),
        ("workdays", "0004_alter_historicaltimelimit_step_alter_timelimit_step"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
