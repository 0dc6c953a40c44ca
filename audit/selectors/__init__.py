"""Reads for the auditor's workspace: one case's timeline, versions and past state
(`timeline`), and events across every case in scope (`across`)."""

from .across import EventFilters, EventList, events_across
from .events import SYSTEM_NAME, Change, Event
from .timeline import (
    case_as_of,
    case_timeline,
    petition_versions,
    version_diff,
)

__all__ = [
    "SYSTEM_NAME",
    "Change",
    "Event",
    "EventFilters",
    "EventList",
    "case_as_of",
    "case_timeline",
    "events_across",
    "petition_versions",
    "version_diff",
]
