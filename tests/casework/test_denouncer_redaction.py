"""A denouncer's identity, walked page by page as the whole cast (Luật Tố cáo Art. 8.3, 47, 56).

One denunciation is received, classified, referred and sent to the agency. Then every role reads
every page and API answer about the case. The denouncer's name, ID number and phone may appear
only to the user allowed to see them (the reception officer who took the denunciation), only on
the pages that list the signers, and each such showing is logged. Everything else (the transfer
slip, the lists, the inbox, the action pages, the audit trail, the tasks, the notifications) never
carries them, for anyone.
"""

import datetime as dt
import html
import json
from collections import Counter

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from casework import reception
from casework.choices import PetitionState as S
from casework.flows import PetitionFlow
from casework.models import IdentityView
from casework.services import identity_grant
from casework.services.intake import AttachmentData, SignerData
from notifications.models import Notification
from units.search import fold
from workflows import acting

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Văn Tố"
ID_NUMBER = "001090012345"
PHONE = "0912345678"
DENOUNCER = SignerData(
    full_name=NAME,
    id_number=ID_NUMBER,
    phone=PHONE,
    address="Số 5 ngõ 12, Xã An Bình",
)
TITLE = "Cán bộ địa chính xã nhận tiền khi cấp sổ đỏ"
CONTENT = "Cán bộ địa chính xã yêu cầu nộp thêm 5 triệu đồng ngoài lệ phí khi cấp giấy chứng nhận."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The user allowed to see the identity without a grant: the officer who received it.
ALLOWED = "reception_officer"
ROLES = [
    pytest.param("reception_officer", id="the receiving reception officer"),
    pytest.param("case_officer", id="a case officer"),
    pytest.param("leader", id="the unit leader"),
    pytest.param("agency_official", id="the agency official"),
    pytest.param("board_member", id="a people's inspection board member"),
    pytest.param("auditor", id="the provincial auditor"),
    pytest.param("outsider", id="an officer of another commune"),
]
NOT_ALLOWED = [p for p in ROLES if p.values[0] != ALLOWED]
# Roles that may open the case at all: for them the walk must not pass by reading only 404s.
SEE_THE_CASE = {"reception_officer", "case_officer", "leader", "agency_official", "auditor"}

# The pages that list the signers; where the identity may appear (to the allowed only).
SIGNER_PAGES = {"case page", "receipt", "API detail"}
# Where each of them logs the showing (IdentityView.where).
LOGGED_AS = {"case page": "case page", "receipt": "receipt", "API detail": "api"}
# The receipt names only the primary petitioner; the case page and the API list everything.
SHOWN_ON = {
    "case page": ("name", "ID number", "phone"),
    "receipt": ("name",),
    "API detail": ("name", "ID number", "phone"),
}


def identity_in(text: str) -> list[str]:
    """Which traces of the denouncer `text` carries, as-is, case-folded or without diacritics."""
    found = []
    if NAME in text:
        found.append("name")
    if NAME.casefold() in text.casefold():
        found.append("name (case-folded)")
    if fold(NAME) in fold(text):
        found.append("name (without diacritics)")
    if ID_NUMBER in text:
        found.append("ID number")
    if PHONE in text:
        found.append("phone")
    return found


