from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
