"""Importing a commune's investment projects from a spreadsheet: the columns guessed from
Vietnamese or English headers, the ways offices write types, budgets, dates and parties, every
bad row named and nothing recorded, the same file twice changing nothing, a dry run writing
nothing, the commune committee's officers and leaders alone importing, and the pages that walk
through it."""

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from supervision import project_import
from supervision.choices import PartyRole, ProjectType
from supervision.models import Party, Project
from units.errors import DomainError, NotAllowed

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = ["DANH MỤC DỰ ÁN ĐẦU TƯ TRÊN ĐỊA BÀN XÃ AN BÌNH NĂM 2024"]
HEADERS = ["STT", "Mã dự án", "Tên dự án", "Loại hình", "Ngân sách xã", "Địa điểm",
           "Tổng mức đầu tư", "Ngày khởi công", "Ngày hoàn thành", "Chủ đầu tư",
           "Cấp quyết định đầu tư", "Nhà thầu thi công", "Tư vấn thiết kế", "Tư vấn giám sát",
           "Ban quản lý dự án"]  # fmt: skip
ROAD = [1, "DA-2024-01", "Bê tông hóa đường liên thôn 3–5", "Đầu tư công", "có",
        "Thôn 3, xã An Bình", "1.250.000.000", dt.datetime(2024, 3, 1), "30/11/2024",
        "UBND xã An Bình - Trần Văn Bình", "UBND xã An Bình",
        "Công ty TNHH Xây dựng Hòa Phát - Nguyễn Văn An; Công ty CP Vật liệu Sông Lam",
        "Công ty Tư vấn Thiết kế Lâm Sơn - Lê Thị Cúc", "Công ty Tư vấn Minh Tâm - Phạm Văn Dũng",
        "Ban QLDA xã An Bình - Hoàng Văn Em"]  # fmt: skip
HALL = [2, "DA-2024-02", "Nhà văn hóa thôn 5", "Nhân dân đóng góp", "không", "Thôn 5",
        "850,000,000", "15/04/2024", "", "Ban phát triển thôn 5 - Đỗ Thị Gấm", "", "", "", "",
        ""]  # fmt: skip
PUMP = [3, "DA-2024-03", "Trạm bơm Đồng Lầy", "PPP", "", "", 3_200_000_000,
        dt.datetime(2024, 6, 1), dt.datetime(2025, 12, 31), "Công ty CP Nông nghiệp Xanh",
        "UBND huyện", "", "", "", ""]  # fmt: skip
EXAMPLE = [ROAD, HALL, PUMP]
# A title, an empty line, then the headers on line 3: the first project is on line 4.
FIRST_LINE = 4


def example_workbook(rows=EXAMPLE, *, headers=HEADERS, title=True) -> bytes:
    """A commune's project list as offices keep it: a title above the table, Vietnamese
    headers, an Excel date next to a typed one."""
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


def upload(rows=EXAMPLE, *, name="du-an-xa-an-binh.xlsx", **options) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, example_workbook(rows, **options), content_type=XLSX)


def read(rows=EXAMPLE, **options) -> project_import.Sheet:
    return project_import.sheet_read(io.BytesIO(example_workbook(rows, **options)))


def changed(row: list, **cells) -> list:
    """The row with some cells replaced, by header: changed(ROAD, code="DA-9")."""
    columns = {"code": 1, "name": 2, "type": 3, "commune_budget": 4, "location": 5, "budget": 6,
               "starts_on": 7, "ends_on": 8, "investor": 9, "contractor": 11}  # fmt: skip
    row = list(row)
    for name, value in cells.items():
        row[columns[name]] = value
    return row


def parsed(rows=EXAMPLE, **options) -> project_import.Outcome:
    return project_import.rows_parse(sheet=read(rows, **options))


