import datetime as dt

from django.db import transaction

from cases.errors import DomainError

from .models import Errand


def _save(errand: Errand, actor, reason: str) -> Errand:
    errand._history_user = actor
    errand._change_reason = reason
    errand.save()
    return errand


@transaction.atomic
def errand_open(*, actor, unit, title: str, due: dt.date) -> Errand:
    errand = Errand(unit=unit, title=title, due=due)
    return _save(errand, actor, "opened")


@transaction.atomic
def errand_finish(*, errand: Errand, actor, reason: str) -> Errand:
    if not reason.strip():
        raise DomainError("Give a reason.")
    errand.finish()
    return _save(errand, actor, reason)


@transaction.atomic
def errand_extend(*, errand: Errand, actor, reason: str, days: int) -> Errand:
    errand.due += dt.timedelta(days=days)
    return _save(errand, actor, reason)
