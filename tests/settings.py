"""The project's settings plus the test-only case kind (`tests.errands`): a minimal second kind
that proves a kind is one folder registering itself, with no line of the kernel changed."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.errands"]