@pytest.fixture(autouse=True)
def staging(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def english():
    # The messages are English msgids; the Vietnamese catalogue is filled in separately.
    with translation.override("en"):
        yield


def run_import(unit, actor, rows=EXAMPLE, **options) -> project_import.Outcome:
    sheet = read(rows, **options)
    return project_import.projects_import(
        unit=unit, actor=actor, sheet=sheet, file_name="du-an-xa-an-binh.xlsx"
    )


# The columns -----------------------------------------------------------------------------------


def test_vietnamese_headers_are_guessed_with_or_without_diacritics():
    assert project_import.mapping_guess(HEADERS) == {
        "code": 1,
        "name": 2,
        "type": 3,
        "commune_budget": 4,
        "location": 5,
        "budget": 6,
        "starts_on": 7,
        "ends_on": 8,
        "investor": 9,
        "decision_maker": 10,
        "contractor": 11,
        "consultant": 12,
        "supervisor": 13,
        "manager": 14,
    }
    assert project_import.mapping_guess(["Ma du an", "TEN DU AN", "Loai", "Dia diem"]) == {
        "code": 0,
        "name": 1,
        "type": 2,
        "location": 3,
    }


def test_english_headers_are_guessed():
    headers = ["Code", "Name", "Type", "Commune budget", "Location", "Budget", "Starts on",
               "Ends on", "Description", "Investor", "Decision-maker", "Contractors",
               "Consultants", "Supervisors", "Managers"]  # fmt: skip

    assert list(project_import.mapping_guess(headers).values()) == list(range(len(headers)))


def test_the_header_row_is_found_under_the_title_of_the_table():
    sheet = read()

    assert sheet.header_line == 3
    assert [line for line, _cells in sheet.lines] == [4, 5, 6]


def test_a_file_without_a_required_column_is_refused():
    headers = ["STT", "Mã dự án", "Địa điểm"]

    with pytest.raises(DomainError, match="no column for: Name, Type"):
        parsed([[1, "DA-1", "Thôn 1"]], headers=headers)


# The values ------------------------------------------------------------------------------------


def test_the_rows_are_read_with_their_types_budgets_dates_and_parties():
    road, hall, pump = parsed().rows

    assert (road.line, road.code, road.type, road.commune_budget) == (
        FIRST_LINE,
        "DA-2024-01",
        ProjectType.PUBLIC,
        True,
    )
    assert (road.budget, road.starts_on, road.ends_on) == (
        1_250_000_000,
        dt.date(2024, 3, 1),
        dt.date(2024, 11, 30),
    )
    assert (hall.type, hall.commune_budget, hall.budget, hall.ends_on) == (
        ProjectType.COMMUNITY,
        False,
        850_000_000,
        None,
    )
    assert (pump.type, pump.budget, pump.ends_on) == (
        ProjectType.PPP,
        3_200_000_000,
        dt.date(2025, 12, 31),
    )


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Đầu tư công", ProjectType.PUBLIC),
        ("dau tu cong", ProjectType.PUBLIC),
        ("Public investment", ProjectType.PUBLIC),
        ("PPP", ProjectType.PPP),
        ("Đối tác công tư", ProjectType.PPP),
        ("Public-private partnership", ProjectType.PPP),
        ("Cộng đồng", ProjectType.COMMUNITY),
        ("Nhân dân đóng góp", ProjectType.COMMUNITY),
        ("community", ProjectType.COMMUNITY),
        ("Tài trợ", ProjectType.SPONSORED),
        ("Sponsored", ProjectType.SPONSORED),
        ("Dự án đầu tư theo hình thức PPP", ProjectType.PPP),
    ],
)
def test_a_type_is_read_in_vietnamese_or_english(written, kind):
    (row,) = parsed([changed(ROAD, type=written)]).rows

    assert row.type == kind


@pytest.mark.parametrize(
    ("written", "budget"),
    [
        ("1.250.000.000", 1_250_000_000),
        ("1,250,000,000", 1_250_000_000),
        ("1250000000", 1_250_000_000),
        (1_250_000_000, 1_250_000_000),
        (1.25e9, 1_250_000_000),
        ("1 250 000 000", 1_250_000_000),
        ("1.250.000.000 đồng", 1_250_000_000),
        ("1.250.000.000đ", 1_250_000_000),
        ("", None),
    ],
)
def test_a_budget_is_read_with_dots_commas_or_none(written, budget):
    (row,) = parsed([changed(ROAD, budget=written)]).rows

    assert row.budget == budget


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("01/03/2024", dt.date(2024, 3, 1)),
        ("1/3/2024", dt.date(2024, 3, 1)),
        ("01-03-2024", dt.date(2024, 3, 1)),
        ("2024-03-01", dt.date(2024, 3, 1)),
        (dt.datetime(2024, 3, 1), dt.date(2024, 3, 1)),
        (dt.date(2024, 3, 1), dt.date(2024, 3, 1)),
        (45352, dt.date(2024, 3, 1)),
    ],
)
def test_a_date_is_read_day_first_or_from_an_excel_date(written, day):
    (row,) = parsed([changed(ROAD, starts_on=written)]).rows

    assert row.starts_on == day


