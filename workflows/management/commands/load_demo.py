from django.core.management.base import BaseCommand
from django.utils import translation

from units.demo import DEMO_PASSWORD, demo_logins, load_demo_organisation
from workflows.demo import load_demo_petitions


class Command(BaseCommand):
    help = "Loads the demo organisation, users and petitions (idempotent)."

    def handle(self, *args, **options) -> None:
        places = load_demo_organisation()
        created = load_demo_petitions(places)
        with translation.override("vi"):
            logins = ", ".join(f"{name} ({role})" for name, role in demo_logins())
        self.stdout.write(
            f"load_demo: ready, {created} demo petitions added. "
            f"Logins, password {DEMO_PASSWORD}: {logins}"
        )
