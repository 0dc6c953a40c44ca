"""Opinions from an office's spreadsheet (.xlsx): the header row found, a column mapping
guessed from Vietnamese or English headers (without regard to diacritics), and each row parsed
into an `OpinionRow` or a message naming its line. `recommendations.imports` previews, checks
and records them.

Each row gets an `import_key`, a fingerprint of the meeting and of the opinion it holds:
`opinions_capture` skips a row whose key the session already holds, so importing the same file
again (or a file that repeats rows of an earlier one) records nothing twice.
"""

import datetime as dt
import hashlib
import json
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cases.errors import DomainError
from units.search import fold

from .choices import Field, RaisedBy
from .models import Opinion
from .services import OpinionRow
from .services.opinions import check_row

# The columns an import can fill, in the order the mapping step shows them.
IMPORT_FIELDS = (
    "content",
    "field",
    "raised_by",
    "voters",
    "voter_name",
    "voter_address",
    "protect_identity",
    "answer_at_meeting",
)
MAX_ROWS = 5000
MAX_BYTES = 10 * 1024 * 1024
# An .xlsx is a zip: a small upload can unpack to gigabytes of XML (a "zip bomb").
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COLUMNS = 60
HEADER_SCAN_LINES = 20
# A sheet formatted down to row 1,048,576 holds a million empty rows: stop after this many.
MAX_EMPTY_RUN = 1000
PREVIEW_ROWS = 10
PROGRESS_EVERY = 50
MAX_VOTERS = 1_000_000
XLSX_MAGIC = b"PK\x03\x04"

# Header words (as `_key()` writes them, "|" between names) that name each column; the field's
# own label, in Vietnamese and in English, is added to them when guessing.
HEADER_WORDS = {
    "content": "noi dung|noi dung y kien|noi dung kien nghi|y kien|kien nghi|y kien kien nghi"
    "|y kien cu tri|content|opinion|opinion text",
    "field": "linh vuc|nhom linh vuc|phan loai|field|category|subject area",
    "raised_by": "nguoi neu|nguoi neu y kien|doi tuong|ca nhan nhom|cu tri nhom|hinh thuc"
    "|raised by",
    "voters": "so cu tri|so luong cu tri|so nguoi|so nguoi neu|voters|number of voters",
    "voter_name": "ho ten|ho ten cu tri|ten cu tri|name|full name|voter name",
    "voter_address": "dia chi|dia chi cu tri|noi o|noi cu tru|address",
    "protect_identity": "giu bi mat|giu bi mat danh tinh|bi mat danh tinh|bao mat|an danh"
    "|khong neu ten|protect identity|anonymous|confidential",
    "answer_at_meeting": "tra loi|noi dung tra loi|y kien tra loi|tra loi tai hoi nghi"
    "|da tra loi|giai trinh|answer|answer at meeting|answered at meeting",
}
# How offices write a field or who raised it, besides its code and its label.
FIELD_WORDS = {
    Field.LAND: "dat dai|nha o|dat dai nha o|quan ly dat dai",
    Field.ENVIRONMENT: "moi truong|tai nguyen moi truong",
    Field.INFRASTRUCTURE: "giao thong|ha tang|co so ha tang|giao thong ha tang",
    Field.HEALTH: "y te|bhxh|bhyt|bao hiem xa hoi|bao hiem y te|y te bhxh",
    Field.EDUCATION: "giao duc|giao duc dao tao",
    Field.SOCIAL: "lao dong|chinh sach xa hoi|an sinh xa hoi|lao dong viec lam",
    Field.ECONOMY: "kinh te|nong nghiep|gia ca|kinh te nong nghiep",
    Field.SECURITY: "an ninh|trat tu|an ninh trat tu|quoc phong an ninh",
    Field.JUSTICE: "tu phap|tham nhung|phong chong tham nhung|noi chinh",
    Field.ADMINISTRATION: "hanh chinh|thu tuc hanh chinh|cai cach hanh chinh",
    Field.OTHER: "khac|linh vuc khac",
}
RAISED_BY_WORDS = {
    RaisedBy.VOTER: "cu tri|mot cu tri|ca nhan|voter|individual",
    RaisedBy.GROUP: "nhom|nhom cu tri|tap the|nhieu cu tri|group|group of voters",
}
YES = frozenset({"x", "co", "yes", "y", "true", "1", "✓", "v"})
NO = frozenset({"", "khong", "no", "n", "false", "0"})
CONNECTORS = frozenset({"va", "and"})

Mapping = dict[
    str, int
]  # our field → the sheet's column (0-based); a field not in the file is absent
Progress = Callable[[int, int], None]


def _key(text: str) -> str:
    """Text as headers and values are compared: folded, punctuation and "và"/"and" dropped."""
    words = re.sub(r"[^0-9a-z✓]+", " ", fold(text)).split()
    return " ".join(word for word in words if word not in CONNECTORS)


