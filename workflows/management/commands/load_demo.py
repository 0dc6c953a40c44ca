from django.core.management.base import BaseCommand
from django.utils import translation

from cases import registry
from units.demo import DEMO_PASSWORD, demo_logins, load_demo_organisation


class Command(BaseCommand):
    help = "Loads the demo organisation, users and the demo cases of every kind (idempotent)."

    def handle(self, *args, **options) -> None:
        places = load_demo_organisation()
        added = []
        for kind in registry.kinds():
            if kind.demo is not None:
                added.append(f"{kind.name} {kind.demo(places)}")
        with translation.override("vi"):
            logins = ", ".join(f"{name} ({role})" for name, role in demo_logins())
        self.stdout.write(
            f"load_demo: ready, demo cases added: {', '.join(added) or 'none'}. "
            f"Logins, password {DEMO_PASSWORD}: {logins}"
        )
