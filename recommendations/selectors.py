"""Reads of voter contact, always narrowed to what the user may see."""

from django.db.models import Count, Q, Sum

from units.choices import Role
from units.permissions import has_role, scope_q

from .choices import OpinionState
from .kind import DELEGATION, READERS
from .models import Opinion, Session

ORGANISERS = (Role.CASE_OFFICER, Role.UNIT_LEADER)


def session_list(*, user):
    return (
        Session.objects.filter(
            scope_q(user, READERS) | scope_q(user, DELEGATION, unit_field="delegation")
        )
        .select_related("unit", "delegation")
        .distinct()
    )


def session_get(*, user, pk: int) -> Session | None:
    return session_list(user=user).filter(pk=pk).first()


def organises(user, unit) -> bool:
    return has_role(user, unit, ORGANISERS)


def session_counts(session) -> dict:
    meetings = session.meetings.aggregate(
        n=Count("id"),
        voters=Sum("voters_attending"),
        held=Count("id", filter=Q(held_on__isnull=False)),
    )
    return {
        "meetings": meetings["n"],
        "meetings_held": meetings["held"],
        "voters": meetings["voters"] or 0,
        "opinions": session.opinions.count(),
    }


def unmerged_opinions(session):
    """The session's opinions sorted "to aggregate" that no item holds yet: the workspace's
    left column, across all its meetings, on the (session, state) index."""
    return (
        Opinion.objects.filter(session=session, state=OpinionState.TO_AGGREGATE)
        .filter(sources__isnull=True)
        .select_related("meeting")
        .order_by("meeting__starts_at", "number")
    )