def _labels(label) -> set[str]:
    """A choice's label in Vietnamese and in English, `_key()`ed."""
    keys = set()
    for language in ("vi", "en"):
        with translation.override(language):
            keys.add(_key(str(label)))
    return keys


# Reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    headers: list[str]
    header_line: int
    # (the line number in the spreadsheet, the row's cells), empty lines left out
    lines: list[tuple[int, tuple]]


def upload_check(upload) -> None:
    """Refuses what is not an .xlsx of a sensible size, before openpyxl reads a byte of it."""
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(".xlsx"):
        raise DomainError(_("Choose an Excel workbook (.xlsx)."))
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise DomainError(_("The file is empty."))
    if size > MAX_BYTES:
        raise DomainError(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(len(XLSX_MAGIC))
    upload.seek(0)
    if head != XLSX_MAGIC:
        raise DomainError(_("This file cannot be read as an Excel workbook (.xlsx)."))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.strftime("%d/%m/%Y %H:%M") if value.time() else value.strftime("%d/%m/%Y")
    elif isinstance(value, dt.date):
        value = value.strftime("%d/%m/%Y")
    # NFC: text pasted from another program may spell "ễ" as "e" plus two combining marks.
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def _header_score(cells: Iterable[str]) -> int:
    return len(mapping_guess(list(cells)))


def sheet_read(handle: IO[bytes]) -> Sheet:
    """The first sheet of the workbook: its header row (the one of the first lines whose cells
    name the most of our fields) and the non-empty rows below it."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(handle) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise DomainError(_("This file cannot be read as an Excel workbook (.xlsx)."))
        handle.seek(0)
        # data_only: a formula cell gives the value Excel saved, not the formula.
        book = load_workbook(handle, read_only=True, data_only=True)
    except DomainError:
        raise
    except Exception as error:  # a damaged or disguised file raises anything from zip to XML
        raise DomainError(_("This file cannot be read as an Excel workbook (.xlsx).")) from error
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        lines = _sheet_lines(sheet) if sheet is not None else []
    finally:
        book.close()
    if not lines:
        raise DomainError(_("The file is empty."))
    header_line = _best_header(lines)
    header_cells = next(cells for n, cells in lines if n == header_line)
    data = [(n, cells) for n, cells in lines if n > header_line]
    if len(data) > MAX_ROWS:
        raise _too_many()
    width = max(max((i for i, cell in enumerate(cells) if cell), default=0) for _n, cells in lines)
    headers = [
        (header_cells[i] if i < len(header_cells) else "")
        or _("Column %(letter)s") % {"letter": _column_letter(i)}
        for i in range(width + 1)
    ]
    return Sheet(headers=headers, header_line=header_line, lines=data)


def _too_many() -> DomainError:
    return DomainError(
        _("The file has more than %(limit)s rows; split it into smaller files.")
        % {"limit": MAX_ROWS}
    )


def _sheet_lines(sheet) -> list[tuple[int, tuple]]:
    """The sheet's non-empty lines, numbered as the spreadsheet numbers them."""
    # Some programs write a wrong size into the file; read what is really there.
    sheet.reset_dimensions()
    lines: list[tuple[int, tuple]] = []
    empty_run = 0
    try:
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        for number, values in enumerate(rows, 1):
            cells = tuple(_cell_text(value) for value in values)
            if not any(cells):
                empty_run += 1
                if lines and empty_run > MAX_EMPTY_RUN:
                    break
                continue
            empty_run = 0
            lines.append((number, cells))
            # The header is among the first lines: past this many, the rows are too many
            # wherever it is, and the rest of the file is not read.
            if len(lines) > MAX_ROWS + HEADER_SCAN_LINES:
                raise _too_many()
    except DomainError:
        raise
    except Exception as error:
        raise DomainError(_("This file cannot be read as an Excel workbook (.xlsx).")) from error
    return lines


def _best_header(lines: list[tuple[int, tuple]]) -> int:
    """The line, among the first ones, whose cells name the most fields (a title or the
    committee's name often stands above the table); the first non-empty line if none does."""
    candidates = [(n, cells) for n, cells in lines if n <= HEADER_SCAN_LINES] or lines[:1]
    # A title above the table may name a field too ("Ý kiến cử tri…"); it fills fewer cells.
    best = max(
        candidates,
        key=lambda line: (_header_score(line[1]), sum(1 for c in line[1] if c), -line[0]),
    )
    return best[0]


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# The mapping ---------------------------------------------------------------------------------


def field_label(name: str) -> str:
    return capfirst(str(Opinion._meta.get_field(name).verbose_name))


def mapping_guess(headers: list[str]) -> Mapping:
    """Our field for each header that names one: an exact name first, else the longest name
    found in the header; each field and each column used once."""
    words = {
        name: {*HEADER_WORDS[name].split("|"), *_labels(Opinion._meta.get_field(name).verbose_name)}
        for name in IMPORT_FIELDS
    }
    scores = []
    for column, header in enumerate(headers):
        key = _key(header or "")
        if not key:
            continue
        padded = f" {key} "
        for name, names in words.items():
            exact = key in names
            found = [len(word) for word in names if word and f" {word} " in padded]
            if exact or found:
                scores.append(((1000 if exact else 0) + max(found, default=0), column, name))
    mapping: Mapping = {}
    used: set[int] = set()
    for _score, column, name in sorted(scores, key=lambda s: (-s[0], s[1])):
        if name not in mapping and column not in used:
            mapping[name] = column
            used.add(column)
    return {name: mapping[name] for name in IMPORT_FIELDS if name in mapping}


def mapping_check(mapping: Mapping, headers: list[str]) -> None:
    if mapping.get("content") is None:
        raise DomainError(_("Choose the column that holds the content of the opinions."))
    columns = [column for column in mapping.values() if column is not None]
    if len(columns) != len(set(columns)):
        raise DomainError(_("Each column can be used for one field only."))
    if any(not 0 <= column < len(headers) for column in columns):
        raise DomainError(_("Choose the columns among those of the file."))


# Rows ----------------------------------------------------------------------------------------


@dataclass
class ParsedRow:
    line: int
    row: OpinionRow
    held: bool = False  # the session already holds it: the import skips it


@dataclass
class Parsed:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    total: int = 0


def _lookup(words: dict, choices) -> dict[str, str]:
    table = {}
    for value, label in choices.choices:
        for key in {_key(value), *_labels(label), *words.get(value, "").split("|")} - {""}:
            table[key] = value
    return table


def import_key(*, meeting_id: int, row: OpinionRow, occurrence: int) -> str:
    """The row's fingerprint: the meeting, and who said what (content, name, address; case and
    spacing ignored). The field, the count or the answer are left out, so a file re-imported
    with one of them corrected does not record the same opinion a second time. `occurrence`
    tells apart identical rows of one file (two voters who said the same): they stay two."""
    said = [
        " ".join(text.casefold().split())
        for text in (row.content, row.voter_name, row.voter_address)
    ]
    text = json.dumps([meeting_id, occurrence, said], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _parse_line(cells: tuple, mapping: Mapping, fields: dict, raised: dict) -> OpinionRow | str:
    def cell(name: str) -> str:
        column = mapping.get(name)
        return cells[column] if column is not None and column < len(cells) else ""

    row = OpinionRow(
        content=cell("content"),
        field=Field.OTHER,
        voter_name=cell("voter_name"),
        voter_address=cell("voter_address"),
        answer_at_meeting=cell("answer_at_meeting"),
    )
    # Unknown words stay as written: `check_row` names them in its message.
    text = cell("field")
    if text:
        row.field = fields.get(_key(text), text)
    text = cell("voters").replace(".", "").replace(",", "")
    voters = int(text) if text.isdigit() else (text or None)
    text = cell("raised_by")
    if text:
        row.raised_by = raised.get(_key(text), text)
    elif isinstance(voters, int) and voters > 1:
        row.raised_by = RaisedBy.GROUP
    row.voters = 1 if voters is None else voters
    protect = _key(cell("protect_identity"))
    if protect not in YES and protect not in NO:
        return _("Mark a voter who asks not to be named with “x”, or leave the cell empty.")
    row.protect_identity = protect in YES
    problem = check_row(row)
    if problem:
        return problem
    if row.voters > MAX_VOTERS:
        return _("The number of voters is too large.")
    for name in ("voter_name", "voter_address"):
        limit = Opinion._meta.get_field(name).max_length
        if len(getattr(row, name)) > limit:
            return _("“%(field)s” is longer than %(limit)s characters.") % {
                "field": field_label(name),
                "limit": limit,
            }
    return row


def rows_parse(
    *, sheet: Sheet, mapping: Mapping, meeting_id: int, progress: Progress | None = None
) -> Parsed:
    """Every row of the sheet as an opinion, or a message naming its line ("Row 7: …")."""
    mapping_check(mapping, sheet.headers)
    fields = _lookup(FIELD_WORDS, Field)
    raised = _lookup(RAISED_BY_WORDS, RaisedBy)
    parsed = Parsed()
    seen: Counter = Counter()
    mapped = [column for column in mapping.values() if column is not None]
    for done, (line, cells) in enumerate(sheet.lines, 1):
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, len(sheet.lines))
        # A line with nothing in the chosen columns (a numbered but unfilled template row).
        if not any(cells[c] for c in mapped if c < len(cells)):
            continue
        parsed.total += 1
        result = _parse_line(cells, mapping, fields, raised)
        if isinstance(result, str):
            parsed.errors.append(_("Row %(n)s: %(problem)s") % {"n": line, "problem": result})
            continue
        fingerprint = import_key(meeting_id=meeting_id, row=result, occurrence=0)
        seen[fingerprint] += 1
        result.import_key = import_key(
            meeting_id=meeting_id, row=result, occurrence=seen[fingerprint] - 1
        )
        parsed.rows.append(ParsedRow(line=line, row=result))
    if progress:
        progress(len(sheet.lines), len(sheet.lines))
    return parsed
