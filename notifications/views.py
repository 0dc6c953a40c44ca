from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .choices import NotificationKind
from .forms import PreferenceForm
from .selectors import notification_list, notification_preference_get
from .services import (
    notification_mark_all_read,
    notification_mark_read,
    notification_preference_update,
)

PAGE_SIZE = 30


@login_required
def inbox(request):
    show = "unread" if request.GET.get("show") == "unread" else "all"
    kind = request.GET.get("kind", "")
    if kind not in NotificationKind.values:
        kind = ""
    rows = notification_list(user=request.user, unread_only=show == "unread", kind=kind)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "show": show,
            "kind": kind,
            "kinds": NotificationKind.choices,
            "kind_labels": dict(NotificationKind.choices),
            "query": f"show={show}&kind={kind}",
        },
    )


@login_required
def preferences(request):
    """The signed-in user's own e-mail preferences; nobody else's can be reached from here."""
    preference = notification_preference_get(user=request.user)
    form = PreferenceForm(
        # Not `request.POST or None`: unticking every box posts an empty form, still a save.
        request.POST if request.method == "POST" else None,
        initial={"email_kinds": preference.email_kinds, "daily_digest": preference.daily_digest},
    )
    if request.method == "POST" and form.is_valid():
        notification_preference_update(
            user=request.user,
            email_kinds=form.cleaned_data["email_kinds"],
            daily_digest=form.cleaned_data["daily_digest"],
            reason=_("Preferences changed by the user"),
        )
        messages.success(request, _("Your notification preferences were saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
    )


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_read(request, pk: int):
    # Someone else's id, or one already read, changes nothing and is not an error worth showing.
    notification_mark_read(user=request.user, notification_id=pk)
    return _back(request)


@login_required
@require_POST
def mark_all_read(request):
    count = notification_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications were marked as read."))
    return _back(request)
