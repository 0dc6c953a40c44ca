"""The wheel ships every local app, each package inside one, and the templates, static files and
catalogues (pyproject.toml lists the packages; .ci/wheel_check.sh installs the wheel and serves a
page)."""

import importlib.util
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
PACKAGES = set(SETUPTOOLS["packages"])


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
    assert {"config", "units", "cases", "casework", "recommendations", "audit"} <= local
    missing = sorted(set().union(*(packages_in(top) for top in local)) - PACKAGES)
    assert not missing, (
        "pyproject.toml [tool.setuptools] packages leaves these out of the wheel; add them: "
        + ", ".join(f'"{name}"' for name in missing)
    )


def test_no_listed_package_is_gone():
    stale = sorted(name for name in PACKAGES if not (ROOT / name.replace(".", "/")).is_dir())
    assert not stale, f"pyproject.toml lists packages that no longer exist: {stale}"


def test_templates_static_and_locale_ship_as_package_data():
    assert "config" in PACKAGES
    assert SETUPTOOLS["package-data"]["*"] == ["**/*"]
    config = ROOT / "config"
    assert settings.TEMPLATES[0]["DIRS"] == [config / "templates"]
    assert [config / "static"] == settings.STATICFILES_DIRS
    assert [config / "locale"] == settings.LOCALE_PATHS
    # None of them may hold an __init__.py: a sub-directory would then be a package left out
    # of the list above, its files shipped by nobody.
    for top in local_top_level_packages():
        for name in ("templates", "static", "locale"):
            assert not list((ROOT / top / name).rglob("__init__.py")), f"{top}/{name}"
