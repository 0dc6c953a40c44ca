"""No identity form reaches anyone without a grant, and every showing to a granted user is
logged (Luật Tố cáo Art. 8.3, 47, 56; issue 10).

The demo organisation receives a few realistic petitions (`story.py`) whose people are written
into every free text the way people type them: with and without diacritics, in capitals, after
an honorific, numbers with dots, spaces and +84, the street address, the e-mail, and a co-signer
renamed after registration. Then every demo role, an anonymous visitor, the officer who received
the cases (allowed by intake) and an officer a leader allowed open every page of the project
(`crawl.py`), the API's documented paths, searches for the people, the audit pages and exports;
their notifications, e-mails and the log lines of the whole run are read too.

The checker (`forms.py`) is independent of `cases.identity`. Every failure is collected and
reported at the end as (role, address, form), grouped by page and form; with
IDENTITY_CRAWLER_REPORT=<path> the report is also written to that file.
"""

import json
import logging
import os
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import Max
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import Export
from casework.models import IdentityGrant, IdentityView
from notifications.digest import send_daily_digests
from notifications.emails import deliver_pending_emails
from notifications.models import Notification

from . import crawl
from .forms import Finder, readable
from .story import DIEP_QUYNH, GRANTEE, KIM_THOA, PEOPLE, VAN_THUONG, build

pytestmark = pytest.mark.django_db

# Every demo role, an anonymous visitor, and the officer a leader allowed. The reception
# officer received every planted case, so intake allowed them on each protected one.
ROLES = {
    "tiepdan": "reception officer, received the cases (allowed by intake)",
    "chuyenvien": "case officer",
    "lanhdao": "unit leader",
    "coquan": "agency official",
    "bttnd": "board member",
    "kiemtra": "auditor",
    "admin": "administrator, superuser",
    None: "anonymous",
    GRANTEE[0]: "case officer allowed by the leader",
}


@dataclass(frozen=True)
class Failure:
    role: str
    name: str
    url: str
    form: str

    def line(self) -> str:
        return f"{self.role:<11} {self.url}  →  {self.form}"


@pytest.fixture
def story(time_limits, settings, tmp_path, caplog, monkeypatch, django_capture_on_commit_callbacks):
    from config.celery import app

    caplog.set_level(logging.DEBUG)
    settings.MEDIA_ROOT = tmp_path
    # As in development: background tasks (the exports) run in the process.
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    story = build()
    for name in ("kiemtra", "admin"):
        client = Client()
        client.force_login(story.users[name])
        for fmt in ("csv", "xlsx"):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(reverse("audit:export-create"), {"format": fmt})
            assert response.status_code == 302
    story.exports = list(Export.objects.order_by("pk").values_list("pk", flat=True))
    assert set(Export.objects.values_list("status", flat=True)) == {"done"}
    deliver_pending_emails()
    send_daily_digests(timezone.localdate())
    return story


def _params(target: crawl.Target) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(target.url).query) + [(k, str(v)) for k, v in target.data]


def _fetch(client: Client, target: crawl.Target):
    # A savepoint per request: a page that fails leaves the test's transaction usable.
    with transaction.atomic():
        if target.method == "post":
            return client.post(target.url, dict(target.data))
        return client.get(target.url)


def _last_view(user) -> int:
    return IdentityView.objects.filter(user=user).aggregate(last=Max("id"))["last"] or 0


def _forbidden(hits, *, target, granted, views, cases_of) -> list[str]:
    """What the response showed that this reader may not see, or saw without a record."""
    found = []
    for hit in sorted(hits, key=lambda h: (h.person.label, h.form)):
        if not hit.person.protected:
            continue
        who = f"{hit.form} [{hit.person.label}]"
        cases = cases_of[hit.person]
        if target.outsider:
            found.append(f"{who}: never shown here, whoever reads it")
            continue
        allowed = cases & granted & ({target.case} if target.case else cases)
        if not allowed:
            found.append(f"{who}: shown without a grant")
        elif not views & allowed:
            found.append(f"{who}: shown to an allowed user without an IdentityView")
    return found


