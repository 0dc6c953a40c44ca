from django.db import models
from django.utils.translation import gettext_lazy as _

from units.choices import Role

# Who may open the audit pages: auditors read everything in their scope, administrators too.
AUDIT_ROLES = (Role.AUDITOR, Role.ADMINISTRATOR)


class AuthEventKind(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Signed out")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
