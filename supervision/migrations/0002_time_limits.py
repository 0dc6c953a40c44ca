"""The boards' time limits (domain.md §3 table), seeded with their legal values. Written out
here rather than imported, so this migration does not change when the code does. Reminders
and escalations around a deadline: 5 WD before / 5 WD after (setting)."""

from django.db import migrations

from workdays.seeding import seed_time_limits, unseed_time_limits

WD, DAYS = "working_days", "days"
ROWS = {
    # A People's Inspection Board case.
    ("board_inspection", "plan_notice"): (5, WD, "NĐ 59/2023 Art. 14.1b (≥5 WD before)", 5, 5),
    ("board_inspection", "certify"): (3, WD, "Setting (no legal number)", 1, 5),
    ("board_inspection", "answer"): (15, DAYS, "Luật THDCOCS 2022 Art. 40.1c", 5, 5),
    ("board_inspection", "report"): (15, DAYS, "Setting (NĐ 59/2023 Art. 14.3 gives none)", 5, 5),
    # A community investment supervision round.
    ("board_investment", "investor_notice"): (45, DAYS, "Luật THDCOCS 2022 Art. 45.1b (≥45 days before)", 5, 5),
    ("board_investment", "certify"): (3, WD, "Setting (no legal number)", 1, 5),
    ("board_investment", "answer"): (15, DAYS, "Luật THDCOCS 2022 Art. 45.2c, 45.3c", 5, 5),
    ("board_investment", "report"): (15, DAYS, "Setting (NĐ 59/2023 Art. 19 gives none)", 5, 5),
    # A seat left vacant: a by-election when ≥6 months (183 days) of the term are left.
    ("board_inspection", "by_election_left"): (183, DAYS, "NĐ 59/2023 Art. 13 (≥6 months left)", 5, 5),
    ("board_inspection", "by_election"): (30, DAYS, "Setting (no legal number)", 5, 5),
}


def seed(apps, schema_editor):
    seed_time_limits(apps, ROWS, reason="Giá trị mặc định theo luật (supervision 0002)")


def unseed(apps, schema_editor):
    unseed_time_limits(apps, {kind for kind, _step in ROWS})


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_initial"),
        ("workdays", "0004_alter_historicaltimelimit_step_alter_timelimit_step"),
        ("units", "0003_seal_existing_history"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
