"""Who the people of voter contact are, and who may see them: the rules of meetings, items and
agency answers for the identity module (`cases.identity`).

The people are the voters named in the opinions (a group's spokesperson, or one voter). A
voter may ask not to be named (`Opinion.protect_identity`): then the meeting, every item merged
from their opinion and its agencies' answers are protected, and only the organising committee's
officers and leaders see the names; each showing is recorded (`VoterIdentityView`)."""

from collections import defaultdict
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType

from cases.identity import Person
from units.choices import Role
from units.permissions import has_role

from .models import Item, Meeting, Opinion, VoterIdentityView

ORGANISERS = (Role.CASE_OFFICER, Role.UNIT_LEADER)


def _opinions_of(cases: Sequence):
    """{case pk: opinion queryset filter} for cases of one model."""
    model = type(cases[0])
    ids = [c.pk for c in cases]
    if model is Meeting:
        return "meeting_id", Opinion.objects.filter(meeting_id__in=ids)
    if model is Item:
        return "items__id", Opinion.objects.filter(items__id__in=ids)
    return "items__answers__id", Opinion.objects.filter(items__answers__id__in=ids)


def _committee(case):
    return case.unit


class VoterIdentity:
    def is_protected(self, case) -> bool:
        if not case.pk:
            return False
        # Lists read the answer with the page (`with_protection`); a case read alone asks.
        known = getattr(case, "voter_protected", None)
        if known is not None:
            return known
        _path, opinions = _opinions_of([case])
        return opinions.filter(protect_identity=True).exists()

    def granted(self, user, cases: Sequence) -> set[int]:
        if not getattr(user, "is_authenticated", False):
            return set()
        return {c.pk for c in cases if has_role(user, _committee(c), ORGANISERS)}

    def people(self, case) -> list[tuple[Person, bool]]:
        if not case.pk:
            return []
        _path, opinions = _opinions_of([case])
        return [
            (Person(full_name=name, address=address), False)
            for name, address in opinions.exclude(voter_name="")
            .values_list("voter_name", "voter_address")
            .distinct()
        ]

    def known(self, cases: Sequence) -> dict[int, list[Person]]:
        """Every voter named on the cases' opinions, in every version of each opinion."""
        cases = [c for c in cases if c.pk]
        if not cases:
            return {}
        path, opinions = _opinions_of(cases)
        owners = defaultdict(set)
        for opinion_id, case_id in opinions.values_list("id", path):
            owners[opinion_id].add(case_id)
        found = defaultdict(set)
        rows = Opinion.history.filter(id__in=owners).values_list(
            "id", "voter_name", "voter_address"
        )
        for opinion_id, name, address in rows:
            if name or address:
                for case_id in owners[opinion_id]:
                    found[case_id].add(Person(full_name=name, address=address))
        return {c.pk: list(found.get(c.pk, ())) for c in cases}

    def record_views(self, user, cases: Sequence, where: str) -> None:
        if not cases:
            return
        case_type = ContentType.objects.get_for_model(type(cases[0]))
        VoterIdentityView.objects.bulk_create(
            VoterIdentityView(case_type=case_type, case_id=c.pk, user=user, where=where[:120])
            for c in cases
        )
