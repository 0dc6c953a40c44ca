"""The packages the wheel ships: every package of the tree but the tests and the benchmarks,
found rather than listed (a new app or case kind adds no line here), and the templates, static
files and catalogues as the package data of dan_nguyen_files.* (pyproject.toml maps those to
the top-level templates/, static/ and locale/ directories). Everything else is in
pyproject.toml; tests/config/test_packaging.py and .ci/wheel_check.sh check the result."""

from setuptools import find_packages, setup

NOT_SHIPPED = ["tests", "tests.*", "bench", "bench.*"]
DATA_PACKAGES = [
    "dan_nguyen_files.templates",
    "dan_nguyen_files.static",
    "dan_nguyen_files.locale",
]

setup(packages=find_packages(exclude=NOT_SHIPPED) + DATA_PACKAGES)
