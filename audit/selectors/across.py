"""Events across every case of every registered kind in the auditor's scope, filtered, newest
first. Each kind is read through the registry: its case table's history, the history tables it
links to its cases (`CaseKind.history_links`), its flow's tasks and its notifications.

The result is built lazily: each source is one query over its own table (history rows, tasks,
notifications, identity views, sign-ins, exports) read as plain values, and the sources are
merged by time. A page reads only as many rows as it needs from each source, and an export
streams them in chunks, so memory stays bounded however many events match.

Every case's events are read through that case's identity shield (`cases.identity`), one per
case for the whole list, built a chunk of cases at a time with a fixed number of queries: for a
viewer without a grant on a protected case every summary and reason is scrubbed; a granted
viewer reads them, and the first showing of each case's identity in a page or an export is
recorded (Luật Tố cáo Art. 47).

The search filters only by person, committee, dates and kinds; there is deliberately no free-text
query, so nobody can find which case holds a given name, ID number or phone by searching for it.
"""

import datetime as dt
import heapq
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from itertools import islice

from django.db.models import CharField, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from cases import identity, registry
from cases.registry import CaseKind
from cases.timeline.events import SYSTEM_NAME, Event, EventKind, actor_name
from notifications.models import Notification
from units.models import Membership, Unit, User
from units.permissions import scope_q
from units.services import SYSTEM_USERNAME

from ..choices import AUDIT_ROLES, AuthEventKind, ExportFormat, ExportStatus
from ..models import AuthEvent, Export

K = EventKind
CHUNK = 500


@dataclass(frozen=True)
class EventFilters:
    user_id: int | None = None
    unit_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    case_kind: str = ""
    event_kind: str = ""
    # An export holds what had happened when it was asked for, not the rows it adds itself.
    until: dt.datetime | None = None

    def to_json(self) -> dict:
        data = asdict(self)
        for key in ("date_from", "date_to", "until"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> "EventFilters":
        def day(value):
            return dt.date.fromisoformat(value) if value else None

        return cls(
            user_id=data.get("user_id") or None,
            unit_id=data.get("unit_id") or None,
            date_from=day(data.get("date_from")),
            date_to=day(data.get("date_to")),
            case_kind=data.get("case_kind") or "",
            event_kind=data.get("event_kind") or "",
            until=dt.datetime.fromisoformat(data["until"]) if data.get("until") else None,
        )

    @property
    def concerns_cases(self) -> bool:
        """A unit or a case kind narrows to cases: sign-ins and exports then do not match."""
        return bool(self.unit_id or self.case_kind)


@dataclass
class Source:
    rows: QuerySet  # values() rows with an "at" key, newest first
    to_event: Callable[[dict], Event]


# Filters shared by the sources ---------------------------------------------------------------


def _window(filters: EventFilters, field: str) -> Q:
    condition = Q()
    if filters.date_from:
        start = dt.datetime.combine(filters.date_from, dt.time.min)
        condition &= Q(**{f"{field}__gte": timezone.make_aware(start)})
    if filters.date_to:
        end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min)
        condition &= Q(**{f"{field}__lt": timezone.make_aware(end)})
    if filters.until:
        condition &= Q(**{f"{field}__lte": filters.until})
    return condition


def _scoped_cases(kind: CaseKind, user: User, filters: EventFilters) -> QuerySet | None:
    """The kind's cases in the auditor's scope matching the filters; None when the case-kind
    filter names another kind. The filter is a kind's name or `kind:subkind`."""
    name, _sep, subkind = filters.case_kind.partition(":")
    if name and name != kind.name:
        return None
    cases = kind.visible(user).filter(scope_q(user, AUDIT_ROLES))
    if subkind:
        cases = cases.filter(**{kind.subkind_field: subkind}) if kind.subkind_field else None
    if cases is not None and filters.unit_id:
        unit = Unit.objects.filter(pk=filters.unit_id).first()
        cases = cases.filter(unit__path__startswith=unit.path) if unit else cases.none()
    return cases


def _is_system(filters: EventFilters) -> bool:
    return bool(
        filters.user_id
        and User.objects.filter(pk=filters.user_id, username=SYSTEM_USERNAME).exists()
    )


def _case_values(prefix: str, kind: CaseKind) -> dict:
    """The columns that name the case of a row, `prefix` being the path from the row to it."""
    subkind = F(f"{prefix}{kind.subkind_field}") if kind.subkind_field else Value("")
    return {
        "pid": F(f"{prefix}id"),
        "ctype": Value(kind.name),
        "case": Cast(F(f"{prefix}{kind.reference_field}"), CharField()),
        "case_kind": subkind,
        "unit_name": F(f"{prefix}unit__name"),
    }


