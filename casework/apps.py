from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Petitions and voter recommendations")

    def ready(self) -> None:
        from notifications.digest import register_digest_source

        from .selectors import overdue_for_digest

        # The morning digest lists each reader's overdue petitions (notifications/digest.py).
        register_digest_source(overdue_for_digest)

        from cases import identity

        from .identity import PetitionIdentity
        from .models import Petition

        identity.register(Petition, PetitionIdentity())

        from cases import registry

        from .kind import petition_kind

        registry.register(petition_kind())

        from cases import mounts

        mounts.mount(
            "cases/",
            "casework.urls",
            api=[("petitions", "casework.api.PetitionViewSet", "petition")],
        )
