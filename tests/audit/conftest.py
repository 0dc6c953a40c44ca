import datetime as dt

import pytest

from casework.models import IdentityGrant
from tests.workflows.conftest import CLASSIFICATION, DENOUNCER, receive  # noqa: F401
from workflows import acting

ANSWER = {
    "reason": "Trả lời bằng văn bản",
    "document_number": "15/UBND",
    "document_date": dt.date(2026, 11, 20),
    "summary": "UBND xã đã xác minh và giải quyết.",
    "outcome": "resolved",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Export files go to a temporary folder, not the project's media."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def drive(case_officer, leader, agency_official, tree):
    """Walks a petition through classify, refer, send_referral and (optionally) the answer."""

    def drive(petition, *, answer=True, reason="Đủ điều kiện xử lý"):
        kind = petition.kind
        acting.act(
            case=petition,
            action="classify",
            actor=case_officer,
            kind=kind,
            **{**CLASSIFICATION, "reason": reason},
        )
        acting.act(
            case=petition,
            action="refer",
            actor=case_officer,
            agency=tree.agency,
            reason="Thuộc thẩm quyền UBND xã",
        )
        acting.act(case=petition, action="send_referral", actor=leader, reason="Đã ký phiếu chuyển")
        if answer:
            acting.act(case=petition, action="record_answer", actor=agency_official, **ANSWER)
        petition.refresh_from_db()
        return petition

    return drive


@pytest.fixture
def allow_identity(leader):
    def allow(petition, user):
        grant, _ = IdentityGrant.objects.get_or_create(
            petition=petition, user=user, defaults={"granted_by": leader, "reason": "Cần xác minh"}
        )
        return grant

    return allow


@pytest.fixture(autouse=True)
def _english():
    """The selectors word their summaries in the active language; these tests read them in
    English, whatever the Vietnamese catalogue says."""
    from django.utils import translation

    with translation.override("en"):
        yield
