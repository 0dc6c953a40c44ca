from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers


def request_language(request) -> str:
    """The user's chosen language, else the one chosen on this browser, else Vietnamese.

    The browser's Accept-Language is ignored on purpose: offices run browsers set to English, and
    every screen must still open in Vietnamese until a person chooses otherwise.
    """
    supported = dict(settings.LANGUAGES)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in supported:
        return user.language
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with one exception: an SVG drawing (the flow diagram) styles itself with an
    inline <style> it cannot carry a nonce for, so its own policy allows inline styles; scripts
    stay as strict as on every page."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if response.get("Content-Type", "").startswith("image/svg+xml"):
            parts.replace = {**(parts.replace or {}), "style-src": [UNSAFE_INLINE]}
        return parts


class NoStoreForSignedInMiddleware:
    """What a signed-in person sees (cases, inbox, audit, notifications, API answers, exports and
    attachments) must not stay in a shared browser's or a proxy's cache: a response to a signed-in
    user, or to a request carrying credentials, gets `Cache-Control: no-store` unless its view
    chose a policy itself. Static files never reach this (WhiteNoise answers them earlier)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Read the user after the view: the API authenticates tokens inside the view, and DRF
        # sets the user it found on the request.
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if (signed_in or "HTTP_AUTHORIZATION" in request.META) and not response.has_header(
            "Cache-Control"
        ):
            add_never_cache_headers(response)
        return response
