"""The files a case may carry, for every kind: the allowed types, checked by their first bytes
(never by the name or the browser's content type), the size limit, and random stored names.
Petitions' attachments and the boards' documents pass the same checks."""

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
