"""Opinions from an office's spreadsheet (.xlsx): the header row found, a column mapping
guessed from Vietnamese or English headers (without regard to diacritics), and each row parsed
into an `OpinionRow` or a message naming its line. `recommendations.imports` previews, checks
and records them.

Each row gets an `import_key`, a fingerprint of the meeting and of the opinion it holds:
`opinions_capture` skips a row whose key the session already holds, so importing the same file
again (or a file that repeats rows of an earlier one) records nothing twice.
"""

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import IO

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cases import spreadsheets
from cases.errors import DomainError
from cases.spreadsheets import Mapping, Sheet, text_key

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
LIMITS = spreadsheets.Limits(
    max_bytes=10 * 1024 * 1024,
    max_unpacked_bytes=200 * 1024 * 1024,
    max_rows=MAX_ROWS,
    max_columns=60,
    max_empty_run=1000,
)
PREVIEW_ROWS = 10
PROGRESS_EVERY = 50
MAX_VOTERS = 1_000_000

# Header words (as `text_key()` writes them, "|" between names) that name each column; the
# field's own label, in Vietnamese and in English, is added to them when guessing.
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

Progress = Callable[[int, int], None]


# Reading -------------------------------------------------------------------------------------


def upload_check(upload) -> None:
    """Refuses what is not an .xlsx of a sensible size, before openpyxl reads a byte of it."""
    spreadsheets.upload_check(upload, limits=LIMITS)


def _header_score(cells: tuple[str, ...]) -> tuple[int, int]:
    # A title above the table may name a field too ("Ý kiến cử tri…"); it fills fewer cells.
    return len(mapping_guess(list(cells))), sum(1 for cell in cells if cell)


def sheet_read(handle: IO[bytes]) -> Sheet:
    """The first sheet of the workbook: its header row (the one of the first lines whose cells
    name the most of our fields) and the non-empty rows below it; a header cell left empty
    is named by its column's letter, for the mapping step's selects."""
    sheet = spreadsheets.sheet_read(handle, limits=LIMITS, header_score=_header_score)
    if len(sheet.lines) > MAX_ROWS:
        raise spreadsheets.too_many_rows(MAX_ROWS)
    headers = [
        header or _("Column %(letter)s") % {"letter": _column_letter(i)}
        for i, header in enumerate(sheet.headers)
    ]
    return replace(sheet, headers=headers)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# The mapping ---------------------------------------------------------------------------------


def field_label(name: str) -> str:
    return capfirst(str(Opinion._meta.get_field(name).verbose_name))


def mapping_guess(headers: list[str]) -> Mapping:
    """Our field for each header that names one: an exact name first, else the longest name
    found in the header; each field and each column used once."""
    names = {
        name: spreadsheets.header_names(
            HEADER_WORDS[name], Opinion._meta.get_field(name).verbose_name
        )
        for name in IMPORT_FIELDS
    }
    return spreadsheets.mapping_guess(headers, names)


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
    cell = partial(spreadsheets.mapped_cell, cells, mapping)
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
        row.field = fields.get(text_key(text), text)
    text = cell("voters").replace(".", "").replace(",", "")
    voters = int(text) if text.isdigit() else (text or None)
    text = cell("raised_by")
    if text:
        row.raised_by = raised.get(text_key(text), text)
    elif isinstance(voters, int) and voters > 1:
        row.raised_by = RaisedBy.GROUP
    row.voters = 1 if voters is None else voters
    protect = spreadsheets.yes_no(cell("protect_identity"))
    if protect is None:
        return _("Mark a voter who asks not to be named with “x”, or leave the cell empty.")
    row.protect_identity = protect
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
    fields = spreadsheets.choice_table(Field, FIELD_WORDS)
    raised = spreadsheets.choice_table(RaisedBy, RAISED_BY_WORDS)
    parsed = Parsed()
    seen: Counter = Counter()
    mapped = [column for column in mapping.values() if column is not None]
    for done, (line, cells) in enumerate(sheet.lines, 1):
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, len(sheet.lines))
        # A line with nothing in the chosen columns (a numbered but unfilled template row).
        if not spreadsheets.cells_filled(cells, mapped):
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
