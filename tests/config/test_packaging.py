"""The wheel ships every local app, each package inside one, and the templates, static files and
catalogues (pyproject.toml finds the packages; .ci/wheel_check.sh installs the wheel and serves a
page)."""

import importlib.util
import tomllib
from pathlib import Path

from django.conf import settings
from setuptools import find_packages

ROOT = Path(__file__).resolve().parents[2]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
FIND = SETUPTOOLS["packages"]["find"]


def shipped_packages():
    """What the build finds, with the directives pyproject.toml gives it."""
    assert FIND["where"] == ["."] and FIND["namespaces"] is False
    return set(find_packages(ROOT, exclude=FIND["exclude"]))


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
    missing = sorted(set().union(*(packages_in(top) for top in local)) - shipped_packages())
    assert not missing, (
        "these directories hold Python code but no __init__.py, so the wheel leaves them out: "
        + ", ".join(missing)
    )


def test_the_test_suite_and_benchmarks_do_not_ship():
    shipped = shipped_packages()
    assert not {name for name in shipped if name.split(".")[0] in {"tests", "bench"}}


def test_templates_static_and_locale_ship_as_package_data_of_config():
    assert "config" in shipped_packages()
    assert SETUPTOOLS["package-data"]["*"] == ["**/*"]
    config = ROOT / "config"
    assert settings.TEMPLATES[0]["DIRS"] == [config / "templates"]
    assert [config / "static"] == settings.STATICFILES_DIRS
    assert [config / "locale"] == settings.LOCALE_PATHS
    # None of them may hold an __init__.py: a sub-directory would then ship as a package of its
    # own and the rest of the tree as data twice.
    for name in ("templates", "static", "locale"):
        assert not list((config / name).rglob("__init__.py")), name
