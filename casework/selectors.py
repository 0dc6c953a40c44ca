"""Reads of petitions, always narrowed to what the asking user may see."""

import re
from datetime import date

from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from units.choices import Role
from units.models import User
from units.permissions import has_role_anywhere, scope_q
from units.search import fold, search_words

from .choices import FINAL_STATES
from .choices import PetitionState as S
from .models import Petition, Referral

# Staff of the receiving committee and its superiors see its petitions; an agency official
# sees the petitions referred to their agency (redacted as the law requires), nothing else.
COMMITTEE_ROLES = (
    Role.RECEPTION_OFFICER,
    Role.CASE_OFFICER,
    Role.UNIT_LEADER,
    Role.AUDITOR,
    Role.ADMINISTRATOR,
)


def petition_visibility_q(user: User) -> Q:
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    committees = scope_q(user, COMMITTEE_ROLES)
    # Only for agency officials: an OR with EXISTS keeps the database from reading a
    # committee's petitions through the indexes led by the unit.
    if not has_role_anywhere(user, (Role.AGENCY_OFFICIAL,)):
        return committees
    referred = Referral.objects.filter(
        scope_q(user, (Role.AGENCY_OFFICIAL,), unit_field="agency"), petition=OuterRef("pk")
    )
    return committees | Q(Exists(referred))


# The full-text search of `search_text` on PostgreSQL; migration 0004 indexes exactly this
# expression (`to_tsvector('simple', search_text)`), so keep the two the same.
SEARCH_VECTOR = "to_tsvector('simple'::regconfig, %(expressions)s)"
_WORDLESS = re.compile(r"^\W*$")


class _Matches(Func):
    """`vector @@ query`: a boolean expression to filter on."""

    arg_joiner = " @@ "
    template = "%(expressions)s"
    output_field = BooleanField()


def search_q(term: str, field: str = "search_text") -> Q:
    """Every word of `term` occurs in `field`, which holds `fold()`ed text: diacritics and case
    do not matter. On PostgreSQL the words are matched as whole words with the full-text index
    of migration 0004 (`plainto_tsquery('simple', …)`: every word must occur); elsewhere (SQLite)
    each word as a substring."""
    words = search_words(term)
    if connection.vendor != "postgresql":
        condition = Q()
        for word in words:
            condition &= Q(**{f"{field}__contains": word})
        return condition
    # Punctuation alone has no lexeme for the full-text query: matched as a substring.
    condition = Q()
    for word in (w for w in words if _WORDLESS.match(w)):
        condition &= Q(**{f"{field}__contains": word})
    texts = [w for w in words if not _WORDLESS.match(w)]
    if texts:
        condition &= Q(
            _Matches(
                Func(F(field), template=SEARCH_VECTOR),
                Func(
                    Value(" ".join(texts)),
                    template="plainto_tsquery('simple'::regconfig, %(expressions)s)",
                ),
            )
        )
    return condition


def overdue_q(today) -> Q:
    """Past its legal time limit: unclassified after the registration limit, or waiting for
    an agency whose (unsuspended) answer deadline has passed."""
    return Q(state__in=(S.RECEIVED, S.CLASSIFIED), classify_due__lt=today) | Q(
        state=S.AWAITING_ANSWER, suspended_since__isnull=True, answer_due__lt=today
    )


def petition_list(
    *,
    user: User,
    term: str = "",
    state: str = "",
    kind: str = "",
    field: str = "",
    unit_id: int | None = None,
    overdue: bool = False,
    open_only: bool = False,
) -> QuerySet[Petition]:
    petitions = Petition.objects.filter(petition_visibility_q(user))
    if term.strip():
        petitions = petitions.filter(search_q(term))
    if state:
        petitions = petitions.filter(state=state)
    if kind:
        petitions = petitions.filter(kind=kind)
    if field:
        petitions = petitions.filter(field=field)
    if unit_id:
        petitions = petitions.filter(unit_id=unit_id)
    if open_only:
        petitions = petitions.exclude(state__in=FINAL_STATES)
    if overdue:
        petitions = petitions.filter(overdue_q(timezone.localdate()))
    return petitions.select_related("unit")


def overdue_for_digest(user: User) -> list[tuple[str, str, date]]:
    """The user's overdue petitions for the morning digest e-mail (a notifications source):
    (tracking code · kind, link, the date it was due). Never the subject, which may name a
    person (a denunciation's subject often names the official, and its signers are secret)."""
    rows = []
    for petition in petition_list(user=user, overdue=True).order_by("pk"):
        waiting_for_classification = petition.state in (S.RECEIVED, S.CLASSIFIED)
        due = petition.classify_due if waiting_for_classification else petition.answer_due
        label = f"{petition.tracking_code} · {petition.get_kind_display()}"
        rows.append((label, petition.get_absolute_url(), due))
    return rows


def petition_get(*, user: User, pk: int) -> Petition | None:
    return petition_list(user=user).filter(pk=pk).first()


def petition_duplicate_candidates(
    *, unit_id: int, id_numbers=(), phones=(), title: str = "", exclude_pk=None, limit: int = 5
) -> list[Petition]:
    """Likely duplicates at reception: the same signer (ID number or phone), or a subject
    sharing its longer words, in the same committee."""
    condition = Q()
    ids = [i for i in id_numbers if i]
    phone_list = [p for p in phones if p]
    if ids:
        condition |= Q(signers__petitioner__id_number__in=ids)
    if phone_list:
        condition |= Q(signers__petitioner__phone__in=phone_list)
    words = [w for w in fold(title).split() if len(w) >= 4][:6]
    if len(words) >= 2:
        similar = Q()
        for word in words[:3]:
            similar &= Q(search_text__contains=word)
        condition |= similar
    if not condition:
        return []
    found = Petition.objects.filter(condition, unit_id=unit_id).distinct()
    if exclude_pk:
        found = found.exclude(pk=exclude_pk)
    return list(found.order_by("-received_on", "-id")[:limit])
