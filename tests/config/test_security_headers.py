"""Security headers: a strict Content-Security-Policy on every page, nothing a signed-in person
sees left in a cache, and production settings that pass Django's deployment checks."""

import datetime as dt
import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from audit import tasks
from audit.models import Export
from audit.selectors import EventFilters
from casework import reception
from casework.services.intake import SignerData

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def petition(tree, reception_officer):
    return reception.petition_start(
        actor=reception_officer,
        unit=tree.commune,
        channel="in_person",
        kind="complaint",
        title="Đèn đường hỏng nhiều tháng",
        content="Đoạn đường thôn 3 không có đèn từ tháng 8.",
        received_on=dt.date(2026, 11, 23),
        signers=[SignerData(full_name="Phạm Văn Hải", address="Thôn 3, xã An Bình")],
    ).petition


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_every_page_carries_a_strict_content_security_policy(client):
    policy = directives(client.get(reverse("login")))
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src"]


def test_the_receipts_print_style_carries_the_nonce_of_its_policy(
    client, petition, reception_officer
):
    client.force_login(reception_officer)
    response = client.get(reverse("casework:petition-receipt", args=[petition.pk]))
    assert response.status_code == 200
    nonce = re.search(r'<style media="print" nonce="([^"]+)">', response.content.decode())[1]
    assert f"'nonce-{nonce}'" in directives(response)["style-src"]
    assert "onclick" not in response.content.decode()


def test_pages_have_no_inline_scripts_or_event_handlers():
    # The project's templates and every app's own.
    templates = [p for p in ROOT.glob("*/templates/**/*.html") if ".venv" not in p.parts]
    inline = [
        path.relative_to(ROOT)
        for path in templates
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=\"", path.read_text())
    ]
    assert inline == []


def test_a_case_page_is_not_stored(client, petition, case_officer):
    client.force_login(case_officer)
    response = client.get(reverse("casework:petition-detail", args=[petition.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["workflows:inbox", "notifications:inbox", "audit:event-search"])
def test_the_inboxes_and_the_audit_workspace_are_not_stored(client, auditor, name):
    client.force_login(auditor)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_an_api_answer_is_not_stored_with_a_session_or_a_token(client, case_officer):
    from rest_framework.authtoken.models import Token

    client.force_login(case_officer)
    assert "no-store" in client.get("/api/v1/petitions/")["Cache-Control"]
    client.logout()
    token = Token.objects.create(user=case_officer)
    response = client.get("/api/v1/petitions/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_an_export_download_is_not_stored(client, auditor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    export = Export.objects.create(
        requested_by=auditor, format="csv", filters=EventFilters().to_json()
    )
    tasks.export_events(export.pk)
    client.force_login(auditor)
    response = client.get(reverse("audit:export-download", args=[export.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    response.close()


def test_static_files_stay_cacheable_for_signed_in_people(client, case_officer):
    client.force_login(case_officer)
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_public_page_for_anonymous_visitors_is_left_to_its_view(client):
    response = client.get(reverse("health"))
    assert "Cache-Control" not in response


def test_production_settings_pass_the_deployment_checks():
    key = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(50))
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": key,
        "ALLOWED_HOSTS": "example.vn",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_COOKIES"):
        env.pop(name, None)
    code = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
