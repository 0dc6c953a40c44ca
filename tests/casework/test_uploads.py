"""Uploaded files follow their transaction: staged while it runs, in the case's folder only
once it commits, and whatever a crash left half-way is swept."""

import datetime as dt
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from casework import reception, uploads
from casework.services.intake import AttachmentData, SignerData

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def files(root, under: str) -> list[str]:
    base = root / under
    return sorted(str(p.relative_to(root)) for p in base.rglob("*") if p.is_file())


def register(tree, officer):
    scan = SimpleUploadedFile("don.pdf", PDF, content_type="application/pdf")
    return reception.petition_start(
        actor=officer,
        unit=tree.commune,
        channel="post",
        kind="complaint",
        title="Tranh chấp ranh giới đất",
        content="Hộ liền kề lấn chiếm 20 m² đất ở.",
        received_on=dt.date(2026, 11, 23),
        signers=[SignerData(full_name="Nguyễn Văn Bình")],
        attachments=[AttachmentData(file=scan, kind="petition_scan")],
    ).petition


def test_a_file_reaches_the_case_folder_only_when_the_registration_commits(
    media, tree, reception_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as pending:
        petition = register(tree, reception_officer)
    name = petition.attachments.get().file.name
    assert name.startswith(f"petitions/{petition.pk}/")
    assert files(media, "petitions") == []
    assert files(media, "incoming") == [f"incoming/{name}"]
    for callback in pending:  # the commit
        callback()
    assert files(media, "petitions") == [name] and files(media, "incoming") == []


def _age(path, hours: float) -> None:
    old = time.time() - hours * 3600
    os.utime(path, (old, old))


def _write(media, name: str, *, hours_old: float) -> str:
    path = media / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PDF)
    _age(path, hours_old)
    return name


def test_the_sweep_removes_what_a_crash_left_and_keeps_what_may_still_commit(media):
    _write(media, "incoming/petitions/7/crashed.pdf", hours_old=5)
    _write(media, "incoming/petitions/8/in-flight.pdf", hours_old=0)
    _write(media, "petitions/7/orphan.pdf", hours_old=5)
    call_command("sweep_uploads")
    assert files(media, "incoming") == ["incoming/petitions/8/in-flight.pdf"]
    # Petition 7's number may be given again (SQLite reuses ids): its folder starts empty.
    assert files(media, "petitions") == []


def test_the_sweep_finishes_the_move_of_a_committed_file(
    media, tree, reception_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        petition = register(tree, reception_officer)  # committed, but the move never ran
    name = petition.attachments.get().file.name
    _age(media / f"incoming/{name}", hours=5)
    call_command("sweep_uploads")
    assert files(media, "petitions") == [name] and files(media, "incoming") == []


def test_a_staged_file_is_moved_in_place_by_the_first_reader(media):
    uploads.stage("petitions/3/a.pdf", ContentFile(PDF, name="a.pdf"))
    assert uploads.place("petitions/3/a.pdf") and (media / "petitions/3/a.pdf").exists()
    assert not uploads.place("petitions/3/missing.pdf")
