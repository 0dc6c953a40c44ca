"""A WebSocket test client for consumers. `channels.testing` cannot be imported without daphne,
which this project does not install (uvicorn serves WebSocket), so this is the small part of its
WebsocketCommunicator the tests need."""

import json
from unittest import mock

from asgiref.testing import ApplicationCommunicator


def _keep_connections() -> None:
    """The consumer's database calls must use the test's connection, not close it."""


class WebsocketCommunicator(ApplicationCommunicator):
    def __init__(self, application, path: str, *, user) -> None:
        scope = {
            "type": "websocket",
            "path": path,
            "query_string": b"",
            "headers": [],
            "subprotocols": [],
            "user": user,
        }
        super().__init__(application, scope)

    async def send_input(self, message):
        with mock.patch("channels.db.close_old_connections", _keep_connections):
            return await super().send_input(message)

    async def receive_output(self, timeout=1):
        with mock.patch("channels.db.close_old_connections", _keep_connections):
            return await super().receive_output(timeout)

    async def connect(self, timeout: float = 1) -> tuple[bool, int | None]:
        """(True, None) when accepted, (False, close code) when refused."""
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            return False, response.get("code", 1000)
        assert response["type"] == "websocket.accept"
        return True, None

    async def send_json_to(self, data) -> None:
        await self.send_input({"type": "websocket.receive", "text": json.dumps(data)})

    async def receive_json_from(self, timeout: float = 1):
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return json.loads(response["text"])

    async def disconnect(self, code: int = 1000, timeout: float = 1) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)