def _interface_text() -> str:
    """The application's own wording: the Vietnamese catalogue and the templates."""
    root = Path(settings.BASE_DIR)
    texts = [(root / "config/locale/vi/LC_MESSAGES/django.po").read_text()]
    texts += [p.read_text() for p in root.glob("*/templates/**/*.html") if ".venv" not in p.parts]
    return "\n".join(texts)


def test_no_identity_form_reaches_anyone_without_a_grant_and_every_showing_is_logged(story, caplog):
    started = time.monotonic()
    finder = Finder(PEOPLE)
    own_words = {
        h.form for h in finder.find(_interface_text()) if not h.form.startswith(("ID", "phone"))
    }
    assert not own_words, f"the interface itself says {own_words}: plant other names"

    admin = Client()
    admin.force_login(story.users["admin"])
    schema = admin.get(reverse("api-schema"), {"format": "json"})
    assert schema.status_code == 200
    plan = crawl.Plan()
    crawl.pattern_targets(plan, story)
    crawl.schema_targets(plan, story, json.loads(schema.content))
    crawl.search_targets(plan, story)
    crawl.audit_targets(plan, story, timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    crawl.lookup_targets(plan, story)

    failures = [
        Failure("crawler", name, name, f"not crawled: {why}") for name, why in plan.problems
    ]
    statuses: dict[tuple[str | None, str], int] = {}
    seen: dict[tuple[str | None, str], set] = {}
    requests = 0
    codes = {p.pk: p.tracking_code for p in story.petitions.values()}
    for role in ROLES:
        user = story.users.get(role) if role else None
        label = role or "anonymous"
        client = Client()
        if user is not None:
            client.force_login(user)
        granted = set(
            IdentityGrant.objects.filter(user=user).values_list("petition_id", flat=True)
            if user
            else ()
        )
        listed_anyway: dict[str, set[int]] = {}
        for target in plan.targets:
            if target.admin and not (user and user.is_staff):
                continue
            if target.anonymous_only and user is not None:
                continue
            before = _last_view(user) if granted else 0
            requests += 1
            try:
                response = _fetch(client, target)
            except Exception as error:
                failures.append(
                    Failure(label, target.name, target.url, f"not checked: raised {error!r}"[:300])
                )
                continue
            views = (
                set(
                    IdentityView.objects.filter(user=user, id__gt=before).values_list(
                        "petition_id", flat=True
                    )
                )
                if granted
                else set()
            )
            statuses[(role, target.url)] = response.status_code
            text, markup = readable(response, _params(target))
            hits = finder.find(text, markup=markup)
            seen[(role, target.url)] = hits
            for form in _forbidden(
                hits, target=target, granted=granted, views=views, cases_of=story.cases_of
            ):
                failures.append(Failure(label, target.name, target.url, form))
            # A search that finds a protected case by its person's identity tells who filed
            # it, even when every text on the page is scrubbed.
            listed = {pk for pk, code in codes.items() if code in text}
            if target.searched is None:
                listed_anyway[target.url] = listed
            elif target.searched.protected:
                found = (listed - listed_anyway.get(target.baseline, set())) & (
                    story.cases_of[target.searched] - granted
                )
                for pk in sorted(found):
                    failures.append(
                        Failure(
                            label,
                            target.name,
                            target.url,
                            f"search by {target.searched.label}'s identity finds case {codes[pk]}"
                            " (identity oracle)",
                        )
                    )

    # Notifications and e-mails go out as to someone without a grant, whoever receives them.
    everyone = crawl.Target("notification", "", outsider=True)
    for note in Notification.objects.select_related("recipient"):
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                text = note.message() + "\n" + json.dumps(note.payload(), ensure_ascii=False)
            for form in _forbidden(
                finder.find(text),
                target=everyone,
                granted=set(),
                views=set(),
                cases_of=story.cases_of,
            ):
                failures.append(
                    Failure(
                        note.recipient.username,
                        "notification",
                        f"notification #{note.pk} {note.kind} ({language})",
                        form,
                    )
                )
    assert mail.outbox, "the story should have e-mailed someone"
    for message in mail.outbox:
        text = "\n".join(
            [
                message.subject,
                message.body,
                *(body for body, _type in getattr(message, "alternatives", [])),
            ]
        )
        for form in _forbidden(
            finder.find(text), target=everyone, granted=set(), views=set(), cases_of=story.cases_of
        ):
            failures.append(
                Failure(",".join(message.to), "e-mail", f"e-mail “{message.subject}”", form)
            )
    for record in caplog.records:
        text = record.getMessage() + "\n" + (record.exc_text or "")
        for form in _forbidden(
            finder.find(text), target=everyone, granted=set(), views=set(), cases_of=story.cases_of
        ):
            failures.append(
                Failure("log", f"log {record.name}", f"{record.levelname} {record.name}", form)
            )

    failures += _sanity(story, plan, statuses, seen)
    elapsed = time.monotonic() - started
    report = _report(failures, requests=requests, seconds=elapsed)
    if path := os.environ.get("IDENTITY_CRAWLER_REPORT"):
        Path(path).write_text(report)
    assert not failures, report


def _sanity(story, plan, statuses, seen) -> list[Failure]:
    """The crawl proves something only if it reached the cases and its checker sees names."""
    problems = []
    petitions = story.petitions
    detail = {key: reverse("casework:petition-detail", args=[p.pk]) for key, p in petitions.items()}
    for role in ("tiepdan", "chuyenvien", "lanhdao", "kiemtra", "admin", GRANTEE[0]):
        for key, url in detail.items():
            if statuses.get((role, url)) != 200:
                problems.append(
                    Failure(
                        "crawler", "sanity", url, f"{role} got {statuses.get((role, url))} on {key}"
                    )
                )
    for key in ("denunciation", "protected feedback", "complaint"):
        url = detail[key]
        if statuses.get(("coquan", url)) != 200:
            problems.append(
                Failure("crawler", "sanity", url, f"coquan cannot open the referred {key}")
            )
    if not any(h.person is VAN_THUONG for h in seen.get(("chuyenvien", detail["complaint"]), ())):
        problems.append(
            Failure(
                "crawler", "sanity", detail["complaint"], "the checker sees no unprotected name"
            )
        )
    for role in ("tiepdan", GRANTEE[0]):
        for person, key in ((KIM_THOA, "denunciation"), (DIEP_QUYNH, "protected feedback")):
            if not any(h.person is person for h in seen.get((role, detail[key]), ())):
                problems.append(
                    Failure(
                        "crawler",
                        "sanity",
                        detail[key],
                        f"{role}, allowed, does not see {person.label} on the case page",
                    )
                )
    return problems


def _report(failures: list[Failure], *, requests: int, seconds: float) -> str:
    lines = [
        f"Identity crawler: {len(failures)} failures in {requests} requests ({seconds:.0f} s)",
        "Roles: " + "; ".join(f"{role or 'anonymous'} = {what}" for role, what in ROLES.items()),
        "",
        "By page and form (roles; example address):",
    ]
    groups: dict[str, dict[str, list[Failure]]] = defaultdict(lambda: defaultdict(list))
    for failure in failures:
        groups[failure.name][failure.form].append(failure)
    for name in sorted(groups):
        lines.append(f"== {name}")
        for form in sorted(groups[name]):
            items = groups[name][form]
            roles = ", ".join(sorted({f.role for f in items}))
            lines.append(f"   {form}\n      {len(items)}× — {roles} — e.g. {items[0].url}")
    lines += ["", "Every failure (role, address, form):"]
    lines += [f.line() for f in failures]
    return "\n".join(lines) + "\n"
