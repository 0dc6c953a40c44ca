"""The inbox across every case kind (my tasks and my units' queues), taking and assigning tasks,
and the flow diagrams."""

from collections import defaultdict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from viewflow.workflow import chart
from viewflow.workflow.models import Task

from cases import identity, registry
from cases.errors import DomainError, refusal_title, status_of
from units.choices import Role
from units.models import Membership, Unit, User
from units.permissions import has_role
from units.search import MAX_SEARCH_WORDS, search_words
from workdays.calendar import calendar_between

from . import acting
from .models import TaskRoute
from .selectors import my_tasks, unit_queue

PAGE_SIZE = 50


def _step_choices() -> list[tuple[str, str, object]]:
    return [
        (f"{kind.name}:{node.name}", node.task_title, node)
        for kind in registry.kinds()
        for node in acting.steps(kind.flow)
    ]


def _cases_of(kind, cases) -> Q:
    """The routes of these cases of `kind`: the indexed (case_type, case_id) pair."""
    content_type = ContentType.objects.get_for_model(kind.model)
    return Q(case_type=content_type, case_id__in=cases.values("pk"))


def _filtered(routes: QuerySet[TaskRoute], params: dict, today) -> QuerySet[TaskRoute]:
    name, _sep, subkind = params["kind"].partition(":")
    kind = registry.get(name)
    if kind is not None:
        cases = kind.model.objects.all()
        if subkind in dict(kind.subkinds):
            cases = cases.filter(**{kind.subkind_field: subkind})
            routes = routes.filter(_cases_of(kind, cases))
        else:
            routes = routes.filter(case_type=ContentType.objects.get_for_model(kind.model))
    step = next((node for value, _t, node in _step_choices() if value == params["step"]), None)
    if step is not None:
        routes = routes.filter(task__flow_task=step)
    if params["overdue"]:
        routes = routes.filter(due__lt=today)
    # Only the first words of a long search (units.search); each kind matches all of them.
    term = " ".join(params["q"].split()[:MAX_SEARCH_WORDS])
    if search_words(term):
        found = Q(pk__in=[])
        for each in registry.kinds():
            found |= _cases_of(each, each.model.objects.filter(each.search(term)))
        routes = routes.filter(found)
    return routes


def _assignees(user: User, routes: list[TaskRoute]) -> dict[tuple[int, str], list[User]]:
    """For the rows the user leads: who holds each row's role in its unit (directly, or from an
    ancestor over the subtree). One query for the whole page."""
    wanted = {
        (r.unit_id, r.role): r.unit for r in routes if has_role(user, r.unit, (Role.UNIT_LEADER,))
    }
    if not wanted:
        return {}
    units = {unit.pk: unit for unit in wanted.values()}
    ancestors = {
        unit.path[: i * Unit.steplen] for unit in units.values() for i in range(1, unit.depth)
    }
    memberships = (
        Membership.objects.filter(role__in={role for _unit, role in wanted}, user__is_active=True)
        .filter(Q(unit_id__in=units) | Q(unit__path__in=ancestors, include_subtree=True))
        .select_related("user", "unit")
        .order_by("user__full_name", "user__username")
    )
    found: dict[tuple[int, str], dict[int, User]] = defaultdict(dict)
    for m in memberships:
        for (unit_id, role), unit in wanted.items():
            if m.role != role:
                continue
            if m.unit_id == unit_id or (m.include_subtree and unit.path.startswith(m.unit.path)):
                found[(unit_id, role)][m.user_id] = m.user
    return {key: list(people.values()) for key, people in found.items()}


def _cells(case, templates: dict) -> str:
    kind = registry.kind_of(case)
    if kind.name not in templates:
        templates[kind.name] = get_template(kind.row_template)
    return templates[kind.name].render({"case": case, "kind": kind})


def _rows(user: User, page, today, calendar, *, queue: bool) -> list[dict]:
    routes = list(page)
    assignees = _assignees(user, routes) if queue else {}
    # Each row's subject is read through its shield (`case.shown`).
    identity.shield_many(user, [route.case for route in routes], where="inbox")
    templates: dict = {}
    rows = []
    for route in routes:
        node = route.task.flow_task
        days_left = (
            calendar.working_days_between(today, route.due) if route.due is not None else None
        )
        rows.append(
            {
                "route": route,
                "task": route.task,
                "case": route.case,
                # The kind's two cells, rendered here from its template (loaded once per
                # request), not by an include per row.
                "cells": _cells(route.case, templates),
                "step": getattr(node, "task_title", ""),
                "days_left": days_left,
                "overdue": days_left is not None and days_left < 0,
                "overdue_days": -days_left if days_left is not None and days_left < 0 else 0,
                # Held in memory (grants are cached per request): no query per row.
                "may_take": queue and has_role(user, route.unit, (route.role,)),
                "assignees": assignees.get((route.unit_id, route.role)),
            }
        )
    return rows


