import logging

from celery import shared_task

from . import timers

logger = logging.getLogger(__name__)


@shared_task(name="workflows.tasks.fire_due_timers", ignore_result=True)
def fire_due_timers() -> int:
    """Fires every workflow deadline that has come due; runners claim cases with SKIP LOCKED and
    viewflow locks each process while firing, so several runners never fire one timer twice."""
    fired = timers.fire_due_timers()
    if fired:
        logger.info("fired %d due workflow timers", fired)
    return fired