def decoded(response) -> str:
    """The text a reader gets: HTML entities resolved, JSON with its escapes undone."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return html.unescape(body.decode("utf-8", errors="replace"))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def case(tree, reception_officer, case_officer, leader, agency_official):
    """A denunciation with a scan that identifies the denouncer, sent to the agency."""
    scan = SimpleUploadedFile("don-to-cao.pdf", PDF, content_type="application/pdf")
    petition = reception.petition_start(
        actor=reception_officer,
        unit=tree.commune,
        channel="in_person",
        kind="denunciation",
        title=TITLE,
        content=CONTENT,
        received_on=dt.date(2026, 11, 23),
        signers=[DENOUNCER],
        attachments=[AttachmentData(file=scan, kind="petition_scan", identifies_petitioner=True)],
    ).petition
    assert identity_in(f"{petition.title} {petition.content}") == []
    acting.act(
        case=petition,
        action="classify",
        actor=case_officer,
        kind="denunciation",
        field="officials",
        processable=True,
        reason="Đủ điều kiện xử lý",
    )
    acting.act(
        case=petition,
        action="refer",
        actor=case_officer,
        agency=tree.agency,
        reason="Thuộc thẩm quyền UBND xã",
    )
    acting.act(case=petition, action="send_referral", actor=leader, reason="Đã ký phiếu chuyển")
    petition.refresh_from_db()
    assert petition.state == S.AWAITING_ANSWER
    assert petition.identity_protected
    assert not IdentityView.objects.filter(petition=petition).exists()
    return petition


def pages(petition) -> list[tuple[str, str]]:
    """(label, URL) of every page and API answer about the case."""
    api = f"/api/v1/petitions/{petition.pk}/"
    word = TITLE.split()[-1]
    found = [
        ("home", reverse("home")),
        ("case page", reverse("casework:petition-detail", args=[petition.pk])),
        ("list", reverse("casework:petition-list")),
        ("list searched by subject", reverse("casework:petition-list") + f"?q={word}"),
        (
            "list searched by tracking code",
            reverse("casework:petition-list") + f"?q={petition.tracking_code}",
        ),
        ("transfer slip", reverse("casework:referral-slip", args=[petition.current_referral().pk])),
        ("receipt", reverse("casework:petition-receipt", args=[petition.pk])),
        ("inbox", reverse("workflows:inbox")),
        ("inbox searched by subject", reverse("workflows:inbox") + f"?q={word}"),
        ("API list", "/api/v1/petitions/"),
        ("API list searched by subject", f"/api/v1/petitions/?q={word}"),
        ("API detail", api),
        ("API history", f"{api}history/"),
        ("API tasks", f"{api}tasks/"),
    ]
    found += [
        (f"action page “{name}”", reverse("casework:petition-action", args=[petition.pk, name]))
        for name in acting.actions_of(PetitionFlow)
    ]
    return found


def read_everything(client, petition, user) -> tuple[dict[str, str], dict[str, int]]:
    """Texts of the 200 answers by label, and every status by URL."""
    texts, statuses = {}, {}
    for label, url in pages(petition):
        response = client.get(url)
        statuses[f"{label} {url}"] = response.status_code
        if response.status_code == 200:
            texts[f"{label} {url}"] = decoded(response)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for note in Notification.objects.filter(recipient=user):
                texts[f"notification #{note.pk} ({language})"] = note.message()
    return texts, statuses


def label_of(key: str) -> str:
    return key.rsplit(" /", 1)[0]


@pytest.fixture
def read_as(request, client, case):
    def read_as(role):
        user = request.getfixturevalue(role)
        client.force_login(user)
        texts, statuses = read_everything(client, case, user)
        if role in SEE_THE_CASE:
            assert statuses[f"case page {case.get_absolute_url()}"] == 200, statuses
            lists = [key for key in texts if label_of(key).startswith(("list", "API list"))]
            assert len(lists) == 5
            assert all(case.tracking_code in texts[key] for key in lists), lists
        return user, texts

    return read_as


@pytest.mark.parametrize("role", ROLES)
def test_pages_that_list_no_signers_never_name_the_denouncer(role, read_as):
    _user, texts = read_as(role)
    leaks = {
        key: found
        for key, text in texts.items()
        if label_of(key) not in SIGNER_PAGES and (found := identity_in(text))
    }
    assert leaks == {}


@pytest.mark.parametrize("role", ROLES)
def test_pages_that_list_signers_name_the_denouncer_only_to_the_allowed_user(role, read_as):
    _user, texts = read_as(role)
    shown = {
        label_of(key): identity_in(text)
        for key, text in texts.items()
        if label_of(key) in SIGNER_PAGES
    }
    if role == ALLOWED:
        assert set(shown) == SIGNER_PAGES
        for label, wanted in SHOWN_ON.items():
            assert set(wanted) <= set(shown[label]), label
    else:
        assert {label: found for label, found in shown.items() if found} == {}


@pytest.mark.parametrize("role", ROLES)
def test_every_showing_of_the_identity_is_logged_and_nothing_else_is(role, read_as, case):
    user, _texts = read_as(role)
    logged = Counter(IdentityView.objects.filter(petition=case).values_list("user", "where"))
    if role == ALLOWED:
        assert logged == Counter((user.pk, where) for where in LOGGED_AS.values())
    else:
        assert logged == Counter()


@pytest.mark.parametrize("role", ROLES)
def test_a_file_identifying_the_denouncer_opens_only_for_the_allowed_user(
    role, request, client, case
):
    user = request.getfixturevalue(role)
    attachment = case.attachments.get(identifies_petitioner=True)
    client.force_login(user)
    page = client.get(case.get_absolute_url())
    response = client.get(reverse("casework:attachment-download", args=[attachment.pk]))
    views = set(IdentityView.objects.filter(petition=case).values_list("user", "where"))
    if role == ALLOWED:
        assert response.status_code == 200
        assert "don-to-cao.pdf" in response["Content-Disposition"]
        assert (user.pk, f"attachment {attachment.pk}") in views
    else:
        assert response.status_code in (403, 404)
        if page.status_code == 200:
            assert "don-to-cao.pdf" not in decoded(page)
        assert views == set()


@pytest.mark.parametrize("role", NOT_ALLOWED)
def test_searching_for_the_denouncer_does_not_reveal_the_case(role, request, client, case):
    client.force_login(request.getfixturevalue(role))
    for term in (NAME, fold(NAME), ID_NUMBER, PHONE):
        response = client.get(reverse("casework:petition-list"), {"q": term})
        assert response.status_code == 200
        assert case not in list(response.context["page"]), term
        api = client.get("/api/v1/petitions/", {"q": term})
        assert case.pk not in [row["id"] for row in api.json()["results"]], term


def test_no_notification_names_the_denouncer_to_any_recipient(case):
    rows = list(Notification.objects.select_related("recipient"))
    assert rows, "the walk should have notified someone"
    leaks = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for note in rows:
                if found := identity_in(note.message()):
                    leaks[f"#{note.pk} to {note.recipient.username} ({language})"] = found
    assert leaks == {}


def test_a_leader_s_grant_lets_the_case_officer_see_the_denouncer_but_not_the_agency_official(
    client, case, leader, case_officer, agency_official
):
    client.force_login(case_officer)
    before = decoded(client.get(case.get_absolute_url()))
    assert identity_in(before) == []

    identity_grant(petition=case, actor=leader, user=case_officer, reason="Cần xác minh")

    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    assert {"name", "ID number", "phone"} <= set(identity_in(decoded(response)))
    assert IdentityView.objects.filter(petition=case, user=case_officer, where="case page").exists()
    # The slip stays stripped even for someone now allowed.
    slip = client.get(reverse("casework:referral-slip", args=[case.current_referral().pk]))
    assert slip.status_code == 200
    assert identity_in(decoded(slip)) == []

    client.force_login(agency_official)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    assert identity_in(decoded(response)) == []
    assert not IdentityView.objects.filter(petition=case, user=agency_official).exists()
