from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import render

from cases import identity
from cases.errors import DomainError, refusal_title, status_of
from cases.timeline import EventKind, case_timeline
from workflows.models import TaskRoute
from workflows.selectors import OPEN

from ..access import visible_boards

PAGE_EVENTS = set(EventKind.values) - {EventKind.NOTIFICATION, EventKind.IDENTITY_VIEW}


def refused(request, error: DomainError, *, title: str, back: str):
    return render(
        request,
        "supervision/refused.html",
        {"title": refusal_title(error, title), "message": str(error), "back": back},
        status=status_of(error),
    )


def board_or_404(user, pk: int):
    board = visible_boards(user).filter(pk=pk).first()
    if board is None:
        raise Http404
    return board


def timeline(user, case, shown):
    events = case_timeline(user=user, case=case, shield=shown, changes=False)
    return [e for e in events if e.kind in PAGE_EVENTS]


def listed(user, queryset, where: str) -> list:
    """A list of cases as `user` may read them: each with its shield (`.shown`, a protected
    requester's name scrubbed from the subject) and its open step's deadline (`.next_due`),
    read from the task routes in one query."""
    cases = list(queryset.order_by("starts_on"))
    if not cases:
        return cases
    identity.shield_many(user, cases, where=where)
    case_type = ContentType.objects.get_for_model(type(cases[0]))
    dues = dict(
        TaskRoute.objects.filter(
            case_type=case_type, case_id__in=[c.pk for c in cases], task__status__in=OPEN
        ).values_list("case_id", "due")
    )
    for case in cases:
        case.next_due = dues.get(case.pk)
    return cases
