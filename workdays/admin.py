from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarOverride, TimeLimit


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(SimpleHistoryAdmin):
    list_display = ("date", "kind", "reason")
    list_filter = ("kind",)


@admin.register(TimeLimit)
class TimeLimitAdmin(SimpleHistoryAdmin):
    list_display = (
        "case_kind",
        "step",
        "variant",
        "count",
        "unit",
        "reminder_working_days",
        "escalate_after_working_days",
        "legal_basis",
    )
    list_filter = ("case_kind", "step", "unit")
    search_fields = ("case_kind", "legal_basis")
