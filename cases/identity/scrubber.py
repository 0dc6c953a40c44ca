"""Finds what identifies a person in free text, the way people actually write it.

Matching is done on a folded copy of the text (lower case, no diacritics, đ → d) whose every
character remembers where it came from, so a match found in "ong nguyen van an" blanks out
"Ông Nguyễn Văn An" in the original. Two families of rules run:

- the identities the case knows (every version of every person in its history): names with
  and without diacritics, with an honorific or by their last syllables; ID and phone numbers on
  their digits, whatever separates them; the house number and street of an address; e-mails;
- forms that identify anybody, known or not: e-mail addresses, phone- and ID-shaped numbers,
  a house number with its street, what follows "trú tại"/"địa chỉ:", the name after "tôi là".

When a known identity still shows after scrubbing (two syllables of a name apart from the rest,
a number's digits spread over the text), the scrub is uncertain and the whole text is withheld.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .persons import Person

WITHHELD = _("[protected]")

# Words Vietnamese put before a name: "ông An", "bà Phan Thị Bí Mật", "chị Lan".
HONORIFICS = (
    "ong",
    "bac",
    "chu",
    "cau",
    "co",
    "di",
    "thim",
    "mo",
    "ba",
    "anh",
    "chi",
    "em",
    "cu",
    "chau",
    "ngai",
    "mu",
    "bo",
    "me",
)  # folded
_HON = "(?:" + "|".join(HONORIFICS) + ")"
# Between the syllables of a name: spaces, or the dots, dashes and underscores of a file name
# ("chung-cu-Tran-Thi-Bi-Mat.pdf").
_GAP = r"[\s._\-]+"
_B = r"(?<![a-z0-9])"  # start of a word in folded text
_E = r"(?![a-z0-9])"  # end of a word

# Separators people put inside a phone or ID number: "0977.123.456", "0977 123 456",
# "(+84) 977-123-456". At most three of them between two digits, so that two numbers in one
# sentence are not read as one.
_NUMBER = re.compile(r"\+?\(?\+?\d(?:[\s.\-–—()_]{0,3}\d)*")
# A number that looks like a Vietnamese phone (0…, 84…, +84…) or ID (9 or 12 digits).
_GENERIC_MIN_DIGITS = 9
_EMAIL = re.compile(
    r"[A-Za-z0-9._%+\-]+\s*(?:@|\[at\]|\(at\))\s*[A-Za-z0-9\-]+(?:\s*(?:\.|\[dot\])\s*[A-Za-z0-9\-]+)+"
)
_STREET_WORDS = r"(?:pho|duong|ngo|ngach|hem|kiet|thon|xom|ap|khu\s+pho|to\s+dan\s+pho|to)"
_HOUSE_NUMBER = r"\d+[a-z]?(?:\s*/\s*\d+[a-z]?)*"
# "số 99 phố Hàng Đào", "nhà số 12/3 ngõ Huế", "99 Hàng Đào" is caught by the known address.
_GENERIC_STREET = re.compile(
    _B
    + r"(?:(?:so\s+nha|nha\s+so|so|nha)\s*)?"
    + _HOUSE_NUMBER
    + r"\s*,?\s*"
    + _STREET_WORDS
    + r"\s+"
)
# What follows these words up to the end of the clause is where someone lives.
_RESIDENCE = re.compile(
    _B + r"(?:cu\s+tru\s+tai|tru\s+tai|thuong\s+tru(?:\s+tai)?|tam\s+tru(?:\s+tai)?|"
    r"noi\s+cu\s+tru|noi\s+o(?:\s+hien\s+nay)?|sinh\s+song\s+tai|o\s+tai|"
    # A whole word only: "Ban Thường trực" (a standing board) is not "thường trú".
    r"dia\s+chi(?:\s+lien\s+he|\s+thuong\s+tru|\s+lien\s+lac)?\s*:)(?![a-z0-9])\s*:?\s*"
)
_CLAUSE_END = re.compile(r"[.;\n(]")
# The name a writer gives for themself: "Tôi là Phan Thị Bí Mật", "Họ và tên: …".
_SELF = re.compile(
    _B + r"(?:toi\s+ten\s+la|toi\s+la|toi\s+ten|ten\s+toi\s+la|ten\s+toi|ho\s+va\s+ten|ho\s+ten|"
    r"nguoi\s+to\s+cao(?:\s+la)?|nguoi\s+lam\s+don(?:\s+la)?|nguoi\s+gui\s+don(?:\s+la)?|"
    r"nguoi\s+ky\s+ten)\s*:?\s*(?:" + _HON + r"\s+)?"
)
_ID_LABEL = re.compile(
    _B + r"(?:cccd|cmnd|cmt|can\s+cuoc(?:\s+cong\s+dan)?|so\s+dinh\s+danh|ho\s+chieu|"
    r"so\s+dien\s+thoai|dien\s+thoai|sdt|dt)\s*(?:so)?\s*:?\s*"
)
_MAX_CAPITALISED = 5


def fold_with_index(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of its origin."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() or ch == "_":
            # File names join words with underscores: "So_99_pho_Hang_Dao.jpg".
            folded = " "
        elif ch in "đĐ":
            folded = "d"
        else:
            decomposed = unicodedata.normalize("NFD", ch)
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        for c in folded:
            out.append(c)
            index.append(i)
    return "".join(out), index


def fold_plain(text: str) -> str:
    return " ".join(fold_with_index(text)[0].split())


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@dataclass
class _Known:
    names: list[list[str]] = field(default_factory=list)
    numbers: set[str] = field(default_factory=set)
    addresses: list[str] = field(default_factory=list)  # regex sources on folded text
    emails: set[str] = field(default_factory=set)
    email_locals: set[str] = field(default_factory=set)


def _name_sources(tokens: list[str]) -> list[str]:
    """The whole name (an honorific may precede it), its last syllables after an honorific
    ("bà Mật"), and its last two or more syllables alone ("Bí Mật")."""
    words = [re.escape(t) for t in tokens]
    joined = _GAP.join(words)
    sources = [_B + r"(?:" + _HON + _GAP + r")?" + joined + _E]
    for k in range(1, len(words)):
        tail = _GAP.join(words[k:])
        sources.append(_B + _HON + _GAP + tail + _E)
        if len(words) - k >= 2:
            sources.append(_B + tail + _E)
    return sources


def _address_sources(address: str) -> list[str]:
    """The first part of an address ("Số 99 phố Hàng Đào"): as written, and as its house number
    followed by its street with or without "số", "phố", "đường"."""
    first = fold_plain(address.split(",")[0])
    tokens = first.split()
    if not tokens:
        return []
    sources = []
    if len(tokens) >= 2:
        sources.append(_B + r"[\s._\-]*".join(re.escape(t) for t in tokens) + _E)
    numbered = [i for i, t in enumerate(tokens) if any(c.isdigit() for c in t)]
    if numbered:
        at = numbered[0]
        number = re.escape(tokens[at])
        street = [t for t in tokens[at + 1 :] if not re.fullmatch(_STREET_WORDS, t)]
        if street:
            sources.append(
                _B
                + r"(?:(?:so\s+nha|nha\s+so|so|nha)\s*)?"
                + number
                + r"[\s._\-]*,?[\s._\-]*(?:"
                + _STREET_WORDS
                + _GAP
                + r")?"
                + _GAP.join(re.escape(t) for t in street)
                + _E
            )
    return sources


class Scrubber:
    """Blanks out every identity form in free text; built from the people of one case (every
    version of each), plus the forms that identify anyone."""

    def __init__(self, persons: Iterable[Person] = (), *, generic: bool = True) -> None:
        self.generic = generic
        known = _Known()
        for person in persons:
            tokens = fold_plain(person.full_name).split()
            if tokens and tokens not in known.names:
                known.names.append(tokens)
            for number in (person.id_number, person.phone):
                digits = _digits(number or "")
                if len(digits) >= 6:
                    known.numbers.add(digits)
                    if digits.startswith("0"):
                        known.numbers.add("84" + digits[1:])
            if person.address:
                known.addresses += _address_sources(person.address)
            if person.email:
                email = person.email.strip().lower()
                known.emails.add(email)
                local = email.split("@")[0]
                if len(local) >= 4:
                    known.email_locals.add(local)
        self.known = known
        names = [source for tokens in known.names for source in _name_sources(tokens)]
        emails = [_B + re.escape(fold_plain(e)) for e in known.emails]
        emails += [_B + re.escape(fold_plain(local)) + _E for local in known.email_locals]
        self._known_patterns = {
            kind: re.compile("|".join(sources))
            for kind, sources in (
                ("name", names),
                ("address", known.addresses),
                ("e-mail", emails),
            )
            if sources
        }
        self._bigrams = {
            " ".join(tokens[i : i + 2]) for tokens in known.names for i in range(len(tokens) - 1)
        }

    # Public ---------------------------------------------------------------------------------

    def __call__(self, text) -> str:
        return self.scrub(text)

    def scrub(self, text) -> str:
        """The text with every identity form replaced by "[được bảo mật]"; the whole text
        withheld when a known identity would still show through."""
        text = "" if text is None else str(text)
        if not text:
            return text
        spans = self._spans(text)
        result = _replace(text, spans)
        if self._still_shows(result):
            return str(WITHHELD)
        return result

    def finds(self, text) -> bool:
        """Whether the text carries any identity form at all."""
        text = "" if text is None else str(text)
        return bool(text) and (bool(self._spans(text)) or self._still_shows(text))

    def leaks(self, text) -> list[str]:
        """The kinds of identity forms the text carries (for refusing a publication)."""
        text = "" if text is None else str(text)
        if not text:
            return []
        kinds = []
        for kind, spans in self._spans_by_kind(text).items():
            if spans:
                kinds.append(kind)
        if not kinds and self._still_shows(text):
            kinds.append("name")
        return kinds

    # Matching -------------------------------------------------------------------------------

    def _spans(self, text: str) -> list[tuple[int, int]]:
        return [s for spans in self._spans_by_kind(text).values() for s in spans]

    def _spans_by_kind(self, text: str) -> dict[str, list[tuple[int, int]]]:
        folded, index = fold_with_index(text)
        found: dict[str, list[tuple[int, int]]] = {
            "name": [],
            "number": [],
            "address": [],
            "e-mail": [],
        }

        def original(start: int, end: int) -> tuple[int, int]:
            begin = index[start]
            stop = index[end - 1] + 1
            while stop < len(text) and unicodedata.combining(text[stop]):
                stop += 1
            return begin, stop

        for kind, pattern in self._known_patterns.items():
            for match in pattern.finditer(folded):
                if match.end() > match.start():
                    found[kind].append(original(match.start(), match.end()))
        for match in _NUMBER.finditer(text):
            digits = _digits(match.group())
            if any(n in digits for n in self.known.numbers) or (
                self.generic and _looks_personal(digits, match.group())
            ):
                found["number"].append(match.span())
        if self.generic:
            for match in _EMAIL.finditer(text):
                found["e-mail"].append(match.span())
            for match in _GENERIC_STREET.finditer(folded):
                end = _capitalised_run(text, folded, index, match.end(), _MAX_CAPITALISED)
                found["address"].append(original(match.start(), max(end, match.end())))
            for match in _RESIDENCE.finditer(folded):
                rest = _CLAUSE_END.search(folded, match.end())
                end = rest.start() if rest else len(folded)
                end = min(end, match.end() + 120)
                if end > match.end():
                    found["address"].append(original(match.end(), end))
            for match in _SELF.finditer(folded):
                end = _capitalised_run(text, folded, index, match.end(), _MAX_CAPITALISED)
                if end > match.end():
                    found["name"].append(original(match.end(), end))
            for match in _ID_LABEL.finditer(folded):
                if match.end() >= len(index):
                    continue
                number = _NUMBER.match(text, index[match.end()])
                if number and len(_digits(number.group())) >= 6:
                    found["number"].append(number.span())
        return found

    def _still_shows(self, text: str) -> bool:
        folded = fold_plain(text)
        if any(re.search(_B + re.escape(b) + _E, folded) for b in self._bigrams):
            return True
        digits = _digits(text)
        return any(len(n) >= 9 and n in digits for n in self.known.numbers)


def _looks_personal(digits: str, written: str) -> bool:
    """A phone (0…, 84…, +84…, 9–11 digits) or an ID number (9 or 12 digits); amounts of
    money ("1.500.000.000") start with another digit and are kept."""
    count = len(digits)
    if count < _GENERIC_MIN_DIGITS:
        return False
    if written.lstrip("(").startswith("+") or count >= 12:
        return True
    return digits.startswith("0") or (digits.startswith("84") and count in (11, 12))


def _capitalised_run(text: str, folded: str, index: list[int], start: int, limit: int) -> int:
    """The end (in folded text) of up to `limit` words from `start` that begin with a capital
    or a digit in the original: the name or street that follows a cue."""
    end = start
    position = start
    for _count in range(limit):
        match = re.compile(r"\s*([^\s,.;:()]+)").match(folded, position)
        if not match:
            break
        first = index[match.start(1)]
        if not (text[first].isupper() or text[first].isdigit()):
            break
        end = match.end(1)
        position = match.end()
    return end


def _replace(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out = []
    position = 0
    hidden = str(WITHHELD)
    for start, end in merged:
        out.append(text[position:start])
        out.append(hidden)
        position = end
    out.append(text[position:])
    return "".join(out)
