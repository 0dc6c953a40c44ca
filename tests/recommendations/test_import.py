"""Importing a meeting's opinions from an office's spreadsheet: the columns guessed from the
headers, every bad row named and nothing recorded, the same file twice recording nothing the
second time, a dry run writing nothing, the organisers alone importing, and the job's progress
read by the person who started it."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from cases.errors import DomainError, NotAllowed
from recommendations import imports, spreadsheet, tasks
from recommendations.models import Opinion

from .conftest import held_meeting

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = ["TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI XÃ AN BÌNH"]
HEADERS = ["STT", "Nội dung ý kiến", "Lĩnh vực", "Người nêu", "Số cử tri", "Họ tên", "Địa chỉ"]
GOOD = [
    [1, "Đề nghị sửa chữa tuyến đường ĐT 741 đoạn qua xã An Bình.", "Giao thông", "Cử tri", 1,
     "Nguyễn Văn An", "Thôn 3"],
    [2, "Giá phân bón tăng cao, đề nghị bình ổn giá.", "economy", "Nhóm cử tri", 12, "", ""],
    [3, "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho các hộ thôn 5.", "Đất đai", "", 3, "",
     ""],
]  # fmt: skip
# The header is on line 3 (a title, an empty line), so the data starts on line 4.
FIRST_LINE = 4


def workbook(rows, *, headers=HEADERS, title=True) -> bytes:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append(TITLE)
        sheet.append([])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(rows=GOOD, *, name="y-kien-cu-tri.xlsx", **options) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook(rows, **options), content_type=XLSX)


def read(rows=GOOD, **options) -> spreadsheet.Sheet:
    return spreadsheet.sheet_read(io.BytesIO(workbook(rows, **options)))


@pytest.fixture(autouse=True)
def staging(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def english():
    # The messages are English msgids; the Vietnamese catalogue is filled in separately.
    with translation.override("en"):
        yield


@pytest.fixture
def tasks_run_at_once(monkeypatch):
    """The import runs in this process when queued, as in development (no REDIS_URL)."""
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture
def meeting(voters, plan):
    return held_meeting(voters, plan())


def staged(path="imports/test.xlsx", rows=GOOD, **options) -> str:
    return default_storage.save(path, io.BytesIO(workbook(rows, **options)))


def run(voters, meeting, *, rows=GOOD, mapping=None, **options) -> dict:
    """Starts a job on a staged file and runs it here, as a worker would; its final state."""
    sheet = read(rows, **options)
    path = staged(rows=rows, **options)
    job = imports.job_create(meeting=meeting, actor=voters.officer)
    tasks.opinions_import(
        job,
        meeting.pk,
        voters.officer.pk,
        path,
        mapping or spreadsheet.mapping_guess(sheet.headers),
    )
    return imports.job_get(job)


# The mapping ---------------------------------------------------------------------------------


def test_vietnamese_headers_are_guessed_with_or_without_diacritics():
    headers = ["STT", "Noi dung", "LĨNH VỰC", "Người nêu", "So cu tri", "Họ và tên cử tri",
               "Địa chỉ", "Giữ bí mật", "Trả lời tại hội nghị"]  # fmt: skip
    assert spreadsheet.mapping_guess(headers) == {
        "content": 1,
        "field": 2,
        "raised_by": 3,
        "voters": 4,
        "voter_name": 5,
        "voter_address": 6,
        "protect_identity": 7,
        "answer_at_meeting": 8,
    }


def test_english_headers_are_guessed_and_an_answer_column_is_not_taken_for_the_content():
    headers = ["Answer", "Content", "Field", "Raised by", "Number of voters", "Full name",
               "Address", "Anonymous"]  # fmt: skip
    assert spreadsheet.mapping_guess(headers) == {
        "content": 1,
        "field": 2,
        "raised_by": 3,
        "voters": 4,
        "voter_name": 5,
        "voter_address": 6,
        "protect_identity": 7,
        "answer_at_meeting": 0,
    }
    assert spreadsheet.mapping_guess(["Nội dung trả lời", "Nội dung"]) == {
        "content": 1,
        "answer_at_meeting": 0,
    }


def test_the_header_row_is_found_under_the_title_of_the_table():
    sheet = read()
    assert sheet.header_line == 3
    assert sheet.headers == HEADERS
    assert [line for line, _cells in sheet.lines] == [4, 5, 6]


def test_fields_may_be_written_as_their_vietnamese_name_or_their_code(meeting):
    rows = [[n, f"Ý kiến {n}", field, "", 1, "", ""] for n, field in enumerate(
        ["Đất đai", "MÔI TRƯỜNG", "moi truong", "land", "Y tế", "Land and housing", ""], 1
    )]  # fmt: skip
    sheet = read(rows)
    parsed = spreadsheet.rows_parse(
        sheet=sheet, mapping=spreadsheet.mapping_guess(sheet.headers), meeting_id=meeting.pk
    )
    assert parsed.errors == []
    assert [p.row.field for p in parsed.rows] == [
        "land", "environment", "environment", "land", "health", "land", "other"
    ]  # fmt: skip


def test_a_count_of_voters_above_one_without_who_raised_it_makes_a_group(meeting):
    sheet = read(GOOD)
    parsed = spreadsheet.rows_parse(
        sheet=sheet, mapping=spreadsheet.mapping_guess(sheet.headers), meeting_id=meeting.pk
    )
    assert [(p.row.raised_by, p.row.voters) for p in parsed.rows] == [
        ("voter", 1),
        ("group", 12),
        ("group", 3),
    ]


# Importing -----------------------------------------------------------------------------------


def test_a_good_file_records_every_opinion_numbered_in_order(voters, meeting, staging):
    state = run(voters, meeting)
    assert state["status"] == "done"
    assert (state["created"], state["skipped"], state["errors"]) == (3, 0, [])
    opinions = list(meeting.opinions.order_by("number"))
    assert [o.number for o in opinions] == [1, 2, 3]
    first = opinions[0]
    assert first.content == GOOD[0][1] and first.field == "infrastructure"
    assert (first.voter_name, first.voter_address) == ("Nguyễn Văn An", "Thôn 3")
    assert opinions[1].raised_by == "group" and opinions[1].voters == 12
    assert all(len(o.import_key) == 64 for o in opinions)
    history = first.history.first()
    assert history.history_user == voters.officer
    assert not list((staging / "imports").iterdir()), "the job deletes the staged file"


def test_a_file_with_bad_rows_records_nothing_and_names_each_bad_line(voters, meeting):
    rows = [
        *GOOD,
        [4, "", "Giao thông", "", 1, "Lê Văn Bình", ""],
        [5, "Ý kiến về vũ trụ.", "Vũ trụ", "", 1, "", ""],
        [6, "Ý kiến của một cử tri.", "Khác", "Cử tri", 7, "", ""],
        [7, "Số cử tri không phải là số.", "Khác", "", "nhiều", "", ""],
    ]
    state = run(voters, meeting, rows=rows)
    assert state["status"] == "refused"
    assert state["created"] == 0
    assert [re.match(r"Row (\d+):", e).group(1) for e in state["errors"]] == ["7", "8", "9", "10"]
    assert "Vũ trụ" in state["errors"][1]
    assert Opinion.objects.count() == 0


def test_importing_the_same_file_again_records_nothing(voters, meeting):
    first = run(voters, meeting)
    again = run(voters, meeting)
    assert (first["created"], first["skipped"]) == (3, 0)
    assert again["status"] == "done"
    assert (again["created"], again["skipped"]) == (0, 3)
    assert meeting.opinions.count() == 3


def test_a_file_that_adds_rows_to_an_imported_one_records_only_the_new_rows(voters, meeting):
    run(voters, meeting, rows=GOOD[:2])
    state = run(voters, meeting, rows=GOOD)
    assert (state["created"], state["skipped"]) == (1, 2)
    assert list(meeting.opinions.order_by("number").values_list("number", flat=True)) == [1, 2, 3]


def test_two_identical_rows_of_one_file_stay_two_opinions(voters, meeting):
    rows = [GOOD[1], GOOD[1]]
    assert run(voters, meeting, rows=rows)["created"] == 2
    assert run(voters, meeting, rows=rows)["created"] == 0


def test_a_dry_run_counts_what_would_be_recorded_and_writes_nothing(voters, meeting):
    run(voters, meeting, rows=GOOD[:1])
    rows = [*GOOD, [4, "", "Khác", "", 1, "", ""]]
    sheet = read(rows)
    plan = imports.opinions_import_plan(
        meeting=meeting,
        actor=voters.officer,
        sheet=sheet,
        mapping=spreadsheet.mapping_guess(sheet.headers),
    )
    assert (plan.created, plan.skipped, plan.refused) == (2, 1, 1)
    assert plan.errors == ["Row 7: The content of the opinion is empty."]
    assert meeting.opinions.count() == 1


def test_checking_the_rows_reports_progress_every_fifty_rows(meeting):
    rows = [[n, f"Ý kiến số {n}", "Khác", "", 1, "", ""] for n in range(1, 121)]
    sheet = read(rows)
    calls = []
    spreadsheet.rows_parse(
        sheet=sheet,
        mapping=spreadsheet.mapping_guess(sheet.headers),
        meeting_id=meeting.pk,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(50, 120), (100, 120), (120, 120)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("y-kien.csv", b"noi dung\nabc\n", "Choose an Excel workbook (.xlsx)."),
        ("y-kien.xlsx", b"", "The file is empty."),
        ("y-kien.xlsx", b"not a workbook at all", "cannot be read as an Excel workbook"),
    ],
)
def test_a_file_that_is_no_workbook_is_refused_with_a_message(name, content, message):
    with pytest.raises(DomainError, match=re.escape(message)):
        file = SimpleUploadedFile(name, content)
        spreadsheet.upload_check(file)
        spreadsheet.sheet_read(file)


def test_a_workbook_without_any_cell_is_empty():
    book = Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    with pytest.raises(DomainError, match="The file is empty"):
        spreadsheet.sheet_read(buffer)


def test_a_file_of_more_than_five_thousand_rows_is_refused():
    rows = [[n, f"Ý kiến số {n}"] for n in range(1, spreadsheet.MAX_ROWS + 2)]
    with pytest.raises(DomainError, match="more than 5000 rows"):
        read(rows, headers=["STT", "Nội dung"], title=False)


def test_a_mapping_without_the_content_column_is_refused(meeting):
    sheet = read(GOOD)
    with pytest.raises(DomainError, match="content of the opinions"):
        spreadsheet.rows_parse(sheet=sheet, mapping={"field": 2}, meeting_id=meeting.pk)


# The pages -----------------------------------------------------------------------------------


def _import_url(meeting) -> str:
    return reverse("recommendations:opinion-import", args=[meeting.pk])


def _upload(client, meeting, file=None):
    return client.post(_import_url(meeting), {"step": "upload", "file": file or upload()})


def _mapping_post(response, action: str, **overrides) -> dict:
    form = response.context["form"]
    data = {"step": "map", "token": form["token"].value(), "action": action}
    for name in spreadsheet.IMPORT_FIELDS:
        value = form[f"map_{name}"].value()
        data[f"map_{name}"] = "" if value is None else str(value)
    data.update(overrides)
    return data


def test_the_upload_shows_the_columns_with_their_guesses_and_a_preview(client, voters, meeting):
    client.force_login(voters.officer)
    assert client.get(_import_url(meeting)).status_code == 200
    response = _upload(client, meeting)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="import-preview"' in page
    assert '<option value="1" selected>Nội dung ý kiến</option>' in page
    assert "Nguyễn Văn An" in page
    assert 'data-testid="import-row-errors"' not in page
    assert Opinion.objects.count() == 0


def test_the_dry_run_button_shows_the_counts_and_records_nothing(client, voters, meeting):
    client.force_login(voters.officer)
    mapping = _upload(client, meeting)
    response = client.post(_import_url(meeting), _mapping_post(mapping, "dry_run"))
    assert response.status_code == 200
    plan = response.context["plan"]
    assert (plan.created, plan.skipped, plan.refused) == (3, 0, 0)
    assert 'data-testid="import-dry-run"' in response.content.decode()
    assert Opinion.objects.count() == 0


def test_importing_from_the_page_runs_the_job_and_shows_its_outcome(
    client, voters, meeting, staging, tasks_run_at_once, django_capture_on_commit_callbacks
):
    client.force_login(voters.officer)
    mapping = _upload(client, meeting)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_import_url(meeting), _mapping_post(mapping, "import"))
    assert response.status_code == 302
    job = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert response["Location"] == reverse("recommendations:import-status", args=[job])
    assert meeting.opinions.count() == 3
    assert not list((staging / "imports").iterdir())
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'data-testid="created">3<' in page.content.decode()
    assert "recommendations/import.js" in page.content.decode()


def test_the_progress_endpoint_tells_its_owner_how_far_the_job_is(client, voters, meeting):
    client.force_login(voters.officer)
    job = imports.job_create(meeting=meeting, actor=voters.officer)
    url = reverse("recommendations:import-progress", args=[job])
    queued = client.get(url).json()
    assert (queued["status"], queued["finished"], queued["done"]) == ("queued", False, 0)
    path = staged()
    tasks.opinions_import(job, meeting.pk, voters.officer.pk, path, {"content": 1, "field": 2})
    done = client.get(url).json()
    assert done["status"] == "done" and done["finished"]
    assert done["done"] == done["total"] == 3
    assert (done["created"], done["skipped"], done["errors"]) == (3, 0, [])
    assert done["meeting_url"] == meeting.get_absolute_url()


def test_nobody_else_reads_the_progress_of_an_import(client, voters, meeting):
    job = imports.job_create(meeting=meeting, actor=voters.officer)
    client.force_login(voters.leader)
    assert client.get(reverse("recommendations:import-progress", args=[job])).status_code == 404
    assert client.get(reverse("recommendations:import-status", args=[job])).status_code == 404
    missing = "0" * 32
    client.force_login(voters.officer)
    assert client.get(reverse("recommendations:import-progress", args=[missing])).status_code == 404


def test_a_queued_job_runs_once_when_its_task_is_delivered_twice(voters, meeting):
    job = imports.job_create(meeting=meeting, actor=voters.officer)
    path = staged()
    tasks.opinions_import(job, meeting.pk, voters.officer.pk, path, {"content": 1})
    tasks.opinions_import(job, meeting.pk, voters.officer.pk, path, {"content": 1})
    assert imports.job_get(job)["created"] == 3
    assert meeting.opinions.count() == 3


def test_a_deputy_and_an_auditor_may_not_import_and_a_stranger_does_not_see_it(
    client, voters, meeting
):
    for person in (voters.deputy, voters.auditor):
        client.force_login(person)
        assert client.get(_import_url(meeting)).status_code == 403
        assert _upload(client, meeting).status_code == 403
    client.force_login(voters.stranger)
    assert client.get(_import_url(meeting)).status_code == 404
    assert Opinion.objects.count() == 0
    with pytest.raises(NotAllowed):
        imports.import_allowed(meeting=meeting, actor=voters.deputy)


def test_a_meeting_not_yet_held_takes_no_import(client, voters, plan):
    client.force_login(voters.officer)
    response = client.get(_import_url(plan()))
    assert response.status_code == 400
    assert 'data-testid="import-refused"' in response.content.decode()


def test_a_bad_upload_gives_a_message_on_the_page(client, voters, meeting):
    client.force_login(voters.officer)
    for file in (
        SimpleUploadedFile("y-kien.csv", b"noi dung\nabc\n"),
        SimpleUploadedFile("y-kien.xlsx", b"PK\x03\x04 not really a zip"),
        upload([[n, f"Ý kiến {n}"] for n in range(1, 5002)], headers=["STT", "Nội dung"]),
    ):
        response = _upload(client, meeting, file)
        assert response.status_code == 400
        assert response.context["upload_form"].errors["file"]
    assert Opinion.objects.count() == 0


def test_a_file_without_a_content_column_asks_for_it_before_anything_else(client, voters, meeting):
    client.force_login(voters.officer)
    file = upload([["a", "b"]], headers=["Cột 1", "Cột 2"], title=False)
    response = _upload(client, meeting, file)
    assert response.status_code == 200
    assert "preview" not in response.context
    again = client.post(_import_url(meeting), _mapping_post(response, "import"))
    assert again.status_code == 400
    assert again.context["form"].errors["map_content"]
    assert Opinion.objects.count() == 0


def test_a_staged_file_is_honoured_only_for_the_session_that_uploaded_it(client, voters, meeting):
    client.force_login(voters.officer)
    mapping = _upload(client, meeting)
    data = _mapping_post(mapping, "import")
    client.force_login(voters.leader)
    response = client.post(_import_url(meeting), data)
    assert response.status_code == 400
    assert 'data-testid="import-upload-error"' in response.content.decode()
    assert Opinion.objects.count() == 0
