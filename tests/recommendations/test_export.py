"""The national voter-recommendation database export (NQLT 72/2025 Art. 56.1a): a session with
an item routed to two agencies, one answered and one overdue, exported as JSON and CSV; both
follow the documented format and neither carries a voter's name."""

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator

from recommendations import export, services
from recommendations.models import AgencyAnswer, Opinion
from workflows import acting

from .conftest import ROWS, held_meeting

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "recommendations" / "export_schema"
DOC = ROOT / "docs" / "voter-recommendation-export.md"

VOTER = "Trần Thị Mai"
ADDRESS = "Số 17 đường Lê Lợi, xã An Bình"


def _validator() -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / "voter-recommendations-1.0.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(document) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(document)]


@pytest.fixture
def minuted(voters, plan):
    meeting = held_meeting(voters, plan())
    opinions = services.opinions_capture(meeting=meeting, actor=voters.officer, rows=ROWS)
    Opinion.objects.filter(pk=opinions[1].pk).update(voter_address=ADDRESS)
    acting.act(case=meeting, action="record_minutes", actor=voters.office, minutes="Biên bản")
    for opinion in opinions:
        services.opinion_to_aggregate(opinion=opinion, actor=voters.officer)
    return meeting, opinions


def _draft(voters, opinions, *, title, content):
    return services.item_draft(
        actor=voters.officer,
        session=voters.session,
        opinions=opinions,
        title=title,
        content=content,
    )


@pytest.fixture
def answered(voters, minuted):
    """Item one, naming its voter, routed to both agencies: the works department answered, the
    farming department is past its limit. Item two is drafted and not routed yet."""
    _meeting, opinions = minuted
    item = _draft(
        voters,
        opinions[:2],
        title="Sửa chữa đường ĐT 741",
        content=f"Bà {VOTER} ({ADDRESS}) cùng cử tri đề nghị sửa chữa tuyến ĐT 741.",
    )
    acting.act(
        case=item,
        action="classify",
        actor=voters.officer,
        scope="local",
        field="infrastructure",
        agencies=[voters.works, voters.farming],
    )
    acting.act(case=item, action="send_report", actor=voters.leader)
    works, farming = item.answers.order_by("pk")
    acting.act(
        case=works,
        action="answer",
        actor=voters.works_official,
        outcome="in_progress",
        content="Trả lời bà Mai: đã bố trí vốn sửa chữa năm 2027.",
        roadmap=f"Khởi công quý II/2027, báo bà {VOTER} biết.",
        promised_on=dt.date(2027, 6, 30),
        document_number="1835/SXD-QLGT",
        document_date=timezone.localdate(),
    )
    # The clock ran out for the farming department (the date moved, as time would have it).
    AgencyAnswer.objects.filter(pk=farming.pk).update(
        answer_due=timezone.localdate() - dt.timedelta(days=1)
    )
    second = _draft(voters, opinions[2:], title="Bình ổn giá phân bón", content=ROWS[2].content)
    return voters.session, item, second


def _csv_rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def _documented_columns() -> list[str]:
    section = DOC.read_text().split("## CSV columns", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)


def test_the_export_of_an_answered_session_validates_against_the_schema(answered):
    session, item, second = answered
    document = export.session_export(session)
    assert _errors(document) == []
    assert document["format_version"] == "1.0"
    assert document["generated_at"].endswith("+07:00")
    assert document["session"]["organising_committee"]["id"] == session.unit_id
    first, drafted = document["items"]
    assert (first["code"], drafted["code"]) == (item.code, second.code)
    assert first["voter_count"] == 13 and first["field"]["code"] == "infrastructure"
    assert [m["code"] for m in first["source_meetings"]] == [
        item.sources.first().opinion.meeting.code
    ]
    works, farming = first["answers"]
    assert works["state"] == "answered" and works["outcome"] == "in_progress"
    assert works["promised_on"] == "2027-06-30" and works["overdue"] is False
    assert works["answered_on"] == timezone.localdate().isoformat()
    assert farming["state"] == "awaiting" and farming["overdue"] is True
    assert drafted["answers"] == [] and drafted["scope"] is None


def test_the_example_validates_against_the_schema():
    example = json.loads((SCHEMA_DIR / "example-1.0.json").read_text())
    assert _errors(example) == []


def test_the_schema_files_ship_as_data_not_as_a_package():
    assert not (SCHEMA_DIR / "__init__.py").exists()


