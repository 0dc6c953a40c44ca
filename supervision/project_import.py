"""A commune's investment projects from a spreadsheet (.xlsx): the registry the commune's
community supervises (THDCOCS Art. 41–43), with each project's parties, whom a board member
may not be related to (Art. 42.2).

The first sheet's header row is found and its columns guessed from Vietnamese or English
headers (diacritics ignored); each row becomes a `ProjectRow` or messages naming its line.
The import records every row or none, in one transaction.

Each row's fingerprint (`import_key`) is kept on its project. Importing the same file again
finds every project recorded with the same details and writes nothing; a code the commune
already uses for a project with other details is a row error, not an update: the import only
adds to the registry, and a correction is made in the app, where its history names who made it.
"""

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import IO

from django.db import IntegrityError, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cases import spreadsheets
from cases.services import audited
from cases.spreadsheets import Mapping, Sheet, text_key
from units.choices import UnitKind, UnitLevel
from units.errors import DomainError, NotAllowed
from units.models import Unit, User
from units.permissions import has_role
from units.search import fold

from .access import COMMITTEE
from .choices import PartyRole, ProjectType
from .models import Party, Project

PROJECT_FIELDS = (
    "code",
    "name",
    "type",
    "commune_budget",
    "location",
    "budget",
    "starts_on",
    "ends_on",
    "description",
)
PARTY_FIELDS = ("investor", "decision_maker", "contractor", "consultant", "supervisor", "manager")
IMPORT_FIELDS = PROJECT_FIELDS + PARTY_FIELDS
REQUIRED = ("code", "name", "type")
MAX_ROWS = 2000
LIMITS = spreadsheets.Limits(
    max_bytes=5 * 1024 * 1024,
    max_unpacked_bytes=100 * 1024 * 1024,
    max_rows=MAX_ROWS,
    max_columns=40,
    max_empty_run=500,
)
MAX_BUDGET = 2**63 - 1  # the column's range
MAX_PERSON_NAME = 150

# Header words as `text_key()` writes them; each field's own label (Vietnamese and English) is
# added when guessing. An exact header wins over a longer header that merely contains a word.
HEADER_WORDS = {
    "code": "ma|ma du an|ma so|ma cong trinh|ma so du an|code|project code",
    "name": "ten|ten du an|ten cong trinh|du an|cong trinh|ten du an cong trinh|name"
    "|project|project name",
    "type": "loai|loai du an|loai hinh|loai hinh dau tu|hinh thuc dau tu|type|project type",
    "commune_budget": "ngan sach xa|von ngan sach xa|ngan sach cap xa|commune budget",
    "location": "dia diem|dia diem xay dung|vi tri|dia chi|noi thuc hien|location|site|place",
    "budget": "tong muc dau tu|tong von|tong von dau tu|von dau tu|kinh phi|tong kinh phi"
    "|du toan|gia tri|budget|total investment|cost|amount",
    "starts_on": "ngay bat dau|bat dau|ngay khoi cong|khoi cong|thoi gian bat dau|tu ngay|start"
    "|start date|starts",
    "ends_on": "ngay ket thuc|ket thuc|ngay hoan thanh|hoan thanh|thoi gian ket thuc|den ngay"
    "|end|end date|ends",
    "description": "mo ta|ghi chu|quy mo|noi dung|quy mo noi dung|description|notes|scope",
    "investor": "chu dau tu|investor",
    "decision_maker": "nguoi quyet dinh dau tu|cap quyet dinh dau tu|quyet dinh dau tu"
    "|co quan quyet dinh dau tu|decision maker|investment decision maker",
    "contractor": "nha thau|nha thau thi cong|don vi thi cong|contractor|contractors",
    "consultant": "tu van|don vi tu van|tu van thiet ke|consultant|consultants",
    "supervisor": "giam sat|tu van giam sat|don vi giam sat|giam sat thi cong|supervisor"
    "|supervisors|construction supervisor",
    "manager": "quan ly du an|ban quan ly|ban quan ly du an|don vi quan ly|manager|managers"
    "|project manager",
}
TYPE_WORDS = {
    ProjectType.PUBLIC: "dau tu cong|von dau tu cong|ngan sach nha nuoc|public",
    ProjectType.PPP: "ppp|doi tac cong tu|dau tu theo phuong thuc doi tac cong tu"
    "|public private partnership",
    ProjectType.COMMUNITY: "cong dong|nhan dan dong gop|von nhan dan dong gop|nhan dan"
    "|cong dong dau tu|community",
    ProjectType.SPONSORED: "tai tro|von tai tro|sponsored|sponsor",
}
# A thousands separator used the same way throughout: 1.250.000.000, 1,250,000,000, 1 250 000.
GROUPED = re.compile(r"\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*")
DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# "Công ty ABC - Nguyễn Văn A": the person after the last dash set off by spaces.
PERSON_AFTER = re.compile(r"(.*\S)\s+[-–]\s+(.+)")
# Excel counts days from 30/12/1899; 20000–79999 are the years 1954 to 2118.
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_SERIALS = (20000, 80000)

