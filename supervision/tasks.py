"""The boards' background work: sweeping project spreadsheets staged for a preview that
nobody imported (the import itself runs in the request: the files are small)."""

import datetime as dt

from celery import shared_task

from cases import staged_uploads

from .project_import import STAGING

# A staged file older than this was left at the preview step.
STALE_AFTER = dt.timedelta(days=1)


@shared_task(name="supervision.tasks.project_imports_sweep", ignore_result=True)
def project_imports_sweep() -> int:
    return staged_uploads.sweep(STAGING, older_than=STALE_AFTER)
