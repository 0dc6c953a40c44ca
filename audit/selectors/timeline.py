"""One case, as an auditor reads it: every change to the petition and to what hangs off it,
every task of its flow, every notification about it and every view of a protected identity,
in time order; two versions side by side; the case as it stood at a moment.

Everything is read through one identity shield per page (`cases.identity.shield`): a viewer
without a grant on a protected case gets every free text scrubbed and the identity tables
blanked; a granted viewer gets the real values, and the shield records the showing.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from viewflow.workflow.status import STATUS

from cases import identity
from cases.identity import Shield
from casework.models import (
    Answer,
    Attachment,
    ClockChange,
    Disclosure,
    IdentityGrant,
    IdentityView,
    Petition,
    Petitioner,
    Referral,
    Signer,
)
from notifications.models import Notification
from workflows.selectors import case_tasks

from ..choices import EventKind
from .events import SYSTEM_NAME, Change, Event, actor_name
from .values import Labels, field_value, read_text, tracked_fields

K = EventKind
# Rows of these tables are a person's identity: on a denunciation their values are shown only
# to users allowed on the case (Luật Tố cáo Art. 8.3, 47, 56).
IDENTITY_MODELS = (Signer, Petitioner)
# The number or name that tells one record of a table from its siblings on the same case.
RECORD_NAME = {
    Referral: "slip_number",
    Answer: "document_number",
    ClockChange: "decision_number",
    Attachment: "original_name",
}
TASK_TYPES = ("HUMAN", "TIMER")
SHOWN_TASK_ENDS = (STATUS.DONE, STATUS.CANCELED)


WHERE_TIMELINE = "audit timeline"
WHERE_DIFF = "audit version comparison"
WHERE_AS_OF = "audit case as of a moment"


def _shield(shield: Shield | None, user, petition: Petition, where: str) -> Shield:
    return shield if shield is not None else identity.shield(user, petition, where=where)


def _petitioner_ids(petition: Petition) -> QuerySet:
    return Signer.history.filter(petition_id=petition.pk).values("petitioner_id")


def _histories(petition: Petition) -> list[tuple[type[Model], QuerySet]]:
    referrals = Referral.history.filter(petition_id=petition.pk).values("id")
    by_petition = {"petition_id": petition.pk}
    return [
        (Petition, petition.history.all()),
        (Referral, Referral.history.filter(**by_petition)),
        (Answer, Answer.history.filter(referral_id__in=referrals)),
        (ClockChange, ClockChange.history.filter(**by_petition)),
        (Disclosure, Disclosure.history.filter(**by_petition)),
        (Attachment, Attachment.history.filter(**by_petition)),
        (IdentityGrant, IdentityGrant.history.filter(**by_petition)),
        (Signer, Signer.history.filter(**by_petition)),
        (Petitioner, Petitioner.history.filter(id__in=_petitioner_ids(petition))),
    ]


def _what(model: type[Model], row) -> str:
    label = str(model._meta.verbose_name).capitalize()
    attribute = RECORD_NAME.get(model)
    return f"{label} {getattr(row, attribute)}" if attribute else label


def _history_events(model, rows, *, hidden: bool, labels: Labels) -> list:
    """Pairs each history row with the previous version of the same record; the changes are
    simple-history's `diff_against` of the two."""
    fields = {f.name: f for f in tracked_fields(model.history.model)}
    pending = []
    previous = {}
    for row in rows:
        before = previous.get(row.id)
        previous[row.id] = row
        if hidden:
            pending.append((model, row, None, []))
            continue
        if row.history_type == "+" or before is None:
            changes = [
                (f, None, field_value(row, f))
                for name, f in fields.items()
                if name != "id" and field_value(row, f) not in (None, "")
            ]
        elif row.history_type == "-":
            changes = []
        else:
            delta = row.diff_against(before, excluded_fields=[*_noise(model)])
            changes = [(fields[c.field], c.old, c.new) for c in delta.changes if c.field in fields]
        for field, old, new in changes:
            labels.want(field, old)
            labels.want(field, new)
        pending.append((model, row, before, changes))
    return pending


def _noise(model) -> list[str]:
    tracked = {f.name for f in model.history.model.tracked_fields}
    return [name for name in ("updated_at", "search_text", "secret_hash") if name in tracked]


