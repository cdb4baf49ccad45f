"""Delivering queued messages to the homeserver, in order, each exactly once."""

from __future__ import annotations

import asyncio
import logging

from bot.matrix import MatrixGateway, MatrixUnavailable
from commands.framework.context import Clock
from storage import Database
from storage.models import OutboxMessage

log = logging.getLogger(__name__)

#: Unexpected failures of one message before it is given up (the homeserver's own refusals
#: give up at once; its temporary failures are retried inside the gateway).
MAX_ATTEMPTS = 10


class OutboxSender:
    def __init__(self, database: Database, gateway: MatrixGateway, clock: Clock) -> None:
        self.database = database
        self.gateway = gateway
        self.clock = clock
        self._lock = asyncio.Lock()

    async def flush(self) -> None:
        async with self._lock:
            async with self.database.unit_of_work() as uow:
                pending = list(await uow.outbox.pending())
            waiting: set[str] = set()  # rooms not ready: later messages to them wait too
            for message in pending:
                if (message.room_id or message.to_user or "") in waiting:
                    continue
                try:
                    event_id = await self._deliver(message)
                except MatrixUnavailable as error:
                    log.error("giving up on message %s to %s: %s", message.txn_id,
                              message.room_id, error)
                    async with self.database.unit_of_work() as uow:
                        await uow.outbox.mark_attempt(message.id, give_up=True)
                    continue
                except Exception:
                    # Not the homeserver's answer but something unexpected (a client-side
                    # error): try again with the next flush, a limited number of times.
                    give_up = message.attempts + 1 >= MAX_ATTEMPTS
                    log.exception("could not send message %s (attempt %d%s)", message.txn_id,
                                  message.attempts + 1, ", giving up" if give_up else "")
                    async with self.database.unit_of_work() as uow:
                        await uow.outbox.mark_attempt(message.id, give_up=give_up)
                    waiting.add(message.room_id or message.to_user or "")
                    continue
                if event_id is None:
                    waiting.add(message.room_id or message.to_user or "")
                    continue
                async with self.database.unit_of_work() as uow:
                    await uow.outbox.mark_sent(message.id, event_id, self.clock())

    async def _deliver(self, message: OutboxMessage) -> str | None:
        """Send one message; None when its room is not ready yet (it stays queued)."""
        room_id = message.room_id or await self._direct_room(message.to_user)
        if not self.gateway.room_ready(room_id):
            return None
        content = dict(message.content)
        if message.attachment is not None:
            # Uploading again after a crash leaves an unused copy in the media store; harmless.
            encrypted = self.gateway.room_encrypted(room_id)
            uri, keys = await self.gateway.upload(
                message.attachment, content["info"]["mimetype"], content["body"],
                encrypt=encrypted,
            )
            if keys is not None:
                content["file"] = {**keys, "url": uri, "mimetype": content["info"]["mimetype"]}
            else:
                content["url"] = uri
        return await self.gateway.send(room_id, message.event_type, content, message.txn_id)

    async def _direct_room(self, user_id: str | None) -> str:
        if user_id is None:
            raise MatrixUnavailable("send", None, "a message without room or recipient")
        async with self.database.unit_of_work() as uow:
            room_id = await uow.direct_rooms.get(user_id)
        if room_id is None:
            room_id = await self.gateway.create_direct_room(user_id)
            async with self.database.unit_of_work() as uow:
                await uow.direct_rooms.remember(user_id, room_id)
            log.info("opened a direct-message room with %s", user_id)
        return room_id
