from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from units import services
from units.choices import UnitKind, UnitLevel
from units.forms import (
    MembershipGrantForm,
    PersonCreateForm,
    RevokeForm,
    UnitCreateForm,
    UnitUpdateForm,
)
from units.models import Membership, Unit
from units.selectors import unit_ancestors, unit_children, unit_list, unit_memberships

from .service_call import call_service


def _unit_for(request, pk: int, perm: str) -> Unit:
    unit = get_object_or_404(Unit, pk=pk)
    if not request.user.has_perm(perm, unit):
        # Outside the user's scope a unit does not exist, as far as they can tell.
        raise PermissionDenied
    return unit


@login_required
def unit_index(request):
    term = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    level = request.GET.get("level", "")
    units = unit_list(user=request.user, term=term, kind=kind, level=level)
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "units/unit_list.html",
        {
            "page": page,
            "term": term,
            "kind": kind,
            "level": level,
            "kinds": UnitKind.choices,
            "levels": UnitLevel.choices,
        },
    )


@login_required
def unit_detail(request, pk: int):
    unit = _unit_for(request, pk, "units.view_unit")
    children = Paginator(unit_children(unit=unit), 50).get_page(request.GET.get("page"))
    can_administer = request.user.has_perm("units.change_unit", unit)
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "ancestors": unit_ancestors(unit=unit),
            "children": children,
            "memberships": unit_memberships(unit=unit),
            "can_administer": can_administer,
            "grant_form": MembershipGrantForm() if can_administer else None,
        },
    )


@login_required
def unit_create(request, parent_pk: int):
    parent = _unit_for(request, parent_pk, "units.add_unit")
    form = UnitCreateForm(
        request.POST or None,
        initial={
            "level": parent.level + 1 if parent.level < UnitLevel.RESIDENTIAL_AREA else parent.level
        },
    )
    if request.method == "POST" and form.is_valid():
        unit = call_service(
            form,
            lambda: services.unit_create(actor=request.user, parent=parent, **form.cleaned_data),
        )
        if unit is not None:
            messages.success(request, _("The unit “%s” was created.") % unit)
            return redirect(unit)
    return render(request, "units/unit_form.html", {"form": form, "parent": parent})


@login_required
def unit_update(request, pk: int):
    unit = _unit_for(request, pk, "units.change_unit")
    initial = {f: getattr(unit, f) for f in ("name", "address", "phone", "email", "is_active")}
    form = UnitUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        updated = call_service(
            form,
            lambda: services.unit_update(actor=request.user, unit=unit, reason=reason, **data),
        )
        if updated is not None:
            messages.success(request, _("The unit was saved."))
            return redirect(unit)
    return render(request, "units/unit_form.html", {"form": form, "unit": unit})


@login_required
@require_POST
def membership_grant(request, pk: int):
    unit = _unit_for(request, pk, "units.change_unit")
    form = MembershipGrantForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            lambda: services.membership_grant(
                actor=request.user,
                user=data["username"],
                unit=unit,
                role=data["role"],
                include_subtree=data["include_subtree"],
                reason=data["reason"],
            ),
        )
        if done is not None:
            messages.success(request, _("The role was granted."))
            return redirect(unit)
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "ancestors": unit_ancestors(unit=unit),
            "children": Paginator(unit_children(unit=unit), 50).get_page(1),
            "memberships": unit_memberships(unit=unit),
            "can_administer": True,
            "grant_form": form,
        },
        status=400,
    )


@login_required
def membership_revoke(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("unit", "user"), pk=pk)
    unit = _unit_for(request, membership.unit_id, "units.change_unit")
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            lambda: (
                services.membership_revoke(
                    actor=request.user, membership=membership, reason=form.cleaned_data["reason"]
                )
                or True
            ),
        )
        if done:
            messages.success(request, _("The role was removed."))
            return redirect(unit)
    return render(request, "units/membership_revoke.html", {"form": form, "membership": membership})


@login_required
def person_create(request, pk: int):
    unit = _unit_for(request, pk, "units.change_unit")
    form = PersonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = call_service(
            form,
            lambda: services.user_create(
                actor=request.user,
                username=data["username"],
                password=data["password1"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                unit=unit,
                role=data["role"],
                include_subtree=data["include_subtree"],
                reason=data["reason"],
            ),
        )
        if person is not None:
            messages.success(request, _("The account “%s” was created.") % person.username)
            return redirect(person)
    return render(request, "units/person_form.html", {"form": form, "unit": unit})
