"""Pushes notification payloads to WebSocket clients, best effort, after the writing transaction
has committed (the rows themselves are the must-deliver part; a missed push is replayed from the
database when the client reconnects with "since").

One publisher per process, started on first use: a daemon thread runs its own asyncio loop and
sends through the process's channel layer. Calling `async_to_sync(group_send)` per event instead
would start a new event loop each time and, with channels-redis, a new Redis connection pool.

The in-memory channel layer (development, no REDIS_URL) keeps plain `asyncio.Queue`s that are not
thread-safe: a message put from another loop wakes the waiting consumer only when its own loop
happens to wake up for something else. So while a consumer runs in this process (uvicorn serves
HTTP and WebSocket in one loop), sends to that layer are scheduled on the consumer's loop, which
consumers report with `attach_consumer_loop`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import threading
from collections.abc import Iterable

from channels.layers import InMemoryChannelLayer, get_channel_layer

from .groups import user_group

logger = logging.getLogger(__name__)

Delivery = tuple[int, dict]  # (recipient id, payload)


class Publisher:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pid: int | None = None
        self._consumer_loop: asyncio.AbstractEventLoop | None = None
        self._pending: set[concurrent.futures.Future] = set()

    def publish_many(self, deliveries: Iterable[Delivery]) -> None:
        """Queue one `notify` event per (recipient id, payload) and return at once."""
        deliveries = list(deliveries)
        if not deliveries:
            return
        future = asyncio.run_coroutine_threadsafe(self._send(deliveries), self._target_loop())
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every queued send has finished; True if all did within `timeout`. For tests
        and shutdown; never call it from the loop the sends run on."""
        with self._lock:
            pending = list(self._pending)
        if not pending:
            return True
        _, not_done = concurrent.futures.wait(pending, timeout=timeout)
        return not not_done

    def attach_consumer_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        self._consumer_loop = loop

    def _target_loop(self) -> asyncio.AbstractEventLoop:
        consumer_loop = self._consumer_loop
        if (
            isinstance(get_channel_layer(), InMemoryChannelLayer)
            and consumer_loop is not None
            and consumer_loop.is_running()
        ):
            return consumer_loop
        return self._own_loop()

    def _own_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            # A forked child (a Celery prefork worker) inherits the loop object but not the
            # thread that runs it: start a fresh one there.
            if self._loop is None or self._pid != os.getpid():
                self._loop = asyncio.new_event_loop()
                self._pid = os.getpid()
                self._pending = set()
                threading.Thread(
                    target=self._loop.run_forever, name="notifications-publisher", daemon=True
                ).start()
            return self._loop

    async def _send(self, deliveries: list[Delivery]) -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        # One at a time, so that each person receives their notifications in id order.
        for user_id, payload in deliveries:
            await layer.group_send(user_group(user_id), {"type": "notify", "payload": payload})

    def _done(self, future: concurrent.futures.Future) -> None:
        with self._lock:
            self._pending.discard(future)
        if not future.cancelled() and future.exception() is not None:
            # Best effort: the row is in the inbox and the client replays it on reconnect.
            logger.warning("Pushing notifications failed", exc_info=future.exception())


publisher = Publisher()
