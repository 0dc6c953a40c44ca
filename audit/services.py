"""Writes of the audit app that people ask for: an export request, with its history row. The
background job's own writes (running, progress, done or failed) are in `audit.export_status`."""

from django.db import transaction
from django.utils.translation import gettext as _

from units.errors import NotAllowed
from units.models import User
from units.permissions import has_role_anywhere

from .choices import AUDIT_ROLES
from .export_status import export_audited
from .models import Export
from .selectors import EventFilters
from .tasks import export_events


@transaction.atomic
def export_request(*, actor: User, filters: EventFilters, format: str) -> Export:
    """Queues an export of the events matching `filters`; the file is written in the
    background (`audit.tasks.export_events`), started only once this row is committed."""
    if not has_role_anywhere(actor, AUDIT_ROLES):
        raise NotAllowed(_("Only auditors and administrators export audit events."))
    export = Export(requested_by=actor, filters=filters.to_json(), format=format)
    export_audited(export, actor=actor, reason="requested")
    export.save()
    # Without a worker (REDIS_URL set but no Celery worker running) the row simply stays
    # queued; with CELERY_TASK_ALWAYS_EAGER (development) the file is written right here.
    transaction.on_commit(lambda: export_events.delay(export.pk))
    return export
