"""The kernel's part of every spreadsheet import: an upload that is no workbook refused before
it is opened, a zip bomb refused unopened, the header row found under a title, cells read as
an office sees them, headers and choices recognised however they are written, and an uploaded
file kept for the session that staged it, for what it was staged for."""

import dataclasses
import datetime as dt
import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from cases import spreadsheets
from cases.errors import DomainError
from cases.staged_uploads import Staging

LIMITS = spreadsheets.Limits(
    max_bytes=1024 * 1024,
    max_unpacked_bytes=10 * 1024 * 1024,
    max_rows=10,
    max_columns=6,
    max_empty_run=5,
    header_scan_lines=4,
)
NAMES = {
    "name": {"ten", "ho ten", "name", "full name"},
    "address": {"dia chi", "address"},
    "answer": {"tra loi", "noi dung tra loi"},
    "content": {"noi dung"},
}


class Colour(models.TextChoices):
    RED = "red", gettext_lazy("Spreadsheet (.xlsx)")  # a label the catalogue translates
    BLUE = "blue", "Blue"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def workbook(*lines) -> io.BytesIO:
    book = Workbook()
    for line in lines:
        book.active.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def padded(*cells: str) -> tuple[str, ...]:
    """A line's cells as read: as many as the columns read."""
    return cells + ("",) * (LIMITS.max_columns - len(cells))


def read(*lines, limits=LIMITS) -> spreadsheets.Sheet:
    guessed = lambda cells: len(spreadsheets.mapping_guess(list(cells), NAMES))  # noqa: E731
    return spreadsheets.sheet_read(workbook(*lines), limits=limits, header_score=guessed)


# Comparing words -------------------------------------------------------------------------------


def test_a_header_is_compared_without_case_diacritics_punctuation_or_connecting_words():
    assert spreadsheets.text_key("Họ và tên (cử tri)") == "ho ten cu tri"
    assert spreadsheets.text_key("Đất đai – Nhà ở") == "dat dai nha o"
    assert spreadsheets.text_key("Name and address") == "name address"


def test_a_label_is_recognised_in_vietnamese_and_in_english_whatever_the_language():
    assert spreadsheets.label_keys(gettext_lazy("Spreadsheet (.xlsx)")) == {
        "spreadsheet xlsx",
        "bang tinh xlsx",
    }


def test_a_fields_header_names_are_the_kinds_words_and_its_label():
    names = spreadsheets.header_names("ma|ma du an", gettext_lazy("Spreadsheet (.xlsx)"))

    assert names == {"ma", "ma du an", "spreadsheet xlsx", "bang tinh xlsx"}


def test_the_mapping_prefers_an_exact_header_to_a_longer_one_that_contains_a_name():
    headers = ["Nội dung trả lời", "Nội dung", "Họ tên", "Địa chỉ"]

    assert spreadsheets.mapping_guess(headers, NAMES) == {
        "name": 2,
        "address": 3,
        "answer": 0,
        "content": 1,
    }


def test_the_mapping_matches_whole_words_only():
    # "ten" is in "Họ tên", not in "Tiền".
    assert spreadsheets.mapping_guess(["STT", "Tiền", "Họ tên", ""], NAMES) == {"name": 2}


def test_the_mapping_gives_a_column_to_one_field_the_one_it_names_longest():
    # "dia chi" (7 letters) is a longer name than "ho ten" (6): the column is the address.
    assert spreadsheets.mapping_guess(["Họ tên, địa chỉ"], NAMES) == {"address": 0}


def test_a_choice_is_named_by_its_code_its_labels_or_the_kinds_words():
    table = spreadsheets.choice_table(Colour, {Colour.BLUE: "xanh|xanh lam"})

    assert {key: table[key] for key in ("red", "spreadsheet xlsx", "bang tinh xlsx")} == {
        "red": "red",
        "spreadsheet xlsx": "red",
        "bang tinh xlsx": "red",
    }
    assert [table[key] for key in ("blue", "xanh", "xanh lam")] == ["blue"] * 3
    assert "" not in table


@pytest.mark.parametrize(
    ("written", "meaning"),
    [("x", True), ("Có", True), ("✓", True), ("yes", True), ("1", True), ("", False),
     ("Không", False), ("no", False), ("0", False), ("maybe", None), ("có lẽ", None)],
)  # fmt: skip
def test_a_ticked_box_reads_yes_an_empty_one_no_and_anything_else_neither(written, meaning):
    assert spreadsheets.yes_no(written) is meaning