# Where an uploaded workbook waits between the preview and the import.
STAGING = "imports/projects/"


def field_label(name: str) -> str:
    if name in PARTY_FIELDS:
        return capfirst(str(PartyRole(name).label))
    return capfirst(str(Project._meta.get_field(name).verbose_name))


def import_allowed(*, unit: Unit, actor: User) -> None:
    """Projects belong to a commune's committee, and its case officers and leaders keep them."""
    if unit.kind != UnitKind.COMMITTEE or unit.level != UnitLevel.COMMUNE:
        raise DomainError(_("Projects are imported into a commune's Fatherland Front committee."))
    if not has_role(actor, unit, COMMITTEE):
        raise NotAllowed(
            _("Only the commune committee's case officers and leaders import projects.")
        )


# Reading ---------------------------------------------------------------------------------------


def upload_check(upload) -> None:
    """Refuses what is not an .xlsx of a sensible size, before openpyxl reads a byte of it."""
    spreadsheets.upload_check(upload, limits=LIMITS)


def sheet_read(handle: IO[bytes]) -> Sheet:
    """The first sheet: its header row (the one of the first lines whose cells name the most
    of our fields; a title often stands above the table) and the non-empty rows below it."""
    return spreadsheets.sheet_read(
        handle, limits=LIMITS, header_score=lambda cells: len(mapping_guess(list(cells)))
    )


def mapping_guess(headers: list[str]) -> Mapping:
    """Our field for each header that names one: an exact name first, else the longest name
    found in the header; each field and each column used once."""
    names = {
        name: spreadsheets.header_names(HEADER_WORDS[name], field_label(name))
        for name in IMPORT_FIELDS
    }
    return spreadsheets.mapping_guess(headers, names)


# Rows ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyRow:
    role: str
    name: str
    people: tuple[str, ...] = ()


@dataclass
class ProjectRow:
    line: int
    code: str
    name: str
    type: str
    commune_budget: bool = False
    location: str = ""
    budget: int | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    description: str = ""
    parties: tuple[PartyRow, ...] = ()
    import_key: str = ""
    unchanged: bool = False  # recorded already with these details: the import skips it


@dataclass
class Outcome:
    total: int = 0  # the rows with something in the columns read
    rows: list[ProjectRow] = field(default_factory=list)  # the rows without an error
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, what is wrong)
    mapping: Mapping = field(default_factory=dict)
    recorded: bool = False  # the new projects were written

    @property
    def new(self) -> int:
        return sum(1 for row in self.rows if not row.unchanged)

    @property
    def unchanged(self) -> int:
        return sum(1 for row in self.rows if row.unchanged)

    @property
    def refused(self) -> int:
        return len({line for line, _problem in self.problems})

    @property
    def errors(self) -> list[str]:
        return [
            _("Row %(n)s: %(problem)s") % {"n": line, "problem": problem}
            for line, problem in sorted(self.problems, key=lambda item: item[0])
        ]


def _choice(text: str, table: dict[str, str]) -> str:
    """The choice a cell names: exactly, else the one choice whose words it contains."""
    key = text_key(text)
    if key in table:
        return table[key]
    found = {value for words, value in table.items() if f" {words} " in f" {key} "}
    return found.pop() if len(found) == 1 else ""


def _budget(text: str) -> int | None:
    number = re.sub(r"\s*(vnd|dong|d)\.?$", "", fold(text)).strip()
    if not number:
        return None
    if not (number.isdigit() or GROUPED.fullmatch(number)):
        raise ValueError(_("write the budget in đồng as a whole number, e.g. 1.250.000.000."))
    value = int(re.sub(r"\D", "", number))
    if value > MAX_BUDGET:
        raise ValueError(_("the budget is too large."))
    return value


def _date(text: str, label: str) -> dt.date | None:
    """dd/mm/yyyy (an Excel date cell reads so), yyyy-mm-dd, or an Excel date serial number
    (a date column whose format was lost: 45432 is 20/05/2024)."""
    if not text:
        return None
    try:
        if match := DAY_FIRST.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        if match := ISO_DATE.fullmatch(text):
            return dt.date(*(int(part) for part in match.groups()))
        if text.isdigit() and EXCEL_SERIALS[0] <= int(text) < EXCEL_SERIALS[1]:
            return EXCEL_EPOCH + dt.timedelta(days=int(text))
    except ValueError:
        pass
    raise ValueError(_("write “%(field)s” as dd/mm/yyyy, e.g. 17/05/2024.") % {"field": label})


