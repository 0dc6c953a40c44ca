import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.flows import PetitionFlow
from casework.models import Petition
from casework.services.intake import AttachmentData

pytestmark = pytest.mark.django_db


def test_a_failure_after_the_files_were_stored_leaves_no_row_and_no_file(
    receive, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    scan = SimpleUploadedFile("don.pdf", b"%PDF-1.4\n%scan\n", content_type="application/pdf")

    def broken_start(**kwargs):
        raise RuntimeError("the flow could not start")

    monkeypatch.setattr(PetitionFlow.start, "run", broken_start)
    with pytest.raises(RuntimeError):
        receive(attachments=[AttachmentData(file=scan, kind="petition_scan")])

    assert not Petition.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