def _kind_label(row: dict) -> str:
    kind = registry.get(row.get("ctype") or "")
    if kind is None:
        return ""
    subkinds = dict(kind.subkinds)
    return str(subkinds.get(row.get("case_kind"), kind))


ACTOR = {"actor_full": F("history_user__full_name"), "actor_login": F("history_user__username")}


def _event(row: dict, *, actor: str, kind: str, summary: str, reason: str = "") -> Event:
    return Event(
        at=row["at"],
        actor=actor,
        kind=kind,
        summary=summary,
        reason=reason or "",
        case_id=row.get("pid"),
        case_type=row.get("ctype") or "",
        case=row.get("case") or "",
        unit=row.get("unit_name") or "",
        case_kind=_kind_label(row),
    )


def _history_actor(row: dict) -> str:
    return actor_name(row["actor_full"], row["actor_login"])


# History sources -------------------------------------------------------------------------------


def _case_history(kind: CaseKind, cases, filters: EventFilters) -> Source | None:
    History = kind.model.history.model
    previous = History.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
    rows = History.objects.filter(id__in=cases.values("pk")).filter(
        _window(filters, "history_date")
    )
    if filters.user_id:
        rows = rows.filter(history_user_id=filters.user_id)
    rows = rows.annotate(prev_state=Subquery(previous.order_by("-history_id").values("state")[:1]))
    changed = Q(history_type="~") & ~Q(state=F("prev_state"))
    by_kind = {
        K.CREATED: Q(history_type="+"),
        K.DELETED: Q(history_type="-"),
        K.TRANSITION: changed,
        K.FIELD_CHANGE: Q(history_type="~") & Q(state=F("prev_state")),
    }
    if filters.event_kind:
        if filters.event_kind not in by_kind:
            return None
        rows = rows.filter(by_kind[filters.event_kind])
    states = dict(kind.model._meta.get_field("state").flatchoices)
    what = str(kind.model._meta.verbose_name).capitalize()

    def to_event(row: dict) -> Event:
        if row["history_type"] == "+":
            kind, summary = K.CREATED, _("%(what)s created") % {"what": what}
        elif row["history_type"] == "-":
            kind, summary = K.DELETED, _("%(what)s deleted") % {"what": what}
        elif row["prev_state"] != row["state"]:
            kind, summary = (
                K.TRANSITION,
                _("%(old)s → %(new)s")
                % {"old": states.get(row["prev_state"]), "new": states.get(row["state"])},
            )
        else:
            kind, summary = K.FIELD_CHANGE, _("%(what)s changed") % {"what": what}
        return _event(
            row,
            actor=_history_actor(row),
            kind=kind,
            summary=summary,
            reason=row["history_change_reason"],
        )

    values = rows.values(
        "history_type",
        "history_change_reason",
        "state",
        "prev_state",
        at=F("history_date"),
        **_case_values("", kind),
        **ACTOR,
    )
    return Source(values.order_by("-at"), to_event)


