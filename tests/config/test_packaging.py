"""The wheel ships every local app, each package inside one, and the templates, static files and
catalogues: setup.py finds the packages (every directory holding Python code must then be a
package, with an __init__.py) and pyproject.toml maps the data directories; .ci/wheel_check.sh
installs the wheel and serves a page."""

import ast
import importlib.util
import tomllib
from pathlib import Path

from django.conf import settings
from setuptools import find_packages

ROOT = Path(__file__).resolve().parents[2]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def _setup_constant(name: str) -> list[str]:
    tree = ast.parse((ROOT / "setup.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == name:
            return ast.literal_eval(node.value)
    raise AssertionError(f"setup.py defines no {name}")


SHIPPED = set(find_packages(str(ROOT), exclude=_setup_constant("NOT_SHIPPED")))
DATA_PACKAGES = _setup_constant("DATA_PACKAGES")


def local_top_level_packages():
    """Top-level packages of this tree named by settings: the apps, and config itself (not the
    test suite's own app, tests.errands, which tests/settings.py adds and nothing ships)."""
    names = {entry.split(".")[0] for entry in settings.INSTALLED_APPS} - {"tests"}
    names.add(settings.ROOT_URLCONF.split(".")[0])
    local = set()
    for name in names:
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin).resolve() if spec and spec.origin else None
        if origin and origin.is_relative_to(ROOT):
            local.add(name)
    return local


def packages_in(top):
    """Every directory holding Python code under a top-level package, as dotted names."""
    found = set()
    for path in (ROOT / top).rglob("*.py"):
        parent = path.parent.relative_to(ROOT)
        if "__pycache__" not in parent.parts:
            found.add(".".join(parent.parts))
    return found


def test_every_local_app_and_its_packages_are_in_the_wheel():
    local = local_top_level_packages()
    assert {"config", "units", "cases", "casework", "audit"} <= local
    missing = sorted(set().union(*(packages_in(top) for top in local)) - SHIPPED)
    assert not missing, (
        "these directories hold Python code but setup.py does not find them as packages "
        "(add an __init__.py): " + ", ".join(missing)
    )


def test_neither_the_tests_nor_the_benchmarks_ship():
    assert not {name for name in SHIPPED if name.split(".")[0] in ("tests", "bench")}
    assert "casework.migrations" in SHIPPED


def test_templates_static_and_locale_ship_as_package_data():
    for name in ("templates", "static", "locale"):
        package = f"dan_nguyen_files.{name}"
        assert package in DATA_PACKAGES
        assert SETUPTOOLS["package-dir"][package] == name
    assert SETUPTOOLS["package-data"]["*"] == ["**/*"]
    # In a checkout, settings read them where they are.
    assert settings.TEMPLATES[0]["DIRS"] == [ROOT / "templates"]
    assert settings.STATICFILES_DIRS == [ROOT / "static"]
    assert settings.LOCALE_PATHS == [ROOT / "locale"]
