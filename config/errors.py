"""Bad input becomes a 400 or a 404 with a sentence for the user, never a server error.

A NUL byte cannot be stored in a PostgreSQL text column ("A string literal cannot contain NUL
(0x00) characters"): rather than check every field of every form, one middleware refuses any
request whose parameters carry one. Ids past 64 bits never match a URL (`units.converters`).
Under /api/ the error pages are JSON `{"detail": …}`, the shape the API's schema documents.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _has_nul(request: HttpRequest) -> bool:
    for data in (request.GET, request.POST):
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return any("\x00" in (f.name or "") for f in request.FILES.values())


def bad_request(request: HttpRequest, exception=None, message: str | None = None) -> HttpResponse:
    """handler400, and the answer to a request the site refuses to read."""
    message = message or _("The request is not valid. Check what was typed and try again.")
    if _is_api(request):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """handler404: JSON under /api/, so a client reads the same shape as every other 404."""
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


class RejectNulMiddleware:
    """Refuses a request with a NUL byte in a query parameter, a form field or a file name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return bad_request(
                request,
                message=_(
                    "The request contains a character that is not allowed (NUL). "
                    "Check what was typed and try again."
                ),
            )
        return self.get_response(request)