# Cells -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "x"),
        (False, ""),
        (12.0, "12"),
        (2.5, "2.5"),
        (dt.datetime(2024, 5, 20, 9, 30), "20/05/2024 09:30"),
        (dt.date(2024, 5, 20), "20/05/2024"),
        ("  Thôn   3 \r\n  xã An Bình ", "Thôn 3\nxã An Bình"),
        ("Nguye\u0302\u0303n", "Nguyễn"),
    ],
)
def test_a_cell_reads_as_the_text_an_office_sees_in_it(value, text):
    assert spreadsheets.cell_text(value) == text


def test_a_fields_cell_is_empty_where_the_file_has_no_column_for_it_or_the_line_stops_short():
    mapping = {"name": 0, "address": 3}

    assert spreadsheets.mapped_cell(("An", "", ""), mapping, "name") == "An"
    assert spreadsheets.mapped_cell(("An", "", ""), mapping, "address") == ""
    assert spreadsheets.mapped_cell(("An", "", ""), mapping, "answer") == ""


def test_a_line_with_nothing_in_the_columns_read_is_not_filled():
    assert spreadsheets.cells_filled(("1", "", "An"), [1, 2])
    assert not spreadsheets.cells_filled(("1", "", ""), [1, 2, 7])


# The upload ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("y-kien.csv", b"noi dung\nabc\n", "Choose an Excel workbook (.xlsx)."),
        ("y-kien.xlsx", b"", "The file is empty."),
        ("y-kien.xlsx", b"x" * (1024 * 1024 + 1), "The file is larger than 1 MB."),
        ("y-kien.xlsx", b"not a workbook at all", "cannot be read as an Excel workbook"),
    ],
)
def test_an_upload_that_is_no_workbook_is_refused_before_it_is_opened(name, content, message):
    with pytest.raises(DomainError, match=re.escape(message)):
        spreadsheets.upload_check(SimpleUploadedFile(name, content), limits=LIMITS)


def test_a_workbook_passes_the_upload_check_and_is_read_from_its_start():
    upload = SimpleUploadedFile("Y-KIEN.XLSX", workbook(["Họ tên"], ["An"]).getvalue())

    spreadsheets.upload_check(upload, limits=LIMITS)

    assert upload.tell() == 0


def test_the_upload_field_offers_workbooks_only_in_the_file_picker():
    field = spreadsheets.workbook_field(help_text="One row per opinion.")

    assert field.widget.attrs["accept"].startswith(".xlsx,")
    assert (str(field.label), field.help_text) == ("Spreadsheet (.xlsx)", "One row per opinion.")


# Reading ---------------------------------------------------------------------------------------


def test_the_header_row_is_found_under_a_title_and_the_rows_below_it_are_read():
    sheet = read(["DANH SÁCH Ý KIẾN"], [], ["STT", "Họ tên", "Địa chỉ"], [1, "An", "Thôn 3"])

    assert (sheet.header_line, sheet.headers) == (3, ["STT", "Họ tên", "Địa chỉ"])
    assert sheet.lines == [(4, padded("1", "An", "Thôn 3"))]


def test_on_a_tie_the_earliest_line_is_the_header():
    sheet = read(["Họ tên", "Địa chỉ"], ["Tên", "Địa chỉ"])

    assert sheet.header_line == 1


def test_the_first_line_is_the_header_when_no_line_names_a_field():
    sheet = read(["a", "b"], ["c", "d"])

    assert (sheet.header_line, sheet.lines) == (1, [(2, padded("c", "d"))])


def test_the_header_is_looked_for_among_the_first_lines_only():
    sheet = read(["a"], ["b"], ["c"], ["d"], ["Họ tên"])

    assert sheet.header_line == 1


def test_the_headers_are_as_wide_as_the_widest_line():
    sheet = read(["Họ tên", ""], ["An", "Thôn 3", "", "ghi chú"])

    assert sheet.headers == ["Họ tên", "", "", ""]


def test_cells_past_the_columns_read_are_left_out():
    sheet = read(["Họ tên", "", "", "", "", "", "Địa chỉ"], ["An", "", "", "", "", "", "Thôn 3"])

    assert sheet.headers == ["Họ tên"]
    assert sheet.lines == [(2, padded("An"))]


def test_the_sheet_ends_after_a_long_run_of_empty_lines():
    sheet = read(["Họ tên"], ["An"], *[[] for _n in range(6)], ["Bình"])

    assert sheet.lines == [(2, padded("An"))]


def test_a_short_run_of_empty_lines_is_passed_over():
    sheet = read(["Họ tên"], ["An"], *[[] for _n in range(5)], ["Bình"])

    assert sheet.lines == [(2, padded("An")), (8, padded("Bình"))]


def test_a_file_with_more_rows_than_the_limit_and_the_header_scan_is_refused():
    with pytest.raises(DomainError, match="more than 10 rows; split it"):
        read(["Họ tên"], *[[f"Cử tri {n}"] for n in range(14)])


