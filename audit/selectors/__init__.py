"""Reads for the auditor's workspace: events across every case in scope (`across`). One case's
timeline, versions and past state are the kernel's (`cases.timeline`)."""

from .across import EventFilters, EventList, events_across

__all__ = ["EventFilters", "EventList", "events_across"]
