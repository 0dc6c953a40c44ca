"""The test-only kind (tests/errands: a model, a flow, two actions, a registration) runs on the
kernel as it is: registered, started, routed and announced, listed in the inbox, acted on,
rescheduled by an extension, and read by the audit workspace's timeline."""

import datetime as dt

import pytest
from django.urls import reverse
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from audit.selectors import EventFilters, events_across
from cases import registry
from cases.errors import NotAllowed, StepClosed
from notifications.models import Notification
from tests.errands.models import Errand
from tests.errands.services import errand_open
from workflows import acting, timers

pytestmark = pytest.mark.django_db

DUE = dt.date(2030, 3, 15)


@pytest.fixture
def errand(tree, case_officer):
    errand = errand_open(actor=case_officer, unit=tree.commune, title="Đo lại mốc giới", due=DUE)
    acting.start(case=errand)
    return errand


def _timer(errand):
    return Task.objects.get(process__in=errand.processes.all(), flow_task_type="TIMER")


def test_the_kind_registers_itself():
    kind = registry.get("errand")
    assert kind is not None and kind.model is Errand
    assert registry.kind_of(Errand) is kind


def test_starting_routes_the_task_and_tells_the_officers(errand, case_officer):
    (route,) = errand.task_routes.all()
    assert (route.unit, route.role, route.due) == (errand.unit, "case_officer", DUE)
    note = Notification.objects.get(recipient=case_officer)
    assert (note.case_kind, note.case_id, note.kind) == ("errand", errand.pk, "task_arrived")
    assert note.url == errand.get_absolute_url()


def test_the_inbox_lists_it_beside_petitions(client, errand, case_officer, receive):
    petition = receive("complaint")
    client.force_login(case_officer)
    rows = client.get(reverse("workflows:inbox")).context["sections"][1]["rows"]
    assert {row["case"] for row in rows} == {errand, petition}
    only = client.get(reverse("workflows:inbox"), {"kind": "errand"}).context["sections"][1]
    assert [row["case"] for row in only["rows"]] == [errand]
    found = client.get(reverse("workflows:inbox"), {"q": "mốc giới"}).context["sections"][1]
    assert [row["case"] for row in found["rows"]] == [errand]


def test_acting_runs_the_service_and_completes_the_flow(errand, case_officer, outsider):
    with pytest.raises(NotAllowed):
        acting.act(case=errand, action="finish", actor=outsider, reason="xong")
    acting.act(case=errand, action="finish", actor=case_officer, reason="Đã đo xong")
    errand.refresh_from_db()
    assert errand.state == "done"
    assert errand.history.latest().history_change_reason == "Đã đo xong"
    assert errand.processes.get().status == PROCESS.DONE
    with pytest.raises(StepClosed):
        acting.act(case=errand, action="finish", actor=case_officer, reason="lại")


def test_an_extension_moves_the_pending_timer(errand, case_officer):
    assert _timer(errand).scheduled.date() == DUE
    acting.act(case=errand, action="extend", actor=case_officer, reason="Chờ hồ sơ", days=10)
    assert _timer(errand).scheduled.date() == DUE + dt.timedelta(days=10)
    assert _timer(errand).status == STATUS.SCHEDULED
    # The task stays open: an extension is a side action.
    assert acting.open_tasks(errand).count() == 1


def test_the_timer_fires_and_the_flow_tells_the_officers(errand, case_officer):
    Task.objects.filter(pk=_timer(errand).pk).update(
        scheduled=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    assert timers.fire_due_timers() == 1
    assert Notification.objects.filter(
        recipient=case_officer, kind="deadline_reminder", case_kind="errand", case_id=errand.pk
    ).exists()


def test_the_case_timeline_and_the_audit_workspace_read_it(client, errand, case_officer, auditor):
    acting.act(case=errand, action="finish", actor=case_officer, reason="Đã đo xong")
    client.force_login(auditor)
    page = client.get(reverse("audit:case-timeline", args=["errand", errand.pk]))
    assert page.status_code == 200
    events = page.context["events"]
    assert {"created", "transition", "task", "notification"} <= {e.kind for e in events}
    assert any(e.reason == "Đã đo xong" and e.actor == case_officer.full_name for e in events)
    versions = page.context["versions"]
    diff = client.get(
        reverse("audit:case-diff", args=["errand", errand.pk]),
        {"a": versions[0].history_id, "b": versions[-1].history_id},
    )
    assert diff.status_code == 200
    assert (
        client.get(reverse("audit:case-timeline", args=["nothing", errand.pk])).status_code == 404
    )


def test_the_audit_search_reads_it_and_links_to_its_pages(client, errand, case_officer, auditor):
    acting.act(case=errand, action="finish", actor=case_officer, reason="Đã đo xong")
    found = list(events_across(user=auditor, filters=EventFilters(case_kind="errand")))
    assert found and {(e.case_type, e.case_id) for e in found} == {("errand", errand.pk)}
    assert {"created", "transition", "task", "notification"} <= {e.kind for e in found}
    everything = list(events_across(user=auditor, filters=EventFilters()))
    assert {e.case_type for e in everything} >= {"errand"}
    client.force_login(auditor)
    search = client.get(reverse("audit:event-search"), {"case_kind": "errand"})
    assert search.status_code == 200
    assert reverse("audit:case-timeline", args=["errand", errand.pk]) in search.content.decode()