def _parties(role: str, text: str) -> list[PartyRow]:
    """ "Công ty ABC - Nguyễn Văn A, Trần Thị B; Công ty XYZ": organisations split by ";" (or
    a line break in the cell), the people acting for one after " - ", split by ","."""
    parties: dict[str, PartyRow] = {}
    for entry in re.split(r"[;\n]", text):
        entry = entry.strip()
        if not entry:
            continue
        name, people = entry, ()
        if match := PERSON_AFTER.fullmatch(entry):
            name = match[1]
            people = tuple(person.strip() for person in match[2].split(",") if person.strip())
        if name.startswith(("-", "–")):
            raise ValueError(
                _("name the organisation before the person, e.g. “Công ty ABC - Nguyễn Văn A”.")
            )
        if len(name) > Party._meta.get_field("name").max_length or any(
            len(person) > MAX_PERSON_NAME for person in people
        ):
            raise ValueError(_("a name in “%(field)s” is too long.") % {"field": field_label(role)})
        # The same organisation twice in a cell is one party with everyone named for it.
        same = parties.get(name.casefold())
        if same:
            name = same.name
            people = same.people + tuple(person for person in people if person not in same.people)
        parties[name.casefold()] = PartyRow(role=role, name=name, people=people)
    return list(parties.values())


def _parse_line(line: int, cells: tuple, mapping: Mapping, types: dict) -> ProjectRow | list[str]:
    cell = partial(spreadsheets.mapped_cell, cells, mapping)
    problems: list[str] = []

    def parsed(parse, *args):
        try:
            return parse(*args)
        except ValueError as problem:
            problems.append(str(problem))
            return None

    for name in REQUIRED:
        if not cell(name):
            problems.append(_("“%(field)s” is empty.") % {"field": field_label(name)})
    for name in ("code", "name", "location"):
        limit = Project._meta.get_field(name).max_length
        if len(cell(name)) > limit:
            problems.append(
                _("“%(field)s” is longer than %(limit)s characters.")
                % {"field": field_label(name), "limit": limit}
            )
    kind = _choice(cell("type"), types) if cell("type") else ""
    if cell("type") and not kind:
        problems.append(
            _("“%(value)s” is not a type of project; write one of: %(types)s.")
            % {"value": cell("type"), "types": ", ".join(str(t.label) for t in ProjectType)}
        )
    commune_budget = spreadsheets.yes_no(cell("commune_budget"))
    if commune_budget is None:
        problems.append(
            _("write “có” or “không” in “%(field)s”.") % {"field": field_label("commune_budget")}
        )
    row = ProjectRow(
        line=line,
        code=cell("code"),
        name=cell("name"),
        type=kind,
        commune_budget=bool(commune_budget),
        location=cell("location"),
        budget=parsed(_budget, cell("budget")),
        starts_on=parsed(_date, cell("starts_on"), field_label("starts_on")),
        ends_on=parsed(_date, cell("ends_on"), field_label("ends_on")),
        description=cell("description"),
        parties=tuple(
            party for role in PARTY_FIELDS for party in parsed(_parties, role, cell(role)) or ()
        ),
    )
    if row.starts_on and row.ends_on and row.ends_on < row.starts_on:
        problems.append(_("the project ends before it starts."))
    if problems:
        return problems
    row.import_key = _fingerprint(
        {name: getattr(row, name) for name in PROJECT_FIELDS},
        [(party.role, party.name, party.people) for party in row.parties],
    )
    return row


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split()).casefold()


def _fingerprint(values: dict, parties: Iterable[tuple[str, str, Iterable[str]]]) -> str:
    """What a project says, spacing and case aside, its parties in any order: a row and a
    recorded project with the same details have the same fingerprint."""
    text = [_norm(values[name]) for name in ("code", "name", "location", "description")]
    dates = [values[name] and values[name].isoformat() for name in ("starts_on", "ends_on")]
    who = sorted(
        [str(role), _norm(name), sorted(_norm(person) for person in people)]
        for role, name, people in parties
    )
    payload = ["project/1", *text, str(values["type"]), bool(values["commune_budget"])]
    payload += [values["budget"], *dates, who]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def project_fingerprint(project: Project) -> str:
    """The fingerprint of a recorded project and its parties, as a row with its details has."""
    return _fingerprint(
        {name: getattr(project, name) for name in PROJECT_FIELDS},
        [(party.role, party.name, party.names()[1:]) for party in project.parties.all()],
    )


