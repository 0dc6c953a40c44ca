from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from units import services
from units.errors import DomainError
from units.forms import PasswordSetForm, PersonUpdateForm
from units.models import User
from units.selectors import people_list, user_memberships
from units.signin import locked_addresses

from .service_call import call_service


def _person_for(request, pk: int) -> User:
    person = get_object_or_404(User, pk=pk)
    if not request.user.has_perm("units.change_user", person):
        raise PermissionDenied
    return person


@login_required
def person_index(request):
    if not request.user.has_perm("units.view_user"):
        raise PermissionDenied
    term = request.GET.get("q", "").strip()
    page = Paginator(people_list(user=request.user, term=term), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "units/person_list.html", {"page": page, "term": term})


@login_required
def person_detail(request, pk: int):
    person = _person_for(request, pk)
    return render(
        request,
        "units/person_detail.html",
        {
            "person": person,
            "memberships": user_memberships(user=person),
            "locked_from": locked_addresses(username=person.get_username()),
        },
    )


@login_required
@require_POST
def person_sign_in_unlock(request, pk: int):
    person = _person_for(request, pk)
    try:
        services.user_sign_in_unlock(
            actor=request.user, user=person, reason="Sign-in unlocked by an administrator"
        )
    except DomainError as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, _("Sign-in was unlocked: this person can sign in again."))
    return redirect(person)


@login_required
def person_update(request, pk: int):
    person = _person_for(request, pk)
    initial = {
        f: getattr(person, f) for f in ("full_name", "email", "phone", "language", "is_active")
    }
    form = PersonUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        done = call_service(
            form,
            lambda: services.user_update(actor=request.user, user=person, reason=reason, **data),
        )
        if done is not None:
            messages.success(request, _("The account was saved."))
            return redirect(person)
    return render(request, "units/person_form.html", {"form": form, "person": person})


@login_required
def person_password(request, pk: int):
    person = _person_for(request, pk)
    form = PasswordSetForm(request.POST or None, user=person)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            lambda: services.user_set_password(
                actor=request.user,
                user=person,
                password=form.cleaned_data["password1"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if done is not None:
            messages.success(request, _("The password was changed."))
            return redirect(person)
    return render(
        request, "units/person_form.html", {"form": form, "person": person, "password": True}
    )
