import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand

from casework.models import Attachment
from casework.uploads import sweep


def recorded(name: str) -> bool:
    return Attachment.objects.filter(file=name).exists()


def sweep_uploads() -> dict[str, int]:
    grace = dt.timedelta(minutes=settings.UPLOAD_STAGING_GRACE_MINUTES)
    return sweep(is_recorded=recorded, grace=grace)


class Command(BaseCommand):
    help = (
        "Moves committed uploads still in the staging area into place and removes files that no "
        "attachment records (left by a crash mid-transaction). The timer runner runs it on start."
    )

    def handle(self, *args, **options) -> None:
        done = sweep_uploads()
        self.stdout.write(f"sweep_uploads: {done['placed']} placed, {done['removed']} removed")
