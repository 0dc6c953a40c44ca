"""What the transition services share: the answer deadline."""

import datetime as dt

from units.choices import Role
from workdays.deadlines import deadline_for, time_limit_for

from ...choices import Complexity, Instance, PetitionKind
from ...models import Petition

CASE_OFFICER = (Role.CASE_OFFICER,)
LEADER = (Role.UNIT_LEADER,)


def answer_variant(petition: Petition) -> str:
    """Which row of the time-limit table governs the agency's answer (Luật Khiếu nại Art. 28,
    37; Luật Tố cáo Art. 30)."""
    if petition.kind == PetitionKind.DENUNCIATION:
        return petition.complexity
    if petition.kind != PetitionKind.COMPLAINT:
        return "standard"
    parts = []
    if petition.complaint_instance == Instance.SECOND:
        parts.append("second_instance")
    if petition.remote_area:
        parts.append("remote")
    if petition.complexity != Complexity.STANDARD:
        parts.append("complex")
    return "_".join(parts) or "standard"


def answer_due_from(petition: Petition, start: dt.date) -> dt.date:
    limit = time_limit_for(case_kind=petition.kind, step="answer", variant=answer_variant(petition))
    return deadline_for(start=start, limit=limit)
