import asyncio

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import translation

from .groups import unit_group, user_group
from .publisher import publisher
from .selectors import notification_since


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """Forwards events to a signed-in user: their own, and those of every unit where they hold a
    role. A client that sends {"type": "since", "last_id": N} first receives every notification
    of theirs with an id above N, oldest first, read from the database, so pushes missed while
    disconnected (or lost in a restart) are not lost. No domain writes happen here."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=4401)
            return
        self.groups_joined = [user_group(user.pk)] + [
            unit_group(unit_id) for unit_id in await self._unit_ids(user)
        ]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        # With the in-memory channel layer, pushes must be sent from this loop (see publisher).
        publisher.attach_consumer_loop(asyncio.get_running_loop())
        await self.accept()

    async def disconnect(self, code) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        if not isinstance(content, dict) or content.get("type") != "since":
            return
        last_id = content.get("last_id")
        if isinstance(last_id, bool) or not isinstance(last_id, int) or last_id < 0:
            return
        for payload in await self._since(self.scope["user"], last_id):
            await self.send_json(payload)

    async def notify(self, event) -> None:
        await self.send_json(event["payload"])

    @database_sync_to_async
    def _unit_ids(self, user) -> list[int]:
        return sorted(set(user.memberships.values_list("unit_id", flat=True)))

    @database_sync_to_async
    def _since(self, user, last_id: int) -> list[dict]:
        with translation.override(user.language):
            return [row.payload() for row in notification_since(user=user, last_id=last_id)]
