"""A board's plans and their items (THDCOCS Art. 39.2; Decree 59 Art. 14.1a). The board drafts
them; the commune Front approves; the approved plan is posted at the commune People's Committee
(NQLT 403 Art. 11.1a)."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import DomainError
from cases.services import audited, require_role, run_transition, today
from units.models import User

from ..access import COMMITTEE, LEADER, MEMBERS
from ..choices import Period, PlanState
from ..models import Board, Plan, PlanItem

NUMBERS = {Period.QUARTER: range(1, 5), Period.HALF_YEAR: range(1, 3)}


@transaction.atomic
def plan_create(
    *, actor: User, board: Board, period: str, year: int, number: int | None = None, title: str = ""
) -> Plan:
    require_role(actor, board.unit, MEMBERS)
    if period not in Period.values:
        raise DomainError(_("Choose the plan's period."))
    allowed = NUMBERS.get(period)
    if allowed is not None and number not in allowed:
        raise DomainError(_("Say which quarter or half of the year."))
    if allowed is None:
        number = 0
    if Plan.objects.filter(board=board, period=period, year=year, number=number).exists():
        raise DomainError(_("The board already has a plan for that period."))
    label = Period(period).label
    plan = Plan(
        board=board,
        period=period,
        year=year,
        number=number,
        title=title.strip() or " ".join(str(p) for p in (label, number or "", year) if p),
    )
    audited(plan, actor=actor, reason=_("Plan drafted")).save()
    return plan


@transaction.atomic
def plan_item_add(
    *,
    actor: User,
    plan: Plan,
    subject: str,
    supervised_body: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    notes: str = "",
) -> PlanItem:
    require_role(actor, plan.board.unit, MEMBERS)
    if plan.state != PlanState.DRAFTED:
        raise DomainError(_("An approved plan is not changed: draft a new one."))
    if not (subject or "").strip() or not (supervised_body or "").strip():
        raise DomainError(_("Say what is supervised and which body."))
    if ends_on and ends_on < starts_on:
        raise DomainError(_("An item cannot end before it starts."))
    item = PlanItem(
        plan=plan,
        subject=subject.strip(),
        supervised_body=supervised_body.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        notes=notes,
    )
    audited(item, actor=actor, reason=_("Plan item added")).save()
    return item


@transaction.atomic
def plan_approve(*, actor: User, plan: Plan) -> Plan:
    require_role(actor, plan.board.commune, LEADER)
    if not plan.items.exists():
        raise DomainError(_("A plan needs at least one item."))
    plan.approved_on = today()
    return run_transition(plan, "approve", actor=actor, reason=_("Plan approved"))


@transaction.atomic
def plan_post(*, actor: User, plan: Plan, posted_where: str, public_text: str = "") -> Plan:
    """Posts the approved plan publicly; `public_text` is what the public portal shows (the
    items, without any person's name)."""
    require_role(actor, plan.board.commune, COMMITTEE)
    if not (posted_where or "").strip():
        raise DomainError(_("Say where the plan is posted."))
    plan.posted_on = today()
    plan.posted_where = posted_where.strip()
    plan.public_text = public_text.strip() or "\n".join(
        f"{item.starts_on:%d/%m/%Y} — {item.subject} ({item.supervised_body})"
        for item in plan.items.all()
    )
    return run_transition(plan, "post", actor=actor, reason=_("Plan posted publicly"))
