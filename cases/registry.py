"""The registry of case kinds. Each kind registers one `CaseKind` from its `AppConfig.ready()`;
the kernel (inbox, acting, timers, audit workspace, demo data) reads every kind through it and
never imports a kind.

A kind's identity rules are registered with `cases.identity.register` (the identity module owns
them); everything else the kernel asks of a kind is here.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Model, Q, QuerySet


@dataclass(frozen=True)
class CaseKind:
    """What the kernel knows about one kind of case.

    - `name`: the kind's key (stored on notifications, used in URLs of shared screens).
    - `model`, `flow`: the case model (it inherits `workflows.models.WorkflowCase`) and its
      viewflow flow (with `workflows.flows.CaseFlowMixin`).
    - `visible(user)`: the cases of this kind the user may open; the inbox and the audit
      workspace never show a case outside it.
    - `label(case)`: how notifications and lists name a case: a reference and a short kind
      label, never a person (it is pushed to every recipient).
    - `search(words)`: a `Q` on the model matching every word (diacritics ignored).
    - `subkinds`: choices of the model's `subkind_field`, offered as a filter in the inbox.
    - `final_states`, `reopen`: a case in one of `final_states` may reopen: `reopen(case=,
      actor=, reason=)` is the kind's reopening service, and the flow's `reopen` handle starts
      the new run.
    - `history_models`: every model of the kind with a chained history table; the audit
      workspace reads them all.
    - `histories(case)`: every (model, history queryset) of the case, for its timeline; None
      reads the case's own history only. `identity_models`: those whose rows are a person's
      identity (blanked for a viewer without a grant); `identity_row(model, row)`: whether one
      history row of another table is an identity itself. `record_names`: the field that tells
      one record of a table from its siblings (a slip's number). `describe(model, row,
      before)`: the kind's own reading of a change, as (event kind, summary), or None.
      `extra_events(case)`: the kind's other timeline events (the views of an identity).
    - `reference_field`: the field a case is referred to by in lists (its tracking code).
    - `history_links`: {model: path from its rows to the case's id} for every history table
      hanging off the case, which the audit search reads across cases.
    - `identity_views`: (model, path to the case's id) of the record of each showing of a
      protected identity (fields `viewed_at`, `user`, `where`), or None.
    - `head_template`: the audit pages' heading of a case of this kind (gets `case`).
    - `row_template`: the template of the two cells (the case, its kind) the inbox shows for a
      case of this kind; it gets `case` (read through its shield as `case.shown`) and `kind`.
    - `receive(actor=, unit=, kind=, title=, content=, received_on=, full_name=, address=,
      protect_identity=, source=)`: registers a case of this kind raised in another kind's
      record (an opinion at a voter meeting that is a complaint becomes a petition) and
      starts its flow; returns the case. None: the kind takes no case from another.
    - `menu`: (label, URL name) of the kind's own list page in the main menu, or None.
    - `demo(places)`: loads the kind's demo cases (`manage.py load_demo`) and returns how
      many it added, or None.
    """

    name: str
    label_text: str
    model: type[Model]
    flow: type
    visible: Callable[..., QuerySet]
    label: Callable[[Model], str]
    search: Callable[[Sequence[str]], Q]
    subkinds: Sequence[tuple[str, str]] = ()
    subkind_field: str = ""
    final_states: Iterable[str] = ()
    reopen: Callable[..., object] | None = None
    history_models: Sequence[type[Model]] = field(default_factory=tuple)
    demo: Callable[..., object] | None = None
    histories: Callable[[Model], list] | None = None
    identity_models: Sequence[type[Model]] = ()
    identity_row: Callable[..., bool] | None = None
    record_names: dict = field(default_factory=dict)
    describe: Callable[..., tuple[str, str] | None] | None = None
    extra_events: Callable[[Model], list] | None = None
    reference_field: str = "id"
    history_links: dict = field(default_factory=dict)
    identity_views: tuple | None = None
    head_template: str = "audit/_case_badges.html"
    row_template: str = "workflows/_inbox_case.html"
    receive: Callable[..., Model] | None = None
    menu: tuple[str, str] | None = None

    def __str__(self) -> str:
        return str(self.label_text)


_KINDS: dict[str, CaseKind] = {}


def register(kind: CaseKind) -> CaseKind:
    """Registers `kind`; registering the same name again replaces it (the test-only kind is
    registered by a fixture and removed after)."""
    _KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    _KINDS.pop(name, None)


def kinds() -> list[CaseKind]:
    return list(_KINDS.values())


def get(name: str) -> CaseKind | None:
    return _KINDS.get(name)


def kind_choices() -> list[tuple[str, str]]:
    """Each kind, then its subkinds as `kind:subkind` (a petition's complaint, denunciation…):
    the case-kind filter of the inbox and of the audit search."""
    choices = []
    for kind in _KINDS.values():
        choices.append((kind.name, str(kind)))
        choices += [(f"{kind.name}:{value}", f"– {label}") for value, label in kind.subkinds]
    return choices


def kind_of(case_or_model) -> CaseKind:
    """The kind a case (or a case model) belongs to."""
    model = case_or_model if isinstance(case_or_model, type) else type(case_or_model)
    for kind in _KINDS.values():
        if issubclass(model, kind.model):
            return kind
    raise LookupError(f"{model.__name__} is not a registered case kind")


def kind_of_flow(flow_class) -> CaseKind:
    for kind in _KINDS.values():
        if kind.flow is flow_class:
            return kind
    raise LookupError(f"{flow_class!r} is not the flow of a registered case kind")
