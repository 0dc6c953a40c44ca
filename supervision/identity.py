"""Who the people of a board case are, and who may see them: the rules of People's Inspection
Board cases for the identity module (`cases.identity`); rounds and by-elections name no
protected person (`cases.identity.NobodyProtected`).

The person is the citizen whose request opened the case (THDCOCS Art. 38.4, 38.7). Their name
is read by the board and the commune Front; a requester who asks not to be named
(`protect_identity`) is shown only to the board head and the commune Front's leaders, and each
showing is recorded (`RequesterView`). Rounds, vacancies name no protected person."""

from collections import defaultdict
from collections.abc import Sequence

from cases.identity import Person
from units.choices import Role
from units.permissions import has_role

from .models import InspectionCase, RequesterView

FIELDS = ("id", "requester_name", "requester_address", "requester_phone")


class RequesterIdentity:
    def is_protected(self, case) -> bool:
        return bool(getattr(case, "protect_identity", False))

    def granted(self, user, cases: Sequence) -> set[int]:
        if not getattr(user, "is_authenticated", False):
            return set()
        return {
            c.pk
            for c in cases
            if has_role(user, c.board.unit, (Role.BOARD_HEAD,))
            or has_role(user, c.board.commune, (Role.UNIT_LEADER,))
        }

    def people(self, case) -> list[tuple[Person, bool]]:
        if not case.requester_name:
            return []
        person = Person(
            full_name=case.requester_name,
            phone=case.requester_phone,
            address=case.requester_address,
        )
        return [(person, True)]

    def known(self, cases: Sequence) -> dict[int, list[Person]]:
        """Every version of the requester of each case (a corrected name stays protected)."""
        ids = [c.pk for c in cases if c.pk]
        found = defaultdict(set)
        for source in (InspectionCase.history, InspectionCase.objects):
            for pk, name, address, phone in source.filter(id__in=ids).values_list(*FIELDS):
                if name or address or phone:
                    found[pk].add(Person(full_name=name, phone=phone, address=address))
        return {pk: list(found.get(pk, ())) for pk in ids}

    def record_views(self, user, cases: Sequence, where: str) -> None:
        RequesterView.objects.bulk_create(
            RequesterView(inspection_case=c, user=user, where=where[:120]) for c in cases
        )
