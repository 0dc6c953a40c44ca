"""Where each app of case kinds is mounted: its pages under a URL prefix and its REST viewsets
on the API router. An app declares them from its `AppConfig.ready()`, so `config/urls.py` and
`config/api.py` need no line for a new kind (they read `urlpatterns()` and `api_routes()`).

Viewsets are named by dotted path and imported only when the router is built: `ready()` runs
before the URL configuration, and importing DRF views from it would load them for every
management command.
"""

from dataclasses import dataclass

from django.urls import include, path
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Mount:
    prefix: str  # "voters/": the app's pages live under it
    urlconf: str  # "recommendations.urls" (with its app_name: the URL namespace)
    api: tuple[tuple[str, str, str], ...] = ()  # (route, "app.api.ViewSet", basename)


_MOUNTS: dict[str, Mount] = {}


def mount(prefix: str, urlconf: str, *, api=()) -> Mount:
    """Mounts an app's pages at `prefix` and its viewsets at `api` routes; mounting the same
    prefix again replaces it."""
    declared = Mount(prefix=prefix, urlconf=urlconf, api=tuple(tuple(route) for route in api))
    _MOUNTS[prefix] = declared
    return declared


def mounts() -> list[Mount]:
    return list(_MOUNTS.values())


def urlpatterns() -> list:
    return [path(each.prefix, include(each.urlconf)) for each in _MOUNTS.values()]


def api_routes() -> list[tuple[str, type, str]]:
    """(route, viewset class, basename) of every mounted app, in the order they were mounted."""
    return [
        (route, import_string(viewset), basename)
        for each in _MOUNTS.values()
        for route, viewset, basename in each.api
    ]
