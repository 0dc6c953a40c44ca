from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from django.contrib.auth import user_logged_in, user_logged_out, user_login_failed

        from . import signals

        user_logged_in.connect(signals.record_login, dispatch_uid="audit_login")
        user_login_failed.connect(signals.record_login_failed, dispatch_uid="audit_login_failed")
        user_logged_out.connect(signals.record_logout, dispatch_uid="audit_logout")
