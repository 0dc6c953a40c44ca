"""The shape every event of a case's timeline takes, whatever table it was read from."""

import datetime as dt
from dataclasses import dataclass, replace

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CREATED = "created", _("Record created")
    FIELD_CHANGE = "field_change", _("Field change")
    TRANSITION = "transition", _("State transition")
    TASK = "task", _("Task")
    NOTIFICATION = "notification", _("Notification sent")
    IDENTITY_VIEW = "identity_view", _("Identity viewed")
    PUBLICATION = "publication", _("Publication or withdrawal")
    DELETED = "deleted", _("Record deleted")
    AUTHENTICATION = "authentication", _("Sign-in or sign-out")
    EXPORT = "export", _("Export")


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
    # The case the event is about, for a list across cases: its kind's name and its id.
    case_id: int | None = None
    case_type: str = ""
    case: str = ""
    unit: str = ""
    case_kind: str = ""

    def through(self, shield) -> "Event":
        """The event as the viewer of `shield` (cases.identity) reads it: its free texts
        scrubbed of a protected identity, its field changes left out."""
        return replace(
            self, summary=shield.text(self.summary), reason=shield.text(self.reason), changes=()
        )

    @property
    def kind_label(self) -> str:
        return str(EventKind(self.kind).label)


def actor_name(full_name: str | None, username: str | None) -> str:
    if not username:
        return SYSTEM_NAME
    return full_name or username
