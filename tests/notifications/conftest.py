import pytest

from notifications.publisher import publisher

from .live import LIVE_SERVERS_REASON, live_servers_available, running_servers


@pytest.fixture
def pushed(monkeypatch):
    """What would leave the process: every (recipient id, payload) handed to the publisher."""
    sent: list[tuple[int, dict]] = []
    monkeypatch.setattr(publisher, "publish_many", lambda deliveries: sent.extend(deliveries))
    return sent


@pytest.fixture(scope="module")
def live_servers(django_db_setup, django_db_blocker):
    """Two uvicorn processes on loopback, as two web workers behind one address would be (see
    live.running_servers)."""
    if not live_servers_available():
        pytest.skip(LIVE_SERVERS_REASON)
    with running_servers("a", "b") as servers:
        yield servers


@pytest.fixture
def tasks_run_at_once():
    """Celery tasks run in this process when queued, as in development (no REDIS_URL), even in
    a run with a Redis broker: there is no worker to take them."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def wants_email():
    """wants_email(user, *kinds, digest=False): the user's own choice, saved as the page does."""
    from notifications.services import notification_preference_update

    def choose(user, *kinds, digest: bool = False):
        return notification_preference_update(
            user=user, email_kinds=kinds, daily_digest=digest, reason="Test"
        )

    return choose
