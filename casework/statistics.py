"""Monthly statistics of a province: what its committees received, referred and got answered in
one month, and what is overdue now. Always narrowed to what the asking user may see."""

import calendar
import datetime as dt

from django.db.models import Count, F, Q
from django.utils import timezone

from units.models import Unit, User

from .models import Answer, Petition, Referral
from .selectors import overdue_q, petition_visibility_q


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def province_monthly(*, user: User, province: Unit, year: int, month: int) -> dict:
    """Counts for the petitions of `province` and every unit below it:

    - `received`: total received that month, `by_kind` and `by_state` (their state now);
    - `referred`: transfer slips sent that month;
    - `answered_on_time` / `answered_late`: agency answers dated that month, by their slip's
      answer deadline;
    - `overdue_now`: petitions past their legal time limit today.
    """
    first, last = _month(year, month)
    # The province's units as a list of ids, so that each unit's rows are read through the
    # indexes led by the unit (migration 0004: received_on, overdue), as `scope_q` does.
    units = list(Unit.objects.filter(path__startswith=province.path).values_list("pk", flat=True))
    petitions = Petition.objects.filter(petition_visibility_q(user), unit__in=units)
    received = petitions.filter(received_on__range=(first, last))
    by_kind: dict[str, int] = {}
    by_state: dict[str, int] = {}
    for kind, state, count in received.values_list("kind", "state").annotate(n=Count("id")):
        by_kind[kind] = by_kind.get(kind, 0) + count
        by_state[state] = by_state.get(state, 0) + count
    in_scope = petitions.values("pk")
    referred = Referral.objects.filter(petition__in=in_scope, sent_on__range=(first, last)).count()
    answers = Answer.objects.filter(
        referral__petition__in=in_scope, document_date__range=(first, last)
    ).aggregate(
        on_time=Count("id", filter=Q(document_date__lte=F("referral__answer_due"))),
        late=Count("id", filter=Q(document_date__gt=F("referral__answer_due"))),
    )
    return {
        "province": province.pk,
        "year": year,
        "month": month,
        "received": sum(by_kind.values()),
        "by_kind": by_kind,
        "by_state": by_state,
        "referred": referred,
        "answered_on_time": answers["on_time"],
        "answered_late": answers["late"],
        "overdue_now": petitions.filter(overdue_q(timezone.localdate())).count(),
    }
