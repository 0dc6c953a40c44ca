"""What an app above this one adds to a role's card on the home page (the commune boards show a
board member their board, its plan and its cases). Registered from the app's `ready()`, so the
home page imports no app above it."""

from collections.abc import Callable

# role -> [panel(request) -> (template name, context) or None]
_PANELS: dict[str, list[Callable]] = {}


def register(role: str, panel: Callable) -> None:
    _PANELS.setdefault(role, [])
    if panel not in _PANELS[role]:
        _PANELS[role].append(panel)


def panels_for(role: str, request) -> list[tuple[str, dict]]:
    found = []
    for panel in _PANELS.get(role, ()):
        shown = panel(request)
        if shown is not None:
            found.append(shown)
    return found