def test_parties_name_organisations_split_by_semicolons_and_people_after_a_dash():
    road, hall, _pump = parsed().rows

    contractors = [p for p in road.parties if p.role == PartyRole.CONTRACTOR]
    assert contractors == [
        project_import.PartyRow(
            PartyRole.CONTRACTOR, "Công ty TNHH Xây dựng Hòa Phát", ("Nguyễn Văn An",)
        ),
        project_import.PartyRow(PartyRole.CONTRACTOR, "Công ty CP Vật liệu Sông Lam", ()),
    ]
    assert {p.role for p in road.parties} == set(PartyRole.values)
    assert [(p.role, p.name, p.people) for p in hall.parties] == [
        (PartyRole.INVESTOR, "Ban phát triển thôn 5", ("Đỗ Thị Gấm",))
    ]


def test_a_dash_inside_a_company_name_stays_in_the_name():
    row = changed(ROAD, contractor="Công ty Xây dựng-Thương mại Hòa Bình - Ngô Văn Hải, Lý Thị Hoa")

    (road,) = parsed([row]).rows

    (contractor,) = [p for p in road.parties if p.role == PartyRole.CONTRACTOR]
    assert contractor.name == "Công ty Xây dựng-Thương mại Hòa Bình"
    assert contractor.people == ("Ngô Văn Hải", "Lý Thị Hoa")


def test_every_bad_row_is_named_by_its_line_and_every_problem_is_told():
    rows = [
        ROAD,
        changed(HALL, type="Vốn vay", budget="1,5 tỷ"),
        changed(PUMP, code="", starts_on="31/02/2024"),
        changed(ROAD, code="DA-2024-09", commune_budget="có lẽ", starts_on="01/12/2024"),
    ]

    outcome = parsed(rows)

    assert [row.code for row in outcome.rows] == ["DA-2024-01"]
    assert outcome.refused == 3
    assert outcome.errors == [
        "Row 5: “Vốn vay” is not a type of project; write one of: Public investment, "
        "Public-private partnership, Community-funded, Sponsored.",
        "Row 5: write the budget in đồng as a whole number, e.g. 1.250.000.000.",
        "Row 6: “Project code” is empty.",
        "Row 6: write “Starts on” as dd/mm/yyyy, e.g. 17/05/2024.",
        "Row 7: write “có” or “không” in “Funded from the commune's budget”.",
        "Row 7: the project ends before it starts.",
    ]


def test_a_code_twice_in_the_file_is_an_error_on_its_second_row():
    outcome = parsed([ROAD, changed(HALL, code="da-2024-01")])

    assert outcome.errors == ["Row 5: the project code “da-2024-01” is also on row 4."]


def test_an_empty_template_row_is_not_a_row():
    outcome = parsed([ROAD, [2, "", "", "", "", "", "", "", "", "", "", "", "", "", ""]])

    assert (outcome.total, outcome.errors) == (1, [])


def test_a_file_with_headers_only_holds_no_projects():
    with pytest.raises(DomainError, match="no projects below its header row"):
        parsed([])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("du-an.csv", b"a;b", "Choose an Excel workbook"),
        ("du-an.xlsx", b"", "empty"),
        ("du-an.xlsx", b"not a zip at all", "cannot be read as an Excel workbook"),
        ("du-an.xlsx", b"PK\x03\x04 but broken", "cannot be read as an Excel workbook"),
    ],
)
def test_what_is_not_a_workbook_is_refused(name, content, message):
    file = SimpleUploadedFile(name, content)

    with pytest.raises(DomainError, match=message):
        project_import.upload_check(file)
        project_import.sheet_read(file)


# The import ------------------------------------------------------------------------------------


