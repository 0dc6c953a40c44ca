from cases.services import audited, require_reason, require_role, run_transition, today
from units.models import Unit

from ..models import NumberSequence

__all__ = ["audited", "next_number", "require_reason", "require_role", "run_transition", "today"]


def next_number(*, unit: Unit, name: str, year: int) -> int:
    """The next number of a per-unit yearly series; the row lock serialises two officers
    numbering at the same moment so no number is issued twice."""
    sequence, _created = NumberSequence.objects.get_or_create(unit=unit, name=name, year=year)
    sequence = NumberSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last
