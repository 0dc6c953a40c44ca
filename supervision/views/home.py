from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from units.choices import UnitKind
from units.models import Unit
from units.permissions import grants_of

from .. import kpis
from ..access import COMMITTEE, MEMBERS, READERS, visible_boards
from ..kind import visible_inspections, visible_rounds, visible_vacancies
from ..models import Plan, Project
from .common import listed


@login_required
def home(request):
    """A board member sees their board, its plan, its open cases and their deadlines; the
    commune Front sees its boards, its projects, what waits for it and the year's targets."""
    user = request.user
    today = timezone.localdate()
    boards = list(visible_boards(user).order_by("kind", "unit__name"))
    seats = {g.unit_id for g in grants_of(user) if g.role in MEMBERS}
    own = [b for b in boards if b.unit_id in seats]
    communes = Unit.objects.filter(
        pk__in=[g.unit_id for g in grants_of(user) if g.role in READERS],
        kind=UnitKind.COMMITTEE,
    )
    open_cases = listed(user, visible_inspections(user).exclude(state="closed"), "boards home")
    open_rounds = listed(user, visible_rounds(user).exclude(state="closed"), "boards home")
    plans = Plan.objects.filter(board__in=own).prefetch_related("items").order_by("-year")[:4]
    context = {
        "boards": boards,
        "own": own,
        "plans": plans,
        "cases": open_cases,
        "rounds": open_rounds,
        "vacancies": visible_vacancies(user).filter(state="open"),
        "today": today,
        "committee": communes.exists(),
        "may_register": any(g.role in COMMITTEE for g in grants_of(user)),
        "communes": communes,
    }
    if communes:
        context["kpis"] = kpis.figures(communes, today.year)
        context["projects"] = Project.objects.filter(unit__in=communes).select_related("board")
    return render(request, "supervision/home.html", context)


def home_panel(request):
    """The board member's card on the home page: their board, its plan, open cases and
    deadlines (`units.home_panels`)."""
    user = request.user
    seats = {g.unit_id for g in grants_of(user) if g.role in MEMBERS}
    boards = list(visible_boards(user).filter(unit_id__in=seats))
    if not boards:
        return None
    cases = listed(
        user, visible_inspections(user).filter(board__in=boards).exclude(state="closed"), "home"
    )
    rounds = listed(
        user, visible_rounds(user).filter(board__in=boards).exclude(state="closed"), "home"
    )
    plans = (
        Plan.objects.filter(board__in=boards)
        .exclude(state="drafted")
        .order_by("-year", "-number")[:2]
    )
    return "supervision/_home_panel.html", {
        "boards": boards,
        "cases": cases,
        "rounds": rounds,
        "plans": plans,
        "today": timezone.localdate(),
    }
