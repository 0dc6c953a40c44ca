"""A state changed behind the flow's back leaves the flow waiting at a step the case has left,
so transitions are called only by their services, and transition services only by the
workflow layer. This reads the source to keep it that way."""

import ast
from pathlib import Path

from django_fsm import FSMField

from casework import services
from casework.models import Petition

ROOT = Path(__file__).resolve().parents[2]
APPS = ["casework", "supervision", "workflows", "units", "notifications", "workdays", "config"]


def _transition_names() -> set[str]:
    field = next(f for f in Petition._meta.fields if isinstance(f, FSMField))
    return {t.name for t in field.get_all_transitions(Petition)}


def _transition_services() -> set[str]:
    from casework.services import transitions

    return {
        name
        for name in services.__all__
        if getattr(services, name).__module__.startswith(transitions.__name__)
    }


def _calls(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                yield func.attr, func.value, node.lineno
            elif isinstance(func, ast.Name):
                yield func.id, None, node.lineno


def _in_service_layer(path: Path) -> bool:
    return "services" in path.parts and path.parts[len(ROOT.parts)] == "casework"


def _sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def _receiver_name(value) -> str:
    if isinstance(value, ast.Name):
        return value.id
    if isinstance(value, ast.Attribute):
        return value.attr
    return ""


def test_petition_transitions_are_called_only_from_casework_services():
    names = _transition_names()
    offenders = [
        f"{path.relative_to(ROOT)}:{line} .{attr}()"
        for path in _sources()
        if not _in_service_layer(path)
        for attr, value, line in _calls(path)
        if attr in names and "petition" in _receiver_name(value).lower()
    ]
    assert offenders == []


def _service_calls(path: Path, names: set[str]):
    """Calls of transition services: `services.petition_x()` or a name imported from
    casework.services (a same-named function elsewhere, like workflows.actions', is fine)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("casework.services")
        for alias in node.names
        if alias.name in names
    }
    for attr, value, line in _calls(path):
        if attr in names and (attr in imported or _receiver_name(value) == "services"):
            yield attr, line


def test_transition_services_are_called_only_from_the_workflow_layer():
    names = _transition_services()
    offenders = [
        f"{path.relative_to(ROOT)}:{line} {attr}()"
        for path in _sources()
        if path.parts[len(ROOT.parts)] not in ("workflows",)
        and path != ROOT / "casework" / "flows.py"
        and not _in_service_layer(path)
        for attr, line in _service_calls(path, names)
    ]
    assert offenders == []


def test_the_guard_knows_the_transitions_it_watches():
    assert {"classify", "refer", "send_referral", "close", "reopen"} <= _transition_names()
    assert {"petition_classify", "petition_close"} <= _transition_services()
