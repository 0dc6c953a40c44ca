"""Audit history for every domain model: simple-history rows with 64-bit ids, a reason, and a
hash chained to the previous row of the same table, so editing, deleting or reordering rows
directly in the database is detected (`manage.py verify_audit`)."""

from django.db import models, transaction
from simple_history.models import HistoricalRecords


class ChainedHistory(models.Model):
    """Base of every history model: the row's link in its table's hash chain."""

    chain_hash = models.CharField(max_length=64, editable=False, default="")

    class Meta:
        abstract = True


class ChainedHistoricalRecords(HistoricalRecords):
    def create_historical_record(self, instance, history_type, using=None):
        # The chain's head is locked while the row is linked and written; outside a caller's
        # transaction (autocommit) this block is what keeps the lock, link and row together.
        with transaction.atomic(using=using):
            return super().create_historical_record(instance, history_type, using=using)


def audit_history(**kwargs) -> HistoricalRecords:
    """History for a domain model, with 64-bit ids: the default 32-bit ids run out on an audit
    trail that is never pruned."""
    kwargs.setdefault("history_id_field", models.BigAutoField(primary_key=True))
    kwargs.setdefault("history_change_reason_field", models.TextField(null=True))
    kwargs.setdefault("bases", [ChainedHistory])
    return ChainedHistoricalRecords(**kwargs)
