"""How history values read on the audit pages: labels instead of codes and ids, and a
denouncer's identity blanked out for a viewer who may not see it."""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casework.redaction import REDACTED

EMPTY = "—"
# Bookkeeping columns: they change on every save and say nothing an auditor needs.
NOISE = {"updated_at", "search_text", "secret_hash"}


class Scrubber:
    """Replaces each identity string (name, ID number, phone of a signer) in free text."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        ordered = sorted({v for v in values if v}, key=len, reverse=True)
        self.pattern = (
            re.compile("|".join(re.escape(v) for v in ordered), re.IGNORECASE) if ordered else None
        )

    def __call__(self, text) -> str:
        text = "" if text is None else str(text)
        if not text or self.pattern is None:
            return text
        return self.pattern.sub(str(REDACTED), text)


NO_SCRUB = Scrubber()


def tracked_fields(history_model) -> list[models.Field]:
    return [f for f in history_model.tracked_fields if f.name not in NOISE]


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
                    self.names[(model, pk)] = str(obj)
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


def field_value(row, field: models.Field):
    return getattr(row, field.attname)
