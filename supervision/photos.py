"""A photo taken on site with a phone, made ready to keep as a case's evidence.

The upload's type is read from its first bytes, never from its name or the browser's word:
JPEG, PNG, WebP, and HEIC when Pillow has a HEIF reader (`pillow-heif`). The time it was taken
and where (EXIF DateTimeOriginal and GPS) are read first, because they go into the record;
then the picture is turned upright (EXIF orientation), made no larger than the longer side the
settings allow, and written again as a JPEG with no metadata at all. A phone's EXIF also holds
the phone's make, model and serial number, the owner's name, and a thumbnail that keeps the
original crop: none of it is the case's business, and the photos may be shown to residents.

The caller stores `Photo.content` (and calls `cases.files.file_written` for it) inside the
transaction that records the evidence.
"""

import datetime as dt
import io
import math
import uuid
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps

from units.errors import DomainError

MAX_BYTES = 15 * 1024 * 1024
MAX_SIDE = 1600
# Pixels decoded into memory (3–4 bytes each). A JPEG is decoded at a reduced scale when it is
# far larger than MAX_SIDE, so a 108-megapixel photo stays well under this; a PNG or WebP is
# decoded whole, and a small file can declare a huge, uniform picture (a "decompression bomb").
MAX_PIXELS = 50_000_000
QUALITY = 85
HEAD_BYTES = 16
# Phones in Vietnam keep local time in DateTimeOriginal and often write no offset.
LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
MICRODEGREE = Decimal("0.000001")

# The ISO base media file brands of HEIF still images (an iPhone writes "heic").
HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})


@dataclass(frozen=True)
class Photo:
    content: ContentFile  # a JPEG under a random name
    taken_at: dt.datetime | None
    latitude: Decimal | None
    longitude: Decimal | None


def max_bytes() -> int:
    return getattr(settings, "SUPERVISION_PHOTO_MAX_BYTES", MAX_BYTES)


def max_side() -> int:
    return getattr(settings, "SUPERVISION_PHOTO_MAX_SIDE", MAX_SIDE)


def max_pixels() -> int:
    return getattr(settings, "SUPERVISION_PHOTO_MAX_PIXELS", MAX_PIXELS)


def _megabytes(size: int) -> str:
    megabytes = size / (1024 * 1024)
    if megabytes.is_integer():
        return number_format(int(megabytes))
    return number_format(megabytes, decimal_pos=1)


def photo_format(head: bytes) -> str | None:
    """The Pillow format a file's first 16 bytes announce, among those a phone's photo comes
    in ("JPEG", "PNG", "WEBP", "HEIF"); None for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "HEIF"
    return None


def _complete(kind: str, data: bytes) -> bool:
    """Whether the file holds its end: a photo cut short on a weak connection is refused, not
    kept with its lower part grey. Pillow cannot be asked to refuse it: WeasyPrint (the PDFs)
    sets the process-wide `ImageFile.LOAD_TRUNCATED_IMAGES` when it is imported."""
    if kind == "JPEG":
        return _jpeg_complete(data)
    if kind == "PNG":
        return data.rfind(b"IEND\xaeB`\x82") != -1
    if kind == "WEBP":
        return int.from_bytes(data[4:8], "little") + 8 <= len(data)
    return True  # HEIF: the plug-in refuses a box cut short


def _jpeg_complete(data: bytes) -> bool:
    """An end-of-image marker after the picture's first scan. The segments before it are
    walked, not searched: the EXIF thumbnail in one of them is a whole JPEG of its own, and
    inside a scan every 0xFF byte is followed by 0x00, so the marker cannot occur by chance."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return False
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
        elif marker == 0xDA:  # start of scan
            return data.find(b"\xff\xd9", at) != -1
        else:
            at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    return False


def _heif_readable() -> bool:
    """Whether Pillow can open HEIC here: `pillow-heif` is an optional plug-in."""
    if "HEIF" in Image.OPEN:
        return True
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return False
    register_heif_opener()
    return "HEIF" in Image.OPEN


def _read(upload: UploadedFile) -> bytes:
    limit = max_bytes()
    too_large = _("The photo is %(size)s MB; a photo may be at most %(limit)s MB.")
    size = upload.size or 0
    if size > limit:
        raise DomainError(too_large % {"size": _megabytes(size), "limit": _megabytes(limit)})
    upload.seek(0)
    # Read one byte past the limit: the declared size is not trusted either.
    data = upload.read(limit + 1)
    upload.seek(0)
    if not data:
        raise DomainError(_("The photo is empty."))
    if len(data) > limit:
        raise DomainError(too_large % {"size": _megabytes(len(data)), "limit": _megabytes(limit)})
    return data