def test_a_case_officer_imports_the_projects_with_their_parties(tree, case_officer):
    outcome = run_import(tree.commune, case_officer)

    assert outcome.recorded and (outcome.new, outcome.unchanged) == (3, 0)
    road = Project.objects.get(unit=tree.commune, code="DA-2024-01")
    assert (road.name, road.type, road.commune_budget, road.budget) == (
        "Bê tông hóa đường liên thôn 3–5",
        ProjectType.PUBLIC,
        True,
        1_250_000_000,
    )
    assert len(road.import_key) == 64
    contractor = road.parties.get(name="Công ty TNHH Xây dựng Hòa Phát")
    assert (contractor.role, contractor.people) == (PartyRole.CONTRACTOR, "Nguyễn Văn An")
    assert Party.objects.filter(project__unit=tree.commune).count() == 7 + 1 + 2


def test_every_history_row_of_an_import_names_the_importer_and_the_row(tree, case_officer):
    run_import(tree.commune, case_officer)

    road = Project.objects.get(code="DA-2024-01")
    (history,) = road.history.all()
    assert history.history_user == case_officer
    assert history.history_change_reason == (
        "Imported from the spreadsheet “du-an-xa-an-binh.xlsx”, row 4"
    )
    party_history = Party.history.filter(project_id=road.pk)
    assert party_history.count() == 7
    assert {(h.history_user_id, h.history_change_reason) for h in party_history} == {
        (case_officer.pk, history.history_change_reason)
    }


def test_importing_the_same_file_again_changes_nothing(tree, case_officer):
    run_import(tree.commune, case_officer)
    histories = Project.history.count() + Party.history.count()

    again = run_import(tree.commune, case_officer)

    assert again.recorded and (again.new, again.unchanged, again.errors) == (0, 3, [])
    assert Project.objects.filter(unit=tree.commune).count() == 3
    assert Project.history.count() + Party.history.count() == histories


def test_a_file_adding_one_project_to_an_imported_one_records_only_that_one(tree, case_officer):
    run_import(tree.commune, case_officer, [ROAD, HALL])

    outcome = run_import(tree.commune, case_officer, [HALL, ROAD, PUMP])

    assert (outcome.new, outcome.unchanged) == (1, 2)
    assert Project.objects.filter(unit=tree.commune).count() == 3


def test_a_project_entered_by_hand_with_the_same_details_is_unchanged(tree, case_officer):
    Project.objects.create(
        unit=tree.commune,
        code="DA-2024-03",
        name="Trạm bơm Đồng Lầy",
        type=ProjectType.PPP,
        budget=3_200_000_000,
        starts_on=dt.date(2024, 6, 1),
        ends_on=dt.date(2025, 12, 31),
    ).parties.create(role=PartyRole.INVESTOR, name="Công ty CP Nông nghiệp Xanh")
    Party.objects.create(
        project=Project.objects.get(code="DA-2024-03"),
        role=PartyRole.DECISION_MAKER,
        name="UBND huyện",
    )

    outcome = run_import(tree.commune, case_officer, [PUMP])

    assert (outcome.new, outcome.unchanged, outcome.errors) == (0, 1, [])


def test_a_code_recorded_with_other_details_is_a_row_error_and_nothing_is_recorded(
    tree, case_officer
):
    Project.objects.create(
        unit=tree.commune, code="DA-2024-02", name="Sân thể thao thôn 5", type=ProjectType.PUBLIC
    )

    outcome = run_import(tree.commune, case_officer)

    assert not outcome.recorded
    assert outcome.errors == [
        "Row 5: a project with the code “DA-2024-02” is already recorded with other details; "
        "correct it in the app, or give this row another code."
    ]
    assert list(Project.objects.values_list("code", flat=True)) == ["DA-2024-02"]


def test_an_imported_row_changed_in_the_file_is_a_row_error(tree, case_officer):
    run_import(tree.commune, case_officer, [ROAD])

    outcome = run_import(tree.commune, case_officer, [changed(ROAD, budget="1.300.000.000")])

    assert outcome.errors == [
        "Row 4: a project with the code “DA-2024-01” is already recorded with other details; "
        "correct it in the app, or give this row another code."
    ]
    assert Project.objects.get(code="DA-2024-01").budget == 1_250_000_000


