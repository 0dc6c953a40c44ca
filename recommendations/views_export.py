"""Downloads of the national voter-recommendation export of one session (NQLT 72/2025
Art. 56.1a; docs/voter-recommendation-export.md).

Whoever may read the session may download it: the organising committee's officers, leaders and
auditors, and the deputies and office of its delegation. To anyone else the session does not
exist (404), as on every other page of the engine.
"""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from units.choices import Role
from units.models import User
from units.permissions import has_role

from . import export
from .models import Session

COMMITTEE_READERS = (Role.CASE_OFFICER, Role.UNIT_LEADER, Role.AUDITOR)
DELEGATION_READERS = (Role.DEPUTY, Role.DEPUTIES_OFFICE)


def may_read_session(user: User, session: Session) -> bool:
    if has_role(user, session.unit, COMMITTEE_READERS):
        return True
    return session.delegation is not None and has_role(user, session.delegation, DELEGATION_READERS)


def _readable_session(user: User, pk: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("unit", "delegation"), pk=pk)
    if not may_read_session(user, session):
        raise Http404
    return session


def _download(body: str, *, session: Session, extension: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body.encode("utf-8"), content_type=content_type)
    name = f"voter-recommendations-{export.FORMAT_VERSION}-session-{session.pk}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # The export is a snapshot of changing answers: no cache may serve yesterday's.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def session_export_json(request, pk: int) -> HttpResponse:
    session = _readable_session(request.user, pk)
    body = json.dumps(export.session_export(session), ensure_ascii=False, indent=2)
    return _download(
        body, session=session, extension="json", content_type="application/json; charset=utf-8"
    )


@login_required
def session_export_csv(request, pk: int) -> HttpResponse:
    session = _readable_session(request.user, pk)
    return _download(
        export.session_export_csv(session),
        session=session,
        extension="csv",
        content_type="text/csv; charset=utf-8",
    )
