"""Writing an export file in the background.

`export_events` is a Celery task. In development (no REDIS_URL) Celery runs tasks eagerly, so the
file is written when the request commits. In production a worker picks it up; where no worker
runs (CI sets REDIS_URL without one) the export stays queued. Tests call the function directly.
"""

import csv
import logging
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from celery import shared_task
from django.core.files import File
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.timeline import Event
from units.spreadsheet import safe_row

from .choices import ExportFormat
from .export_status import export_claim, export_finish, export_progress
from .models import Export
from .selectors import EventFilters, events_across

logger = logging.getLogger(__name__)
BATCH = 500
WHERE = "audit export"


def _header() -> list[str]:
    return [
        _("Time"),
        _("Case"),
        _("Committee"),
        _("Case kind"),
        _("Event"),
        _("Actor"),
        _("What happened"),
        _("Reason"),
    ]


def _cells(event: Event) -> list:
    at = timezone.localtime(event.at).replace(tzinfo=None)
    return [
        at,
        event.case,
        event.unit,
        event.case_kind,
        event.kind_label,
        event.actor,
        event.summary,
        event.reason,
    ]


def _batches(events: Iterable[Event]) -> Iterator[list[list]]:
    batch = []
    for event in events:
        batch.append(_cells(event))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_csv(path: Path, export: Export, events) -> None:
    # utf-8-sig: Excel opens a CSV as UTF-8 only when it starts with a byte-order mark.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(safe_row(_header()))
        for batch in _batches(events):
            writer.writerows(
                [safe_row([c.strftime("%Y-%m-%d %H:%M:%S"), *rest]) for c, *rest in batch]
            )
            export_progress(export=export, rows_done=export.rows_done + len(batch))


def _write_xlsx(path: Path, export: Export, events) -> None:
    from openpyxl import Workbook

    # A write-only workbook streams rows to disk instead of keeping them all in memory.
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Events"))
    sheet.append(safe_row(_header()))
    for batch in _batches(events):
        for row in batch:
            sheet.append(safe_row(row))
        export_progress(export=export, rows_done=export.rows_done + len(batch))
    book.save(path)


@shared_task(name="audit.tasks.export_events", ignore_result=True)
def export_events(export_id: int) -> None:
    export = export_claim(export_id=export_id)
    if export is None:
        return
    user = export.requested_by
    try:
        with translation.override(user.language), tempfile.TemporaryDirectory() as folder:
            filters = replace(EventFilters.from_json(export.filters), until=export.created_at)
            # The file shows a protected identity only to a requester allowed on that case,
            # and each case it shows is recorded for them (Luật Tố cáo Art. 47).
            events = events_across(user=user, filters=filters, where=WHERE)
            export_progress(export=export, rows_done=0, rows_total=events.count())
            stamp = timezone.localtime(export.created_at).strftime("%Y%m%d-%H%M")
            name = f"audit-{export.pk}-{stamp}.{export.format}"
            path = Path(folder) / name
            write = _write_xlsx if export.format == ExportFormat.XLSX else _write_csv
            write(path, export, events)
            with path.open("rb") as handle:
                export.file.save(name, File(handle), save=False)
    except Exception as error:
        logger.exception("export %s failed", export_id)
        export_finish(export=export, error=f"{type(error).__name__}: {error}")
        return
    export_finish(export=export)
