from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cases import registry
from cases.errors import DomainError
from cases.services import audited, require_role, run_transition, today
from units.models import User

from ..choices import MEETING_TAKES_OPINIONS, Field, RaisedBy
from ..models import Meeting, Opinion
from ._shared import ORGANISERS


@dataclass
class OpinionRow:
    """One row of the minutes' table of opinions."""

    content: str
    field: str
    raised_by: str = RaisedBy.VOTER
    voters: int = 1
    voter_name: str = ""
    voter_address: str = ""
    protect_identity: bool = False
    answer_at_meeting: str = ""
    import_key: str = ""


def _require_open_minutes(meeting: Meeting, actor: User) -> None:
    require_role(actor, meeting.unit, ORGANISERS)
    if meeting.state not in MEETING_TAKES_OPINIONS:
        raise DomainError(_("Opinions are recorded once the meeting is held, until it is closed."))


def check_row(row: OpinionRow) -> str | None:
    """What is wrong with a row, in the user's language, or None (the import shows it by row)."""
    if not (row.content or "").strip():
        return _("The content of the opinion is empty.")
    if row.field not in Field.values:
        return _("Unknown field “%s”.") % row.field
    if row.raised_by not in RaisedBy.values:
        return _("Say whether a voter or a group raised it.")
    if not isinstance(row.voters, int) or row.voters < 1:
        return _("The number of voters must be a whole number of at least 1.")
    if row.raised_by == RaisedBy.VOTER and row.voters != 1:
        return _("An opinion raised by one voter counts one voter; choose a group for more.")
    return None


@transaction.atomic
def opinions_capture(*, meeting: Meeting, actor: User, rows: list[OpinionRow]) -> list[Opinion]:
    """Records the opinions raised at a meeting, numbered in order, all or none. A row whose
    `import_key` the session already holds is skipped: importing a file again changes
    nothing."""
    _require_open_minutes(meeting, actor)
    if not rows:
        raise DomainError(_("Enter at least one opinion."))
    for position, row in enumerate(rows, 1):
        problem = check_row(row)
        if problem:
            raise DomainError(_("Row %(n)s: %(problem)s") % {"n": position, "problem": problem})
    Meeting.objects.select_for_update().get(pk=meeting.pk)  # numbers the opinions one by one
    keys = {row.import_key for row in rows if row.import_key}
    held = set(
        Opinion.objects.filter(session=meeting.session_id, import_key__in=keys).values_list(
            "import_key", flat=True
        )
    )
    number = meeting.opinions.aggregate(n=Max("number"))["n"] or 0
    created = []
    for row in rows:
        if row.import_key and row.import_key in held:
            continue
        number += 1
        opinion = Opinion(
            meeting=meeting,
            session_id=meeting.session_id,
            number=number,
            raised_by=row.raised_by,
            voters=row.voters,
            voter_name=(row.voter_name or "").strip(),
            voter_address=(row.voter_address or "").strip(),
            protect_identity=row.protect_identity,
            field=row.field,
            content=row.content.strip(),
            answer_at_meeting=(row.answer_at_meeting or "").strip(),
            import_key=row.import_key,
        )
        audited(opinion, actor=actor, reason=_("Opinion recorded"))
        opinion.save()
        created.append(opinion)
    return created


def _locked(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_for_update().select_related("meeting").get(pk=opinion.pk)


@transaction.atomic
def opinion_mark_answered(*, opinion: Opinion, actor: User, answer: str) -> Opinion:
    """A deputy or an official answered it at the meeting (Art. 24.1d)."""
    opinion = _locked(opinion)
    _require_open_minutes(opinion.meeting, actor)
    if not (answer or "").strip():
        raise DomainError(_("Write down what was answered at the meeting."))
    opinion.answer_at_meeting = answer.strip()
    return run_transition(
        opinion, "mark_answered", actor=actor, reason=_("Answered at the meeting")
    )


@transaction.atomic
def opinion_to_aggregate(*, opinion: Opinion, actor: User) -> Opinion:
    opinion = _locked(opinion)
    _require_open_minutes(opinion.meeting, actor)
    return run_transition(opinion, "send_to_aggregate", actor=actor, reason=_("To aggregate"))


@transaction.atomic
def opinion_reopen(*, opinion: Opinion, actor: User) -> Opinion:
    """Undoes a sorting made by mistake, while the meeting is open and no item holds it."""
    opinion = _locked(opinion)
    _require_open_minutes(opinion.meeting, actor)
    if opinion.sources.exists():
        raise DomainError(_("This opinion is merged into an item: take it out of the item first."))
    return run_transition(opinion, "reopen", actor=actor, reason=_("Sorted again"))


@transaction.atomic
def opinion_convert(*, opinion: Opinion, actor: User, kind: str, title: str) -> Opinion:
    """A complaint or a denunciation raised at a meeting becomes a petition (Art. 37.4),
    registered by the petitions kind through the kernel's registry and linked both ways; the
    voter's identity keeps the protection they asked for (a denunciation's always)."""
    opinion = _locked(opinion)
    _require_open_minutes(opinion.meeting, actor)
    if opinion.sources.exists():
        raise DomainError(_("This opinion is merged into an item: take it out of the item first."))
    petitions = registry.get("petition")
    if petitions is None or petitions.receive is None:
        raise DomainError(_("Petitions cannot be registered here."))
    if not opinion.voter_name:
        raise DomainError(_("A petition needs the name of the voter who raised it."))
    petition = petitions.receive(
        actor=actor,
        unit=opinion.meeting.unit,
        kind=kind,
        title=(title or "").strip(),
        content=opinion.content,
        received_on=today(),
        full_name=opinion.voter_name,
        address=opinion.voter_address,
        protect_identity=opinion.protect_identity,
        source=opinion,
    )
    from django.contrib.contenttypes.models import ContentType

    opinion.petition_type = ContentType.objects.get_for_model(petition)
    opinion.petition_id = petition.pk
    return run_transition(
        opinion, "convert_to_petition", actor=actor, reason=_("Became a petition")
    )
