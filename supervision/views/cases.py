from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases import identity
from cases.errors import DomainError
from workflows.steps import open_steps

from .. import deadlines, services
from ..access import is_member
from ..kind import visible_inspections, visible_rounds
from ..models import Evidence, InspectionCase, InvestmentRound
from ..pageforms import CaseOpenForm, RoundOpenForm
from .common import board_or_404, refused, timeline


def _evidence(case):
    case_type = ContentType.objects.get_for_model(type(case))
    return Evidence.objects.filter(case_type=case_type, case_id=case.pk).select_related("entry")


def _case_page(request, case, template: str, extra: dict):
    user = request.user
    shown = identity.shield(user, case, where="board case page")
    context = {
        "case": case,
        "board": case.board,
        "shown": shown,
        "steps": open_steps(user, case),
        "evidence": _evidence(case),
        "earliest": deadlines.earliest_start(case),
        "timeline": timeline(user, case, shown),
        **extra,
    }
    return render(request, template, context)


@login_required
def case_detail(request, pk: int):
    case = visible_inspections(request.user).filter(pk=pk).first()
    if case is None:
        raise Http404
    return _case_page(request, case, "supervision/case_detail.html", {})


@login_required
def round_detail(request, pk: int):
    case = visible_rounds(request.user).filter(pk=pk).first()
    if case is None:
        raise Http404
    checklist = case.checklist.prefetch_related("evidence")
    return _case_page(request, case, "supervision/round_detail.html", {"checklist": checklist})


@login_required
def case_new(request, board_pk: int):
    board = board_or_404(request.user, board_pk)
    if not is_member(request.user, board):
        raise Http404
    form = CaseOpenForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(actor=request.user, board=board, **form.service_data())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Case %(code)s opened.") % {"code": case.code})
            return redirect(case)
    return render(request, "supervision/case_new.html", {"board": board, "form": form})


@login_required
def round_new(request, board_pk: int):
    board = board_or_404(request.user, board_pk)
    if not is_member(request.user, board):
        raise Http404
    form = RoundOpenForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.round_open(actor=request.user, board=board, **form.service_data())
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Round %(code)s planned.") % {"code": case.code})
            return redirect(case)
    return render(request, "supervision/round_new.html", {"board": board, "form": form})


@login_required
def evidence_file(request, pk: int):
    """A photo or document, served to those who may open its case."""
    evidence = Evidence.objects.filter(pk=pk).first()
    if evidence is None:
        raise Http404
    model = evidence.case_type.model_class()
    visible = {InspectionCase: visible_inspections, InvestmentRound: visible_rounds}.get(model)
    if visible is None or not visible(request.user).filter(pk=evidence.case_id).exists():
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle, filename=evidence.original_name if evidence.kind == "document" else None
    )


__all__ = ["refused"]
