import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from units.views.service_call import call_service

from . import services
from .calendar import calendar_between
from .forms import CalendarCheckForm, CalendarOverrideForm, RemoveForm
from .models import CalendarOverride
from .rules import can_edit_calendar


def _year_asked(value: str | None, default: int) -> int:
    """The year in the address, or `default` when it is missing or no year a date can have."""
    try:
        year = int(value or default)
    except ValueError:
        return default
    return year if dt.MINYEAR <= year <= dt.MAXYEAR else default


@login_required
def calendar_index(request):
    """The calendar every deadline is counted on: any staff member may look, and try a count."""
    today = timezone.localdate()
    year = _year_asked(request.GET.get("year"), today.year)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    calendar = calendar_between(start, end)
    days_off = [
        day
        for day in (start + dt.timedelta(days=n) for n in range((end - start).days + 1))
        if day.weekday() < 5 and not calendar.is_working_day(day)
    ]
    weekend_worked = [
        day
        for day in (start + dt.timedelta(days=n) for n in range((end - start).days + 1))
        if day.weekday() >= 5 and calendar.is_working_day(day)
    ]
    check = CalendarCheckForm(request.GET if "start" in request.GET else None)
    result = None
    if check.is_bound and check.is_valid():
        first, count = check.cleaned_data["start"], check.cleaned_data["count"]
        span = calendar_between(first, first + dt.timedelta(days=2 * count + 30))
        result = {
            "working": span.add_working_days(first, count),
            "calendar": span.add_days(first, count),
        }
    return render(
        request,
        "workdays/calendar.html",
        {
            "year": year,
            "days_off": days_off,
            "weekend_worked": weekend_worked,
            "overrides": CalendarOverride.objects.filter(date__year=year),
            "check": check,
            "result": result,
            "can_edit": can_edit_calendar(request.user),
            "form": CalendarOverrideForm() if can_edit_calendar(request.user) else None,
        },
    )


@login_required
def calendar_override_create(request):
    if not can_edit_calendar(request.user):
        raise PermissionDenied
    form = CalendarOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form, lambda: services.calendar_override_set(actor=request.user, **data)
        )
        if done is not None:
            messages.success(request, _("The calendar was changed."))
            return redirect(f"{reverse('workdays:calendar')}?year={data['date'].year}")
    return render(request, "workdays/override_form.html", {"form": form})


@login_required
def calendar_override_remove(request, pk: int):
    if not can_edit_calendar(request.user):
        raise PermissionDenied
    override = get_object_or_404(CalendarOverride, pk=pk)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            lambda: (
                services.calendar_override_remove(
                    actor=request.user, override=override, reason=form.cleaned_data["reason"]
                )
                or True
            ),
        )
        if done:
            messages.success(request, _("The calendar was changed."))
            return redirect("workdays:calendar")
    return render(request, "workdays/override_remove.html", {"form": form, "override": override})
