"""What the crawler looks for in a response, decided on its own.

It never asks `cases.identity`: a bug in the scrubber must not be able to hide itself from the
test that checks it. A response is reduced to the text a reader gets (HTML entities resolved,
JSON strings, every cell of a spreadsheet, the file name of a download), folded (lower case, no
diacritics, đ → d, single spaces), and searched for each planted person's forms: the full name
and its last two syllables, an honorific with the last syllable ("bà Thoa"), the digits of an ID
or phone number whatever separates them, the house number and street of the address, the e-mail
and its local part.
"""

import csv
import html
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, quote_plus, unquote

# Words Vietnamese put before a name, folded: "ông An", "bà Thoa", "chị Quỳnh". Folded, most
# of them are everyday words too ("chỉ hiện", "có thỏa thuận"), so the syllable after one counts
# only when it is capitalised, as a name is.
HONORIFICS = ("ong", "ba", "chi", "anh", "co", "chu", "bac")
STREET_WORDS = {"pho", "duong", "ngo", "ngach", "hem", "kiet"}
_MARKS = re.compile(r"[\u0300-\u036f]")
_TAG = re.compile(r"<[^>]*>")
# Digits people separate with spaces, dots, dashes or brackets: "0977.123.456",
# "(+84) 977 123 456", "001 195 099 887". At most three separators between two digits.
_DIGIT_RUN = re.compile(r"\d(?:[\s.\-\u2013\u2014()+_/]{0,3}\d)*")
_WORD = "a-z0-9"


def fold_keeping_case(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return " ".join(_MARKS.sub("", unicodedata.normalize("NFD", text)).split())


def fold(text: str) -> str:
    return fold_keeping_case(text).lower()


def digit_runs(text: str) -> str:
    return " ".join(re.sub(r"\D", "", run.group()) for run in _DIGIT_RUN.finditer(text))


@dataclass(frozen=True)
class Person:
    """One person planted in the data, with everything that identifies them."""

    label: str
    full_name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""
    former_names: tuple[str, ...] = ()
    protected: bool = True

    def phrases(self) -> list[tuple[str, str]]:
        """(what, folded phrase) searched as whole words."""
        found = []
        for name, which in [(self.full_name, "name")] + [
            (n, "former name") for n in self.former_names
        ]:
            tokens = fold(name).split()
            found.append((f"{which} “{' '.join(tokens)}”", " ".join(tokens)))
            if len(tokens) > 2:
                found.append((f"{which} “{' '.join(tokens[-2:])}”", " ".join(tokens[-2:])))
        if self.address:
            tokens = fold(self.address.split(",")[0]).split()
            while tokens and tokens[0] in ("so", "nha"):
                tokens = tokens[1:]
            found.append((f"address “{' '.join(tokens)}”", " ".join(tokens)))
            bare = [t for t in tokens if t not in STREET_WORDS]
            if bare != tokens:
                found.append((f"address “{' '.join(bare)}”", " ".join(bare)))
        if self.email:
            email = self.email.lower()
            found.append(("e-mail", email))
            found.append((f"e-mail local part “{email.split('@')[0]}”", email.split("@")[0]))
        return found

    def last_syllables(self) -> list[tuple[str, str]]:
        """(what, folded last syllable) searched after an honorific."""
        names = [(self.full_name, "name")] + [(n, "former name") for n in self.former_names]
        return [(which, fold(name).split()[-1]) for name, which in names]

    def numbers(self) -> list[tuple[str, str]]:
        found = []
        if self.id_number:
            found.append((f"ID number {self.id_number}", self.id_number))
        if self.phone:
            found.append((f"phone {self.phone}", self.phone))
            if self.phone.startswith("0"):
                # "(+84) 977 123 456" and "977123456" carry the number without its 0.
                found.append((f"phone {self.phone} without its 0", self.phone[1:]))
        return found


@dataclass(frozen=True)
class Hit:
    person: Person
    form: str


class Finder:
    def __init__(self, people: list[Person]) -> None:
        self.people = people
        self._phrases = [
            (person, what, phrase, re.compile(rf"(?<![{_WORD}]){re.escape(phrase)}(?![{_WORD}])"))
            for person in people
            for what, phrase in person.phrases()
        ]
        self._numbers = [
            (person, what, digits) for person in people for what, digits in person.numbers()
        ]
        self._after_honorific = {}
        for person in people:
            for which, syllable in person.last_syllables():
                self._after_honorific.setdefault(syllable, []).append((person, which))
        self._honorific = re.compile(
            rf"(?<![A-Za-z0-9])(?i:{'|'.join(HONORIFICS)}) ([A-Z][A-Za-z]*)(?![A-Za-z0-9])"
        )

    def find(self, text: str, *, markup: bool = False) -> set[Hit]:
        """Every planted form in `text`; with `markup`, also in its text between the tags
        (a name split by tags) and inside them (a title or value attribute)."""
        if markup:
            variants = [text, _TAG.sub(" ", text)]
            digit_variants = [text, _TAG.sub("", text)]
        else:
            variants = digit_variants = [text]
        hits = set()
        for variant in variants:
            cased = fold_keeping_case(variant)
            folded = cased.lower()
            for person, what, phrase, pattern in self._phrases:
                if phrase in folded and pattern.search(folded):
                    hits.add(Hit(person, what))
            for match in self._honorific.finditer(cased):
                for person, which in self._after_honorific.get(match.group(1).lower(), ()):
                    hits.add(Hit(person, f"{which} after an honorific “{match.group().lower()}”"))
        for variant in digit_variants:
            digits = digit_runs(variant)
            for person, what, number in self._numbers:
                if number in digits:
                    hits.add(Hit(person, what))
        return hits


# Reading a response -----------------------------------------------------------------------


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [str(k), *_strings(v)]]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [] if value is None else [str(value)]


def xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    book.close()
    return "\n".join(cells)


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    parts = [p.text for p in document.paragraphs] + cells
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def without_echo(text: str, params: list[tuple[str, str]]) -> str:
    """The request's own parameters, as the page hands them back (the search box, the
    pagination links, a login redirect's `next`), are what the user typed, not a leak: they
    are removed in those places only, so the same value elsewhere on the page still counts."""
    for name, value in params:
        if not value:
            continue
        encodings = {value, quote(value), quote(value, safe=""), quote_plus(value)}
        encodings |= {quote(e, safe="") for e in list(encodings)}
        for prefix in (f"{name}=", f"{name}%3D", f"{name}%253D"):
            for encoded in sorted(encodings, key=len, reverse=True):
                text = text.replace(prefix + encoded, prefix)
        for shown in {value, html.escape(value), html.escape(value, quote=False)}:
            text = text.replace(f'value="{shown}"', 'value=""')
            text = text.replace(f"<textarea>{shown}</textarea>", "<textarea></textarea>")
    return text


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def readable(response, params: list[tuple[str, str]]) -> tuple[str, bool]:
    """(the text a reader gets from the response, whether it is markup)."""
    content_type = response.get("Content-Type", "")
    headers = " ".join(
        unquote(without_echo(response.get(name, ""), params))
        for name in ("Content-Disposition", "Location")
    )
    body = body_of(response)
    if "wordprocessingml" in content_type:  # an official document (a board's recommendation)
        return headers + "\n" + docx_text(body), False
    if "spreadsheetml" in content_type or body[:2] == b"PK":
        return headers + "\n" + xlsx_text(body), False
    if "json" in content_type:
        try:
            data = json.loads(body.decode("utf-8"))
        except ValueError:
            data = body.decode("utf-8", errors="replace")
        return headers + "\n" + without_echo("\n".join(_strings(data)), params), False
    if content_type.startswith(("text/", "application/xml", "application/vnd.oai")) or (
        not content_type
    ):
        text = without_echo(body.decode("utf-8-sig", errors="replace"), params)
        if "csv" in content_type:
            rows = csv.reader(io.StringIO(text))
            return headers + "\n" + "\n".join(" ".join(row) for row in rows), False
        markup = "html" in content_type
        return headers + "\n" + (html.unescape(text) if markup else text), markup
    # A file (PDF, image): only its name reaches the reader as text.
    return headers, False
