"""Reading an office's Excel workbook (.xlsx) for an import: the part every kind's import
shares. Offices keep their lists in Excel, each in its own layout: a title or the committee's
name above the table, headers in Vietnamese or English, with or without diacritics, a
thousand empty formatted rows below it. This module checks the upload, opens it without
trusting it, finds the header row, reads the non-empty rows as text and guesses which column
holds which field.

It knows no kind: each kind passes its own limits, its fields with the header words that name
them, and the words for its choices, and keeps its own messages about rows. A kind's module
wraps these functions in its own `sheet_read` and `mapping_guess`.
"""

import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from units.search import fold

from .errors import DomainError

# Every .xlsx is a zip archive, and a zip archive starts with these bytes.
XLSX_MAGIC = b"PK\x03\x04"
# How a cell says yes or no ("x" for a ticked box, "có"/"không" folded), as `text_key()` writes.
YES = frozenset({"x", "co", "yes", "y", "true", "1", "✓", "v"})
NO = frozenset({"", "khong", "no", "n", "false", "0"})
# "Họ và tên" and "Họ tên" are one header: the connecting word is dropped before comparing.
CONNECTORS = frozenset({"va", "and"})

# A field → the sheet's column (0-based); a field not in the file is absent.
Mapping = dict[str, int]
# A line's number in the spreadsheet, and its cells as text.
Line = tuple[int, tuple[str, ...]]


@dataclass(frozen=True)
class Limits:
    """What a kind accepts of a file. Each import sets its own: a commune's project list is
    smaller than a session's opinions."""

    max_bytes: int  # the upload
    max_unpacked_bytes: int  # the archive unpacked, against "zip bombs"
    max_rows: int
    max_columns: int  # cells past these are not read
    max_empty_run: int  # empty lines in a row after which the sheet is taken to end
    header_scan_lines: int = 20  # the header row is looked for among these first lines


@dataclass(frozen=True)
class Sheet:
    headers: list[str]
    header_line: int
    lines: list[Line]  # below the header row, empty lines left out


# Comparing words -------------------------------------------------------------------------------


def text_key(text: str) -> str:
    """Text as headers and values are compared: folded, punctuation and "và"/"and" dropped."""
    words = re.sub(r"[^0-9a-z✓]+", " ", fold(text)).split()
    return " ".join(word for word in words if word not in CONNECTORS)


def label_keys(label) -> set[str]:
    """A field's or a choice's label in Vietnamese and in English, `text_key()`ed: an office
    may head its column with either, whatever the language of the person importing."""
    keys = set()
    for language in ("vi", "en"):
        with translation.override(language):
            keys.add(text_key(str(label)))
    return keys


def header_names(words: str, label) -> set[str]:
    """The names that head a field's column: a kind's words for it ("|" between names, as
    `text_key()` writes them) and the field's own label in both languages."""
    return {*words.split("|"), *label_keys(label)}


def mapping_guess(headers: list[str], names: dict[str, set[str]]) -> Mapping:
    """The field of each header that names one (`names`: each field's `header_names()`, in the
    order the mapping lists them): an exact name first, else the longest name found in the
    header; each field and each column used once."""
    scores = []
    for column, header in enumerate(headers):
        key = text_key(header or "")
        if not key:
            continue
        for name, words in names.items():
            # Whole words only: "ten" is in "ten du an", not in "tien".
            found = [len(word) for word in words if word and f" {word} " in f" {key} "]
            if found:
                scores.append(((1000 if key in words else 0) + max(found), column, name))
    mapping: Mapping = {}
    for _score, column, name in sorted(scores, key=lambda s: (-s[0], s[1])):
        if name not in mapping and column not in mapping.values():
            mapping[name] = column
    return {name: mapping[name] for name in names if name in mapping}


def choice_table(choices, words: dict[str, str]) -> dict[str, str]:
    """The choice each way of writing it names: its code, its label in both languages and a
    kind's own words for it (`words`: "|" between them, as `text_key()` writes them)."""
    table = {}
    for value, label in choices.choices:
        for key in {text_key(value), *label_keys(label), *words.get(value, "").split("|")} - {""}:
            table[key] = value
    return table


def yes_no(text: str) -> bool | None:
    """A cell that ticks a box: True, False (an empty cell too), or None for anything else,
    which the kind names in its own message."""
    key = text_key(text)
    if key in YES:
        return True
    if key in NO:
        return False
    return None


# Reading ---------------------------------------------------------------------------------------


def workbook_field(*, help_text) -> forms.FileField:
    """The upload form's file field. `accept` only narrows the browser's file picker to
    workbooks; `upload_check` is what refuses anything else."""
    return forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx)"),
        help_text=help_text,
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


