"""The hash chain over each history table.

Each row's `chain_hash` is an HMAC over the previous row's hash and the row's canonical content
(every column but its own id and hash). The key lives in settings, not in the database, so
someone who can only write to the database cannot recompute a chain after editing it; and the
head of each chain can be exported as a signed statement kept outside the system.
"""

import datetime as dt
import decimal
import hashlib
import hmac
import json
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.dispatch import receiver
from simple_history.models import registered_models
from simple_history.signals import pre_create_historical_record

GENESIS = "0" * 64
SKIPPED = {"chain_hash", "history_id"}


def chain_key() -> bytes:
    return (getattr(settings, "AUDIT_CHAIN_KEY", "") or settings.SECRET_KEY).encode()


def _plain(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def canonical(row: models.Model) -> bytes:
    # Empty values are left out, so a column added later (null or blank on the old rows) does
    # not change what the old rows hashed to.
    values = {
        field.attname: _plain(value)
        for field in row._meta.concrete_fields
        if field.attname not in SKIPPED
        and (value := getattr(row, field.attname)) is not None
        and value != ""
    }
    return json.dumps(values, sort_keys=True, ensure_ascii=False, default=str).encode()


def link(previous: str, row: models.Model) -> str:
    return hmac.new(chain_key(), previous.encode() + canonical(row), hashlib.sha256).hexdigest()


def history_models() -> list[type[models.Model]]:
    """Every history model of the project, in a stable order."""
    found = [m.history.model for m in registered_models.values() if hasattr(m, "history")]
    return sorted({m for m in found if issubclass(m, _base())}, key=lambda m: m._meta.label_lower)


def _base():
    from .history import ChainedHistory

    return ChainedHistory


def locked_head(history_model):
    from .models import AuditChainHead

    table = history_model._meta.db_table
    head = AuditChainHead.objects.select_for_update().filter(table=table).first()
    if head is None:
        # A new table's first row: create its head, then take the lock like everyone else
        # (get_or_create settles a race between two first writers).
        AuditChainHead.objects.get_or_create(table=table, defaults={"last_hash": GENESIS})
        head = AuditChainHead.objects.select_for_update().get(table=table)
    return head


def extend(head, row) -> None:
    row.chain_hash = link(head.last_hash, row)
    head.last_hash = row.chain_hash
    head.length += 1


@contextmanager
def chained_bulk(history_model):
    """For bulk writers (`bulk_create_with_history` sends no per-row signal): holds the
    chain's head while the rows go in, then links the new rows in id order. The append-only
    trigger lets a row's empty hash be filled once, and nothing else."""
    with transaction.atomic():
        head = locked_head(history_model)
        yield
        pending = list(history_model.objects.filter(chain_hash="").order_by("history_id"))
        for row in pending:
            extend(head, row)
        history_model.objects.bulk_update(pending, ["chain_hash"], batch_size=1000)
        head.save(update_fields=["last_hash", "length"])


@receiver(pre_create_historical_record)
def chain_new_row(sender, history_instance, **kwargs) -> None:
    if not isinstance(history_instance, _base()):
        return
    # The head stays locked until the writer's transaction ends, so links are added in the
    # order the rows are committed.
    head = locked_head(type(history_instance))
    extend(head, history_instance)
    head.save(update_fields=["last_hash", "length"])


@dataclass(frozen=True)
class Break:
    table: str
    history_id: int | None
    problem: str


@dataclass(frozen=True)
class Head:
    table: str
    length: int
    last_hash: str


def verify_table(history_model) -> tuple[Head, Break | None]:
    """Recomputes one table's chain; the first row whose link does not hold is the break."""
    from .models import AuditChainHead

    table = history_model._meta.db_table
    previous, length = GENESIS, 0
    for row in history_model.objects.order_by("history_id").iterator(chunk_size=2000):
        expected = link(previous, row)
        if row.chain_hash != expected:
            return Head(table, length, previous), Break(
                table, row.history_id, "row content or order does not match its link"
            )
        previous, length = expected, length + 1
    stored = AuditChainHead.objects.filter(table=table).first()
    if length and (stored is None or stored.last_hash != previous or stored.length != length):
        return Head(table, length, previous), Break(
            table, None, "the chain's last rows were removed (its head does not match)"
        )
    return Head(table, length, previous), None


def append_only_triggers():
    import pgtrigger

    return [
        pgtrigger.Protect(name="history_no_delete", operation=pgtrigger.Delete),
        pgtrigger.Protect(
            name="history_no_rehash",
            operation=pgtrigger.Update,
            condition=pgtrigger.Condition("OLD.chain_hash <> ''"),
        ),
        pgtrigger.Protect(
            name="history_no_update",
            operation=pgtrigger.Update,
            condition=pgtrigger.AnyChange(exclude=["chain_hash"]),
        ),
    ]


def chain_prefix_hash(history_model, length: int) -> str:
    """The hash the chain had after its first `length` rows, recomputed from the rows."""
    previous = GENESIS
    rows = history_model.objects.order_by("history_id")[:length]
    for row in rows.iterator(chunk_size=2000):
        previous = link(previous, row)
    return previous