def _related_history(
    kind: CaseKind, model, link: str, cases, filters: EventFilters
) -> Source | None:
    """History of a record that hangs off a case (`link` is the path to the case's id)."""
    History = model.history.model
    rows = History.objects.filter(**{f"{link}__in": cases.values("pk")}).filter(
        _window(filters, "history_date")
    )
    if filters.user_id:
        rows = rows.filter(history_user_id=filters.user_id)
    publication = Q(pk__in=[])
    extra: dict = {}
    columns: list[str] = []
    # A record that is published and withdrawn (a public summary) has publication events.
    published = {"published_at", "withdrawn_at"} & {f.name for f in model._meta.fields}
    if published:
        previous = History.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        for name in ("published_at", "withdrawn_at"):
            if name in published:
                rows = rows.annotate(
                    **{f"prev_{name}": Subquery(previous.order_by("-history_id").values(name)[:1])}
                )
                publication |= Q(
                    history_type="~", **{f"{name}__isnull": False, f"prev_{name}__isnull": True}
                )
                columns += [name, f"prev_{name}"]
    by_kind = {
        K.CREATED: Q(history_type="+"),
        K.DELETED: Q(history_type="-"),
        K.FIELD_CHANGE: Q(history_type="~") & ~publication,
    }
    if published:
        by_kind[K.PUBLICATION] = publication
    if filters.event_kind:
        if filters.event_kind not in by_kind:
            return None
        rows = rows.filter(by_kind[filters.event_kind])
    name_field = kind.record_names.get(model)
    if name_field:
        extra["record_name"] = F(name_field)
    is_identity = model in kind.identity_models
    what_label = str(model._meta.verbose_name).capitalize()

    def to_event(row: dict) -> Event:
        what = f"{what_label} {row['record_name']}" if row.get("record_name") else what_label
        if is_identity:
            kind = {"+": K.CREATED, "-": K.DELETED}.get(row["history_type"], K.FIELD_CHANGE)
            summary = _("%(what)s: %(hidden)s changed") % {
                "what": what_label,
                "hidden": identity.WITHHELD,
            }
        elif row["history_type"] == "+":
            kind, summary = K.CREATED, _("%(what)s created") % {"what": what}
        elif row["history_type"] == "-":
            kind, summary = K.DELETED, _("%(what)s deleted") % {"what": what}
        elif row.get("withdrawn_at") and not row.get("prev_withdrawn_at"):
            kind, summary = K.PUBLICATION, _("Public summary withdrawn")
        elif row.get("published_at") and not row.get("prev_published_at"):
            kind, summary = K.PUBLICATION, _("Public summary published")
        else:
            kind, summary = K.FIELD_CHANGE, _("%(what)s changed") % {"what": what}
        return _event(
            row,
            actor=_history_actor(row),
            kind=kind,
            summary=summary,
            reason=row["history_change_reason"],
        )

    prefix = link.removesuffix("_id").removesuffix("id")
    case = _case_values(f"{prefix}__" if prefix else "", kind)
    values = rows.values(
        "history_type",
        "history_change_reason",
        *columns,
        at=F("history_date"),
        **case,
        **ACTOR,
        **extra,
    )
    return Source(values.order_by("-at"), to_event)


# Tasks, notifications, identity views ----------------------------------------------------------


def _task_sources(kind: CaseKind, cases, filters: EventFilters) -> list[Source]:
    if filters.event_kind and filters.event_kind != K.TASK:
        return []
    # WorkflowCase names the reverse of a process's artifact after the case model.
    to_case = f"process__{kind.model._meta.model_name}__"
    tasks = Task.objects.filter(
        **{f"{to_case}in": cases.values("pk")}, flow_task_type__in=("HUMAN", "TIMER")
    )
    case = _case_values(to_case, kind)
    common = ("flow_task", "flow_task_type", "status", "owner__full_name", "owner__username")
    system = _is_system(filters)

    def title(row) -> str:
        node = row["flow_task"]
        return str(getattr(node, "task_title", "") or getattr(node, "name", node))

    def owner(row) -> str:
        return actor_name(row["owner__full_name"], row["owner__username"])

    def created(row):
        template = (
            _("Timer “%(title)s” set")
            if row["flow_task_type"] == "TIMER"
            else _("Task “%(title)s” created")
        )
        return _event(row, actor=SYSTEM_NAME, kind=K.TASK, summary=template % {"title": title(row)})

    def assigned(row):
        summary = _("Task “%(title)s” assigned to %(name)s") % {
            "title": title(row),
            "name": owner(row),
        }
        return _event(row, actor=owner(row), kind=K.TASK, summary=summary)

    def finished(row):
        if row["status"] == STATUS.CANCELED:
            actor, summary = SYSTEM_NAME, _("“%(title)s” canceled")
        elif row["flow_task_type"] == "TIMER":
            actor, summary = SYSTEM_NAME, _("Timer “%(title)s” fired")
        else:
            actor, summary = owner(row), _("Task “%(title)s” completed")
        return _event(row, actor=actor, kind=K.TASK, summary=summary % {"title": title(row)})

    # The flow creates tasks, fires timers and cancels what is left (the system); people take
    # and complete tasks.
    automatic = Q(flow_task_type="TIMER") | Q(status=STATUS.CANCELED)
    specs = [
        ("created", Q(), created, Q(), None),
        ("assigned", Q(assigned__isnull=False, owner__isnull=False), assigned, None, Q()),
        (
            "finished",
            Q(finished__isnull=False, status__in=(STATUS.DONE, STATUS.CANCELED)),
            finished,
            automatic,
            ~automatic,
        ),
    ]
    sources = []
    for field, condition, to_event, by_system, by_person in specs:
        rows = tasks.filter(condition).filter(_window(filters, field))
        if filters.user_id:
            mine = by_system if system else by_person
            if mine is None:
                continue
            rows = rows.filter(mine)
            if not system:
                rows = rows.filter(owner_id=filters.user_id)
        values = rows.values(*common, at=F(field), **case)
        sources.append(Source(values.order_by("-at"), to_event))
    return sources


