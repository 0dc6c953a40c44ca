import io
import re
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.functional import Promise
from django.utils.translation import override

from cases.attachments import (
    ALLOWED_ATTACHMENT_TYPES,
    MAX_ATTACHMENT_BYTES,
    attachment_max_bytes,
    safe_attachment_name,
    validate_attachment,
)
from casework.validators import normalise_person_name, validate_id_number, validate_phone

# Written out again from Circular 59/2021/TT-BCA rather than imported, so a code dropped from
# or added to the module fails here.
# fmt: off
PROVINCE_CODES = [
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019",
    "020", "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036",
    "037", "038", "040", "042", "044", "045", "046", "048", "049", "051", "052", "054",
    "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075",
    "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093",
    "094", "095", "096",
]
# fmt: on
NOT_PROVINCE_CODES = [
    *sorted({f"{n:03}" for n in range(100)} - set(PROVINCE_CODES)),
    "100",
    "999",
]

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
ZIP = b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"


def rejection(validator, value) -> ValidationError:
    """The error raised, after checking its message is lazy so the catalogue can translate it."""
    with pytest.raises(ValidationError) as caught:
        validator(value)
    assert isinstance(caught.value.message, Promise)
    return caught.value


def english_message(error: ValidationError) -> str:
    with override("en"):
        return error.messages[0]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# --- ID numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", PROVINCE_CODES)
def test_a_12_digit_id_number_is_accepted_for_every_province_code(code):
    assert validate_id_number(f"{code}099012345") == f"{code}099012345"


@pytest.mark.parametrize("gender_digit", "0123456789")
def test_any_century_and_gender_digit_is_accepted(gender_digit):
    assert validate_id_number(f"079{gender_digit}99001234") == f"079{gender_digit}99001234"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("079 203 001 234", "079203001234"),
        ("  001099012345  ", "001099012345"),
        ("0790\t9900 1234", "079099001234"),
        ("123456789", "123456789"),
        ("012 345 678", "012345678"),
        ("000000000", "000000000"),
        ("001.099.012.345", "001099012345"),
        ("001. 099 .012.345", "001099012345"),
    ],
)
def test_an_id_number_is_stored_without_spaces(typed, stored):
    assert validate_id_number(typed) == stored


@pytest.mark.parametrize("value", ["", "   "])
def test_a_blank_id_number_is_rejected(value):
    assert rejection(validate_id_number, value).code == "empty"


@pytest.mark.parametrize(
    "value",
    [
        "00109901234A",
        "CMND123456",
        "B1234567",
        "001-099-012-345",
        ".001099012345",
        "001099012345.",
        "+01099012345",
        "０01099012345",  # a full-width zero from a Japanese/Chinese IME
        "٠٠١099012345",  # Arabic-Indic digits
    ],
)
def test_an_id_number_with_anything_but_digits_is_rejected(value):
    assert rejection(validate_id_number, value).code == "not_digits"


@pytest.mark.parametrize(
    "value", ["12345678", "1234567890", "00109901234", "0010990123456", "1" * 20]
)
def test_an_id_number_of_neither_9_nor_12_digits_is_rejected(value):
    error = rejection(validate_id_number, value)
    assert error.code == "wrong_length"
    assert english_message(error) == (
        "An ID number has 12 digits (citizen identity card) or 9 digits (old identity card); "
        f"this one has {len(value)}."
    )


@pytest.mark.parametrize("code", NOT_PROVINCE_CODES)
def test_a_12_digit_id_number_with_an_unknown_province_code_is_rejected(code):
    error = rejection(validate_id_number, f"{code}099012345")
    assert error.code == "unknown_province"
    assert code in english_message(error)


