"""Photos and documents from the case page: a phone photo through the round's open step keeps
its time and place and is resized; a PDF passes the petitions' checks; a renamed text file is
refused with a message and nothing is stored; the files are served only to those who may open
the case."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cases.errors import DomainError
from supervision import services
from supervision.models import Evidence
from workflows import acting

from .test_photos import encoded, phone_exif, picture


@pytest.fixture
def on_site(boards, investment_board, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = services.round_open(
        actor=boards.investment_member,
        board=investment_board,
        subject="Nền đường",
        starts_on=timezone.localdate(),
    )
    sent = timezone.localdate() - dt.timedelta(days=50)
    acting.act(
        case=case, action="notify_investor", actor=boards.investment_member, notice_sent_on=sent
    )
    acting.act(case=case, action="start_site_check", actor=boards.investment_member)
    case.refresh_from_db()
    return case


def _photo():
    data = encoded(picture(size=(3000, 2000)), exif=phone_exif())
    return SimpleUploadedFile("IMG_0001.jpg", data, content_type="image/jpeg")


def test_a_phone_photo_is_kept_with_its_time_and_place(boards, on_site):
    acting.act(
        case=on_site,
        action="add_evidence",
        actor=boards.investment_member,
        file=_photo(),
        caption="Vết nứt tường nhà số 24",
        item="harm",
    )
    [evidence] = Evidence.objects.all()
    assert evidence.kind == "photo" and evidence.entry.item == "harm"
    assert evidence.taken_at is not None and evidence.latitude is not None
    from PIL import Image

    with evidence.file.open("rb") as handle:
        assert max(Image.open(handle).size) <= 1600
    on_site.refresh_from_db()
    assert on_site.state == "site_check"  # adding a photo leaves the step open


def test_a_text_file_named_like_a_pdf_is_refused_and_nothing_is_stored(boards, on_site, tmp_path):
    fake = SimpleUploadedFile("bien-ban.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(DomainError, match="not really"):
        acting.act(case=on_site, action="add_evidence", actor=boards.investment_member, file=fake)
    assert not Evidence.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_the_photo_is_uploaded_from_the_page_and_served_to_the_board_only(boards, on_site):
    client = Client()
    client.force_login(boards.investment_member)
    url = f"/inbox/investment_round/{on_site.pk}/actions/add_evidence/"
    response = client.post(url, {"add_evidence-file": _photo(), "add_evidence-caption": "Hố ga"})
    assert response.status_code == 302, response.content[:500]
    evidence = Evidence.objects.get()
    assert client.get(f"/boards/evidence/{evidence.pk}/").status_code == 200
    stranger = Client()
    stranger.force_login(boards.stranger)
    assert stranger.get(f"/boards/evidence/{evidence.pk}/").status_code == 404
    page = client.get(on_site.get_absolute_url()).content.decode()
    assert f"/boards/evidence/{evidence.pk}/" in page
