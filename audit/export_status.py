"""An export's status as the background job moves it: claimed, counted, finished. Each change
of status is saved with a history row; progress is a counter and leaves none.

These writes live apart from `audit.services` (which asks for an export and queues the job)
because the job, `audit.tasks`, calls them: the request imports the task and the task imports
these, so no two modules import each other.
"""

from django.db import transaction
from django.utils import timezone

from units.models import User

from .choices import ExportStatus
from .models import Export


def export_audited(export: Export, *, actor: User | None, reason: str) -> Export:
    export._history_user = actor
    export._change_reason = reason
    return export


def export_claim(*, export_id: int) -> Export | None:
    """Marks a queued export as running; None when it is not queued any more (a redelivered
    task, or a second worker), so an export is written once."""
    with transaction.atomic():
        export = Export.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status != ExportStatus.QUEUED:
            return None
        export.status = ExportStatus.RUNNING
        export_audited(export, actor=export.requested_by, reason="started")
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
    export_audited(export, actor=export.requested_by, reason="failed" if error else "done")
    export.save()
    return export
