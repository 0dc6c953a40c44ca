"""The morning digest: one e-mail per person who asked for it, listing their overdue items.

What is overdue is domain knowledge, and this app imports no domain app, so the items come from
sources the domain apps register at start-up (casework registers its overdue petitions in its
AppConfig.ready). A source receives a user and returns (label, url, due date) tuples of items
that user may see; the label must never identify a person (a tracking code and a kind, not a
subject or a name): it is sent by e-mail.
"""

import logging
from collections.abc import Callable, Iterable
from datetime import date

from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .emails import site_link
from .models import NotificationPreference

logger = logging.getLogger(__name__)

DigestItem = tuple[str, str, date]  # (label, path on this site, due date)
DigestSource = Callable[..., Iterable[DigestItem]]

# An e-mail, not a report: beyond this many the reader is sent to the lists on the site.
DIGEST_LIMIT = 100

_sources: list[DigestSource] = []


def register_digest_source(source: DigestSource) -> DigestSource:
    """Add a source of digest items; registering the same one twice has no effect."""
    if source not in _sources:
        _sources.append(source)
    return source


def digest_items(user) -> list[DigestItem]:
    """Every source's items for `user`, the longest overdue first."""
    items = [item for source in _sources for item in source(user)]
    return sorted(items, key=lambda item: (item[2], item[0]))


def send_daily_digests(today: date) -> int:
    """Send today's digest to everyone who asked for it and has something overdue; returns how
    many were sent. Each person is claimed for `today` with a conditional UPDATE before their
    e-mail is sent, so a second run (a beat restarted, two workers) sends nobody a second one."""
    preferences = (
        NotificationPreference.objects.filter(
            daily_digest=True, user__is_active=True, user__email__gt=""
        )
        .filter(Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=today))
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    for preference in preferences:
        user = preference.user
        with translation.override(user.language):
            items = digest_items(user)
            if not items:
                continue
            claimed = (
                NotificationPreference.objects.filter(pk=preference.pk)
                .filter(Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=today))
                .update(last_digest_on=today)
            )
            if not claimed:
                continue  # another run sent it
            context = {
                "today": today,
                "count": len(items),
                "items": [
                    {"label": label, "link": site_link(url), "due": due}
                    for label, url, due in items[:DIGEST_LIMIT]
                ],
                "more": max(len(items) - DIGEST_LIMIT, 0),
                "preferences_link": site_link(reverse("notifications:preferences")),
            }
            subject = render_to_string("notifications/digest_subject.txt", context)
            body = render_to_string("notifications/digest_body.txt", context)
        try:
            send_mail(" ".join(subject.split()), body, None, [user.email])
        except Exception:
            # Released, so that running the task again today retries this person.
            logger.exception("Sending the daily digest to user %s failed", user.pk)
            NotificationPreference.objects.filter(pk=preference.pk, last_digest_on=today).update(
                last_digest_on=preference.last_digest_on
            )
            continue
        sent += 1
    return sent
