from django.db import models
from simple_history.models import HistoricalRecords


def audit_history(**kwargs) -> HistoricalRecords:
    """History for a domain model, with 64-bit ids: the default 32-bit ids run out on an audit
    trail that is never pruned."""
    kwargs.setdefault("history_id_field", models.BigAutoField(primary_key=True))
    kwargs.setdefault("history_change_reason_field", models.TextField(null=True))
    return HistoricalRecords(**kwargs)
