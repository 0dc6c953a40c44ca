from django.db import transaction
from django.utils.translation import gettext as _

from units.choices import Role
from units.errors import DomainError
from units.models import User

from ..models import IdentityGrant, Petition
from .common import audited, require_reason, require_role


@transaction.atomic
def identity_grant(*, petition: Petition, actor: User, user: User, reason: str) -> IdentityGrant:
    """A unit leader allows one person to see a protected identity on one case."""
    require_role(actor, petition.unit, (Role.UNIT_LEADER,))
    reason = require_reason(reason)
    if not petition.identity_protected:
        raise DomainError(_("This petition's identity is not protected."))
    if IdentityGrant.objects.filter(petition=petition, user=user).exists():
        raise DomainError(_("This person may already see the identity."))
    grant = IdentityGrant(petition=petition, user=user, granted_by=actor, reason=reason)
    audited(grant, actor=actor, reason=reason)
    grant.save()
    return grant
