"""A commune's investment projects and their parties (THDCOCS Art. 41–43)."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import DomainError
from cases.services import audited, require_role
from units.choices import UnitKind
from units.models import Unit, User

from .. import conflicts
from ..access import COMMITTEE
from ..choices import PartyRole, ProjectType
from ..models import Party, Project


@transaction.atomic
def project_create(
    *,
    actor: User,
    unit: Unit,
    code: str,
    name: str,
    type: str,
    commune_budget: bool = False,
    location: str = "",
    budget: int | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    description: str = "",
    import_key: str = "",
    reason: str = "",
) -> Project:
    require_role(actor, unit, COMMITTEE)
    if unit.kind != UnitKind.COMMITTEE:
        raise DomainError(_("Projects are registered by the commune Fatherland Front committee."))
    code, name = (code or "").strip(), " ".join((name or "").split())
    if not code or not name:
        raise DomainError(_("Give the project's code and name."))
    if type not in ProjectType.values:
        raise DomainError(_("Choose the project's type."))
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(_("A project cannot end before it starts."))
    if Project.objects.filter(unit=unit, code=code).exists():
        raise DomainError(_("A project with code %(code)s is already registered.") % {"code": code})
    project = Project(
        unit=unit,
        code=code,
        name=name,
        type=type,
        commune_budget=commune_budget,
        location=location.strip(),
        budget=budget,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
        import_key=import_key,
    )
    audited(project, actor=actor, reason=reason or _("Project registered")).save()
    return project


@transaction.atomic
def party_add(
    *, actor: User, project: Project, role: str, name: str, people: str = "", reason: str = ""
) -> Party:
    """Adds a party; members of the project's board are checked against its names at once."""
    require_role(actor, project.unit, COMMITTEE)
    if role not in PartyRole.values:
        raise DomainError(_("Choose the party's part in the project."))
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Give the party's name."))
    party = Party(project=project, role=role, name=name, people=people.strip())
    audited(party, actor=actor, reason=reason or _("Project party added")).save()
    board = getattr(project, "board", None)
    if board is not None:
        conflicts.check(board, actor=actor, reason=_("Names checked against the project's parties"))
    return party
