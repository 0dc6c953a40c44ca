"""Plans, projects and reports: the records a board and its Front keep beside the cases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.errors import DomainError
from units.choices import UnitKind
from units.models import Unit
from units.permissions import has_role, scope_q

from .. import services
from ..access import COMMITTEE, LEADER, READERS, is_committee, is_head, is_member
from ..models import BoardReport, Plan, Project
from ..pageforms import (
    NarrativeForm,
    PartyForm,
    PlanForm,
    PlanItemForm,
    PlanPostForm,
    ProjectForm,
    ReportNewForm,
)
from .common import board_or_404, refused


def _run(request, service, back: str, title: str, **kwargs):
    try:
        result = service(actor=request.user, **kwargs)
    except DomainError as error:
        return None, refused(request, error, title=title, back=back)
    return result, None


# Plans ----------------------------------------------------------------------------------


@login_required
def plan_new(request, board_pk: int):
    board = board_or_404(request.user, board_pk)
    if not is_member(request.user, board):
        raise Http404
    form = PlanForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, board=board, **form.service_data())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect(plan)
    return render(
        request,
        "supervision/form_page.html",
        {
            "board": board,
            "form": form,
            "title": _("New plan"),
            "submit": _("Draft the plan"),
        },
    )


def _plan_or_404(user, pk):
    plan = Plan.objects.select_related("board__unit", "board__commune").filter(pk=pk).first()
    if plan is None:
        raise Http404
    board_or_404(user, plan.board_id)
    return plan


@login_required
def plan_detail(request, pk: int):
    plan = _plan_or_404(request.user, pk)
    user, board = request.user, plan.board
    return render(
        request,
        "supervision/plan_detail.html",
        {
            "plan": plan,
            "board": board,
            "items": plan.items.all(),
            "may_edit": plan.state == "drafted" and is_member(user, board),
            "may_approve": plan.state == "drafted" and is_committee(user, board, LEADER),
            "may_post": plan.state == "approved" and is_committee(user, board, COMMITTEE),
            "item_form": PlanItemForm(),
            "post_form": PlanPostForm(),
        },
    )


@login_required
@require_POST
def plan_change(request, pk: int, change: str):
    plan = _plan_or_404(request.user, pk)
    back = plan.get_absolute_url()
    if change == "item":
        form = PlanItemForm(request.POST)
        service = services.plan_item_add
    elif change == "approve":
        form, service = None, services.plan_approve
    elif change == "post":
        form = PlanPostForm(request.POST)
        service = services.plan_post
    else:
        raise Http404
    if form is not None and not form.is_valid():
        return refused(
            request,
            DomainError(_("Check the form: %(e)s") % {"e": form.errors.as_text()}),
            title=_("Plan"),
            back=back,
        )
    data = form.service_data() if form is not None else {}
    _result, refusal = _run(request, service, back, _("Plan"), plan=plan, **data)
    if refusal:
        return refusal
    messages.success(request, _("Saved."))
    return redirect(back)


# Projects -------------------------------------------------------------------------------


def _communes(user):
    return Unit.objects.filter(scope_q(user, READERS, unit_field=""), kind=UnitKind.COMMITTEE)


@login_required
def project_list(request):
    communes = _communes(request.user)
    projects = Project.objects.filter(unit__in=communes).select_related("unit", "board")
    officer_of = [u for u in communes if has_role(request.user, u, COMMITTEE)]
    return render(
        request,
        "supervision/project_list.html",
        {
            "projects": projects,
            "communes": officer_of,
            "form": ProjectForm(),
        },
    )


@login_required
def project_new(request, unit_pk: int):
    unit = _communes(request.user).filter(pk=unit_pk).first()
    if unit is None:
        raise Http404
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(actor=request.user, unit=unit, **form.service_data())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect(project)
    return render(
        request,
        "supervision/form_page.html",
        {
            "form": form,
            "title": _("Register a project"),
            "submit": _("Register"),
        },
    )


@login_required
def project_detail(request, pk: int):
    project = Project.objects.filter(pk=pk, unit__in=_communes(request.user)).first()
    if project is None:
        raise Http404
    return render(
        request,
        "supervision/project_detail.html",
        {
            "project": project,
            "parties": project.parties.all(),
            "board": getattr(project, "board", None),
            "may_edit": has_role(request.user, project.unit, COMMITTEE),
            "party_form": PartyForm(),
        },
    )


@login_required
@require_POST
def party_new(request, pk: int):
    project = Project.objects.filter(pk=pk, unit__in=_communes(request.user)).first()
    if project is None:
        raise Http404
    back = project.get_absolute_url()
    form = PartyForm(request.POST)
    if not form.is_valid():
        return refused(
            request, DomainError(form.errors.as_text()), title=_("Project party"), back=back
        )
    _result, refusal = _run(
        request,
        services.party_add,
        back,
        _("Project party"),
        project=project,
        **form.service_data(),
    )
    return refusal or redirect(back)


@login_required
@require_POST
def board_for_project(request, pk: int):
    """The commune Front proposes the project's board under its yearly plan."""
    project = Project.objects.filter(pk=pk, unit__in=_communes(request.user)).first()
    if project is None:
        raise Http404
    back = project.get_absolute_url()
    board, refusal = _run(
        request,
        services.board_create,
        back,
        _("Supervision board"),
        commune=project.unit,
        kind="investment",
        project=project,
    )
    return refusal or redirect(board)