# EXIF ------------------------------------------------------------------------------------------


def _taken_at(exif: Image.Exif) -> dt.datetime | None:
    """DateTimeOriginal ("2024:05:17 09:30:15"), in its own offset if the phone wrote one
    (OffsetTimeOriginal, "+07:00"), else as Vietnamese local time; None if absent or blank
    ("0000:00:00 00:00:00")."""
    details = exif.get_ifd(ExifTags.IFD.Exif)
    text = details.get(ExifTags.Base.DateTimeOriginal)
    if not isinstance(text, str):
        return None
    try:
        taken = dt.datetime.strptime(text.strip().rstrip("\x00")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = details.get(ExifTags.Base.OffsetTimeOriginal)
    if isinstance(offset, str):
        try:
            zone = dt.datetime.strptime(offset.strip().rstrip("\x00"), "%z").tzinfo
        except ValueError:
            zone = None
        if zone is not None:
            return taken.replace(tzinfo=zone).astimezone(LOCAL_TIME)
    return taken.replace(tzinfo=LOCAL_TIME)


def _degrees(value, ref, negative: str, limit: int) -> Decimal | None:
    """A GPS coordinate (degrees, minutes, seconds as rationals) in signed decimal degrees."""
    if not isinstance(value, tuple) or not 1 <= len(value) <= 3:
        return None
    try:
        parts = [float(part) for part in value]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not all(math.isfinite(part) for part in parts):
        return None
    degrees = sum(part / 60**i for i, part in enumerate(parts))
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    if isinstance(ref, str) and ref.strip().rstrip("\x00").upper() == negative:
        degrees = -degrees
    if abs(degrees) > limit:
        return None
    return Decimal(repr(degrees)).quantize(MICRODEGREE)


def _position(exif: Image.Exif) -> tuple[Decimal | None, Decimal | None]:
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    latitude = _degrees(
        gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef), "S", 90
    )
    longitude = _degrees(
        gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef), "W", 180
    )
    # Both or neither; 0,0 (in the Gulf of Guinea) is what some phones write without a fix.
    if latitude is None or longitude is None or (not latitude and not longitude):
        return None, None
    return latitude, longitude


# The picture -----------------------------------------------------------------------------------


def _upright_rgb(image: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        # JPEG has no transparency: what was see-through becomes white, not black.
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def photo_prepare(*, upload: UploadedFile) -> Photo:
    """The upload as a JPEG fit to keep, with when and where it was taken; a DomainError if
    it is not a photo this app reads, is too large, or is damaged."""
    data = _read(upload)
    kind = photo_format(data[:HEAD_BYTES])
    if kind is None:
        raise DomainError(
            _("“%(name)s” is not a photo: choose a JPEG, PNG, HEIC or WebP image.")
            % {"name": upload.name or ""}
        )
    if kind == "HEIF" and not _heif_readable():
        raise DomainError(
            _(
                "HEIC photos cannot be read here yet: set the phone's camera to take JPEG "
                "(“Most compatible”), or send the photo as a JPEG."
            )
        )
    if not _complete(kind, data):
        raise DomainError(_("The photo is damaged or incomplete; send it again."))
    try:
        # formats=: only the reader of the type the bytes announce, never a guess among all.
        image = Image.open(io.BytesIO(data), formats=[kind])
        side = max_side()
        image.draft("RGB", (side, side))  # JPEG only: decode at 1/2, 1/4 or 1/8 scale
        # Before anything decodes the picture (a PNG's EXIF may follow its pixels, and reading
        # it decodes them).
        if image.width * image.height > max_pixels():
            raise DomainError(_("The photo has too many pixels; send a smaller one."))
        exif = image.getexif()
        taken_at = _taken_at(exif)
        latitude, longitude = _position(exif)
        # A colour profile is no one's secret and keeps an iPhone's Display P3 colours right;
        # it only fits the picture if that was RGB already.
        icc_profile = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA") else None
        image.load()
        picture = _upright_rgb(image)
        picture.thumbnail((side, side), Image.Resampling.LANCZOS)
        # The JPEG writer copies a comment from `info`; nothing of the original goes along.
        picture.info = {}
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=QUALITY, optimize=True, icc_profile=icc_profile)
    except DomainError:
        raise
    except Image.DecompressionBombError as error:
        raise DomainError(_("The photo has too many pixels; send a smaller one.")) from error
    except Exception as error:  # a damaged file raises anything from struct.error to OSError
        raise DomainError(_("The photo is damaged or incomplete; send it again.")) from error
    return Photo(
        content=ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg"),
        taken_at=taken_at,
        latitude=latitude,
        longitude=longitude,
    )
