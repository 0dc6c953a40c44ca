"""The layering of the apps, read from the source: units ← workdays, notifications ← the case
kernel (cases, then workflows) ← case kinds ← audit, config. An app imports only the apps below
it, and no two modules import each other, however indirectly (imports inside functions count:
a lazy import is how a cycle hides)."""

import ast
from pathlib import Path

from cases import registry

ROOT = Path(__file__).resolve().parents[2]
# The kinds' layer is every registered kind whose app is part of the project (a new kind joins
# it by registering; the test-only kind lives in tests/ and is not read).
KIND_APPS = {
    kind.model._meta.app_config.name
    for kind in registry.kinds()
    if (ROOT / kind.model._meta.app_config.name).is_dir()
}
LAYERS = [
    {"units"},
    {"workdays", "notifications"},
    {"cases"},
    {"workflows"},
    KIND_APPS,
    {"audit", "config"},
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def _modules() -> dict[str, Path]:
    found = {}
    for app in LEVEL:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """First-party modules `name` imports, resolved to the modules that exist."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # `from x import y` imports module x.y if there is one (as import-linter reads
            # it), else the name y of module x.
            candidates = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        for candidate in candidates:
            while candidate and candidate not in modules:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name:
                targets.add(candidate)
    return targets


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _app(module: str) -> str:
    return module.split(".")[0]


def test_no_app_imports_an_app_above_or_beside_it():
    upward = sorted(
        f"{module} imports {target}"
        for module, targets in _graph().items()
        for target in targets
        if _app(target) != _app(module) and LEVEL[_app(target)] >= LEVEL[_app(module)]
    )
    assert upward == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_two_modules_import_each_other():
    assert _cycles(_graph()) == []


def test_the_reader_sees_real_imports():
    assert "casework" in KIND_APPS
    graph = _graph()
    assert "cases.registry" in graph["workflows.announce"]
    assert "workflows.acting" in graph["casework.actions"]
    # A cycle the test must catch.
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
