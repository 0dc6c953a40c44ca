"""The project's settings plus the `bench` package as an app, so that the bare viewflow flow of
bench/bare_flow.py has an app label (viewflow stores flow and task references as
`app_label/module.Class.node`). `bench` has no models and no migrations."""

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
