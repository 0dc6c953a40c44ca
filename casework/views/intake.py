"""Reception: taking in a petition, the receipt handed to the citizen, and the two lookups
the intake form calls while the officer types."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from cases import identity
from notifications.choices import NotificationKind
from units.choices import Role
from units.models import Unit
from units.permissions import has_role, has_role_anywhere
from units.views.service_call import call_service
from workflows.announce import announce

from .. import reception
from ..choices import GROUP_PETITION_SIGNERS
from ..forms.intake import (
    MAX_SIGNER_ROWS,
    PetitionForm,
    attachment_formset,
    reception_committees,
    signer_formset,
)
from ..models import Petition, Petitioner, Signer
from ..selectors import petition_duplicate_candidates, petition_get
from ..validators import validate_id_number, validate_phone

LOOKUP_LIMIT = 10
# Rows read for one lookup: every registration keeps its own rows, so a citizen who came often
# has many; the newest are read first.
LOOKUP_SCAN = 200

# What the officer reads when a lookup found a protected case they may not see, and the step
# the unit leader is told about: the officer learns that some protected case matches, never
# which one or whose it is (Luật Tố cáo Art. 8.3).
WITHHELD_DUPLICATE = gettext_noop(
    "Possibly a duplicate of a petition whose identity is protected; the unit leader has been told."
)
WITHHELD_STEP = gettext_noop("Check a possible duplicate found at reception")
# The form asks again at every pause in typing: the leader hears once per officer and case.
TELL_AGAIN_AFTER_SECONDS = 60 * 60


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


@sensitive_post_parameters()
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
                lambda: reception.petition_start(
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
                    protect_identity=cleaned["protect_identity"],
                    registration_key=cleaned["registration_key"] or None,
                ),
            )
            if receipt is not None:
                petition = receipt.petition
                if receipt.repeated:
                    # The secret was handed out with the first receipt; it is not shown again.
                    messages.info(request, _("This petition was already registered."))
                else:
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
    # The receiving officer holds a grant on a protected petition (petition_receive gives it),
    # so they see what they typed, and the showing is recorded; anyone else of the committee
    # who opens the receipt reads it scrubbed.
    shown = identity.shield(request.user, petition, where="receipt")
    primary = next((p for p in shown.people() if p.is_primary), None)
    return render(
        request,
        "casework/petition_receipt.html",
        {
            "petition": petition,
            "shown": shown,
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


def _tell_leaders(user, petitions: list[Petition]) -> None:
    """The officer's lookup found protected cases they may not see: the leaders of each case's
    unit are told, through the outbox, that reception may be holding a duplicate. The message
    carries the case as outsiders read it, never the value typed or the case's subject."""
    for petition in petitions:
        # The key names the officer and the case only: no identity value reaches the cache.
        if not cache.add(
            f"casework:withheld-duplicate:{user.pk}:{petition.pk}",
            1,
            timeout=TELL_AGAIN_AFTER_SECONDS,
        ):
            continue
        # A notification names the case by its code and kind only, never a person; it
        # writes in the caller's transaction, and a lookup has none of its own.
        with transaction.atomic():
            announce(
                petition,
                unit=petition.unit,
                roles=(Role.UNIT_LEADER,),
                kind=NotificationKind.TASK_ARRIVED,
                step=WITHHELD_STEP,
            )


def _withheld(body: dict, user, petitions: list[Petition]) -> dict:
    if petitions:
        _tell_leaders(user, petitions)
        body["withheld"] = gettext(WITHHELD_DUPLICATE)
    return body


# Both lookups take identity values by POST, never in the URL, so that no ID number or phone
# reaches an access log, and hide them from Django's error reports.


