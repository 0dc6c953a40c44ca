"""The voter-contact pages: what each role sees and may do, refusals as clear pages (never a
500), and voters' names kept from those who do not organise the meeting."""

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import Item, Opinion
from workflows import acting

from .conftest import ROWS, held_meeting


@pytest.fixture
def sorted_meeting(voters, plan):
    meeting = held_meeting(voters, plan())
    opinions = services.opinions_capture(meeting=meeting, actor=voters.officer, rows=ROWS)
    for opinion in opinions:
        services.opinion_to_aggregate(opinion=opinion, actor=voters.officer)
    return meeting


def test_the_session_page_shows_the_legal_countdowns(client, voters):
    client.force_login(voters.officer)
    page = client.get(voters.session.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Art. 37.2" in text and 'data-testid="state"' in text


def test_sessions_of_another_province_are_not_found(client, voters):
    client.force_login(voters.stranger)
    assert client.get(voters.session.get_absolute_url()).status_code == 404
    assert (
        voters.session.title
        not in client.get(reverse("recommendations:session-list")).content.decode()
    )


def test_an_officer_records_a_session_and_bad_dates_come_back_with_a_message(client, voters):
    client.force_login(voters.officer)
    data = {
        "unit": voters.province.pk,
        "body": "national_assembly",
        "kind": "regular",
        "term": 15,
        "number": 11,
        "title": "Kỳ họp thứ 11",
        "opens_on": "2027-05-20",
        "closes_on": "2027-05-01",
    }
    page = client.post(reverse("recommendations:session-list"), data)
    assert page.status_code == 400 and "cannot close before it opens" in page.content.decode()
    data["closes_on"] = "2027-06-20"
    assert client.post(reverse("recommendations:session-list"), data).status_code == 302


def test_opinions_are_entered_many_rows_at_once(client, voters, plan):
    meeting = held_meeting(voters, plan())
    client.force_login(voters.officer)
    url = reverse("recommendations:opinions-enter", args=[meeting.pk])
    assert client.get(url).status_code == 200
    data = {"row-TOTAL_FORMS": 3, "row-INITIAL_FORMS": 0}
    for n, content in enumerate(["Đường hư hỏng", "Thiếu trường học", ""]):
        data |= {
            f"row-{n}-content": content,
            f"row-{n}-field": "infrastructure",
            f"row-{n}-raised_by": "voter",
            f"row-{n}-voters": 1,
        }
    assert client.post(url, data).status_code == 302
    assert list(meeting.opinions.values_list("number", flat=True)) == [1, 2]


def test_a_deputy_reads_the_meeting_but_not_the_voters_names(client, voters, sorted_meeting):
    client.force_login(voters.deputy)
    page = client.get(sorted_meeting.get_absolute_url()).content.decode()
    assert "ĐT741" in page and "Trần Thị Mai" not in page
    client.force_login(voters.officer)
    assert "Trần Thị Mai" in client.get(sorted_meeting.get_absolute_url()).content.decode()


def test_a_protected_voter_is_named_only_to_organisers_and_each_showing_is_recorded(
    client, voters, plan
):
    from recommendations.models import VoterIdentityView

    meeting = held_meeting(voters, plan())
    services.opinions_capture(
        meeting=meeting,
        actor=voters.officer,
        rows=[
            services.OpinionRow(
                content="Ông Lê Văn Hùng phản ánh cán bộ thu tiền sai quy định.",
                field="justice",
                voter_name="Lê Văn Hùng",
                protect_identity=True,
            )
        ],
    )
    client.force_login(voters.deputy)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Hùng" not in page
    client.force_login(voters.officer)
    assert "Lê Văn Hùng" in client.get(meeting.get_absolute_url()).content.decode()
    assert VoterIdentityView.objects.filter(user=voters.officer).exists()


def test_the_workspace_proposes_a_group_and_drafts_an_item(client, voters, sorted_meeting):
    client.force_login(voters.officer)
    url = reverse("recommendations:workspace", args=[voters.session.pk])
    page = client.get(url).content.decode()
    assert page.count('data-testid="cluster"') == 1
    road = Opinion.objects.filter(field="infrastructure").values_list("pk", flat=True)
    answer = client.post(
        url, {"opinion": list(road), "title": "Đường ĐT741", "content": "Sửa đường"}
    )
    assert answer.status_code == 302
    assert Item.objects.get().voter_count() == 13


def test_the_workspace_refuses_an_empty_choice_with_a_message(client, voters, sorted_meeting):
    client.force_login(voters.officer)
    url = reverse("recommendations:workspace", args=[voters.session.pk])
    page = client.post(url, {"title": "X", "content": "Y"})
    assert page.status_code == 400 and "at least one opinion" in page.content.decode()


def test_an_action_runs_from_the_item_page_and_a_wrong_role_gets_a_403_page(
    client, voters, sorted_meeting
):
    item = services.item_draft(
        actor=voters.officer,
        session=voters.session,
        opinions=sorted_meeting.opinions.all()[:2],
        title="Đường ĐT741",
        content="Sửa đường",
    )
    url = reverse("workflows:case-action", args=["voter_item", item.pk, "classify"])
    data = {
        "classify-scope": "local",
        "classify-field": "infrastructure",
        "classify-agencies": [voters.works.pk],
    }
    client.force_login(voters.deputy)
    assert client.get(item.get_absolute_url()).status_code == 200
    assert client.post(url, data).status_code == 403
    client.force_login(voters.officer)
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.state == "classified"
    assert client.post(url, data).status_code == 409
    assert [t.flow_task.name for t in acting.open_tasks(item)] == ["sign"]


def test_the_agency_sees_its_part_and_answers_it_on_the_item_page(client, voters, sorted_meeting):
    item = services.item_draft(
        actor=voters.officer,
        session=voters.session,
        opinions=sorted_meeting.opinions.all()[:2],
        title="Đường ĐT741",
        content="Sửa đường",
    )
    acting.act(
        case=item,
        action="classify",
        actor=voters.officer,
        scope="local",
        field="infrastructure",
        agencies=[voters.works],
    )
    acting.act(case=item, action="send_report", actor=voters.leader)
    answer = item.answers.get()
    client.force_login(voters.works_official)
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'data-action="answer"' in page and "Trần Thị Mai" not in page
    url = reverse("workflows:case-action", args=["voter_answer", answer.pk, "answer"])
    reply = client.post(url, {"answer-outcome": "resolved", "answer-content": "Đã sửa xong."})
    assert reply.status_code == 302
    item.refresh_from_db()
    assert item.state == "answered"
    client.force_login(voters.farming_official)
    assert client.get(item.get_absolute_url()).status_code == 404


def test_an_item_being_drafted_is_split_from_its_page(client, voters, sorted_meeting):
    first, second, third = sorted_meeting.opinions.order_by("number")
    item = services.item_draft(
        actor=voters.officer,
        session=voters.session,
        opinions=[first, second, third],
        title="Đường và phân bón",
        content="Hai nội dung",
    )
    client.force_login(voters.officer)
    assert 'data-testid="split"' in client.get(item.get_absolute_url()).content.decode()
    url = reverse("recommendations:item-split", args=[item.pk])
    reply = client.post(url, {"opinion": [third.pk], "title": "Giá phân bón", "content": "Bình ổn"})
    assert reply.status_code == 302
    new = Item.objects.exclude(pk=item.pk).get()
    assert list(new.opinions.all()) == [third]
    assert set(item.opinions.all()) == {first, second}
    refused = client.post(url, {"opinion": [first.pk, second.pk], "title": "X", "content": "Y"})
    assert refused.status_code == 400 and "at least one opinion" in refused.content.decode()
    client.force_login(voters.deputy)
    assert (
        client.post(url, {"opinion": [first.pk], "title": "X", "content": "Y"}).status_code == 403
    )
