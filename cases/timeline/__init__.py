"""One case timeline for every kind: every change to the case and to what hangs off it (its
kind's chained history tables, through `CaseKind.histories`), every task of its flow, every
notification about it and what the kind adds (a protected identity's views), in time order; two
versions side by side; the case as it stood at a moment. The case page, the API and the audit
workspace all read it, each through the viewer's identity shield."""

from .case import (
    AsOf,
    DiffRow,
    Version,
    VersionDiff,
    case_as_of,
    case_timeline,
    histories_of,
    version_diff,
    versions,
)
from .events import SYSTEM_NAME, Change, Event, EventKind, actor_name

__all__ = [
    "SYSTEM_NAME",
    "AsOf",
    "Change",
    "DiffRow",
    "Event",
    "EventKind",
    "Version",
    "VersionDiff",
    "actor_name",
    "case_as_of",
    "case_timeline",
    "histories_of",
    "version_diff",
    "versions",
]
