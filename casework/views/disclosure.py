"""Withdrawing a published summary from the case page. A leader's decision, not a step of the
flow: the case keeps its state and its open steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.errors import DomainError
from units.choices import Role
from units.permissions import has_role

from ..forms.actions import ReasonForm
from ..services import disclosure_withdraw
from .case import _outcome_page, _refused, _visible_petition

# The case page renders this form with the same prefix (`withdraw_form` in views.case).
PREFIX = "withdraw"


@login_required
@require_POST
def withdraw(request, pk: int):
    petition = _visible_petition(request.user, pk)
    if not has_role(request.user, petition.unit, (Role.UNIT_LEADER,)):
        raise PermissionDenied
    form = ReasonForm(request.POST, prefix=PREFIX)
    title = _("Withdraw publication")
    if form.is_valid():
        try:
            disclosure_withdraw(
                petition=petition, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            return _refused(request, petition, error, title=title, form=form)
        messages.success(request, _("The public summary was withdrawn."))
        return redirect(petition)
    return _outcome_page(request, petition, status=400, title=title, message="", form=form)
