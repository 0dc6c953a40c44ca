"""A denouncer's identity never reaches an auditor who is not allowed on the case."""

import csv

import pytest
from django.urls import reverse

from audit.models import Export
from audit.selectors import EventFilters
from audit.tasks import export_events
from cases.timeline import case_timeline, version_diff, versions
from cases.timeline.events import EventKind as K
from casework.models import IdentityView

from .conftest import DENOUNCER

pytestmark = pytest.mark.django_db

SECRETS = (DENOUNCER.full_name, DENOUNCER.id_number, DENOUNCER.phone)
NAMING_REASON = f"Người tố cáo {DENOUNCER.full_name}, SĐT {DENOUNCER.phone}, đủ điều kiện"


@pytest.fixture
def denunciation(receive, drive):
    return drive(receive("denunciation"), reason=NAMING_REASON)


def _leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def _everything(events) -> str:
    parts = []
    for e in events:
        parts += [e.actor, e.summary, e.reason]
        parts += [f"{c.label} {c.old} {c.new}" for c in e.changes]
    return "\n".join(parts)


def test_the_auditor_timeline_of_a_denunciation_names_nobody(denunciation, auditor):
    events = case_timeline(user=auditor, case=denunciation)
    assert _leaks(_everything(events)) == []
    signer_rows = [e for e in events if e.summary.startswith(("Signer", "Người ký"))]
    assert signer_rows and all(not e.changes for e in signer_rows)
    classified = next(e for e in events if e.kind == K.TRANSITION)
    assert "Người tố cáo" in classified.reason


def test_a_user_allowed_on_the_case_sees_the_values(denunciation, auditor, allow_identity):
    allow_identity(denunciation, auditor)
    events = case_timeline(user=auditor, case=denunciation)
    assert DENOUNCER.full_name in _everything(events)


def test_the_auditor_diff_of_a_denunciation_names_nobody(denunciation, auditor):
    saved = versions(user=auditor, case=denunciation)
    diff = version_diff(
        user=auditor,
        case=denunciation,
        a_id=saved[0].history_id,
        b_id=saved[-1].history_id,
    )
    text = "\n".join(f"{r.a} {r.b}" for r in diff.rows) + diff.b.reason
    assert _leaks(text) == [] and _leaks(" ".join(v.reason for v in saved)) == []


def test_the_audit_pages_of_a_denunciation_name_nobody(denunciation, auditor, client):
    client.force_login(auditor)
    versions = list(
        denunciation.history.order_by("history_id").values_list("history_id", flat=True)
    )
    pages = [
        reverse("audit:case-timeline", args=[denunciation.pk]),
        reverse("audit:case-diff", args=[denunciation.pk]) + f"?a={versions[0]}&b={versions[1]}",
        reverse("audit:case-as-of", args=[denunciation.pk]) + "?at=2099-01-01T00:00",
        reverse("audit:event-search") + "?case_kind=denunciation",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert _leaks(response.content.decode()) == [], page
    assert not IdentityView.objects.filter(user=auditor).exists()


def test_an_allowed_auditor_viewing_the_timeline_is_recorded(
    denunciation, auditor, allow_identity, client
):
    allow_identity(denunciation, auditor)
    client.force_login(auditor)
    client.get(reverse("audit:case-timeline", args=[denunciation.pk]))
    assert IdentityView.objects.filter(petition=denunciation, user=auditor).count() == 1


def test_the_export_of_a_denunciation_names_nobody(
    denunciation, auditor, case_officer, allow_identity
):
    # Someone else's grant shows nothing to the auditor (an allowed requester's export shows
    # the identity and records it: test_identity_forms).
    allow_identity(denunciation, case_officer)
    export = Export.objects.create(
        requested_by=auditor,
        format="csv",
        filters=EventFilters(case_kind="petition:denunciation").to_json(),
    )
    export_events(export.pk)
    export.refresh_from_db()
    assert export.status == "done"
    with export.file.open("rb") as handle:
        text = handle.read().decode("utf-8-sig")
    assert "Người tố cáo" in text
    assert _leaks(text) == []
    assert len(list(csv.reader(text.splitlines()))) == export.rows_total + 1
