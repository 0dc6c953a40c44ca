"""Sign-in throttling on top of django-axes: one counter per (login name, address) and one per
address, each with its own limit (the policy and its reasons are in config/settings.py).

Axes compares one number with one limit (AXES_FAILURE_LIMIT). `SignInThrottle.get_failures`
therefore reports the address counter scaled to the account limit: with limits A (account) and
P (address), P failures from an address count as A, and floor(failures * A / P) reaches A exactly
when failures reach P. Every place axes decides (before hashing, after a failure, in the lockout
page) then applies both limits.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _


def _failures(attempts) -> int:
    return sum(attempt.failures_since_start for attempt in attempts)


class SignInThrottle(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        # Same order as AXES_LOCKOUT_PARAMETERS: (login name, address), then address.
        per_account, per_address = self.get_user_attempts(request, credentials)
        account_limit = settings.AXES_FAILURE_LIMIT
        address_limit = settings.AXES_ADDRESS_FAILURE_LIMIT
        scaled_address = _failures(per_address) * account_limit // address_limit
        return max(_failures(per_account), scaled_address)

    def reset_user_attempts(self, request, credentials=None) -> int:
        # After a success, forget only this account's failures at this address. Axes would also
        # clear the whole address's counter, so one machine could spray passwords at many
        # accounts and sign in to its own between rounds to start again.
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count


def sign_in_unlock(*, username: str) -> int:
    """Forgets every failure of this login name, at every address; returns how many records."""
    count, _ = AccessAttempt.objects.filter(username=username).delete()
    return count


def locked_addresses(*, username: str) -> list[str]:
    """The addresses from which this login name cannot sign in now (its own counter there)."""
    attempts = AccessAttempt.objects.filter(
        username=username,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
    )
    return sorted({attempt.ip_address for attempt in attempts if attempt.ip_address})


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with a message saying why and for how long, instead of axes' bare
    text. Axes may call this with its arguments shifted (its async path passes the credentials
    second), so the name typed is read from the form."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Sign-in is paused after too many wrong passwords from this address. Try again in "
        "%(minutes)d minutes, or ask an administrator to unlock the account."
    ) % {"minutes": minutes}
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    context = {"form": form, "next": request.POST.get("next", ""), "lockout_message": message}
    return render(
        request, "registration/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
