"""How history values read on the audit pages: labels instead of codes and ids. Every value a
person wrote (a subject, a reason, a note, a file name, a record's name) is then read through
the case's identity shield (`cases.identity`), which scrubs a protected identity out of it for a
viewer without a grant."""

import datetime as dt
from collections import defaultdict

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.identity import Shield

EMPTY = "—"
# Bookkeeping columns: they change on every save and say nothing an auditor needs.
NOISE = {"updated_at", "search_text", "secret_hash"}


def tracked_fields(history_model) -> list[models.Field]:
    return [f for f in history_model.tracked_fields if f.name not in NOISE]


def read_text(shield: Shield, value) -> str:
    """Free text of the case as the viewer of `shield` may read it."""
    return shield.text(value)


def is_free_text(field: models.Field) -> bool:
    """Whether a value of this field can carry what a person wrote: a text, or the name of a
    related record (a signer is named by their full name, an attachment by its file name).
    Choices, dates, numbers and yes/no are the system's own words."""
    if field.choices:
        return False
    return field.is_relation or isinstance(field, (models.CharField, models.TextField))


class Labels:
    """Turns raw history values into what a person reads. Foreign keys are collected first and
    then read with one query per related model (`resolve`), so a timeline stays bounded."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.names: dict[tuple[type[models.Model], object], str] = {}

    def want(self, field: models.Field, value) -> None:
        if field.is_relation and value is not None:
            self.wanted[field.related_model].add(value)

    def resolve(self) -> None:
        for model, ids in self.wanted.items():
            missing = [i for i in ids if (model, i) not in self.names]
            if missing:
                for pk, obj in model._base_manager.in_bulk(missing).items():
                    self.names[(model, pk)] = _record_name(obj)
        self.wanted.clear()

    def show(self, field: models.Field, value) -> str:
        if value is None or value == "":
            return EMPTY
        if field.is_relation:
            return self.names.get((field.related_model, value), f"#{value}")
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, dt.datetime):
            return date_format(timezone.localtime(value), "d/m/Y H:i")
        if isinstance(value, dt.date):
            return date_format(value, "d/m/Y")
        return str(value)

    def read(self, shield, field: models.Field, value) -> str:
        """The value as the viewer of `shield` may read it."""
        shown = self.show(field, value)
        return read_text(shield, shown) if is_free_text(field) and shown != EMPTY else shown


def _record_name(obj) -> str:
    # Another case (a duplicate, the case it was split from) is named by its tracking code only:
    # its subject is its own free text, which only its own shield may render.
    code = getattr(obj, "tracking_code", None)
    return str(code) if code else str(obj)


def field_value(row, field: models.Field):
    return getattr(row, field.attname)
