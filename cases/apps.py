from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """The case kernel: what every case kind shares. It imports no case kind; kinds register
    themselves with it from their own `AppConfig.ready()`."""

    name = "cases"
    verbose_name = _("cases")
