"""BEING REPLACED by `cases.identity` (read /tmp/identity_api.md and cases/identity/*.py): do not
add new uses of this module.

A denouncer's identity is a state secret (Luật Tố cáo Art. 8.3, 47, 56): only users allowed
on the case see it, every view is logged, and everything else shows it redacted."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from units.search import fold

from .models import IdentityGrant, IdentityView, Petition, Signer

REDACTED = _("[protected]")


@dataclass(frozen=True)
class SignerView:
    full_name: str
    id_number: str
    phone: str
    address: str
    email: str
    is_primary: bool
    redacted: bool


def may_see_identity(user, petition: Petition) -> bool:
    if not petition.identity_protected:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return IdentityGrant.objects.filter(petition=petition, user=user).exists()


def signers_for(user, petition: Petition, *, where: str) -> list[SignerView]:
    """The signers as `user` may see them; showing a protected identity is recorded."""
    signers = list(petition.signers.select_related("petitioner"))
    visible = may_see_identity(user, petition)
    if visible and petition.identity_protected and signers:
        IdentityView.objects.create(petition=petition, user=user, where=where[:120])
    return [_view(signer, visible) for signer in signers]


def _view(signer: Signer, visible: bool) -> SignerView:
    person = signer.petitioner
    if visible:
        return SignerView(
            person.full_name,
            person.id_number,
            person.phone,
            person.address,
            person.email,
            signer.is_primary,
            False,
        )
    hidden = str(REDACTED)
    return SignerView(hidden, hidden, hidden, hidden, hidden, signer.is_primary, True)


def signers_for_agency(petition: Petition) -> list[SignerView]:
    """Copies passed to an agency strip a denouncer's identity first."""
    visible = not petition.identity_protected
    return [_view(s, visible) for s in petition.signers.select_related("petitioner")]


def identity_strings(petition: Petition) -> list[str]:
    values = []
    for person in (s.petitioner for s in petition.signers.select_related("petitioner")):
        values += [v for v in (person.full_name, person.id_number, person.phone) if v]
    return values


def identity_leaks(petition: Petition, text: str) -> list[str]:
    """The names, ID numbers and phone numbers of the signers that `text` still contains;
    numbers are matched on their digits, so "0912 345 678" or "0912.345.678" count too."""
    folded = fold(text)
    digits = re.sub(r"\D", "", text)
    return [
        value
        for value in identity_strings(petition)
        if fold(value) in folded or (value.isdigit() and value in digits)
    ]