def test_the_same_code_in_another_commune_is_another_project(tree, case_officer, leader):
    Project.objects.create(
        unit=tree.neighbour, code="DA-2024-01", name="Chợ xã Phú Hòa", type=ProjectType.PUBLIC
    )

    outcome = run_import(tree.commune, leader, [ROAD])

    assert outcome.recorded and outcome.new == 1
    assert Project.objects.filter(code="DA-2024-01").count() == 2


def test_one_bad_row_and_nothing_is_recorded(tree, case_officer):
    outcome = run_import(tree.commune, case_officer, [ROAD, changed(HALL, type=""), PUMP])

    assert not outcome.recorded
    assert outcome.errors == ["Row 5: “Type” is empty."]
    assert not Project.objects.exists()


def test_a_failure_while_saving_leaves_nothing_recorded(tree, case_officer, monkeypatch):
    real_save = Party.save
    saved = []

    def failing_save(self, *args, **kwargs):
        if len(saved) == 8:
            raise RuntimeError("the disk is full")
        saved.append(self)
        real_save(self, *args, **kwargs)

    monkeypatch.setattr(Party, "save", failing_save)

    with pytest.raises(RuntimeError):
        run_import(tree.commune, case_officer)

    assert not Project.objects.exists()
    assert not Party.objects.exists()


def test_the_dry_run_counts_and_writes_nothing(tree, case_officer):
    run_import(tree.commune, case_officer, [ROAD])

    plan = project_import.projects_import_plan(unit=tree.commune, actor=case_officer, sheet=read())

    assert (plan.new, plan.unchanged, plan.refused, plan.recorded) == (2, 1, 0, False)
    assert Project.objects.count() == 1


def test_the_commune_leader_imports_projects(tree, leader):
    assert run_import(tree.commune, leader).recorded


@pytest.mark.parametrize("person", ["reception_officer", "board_member", "auditor", "outsider"])
def test_nobody_but_the_commune_committee_officers_and_leaders_imports(request, tree, person):
    actor = request.getfixturevalue(person)

    with pytest.raises(NotAllowed):
        run_import(tree.commune, actor)
    with pytest.raises(NotAllowed):
        project_import.projects_import_plan(unit=tree.commune, actor=actor, sheet=read())
    assert not Project.objects.exists()


def test_projects_are_imported_only_into_a_commune_committee(tree, province_admin):
    for unit in (tree.province, tree.board):
        with pytest.raises(DomainError, match="commune's Fatherland Front committee"):
            run_import(unit, province_admin)


# The pages -------------------------------------------------------------------------------------


@pytest.fixture
def officer(case_officer):
    case_officer.language = "en"
    case_officer.save()
    return case_officer


def import_url(unit) -> str:
    return reverse("supervision:project-import", args=[unit.pk])


def confirm_url(unit) -> str:
    return reverse("supervision:project-import-confirm", args=[unit.pk])


def preview(client, unit, file=None):
    return client.post(import_url(unit), {"file": file or upload()})


def test_the_urls_take_the_commune_unit_id():
    assert import_url(type("U", (), {"pk": 7})).endswith("/7/projects/import/")
    assert confirm_url(type("U", (), {"pk": 7})).endswith("/7/projects/import/confirm/")


def test_the_upload_shows_a_preview_of_the_rows_and_stages_the_file(client, tree, officer):
    client.force_login(officer)
    assert client.get(import_url(tree.commune)).status_code == 200

    response = preview(client, tree.commune)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="import-preview"' in page
    assert 'class="table"' in page  # scrolls inside its card on a phone
    assert "DA-2024-01" in page and "Trạm bơm Đồng Lầy" in page
    assert "1,250,000,000" in page
    assert "Công ty TNHH Xây dựng Hòa Phát" in page and "Nguyễn Văn An" in page
    assert 'data-testid="import"' in page
    assert response.context["outcome"].new == 3
    token = response.context["token"]
    assert default_storage.exists(f"imports/projects/{token}.xlsx")
    assert not Project.objects.exists()


def test_the_preview_names_every_bad_row_and_offers_no_import(client, tree, officer):
    client.force_login(officer)
    rows = [ROAD, changed(HALL, budget="nhiều tiền")]

    response = preview(client, tree.commune, upload(rows))

    page = response.content.decode()
    assert "Row 5: write the budget in đồng as a whole number" in page
    assert 'data-testid="import"' not in page
    assert 'data-testid="dry-run"' in page


