from django.apps import AppConfig


class ErrandsConfig(AppConfig):
    """A test-only case kind: an errand a committee's officer runs and finishes by a date."""

    name = "tests.errands"
    label = "errands"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cases import identity, registry

        from .kind import ErrandIdentity, errand_kind
        from .models import Errand

        identity.register(Errand, ErrandIdentity())
        registry.register(errand_kind())