# Reports --------------------------------------------------------------------------------


@login_required
def report_new(request, board_pk: int):
    board = board_or_404(request.user, board_pk)
    if not is_member(request.user, board):
        raise Http404
    form = ReportNewForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(actor=request.user, board=board, **form.service_data())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect(report)
    return render(
        request,
        "supervision/form_page.html",
        {
            "board": board,
            "form": form,
            "title": _("New report"),
            "submit": _("Draft the report"),
        },
    )


FIGURES = (
    ("started", gettext_lazy("Cases started")),
    ("no_issue", gettext_lazy("Found without issue")),
    ("recommendations_sent", gettext_lazy("Recommendations sent")),
    ("answered", gettext_lazy("Answered")),
    ("awaiting", gettext_lazy("Awaiting an answer")),
    ("overdue", gettext_lazy("Answered late or still overdue")),
    ("escalated", gettext_lazy("Escalated")),
    ("suspension_requests", gettext_lazy("Requests to suspend an investment")),
    ("planned_items", gettext_lazy("Plan items this year")),
    ("plan_items_started", gettext_lazy("Plan items started")),
)


def _figure_rows(figures: dict) -> list:
    return [(label, figures[key]) for key, label in FIGURES if figures.get(key) is not None]


@login_required
def report_detail(request, pk: int):
    from ..documents import report_figures

    report = (
        BoardReport.objects.select_related("board__unit", "board__commune").filter(pk=pk).first()
    )
    if report is None:
        raise Http404
    board = board_or_404(request.user, report.board_id)
    editable = report.state == "drafted" and is_member(request.user, board)
    if request.method == "POST" and editable:
        form = NarrativeForm(request.POST)
        if form.is_valid():
            try:
                services.report_edit(actor=request.user, report=report, **form.service_data())
                if "submit" in request.POST:
                    services.report_submit(actor=request.user, report=report)
            except DomainError as error:
                return refused(request, error, title=_("Report"), back=report.get_absolute_url())
            messages.success(request, _("Saved."))
            return redirect(report)
    else:
        form = NarrativeForm(initial={"narrative": report.narrative})
    return render(
        request,
        "supervision/report_detail.html",
        {
            "report": report,
            "board": board,
            "figures": {"rows": _figure_rows(report_figures(report))},
            "form": form,
            "editable": editable,
            "may_submit": editable and is_head(request.user, board),
        },
    )
