from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django.contrib.auth import user_logged_in
        from django.contrib.auth.models import update_last_login

        from . import audit_chain, converters, signals  # noqa: F401  (audit_chain connects)

        # Before any URL configuration is imported: every urls.py uses `<id:pk>`.
        converters.register()

        # Django's own handler saves the user, which would add a history row on every login;
        # logins are an event, not a change to the person, so they are written without one.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(signals.touch_last_login, dispatch_uid="dn_touch_last_login")
        post_migrate.connect(install_append_only_triggers, dispatch_uid="dn_history_triggers")


def install_append_only_triggers(sender, using="default", **kwargs) -> None:
    """History is append-only: on PostgreSQL a trigger on every history table refuses DELETE,
    and UPDATE except filling a row's empty hash once (the bulk writers' sealing step)."""
    from django.db import connections

    # post_migrate comes once per app, after every migration has run: install once.
    if sender.name != "units" or connections[using].vendor != "postgresql":
        return
    from .audit_chain import append_only_triggers, history_models

    for model in history_models():
        for trigger in append_only_triggers():
            trigger.install(model, database=using)
