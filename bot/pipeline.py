"""The event pipeline: every event the bot reads takes this one path.

Each event is handled in its own transaction: the journal entry that marks it handled, its
effects, and the messages it causes (in the outbox) commit together, so an event is handled
exactly once however often a sync delivers it. The sync position commits with the last event of
its batch. Messages leave the outbox only after their transaction committed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from bot.events import RoomEvent
from bot.outbox import OutboxSender
from bot.outgoing import notice, transaction_id
from commands.framework.context import Clock
from i18n import Rendered
from storage import Database, UnitOfWork

log = logging.getLogger(__name__)


class Effects:
    """What handling one event may send; queued in the event's transaction."""

    def __init__(self, uow: UnitOfWork, event: RoomEvent, clock: Clock) -> None:
        self.uow = uow
        self.event = event
        self.clock = clock
        self.queued = 0

    async def reply(self, rendered: Rendered) -> None:
        await self.send(
            self.event.room_id,
            "m.room.message",
            notice(rendered, reply_to=self.event.event_id, mention=self.event.sender),
        )

    async def send(self, room_id: str, event_type: str, content: dict[str, Any]) -> None:
        txn = transaction_id(self.event.event_id, self.queued)
        self.queued += 1
        await self.uow.outbox.enqueue(txn, room_id, event_type, content, self.clock())


Handler = Callable[[Any, UnitOfWork, Effects], Awaitable[None]]


class EventPipeline:
    def __init__(
        self,
        database: Database,
        outbox: OutboxSender,
        clock: Clock,
        handlers: dict[type[RoomEvent], Handler],
    ) -> None:
        self.database = database
        self.outbox = outbox
        self.clock = clock
        self.handlers = handlers
        self.stopping = asyncio.Event()

    async def process(self, events: Sequence[RoomEvent], next_batch: str) -> bool:
        """Handle `events` in order and store `next_batch` with the last one.

        Returns False if it stopped early (shutdown); the position is then not advanced and
        the next start handles the rest of the batch, skipping what is already journaled.
        """
        if not events:
            async with self.database.unit_of_work() as uow:
                await uow.sync.set(next_batch, self.clock())
            return True
        for index, event in enumerate(events):
            if self.stopping.is_set():
                return False
            is_last = index == len(events) - 1
            queued = await self._handle(event, next_batch if is_last else None)
            if queued:
                await self.outbox.flush()
        return True

    async def _handle(self, event: RoomEvent, next_batch: str | None) -> bool:
        async with self.database.unit_of_work() as uow:
            effects = Effects(uow, event, self.clock)
            if not await uow.journal.seen(event.event_id):
                handler = self.handlers.get(type(event))
                if handler is not None:
                    await self._run(handler, event, uow, effects)
                await uow.journal.record(
                    event.event_id, event.room_id, event.kind, event.timestamp, self.clock()
                )
            if next_batch is not None:
                await uow.sync.set(next_batch, self.clock())
            return effects.queued > 0

    async def _run(self, handler: Handler, event: RoomEvent, uow: UnitOfWork,
                   effects: Effects) -> None:
        try:
            async with uow.savepoint():
                await handler(event, uow, effects)
        except Exception:
            # The handler's effects are rolled back; the event still counts as handled, so
            # one poisoned event cannot stop the bot from reading everything after it.
            log.exception("handling %s %s in %s failed", event.kind, event.event_id,
                          event.room_id)