def _notification_source(kind: CaseKind, cases, filters: EventFilters) -> Source | None:
    if filters.event_kind and filters.event_kind != K.NOTIFICATION:
        return None
    # Notifications carry the indexed case reference (kind name and id).
    matching = cases.filter(pk=OuterRef("case_id"))
    notes = Notification.objects.filter(case_kind=kind.name, case_id__in=cases.values("pk")).filter(
        _window(filters, "created_at")
    )
    if filters.user_id:
        notes = notes.filter(recipient_id=filters.user_id)
    subkind = kind.subkind_field or "pk"
    reference = matching.annotate(ref=Cast(kind.reference_field, CharField()))
    notes = notes.annotate(
        pid=F("case_id"),
        ctype=Value(kind.name),
        case=Subquery(reference.values("ref")[:1]),
        subkind=Subquery(matching.values(subkind)[:1]) if kind.subkind_field else Value(""),
        case_unit=Subquery(matching.values("unit__name")[:1]),
    )

    def to_event(row: dict) -> Event:
        note = Notification(
            kind=row["kind"],
            case_label=row["case_label"],
            step=row["step"],
            deadline=row["deadline"],
            unit_name=row["unit_name"],
        )
        summary = _("To %(name)s: %(message)s") % {
            "name": actor_name(row["recipient__full_name"], row["recipient__username"]),
            "message": note.message(),
        }
        case = {**row, "unit_name": row["case_unit"], "case_kind": row["subkind"]}
        return _event(case, actor=SYSTEM_NAME, kind=K.NOTIFICATION, summary=summary)

    values = notes.values(
        "kind",
        "case_label",
        "step",
        "deadline",
        "unit_name",
        "recipient__full_name",
        "recipient__username",
        "pid",
        "ctype",
        "case",
        "subkind",
        "case_unit",
        at=F("created_at"),
    )
    return Source(values.order_by("-at"), to_event)


def _identity_view_source(kind: CaseKind, cases, filters: EventFilters) -> Source | None:
    """The record of every showing of a protected identity, for a kind that keeps one."""
    if kind.identity_views is None:
        return None
    if filters.event_kind and filters.event_kind != K.IDENTITY_VIEW:
        return None
    model, link = kind.identity_views
    views = model.objects.filter(**{f"{link}__in": cases.values("pk")}).filter(
        _window(filters, "viewed_at")
    )
    if filters.user_id:
        views = views.filter(user_id=filters.user_id)

    def to_event(row: dict) -> Event:
        summary = _("Protected identity shown (%(where)s)") % {"where": row["where"]}
        return _event(
            row,
            actor=actor_name(row["user__full_name"], row["user__username"]),
            kind=K.IDENTITY_VIEW,
            summary=summary,
        )

    values = views.values(
        "where",
        "user__full_name",
        "user__username",
        at=F("viewed_at"),
        **_case_values(f"{link.removesuffix('_id')}__", kind),
    )
    return Source(values.order_by("-at"), to_event)


# Not about a case: sign-ins and exports ------------------------------------------------------


def _people_in_scope(user: User) -> Q:
    """People holding a role somewhere in the auditor's scope; a failed sign-in that matched
    nobody is shown to superusers only."""
    members = Membership.objects.filter(scope_q(user, AUDIT_ROLES)).values("user_id")
    condition = Q(user_id__in=members)
    if user.is_superuser:
        condition |= Q(user__isnull=True)
    return condition


def _auth_source(user: User, filters: EventFilters) -> Source | None:
    if filters.concerns_cases or filters.event_kind not in ("", K.AUTHENTICATION):
        return None
    rows = AuthEvent.objects.filter(_people_in_scope(user), _window(filters, "at"))
    if filters.user_id:
        rows = rows.filter(user_id=filters.user_id)
    labels = dict(AuthEventKind.choices)

    def to_event(row: dict) -> Event:
        actor = actor_name(row["user__full_name"], row["user__username"] or row["username_tried"])
        summary = f"{labels.get(row['kind'], row['kind'])}: {row['username_tried']}"
        if row["ip"]:
            summary += f" · {row['ip']}"
        return _event(row, actor=actor, kind=K.AUTHENTICATION, summary=summary)

    values = rows.values("at", "kind", "username_tried", "ip", "user__full_name", "user__username")
    return Source(values.order_by("-at"), to_event)


