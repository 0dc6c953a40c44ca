from django.db.models import Q

from cases.identity import NobodyProtected
from cases.registry import CaseKind
from units.search import MAX_SEARCH_WORDS


class ErrandIdentity(NobodyProtected):
    """An errand names nobody: nothing is protected."""


def _search(term: str) -> Q:
    condition = Q()
    for word in term.split()[:MAX_SEARCH_WORDS]:
        condition &= Q(title__icontains=word)
    return condition


def errand_kind() -> CaseKind:
    from units.choices import Role
    from units.permissions import scope_q

    from .flows import ErrandFlow
    from .models import Errand

    return CaseKind(
        name="errand",
        label_text="Errand",
        model=Errand,
        flow=ErrandFlow,
        visible=lambda user: Errand.objects.filter(
            scope_q(user, (Role.CASE_OFFICER, Role.UNIT_LEADER, Role.AUDITOR))
        ),
        label=lambda errand: f"Errand {errand.pk}",
        search=_search,
        final_states=("done",),
        history_models=(Errand,),
    )
