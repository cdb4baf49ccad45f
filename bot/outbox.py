"""Delivering queued messages to the homeserver, in order, each exactly once.

Every message is first committed to the outbox table with the work that caused it. Right after
that commit the pipeline hands the same messages over from memory (`send_committed`), so a
member's reply leaves without another trip to the database; only when older messages are still
waiting (a room not ready, a homeserver that refused, a restart) are they all read back from the
table and sent in their order (`flush`).

That a message was sent, and its event id, is written right after the send: events that
arrive later refer to it (a reaction to an announcement, an answer to a poll), also after a
crash. (Deferring the mark to the next transaction was tried and measured; a kill between send
and mark then left a poll's answers without their poll, since an encrypting client cannot send
again before its first sync — `tests/e2e/test_polls.py` catches it.)
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot.faults import fault_point
from bot.matrix.gateway import MatrixGateway, MatrixUnavailable
from commands.framework.context import Clock
from storage import Database

log = logging.getLogger(__name__)

#: Unexpected failures of one message before it is given up (the homeserver's own refusals
#: give up at once; its temporary failures are retried inside the gateway).
MAX_ATTEMPTS = 10


class Sendable(Protocol):
    """A message as the outbox table holds it (the ORM row, or the copy kept in memory)."""

    @property
    def txn_id(self) -> str: ...
    @property
    def room_id(self) -> str | None: ...
    @property
    def to_user(self) -> str | None: ...
    @property
    def event_type(self) -> str: ...
    @property
    def content(self) -> dict[str, Any]: ...
    @property
    def attachment(self) -> bytes | None: ...


@dataclass(frozen=True)
class QueuedMessage:
    """A message just written to the outbox, kept in memory until its commit is through."""

    txn_id: str
    room_id: str | None
    to_user: str | None
    event_type: str
    content: dict[str, Any]
    attachment: bytes | None


class OutboxSender:
    def __init__(self, database: Database, gateway: MatrixGateway, clock: Clock) -> None:
        self.database = database
        self.gateway = gateway
        self.clock = clock
        self._lock = asyncio.Lock()
        #: Whether the table may hold unsent messages this process has not delivered; true
        #: at start, until a flush has gone through the table.
        self._backlog = True

    async def send_committed(self, messages: Sequence[QueuedMessage]) -> None:
        """Send messages whose transaction has just committed. If older ones still wait,
        everything goes from the table in order instead, so nothing overtakes them."""
        async with self._lock:
            if self._backlog:
                await self._flush()
                return
            waiting: set[str] = set()
            for message in messages:
                destination = message.room_id or message.to_user or ""
                if destination in waiting:
                    continue
                if not await self._send(message, attempts=0):
                    waiting.add(destination)
            self._backlog = bool(waiting)

    async def flush(self) -> None:
        """Send everything the table holds unsent, in order."""
        async with self._lock:
            await self._flush()

    async def flush_waiting(self) -> None:
        """Send what is still waiting, if anything is (cheap when nothing is)."""
        if self._backlog:
            await self.flush()

    async def _flush(self) -> None:
        async with self.database.unit_of_work() as uow:
            pending = list(await uow.outbox.pending())
        waiting: set[str] = set()  # rooms not ready: later messages to them wait too
        for message in pending:
            destination = message.room_id or message.to_user or ""
            if destination in waiting:
                continue
            if not await self._send(message, attempts=message.attempts):
                waiting.add(destination)
        self._backlog = bool(waiting)

    async def _send(self, message: Sendable, *, attempts: int) -> bool:
        """Deliver one message and mark it; False when it stays queued for a later flush."""
        try:
            event_id = await self._deliver(message)
        except MatrixUnavailable as error:
            log.error("giving up on message %s to %s: %s", message.txn_id, message.room_id,
                      error)
            async with self.database.unit_of_work() as uow:
                await uow.outbox.mark_attempt(message.txn_id, give_up=True)
            return True
        except Exception:
            # Not the homeserver's answer but something unexpected (a client-side error):
            # try again with the next flush, a limited number of times.
            give_up = attempts + 1 >= MAX_ATTEMPTS
            log.exception("could not send message %s (attempt %d%s)", message.txn_id,
                          attempts + 1, ", giving up" if give_up else "")
            async with self.database.unit_of_work() as uow:
                await uow.outbox.mark_attempt(message.txn_id, give_up=give_up)
            return give_up
        if event_id is None:
            return False
        fault_point("after_send")
        async with self.database.unit_of_work() as uow:
            await uow.outbox.mark_sent_many([(message.txn_id, event_id, self.clock())])
        return True

    async def _deliver(self, message: Sendable) -> str | None:
        """Send one message; None when its room is not ready yet (it stays queued)."""
        room_id = message.room_id or await self._direct_room(message.to_user)
        if not await self.gateway.room_ready(room_id):
            return None
        content = dict(message.content)
        if message.attachment is not None:
            # Uploading again after a crash leaves an unused copy in the media store; harmless.
            encrypted = await self.gateway.room_encrypted(room_id)
            uri, keys = await self.gateway.upload(
                message.attachment, content["info"]["mimetype"],
                content.get("filename") or content["body"], encrypt=encrypted,
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
