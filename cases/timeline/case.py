"""The timeline of one case of any kind, its versions and its state at a moment.

Everything is read through one identity shield per page (`cases.identity.shield`): a viewer
without a grant on a protected case gets every free text scrubbed and the kind's identity tables
blanked; a granted viewer gets the real values, and the shield records the showing.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from notifications.models import Notification

from .. import identity
from ..identity import Shield
from ..registry import CaseKind, kind_of
from .events import SYSTEM_NAME, Change, Event, EventKind, actor_name
from .values import Labels, field_value, read_text, tracked_fields

K = EventKind
TASK_TYPES = ("HUMAN", "TIMER")
SHOWN_TASK_ENDS = (STATUS.DONE, STATUS.CANCELED)


WHERE_TIMELINE = "audit timeline"
WHERE_DIFF = "audit version comparison"
WHERE_AS_OF = "audit case as of a moment"


def _shield(shield: Shield | None, user, case, where: str) -> Shield:
    return shield if shield is not None else identity.shield(user, case, where=where)


def histories_of(case, kind: CaseKind | None = None) -> list[tuple[type[Model], QuerySet]]:
    """Every (model, history rows) of the case: its kind's tables, or its own history."""
    kind = kind or kind_of(case)
    if kind.histories is not None:
        return kind.histories(case)
    return [(kind.model, case.history.all())]


def _what(kind: CaseKind, model: type[Model], row) -> str:
    label = str(model._meta.verbose_name).capitalize()
    attribute = kind.record_names.get(model)
    return f"{label} {getattr(row, attribute)}" if attribute else label


def _history_events(model, rows, *, hidden, labels: Labels) -> list:
    """Pairs each history row with the previous version of the same record; the changes are
    simple-history's `diff_against` of the two. `hidden(row)`: the row is an identity the
    viewer may not read."""
    fields = {f.name: f for f in tracked_fields(model.history.model)}
    pending = []
    previous = {}
    for row in rows:
        before = previous.get(row.id)
        previous[row.id] = row
        if hidden(row):
            pending.append((model, row, None, [], True))
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
        pending.append((model, row, before, changes, False))
    return pending


def _bare_events(model, rows, hidden) -> list:
    """The rows paired with their previous versions, without computing what changed."""
    pending, previous = [], {}
    for row in rows:
        before = previous.get(row.id)
        previous[row.id] = row
        pending.append((model, row, before, None, hidden(row)))
    return pending


def _noise(model) -> list[str]:
    tracked = {f.name for f in model.history.model.tracked_fields}
    return [name for name in ("updated_at", "search_text", "secret_hash") if name in tracked]


def _history_event(
    kind: CaseKind, model, row, before, changes, *, hidden: bool, labels: Labels, shield: Shield
) -> Event:
    what = _what(kind, model, row) if not hidden else str(model._meta.verbose_name).capitalize()
    shown = tuple(
        Change(
            str(f.verbose_name).capitalize(),
            labels.read(shield, f, o),
            labels.read(shield, f, n),
        )
        for f, o, n in changes or ()
    )
    if shown and model in kind.identity_models and shield.protected:
        # A person's own row (a signer, a petitioner) is an identity whatever its values say.
        shield.record()
    # `changes` is None when they were not computed (case_timeline(changes=False)).
    computed = shown if changes is not None else None
    event_kind, summary = _classify(kind, model, row, before, computed, what, hidden)
    user = row.history_user
    return Event(
        at=row.history_date,
        actor=actor_name(user.get_full_name() if user else None, user.username if user else None),
        kind=event_kind,
        summary=read_text(shield, summary),
        reason=read_text(shield, row.history_change_reason or ""),
        changes=() if hidden else shown,
    )


def _classify(kind, model, row, before, shown, what: str, hidden: bool) -> tuple[str, str]:
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
    if model is kind.model and before.state != row.state:
        labels = _state_labels(kind)
        return K.TRANSITION, _("%(old)s → %(new)s") % {
            "old": labels.get(before.state, before.state),
            "new": labels.get(row.state, row.state),
        }
    described = kind.describe(model, row, before) if kind.describe is not None else None
    if described is not None:
        return described
    if shown is not None and not shown:
        return K.FIELD_CHANGE, _("%(what)s saved, no field changed") % {"what": what}
    return K.FIELD_CHANGE, _("%(what)s changed") % {"what": what}


