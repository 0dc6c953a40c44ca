"""One long-lived publisher per process. `async_to_sync(group_send)` per event would open a new
event loop, and with Redis a new connection, for every message (milliseconds each); this keeps
one loop in a daemon thread and hands it the sends."""

import asyncio
import logging
import threading
from concurrent.futures import Future

from channels.layers import get_channel_layer

from .groups import user_group

logger = logging.getLogger(__name__)


class Publisher:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._layer = None
        self._lock = threading.Lock()
        self._pending: set[Future] = set()

    def _start(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(
                    target=loop.run_forever, name="notification-publisher", daemon=True
                )
                thread.start()
                self._loop = loop
            return self._loop

    async def _send(self, messages: list[tuple[int, dict]]) -> None:
        if self._layer is None:
            self._layer = get_channel_layer()
        for user_id, payload in messages:
            await self._layer.group_send(
                user_group(user_id), {"type": "notify", "payload": payload}
            )

    def publish_many(self, messages: list[tuple[int, dict]]) -> None:
        """Sends (user id, payload) pairs; never blocks the caller. A lost push is not a lost
        notification: the row is in the outbox and the client replays it on reconnect."""
        if not messages:
            return
        future = asyncio.run_coroutine_threadsafe(self._send(messages), self._start())
        self._pending.add(future)
        future.add_done_callback(self._done)

    def _done(self, future: Future) -> None:
        self._pending.discard(future)
        if future.exception() is not None:
            logger.warning("notification push failed: %s", future.exception())

    def flush(self, timeout: float = 5.0) -> None:
        for future in list(self._pending):
            future.result(timeout=timeout)


publisher = Publisher()
