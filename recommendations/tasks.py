"""The background work of voter contact: importing a spreadsheet of opinions.

In development (no REDIS_URL) Celery runs tasks eagerly, so the import runs when the request
that starts it commits; in production a worker picks it up. `import_start` lives here, beside
the task it queues, because the job (`recommendations.imports`) is what the task calls: the
two modules do not import each other.
"""

import datetime as dt

from celery import shared_task
from django.db import transaction

from cases import staged_uploads
from units.models import User

from .imports import JOB_TTL, STAGING, import_run, job_create
from .models import Meeting
from .spreadsheet import Mapping


@shared_task(name="recommendations.tasks.opinions_import", ignore_result=True)
def opinions_import(job: str, meeting_id: int, actor_id: int, path: str, mapping: dict) -> None:
    # JSON carries the mapping's keys and columns as given; columns come back as ints.
    columns = {name: int(column) for name, column in mapping.items()}
    import_run(job=job, meeting_id=meeting_id, actor_id=actor_id, path=path, mapping=columns)


def import_start(*, meeting: Meeting, actor: User, path: str, mapping: Mapping) -> str:
    """Queues the import of the staged file at `path`; the job owns the file from here and
    deletes it when done. Returns the job's id, for its status page."""
    job = job_create(meeting=meeting, actor=actor)
    # After commit: a worker must not start before what the request wrote is visible.
    transaction.on_commit(
        lambda: opinions_import.delay(job, meeting.pk, actor.pk, path, dict(mapping))
    )
    return job


@shared_task(name="recommendations.tasks.imports_sweep", ignore_result=True)
def imports_sweep() -> int:
    """Deletes staged spreadsheets nobody imported (the page left at the mapping step). A day
    old, as long as a job's state is kept: a queued job never waits for a file swept under it.
    Returns how many it deleted."""
    return staged_uploads.sweep(STAGING, older_than=dt.timedelta(seconds=JOB_TTL))
