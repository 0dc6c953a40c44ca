"""A photo from a phone: its type read from its bytes, when and where it was taken read from
its EXIF, turned upright, made smaller, and kept as a JPEG that carries none of the phone's
metadata."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image, ImageFile, PngImagePlugin

from supervision import photos
from units.errors import DomainError

RED = (255, 0, 0)
BLUE = (0, 0, 255)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def phone_exif(*, orientation=6, taken="2024:05:17 09:30:15", offset=None, gps=True):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Phone maker"
    exif[ExifTags.Base.Model] = "Phone 15"
    exif[ExifTags.Base.Artist] = "Nguyễn Văn An"
    details = exif.get_ifd(ExifTags.IFD.Exif)
    if taken:
        details[ExifTags.Base.DateTimeOriginal] = taken
    if offset:
        details[ExifTags.Base.OffsetTimeOriginal] = offset
    if gps:
        position = exif.get_ifd(ExifTags.IFD.GPSInfo)
        # 21°01'41.4" N, 105°51'07.2" E: Hoàn Kiếm lake.
        position[ExifTags.GPS.GPSLatitudeRef] = "N"
        position[ExifTags.GPS.GPSLatitude] = (21.0, 1.0, 41.4)
        position[ExifTags.GPS.GPSLongitudeRef] = "E"
        position[ExifTags.GPS.GPSLongitude] = (105.0, 51.0, 7.2)
    return exif


def picture(size=(400, 300), mode="RGB", colour=BLUE, corner=RED) -> Image.Image:
    """A plain picture whose top-left corner is another colour, to see where it turns up."""
    image = Image.new(mode, size, colour)
    image.paste(corner, (0, 0, size[0] // 4, size[1] // 4))
    return image


def encoded(image: Image.Image, kind="JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def upload(data: bytes, name="IMG_0001.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def reopened(photo: photos.Photo) -> Image.Image:
    photo.content.seek(0)
    image = Image.open(io.BytesIO(photo.content.read()))
    image.load()
    return image


def near(pixel, colour) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=True))


# Reading a phone's photo -----------------------------------------------------------------------


def test_a_phone_photo_gives_its_time_and_place_and_is_turned_upright():
    data = encoded(picture(), exif=phone_exif(), comment=b"Nguyen Van An's phone")

    photo = photos.photo_prepare(upload=upload(data))

    assert photo.taken_at == dt.datetime(2024, 5, 17, 9, 30, 15, tzinfo=photos.LOCAL_TIME)
    assert photo.taken_at.utcoffset() == dt.timedelta(hours=7)
    assert photo.latitude == Decimal("21.028167")
    assert photo.longitude == Decimal("105.852000")
    image = reopened(photo)
    # Orientation 6: stored lying on its side, shown turned a quarter clockwise.
    assert image.format == "JPEG"
    assert image.size == (300, 400)
    assert near(image.getpixel((image.width - 10, 10)), RED)
    assert near(image.getpixel((10, 10)), BLUE)


def test_the_kept_photo_carries_no_exif_gps_or_comment():
    data = encoded(picture(), exif=phone_exif(), comment=b"Nguyen Van An's phone")

    photo = photos.photo_prepare(upload=upload(data))

    image = reopened(photo)
    assert not image.getexif()
    assert "exif" not in image.info
    assert "comment" not in image.info
    photo.content.seek(0)
    raw = photo.content.read()
    assert b"Exif" not in raw
    assert b"Phone maker" not in raw
    assert b"Nguyen Van An" not in raw


def test_the_kept_photo_has_a_random_jpeg_name_not_the_uploaded_one():
    photo = photos.photo_prepare(upload=upload(encoded(picture()), name="../../etc/Nhà tôi.png"))

    assert photo.content.name.endswith(".jpg")
    assert len(photo.content.name) == len("0123456789abcdef0123456789abcdef.jpg")
    assert "/" not in photo.content.name


def test_a_time_with_its_offset_is_given_in_vietnamese_time():
    exif = phone_exif(taken="2024:05:17 04:30:15", offset="+02:00", gps=False)

    photo = photos.photo_prepare(upload=upload(encoded(picture(), exif=exif)))

    assert photo.taken_at == dt.datetime(2024, 5, 17, 9, 30, 15, tzinfo=photos.LOCAL_TIME)
    assert photo.latitude is None and photo.longitude is None


def test_a_photo_south_and_west_has_negative_coordinates():
    exif = phone_exif()
    position = exif.get_ifd(ExifTags.IFD.GPSInfo)
    position[ExifTags.GPS.GPSLatitudeRef] = "S"
    position[ExifTags.GPS.GPSLongitudeRef] = "W"

    photo = photos.photo_prepare(upload=upload(encoded(picture(), exif=exif)))

    assert photo.latitude == Decimal("-21.028167")
    assert photo.longitude == Decimal("-105.852000")


@pytest.mark.parametrize("taken", ["0000:00:00 00:00:00", "    :  :     :  :  ", "yesterday"])
def test_a_blank_or_garbled_time_is_no_time(taken):
    photo = photos.photo_prepare(upload=upload(encoded(picture(), exif=phone_exif(taken=taken))))

    assert photo.taken_at is None


def test_a_position_of_zero_zero_is_no_position():
    exif = phone_exif()
    position = exif.get_ifd(ExifTags.IFD.GPSInfo)
    position[ExifTags.GPS.GPSLatitude] = (0.0, 0.0, 0.0)
    position[ExifTags.GPS.GPSLongitude] = (0.0, 0.0, 0.0)

    photo = photos.photo_prepare(upload=upload(encoded(picture(), exif=exif)))

    assert (photo.latitude, photo.longitude) == (None, None)


def test_a_photo_without_exif_has_no_time_or_place():
    photo = photos.photo_prepare(upload=upload(encoded(picture())))

    assert (photo.taken_at, photo.latitude, photo.longitude) == (None, None, None)
    assert reopened(photo).size == (400, 300)


# Size ------------------------------------------------------------------------------------------


def test_a_huge_photo_is_made_no_longer_than_1600_pixels():
    photo = photos.photo_prepare(upload=upload(encoded(picture((4000, 3000)), quality=50)))

    assert reopened(photo).size == (1600, 1200)


def test_the_longer_side_follows_the_setting(settings):
    settings.SUPERVISION_PHOTO_MAX_SIDE = 800
    data = encoded(picture((3000, 4000)), exif=phone_exif(orientation=1))

    assert reopened(photos.photo_prepare(upload=upload(data))).size == (600, 800)


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.SUPERVISION_PHOTO_MAX_BYTES = 1024 * 1024
    noise = Image.effect_noise((1500, 1500), 100).convert("RGB")
    data = encoded(noise, quality=100)
    assert len(data) > 1024 * 1024

    with pytest.raises(DomainError, match="a photo may be at most 1 MB"):
        photos.photo_prepare(upload=upload(data))


def test_the_size_limit_is_15_mb_by_default():
    assert photos.max_bytes() == 15 * 1024 * 1024


def test_a_file_that_says_it_is_small_but_is_not_is_refused(settings):
    settings.SUPERVISION_PHOTO_MAX_BYTES = 1000
    small = upload(encoded(picture()))
    small.size = 10

    with pytest.raises(DomainError, match="at most"):
        photos.photo_prepare(upload=small)


def test_a_picture_with_too_many_pixels_is_refused_before_it_is_decoded(settings, monkeypatch):
    settings.SUPERVISION_PHOTO_MAX_PIXELS = 100_000
    data = encoded(Image.new("1", (2000, 1000)), "PNG")

    def decode(self):
        raise AssertionError("the picture was decoded")

    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", decode)

    with pytest.raises(DomainError, match="too many pixels"):
        photos.photo_prepare(upload=upload(data, name="bomb.png"))


def test_a_large_jpeg_is_decoded_at_a_reduced_scale_within_the_pixel_limit(settings):
    settings.SUPERVISION_PHOTO_MAX_PIXELS = 100_000
    settings.SUPERVISION_PHOTO_MAX_SIDE = 200
    data = encoded(picture((1600, 1600)))

    assert reopened(photos.photo_prepare(upload=upload(data))).size == (200, 200)


# Types -----------------------------------------------------------------------------------------


def test_a_png_with_transparency_becomes_a_jpeg_on_white():
    image = picture((200, 100), mode="RGBA", colour=(0, 0, 0, 0), corner=(255, 0, 0, 255))

    photo = photos.photo_prepare(upload=upload(encoded(image, "PNG"), name="chup-man-hinh.png"))

    kept = reopened(photo)
    assert kept.format == "JPEG"
    assert kept.mode == "RGB"
    assert near(kept.getpixel((150, 80)), (255, 255, 255))
    assert near(kept.getpixel((10, 10)), RED)
    assert photo.taken_at is None


def test_a_webp_is_read():
    photo = photos.photo_prepare(upload=upload(encoded(picture(), "WEBP"), name="anh.webp"))

    assert reopened(photo).size == (400, 300)


def test_the_type_comes_from_the_content_not_the_name():
    png_named_jpeg = upload(encoded(picture(), "PNG"), name="anh.jpg")

    assert reopened(photos.photo_prepare(upload=png_named_jpeg)).format == "JPEG"


def test_a_text_file_renamed_jpg_is_refused():
    text = upload("Biên bản kiểm tra hiện trường".encode(), name="bien-ban.jpg")

    with pytest.raises(DomainError, match=re.escape("“bien-ban.jpg” is not a photo")):
        photos.photo_prepare(upload=text)


def test_a_photo_cut_short_after_its_exif_thumbnail_is_refused(monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    thumbnail = encoded(picture((40, 30)))
    main = encoded(Image.effect_noise((300, 200), 60).convert("RGB"))
    # A phone's EXIF segment carries a whole small JPEG: its own scan and end marker.
    segment = b"Exif\x00\x00" + thumbnail
    data = main[:2] + b"\xff\xe1" + (len(segment) + 2).to_bytes(2, "big") + segment + main[2:]
    assert photos.photo_prepare(upload=upload(data)).content.size > 0

    with pytest.raises(DomainError, match="damaged or incomplete"):
        photos.photo_prepare(upload=upload(data[: len(data) * 2 // 3]))


def test_an_empty_file_is_refused():
    with pytest.raises(DomainError, match="empty"):
        photos.photo_prepare(upload=upload(b""))


def test_a_gif_is_refused():
    with pytest.raises(DomainError, match="not a photo"):
        photos.photo_prepare(upload=upload(encoded(picture(), "GIF"), name="anh.gif"))


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_a_photo_cut_short_while_sending_is_refused(kind, monkeypatch):
    # WeasyPrint, once imported, tells Pillow to read cut-off files; they are refused still.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = encoded(Image.effect_noise((300, 200), 60).convert("RGB"), kind)

    with pytest.raises(DomainError, match="damaged or incomplete"):
        photos.photo_prepare(upload=upload(data[: len(data) * 2 // 3]))


def test_a_jpeg_header_in_front_of_rubbish_is_refused_as_damaged():
    with pytest.raises(DomainError, match="damaged"):
        photos.photo_prepare(upload=upload(b"\xff\xd8\xff\xe0" + b"rubbish" * 100))


def test_a_heic_photo_is_refused_with_advice_when_pillow_cannot_read_it(monkeypatch):
    monkeypatch.setattr(photos, "_heif_readable", lambda: False)
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100

    with pytest.raises(DomainError, match="HEIC photos cannot be read here"):
        photos.photo_prepare(upload=upload(heic, name="IMG_0001.HEIC"))


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00", "JPEG"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "WEBP"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "HEIF"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00\x00", None),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", None),
    ],
)
def test_the_format_is_told_from_the_first_bytes(head, kind):
    assert photos.photo_format(head) == kind
