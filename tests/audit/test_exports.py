import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit import tasks
from audit.models import Export
from audit.selectors import EventFilters, events_across

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(receive, drive, auditor):
    drive(receive())
    drive(receive(title="Khiếu nại thu hồi đất"))
    return events_across(user=auditor, filters=EventFilters())


def _export(auditor, fmt, **filters):
    export = Export.objects.create(
        requested_by=auditor, format=fmt, filters=EventFilters(**filters).to_json()
    )
    tasks.export_events(export.pk)
    export.refresh_from_db()
    return export


def test_a_csv_export_has_a_row_per_event_and_reaches_its_total(events, auditor, monkeypatch):
    monkeypatch.setattr(tasks, "BATCH", 7)  # several batches, each one moving the progress
    expected = events.count()
    export = _export(auditor, "csv")
    assert export.status == "done" and export.finished_at
    assert export.rows_done == export.rows_total == expected
    assert export.file.name.startswith(f"exports/{auditor.pk}/")
    raw = export.file.open("rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == expected + 1


def test_an_xlsx_export_opens_with_openpyxl(events, auditor):
    expected = events.count()
    export = _export(auditor, "xlsx")
    assert export.status == "done" and export.rows_done == expected
    with export.file.open("rb") as handle:
        sheet = load_workbook(handle, read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == expected + 1
    assert all(row[0] is not None for row in rows[1:])


def test_the_export_history_records_each_status_change(events, auditor):
    export = _export(auditor, "csv", event_kind="transition")
    statuses = list(export.history.order_by("history_id").values_list("status", flat=True))
    assert statuses == ["queued", "running", "done"]
    assert export.rows_total == 8  # two petitions, four transitions each


def test_a_finished_export_is_not_written_again(events, auditor):
    export = _export(auditor, "csv")
    name = export.file.name
    tasks.export_events(export.pk)
    export.refresh_from_db()
    assert export.file.name == name and export.history.count() == 3


def test_a_failing_export_is_marked_failed(events, auditor, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks, "_write_csv", broken)
    export = _export(auditor, "csv")
    assert export.status == "failed" and "disk full" in export.error


def test_starting_an_export_from_the_search_page(
    events, auditor, client, django_capture_on_commit_callbacks, monkeypatch
):
    from config.celery import app

    # As in development (no REDIS_URL): the task runs in the process instead of a worker.
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    client.force_login(auditor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("audit:export-create"), {"format": "xlsx", "event_kind": "transition"}
        )
    assert response.status_code == 302
    export = Export.objects.get()
    assert export.filters["event_kind"] == "transition"
    assert export.status == "done"
    status = client.get(reverse("audit:export-status", args=[export.pk])).json()
    assert status["rows_done"] == status["rows_total"] == 8 and status["download"]
    download = client.get(status["download"])
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    page = client.get(reverse("audit:export-list")).content.decode()
    assert "<progress" in page and "audit.js" in page


def test_a_case_officer_cannot_export(case_officer, client):
    client.force_login(case_officer)
    response = client.post(reverse("audit:export-create"), {"format": "csv"})
    assert response.status_code == 403 and not Export.objects.exists()