def _history_event(
    model, row, before, changes, *, hidden: bool, labels: Labels, shield: Shield
) -> Event:
    what = _what(model, row) if not hidden else str(model._meta.verbose_name).capitalize()
    shown = tuple(
        Change(
            str(f.verbose_name).capitalize(),
            labels.read(shield, f, o),
            labels.read(shield, f, n),
        )
        for f, o, n in changes
    )
    if shown and model in IDENTITY_MODELS and shield.protected:
        # A signer's or a petitioner's own row is an identity whatever its values look like.
        shield.record()
    kind, summary = _classify(model, row, before, shown, what, hidden)
    user = row.history_user
    return Event(
        at=row.history_date,
        actor=actor_name(user.get_full_name() if user else None, user.username if user else None),
        kind=kind,
        summary=read_text(shield, summary),
        reason=read_text(shield, row.history_change_reason or ""),
        changes=() if hidden else shown,
    )


def _classify(model, row, before, shown, what: str, hidden: bool) -> tuple[str, str]:
    if hidden:
        kind = {"+": K.CREATED, "-": K.DELETED}.get(row.history_type, K.FIELD_CHANGE)
        return kind, _("%(what)s: %(hidden)s changed") % {
            "what": what,
            "hidden": identity.WITHHELD,
        }
    if row.history_type == "+" or before is None:
        return K.CREATED, _("%(what)s created") % {"what": what}
    if row.history_type == "-":
        return K.DELETED, _("%(what)s deleted") % {"what": what}
    if model is Petition and before.state != row.state:
        labels = dict(Petition._meta.get_field("state").flatchoices)
        return K.TRANSITION, _("%(old)s → %(new)s") % {
            "old": labels.get(before.state, before.state),
            "new": labels.get(row.state, row.state),
        }
    if model is Disclosure:
        if row.published_at and not before.published_at:
            return K.PUBLICATION, _("Public summary published")
        if getattr(row, "withdrawn_at", None) and not getattr(before, "withdrawn_at", None):
            return K.PUBLICATION, _("Public summary withdrawn")
    if not shown:
        return K.FIELD_CHANGE, _("%(what)s saved, no field changed") % {"what": what}
    return K.FIELD_CHANGE, _("%(what)s changed") % {"what": what}


def _task_events(petition: Petition) -> list[Event]:
    events = []
    for task in case_tasks(petition).filter(flow_task_type__in=TASK_TYPES):
        title = str(getattr(task.flow_task, "task_title", "") or task.flow_task.name)
        owner = task.owner.get_full_name() if task.owner_id else ""
        timer = task.flow_task_type == "TIMER"
        if timer:
            created = _("Timer “%(title)s” set") % {"title": title}
        else:
            created = _("Task “%(title)s” created") % {"title": title}
        events.append(Event(task.created, SYSTEM_NAME, K.TASK, created))
        if task.assigned and owner:
            events.append(
                Event(
                    task.assigned,
                    owner,
                    K.TASK,
                    _("Task “%(title)s” assigned to %(name)s") % {"title": title, "name": owner},
                )
            )
        if task.finished and task.status in SHOWN_TASK_ENDS:
            events.append(Event(task.finished, *_task_end(task, title, owner, timer)))
    return events


def _task_end(task, title: str, owner: str, timer: bool) -> tuple[str, str, str]:
    if task.status == STATUS.CANCELED:
        return SYSTEM_NAME, K.TASK, _("“%(title)s” canceled") % {"title": title}
    if timer:
        return SYSTEM_NAME, K.TASK, _("Timer “%(title)s” fired") % {"title": title}
    return (
        owner or SYSTEM_NAME,
        K.TASK,
        _("Task “%(title)s” completed") % {"title": title},
    )


def _notification_events(petition: Petition) -> list[Event]:
    events = []
    about = Notification.objects.filter(case_kind="petition", case_id=petition.pk)
    for note in about.select_related("recipient"):
        events.append(
            Event(
                note.created_at,
                SYSTEM_NAME,
                K.NOTIFICATION,
                _("To %(name)s: %(message)s")
                % {"name": note.recipient.get_full_name(), "message": note.message()},
            )
        )
    return events


def _identity_view_events(petition: Petition) -> list[Event]:
    return [
        Event(
            view.viewed_at,
            view.user.get_full_name(),
            K.IDENTITY_VIEW,
            _("Protected identity shown (%(where)s)") % {"where": view.where},
        )
        for view in IdentityView.objects.filter(petition=petition).select_related("user")
    ]


