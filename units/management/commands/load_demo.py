from django.core.management.base import BaseCommand
from django.utils import translation

from units.demo import DEMO_PASSWORD, demo_logins, load_demo_organisation


class Command(BaseCommand):
    help = "Loads the demo organisation and users (idempotent)."

    def handle(self, *args, **options) -> None:
        load_demo_organisation()
        with translation.override("vi"):
            logins = ", ".join(f"{name} ({role})" for name, role in demo_logins())
        self.stdout.write(f"load_demo: ready. Logins, password {DEMO_PASSWORD}: {logins}")
