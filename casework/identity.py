"""Who the people of a petition are, and who may see them: the petition's rules for the
identity module (`cases.identity`)."""

from collections import defaultdict
from collections.abc import Sequence

from cases.identity import Person

from .models import IdentityGrant, IdentityView, Petition, Petitioner, Signer


def _person(row) -> Person:
    return Person(row.full_name, row.id_number, row.phone, row.address, row.email)


class PetitionIdentity:
    def is_protected(self, case: Petition) -> bool:
        return case.identity_protected

    def granted(self, user, cases: Sequence[Petition]) -> set[int]:
        if not getattr(user, "is_authenticated", False) or not cases:
            return set()
        return set(
            IdentityGrant.objects.filter(
                user=user, petition_id__in=[c.pk for c in cases]
            ).values_list("petition_id", flat=True)
        )

    def people(self, case: Petition) -> list[tuple[Person, bool]]:
        return [
            (_person(signer.petitioner), signer.is_primary)
            for signer in case.signers.select_related("petitioner")
        ]

    def known(self, cases: Sequence[Petition]) -> dict[int, list[Person]]:
        """Every signer a petition ever had, and every version of each of them."""
        ids = [c.pk for c in cases]
        if not ids:
            return {}
        signed = defaultdict(set)
        for petition_id, petitioner_id in Signer.history.filter(petition_id__in=ids).values_list(
            "petition_id", "petitioner_id"
        ):
            signed[petition_id].add(petitioner_id)
        for petition_id, petitioner_id in Signer.objects.filter(petition_id__in=ids).values_list(
            "petition_id", "petitioner_id"
        ):
            signed[petition_id].add(petitioner_id)
        everyone = set().union(*signed.values()) if signed else set()
        versions = defaultdict(set)
        fields = ("id", "full_name", "id_number", "phone", "address", "email")
        for row in Petitioner.history.filter(id__in=everyone).values_list(*fields):
            versions[row[0]].add(Person(*row[1:]))
        for row in Petitioner.objects.filter(id__in=everyone).values_list(*fields):
            versions[row[0]].add(Person(*row[1:]))
        return {
            pk: [p for person_id in signed.get(pk, ()) for p in versions.get(person_id, ())]
            for pk in ids
        }

    def record_views(self, user, cases: Sequence[Petition], where: str) -> None:
        IdentityView.objects.bulk_create(
            IdentityView(petition=case, user=user, where=where[:120]) for case in cases
        )
