"""Delivering queued messages to the homeserver, in order, each exactly once."""

from __future__ import annotations

import asyncio
import logging

from bot.matrix import MatrixGateway, MatrixUnavailable
from commands.framework.context import Clock
from storage import Database

log = logging.getLogger(__name__)


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
            for message in pending:
                try:
                    event_id = await self.gateway.send(
                        message.room_id, message.event_type, message.content, message.txn_id
                    )
                except MatrixUnavailable as error:
                    log.error("giving up on message %s to %s: %s", message.txn_id,
                              message.room_id, error)
                    async with self.database.unit_of_work() as uow:
                        await uow.outbox.mark_attempt(message.id, give_up=True)
                    continue
                async with self.database.unit_of_work() as uow:
                    await uow.outbox.mark_sent(message.id, event_id, self.clock())
