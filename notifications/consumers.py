from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .groups import unit_group, user_group


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """Forwards events to a signed-in user: their own, and those of every unit where they hold a
    role. No domain writes happen here."""

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
        await self.accept()

    async def disconnect(self, code) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def notify(self, event) -> None:
        await self.send_json(event["payload"])

    @database_sync_to_async
    def _unit_ids(self, user) -> list[int]:
        return sorted(set(user.memberships.values_list("unit_id", flat=True)))