@sensitive_post_parameters()
@require_POST
@login_required
def petitioner_lookup(request):
    """People already known, by their exact ID number or phone, to fill a signer row.

    Only values are returned, never a row to reuse: registering copies them into rows of its
    own (see `petition_receive`). Someone who signed a protected case the officer may not see
    is not offered, or typing a phone number would reveal who denounced (Luật Tố cáo Art. 8.3);
    the leader of that case's unit is told instead. A granted officer shown a protected person
    gets the showing recorded by the identity module."""
    _require_reception_officer(request.user)
    query = request.POST.get("q", "")
    id_numbers = _normalised([query], validate_id_number)
    phones = _normalised([query], validate_phone)
    if not id_numbers and not phones:
        return JsonResponse({"results": []})
    condition = Q()
    if id_numbers:
        condition |= Q(id_number__in=id_numbers)
    if phones:
        condition |= Q(phone__in=phones)
    rows = list(Petitioner.objects.filter(condition).order_by("-pk")[:LOOKUP_SCAN])
    signed = defaultdict(list)
    for signer in Signer.objects.filter(petitioner__in=rows).select_related("petition__unit"):
        signed[signer.petitioner_id].append(signer.petition)
    cases = {p.pk: p for petitions in signed.values() for p in petitions}
    shields = {
        s.case.pk: s
        for s in identity.shield_many(request.user, cases.values(), where="petitioner lookup")
    }
    results, seen, withheld = [], set(), {}
    for row in rows:
        row_shields = [shields[p.pk] for p in signed.get(row.pk, [])]
        hidden = [s.case for s in row_shields if s.redacted]
        if hidden:
            withheld.update((case.pk, case) for case in hidden)
            continue
        if not row_shields or len(results) >= LOOKUP_LIMIT:
            continue
        # One person, one offer: an ID number names one person, whatever each visit wrote.
        key = ("id", row.id_number) if row.id_number else ("row", row.full_name, row.phone)
        if key in seen:
            continue
        person = _shown_person(row, row_shields)
        if person is not None:
            seen.add(key)
            results.append(person)
    return JsonResponse(_withheld({"results": results}, request.user, list(withheld.values())))


def _shown_person(row: Petitioner, shields: list) -> dict | None:
    """The row as the identity module shows it. Every protected case it signed records the
    showing (people() does), since the person is shown as the signer of each."""
    values = (row.full_name, row.id_number, row.phone, row.address, row.email)
    found = None
    for shield in shields:
        if found is not None and not shield.protected:
            continue
        for person in shield.people():
            shown = (person.full_name, person.id_number, person.phone, person.address, person.email)
            if found is None and not person.redacted and shown == values:
                found = person
    if found is None:
        return None
    return {
        "full_name": found.full_name,
        "id_number": found.id_number,
        "phone": found.phone,
        "address": found.address,
        "email": found.email,
    }


@sensitive_post_parameters()
@require_POST
@login_required
def duplicate_candidates(request):
    """Earlier petitions of the same committee that look like this one. Only the code, subject
    and state are returned, through the identity module: nothing identifies a denouncer, and a
    protected case the officer may not see is not listed at all (its leader is told)."""
    _require_reception_officer(request.user)
    try:
        unit = get_object_or_404(Unit, pk=int(request.POST.get("unit", "")))
    except (ValueError, OverflowError) as error:
        raise Http404 from error
    if not has_role(request.user, unit, (Role.RECEPTION_OFFICER,)):
        raise PermissionDenied
    found = petition_duplicate_candidates(
        unit_id=unit.pk,
        id_numbers=_normalised(request.POST.getlist("id_numbers"), validate_id_number),
        phones=_normalised(request.POST.getlist("phones"), validate_phone),
        title=request.POST.get("title", "")[:255],
    )
    results, withheld = [], []
    for shown in identity.shield_many(request.user, found, where="duplicate check"):
        petition = shown.case
        if shown.redacted:
            withheld.append(petition)
            continue
        if shown.protected:
            # Found by its people's ID number or phone, or by a subject that may name them:
            # showing it to a granted officer is a showing of the identity, recorded.
            shown.people()
        results.append(
            {
                "id": petition.pk,
                "tracking_code": petition.tracking_code,
                "title": shown.title,
                "state_display": petition.get_state_display(),
                "received_on": date_format(petition.received_on, "SHORT_DATE_FORMAT"),
                "url": petition.get_absolute_url(),
            }
        )
    return JsonResponse(_withheld({"results": results}, request.user, withheld))
