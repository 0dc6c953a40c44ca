"""Taking a published summary down again. Not a transition: the case keeps its state (a closed
case stays closed), only what the public may read changes."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from units.choices import Role
from units.errors import DomainError
from units.models import User

from ..models import Disclosure, Petition
from .common import audited, require_reason, require_role


@transaction.atomic
def disclosure_withdraw(*, petition: Petition, actor: User, reason: str) -> Disclosure:
    """A unit leader withdraws the petition's published summary; the text stays in the row and
    its history, the citizen lookup and the API stop showing it."""
    require_role(actor, petition.unit, (Role.UNIT_LEADER,))
    reason = require_reason(reason)
    # The row lock makes a second leader pressing the same button wait, then see the first
    # withdrawal and be refused, instead of writing a second withdrawal over it.
    disclosure = Disclosure.objects.select_for_update().filter(petition=petition).first()
    if disclosure is None or disclosure.published_at is None:
        raise DomainError(_("This petition has no published summary to withdraw."))
    if disclosure.withdrawn_at is not None:
        raise DomainError(_("This published summary has already been withdrawn."))
    disclosure.withdrawn_at = timezone.now()
    disclosure.withdrawn_by = actor
    disclosure.withdrawal_reason = reason
    audited(disclosure, actor=actor, reason=reason)
    disclosure.save()
    return disclosure