def test_a_workbook_without_any_cell_is_empty():
    with pytest.raises(DomainError, match="The file is empty"):
        read()


def test_an_archive_that_unpacks_past_the_limit_is_not_opened():
    small = dataclasses.replace(LIMITS, max_unpacked_bytes=1000)

    with pytest.raises(DomainError, match="cannot be read as an Excel workbook"):
        read(["Họ tên"], ["An"], limits=small)


def test_a_damaged_workbook_cannot_be_read():
    handle = io.BytesIO(b"PK\x03\x04 but broken")

    with pytest.raises(DomainError, match="cannot be read as an Excel workbook"):
        spreadsheets.sheet_read(handle, limits=LIMITS, header_score=len)


# Staged uploads --------------------------------------------------------------------------------

STAGING = Staging(folder="imports/test/", session_key="test_imports")
NAMED = Staging(folder="imports/named/", session_key="named_imports", keep_name=True)


def upload(name="y-kien.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook(["Họ tên"], ["An"]).getvalue())


def test_a_staged_file_is_found_for_the_session_and_the_owner_it_was_staged_for():
    session = {}
    token = STAGING.stage(session, owner=7, upload=upload())

    staged = STAGING.find(session, owner=7, token=token)

    assert staged.path == f"imports/test/{token}.xlsx" and default_storage.exists(staged.path)
    assert session == {"test_imports": {token: 7}}
    assert STAGING.find(session, owner=8, token=token) is None
    assert STAGING.find({}, owner=7, token=token) is None


def test_a_token_that_is_no_token_is_not_looked_up():
    session = {"test_imports": {"../secret": 7}}

    assert STAGING.find(session, owner=7, token="../secret") is None


def test_a_new_upload_for_the_same_owner_replaces_the_staged_file():
    session = {}
    first = STAGING.stage(session, owner=7, upload=upload())
    other = STAGING.stage(session, owner=8, upload=upload())

    second = STAGING.stage(session, owner=7, upload=upload())

    assert not default_storage.exists(STAGING.path(first))
    assert set(session["test_imports"]) == {other, second}


def test_a_staging_that_keeps_the_name_gives_it_back():
    session = {}
    token = NAMED.stage(session, owner=7, upload=upload("du-an.xlsx"))

    assert session == {"named_imports": {token: [7, "du-an.xlsx"]}}
    assert NAMED.find(session, owner=7, token=token).name == "du-an.xlsx"
    assert NAMED.find(session, owner=8, token=token) is None


def test_a_staged_file_is_read_back_with_the_kinds_reader():
    session = {}
    token = STAGING.stage(session, owner=7, upload=upload())

    sheet, staged = STAGING.read(session, owner=7, token=token, reader=lambda h: h.read(4))

    assert (sheet, staged.token) == (b"PK\x03\x04", token)


def test_a_staged_file_that_no_longer_reads_or_is_gone_is_not_found():
    session = {}
    token = STAGING.stage(session, owner=7, upload=upload())

    def unreadable(handle):
        raise DomainError("broken")

    assert STAGING.read(session, owner=7, token=token, reader=unreadable) is None
    default_storage.delete(STAGING.path(token))
    assert STAGING.read(session, owner=7, token=token, reader=lambda h: h.read()) is None


def test_a_forgotten_file_stays_for_the_job_and_a_discarded_one_is_deleted():
    session = {}
    handed_over = STAGING.stage(session, owner=7, upload=upload())
    STAGING.forget(session, handed_over)
    imported = STAGING.stage(session, owner=7, upload=upload())

    STAGING.discard(session, imported)

    assert session == {"test_imports": {}}
    assert default_storage.exists(STAGING.path(handed_over))
    assert not default_storage.exists(STAGING.path(imported))


def test_a_date_cell_reads_as_its_date_and_a_time_keeps_its_time():
    assert spreadsheets.cell_text(dt.datetime(2024, 5, 20)) == "20/05/2024"
    assert spreadsheets.cell_text(dt.datetime(2024, 5, 20, 9, 30)) == "20/05/2024 09:30"


def test_a_staged_file_left_a_day_is_swept_and_a_fresh_one_kept(settings, tmp_path):
    import os
    import time

    from cases import staged_uploads

    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "imports" / "projects"
    folder.mkdir(parents=True)
    stale, fresh = folder / "old.xlsx", folder / "new.xlsx"
    stale.write_bytes(b"PK")
    fresh.write_bytes(b"PK")
    day_ago = time.time() - 2 * 24 * 3600
    os.utime(stale, (day_ago, day_ago))
    assert staged_uploads.sweep("imports/projects/", older_than=dt.timedelta(days=1)) == 1
    assert not stale.exists() and fresh.exists()
    assert staged_uploads.sweep("imports/nothing/", older_than=dt.timedelta(days=1)) == 0