def unreadable() -> DomainError:
    return DomainError(_("This file cannot be read as an Excel workbook (.xlsx)."))


def too_many_rows(limit: int) -> DomainError:
    return DomainError(
        _("The file has more than %(limit)s rows; split it into smaller files.") % {"limit": limit}
    )


def upload_check(upload, *, limits: Limits) -> None:
    """Refuses what is not an .xlsx of a sensible size, before openpyxl reads a byte of it."""
    if not (getattr(upload, "name", "") or "").lower().endswith(".xlsx"):
        raise DomainError(_("Choose an Excel workbook (.xlsx)."))
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise DomainError(_("The file is empty."))
    if size > limits.max_bytes:
        raise DomainError(
            _("The file is larger than %(limit)s MB.")
            % {"limit": limits.max_bytes // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(len(XLSX_MAGIC))
    upload.seek(0)
    if head != XLSX_MAGIC:
        raise unreadable()


def cell_text(value) -> str:
    """A cell as the text an office sees in it: a date as dd/mm/yyyy, 12.0 as 12, a ticked
    box as "x", spaces and line breaks tidied."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        # A date cell comes back as a datetime at midnight: shown as the date alone.
        timed = value.time() != dt.time()
        value = value.strftime("%d/%m/%Y %H:%M") if timed else value.strftime("%d/%m/%Y")
    elif isinstance(value, dt.date):
        value = value.strftime("%d/%m/%Y")
    # NFC: text pasted from another program may spell "ễ" as "e" plus two combining marks.
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def sheet_read(
    handle: IO[bytes], *, limits: Limits, header_score: Callable[[tuple[str, ...]], Any]
) -> Sheet:
    """The first sheet of the workbook: its header row and the non-empty rows below it.

    The header row is the one of the first lines with the highest `header_score` (how many of
    the kind's fields its cells name), the earliest on a tie: a title often stands above the
    table. A header cell left empty stays "", as wide as the widest line."""
    from openpyxl import load_workbook

    try:
        # An .xlsx is a zip: a small upload can unpack to gigabytes of XML (a "zip bomb").
        with zipfile.ZipFile(handle) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > limits.max_unpacked_bytes:
            raise unreadable()
        handle.seek(0)
        # data_only: a formula cell gives the value Excel saved, not the formula.
        book = load_workbook(handle, read_only=True, data_only=True)
        try:
            lines = _sheet_lines(book.worksheets[0], limits) if book.worksheets else []
        finally:
            book.close()
    except DomainError:
        raise
    except Exception as error:  # a damaged or disguised file raises anything from zip to XML
        raise unreadable() from error
    if not lines:
        raise DomainError(_("The file is empty."))
    candidates = [line for line in lines if line[0] <= limits.header_scan_lines] or lines[:1]
    header_line, header = max(candidates, key=lambda line: (header_score(line[1]), -line[0]))
    width = max(max((i for i, cell in enumerate(cells) if cell), default=0) for _n, cells in lines)
    headers = [header[i] if i < len(header) else "" for i in range(width + 1)]
    return Sheet(headers, header_line, [line for line in lines if line[0] > header_line])


def _sheet_lines(sheet, limits: Limits) -> list[Line]:
    """The sheet's non-empty lines, numbered as the spreadsheet numbers them."""
    # Some programs write a wrong size into the file; read what is really there.
    sheet.reset_dimensions()
    lines: list[Line] = []
    empty_run = 0
    rows = sheet.iter_rows(max_col=limits.max_columns, values_only=True)
    for number, values in enumerate(rows, 1):
        cells = tuple(cell_text(value) for value in values)
        if not any(cells):
            empty_run += 1
            # A sheet formatted down to row 1,048,576 holds a million empty rows.
            if lines and empty_run > limits.max_empty_run:
                break
            continue
        empty_run = 0
        lines.append((number, cells))
        # The header is among the first lines: past this many, the rows are too many wherever
        # it is, and the rest of the file is not read.
        if len(lines) > limits.max_rows + limits.header_scan_lines:
            raise too_many_rows(limits.max_rows)
    return lines


def mapped_cell(cells: tuple[str, ...], mapping: Mapping, name: str) -> str:
    """The cell of a line that holds the field `name`; "" when the file has no such column or
    the line stops short of it."""
    column = mapping.get(name)
    return cells[column] if column is not None and column < len(cells) else ""


def cells_filled(cells: tuple[str, ...], columns: Iterable[int]) -> bool:
    """Whether the line has something in one of the columns read: a numbered but unfilled
    template row has not, and is no row at all."""
    return any(cells[column] for column in columns if column < len(cells))
