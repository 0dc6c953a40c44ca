import pytest
from django.urls import reverse

from audit.models import Export
from tests.factories import UserFactory, grant
from units.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(receive, drive):
    return drive(receive())


def _case_pages(petition):
    first, second = petition.history.order_by("history_id").values_list("history_id", flat=True)[:2]
    return [
        reverse("audit:case-timeline", args=[petition.pk]),
        reverse("audit:case-diff", args=[petition.pk]) + f"?a={first}&b={second}",
        reverse("audit:case-as-of", args=[petition.pk]) + "?at=2099-01-01T00:00",
    ]


def test_the_province_auditor_sees_every_audit_page_of_a_commune_case(petition, auditor, client):
    client.force_login(auditor)
    for page in [*_case_pages(petition), reverse("audit:event-search")]:
        assert client.get(page).status_code == 200, page


def test_a_province_administrator_sees_the_audit_pages(petition, province_admin, client):
    client.force_login(province_admin)
    assert client.get(_case_pages(petition)[0]).status_code == 200


def test_an_outsider_does_not_find_the_case(petition, outsider, client):
    client.force_login(outsider)
    for page in _case_pages(petition):
        assert client.get(page).status_code == 404, page


def test_a_case_officer_who_is_not_an_auditor_is_refused(petition, case_officer, client):
    client.force_login(case_officer)
    for page in [
        *_case_pages(petition),
        reverse("audit:event-search"),
        reverse("audit:export-list"),
    ]:
        assert client.get(page).status_code == 403, page


def test_an_auditor_of_another_province_does_not_find_the_case(petition, tree, client):
    other = UserFactory(username="kiemtra-hd")
    grant(other, tree.other_province, Role.AUDITOR, subtree=True)
    client.force_login(other)
    assert client.get(_case_pages(petition)[0]).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(petition, client):
    response = client.get(_case_pages(petition)[0])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_case_pages_are_read_only(petition, auditor, client):
    client.force_login(auditor)
    for page in _case_pages(petition):
        assert client.post(page).status_code == 405


def test_the_nav_shows_audit_to_auditors_only(auditor, case_officer, client):
    client.force_login(auditor)
    assert 'data-testid="audit-link"' in client.get(reverse("home")).content.decode()
    client.force_login(case_officer)
    assert 'data-testid="audit-link"' not in client.get(reverse("home")).content.decode()


def test_only_the_requester_downloads_an_export(auditor, province_admin, client):
    export = Export.objects.create(requested_by=auditor, format="csv")
    client.force_login(province_admin)
    assert client.get(reverse("audit:export-status", args=[export.pk])).status_code == 404
    assert client.get(reverse("audit:export-download", args=[export.pk])).status_code == 404
    client.force_login(auditor)
    status = client.get(reverse("audit:export-status", args=[export.pk])).json()
    assert status["status"] == "queued" and status["download"] is None
