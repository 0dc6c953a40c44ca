import time

from django.core.management.base import BaseCommand

from units.catalogue import load_administrative_units


class Command(BaseCommand):
    help = "Loads every province and commune/ward from vietnam-provinces, with a committee each."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        report = load_administrative_units()
        self.stdout.write(
            f"load_units: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged in {time.monotonic() - started:.1f} s"
        )
