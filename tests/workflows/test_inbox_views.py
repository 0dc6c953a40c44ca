import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from viewflow.workflow.status import STATUS

from casework.choices import PetitionState as S
from casework.flows import PetitionFlow
from workflows import acting

pytestmark = pytest.mark.django_db

INBOX = reverse("workflows:inbox")


def _classify_task(petition):
    return (
        petition.task_routes.select_related("task")
        .get(task__status__in=(STATUS.NEW, STATUS.ASSIGNED))
        .task
    )


def test_a_new_petition_waits_in_the_case_officers_unit_queue(client, receive, case_officer):
    petition = receive(title="Lấn chiếm lối đi chung")
    client.force_login(case_officer)
    response = client.get(INBOX)
    assert response.status_code == 200
    queue = response.context["sections"][1]
    assert [row["case"] for row in queue["rows"]] == [petition]
    assert queue["rows"][0]["may_take"]
    assert petition.tracking_code in response.content.decode()


def test_an_outsider_does_not_see_another_communes_queue(client, receive, outsider):
    petition = receive()
    client.force_login(outsider)
    response = client.get(INBOX)
    assert petition.tracking_code not in response.content.decode()


def test_taking_then_classifying_through_the_form_moves_the_case_on(client, receive, case_officer):
    petition = receive()
    task = _classify_task(petition)
    client.force_login(case_officer)

    response = client.post(reverse("workflows:task-take", args=[task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner == case_officer
    mine = client.get(INBOX).context["sections"][0]["rows"]
    assert [row["case"] for row in mine] == [petition]

    response = client.post(
        reverse("casework:petition-action", args=[petition.pk, "classify"]),
        {
            "classify-kind": "complaint",
            "classify-field": "land",
            "classify-processable": "on",
            "classify-complexity": "standard",
            "classify-complaint_instance": "first",
            "classify-reason": "Đủ điều kiện xử lý",
        },
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == S.CLASSIFIED
    step = client.get(INBOX).context["sections"][1]["rows"][0]["step"]
    assert str(step) == str(PetitionFlow.decide.task_title)


def test_an_officer_of_another_role_cannot_take_the_task(client, receive, reception_officer):
    petition = receive()
    task = _classify_task(petition)
    client.force_login(reception_officer)
    response = client.post(reverse("workflows:task-take", args=[task.pk]))
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.owner is None


def test_a_leader_assigns_a_queued_task_to_a_case_officer(client, receive, leader, case_officer):
    petition = receive()
    task = _classify_task(petition)
    client.force_login(leader)
    row = client.get(INBOX).context["sections"][1]["rows"][0]
    assert row["assignees"] == [case_officer]
    assert not row["may_take"]
    response = client.post(
        reverse("workflows:task-assign", args=[task.pk]), {"assignee": case_officer.pk}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner == case_officer


def test_the_inbox_filters_by_kind_step_and_unaccented_search(client, receive, case_officer):
    land = receive(title="Khiếu nại đất đai ở thôn Đông")
    receive("feedback", title="Đèn đường hỏng")
    client.force_login(case_officer)

    def queue(**params):
        rows = client.get(INBOX, params).context["sections"][1]["rows"]
        return [row["case"] for row in rows]

    assert queue(q="khieu nai dat dai") == [land]
    assert queue(kind="petition:complaint") == [land]
    assert len(queue(step="petition:classify")) == 2
    assert queue(step="petition:decide") == []
    assert queue(overdue="1") == []


def test_the_inbox_query_count_does_not_grow_with_its_rows(
    client, receive, case_officer, leader, django_assert_num_queries
):
    receive()
    client.force_login(leader)
    client.get(INBOX)  # warms per-process caches (the flow's nodes, the holiday table)
    with CaptureQueriesContext(connection) as one:
        client.get(INBOX)
    for n in range(4):
        petition = receive(title=f"Đơn số {n}")
        if n % 2:
            acting.task_take(task=_classify_task(petition), actor=case_officer)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(INBOX)
    assert len(response.context["sections"][1]["rows"]) == 3


def test_the_flow_diagram_renders_as_svg_with_the_current_step(client, case_officer):
    client.force_login(case_officer)
    response = client.get(
        reverse("workflows:flow-diagram", args=["petition"]), {"current": "classify"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert body.startswith("<svg") and 'id="classify"' in body and 'class="current"' in body
