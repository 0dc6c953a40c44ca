from django.http import Http404
from django.shortcuts import render

from cases.errors import DomainError, refusal_title, status_of
from cases.timeline import EventKind, case_timeline

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
