"""The scrubber finds an identity the way people write it (issue 10's findings)."""

import pytest

from cases.identity import WITHHELD, Person, Scrubber

DENOUNCER = Person(
    full_name="Phan Thị Kim Thoa",
    id_number="001195099887",
    phone="0977123456",
    address="Số 99 phố Hàng Đào, phường Hoàn Kiếm, Hà Nội",
    email="kimthoa.phan@gmail.com",
)
RENAMED_FROM = Person(full_name="Phan Thị Kim Thao")


@pytest.fixture
def scrub():
    return Scrubber([DENOUNCER, RENAMED_FROM])


@pytest.mark.parametrize(
    "written",
    [
        "Phan Thị Kim Thoa",
        "PHAN THỊ KIM THOA",
        "Phan Thi Kim Thoa",
        "phan thi kim thoa",
        "bà Phan Thị Kim Thoa",
        "Ba Kim Thoa",
        "chị Thoa",
        "Kim Thoa",
        "Phan Thị Kim Thao",  # the name before a correction
        "001195099887",
        "001 195 099 887",
        "001.195.099.887",
        "0977123456",
        "0977.123.456",
        "0977 123 456",
        "0977-123-456",
        "(+84) 977 123 456",
        "+84977123456",
        "Số 99 phố Hàng Đào",
        "so 99 pho Hang Dao",
        "99 Hàng Đào",
        "kimthoa.phan@gmail.com",
        "KIMTHOA.PHAN@GMAIL.COM",
        "kimthoa.phan",
    ],
)
def test_a_known_identity_is_scrubbed_however_it_is_written(scrub, written):
    text = f"Đơn của {written} gửi ngày 02/12."
    result = scrub(text)
    assert str(WITHHELD) in result
    assert written not in result
    assert result.endswith("gửi ngày 02/12.") or result == str(WITHHELD)


@pytest.mark.parametrize(
    ("written", "hidden"),
    [
        ("Tôi là Trần Văn Bảo, xin trình bày", "Trần Văn Bảo"),
        ("Họ và tên: Lê Thị Hoa.", "Lê Thị Hoa"),
        ("liên hệ hoa.le@yahoo.com.vn", "hoa.le@yahoo.com.vn"),
        ("gọi 0912 345 678", "0912 345 678"),
        ("CCCD số 012345678901", "012345678901"),
        ("trú tại thôn Đông, xã Yên Sở; nay trình bày", "thôn Đông, xã Yên Sở"),
        ("nhà số 12/3 ngõ Huế Lớn bị", "12/3 ngõ Huế Lớn"),
    ],
)
def test_identity_forms_of_people_the_case_does_not_know_are_scrubbed(scrub, written, hidden):
    assert hidden not in scrub(written)


def test_the_accused_official_and_amounts_stay_readable(scrub):
    text = (
        "Tố cáo ông Chủ tịch UBND phường nhận 1.500.000.000 đồng ngày 12/10/2026, "
        "quyết định số 123/QĐ-UBND."
    )
    assert scrub(text) == text


def test_a_text_that_still_shows_part_of_a_known_name_is_withheld_whole(scrub):
    # "Phan Thị" alone is no match, but with the rest nearby it still points at her.
    assert scrub("Bà Phan Thị, người ở ngõ đó, tên đệm Kim") == str(WITHHELD)


def test_a_number_spread_over_the_text_is_withheld_whole(scrub):
    assert scrub("số đầu 0977, tiếp 123, cuối 456") == str(WITHHELD)


def test_leaks_name_the_kinds_of_identity_found(scrub):
    found = scrub.leaks("Bà Kim Thoa, 0977 123 456, kimthoa.phan@gmail.com, số 99 Hàng Đào")
    assert set(found) == {"name", "number", "e-mail", "address"}
    assert scrub.leaks("Việc lấn chiếm đất công đã được xử lý.") == []


@pytest.mark.parametrize(
    "file_name",
    ["Don_to_cao_Phan_Thi_Kim_Thoa.pdf", "don-kim-thoa.pdf", "So_99_pho_Hang_Dao.jpg"],
)
def test_an_identity_in_a_file_name_is_scrubbed(scrub, file_name):
    assert str(WITHHELD) in scrub(file_name)