# --- Phone numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912 345 678", "0912345678"),
        ("0912345678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("0312 345 678", "0312345678"),
        ("0512 345 678", "0512345678"),
        ("0712 345 678", "0712345678"),
        ("0812 345 678", "0812345678"),
        ("0987 654 321", "0987654321"),
        ("024 3825 1234", "02438251234"),
        ("(024) 3825 1234", "02438251234"),
        ("+84 24 3825 1234", "02438251234"),
        ("842438251234", "02438251234"),
        ("028 3829 5555", "02838295555"),
        ("0203 123 456", "0203123456"),
    ],
)
def test_a_vietnamese_phone_number_is_stored_as_its_national_digits(typed, stored):
    assert validate_phone(typed) == stored


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "empty"),
        ("  - ", "empty"),
        ("0912abc678", "not_digits"),
        ("0912/345/678", "not_digits"),
        ("0912+345678", "not_digits"),
        ("０912345678", "not_digits"),
        ("+1 202 555 0100", "not_vietnamese"),
        ("+33 1 23 45 67 89", "not_vietnamese"),
        ("912 345 678", "missing_prefix"),
        ("24 3825 1234", "missing_prefix"),
        ("091 234 567", "wrong_length"),
        ("0912 345 6789", "wrong_length"),
        ("+84 91 234 567", "wrong_length"),
        ("024 3825 12", "wrong_length"),
        ("024 3825 12345", "wrong_length"),
        ("0168 123 4567", "obsolete_mobile"),
        ("+84 168 123 4567", "obsolete_mobile"),
        ("0412 345 678", "unknown_prefix"),
        ("0612 345 678", "unknown_prefix"),
        ("0012 345 678", "unknown_prefix"),
        ("0123 456 789", "unknown_prefix"),
        ("+84", "unknown_prefix"),
    ],
)
def test_a_phone_number_that_is_not_a_vietnamese_mobile_or_landline_is_rejected(value, code):
    assert rejection(validate_phone, value).code == code


# --- Attachments ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("don-khieu-nai.pdf", PDF, "pdf"),
        ("SCAN.PDF", PDF, "pdf"),
        ("anh-hien-truong.jpg", JPEG, "jpg"),
        ("anh-hien-truong.jpeg", JPEG, "jpg"),
        ("IMG_0001.JPG", JPEG, "jpg"),
        ("so-do.png", PNG, "png"),
        ("don.docx", ZIP, "docx"),
        ("don-cu.doc", OLE2, "doc"),
        ("bang-ke.xlsx", ZIP, "xlsx"),
        ("don.odt", ZIP, "odt"),
        ("đơn khiếu nại.pdf", PDF, "pdf"),
    ],
)
def test_an_allowed_file_returns_its_canonical_extension(name, content, extension):
    assert validate_attachment(upload(name, content)) == extension


def test_every_allowed_extension_is_tested():
    allowed = {"pdf", "jpg", "jpeg", "png", "docx", "doc", "xlsx", "odt"}
    assert set(ALLOWED_ATTACHMENT_TYPES) == allowed


@pytest.mark.parametrize(
    "name", ["setup.exe", "don.pdf.exe", "trang.html", "anh.gif", "nen.zip", "scan", ".pdf"]
)
def test_a_file_of_a_type_that_is_not_allowed_is_rejected(name):
    error = rejection(validate_attachment, upload(name, PDF))
    assert error.code == "extension_not_allowed"
    assert f"“{name}”" in english_message(error)


def test_an_empty_file_is_rejected():
    error = rejection(validate_attachment, upload("don.pdf", b""))
    assert error.code == "empty"
    assert english_message(error) == "The file “don.pdf” is empty."


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("x.pdf", EXE, "a PDF"),
        ("anh.jpg", PNG, "a JPEG image"),
        ("anh.png", JPEG, "a PNG image"),
        ("don.docx", PDF, "a Word document"),
        ("don.docx", b"PK", "a Word document"),
        ("don.doc", ZIP, "a Word 97–2003 document"),
        ("bang-ke.xlsx", OLE2, "an Excel workbook"),
        ("don.odt", b"plain text, renamed", "an OpenDocument text"),
    ],
)
def test_a_file_whose_contents_do_not_match_its_extension_is_rejected(name, content, kind):
    error = rejection(validate_attachment, upload(name, content))
    assert error.code == "content_mismatch"
    assert english_message(error).startswith(f"The file “{name}” is not really {kind};")