def test_the_csv_has_the_documented_header_and_a_row_per_item_and_agency(answered):
    session, item, second = answered
    text = export.session_export_csv(session)
    assert text.splitlines()[0] == "\ufeff" + ",".join(export.CSV_COLUMNS)
    assert list(export.CSV_COLUMNS) == _documented_columns()
    rows = _csv_rows(text)
    # Two agencies for the routed item, one row with empty agency columns for the drafted one.
    assert [(r["item_code"], r["agency_name"]) for r in rows] == [
        (item.code, "Sở Xây dựng tỉnh Lâm Sơn"),
        (item.code, "Sở Nông nghiệp và Môi trường"),
        (second.code, ""),
    ]
    assert [r["overdue"] for r in rows] == ["false", "true", ""]
    assert rows[0]["promised_on"] == "2027-06-30" and rows[0]["source_meetings"]


def test_no_voter_name_or_address_appears_in_the_export_even_when_the_item_names_the_voter(
    answered,
):
    session, item, _second = answered
    # A corrected name must not let the old one through either.
    opinion = item.opinions.get(voter_name=VOTER)
    opinion.voter_name = "Trần Thị Mây"
    opinion.save()
    document = json.dumps(export.session_export(session), ensure_ascii=False)
    table = export.session_export_csv(session)
    assert VOTER in item.content
    for text in (document, table):
        for secret in (VOTER, "Thị Mai", "bà Mai", "Trần Thị Mây", "17 đường Lê Lợi"):
            assert secret.lower() not in text.lower()
    assert "tuyến ĐT 741" in document and "[được bảo mật]" in document


def test_the_export_reads_a_session_in_a_fixed_number_of_queries(answered, voters, minuted):
    session, _item, _second = answered
    with CaptureQueriesContext(connection) as two_items:
        export.session_export(session)
    _meeting, opinions = minuted
    third = _draft(voters, opinions[2:], title="Giá điện", content="Đề nghị xem xét giá điện.")
    acting.act(
        case=third,
        action="classify",
        actor=voters.officer,
        scope="central",
        field="economy",
        agencies=[voters.farming],
    )
    with CaptureQueriesContext(connection) as three_items:
        export.session_export(session)
    assert len(three_items) == len(two_items) == 5


@pytest.mark.parametrize("who", ["officer", "leader", "auditor", "deputy", "office"])
@pytest.mark.parametrize("name", ["session-export-json", "session-export-csv"])
def test_who_may_read_the_session_downloads_its_export(client, answered, voters, who, name):
    session, item, _second = answered
    client.force_login(getattr(voters, who))
    response = client.get(reverse(f"recommendations:{name}", args=[session.pk]))
    assert response.status_code == 200
    extension = name.rsplit("-", 1)[1]
    assert response["Content-Disposition"] == (
        f'attachment; filename="voter-recommendations-1.0-session-{session.pk}.{extension}"'
    )
    body = response.content.decode("utf-8")
    if extension == "json":
        assert _errors(json.loads(body)) == []
    else:
        assert len(_csv_rows(body)) == 3
    assert item.code in body and VOTER not in body


@pytest.mark.parametrize("who", ["stranger", "works_official"])
@pytest.mark.parametrize("name", ["session-export-json", "session-export-csv"])
def test_a_user_of_another_province_or_an_agency_gets_404(client, answered, voters, who, name):
    session, _item, _second = answered
    client.force_login(getattr(voters, who))
    response = client.get(reverse(f"recommendations:{name}", args=[session.pk]))
    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, answered):
    session, _item, _second = answered
    response = client.get(reverse("recommendations:session-export-json", args=[session.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_command_writes_the_csv_and_the_json_to_a_file(answered, tmp_path):
    session, _item, _second = answered
    target = tmp_path / "session.csv"
    call_command(
        "export_voter_recommendations", session=session.pk, format="csv", output=str(target)
    )
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert len(_csv_rows(raw.decode("utf-8"))) == 3
    target = tmp_path / "session.json"
    call_command(
        "export_voter_recommendations", "--session", str(session.pk), "--output", str(target)
    )
    assert _errors(json.loads(target.read_text(encoding="utf-8"))) == []


def test_the_command_writes_to_standard_output_and_refuses_an_unknown_session(answered):
    session, _item, _second = answered
    out = io.StringIO()
    call_command("export_voter_recommendations", session=session.pk, stdout=out)
    assert _errors(json.loads(out.getvalue())) == []
    with pytest.raises(CommandError, match="No session"):
        call_command("export_voter_recommendations", session=session.pk + 1000)
