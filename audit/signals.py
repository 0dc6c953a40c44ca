"""Sign-ins, failed sign-ins and sign-outs, written as they happen (django.contrib.auth
signals, connected in `AuditConfig.ready`)."""

from .choices import AuthEventKind
from .models import USER_AGENT_LENGTH, AuthEvent


def _client(request) -> dict:
    if request is None:
        return {"ip": None, "user_agent": ""}
    # REMOTE_ADDR is the peer; behind a proxy that is the proxy (X-Forwarded-For can be forged
    # by the client, so it is not trusted here).
    ip = request.META.get("REMOTE_ADDR") or None
    agent = request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH]
    return {"ip": ip, "user_agent": agent}


def _record(kind: str, *, request, user=None, username: str = "") -> None:
    event = AuthEvent(kind=kind, user=user, username_tried=username[:150], **_client(request))
    event._history_user = user
    event._change_reason = kind
    event.save()


def record_login(sender, request, user, **kwargs) -> None:
    _record(AuthEventKind.LOGIN, request=request, user=user, username=user.get_username())


def record_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django hides the password in `credentials`; only the name typed is kept.
    username = str(credentials.get("username", "") or "")
    _record(AuthEventKind.LOGIN_FAILED, request=request, username=username)


def record_logout(sender, request, user, **kwargs) -> None:
    if user is None:  # a logout without a session
        return
    _record(AuthEventKind.LOGOUT, request=request, user=user, username=user.get_username())
