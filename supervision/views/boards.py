from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.errors import DomainError

from .. import composition, conflicts
from ..access import COMMITTEE, LEADER, is_committee, is_member
from ..changes import BY_STATE, CHANGES
from ..kind import visible_inspections, visible_rounds, visible_vacancies
from .common import board_or_404, listed, refused

LEADER_CHANGES = {"recognise", "establish", "end", "rating"}


def _offered(user, board):
    """The changes this user may make to the board in its state, with their blank forms."""
    names = BY_STATE.get(board.state, ())
    leader = is_committee(user, board, LEADER)
    officer = is_committee(user, board, COMMITTEE)
    offered = []
    for name in names:
        if name in LEADER_CHANGES and not leader:
            continue
        if name not in LEADER_CHANGES and not officer:
            continue
        change = CHANGES[name]
        offered.append((change, change.form(board=board, prefix=name)))
    return offered


@login_required
def board_detail(request, pk: int):
    board = board_or_404(request.user, pk)
    user = request.user
    members = board.members.select_related("seated_by").prefetch_related("flags")
    context = {
        "board": board,
        "current": [m for m in members if m.left_on is None],
        "former": [m for m in members if m.left_on is not None],
        "problems": composition.problems(board),
        "flags": conflicts.open_flags(board),
        "elections": board.elections.all(),
        "plans": board.plans.prefetch_related("items"),
        "cases": listed(user, visible_inspections(user).filter(board=board), "board page"),
        "rounds": listed(user, visible_rounds(user).filter(board=board), "board page"),
        "vacancies": visible_vacancies(user).filter(board=board),
        "reports": board.reports.all(),
        "ratings": board.ratings.order_by("-year"),
        "changes": _offered(user, board),
        "is_member": is_member(user, board),
        "today": timezone.localdate(),
    }
    return render(request, "supervision/board_detail.html", context)


@login_required
@require_POST
def board_change(request, pk: int, change: str):
    board = board_or_404(request.user, pk)
    spec = CHANGES.get(change)
    if spec is None:
        raise Http404
    form = spec.form(request.POST, board=board, prefix=change)
    back = board.get_absolute_url()
    if not form.is_valid():
        message = " ".join(
            f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
            for f, e in form.errors.items()
        )
        return refused(request, DomainError(message), title=str(spec.label), back=back)
    try:
        spec.run(request.user, board, form.service_data())
    except DomainError as error:
        return refused(request, error, title=str(spec.label), back=back)
    messages.success(request, _("Saved: %(what)s.") % {"what": spec.label})
    return redirect(back)