def test_a_file_over_the_configured_limit_is_rejected_naming_the_limit_and_the_file(settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    error = rejection(validate_attachment, upload("ho-so.pdf", PDF.ljust(101, b" ")))
    assert error.code == "too_large"
    message = english_message(error)
    assert "“ho-so.pdf”" in message
    assert re.search(r"at most 0[.,]000095 MB\.$", message)


def test_a_file_exactly_at_the_limit_is_accepted(settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    assert validate_attachment(upload("ho-so.pdf", PDF.ljust(100, b" "))) == "pdf"


def test_the_limit_is_10_mb_when_not_configured(settings):
    del settings.ATTACHMENT_MAX_BYTES
    assert attachment_max_bytes() == MAX_ATTACHMENT_BYTES == 10 * 1024 * 1024


def test_the_default_limit_is_named_in_whole_megabytes(settings):
    del settings.ATTACHMENT_MAX_BYTES
    uploaded = upload("ho-so.pdf", b"")
    uploaded.size = 15 * 1024 * 1024 + 512 * 1024  # size is all the check looks at
    with override("en"):
        error = rejection(validate_attachment, uploaded)
        assert error.messages[0] == "The file “ho-so.pdf” is 15.5 MB; a file may be at most 10 MB."


def test_sizes_are_written_with_the_officers_decimal_separator(settings):
    del settings.ATTACHMENT_MAX_BYTES
    uploaded = upload("ho-so.pdf", b"")
    uploaded.size = 15 * 1024 * 1024 + 512 * 1024
    with override("vi"):
        error = rejection(validate_attachment, uploaded)
    assert error.params["size"] == "15,5"


class RecordingBytes(io.BytesIO):
    def __init__(self, content: bytes):
        super().__init__(content)
        self.read_sizes: list[int] = []

    def read(self, size=-1):
        self.read_sizes.append(size)
        return super().read(size)


def test_checking_a_file_reads_only_its_first_8_bytes_and_rewinds_it():
    uploaded = upload("don.pdf", PDF)
    uploaded.file = RecordingBytes(PDF)
    uploaded.file.seek(0, io.SEEK_END)  # as if something had read it already

    validate_attachment(uploaded)

    assert uploaded.file.read_sizes == [8]
    assert uploaded.file.tell() == 0


def test_a_rejected_file_is_rewound_too():
    uploaded = upload("x.pdf", EXE)
    rejection(validate_attachment, uploaded)
    assert uploaded.tell() == 0


@pytest.mark.parametrize(
    ("extension", "stored"),
    [("pdf", "pdf"), (".PDF", "pdf"), ("jpeg", "jpg"), ("docx", "docx"), ("doc", "doc")],
)
def test_a_stored_attachment_gets_a_random_name_with_its_canonical_extension(extension, stored):
    name = safe_attachment_name(extension)
    assert re.fullmatch(rf"[0-9a-f]{{32}}\.{stored}", name)


def test_two_stored_attachments_never_share_a_name():
    assert safe_attachment_name("pdf") != safe_attachment_name("pdf")


@pytest.mark.parametrize("extension", ["exe", "html", "", "pdf/../../etc"])
def test_a_stored_name_is_refused_for_an_extension_that_is_not_allowed(extension):
    with pytest.raises(ValueError):
        safe_attachment_name(extension)


# --- Names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("nguyễn văn an", "Nguyễn Văn An"),
        ("NGUYỄN VĂN AN", "Nguyễn Văn An"),
        ("  nguyễn   văn\tan\n", "Nguyễn Văn An"),
        ("nguyễn\u00a0văn an", "Nguyễn Văn An"),
        ("đặng thị ánh", "Đặng Thị Ánh"),
        ("ưng hoàng phúc", "Ưng Hoàng Phúc"),
        ("ôn ỷ lan", "Ôn Ỷ Lan"),
        ("h'hen niê", "H'Hen Niê"),
        ("y-moan ênuôl", "Y-Moan Ênuôl"),
        ("Lê Thị Hồng", "Lê Thị Hồng"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_a_person_name_is_title_cased_with_single_spaces(typed, stored):
    assert normalise_person_name(typed) == stored


def test_a_decomposed_name_is_stored_composed():
    decomposed = unicodedata.normalize("NFD", "nguyễn thị ánh")
    assert decomposed != "nguyễn thị ánh"

    stored = normalise_person_name(decomposed)

    assert stored == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", stored)
