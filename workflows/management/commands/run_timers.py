import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from workflows.tasks import fire_due_timers


class Command(BaseCommand):
    help = (
        "Fires due workflow timers every few seconds until stopped: the background runner of "
        "`make run`. Production uses Celery beat with the same task."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=15.0, help="Seconds between sweeps.")
        parser.add_argument("--once", action="store_true", help="Sweep once and exit.")

    def handle(self, *args, interval: float, once: bool, **options) -> None:
        stopping = False

        def stop(signum, frame) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        # Uploads a crash left half-way (casework.uploads) are dealt with before anything else.
        call_command("sweep_uploads", stdout=self.stdout)
        while True:
            close_old_connections()
            fired = fire_due_timers()
            if once:
                self.stdout.write(f"run_timers: {fired} fired")
                return
            slept = 0.0
            while slept < interval and not stopping:
                time.sleep(0.5)
                slept += 0.5
            if stopping:
                return
