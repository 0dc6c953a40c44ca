"""Checks on what a reception officer types or uploads when taking in a petition.

Each validator returns the normalised value, so the caller stores one spelling of an ID number
or a phone number and lookups by them match. Messages are English source strings; the
Vietnamese wording lives in the catalogue.
"""

import re
import unicodedata
import uuid
from collections.abc import Callable
from math import floor, log10
from pathlib import PurePath
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.functional import Promise
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


# --- Attachments ------------------------------------------------------------------------------

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAGIC_BYTES_READ = 8

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class AttachmentType(NamedTuple):
    mime: str
    matches: Callable[[bytes], bool]
    description: Promise  # completes "is not really …", article included for the translator


# The mime type is what the file is served with later; the browser's declared content type is
# never trusted. The signatures only tell a file family apart: docx, xlsx and odt are all zip
# archives and cannot be told from one another by their first 8 bytes.
ALLOWED_ATTACHMENT_TYPES: dict[str, AttachmentType] = {
    "pdf": AttachmentType("application/pdf", lambda head: head.startswith(b"%PDF-"), _("a PDF")),
    "jpg": AttachmentType(
        "image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff"), _("a JPEG image")
    ),
    "jpeg": AttachmentType(
        "image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff"), _("a JPEG image")
    ),
    "png": AttachmentType(
        "image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"), _("a PNG image")
    ),
    "docx": AttachmentType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        lambda head: head.startswith(_ZIP),
        _("a Word document"),
    ),
    "doc": AttachmentType(
        "application/msword", lambda head: head.startswith(_OLE2), _("a Word 97–2003 document")
    ),
    "xlsx": AttachmentType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda head: head.startswith(_ZIP),
        _("an Excel workbook"),
    ),
    "odt": AttachmentType(
        "application/vnd.oasis.opendocument.text",
        lambda head: head.startswith(_ZIP),
        _("an OpenDocument text"),
    ),
}

_CANONICAL_EXTENSIONS = {"jpeg": "jpg"}


def attachment_max_bytes() -> int:
    """The upload limit: settings.ATTACHMENT_MAX_BYTES, read per call so an override applies."""
    return getattr(settings, "ATTACHMENT_MAX_BYTES", MAX_ATTACHMENT_BYTES)


def _canonical_extension(extension: str) -> str:
    extension = extension.lower().removeprefix(".")
    return _CANONICAL_EXTENSIONS.get(extension, extension)


def _megabytes(size: int) -> str:
    megabytes = size / (1024 * 1024)
    if megabytes.is_integer():
        return number_format(int(megabytes))
    # One decimal from 1 MB up, two significant digits below, so a small limit never reads "0".
    decimals = max(1, 1 - floor(log10(megabytes)))
    return number_format(megabytes, decimal_pos=decimals)


def validate_attachment(uploaded_file: UploadedFile) -> str:
    """Return the file's canonical extension ("jpg" for .jpeg) if it may be attached.

    Reads only the first bytes and seeks back to 0, so the caller can save the file as is.
    """
    name = uploaded_file.name or ""
    extension = _canonical_extension(PurePath(name).suffix)
    if extension not in ALLOWED_ATTACHMENT_TYPES:
        raise ValidationError(
            _(
                "The file “%(name)s” cannot be attached. Allowed types: "
                "PDF, JPG, PNG, DOC, DOCX, XLSX and ODT."
            ),
            code="extension_not_allowed",
            params={"name": name},
        )
    size = uploaded_file.size or 0
    if size == 0:
        raise ValidationError(
            _("The file “%(name)s” is empty."), code="empty", params={"name": name}
        )
    limit = attachment_max_bytes()
    if size > limit:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s MB; a file may be at most %(limit)s MB."),
            code="too_large",
            params={"name": name, "size": _megabytes(size), "limit": _megabytes(limit)},
        )
    uploaded_file.seek(0)
    try:
        head = uploaded_file.read(MAGIC_BYTES_READ)
    finally:
        uploaded_file.seek(0)
    allowed = ALLOWED_ATTACHMENT_TYPES[extension]
    if not allowed.matches(head):
        raise ValidationError(
            _("The file “%(name)s” is not really %(kind)s; its contents do not match its name."),
            code="content_mismatch",
            params={"name": name, "kind": allowed.description},
        )
    return extension


def safe_attachment_name(extension: str) -> str:
    """A random stored name, so a name chosen by the uploader never reaches the filesystem."""
    extension = _canonical_extension(extension)
    if extension not in ALLOWED_ATTACHMENT_TYPES:
        raise ValueError(f"{extension!r} is not an allowed attachment extension")
    return f"{uuid.uuid4().hex}.{extension}"


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
