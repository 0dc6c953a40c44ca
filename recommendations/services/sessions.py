import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import DomainError
from cases.services import audited, require_role, run_transition, today
from units.choices import UnitKind
from units.models import Unit, User

from ..choices import Body, SessionKind, SessionState
from ..models import Session
from ._shared import ORGANISERS


@transaction.atomic
def session_create(
    *,
    actor: User,
    unit: Unit,
    body: str,
    kind: str,
    term: int,
    number: int,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    delegation: Unit | None = None,
    previous: Session | None = None,
) -> Session:
    """Records a session the committee organises voter contact for. Items the previous session
    carried over come into this one at once, with their history (Art. 53–54)."""
    require_role(actor, unit, ORGANISERS)
    if unit.kind != UnitKind.COMMITTEE:
        raise DomainError(_("Voter contact is organised by a Fatherland Front committee."))
    if body not in Body.values or kind not in SessionKind.values:
        raise DomainError(_("Choose the body and the kind of session."))
    if not (title or "").strip():
        raise DomainError(_("Give the session a title."))
    if closes_on < opens_on:
        raise DomainError(_("A session cannot close before it opens."))
    if previous is not None:
        if previous.unit_id != unit.pk or previous.body != body:
            raise DomainError(_("The previous session must be of the same body and committee."))
        if previous.opens_on >= opens_on:
            raise DomainError(_("The previous session must open before this one."))
        if Session.objects.filter(previous=previous).exists():
            raise DomainError(_("Another session already follows that one."))
    if Session.objects.filter(unit=unit, body=body, term=term, number=number).exists():
        raise DomainError(_("This session is already recorded."))
    session = Session(
        unit=unit,
        delegation=delegation,
        body=body,
        kind=kind,
        term=term,
        number=number,
        title=title.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        previous=previous,
    )
    audited(session, actor=actor, reason=_("Session recorded"))
    session.save()
    if previous is not None:
        from .items import carry_into

        for item in previous.items.filter(state="carried_over", carried_into__isnull=True):
            carry_into(item, session, actor=actor)
    return session


@transaction.atomic
def session_open(*, session: Session, actor: User) -> Session:
    require_role(actor, session.unit, ORGANISERS)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if today() < session.opens_on:
        raise DomainError(_("The session opens on %s.") % f"{session.opens_on:%d/%m/%Y}")
    return run_transition(session, "open", actor=actor, reason=_("Session opened"))


@transaction.atomic
def session_close(*, session: Session, actor: User) -> Session:
    require_role(actor, session.unit, ORGANISERS)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.state != SessionState.OPEN:
        raise DomainError(_("Only a session in progress can close."))
    return run_transition(session, "close", actor=actor, reason=_("Session closed"))
