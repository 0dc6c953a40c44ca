import pytest

from notifications.publisher import publisher


@pytest.fixture
def pushed(monkeypatch):
    """What would leave the process: every (recipient id, payload) handed to the publisher."""
    sent: list[tuple[int, dict]] = []
    monkeypatch.setattr(publisher, "publish_many", lambda deliveries: sent.extend(deliveries))
    return sent
