"""Writes of the audit app: an export request and its status changes, each with a history row."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from units.errors import NotAllowed
from units.models import User
from units.permissions import has_role_anywhere

from .choices import AUDIT_ROLES, ExportStatus
from .models import Export
from .selectors import EventFilters


def _audited(export: Export, *, actor: User | None, reason: str) -> Export:
    export._history_user = actor
    export._change_reason = reason
    return export


@transaction.atomic
def export_request(*, actor: User, filters: EventFilters, format: str) -> Export:
    """Queues an export of the events matching `filters`; the file is written in the
    background (`audit.tasks.export_events`), started only once this row is committed."""
    if not has_role_anywhere(actor, AUDIT_ROLES):
        raise NotAllowed(_("Only auditors and administrators export audit events."))
    export = Export(requested_by=actor, filters=filters.to_json(), format=format)
    _audited(export, actor=actor, reason="requested")
    export.save()

    from .tasks import export_events

    # Without a worker (REDIS_URL set but no Celery worker running) the row simply stays
    # queued; with CELERY_TASK_ALWAYS_EAGER (development) the file is written right here.
    transaction.on_commit(lambda: export_events.delay(export.pk))
    return export


def export_claim(*, export_id: int) -> Export | None:
    """Marks a queued export as running; None when it is not queued any more (a redelivered
    task, or a second worker), so an export is written once."""
    with transaction.atomic():
        export = Export.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status != ExportStatus.QUEUED:
            return None
        export.status = ExportStatus.RUNNING
        _audited(export, actor=export.requested_by, reason="started")
        export.save()
    return export


def export_progress(*, export: Export, rows_done: int, rows_total: int | None = None) -> None:
    # Progress is a counter, not a change of status: it moves with an UPDATE and leaves no
    # history row (one per batch would bury the status changes the history is for).
    values = {"rows_done": rows_done}
    if rows_total is not None:
        values["rows_total"] = rows_total
    Export.objects.filter(pk=export.pk).update(**values)
    for name, value in values.items():
        setattr(export, name, value)


def export_finish(*, export: Export, error: str = "") -> Export:
    export.status = ExportStatus.FAILED if error else ExportStatus.DONE
    if not error:
        export.rows_total = export.rows_done
    export.error = error
    export.finished_at = timezone.now()
    _audited(export, actor=export.requested_by, reason="failed" if error else "done")
    export.save()
    return export
