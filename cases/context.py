"""The main menu's entries of the case kinds that have a list page of their own."""

from django.urls import reverse

from . import registry


def kind_menu(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    seen, entries = set(), []
    for kind in registry.kinds():
        if kind.menu and kind.menu[1] not in seen:
            seen.add(kind.menu[1])
            entries.append((kind.menu[0], reverse(kind.menu[1])))
    return {"kind_menu": entries}
