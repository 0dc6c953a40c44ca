"""The shape every audit event takes, whatever table it was read from."""

import datetime as dt
from dataclasses import dataclass

from ..choices import EventKind

# The name of the actor recorded for automatic steps (`units.services.system_user`); a row
# without any actor is an automatic step too.
SYSTEM_NAME = "Hệ thống"


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Event:
    at: dt.datetime
    actor: str
    kind: str
    summary: str
    reason: str = ""
    changes: tuple[Change, ...] = ()
    petition_id: int | None = None
    case: str = ""
    unit: str = ""
    case_kind: str = ""

    @property
    def kind_label(self) -> str:
        return str(EventKind(self.kind).label)


def actor_name(full_name: str | None, username: str | None) -> str:
    if not username:
        return SYSTEM_NAME
    return full_name or username