def test_the_dry_run_button_shows_the_counts_and_records_nothing(client, tree, officer):
    client.force_login(officer)
    token = preview(client, tree.commune).context["token"]

    response = client.post(confirm_url(tree.commune), {"token": token, "action": "dry_run"})

    assert response.status_code == 200
    assert 'data-testid="import-dry-run"' in response.content.decode()
    assert response.context["outcome"].new == 3
    assert not Project.objects.exists()


def test_the_import_button_records_the_projects_and_says_so(client, tree, officer):
    client.force_login(officer)
    token = preview(client, tree.commune).context["token"]

    response = client.post(confirm_url(tree.commune), {"token": token, "action": "import"})

    assert response.status_code == 302
    assert response["Location"] == import_url(tree.commune)
    assert Project.objects.filter(unit=tree.commune).count() == 3
    assert Project.history.filter(history_user=officer).count() == 3
    assert not default_storage.exists(f"imports/projects/{token}.xlsx")
    page = client.get(response["Location"]).content.decode()
    assert "3 projects imported; 0 already recorded." in page


def test_importing_the_same_file_again_through_the_pages_changes_nothing(client, tree, officer):
    client.force_login(officer)
    for _time in range(2):
        token = preview(client, tree.commune).context["token"]
        client.post(confirm_url(tree.commune), {"token": token, "action": "import"})

    page = client.get(import_url(tree.commune)).content.decode()
    assert "0 projects imported; 3 already recorded." in page
    assert Project.objects.count() == 3


def test_an_import_refused_for_a_bad_row_lists_it_and_records_nothing(client, tree, officer):
    client.force_login(officer)
    token = preview(client, tree.commune).context["token"]
    Project.objects.create(unit=tree.commune, code="DA-2024-03", name="Khác", type="public")

    response = client.post(confirm_url(tree.commune), {"token": token, "action": "import"})

    assert response.status_code == 400
    assert "Row 6: a project with the code “DA-2024-03”" in response.content.decode()
    assert Project.objects.count() == 1


def test_a_file_that_is_not_a_workbook_is_refused_on_the_upload_page(client, tree, officer):
    client.force_login(officer)

    response = preview(client, tree.commune, SimpleUploadedFile("du-an.xlsx", b"hello"))

    assert response.status_code == 400
    assert "cannot be read as an Excel workbook" in response.content.decode()


def test_a_token_of_another_session_is_not_honoured(client, tree, officer, leader):
    client.force_login(officer)
    token = preview(client, tree.commune).context["token"]
    client.force_login(leader)

    response = client.post(confirm_url(tree.commune), {"token": token, "action": "import"})

    assert response.status_code == 400
    assert not Project.objects.exists()


def test_a_token_staged_for_another_commune_is_not_honoured(client, tree, officer):
    from tests.factories import grant

    grant(officer, tree.neighbour)
    client.force_login(officer)
    token = preview(client, tree.commune).context["token"]

    response = client.post(confirm_url(tree.neighbour), {"token": token, "action": "import"})

    assert response.status_code == 400
    assert not Project.objects.exists()


@pytest.mark.parametrize("person", ["reception_officer", "board_member", "outsider"])
def test_the_pages_refuse_whoever_may_not_import(client, request, tree, person):
    client.force_login(request.getfixturevalue(person))

    assert client.get(import_url(tree.commune)).status_code == 403
    assert preview(client, tree.commune).status_code == 403
    assert client.post(confirm_url(tree.commune), {"token": "0" * 32}).status_code == 403


def test_someone_signed_out_is_sent_to_the_login_page(client, tree):
    response = client.get(import_url(tree.commune))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_unit_that_is_not_a_commune_committee_has_no_import_page(client, tree, officer):
    client.force_login(officer)

    assert client.get(import_url(tree.province)).status_code == 404
    assert client.get(import_url(tree.board)).status_code == 404
    too_long = import_url(tree.province).replace(str(tree.province.pk), "9" * 20)
    assert client.get(too_long).status_code == 404


def test_the_pages_open_in_vietnamese_the_default_language(client, tree, case_officer):
    client.force_login(case_officer)

    assert client.get(import_url(tree.commune)).status_code == 200
    response = preview(client, tree.commune)

    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert "1.250.000.000" in response.content.decode()