@login_required
def inbox(request):
    user = request.user
    today = timezone.localdate()
    params = {
        "kind": request.GET.get("kind", ""),
        "step": request.GET.get("step", ""),
        "overdue": request.GET.get("overdue", ""),
        "q": request.GET.get("q", "").strip(),
    }
    mine = Paginator(_filtered(my_tasks(user=user), params, today), PAGE_SIZE).get_page(
        request.GET.get("mine")
    )
    queue = Paginator(_filtered(unit_queue(user=user), params, today), PAGE_SIZE).get_page(
        request.GET.get("queue")
    )
    # One calendar read for every deadline on the page, not one per row.
    dues = [r.due for r in list(mine) + list(queue) if r.due is not None]
    calendar = calendar_between(min([today, *dues]), max([today, *dues]))
    query = urlencode({k: v for k, v in params.items() if v})
    return render(
        request,
        "workflows/inbox.html",
        {
            "params": params,
            "sections": [
                {
                    "id": "my-tasks",
                    "title": _("My tasks"),
                    "page": mine,
                    "rows": _rows(user, mine, today, calendar, queue=False),
                    "queue": False,
                    "param": "mine",
                    "query": "&".join(filter(None, [query, f"queue={queue.number}"])),
                },
                {
                    "id": "unit-queues",
                    "title": _("My units' queues"),
                    "page": queue,
                    "rows": _rows(user, queue, today, calendar, queue=True),
                    "queue": True,
                    "param": "queue",
                    "query": "&".join(filter(None, [query, f"mine={mine.number}"])),
                },
            ],
            "kinds": registry.kind_choices(),
            "steps": [(value, title) for value, title, _node in _step_choices()],
        },
    )


def _task_for(request, pk: int) -> Task:
    """The task, if its case is one the user may open (else 404, as for the case itself)."""
    task = get_object_or_404(Task.objects.select_related("route"), pk=pk)
    route = getattr(task, "route", None)
    if route is None:
        raise Http404
    kind = registry.kind_of(route.case_type.model_class())
    if not kind.visible(request.user).filter(pk=route.case_id).exists():
        raise Http404
    return task


def _back(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default


def _refused(request, task, error: DomainError):
    status = status_of(error)
    return render(
        request,
        "workflows/refused.html",
        {
            "case": task.route.case,
            "title": refusal_title(error, _("This task has moved on")),
            "message": str(error),
        },
        status=status,
    )


@login_required
@require_POST
def task_take(request, pk: int):
    task = _task_for(request, pk)
    try:
        acting.task_take(task=task, actor=request.user)
    except DomainError as error:
        return _refused(request, task, error)
    messages.success(request, _("The task is yours now."))
    return redirect(_back(request, task.route.case.get_absolute_url()))


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=User.objects.filter(is_active=True))


@login_required
@require_POST
def task_assign(request, pk: int):
    task = _task_for(request, pk)
    form = AssignForm(request.POST)
    back = _back(request, reverse("workflows:inbox"))
    if not form.is_valid():
        messages.error(request, _("Choose the person to assign the task to."))
        return redirect(back)
    assignee = form.cleaned_data["assignee"]
    try:
        acting.task_assign(task=task, actor=request.user, assignee=assignee)
    except DomainError as error:
        if status_of(error) != 400:
            return _refused(request, task, error)
        messages.error(request, str(error))
        return redirect(back)
    messages.success(
        request, _("The task was assigned to %(name)s.") % {"name": assignee.get_full_name()}
    )
    return redirect(back)


CURRENT_STYLE = """<style type="text/css"><![CDATA[
    g.current rect.task { fill: #f5b400; fill-opacity: 0.6; stroke: #b3261e; stroke-width: 3; }
    g.current text { font-weight: bold; }
]]></style>"""


@login_required
def flow_diagram(request, kind: str):
    """A kind's flow as SVG; `?current=a,b` highlights the steps a case is waiting at."""
    case_kind = registry.get(kind)
    if case_kind is None:
        raise Http404
    grid = chart.calc_layout_data(case_kind.flow)
    current = set(request.GET.get("current", "").split(","))
    for cell in grid.cells:
        if cell.node.name in current:
            cell.status = "current"
    svg = chart.grid_to_svg(grid)
    if current - {""}:
        svg = svg.replace("</svg>", CURRENT_STYLE + "</svg>", 1)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


# One action on a case of any kind -------------------------------------------------------


def _action_page(
    request, case, *, status: int, title: str, message: str = "", form=None, action=None
):
    return render(
        request,
        "workflows/case_action.html",
        {
            "case": case,
            "kind": registry.kind_of(case),
            "title": title,
            "message": message,
            "form": form,
            "action": action,
        },
        status=status,
    )


@login_required
def case_action(request, kind: str, pk: int, action: str):
    """GET shows one action's form on its own page; POST validates it and runs the action, for
    a case of any kind (a kind's page posts its forms here).

    403 when the user may not do the step, 409 when the case has left it, 400 when the form or
    a domain rule refuses the input (the form comes back with the message)."""
    from .steps import action_form

    case_kind = registry.get(kind)
    if case_kind is None:
        raise Http404
    case = case_kind.visible(request.user).filter(pk=pk).first()
    spec = acting.action_of(case, action) if case is not None else None
    if spec is None:
        raise Http404
    form = action_form(spec, case, request.POST or None, request.FILES or None)
    title = str(spec.label)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return _action_page(request, case, status=status, title=title, form=form, action=spec)
    try:
        acting.act(case=case, action=action, actor=request.user, **form.service_data())
    except DomainError as error:
        status = status_of(error)
        if status == 400:
            form.add_error(None, str(error))
            return _action_page(request, case, status=400, title=title, form=form, action=spec)
        return _action_page(
            request, case, status=status, title=refusal_title(error, title), message=str(error)
        )
    messages.success(request, _("Done: %(action)s.") % {"action": spec.label})
    return redirect(case.get_absolute_url())