def _state_labels(kind: CaseKind) -> dict:
    return {str(k): v for k, v in kind.model._meta.get_field("state").flatchoices}


def _task_events(case) -> list[Event]:
    events = []
    tasks = Task.objects.filter(process__in=case.processes.all(), flow_task_type__in=TASK_TYPES)
    for task in tasks.select_related("owner").order_by("created", "pk"):
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


def _notification_events(kind: CaseKind, case) -> list[Event]:
    events = []
    about = Notification.objects.filter(case_kind=kind.name, case_id=case.pk)
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


def _hidden_rows(kind: CaseKind, model, shield: Shield):
    """Which rows of `model` the viewer reads as withheld: every row of an identity table, and
    the rows the kind says are an identity themselves (a scan of a denunciation), unless the
    viewer may see the case's identity."""
    if not shield.redacted:
        return lambda row: False
    if model in kind.identity_models:
        return lambda row: True
    if kind.identity_row is None:
        return lambda row: False
    return lambda row: kind.identity_row(model, row)


def case_timeline(
    *, user, case, kind: str = "", shield: Shield | None = None, changes: bool = True
) -> list[Event]:
    """Every event of the case in time order, as `user` may read it (through `shield` when
    the page already has one, so that a page records one showing); `kind` keeps one kind of
    event; `changes=False` leaves out each change's fields and values (the case page shows
    what happened, the audit pages how)."""
    case_kind = kind_of(case)
    shield = _shield(shield, user, case, WHERE_TIMELINE)
    labels = Labels()
    pending = []
    for model, rows in histories_of(case, case_kind):
        ordered = rows.select_related("history_user").order_by("history_date", "history_id")
        hidden = _hidden_rows(case_kind, model, shield)
        if not changes:
            pending += _bare_events(model, ordered, hidden)
            continue
        pending += _history_events(model, ordered, hidden=hidden, labels=labels)
    labels.resolve()
    events = [
        _history_event(
            case_kind,
            model,
            row,
            before,
            changes,
            hidden=hidden,
            labels=labels,
            shield=shield,
        )
        for model, row, before, changes, hidden in pending
    ]
    extra = case_kind.extra_events(case) if case_kind.extra_events is not None else []
    events += [
        e.through(shield)
        for e in _task_events(case) + _notification_events(case_kind, case) + extra
    ]
    if kind:
        events = [e for e in events if e.kind == kind]
    events.sort(key=lambda e: e.at)
    return events


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
        state=str(_state_labels(kind_of(type(row).instance_type)).get(row.state, row.state)),
    )


def versions(*, user, case, shield: Shield | None = None) -> list[Version]:
    """Every saved version of the case itself, oldest first."""
    shield = _shield(shield, user, case, WHERE_TIMELINE)
    rows = case.history.select_related("history_user").order_by("history_date", "history_id")
    return [_version(row, shield) for row in rows]


def _shown_fields(case):
    return [f for f in tracked_fields(case.history.model) if f.name != "id"]


def version_diff(
    *, user, case, a_id: int, b_id: int, shield: Shield | None = None
) -> VersionDiff | None:
    """Two versions of the case side by side; None when either is not one of its own."""
    rows = {
        row.history_id: row
        for row in case.history.select_related("history_user").filter(history_id__in=[a_id, b_id])
    }
    if a_id not in rows or b_id not in rows:
        return None
    a, b = rows[a_id], rows[b_id]
    changed = {c.field for c in b.diff_against(a).changes} if a_id != b_id else set()
    shield = _shield(shield, user, case, WHERE_DIFF)
    fields = _shown_fields(case)
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


def case_as_of(*, user, case, moment: dt.datetime, shield: Shield | None = None) -> AsOf | None:
    """The case as it stood at `moment` (the latest version not after it, what
    `case.history.as_of(moment)` rebuilds); None before it was registered."""
    row = (
        case.history.select_related("history_user")
        .filter(history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if row is None or row.history_type == "-":
        return None
    shield = _shield(shield, user, case, WHERE_AS_OF)
    fields = _shown_fields(case)
    labels = Labels()
    for f in fields:
        labels.want(f, field_value(row, f))
    labels.resolve()
    values = [
        (str(f.verbose_name).capitalize(), labels.read(shield, f, field_value(row, f)))
        for f in fields
    ]
    return AsOf(_version(row, shield), values)
