import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import DomainError
from cases.services import audited, require_reason, require_role, run_transition, today
from units.choices import Role
from units.models import Unit, User
from units.permissions import has_role
from workflows import acting

from ..choices import Medium, MeetingForm, MeetingKind, OpinionState, SessionState
from ..models import Meeting, MeetingDeputy, Session
from ._shared import ORGANISERS


def _code(session: Session) -> str:
    """TX<session>-<n>: called with the session's row locked, so no number repeats."""
    return f"TX{session.pk:03d}-{session.meetings.count() + 1:03d}"


def _check_place(medium: str, place: str, online_link: str) -> None:
    if medium in (Medium.IN_PERSON, Medium.HYBRID) and not (place or "").strip():
        raise DomainError(_("Give the place of the meeting."))
    if medium in (Medium.ONLINE, Medium.HYBRID) and not (online_link or "").strip():
        raise DomainError(_("Give the link of the online meeting."))


def _check_deputies(deputies, session: Session) -> list[User]:
    deputies = list(deputies)
    if not deputies:
        raise DomainError(_("Name at least one deputy who will attend."))
    unit = session.delegation or session.unit
    strangers = [d for d in deputies if not has_role(d, unit, (Role.DEPUTY,))]
    if strangers:
        raise DomainError(
            _("%(name)s is not a deputy of %(unit)s.")
            % {"name": strangers[0].get_full_name(), "unit": unit}
        )
    return deputies


@transaction.atomic
def meeting_plan(
    *,
    actor: User,
    session: Session,
    unit: Unit,
    kind: str,
    form: str,
    starts_at: dt.datetime,
    deputies,
    medium: str = Medium.IN_PERSON,
    place: str = "",
    online_link: str = "",
    chair: str = "",
    organisers: str = "",
    outside_province: bool = False,
) -> Meeting:
    """Plans a meeting between deputies and voters for a session (Art. 18–19) and starts its
    flow: the notice step's deadline follows from the form and the date."""
    require_role(actor, unit, ORGANISERS)
    if session.state == SessionState.CLOSED and kind != MeetingKind.AFTER_SESSION:
        raise DomainError(_("The session is closed: only meetings after it can be planned."))
    if kind not in MeetingKind.values or form not in MeetingForm.values:
        raise DomainError(_("Choose the kind and the form of the meeting."))
    if medium not in Medium.values:
        raise DomainError(_("Choose how the meeting is held."))
    _check_place(medium, place, online_link)
    if starts_at <= timezone.now():
        raise DomainError(_("A meeting is planned for a time still to come."))
    deputies = _check_deputies(deputies, session)
    Session.objects.select_for_update().get(pk=session.pk)  # numbers the meetings one by one
    meeting = Meeting(
        session=session,
        unit=unit,
        code=_code(session),
        kind=kind,
        form=form,
        medium=medium,
        place=(place or "").strip(),
        online_link=(online_link or "").strip(),
        starts_at=starts_at,
        outside_province=outside_province,
        chair=(chair or "").strip(),
        organisers=(organisers or "").strip(),
    )
    reason = _("Meeting planned")
    audited(meeting, actor=actor, reason=reason)
    meeting.save()
    for deputy in deputies:
        link = MeetingDeputy(meeting=meeting, deputy=deputy)
        audited(link, actor=actor, reason=reason)
        link.save()
    acting.start(case=meeting)
    return meeting


@transaction.atomic
def meeting_announce(*, meeting: Meeting, actor: User, note: str = "") -> Meeting:
    meeting.announced_on = today()
    reason = (note or "").strip() or _("Meeting announced")
    return run_transition(meeting, "announce", actor=actor, reason=reason)


@transaction.atomic
def meeting_hold(
    *, meeting: Meeting, actor: User, voters_attending: int, deputies_present
) -> Meeting:
    """Records that the meeting took place: how many voters came, which deputies were there."""
    if meeting.meeting_day > today():
        raise DomainError(
            _("The meeting is on %s: record it once it has been held.")
            % (f"{meeting.meeting_day:%d/%m/%Y}")
        )
    if voters_attending is None or voters_attending < 1:
        raise DomainError(_("Give the number of voters who attended."))
    present = {d.pk for d in deputies_present}
    if not present:
        raise DomainError(_("A meeting is held with at least one deputy present."))
    expected = {link.deputy_id: link for link in meeting.deputies.all()}
    if present - expected.keys():
        raise DomainError(_("Only the deputies expected at the meeting can be marked present."))
    for deputy_id, link in expected.items():
        link.present = deputy_id in present
        audited(link, actor=actor, reason=_("Attendance recorded"))
        link.save()
    meeting.voters_attending = voters_attending
    meeting.held_on = meeting.meeting_day
    return run_transition(meeting, "hold", actor=actor, reason=_("Meeting held"))


@transaction.atomic
def meeting_record_minutes(
    *, meeting: Meeting, actor: User, minutes: str, answered_on_spot: str = ""
) -> Meeting:
    if not (minutes or "").strip():
        raise DomainError(_("Write the minutes of the meeting."))
    if not meeting.opinions.exists():
        raise DomainError(_("Record the opinions raised at the meeting before the minutes."))
    meeting.minutes = minutes.strip()
    meeting.answered_on_spot = (answered_on_spot or "").strip()
    meeting.minutes_on = today()
    return run_transition(meeting, "record_minutes", actor=actor, reason=_("Minutes recorded"))


@transaction.atomic
def meeting_close(*, meeting: Meeting, actor: User) -> Meeting:
    left = meeting.opinions.filter(state=OpinionState.CAPTURED).count()
    if left:
        raise DomainError(
            _("%(n)s opinions are not sorted yet: mark each answered, to aggregate or a petition.")
            % {"n": left}
        )
    return run_transition(meeting, "close", actor=actor, reason=_("Meeting closed"))


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User, reason: str) -> Meeting:
    meeting.stop_reason = require_reason(reason)
    return run_transition(meeting, "cancel", actor=actor, reason=meeting.stop_reason)


@transaction.atomic
def meeting_postpone(*, meeting: Meeting, actor: User, reason: str) -> Meeting:
    """Art. 36: a meeting that cannot take place as announced is postponed; voters are told."""
    meeting.stop_reason = require_reason(reason)
    return run_transition(meeting, "postpone", actor=actor, reason=meeting.stop_reason)


@transaction.atomic
def meeting_reschedule(
    *, meeting: Meeting, actor: User, starts_at: dt.datetime, reason: str = ""
) -> Meeting:
    if starts_at <= timezone.now():
        raise DomainError(_("A meeting is planned for a time still to come."))
    meeting.starts_at = starts_at
    text = (reason or "").strip() or _("Meeting rescheduled")
    return run_transition(meeting, "reschedule", actor=actor, reason=text)