def case_timeline(
    *, user, petition: Petition, kind: str = "", shield: Shield | None = None
) -> list[Event]:
    """Every event of the case in time order, as `user` may read it (through `shield` when
    the page already has one, so that a page records one showing)."""
    shield = _shield(shield, user, petition, WHERE_TIMELINE)
    labels = Labels()
    pending = []
    for model, rows in _histories(petition):
        hidden = model in IDENTITY_MODELS and shield.redacted
        ordered = rows.select_related("history_user").order_by("history_date", "history_id")
        pending += _history_events(model, ordered, hidden=hidden, labels=labels)
    labels.resolve()
    events = [
        _history_event(
            model,
            row,
            before,
            changes,
            hidden=model in IDENTITY_MODELS and shield.redacted,
            labels=labels,
            shield=shield,
        )
        for model, row, before, changes in pending
    ]
    events += [
        _shielded(e, shield)
        for e in _task_events(petition)
        + _notification_events(petition)
        + _identity_view_events(petition)
    ]
    if kind:
        events = [e for e in events if e.kind == kind]
    events.sort(key=lambda e: e.at)
    return events


def _shielded(event: Event, shield: Shield) -> Event:
    return Event(
        event.at,
        event.actor,
        event.kind,
        read_text(shield, event.summary),
        read_text(shield, event.reason),
    )


# Versions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    history_id: int
    at: dt.datetime
    actor: str
    reason: str
    state: str


@dataclass(frozen=True)
class DiffRow:
    label: str
    a: str
    b: str
    changed: bool


@dataclass(frozen=True)
class VersionDiff:
    a: Version
    b: Version
    rows: list[DiffRow]


@dataclass(frozen=True)
class AsOf:
    version: Version
    rows: list[tuple[str, str]]


def _version(row, shield: Shield) -> Version:
    user = row.history_user
    return Version(
        history_id=row.history_id,
        at=row.history_date,
        actor=actor_name(user.get_full_name() if user else None, user.username if user else None),
        reason=read_text(shield, row.history_change_reason or ""),
        state=str(dict(Petition._meta.get_field("state").flatchoices).get(row.state, row.state)),
    )


def petition_versions(*, user, petition: Petition, shield: Shield | None = None) -> list[Version]:
    shield = _shield(shield, user, petition, WHERE_TIMELINE)
    rows = petition.history.select_related("history_user").order_by("history_date", "history_id")
    return [_version(row, shield) for row in rows]


def _shown_fields(petition: Petition):
    return [f for f in tracked_fields(petition.history.model) if f.name != "id"]


def version_diff(
    *, user, petition: Petition, a_id: int, b_id: int, shield: Shield | None = None
) -> VersionDiff | None:
    """Two versions of the petition side by side; None when either is not one of its own."""
    rows = {
        row.history_id: row
        for row in petition.history.select_related("history_user").filter(
            history_id__in=[a_id, b_id]
        )
    }
    if a_id not in rows or b_id not in rows:
        return None
    a, b = rows[a_id], rows[b_id]
    changed = {c.field for c in b.diff_against(a).changes} if a_id != b_id else set()
    shield = _shield(shield, user, petition, WHERE_DIFF)
    fields = _shown_fields(petition)
    labels = Labels()
    for f in fields:
        labels.want(f, field_value(a, f))
        labels.want(f, field_value(b, f))
    labels.resolve()
    diff_rows = [
        DiffRow(
            str(f.verbose_name).capitalize(),
            labels.read(shield, f, field_value(a, f)),
            labels.read(shield, f, field_value(b, f)),
            f.name in changed,
        )
        for f in fields
    ]
    return VersionDiff(_version(a, shield), _version(b, shield), diff_rows)


def case_as_of(
    *, user, petition: Petition, moment: dt.datetime, shield: Shield | None = None
) -> AsOf | None:
    """The petition as it stood at `moment` (the latest version not after it, what
    `petition.history.as_of(moment)` rebuilds); None before it was received."""
    row = (
        petition.history.select_related("history_user")
        .filter(history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if row is None or row.history_type == "-":
        return None
    shield = _shield(shield, user, petition, WHERE_AS_OF)
    fields = _shown_fields(petition)
    labels = Labels()
    for f in fields:
        labels.want(f, field_value(row, f))
    labels.resolve()
    values = [
        (str(f.verbose_name).capitalize(), labels.read(shield, f, field_value(row, f)))
        for f in fields
    ]
    return AsOf(_version(row, shield), values)