def rows_parse(*, sheet: Sheet) -> Outcome:
    """Every row of the sheet as a project, or what is wrong with it; a code twice in the file
    is an error on its second row. Reads no database rows."""
    mapping = mapping_guess(sheet.headers)
    missing = [field_label(name) for name in REQUIRED if name not in mapping]
    if missing:
        raise DomainError(
            _("The file has no column for: %(fields)s.") % {"fields": ", ".join(missing)}
        )
    types = spreadsheets.choice_table(ProjectType, TYPE_WORDS)
    outcome = Outcome(mapping=mapping)
    first_line: dict[str, int] = {}
    for line, cells in sheet.lines:
        # A line with nothing in the columns read (a numbered but unfilled template row).
        if not spreadsheets.cells_filled(cells, mapping.values()):
            continue
        outcome.total += 1
        result = _parse_line(line, cells, mapping, types)
        if isinstance(result, ProjectRow) and result.code.casefold() in first_line:
            result = [
                _("the project code “%(code)s” is also on row %(line)s.")
                % {"code": result.code, "line": first_line[result.code.casefold()]}
            ]
        if isinstance(result, list):
            outcome.problems += [(line, problem) for problem in result]
            continue
        first_line[result.code.casefold()] = line
        outcome.rows.append(result)
    if not outcome.total:
        raise DomainError(_("The file holds no projects below its header row."))
    return outcome


def _checked(unit: Unit, parsed: Outcome) -> Outcome:
    """The parsed rows checked against the commune's projects: a row recorded already with
    the same details is unchanged; a code it uses for a project with other details is an
    error on the row."""
    outcome = replace(parsed, problems=list(parsed.problems))
    codes = {row.code.casefold() for row in parsed.rows}
    recorded = {
        project.code.casefold(): project
        for project in Project.objects.filter(unit=unit).prefetch_related("parties")
        if project.code.casefold() in codes
    }
    for row in outcome.rows:
        project = recorded.get(row.code.casefold())
        # The stored key: this very row was imported before (a project edited since stays as
        # edited). The details: the same project was entered by hand or from another file.
        row.unchanged = project is not None and row.import_key in (
            project.import_key,
            project_fingerprint(project),
        )
        if project is not None and not row.unchanged:
            problem = _(
                "a project with the code “%(code)s” is already recorded with other details; "
                "correct it in the app, or give this row another code."
            )
            outcome.problems.append((row.line, problem % {"code": row.code}))
    return outcome


def projects_import_plan(*, unit: Unit, actor: User, sheet: Sheet) -> Outcome:
    """The dry run: the projects an import would record, find unchanged and refuse. Writes
    nothing."""
    import_allowed(unit=unit, actor=actor)
    return _checked(unit, rows_parse(sheet=sheet))


def projects_import(*, unit: Unit, actor: User, sheet: Sheet, file_name: str = "") -> Outcome:
    """Records the sheet's new projects and their parties, all or none: with one bad row
    nothing is recorded, and the outcome lists every bad row."""
    import_allowed(unit=unit, actor=actor)
    parsed = rows_parse(sheet=sheet)
    if parsed.problems:
        return parsed
    try:
        with transaction.atomic():
            # The commune's row is locked so that two imports into it run one after the other:
            # the second, checking under the lock, finds the first one's projects unchanged
            # instead of failing on their codes halfway through.
            Unit.objects.select_for_update().filter(pk=unit.pk).first()
            outcome = _checked(unit, parsed)
            if outcome.problems:
                return outcome
            for row in outcome.rows:
                if not row.unchanged:
                    _record(unit, row, actor=actor, file_name=file_name)
            outcome.recorded = True
    except IntegrityError as error:  # a project entered by hand meanwhile took one of the codes
        raise DomainError(
            _("A project with one of these codes was recorded meanwhile; nothing was imported.")
        ) from error
    return outcome


def _record(unit: Unit, row: ProjectRow, *, actor: User, file_name: str) -> Project:
    """One project and its parties, each saved once with the importer and the row on its
    history row."""
    reason = _("Imported from the spreadsheet “%(file)s”, row %(line)s") % {
        "file": file_name,
        "line": row.line,
    }
    values = {name: getattr(row, name) for name in PROJECT_FIELDS}
    project = Project(unit=unit, import_key=row.import_key, **values)
    audited(project, actor=actor, reason=reason).save()
    for party in row.parties:
        people = "\n".join(party.people)
        record = Party(project=project, role=party.role, name=party.name, people=people)
        audited(record, actor=actor, reason=reason).save()
    return project
