"""Checks on what a reception officer types or uploads when taking in a petition.

Each validator returns the normalised value, so the caller stores one spelling of an ID number
or a phone number and lookups by them match. Messages are English source strings; the
Vietnamese wording lives in the catalogue.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# --- ID numbers -------------------------------------------------------------------------------

# Province/city codes that open a 12-digit citizen identity number (CCCD), as listed in
# Circular 59/2021/TT-BCA. The codes follow the pre-2025 provinces and stay valid after the
# 2025 merger: an issued number never changes.
# fmt: off
PROVINCE_CODES: frozenset[str] = frozenset({
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019",
    "020", "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036",
    "037", "038", "040", "042", "044", "045", "046", "048", "049", "051", "052", "054",
    "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075",
    "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093",
    "094", "095", "096",
})
# fmt: on

_ASCII_DIGITS = re.compile(r"[0-9]+")
# Groups of digits as people copy them from the card: "079 203 001 234", "079.203.001.234".
_ID_NUMBER_GROUPS = re.compile(r"[0-9]+(?:[\s.]+[0-9]+)*")
_ID_NUMBER_SEPARATORS = re.compile(r"[\s.]+")

# What an ID number field accepts as typed, separators included; 12 digits are stored.
ID_NUMBER_INPUT_MAX_LENGTH = 24


def validate_id_number(value: str) -> str:
    """Return the ID number as its digits only: a 12-digit CCCD or a 9-digit old CMND.

    Spaces and dots between digits are allowed and dropped. The 4th digit of a CCCD (century
    and sex) may be any digit and the 5th–6th (year of birth) are not checked: only the
    province code can be verified without the national register. The reception form and the
    API both call this (through `id_number_or_blank`), so they accept and store the same.
    """
    typed = value.strip()
    if not typed:
        raise ValidationError(_("Enter the ID number."), code="empty")
    # [0-9], not \d or str.isdigit(): those also accept full-width and other non-ASCII digits.
    if not _ID_NUMBER_GROUPS.fullmatch(typed):
        raise ValidationError(
            _(
                "An ID number contains digits only, without letters or punctuation "
                "(spaces or dots between the digits are allowed)."
            ),
            code="not_digits",
        )
    number = _ID_NUMBER_SEPARATORS.sub("", typed)
    if len(number) == 9:
        return number
    if len(number) != 12:
        raise ValidationError(
            _(
                "An ID number has 12 digits (citizen identity card) or 9 digits "
                "(old identity card); this one has %(count)s."
            ),
            code="wrong_length",
            params={"count": len(number)},
        )
    if number[:3] not in PROVINCE_CODES:
        raise ValidationError(
            _(
                "A 12-digit ID number starts with the code of a province or city; "
                "%(code)s is not one. Check the first three digits."
            ),
            code="unknown_province",
            params={"code": number[:3]},
        )
    return number


def id_number_or_blank(value: str | None) -> str:
    """An optional ID number field: blank stays blank, anything else must be valid."""
    if not (value or "").strip():
        return ""
    return validate_id_number(value)


# --- Phone numbers ----------------------------------------------------------------------------

MOBILE_PREFIXES: frozenset[str] = frozenset({"03", "05", "07", "08", "09"})
LANDLINE_PREFIX = "02"

# Separators people write inside a number: "0912 345 678", "0912.345.678", "(024) 3825 1234".
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


def validate_phone(value: str) -> str:
    """Return a Vietnamese phone number as its 0-prefixed national digits.

    Accepts a leading +84 or 84 (and a redundant 0 after it, "+84 (0)912…"), mobiles of 10
    digits starting 03, 05, 07, 08, 09 and landlines of 10–11 digits starting 02.
    """
    number = _PHONE_SEPARATORS.sub("", value)
    if not number:
        raise ValidationError(_("Enter the phone number."), code="empty")
    has_plus = number.startswith("+")
    digits = number.removeprefix("+")
    if not _ASCII_DIGITS.fullmatch(digits):
        raise ValidationError(
            _("A phone number contains digits only, optionally starting with +84."),
            code="not_digits",
        )
    if has_plus and not digits.startswith("84"):
        raise ValidationError(
            _("Only Vietnamese phone numbers are accepted: start with 0 or +84."),
            code="not_vietnamese",
        )
    # A national number starts with 0, so a leading 84 can only be the country code.
    national = "0" + digits[2:].removeprefix("0") if digits.startswith("84") else digits

    if not national.startswith("0"):
        raise ValidationError(
            _("A phone number starts with 0 (or +84); check the first digit."),
            code="missing_prefix",
        )
    prefix = national[:2]
    if prefix == LANDLINE_PREFIX:
        if len(national) not in (10, 11):
            raise ValidationError(
                _("A landline number starting 02 has 10 or 11 digits, e.g. 024 3825 1234."),
                code="wrong_length",
            )
        return national
    if prefix in MOBILE_PREFIXES:
        if len(national) != 10:
            raise ValidationError(
                _("A mobile number has 10 digits, e.g. 0912 345 678."), code="wrong_length"
            )
        return national
    if prefix == "01" and len(national) == 11:
        # 11-digit mobiles (016x, 012x, …) were moved to 10 digits in 2018; the old number no
        # longer reaches anyone.
        raise ValidationError(
            _(
                "Mobile numbers starting 01 were changed to 10 digits in 2018; "
                "ask the citizen for the current number."
            ),
            code="obsolete_mobile",
        )
    raise ValidationError(
        _(
            "This is not a Vietnamese phone number: mobiles start 03, 05, 07, 08 or 09 "
            "and landlines start 02."
        ),
        code="unknown_prefix",
    )


# --- Names ------------------------------------------------------------------------------------

# A run of letters; after NFC every Vietnamese letter is one precomposed code point, so a
# diacritic never splits a word. Hyphens and apostrophes separate runs: "Y-Moan", "H'Hen Niê".
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def normalise_person_name(value: str) -> str:
    """NFC, single spaces, each word capitalised: "  nguyễn  VĂN an" → "Nguyễn Văn An"."""
    # Text pasted from Word or typed with some IMEs arrives decomposed (NFD); without NFC the
    # same name would compare unequal to itself.
    name = " ".join(unicodedata.normalize("NFC", value).split())
    return _LETTER_RUN.sub(lambda match: match[0][:1].upper() + match[0][1:].lower(), name)
