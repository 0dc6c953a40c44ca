"""The public page where citizens follow their own case with the code and the secret from
their receipt. It shows where the case stands and nothing about who is in it."""

import ipaddress

from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from cases import identity
from casework.receipt_secret import digest, matches
from workflows.selectors import OPEN

from ..forms.lookup import CitizenLookupForm
from ..models import Petition

# A 6-digit secret is only safe if guessing is slow, but whoever knows a tracking code must not
# be able to lock its citizen out. So failures are counted per client address, never against
# the code alone:
# - per (address, code): MAX_FAILURES wrong secrets refuse that address for that code;
# - per address: MAX_FAILURES_PER_ADDRESS wrong tries across codes refuse that address;
# - per code, across addresses: past MAX_FAILURES_PER_CODE the code is under attack, and each
#   address gets only MAX_FAILURES_UNDER_ATTACK tries for it. The right secret from an address
#   that has not used up its own tries is always accepted.
# The address is REMOTE_ADDR (uvicorn --proxy-headers sets it from a trusted proxy), not the
# session, which a client drops at will.
MAX_FAILURES = 5
MAX_FAILURES_PER_ADDRESS = 20
MAX_FAILURES_PER_CODE = 20
MAX_FAILURES_UNDER_ATTACK = 2
FAILURE_WINDOW_SECONDS = 10 * 60


def _address(request) -> str:
    raw = request.META.get("REMOTE_ADDR") or ""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    # One IPv6 subscriber holds a whole /64: count it as one address.
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _pair_key(address: str, code: str) -> str:
    return f"citizen-lookup:fail:pair:{address}:{code}"


def _address_key(address: str) -> str:
    return f"citizen-lookup:fail:address:{address}"


def _code_key(code: str) -> str:
    return f"citizen-lookup:fail:code:{code}"


def _throttled(address: str, code: str) -> bool:
    failures = cache.get_many([_pair_key(address, code), _address_key(address), _code_key(code)])
    pair = failures.get(_pair_key(address, code), 0)
    under_attack = failures.get(_code_key(code), 0) >= MAX_FAILURES_PER_CODE
    return (
        pair >= (MAX_FAILURES_UNDER_ATTACK if under_attack else MAX_FAILURES)
        or failures.get(_address_key(address), 0) >= MAX_FAILURES_PER_ADDRESS
    )


def _count_failure(key: str) -> None:
    # The window runs from the first failure; add() starts it, incr() keeps its expiry.
    cache.add(key, 0, timeout=FAILURE_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=FAILURE_WINDOW_SECONDS)


def _match(code: str, secret: str) -> Petition | None:
    petition = Petition.objects.filter(tracking_code=code).select_related("unit").first()
    if petition is None:
        # Compute the digest anyway, so a wrong code takes as long as a wrong secret.
        digest(code, secret)
        return None
    return petition if matches(petition, secret) else None


def _current_step(petition: Petition):
    route = (
        petition.task_routes.filter(task__status__in=OPEN)
        .select_related("task")
        .order_by("-task__created")
        .first()
    )
    if route is None:
        return None, None
    # What the step means to the citizen, in plain words (the node's `citizen_title`); staff
    # titles name the staff's work.
    node = route.task.flow_task
    return getattr(node, "citizen_title", "") or getattr(node, "task_title", ""), route.due


@never_cache
@sensitive_post_parameters("secret")
def citizen_lookup(request):
    form = CitizenLookupForm(request.POST or None)
    context = {"form": form, "petition": None, "refused": False}
    status = 200
    if request.method == "POST" and form.is_valid():
        code, secret = form.cleaned_data["tracking_code"], form.cleaned_data["secret"]
        address = _address(request)
        if _throttled(address, code):
            context["refused"] = True
            form.add_error(None, _("Too many unsuccessful tries. Wait ten minutes and try again."))
            status = 429
        else:
            petition = _match(code, secret)
            if petition is None:
                for key in (_pair_key(address, code), _address_key(address), _code_key(code)):
                    _count_failure(key)
                # One message for a wrong code and a wrong secret: the page must not confirm
                # that a code exists.
                form.add_error(
                    None,
                    _("No case matches this tracking code and secret. Check both and try again."),
                )
                status = 400
            else:
                # Only this address's tries at this code are forgiven: clearing the address's
                # counter would let a client reset it with its own receipt between guesses.
                cache.delete(_pair_key(address, code))
                step, due = _current_step(petition)
                disclosure = getattr(petition, "disclosure", None)
                # The holder of the code and secret is a petitioner, but of a group petition
                # perhaps not the only one, and no user stands behind the page to record a
                # showing for. So the page shows no person at all and renders the case's free
                # text as outsiders read it: the published summary is public anyway, and a
                # protected case's summary comes out scrubbed should one ever carry a name.
                shown = identity.shield_for_outsiders(petition, where="citizen lookup")
                context.update(
                    petition=petition,
                    step=step,
                    due=due,
                    # A withdrawn summary is no longer public, though the row keeps its text.
                    summary=shown.text(disclosure.summary)
                    if disclosure is not None and disclosure.is_public
                    else "",
                )
    return render(request, "casework/citizen_lookup.html", context, status=status)
