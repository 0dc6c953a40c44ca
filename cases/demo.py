"""What every kind's demo data shares. Demo cases go through the same services and flows as
real work; to place them in the past the clock is set back while each step runs, so history
rows carry the day the step happened and nothing is written behind the flow's back."""

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone


@contextmanager
def on_day(day: dt.date, hour: int = 9):
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    with mock.patch("django.utils.timezone.now", lambda: moment):
        yield
