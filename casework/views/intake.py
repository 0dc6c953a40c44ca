"""Reception: taking in a petition, the receipt handed to the citizen, and the two lookups
the intake form calls while the officer types."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from units.choices import Role
from units.models import Unit
from units.permissions import has_role, has_role_anywhere
from units.views.service_call import call_service
from workflows import actions

from ..choices import GROUP_PETITION_SIGNERS, PetitionKind
from ..forms.intake import (
    MAX_SIGNER_ROWS,
    PetitionForm,
    attachment_formset,
    reception_committees,
    signer_formset,
)
from ..models import Petitioner, Signer
from ..redaction import signers_for
from ..selectors import petition_duplicate_candidates, petition_get
from ..validators import validate_id_number, validate_phone

LOOKUP_LIMIT = 10


def secret_session_key(pk: int) -> str:
    return f"casework:receipt-secret:{pk}"


def _require_reception_officer(user) -> None:
    if not has_role_anywhere(user, (Role.RECEPTION_OFFICER,)):
        raise PermissionDenied


def _rows(value, default: int) -> int:
    try:
        return max(1, min(int(value), MAX_SIGNER_ROWS))
    except (TypeError, ValueError):
        return default


@login_required
def petition_create(request):
    _require_reception_officer(request.user)
    committees = reception_committees(request.user)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = PetitionForm(data, user=request.user, committees=committees)
    signers = signer_formset(data, rows=_rows(request.GET.get("extra"), 1))
    attachments = attachment_formset(data, files)
    if data is not None:
        # Every part is validated (no short-circuit) so all the mistakes show at once.
        valid = [form.is_valid(), signers.is_valid(), attachments.is_valid()]
        if all(valid):
            cleaned = form.cleaned_data
            # petition_start registers the petition and starts its flow in one transaction:
            # a refusal anywhere rolls back the petition, its signers and its flow together.
            receipt = call_service(
                form,
                lambda: actions.petition_start(
                    actor=request.user,
                    unit=cleaned["unit"],
                    channel=cleaned["channel"],
                    kind=cleaned["kind"],
                    title=cleaned["title"],
                    content=cleaned["content"],
                    request=cleaned["request"],
                    letter_date=cleaned["letter_date"],
                    received_on=cleaned["received_on"],
                    signers=signers.signers(),
                    attachments=attachments.attachments(),
                    duplicate_of=form.original,
                ),
            )
            if receipt is not None:
                petition = receipt.petition
                request.session[secret_session_key(petition.pk)] = receipt.secret
                return redirect("casework:petition-receipt", pk=petition.pk)
    filled = sum(1 for f in signers.forms if data is not None and f.has_changed())
    return render(
        request,
        "casework/petition_form.html",
        {
            "form": form,
            "signers": signers,
            "attachments": attachments,
            "is_group": filled >= GROUP_PETITION_SIGNERS,
            "group_size": GROUP_PETITION_SIGNERS,
            "more_rows": len(signers.forms) + 3,
        },
        status=400 if data is not None else 200,
    )


@never_cache
@login_required
def petition_receipt(request, pk: int):
    petition = petition_get(user=request.user, pk=pk)
    if petition is None:
        raise Http404
    # Shown once: whoever reloads or reopens the receipt later sees that it was handed over.
    secret = request.session.pop(secret_session_key(petition.pk), None)
    primary = next(
        (s for s in signers_for(request.user, petition, where="receipt") if s.is_primary), None
    )
    return render(
        request,
        "casework/petition_receipt.html",
        {
            "petition": petition,
            "secret": secret,
            "primary": primary,
            "lookup_url": request.build_absolute_uri(reverse("casework:citizen-lookup")),
        },
    )


def _normalised(values, validator) -> list[str]:
    found = []
    for raw in values:
        for value in raw.split(","):
            try:
                found.append(validator(value))
            except ValidationError:
                continue
    return found


@require_GET
@login_required
def petitioner_lookup(request):
    """People already known, by their exact ID number or phone, to fill a signer row."""
    _require_reception_officer(request.user)
    query = request.GET.get("q", "")
    id_numbers = _normalised([query], validate_id_number)
    phones = _normalised([query], validate_phone)
    if not id_numbers and not phones:
        return JsonResponse({"results": []})
    people = Petitioner.objects.none()
    if id_numbers:
        people |= Petitioner.objects.filter(id_number__in=id_numbers)
    if phones:
        people |= Petitioner.objects.filter(phone__in=phones)
    # A denouncer's identity is a secret (Luật Tố cáo Art. 8.3): someone who signed a
    # denunciation the officer may not see identities of is not offered, or typing a phone
    # number would reveal who denounced.
    protected = Signer.objects.filter(
        petitioner=OuterRef("pk"), petition__kind=PetitionKind.DENUNCIATION
    ).exclude(petition__identity_grants__user=request.user)
    people = people.exclude(Exists(protected)).order_by("full_name", "pk")[:LOOKUP_LIMIT]
    return JsonResponse(
        {
            "results": [
                {
                    "full_name": p.full_name,
                    "id_number": p.id_number,
                    "phone": p.phone,
                    "address": p.address,
                    "email": p.email,
                }
                for p in people
            ]
        }
    )


@require_GET
@login_required
def duplicate_candidates(request):
    """Earlier petitions of the same committee that look like this one. Only the code, subject
    and state are returned: nothing identifies a denouncer."""
    _require_reception_officer(request.user)
    try:
        unit = get_object_or_404(Unit, pk=int(request.GET.get("unit", "")))
    except ValueError as error:
        raise Http404 from error
    if not has_role(request.user, unit, (Role.RECEPTION_OFFICER,)):
        raise PermissionDenied
    found = petition_duplicate_candidates(
        unit_id=unit.pk,
        id_numbers=_normalised(request.GET.getlist("id_numbers"), validate_id_number),
        phones=_normalised(request.GET.getlist("phones"), validate_phone),
        title=request.GET.get("title", "")[:255],
    )
    return JsonResponse(
        {
            "results": [
                {
                    "id": p.pk,
                    "tracking_code": p.tracking_code,
                    "title": p.title,
                    "state_display": p.get_state_display(),
                    "received_on": date_format(p.received_on, "SHORT_DATE_FORMAT"),
                    "url": p.get_absolute_url(),
                }
                for p in found
            ]
        }
    )