def _export_source(user: User, filters: EventFilters) -> Source | None:
    if filters.concerns_cases or filters.event_kind not in ("", K.EXPORT):
        return None
    History = Export.history.model
    people = Membership.objects.filter(scope_q(user, AUDIT_ROLES)).values("user_id")
    rows = History.objects.filter(requested_by_id__in=people).filter(
        _window(filters, "history_date")
    )
    if filters.user_id:
        rows = rows.filter(history_user_id=filters.user_id)
    formats, statuses = dict(ExportFormat.choices), dict(ExportStatus.choices)

    def to_event(row: dict) -> Event:
        summary = _("Export #%(number)s (%(format)s): %(status)s") % {
            "number": row["id"],
            "format": formats.get(row["format"], row["format"]),
            "status": statuses.get(row["status"], row["status"]),
        }
        return _event(
            row,
            actor=_history_actor(row),
            kind=K.EXPORT,
            summary=summary,
            reason=row["history_change_reason"],
        )

    values = rows.values(
        "id", "format", "status", "history_change_reason", at=F("history_date"), **ACTOR
    )
    return Source(values.order_by("-at"), to_event)


# The merged list ------------------------------------------------------------------------------


class _Shields:
    """One identity shield per case for a whole list or export, built for a chunk of events at a
    time: a shield records its case's showing once, however many of its events are read."""

    def __init__(self, user: User, where: str) -> None:
        self.user = user
        self.where = where
        self.shields: dict[tuple[str, int], identity.Shield] = {}

    def prime(self, cases) -> None:
        """`cases`: (kind name, id) pairs; one query per kind for those not yet shielded."""
        wanted: dict[str, set[int]] = {}
        for key in set(cases) - set(self.shields):
            wanted.setdefault(key[0], set()).add(key[1])
        for name, ids in wanted.items():
            kind = registry.get(name)
            if kind is None:
                continue
            found = kind.model.objects.filter(pk__in=ids)
            for shield in identity.shield_many(self.user, found, where=self.where):
                self.shields[(name, shield.case.pk)] = shield

    def apply(self, event: Event) -> Event:
        shield = self.shields.get((event.case_type, event.case_id)) if event.case_id else None
        if shield is None or not shield.protected:
            return event
        return event.through(shield)


def _tag(stream, source: Source) -> Iterator[tuple[dict, Source]]:
    for row in stream:
        yield row, source


class EventList:
    """A lazily read, newest-first list of events: `count()`, slicing (for a Paginator) and
    iteration (for an export) each read only what they need."""

    def __init__(self, sources: list[Source], *, user: User, where: str) -> None:
        self.sources = sources
        self.user = user
        self.where = where
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = sum(source.rows.count() for source in self.sources)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def _merged(self, streams) -> Iterator[tuple[dict, Source]]:
        tagged = [_tag(stream, source) for stream, source in streams]
        return heapq.merge(*tagged, key=lambda pair: pair[0]["at"], reverse=True)

    def _events(self, pairs) -> Iterator[Event]:
        shields = _Shields(self.user, self.where)
        while chunk := list(islice(pairs, CHUNK)):
            shields.prime({(row["ctype"], row["pid"]) for row, _source in chunk if row.get("pid")})
            for row, source in chunk:
                yield shields.apply(source.to_event(row))

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop
        if stop is None:
            stop = self.count()
        streams = [(list(source.rows[:stop]), source) for source in self.sources]
        return list(islice(self._events(self._merged(streams)), start, stop))

    def __iter__(self) -> Iterator[Event]:
        streams = [(source.rows.iterator(chunk_size=CHUNK), source) for source in self.sources]
        return self._events(self._merged(streams))


def _case_sources(kind: CaseKind, user: User, filters: EventFilters) -> list[Source | None]:
    cases = _scoped_cases(kind, user, filters)
    if cases is None:
        return []
    return [
        _case_history(kind, cases, filters),
        *(
            _related_history(kind, model, link, cases, filters)
            for model, link in kind.history_links.items()
        ),
        *_task_sources(kind, cases, filters),
        _notification_source(kind, cases, filters),
        _identity_view_source(kind, cases, filters),
    ]


def events_across(*, user: User, filters: EventFilters, where: str = "audit search") -> EventList:
    """Events of every case in `user`'s audit scope (and the sign-ins and exports of the people
    in it), matching `filters`, newest first; `where` names the output in the record of an
    identity shown (the search page, an export)."""
    sources = [
        *(source for kind in registry.kinds() for source in _case_sources(kind, user, filters)),
        _auth_source(user, filters),
        _export_source(user, filters),
    ]
    return EventList([s for s in sources if s is not None], user=user, where=where)
