"""The petition list, the case page and what hangs off it: action forms, reopening, identity
access, the transfer slip and attachment downloads.

Every read goes through `casework.selectors` (a petition the user may not see does not exist for
them: 404), every change of state through `workflows.acting`.
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import identity
from cases.errors import DomainError, refusal_title, status_of
from cases.timeline import EventKind, case_timeline
from units.choices import Role
from units.models import User
from workdays.deadlines import working_days_left
from workflows import acting
from workflows.announce import holders_of
from workflows.steps import action_form, open_steps

from .. import uploads
from ..choices import Field, PetitionKind, PetitionState
from ..forms.actions import IdentityGrantForm, ReasonForm, ReopenForm
from ..models import (
    Answer,
    Attachment,
    ClockChange,
    IdentityGrant,
    Petition,
    Referral,
)
from ..selectors import COMMITTEE_ROLES, petition_get, petition_list

PAGE_SIZE = 50


def _visible_petition(user: User, pk: int) -> Petition:
    petition = petition_get(user=user, pk=pk)
    if petition is None:
        raise Http404
    return petition


_leads = acting.leads


# List --------------------------------------------------------------------------------------


@login_required
def petition_index(request):
    params = {
        "q": request.GET.get("q", "").strip(),
        "state": request.GET.get("state", ""),
        "kind": request.GET.get("kind", ""),
        "field": request.GET.get("field", ""),
        "open": request.GET.get("open", ""),
        "overdue": request.GET.get("overdue", ""),
    }
    petitions = petition_list(
        user=request.user,
        term=params["q"],
        state=params["state"] if params["state"] in PetitionState.values else "",
        kind=params["kind"] if params["kind"] in PetitionKind.values else "",
        field=params["field"] if params["field"] in Field.values else "",
        open_only=bool(params["open"]),
        overdue=bool(params["overdue"]),
    )
    page = Paginator(petitions, PAGE_SIZE).get_page(request.GET.get("page"))
    # Each row's subject is read through its shield (`petition.shown`).
    identity.shield_many(request.user, page.object_list, where="petition list")
    return render(
        request,
        "casework/petition_list.html",
        {
            "page": page,
            "params": params,
            "query": urlencode({k: v for k, v in params.items() if v}),
            "states": PetitionState.choices,
            "kinds": PetitionKind.choices,
            "fields": Field.choices,
        },
    )


# Case page ---------------------------------------------------------------------------------


@dataclass
class Deadline:
    label: str
    due: object
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def overdue_days(self) -> int:
        return -self.days_left if self.overdue else 0


def _deadline(label: str, due, today) -> Deadline | None:
    if due is None:
        return None
    return Deadline(label, due, working_days_left(today=today, deadline=due))


def _action_url(petition, action) -> str:
    return reverse("casework:petition-action", args=[petition.pk, action.name])


# The case page shows what happened to the case; who was told and who saw a protected
# identity are the audit workspace's (the same timeline, every kind of event).
CASE_PAGE_EVENTS = set(EventKind.values) - {EventKind.NOTIFICATION, EventKind.IDENTITY_VIEW}


def _timeline(user: User, petition: Petition, shown: identity.Shield) -> list:
    events = case_timeline(user=user, case=petition, shield=shown, changes=False)
    return [event for event in events if event.kind in CASE_PAGE_EVENTS]


def _identity_candidates(petition: Petition):
    """People who could be allowed to see the identity: the committee's staff and the officials
    of the agency the case is referred to, less those already allowed."""
    ids = set(holders_of(petition.unit, COMMITTEE_ROLES))
    referral = petition.current_referral()
    if referral is not None:
        ids |= set(holders_of(referral.agency, (Role.AGENCY_OFFICIAL,)))
    granted = IdentityGrant.objects.filter(petition=petition).values_list("user_id", flat=True)
    return User.objects.filter(pk__in=ids, is_active=True).exclude(pk__in=granted)


def _case_context(request, petition: Petition, *, bound: dict | None = None, **extra) -> dict:
    user = request.user
    today = timezone.localdate()
    shown = identity.shield(user, petition, where="case page")
    visible = shown.visible
    tasks = list(acting.open_tasks(petition))
    leads = _leads(user, petition)
    attachments = list(petition.attachments.all())
    shown_attachments = [a for a in attachments if visible or not a.shows_identity]
    try:
        disclosure = petition.disclosure
    except Petition.disclosure.RelatedObjectDoesNotExist:
        disclosure = None
    context = {
        "petition": petition,
        # Every text and person of the case is rendered through `shown` (cases.identity).
        "shown": shown,
        "signers": shown.people(),
        "attachments": shown_attachments,
        "hidden_attachments": len(attachments) - len(shown_attachments),
        "deadlines": [
            d
            for d in (
                _deadline(_("Classification due"), petition.classify_due, today),
                _deadline(_("Answer due"), petition.answer_due, today),
            )
            if d is not None
        ],
        "referrals": petition.referrals.select_related("agency", "escalated_to", "signed_by"),
        "answers": Answer.objects.filter(referral__petition=petition).select_related(
            "referral", "attachment"
        ),
        "clock_changes": ClockChange.objects.filter(petition=petition).select_related("made_by"),
        "disclosure": disclosure,
        "steps": open_steps(user, petition, tasks, bound=bound, url_for=_action_url),
        "current_nodes": ",".join(sorted({t.flow_task.name for t in tasks})),
        "timeline": _timeline(user, petition, shown),
        "can_reopen": leads and petition.is_final and not tasks,
        "reopen_form": extra.pop("reopen_form", None) or ReopenForm(prefix="reopen"),
    }
    if leads and petition.identity_protected:
        context["grant_form"] = extra.pop("grant_form", None) or IdentityGrantForm(
            prefix="grant", candidates=_identity_candidates(petition)
        )
        context["grants"] = petition.identity_grants.select_related("user", "granted_by")
    if leads and disclosure is not None and disclosure.is_public:
        # Posted to casework.views.disclosure.withdraw.
        context["withdraw_form"] = ReasonForm(prefix="withdraw")
    context.update(extra)
    return context


@login_required
def petition_detail(request, pk: int):
    petition = _visible_petition(request.user, pk)
    return render(request, "casework/petition_detail.html", _case_context(request, petition))


def _outcome_page(
    request, petition, *, status: int, title: str, message: str, form=None, action=None
):
    return render(
        request,
        "casework/petition_action.html",
        {"petition": petition, "title": title, "message": message, "form": form, "action": action},
        status=status,
    )


def _refused(request, petition, error: DomainError, *, title: str, form=None, action=None):
    """A refusal, mapped once (`cases.errors`): 403 and 409 as a page with the message, 400 as
    the form back with the message on it."""
    status = status_of(error)
    if status == 400 and form is not None:
        form.add_error(None, str(error))
        return _outcome_page(
            request, petition, status=400, title=title, message="", form=form, action=action
        )
    return _outcome_page(
        request, petition, status=status, title=refusal_title(error, title), message=str(error)
    )


@login_required
def petition_action(request, pk: int, action: str):
    """GET shows one action's form on its own page; POST validates it and runs the action.

    403 when the user may not do the step, 409 when the case has left it, 400 when the form or
    a domain rule refuses the input (the form comes back with the message)."""
    petition = _visible_petition(request.user, pk)
    spec = acting.action_of(petition, action)
    if spec is None:
        raise Http404
    form = action_form(spec, petition, request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _outcome_page(
            request, petition, status=200, title=str(spec.label), message="", form=form, action=spec
        )
    if not form.is_valid():
        return _outcome_page(
            request, petition, status=400, title=str(spec.label), message="", form=form, action=spec
        )
    try:
        acting.act(case=petition, action=action, actor=request.user, **form.service_data())
    except DomainError as error:
        return _refused(request, petition, error, title=str(spec.label), form=form, action=spec)
    messages.success(request, _("Done: %(action)s.") % {"action": spec.label})
    return redirect(petition)


@login_required
@require_POST
def petition_reopen(request, pk: int):
    petition = _visible_petition(request.user, pk)
    form = ReopenForm(request.POST, prefix="reopen")
    title = _("Reopen the case")
    if not form.is_valid():
        return _outcome_page(request, petition, status=400, title=title, message="", form=form)
    if not _leads(request.user, petition):
        return _outcome_page(
            request,
            petition,
            status=403,
            title=_("Not allowed"),
            message=_("Only a unit leader reopens a case."),
        )
    try:
        acting.reopen(case=petition, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        return _refused(request, petition, error, title=title, form=form)
    messages.success(request, _("The case was reopened."))
    return redirect(petition)


@login_required
@require_POST
def identity_grant(request, pk: int):
    from ..services.identity import identity_grant as grant_identity

    petition = _visible_petition(request.user, pk)
    if not _leads(request.user, petition) or not petition.identity_protected:
        raise PermissionDenied
    form = IdentityGrantForm(
        request.POST, prefix="grant", candidates=_identity_candidates(petition)
    )
    title = _("Allow to see the identity")
    if form.is_valid():
        try:
            grant_identity(
                petition=petition,
                actor=request.user,
                user=form.cleaned_data["user"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            return _refused(request, petition, error, title=title, form=form)
        messages.success(request, _("The person may now see the identity on this case."))
        return redirect(petition)
    return _outcome_page(request, petition, status=400, title=title, message="", form=form)


# Transfer slip and files -------------------------------------------------------------------


@login_required
def referral_slip(request, pk: int):
    referral = get_object_or_404(Referral.objects.select_related("agency", "signed_by"), pk=pk)
    petition = _visible_petition(request.user, referral.petition_id)
    # The slip is the copy passed to the agency: a denouncer's identity is stripped whoever
    # prints it (Luật Tố cáo Art. 47), so it is read as by someone without a grant.
    shown = identity.shield_for_outsiders(petition)
    return render(
        request,
        "casework/referral_slip.html",
        {
            "referral": referral,
            "petition": petition,
            "shown": shown,
            "signers": shown.people(),
            "date": referral.sent_on or timezone.localdate(referral.drafted_at),
        },
    )


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(Attachment, pk=pk)
    petition = _visible_petition(request.user, attachment.petition_id)
    shown = identity.shield(request.user, petition, where=f"attachment {attachment.pk}")
    if attachment.shows_identity and petition.identity_protected:
        if not shown.visible:
            raise PermissionDenied
        # Opening a file that identifies the petitioner is a view of the identity: recorded.
        shown.record()
    # The citizen's file name is free text too: it may carry the denouncer's name.
    name = shown.text(attachment.original_name)
    if name != attachment.original_name:
        name = _("protected-file") + PurePath(attachment.original_name).suffix
    if not uploads.place(attachment.file.name):
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=name)
