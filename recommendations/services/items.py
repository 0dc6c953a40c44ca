from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import DomainError
from cases.services import audited, require_reason, require_role, run_transition, today
from units.choices import Role, UnitKind
from units.models import Unit, User
from workflows import acting

from .. import deadlines
from ..choices import Field, ItemState, OpinionState, Outcome, Scope, Verdict
from ..models import AgencyAnswer, Item, ItemSource, Opinion, Session
from ._shared import ORGANISERS


def _code(session: Session) -> str:
    """KN<session>-<n>: called with the session's row locked, so no number repeats."""
    return f"KN{session.pk:03d}-{session.items.count() + 1:03d}"


def _opinions_to_merge(session: Session, opinions) -> list[Opinion]:
    # Read again under lock: the page's copies may be stale, and two officers may merge the
    # same opinion at once.
    ids = [o.pk for o in opinions]
    opinions = list(Opinion.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if not opinions:
        raise DomainError(_("Choose at least one opinion."))
    if any(o.session_id != session.pk for o in opinions):
        raise DomainError(_("Only opinions raised for this session can be merged here."))
    if any(o.state != OpinionState.TO_AGGREGATE for o in opinions):
        raise DomainError(_("Only opinions sorted “to aggregate” can be merged into an item."))
    return opinions


def _add_sources(item: Item, opinions, *, actor: User, reason: str) -> None:
    already = set(item.sources.values_list("opinion_id", flat=True))
    for opinion in opinions:
        if opinion.pk in already:
            continue
        source = ItemSource(item=item, opinion=opinion)
        audited(source, actor=actor, reason=reason)
        source.save()


def _require_drafted(item: Item) -> None:
    if item.state != ItemState.DRAFTED:
        raise DomainError(_("Only an item still being drafted can be merged or split."))


@transaction.atomic
def item_draft(
    *, actor: User, session: Session, opinions, title: str, content: str, field: str = ""
) -> Item:
    """Merges opinions of the session (from any of its meetings) into a new item and starts its
    flow; the item keeps them as its sources, so their meetings and voter counts."""
    require_role(actor, session.unit, ORGANISERS)
    session = Session.objects.select_for_update().get(pk=session.pk)
    opinions = _opinions_to_merge(session, opinions)
    if not (title or "").strip() or not (content or "").strip():
        raise DomainError(_("Give the item a title and its merged wording."))
    field = field or opinions[0].field
    if field not in Field.values:
        raise DomainError(_("Choose the field of the item."))
    item = Item(
        session=session,
        unit=session.unit,
        code=_code(session),
        title=title.strip(),
        content=content.strip(),
        field=field,
    )
    reason = _("Item drafted from %(n)s opinions") % {"n": len(opinions)}
    audited(item, actor=actor, reason=reason)
    item.save()
    _add_sources(item, opinions, actor=actor, reason=reason)
    acting.start(case=item)
    return item


@transaction.atomic
def item_merge(*, item: Item, actor: User, opinions) -> Item:
    """Adds more opinions to an item being drafted."""
    require_role(actor, item.unit, ORGANISERS)
    item = Item.objects.select_for_update().get(pk=item.pk)
    _require_drafted(item)
    opinions = _opinions_to_merge(item.session, opinions)
    _add_sources(item, opinions, actor=actor, reason=_("Opinions merged in"))
    return item


@transaction.atomic
def item_split(*, item: Item, actor: User, opinions, title: str, content: str) -> Item:
    """Moves some of an item's opinions into a new item of their own; returns the new one."""
    require_role(actor, item.unit, ORGANISERS)
    item = Item.objects.select_for_update().get(pk=item.pk)
    _require_drafted(item)
    moving = {o.pk for o in opinions}
    sources = list(item.sources.select_related("opinion"))
    if not moving or not moving <= {s.opinion_id for s in sources}:
        raise DomainError(_("Choose opinions of this item to split off."))
    if len(moving) == len(sources):
        raise DomainError(_("Leave at least one opinion in the item."))
    reason = _("Split off from %(code)s") % {"code": item.code}
    for source in sources:
        if source.opinion_id in moving:
            audited(source, actor=actor, reason=reason)
            source.delete()
    return item_draft(
        actor=actor,
        session=item.session,
        opinions=[s.opinion for s in sources if s.opinion_id in moving],
        title=title,
        content=content,
        field=item.field,
    )


@transaction.atomic
def item_edit(*, item: Item, actor: User, title: str, content: str) -> Item:
    """The officer's merged wording (a side action of the classification step)."""
    if not (title or "").strip() or not (content or "").strip():
        raise DomainError(_("Give the item a title and its merged wording."))
    item.title, item.content = title.strip(), content.strip()
    audited(item, actor=actor, reason=_("Wording edited"))
    item.save()
    return item


def _check_agencies(agencies) -> list[Unit]:
    agencies = list(agencies)
    if not agencies:
        raise DomainError(_("Route the item to at least one agency."))
    if any(a.kind != UnitKind.AGENCY for a in agencies):
        raise DomainError(_("Items are routed to agencies only."))
    return agencies


@transaction.atomic
def item_classify(*, item: Item, actor: User, scope: str, field: str, agencies) -> Item:
    """Classifies the item central or local and by field, and routes it to the agencies that
    must answer it; each agency's clock starts when the report is sent."""
    if scope not in Scope.values or field not in Field.values:
        raise DomainError(_("Choose whether the item is central or local, and its field."))
    agencies = _check_agencies(agencies)
    reason = _("Classified and routed")
    for agency in agencies:
        part = AgencyAnswer(item=item, unit=item.unit, agency=agency)
        audited(part, actor=actor, reason=reason)
        part.save()
    item.scope, item.field = scope, field
    return run_transition(item, "classify", actor=actor, reason=reason)


@transaction.atomic
def item_send_report(*, item: Item, actor: User) -> Item:
    """The leader signs the aggregated report that carries the item to the agencies."""
    return run_transition(item, "send_report", actor=actor, reason=_("Report signed and sent"))


@transaction.atomic
def item_await_answers(*, item: Item, actor: User) -> Item:
    """The report reached the agencies today: each agency's 60-day clock starts (Art. 49.1)
    and its answer step opens in the agency's queue."""
    received = today()
    reason = _("Report received by the agency")
    parts = list(item.answers.select_related("agency"))
    for part in parts:
        part.received_on = received
        part.answer_due = deadlines.answer_due(item.session, received)
        run_transition(part, "send", actor=actor, reason=reason)
    run_transition(item, "await_answers", actor=actor, reason=_("Awaiting the agencies' answers"))
    for part in parts:
        acting.start(case=part)
    return item


@transaction.atomic
def item_answers_in(*, item: Item, actor: User) -> Item:
    return run_transition(item, "answers_in", actor=actor, reason=_("Every agency has answered"))


@transaction.atomic
def item_inform(*, item: Item, actor: User, how: str, on, note: str = "") -> Item:
    """How and when the voters of the source meetings were told the answers (Art. 49.3)."""
    if not how or not on:
        raise DomainError(_("Say how and when the voters were told."))
    if on > today():
        raise DomainError(_("The voters cannot have been told on a day still to come."))
    item.informed_how, item.informed_on = how, on
    item.informed_note = (note or "").strip()
    return run_transition(item, "inform_voters", actor=actor, reason=_("Voters informed"))


@transaction.atomic
def item_prepare_publication(*, item: Item, actor: User, public_text: str) -> Item:
    """The officer's reviewed text for publication, the voters' names and anything personal
    removed; a leader approves it next."""
    if not (public_text or "").strip():
        raise DomainError(_("Write the text to publish."))
    item.public_text = public_text.strip()
    audited(item, actor=actor, reason=_("Publication text prepared"))
    item.save()
    return item


@transaction.atomic
def item_publish(*, item: Item, actor: User, public_text: str) -> Item:
    """The leader approves and publishes the answers (Art. 51): posted for 30 days."""
    from cases.identity import leaks

    text = (public_text or "").strip()
    if not text:
        raise DomainError(_("Write the text to publish."))
    if leaks(item, text):
        raise DomainError(_("The text still names a person: remove it before publishing."))
    item.public_text = text
    item.published_on = today()
    item.posted_until = deadlines.posted_until(item.session, item.published_on)
    return run_transition(item, "publish", actor=actor, reason=_("Answers published"))


@transaction.atomic
def item_withdraw_publication(*, item: Item, actor: User, reason: str) -> Item:
    """A leader takes the published answers down, with the reason, as for a petition's public
    summary; the text and the reason stay in the history."""
    require_role(actor, item.unit, (Role.UNIT_LEADER,))
    item = Item.objects.select_for_update().get(pk=item.pk)
    if not item.published_on or item.withdrawn_on:
        raise DomainError(_("Only published answers can be withdrawn."))
    item.withdrawn_reason = require_reason(reason)
    item.withdrawn_on = today()
    audited(item, actor=actor, reason=item.withdrawn_reason)
    item.save()
    return item


@transaction.atomic
def item_assess(*, item: Item, actor: User, outcome: str, verdict: str, note: str = "") -> Item:
    """The officer's assessment of the answers: satisfactory, or carried over to the next
    session and supervised there (Art. 53–54)."""
    if outcome not in Outcome.values or verdict not in Verdict.values:
        raise DomainError(_("Choose the outcome and the assessment."))
    if verdict == Verdict.SATISFACTORY and outcome == Outcome.IN_PROGRESS:
        raise DomainError(_("An item still in progress is carried over to the next session."))
    if verdict == Verdict.CARRY_OVER and not (note or "").strip():
        raise DomainError(_("Say why the item is carried over."))
    item.outcome, item.verdict, item.assessment_note = outcome, verdict, (note or "").strip()
    return run_transition(item, "assess", actor=actor, reason=_("Answers assessed"))


@transaction.atomic
def item_close(*, item: Item, actor: User) -> Item:
    return run_transition(item, "close", actor=actor, reason=_("Item closed"))


@transaction.atomic
def item_carry_over(*, item: Item, actor: User) -> Item:
    """Carries the item over; if the next session is already recorded it appears there now,
    otherwise when that session is recorded (`session_create`)."""
    run_transition(item, "carry_over", actor=actor, reason=_("Carried over to the next session"))
    following = Session.objects.filter(previous=item.session_id).first()
    if following is not None:
        carry_into(item, following, actor=actor)
    return item


def carry_into(item: Item, session: Session, *, actor: User) -> Item:
    """The carried-over item in the next session: a new item of that session, drafted again
    from the same opinions, linked to the one it continues (whose history it shows)."""
    Session.objects.select_for_update().get(pk=session.pk)
    carried = Item(
        session=session,
        unit=session.unit,
        code=_code(session),
        title=item.title,
        content=item.content,
        field=item.field,
        scope=item.scope,
        carried_from=item,
    )
    reason = _("Carried over from %(code)s") % {"code": item.code}
    audited(carried, actor=actor, reason=reason)
    carried.save()
    for source in item.sources.all():
        link = ItemSource(item=carried, opinion_id=source.opinion_id)
        audited(link, actor=actor, reason=reason)
        link.save()
    acting.start(case=carried)
    return carried
