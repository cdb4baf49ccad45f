"""The event pipeline: every event the bot reads takes this one path.

Each event is handled in its own transaction: the journal entry that marks it handled, its
effects, and the messages it causes (in the outbox) commit together, so an event is handled
exactly once however often a sync delivers it. The sync position commits with the last event of
its batch. Messages leave the outbox only after their transaction committed, in the order of
the commits; while they travel, the next event is already handled — unless it is a command that
might look them up — and all of a batch has left before the next batch is read.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError

from bot.backoff import Backoff, stopped_within
from bot.faults import fault_point
from bot.logs import working_on
from bot.matrix.events import RoomEvent
from bot.matrix.outgoing import edit, legacy_body, matrix_event, text_message, transaction_id
from bot.metrics import Metrics
from bot.outbox import OutboxSender, QueuedMessage
from commands.framework.context import Clock
from commands.framework.effects import Notice, Outgoing
from i18n import Rendered
from storage import Database, UnitOfWork

log = logging.getLogger(__name__)


#: Whether a text could highlight someone in a room by the legacy mention rules (room id,
#: plain text): `MatrixGateway.names_someone`, from the room's state.
NamesSomeone = Callable[[str, str], bool]


def names_anyone(room_id: str, text: str) -> bool:
    """Without the room's state: any text might name someone."""
    return True


class OutboxEffects:
    """`commands.framework.effects.Effects` for one unit of work: every message goes into the
    outbox of that transaction, with a transaction id derived from what caused it."""

    def __init__(
        self, uow: UnitOfWork, cause: str, clock: Clock, event: RoomEvent | None = None,
        names_someone: NamesSomeone = names_anyone,
    ) -> None:
        self.uow = uow
        self.cause = cause
        self.clock = clock
        self.event = event
        self.names_someone = names_someone
        #: What this work queued, in order: sent from memory right after the commit.
        self.messages: list[QueuedMessage] = []
        self.timers_dirty = False
        #: Whether the event was answered (for the reply latency).
        self.replied = False
        #: Polls whose status message is to be brought up to date after the commit.
        self.polls_changed: set[int] = set()

    async def reply(self, rendered: Rendered) -> None:
        """Answer the event that caused this work, in its room, as a reply to it. The answer
        mentions no one: the person who asked is reading, and a ping on every device for every
        answer is noise (it also costs the homeserver a push evaluation per answer). Messages
        meant for someone — a deputy asked, a reminder — mention them."""
        assert self.event is not None, "only work caused by an event has something to answer"
        self.replied = True
        room_id = self.event.room_id
        content = text_message(rendered, reply_to=self.event.event_id,
                               names_someone=self.names_someone(room_id, rendered.plain))
        await self._enqueue(room_id, "m.room.message", content)

    async def post(self, room_id: str, message: Outgoing) -> str:
        named = self.names_someone(room_id, legacy_body(message))
        event_type, content, attachment = matrix_event(message, names_someone=named)
        return await self._enqueue(room_id, event_type, content, attachment=attachment)

    async def direct(self, user_id: str, message: Notice) -> str:
        event_type, content, _ = matrix_event(message)
        return await self._enqueue(None, event_type, content, to_user=user_id,
                                   scrub=message.secret)

    async def edit(self, room_id: str, original_event_id: str, text: Rendered,
                   revision: int) -> str:
        # The transaction id follows the edited message and the revision, not the cause:
        # a later edit caused by the same job must not be taken for a repeat of this one.
        txn = transaction_id(f"{original_event_id}\x00edit", revision)
        return await self._enqueue(room_id, "m.room.message", edit(original_event_id, text),
                                   txn=txn)

    @property
    def has_consequences(self) -> bool:
        """Whether anything is left to do after the commit: messages, timers, polls."""
        return bool(self.messages) or self.timers_dirty or bool(self.polls_changed)

    def timers_changed(self) -> None:
        self.timers_dirty = True

    def poll_status_changed(self, poll_id: int) -> None:
        self.polls_changed.add(poll_id)

    async def _enqueue(
        self,
        room_id: str | None,
        event_type: str,
        content: dict[str, Any],
        *,
        to_user: str | None = None,
        attachment: bytes | None = None,
        scrub: bool = False,
        txn: str | None = None,
    ) -> str:
        txn = txn or transaction_id(self.cause, len(self.messages))
        await self.uow.outbox.enqueue(
            txn, room_id, event_type, content, self.clock(), to_user=to_user,
            attachment=attachment, scrub=scrub,
        )
        self.messages.append(QueuedMessage(txn, room_id, to_user, event_type, content, attachment))
        return txn


Handler = Callable[[Any, UnitOfWork, OutboxEffects], Awaitable[None]]


class WorkUndone(Exception):
    """Raised by a handler whose work must not stay (a command refused after it may have
    written): the pipeline rolls the event's transaction back and runs `answer` in a new one,
    with the event claimed — so nothing of the work remains, not even messages it queued,
    but the event counts as handled and gets its answer."""

    def __init__(self, answer: Handler) -> None:
        super().__init__("work undone")
        self.answer = answer


#: How long a sync position with no events to handle may go unsaved.
POSITION_INTERVAL = timedelta(minutes=1)


#: Timed work (a deadline passed): runs in its own unit of work like an event's handler.
Job = Callable[[UnitOfWork, OutboxEffects], Awaitable[None]]


class EventPipeline:
    def __init__(
        self,
        database: Database,
        outbox: OutboxSender,
        clock: Clock,
        handlers: dict[type[RoomEvent], Handler],
        metrics: Metrics | None = None,
        names_someone: NamesSomeone = names_anyone,
        ordinary: Callable[[RoomEvent], bool] = lambda event: False,
        reads_sent: Callable[[RoomEvent], bool] = lambda event: True,
    ) -> None:
        self.database = database
        self.names_someone = names_someone
        #: Events no handler acts upon (members talking among themselves): they cost no
        #: transaction and no journal entry — read again after a crash, they are passed by
        #: again. In a thousand rooms they are most of what the bot reads.
        self.ordinary = ordinary
        #: Events whose handling may look up what the bot sent to their room, found by a
        #: number a member typed (a command closing a poll needs the poll's start event):
        #: they wait until what earlier events sent there has left. Others refer to the
        #: bot's messages by event id, which they could only know once it was sent.
        self.reads_sent = reads_sent
        self.outbox = outbox
        self.clock = clock
        self.handlers = handlers
        self.metrics = metrics or Metrics()
        self.stopping = asyncio.Event()
        #: Called after a commit whose work changed deadlines (the scheduler re-reads them).
        self.on_timers_changed: Callable[[], None] | None = None
        #: Called after a commit whose work changed polls' status (their messages are edited).
        self.on_polls_changed: Callable[[set[int]], None] | None = None
        # Events and timed jobs take turns: each unit of work sees the one before committed.
        self._turn = asyncio.Lock()
        self._position_saved: datetime | None = None
        #: What follows the commits (sending, re-planning), one after another in the order
        #: of the commits: the last of it, and the last that sends to each room.
        self._sending: asyncio.Task[None] | None = None
        self._sending_to: dict[str | None, asyncio.Task[None]] = {}

    async def process(self, events: Sequence[RoomEvent], next_batch: str) -> bool:
        """Handle `events` in order and store `next_batch` with the last one.

        Returns False if it stopped early (shutdown); the position is then not advanced and
        the next start handles the rest of the batch, skipping what is already journaled.
        """
        if not events:
            # An empty long-poll, or only the bot's own messages coming back: a restart from
            # the stored position reads the same nothing again. Saving it would be the one
            # write of an idle bot (issue #35).
            return True
        to_handle = []
        for event in events:
            if self.ordinary(event):
                self.metrics.events.labels(event.kind).inc()
            else:
                to_handle.append(event)
        events = to_handle
        if not events:
            # Only talk to pass by: the position is saved now and then, not with every such
            # batch. A restart from a slightly older position reads that talk again and
            # passes it by again.
            now = self.clock()
            if self._position_saved is None or now - self._position_saved >= POSITION_INTERVAL:
                async with self._turn, self.database.unit_of_work() as uow:
                    await uow.sync.set(next_batch, now)
                self._position_saved = now
            return True
        try:
            for index, event in enumerate(events):
                if self.stopping.is_set():
                    return False
                if self.reads_sent(event):
                    await self._sent_to(event.room_id)
                is_last = index == len(events) - 1
                effects = await self._handle(event, next_batch if is_last else None)
                if is_last:
                    self._position_saved = self.clock()
                self._after_commit_in_order(effects)
        finally:
            # Everything this batch sent is through before the next batch is read: an event
            # of a later batch (an answer to a poll just posted) finds it marked sent.
            if self._sending is not None:
                await self._sending
        return True

    async def run_job(self, cause: str, job: Job) -> None:
        """Run timed work in its own transaction; `cause` names it for transaction ids, so
        work repeated after a crash sends nothing twice."""
        self.metrics.job_fired(cause)
        with working_on(cause):
            await self._run_job(cause, job)

    async def _run_job(self, cause: str, job: Job) -> None:
        backoff = Backoff()
        while True:
            async with self._turn:
                try:
                    async with self.database.unit_of_work() as uow:
                        effects = self._effects(uow, cause)
                        await job(uow, effects)
                    break
                except DATABASE_TROUBLE as error:
                    # Not the job's fault: a deadline must still close its poll once the
                    # database is back, not an hour later at the next re-planning.
                    delay = backoff.next()
                    log.warning("timed job %s: database unreachable (%s); again in %.0f s",
                                cause, type(error).__name__, delay)
                except Exception:
                    log.exception("timed job %s failed", cause)
                    return
            if await stopped_within(self.stopping, delay):
                return  # stopping: the job runs again after the next start
        await self._after_commit_awaited(effects)

    async def run_once(self, cause: str, work: Job) -> None:
        """Run work that comes from outside Matrix (a mail) in its own transaction, once.
        Errors, database trouble included, go to the caller: it tells its side to try again
        (the work is journaled, so a second try after a commit changes nothing)."""
        async with self._turn, self.database.unit_of_work() as uow:
            effects = self._effects(uow, cause)
            await work(uow, effects)
        await self._after_commit_awaited(effects)

    def _effects(self, uow: UnitOfWork, cause: str,
                 event: RoomEvent | None = None) -> OutboxEffects:
        return OutboxEffects(uow, cause, self.clock, event, self.names_someone)

    async def _handle(self, event: RoomEvent, next_batch: str | None) -> OutboxEffects:
        with working_on(event.event_id, event.room_id):
            return await self._handle_event(event, next_batch)

    async def _handle_event(self, event: RoomEvent, next_batch: str | None) -> OutboxEffects:
        async with self._turn:
            try:
                try:
                    return await self._in_transaction(event, next_batch, self._run_handler)
                except WorkUndone as undone:
                    return await self._in_transaction(event, next_batch, undone.answer)
            except DATABASE_TROUBLE:
                raise  # not the event's fault: it is handled again once the database is back
            except Exception:
                log.exception("handling %s %s in %s failed", event.kind, event.event_id,
                              event.room_id)
            # The handler's effects are rolled back with its transaction; the event still
            # counts as handled, so one poisoned event cannot stop the bot from reading
            # everything after it. (No savepoint on the way in: the usual case costs nothing.)
            return await self._in_transaction(event, next_batch, None)

    async def _in_transaction(
        self, event: RoomEvent, next_batch: str | None, work: Handler | None
    ) -> OutboxEffects:
        """Claim the event and do `work` in one transaction, with the sync position if the
        event is the last of its batch."""
        async with self.database.unit_of_work() as uow:
            effects = self._effects(uow, event.event_id, event)
            if await self._claim(uow, event) and work is not None:
                await work(event, uow, effects)
            if next_batch is not None:
                await uow.sync.set(next_batch, self.clock())
        return effects

    async def _run_handler(self, event: RoomEvent, uow: UnitOfWork,
                           effects: OutboxEffects) -> None:
        self.metrics.events.labels(event.kind).inc()
        handler = self.handlers.get(type(event))
        if handler is not None:
            await handler(event, uow, effects)

    async def _claim(self, uow: UnitOfWork, event: RoomEvent) -> bool:
        return await uow.journal.claim(
            event.event_id, event.room_id, event.kind, event.timestamp, self.clock()
        )

    def _after_commit_in_order(self, effects: OutboxEffects) -> asyncio.Task[None] | None:
        """Queue what follows a commit behind what earlier commits queued, and return at
        once: while an answer travels to the homeserver the next event is handled, so a
        day's backlog costs the longer of the two, not their sum. Called with no await
        between the commit and the call, the sends keep the order of the commits."""
        if not effects.has_consequences:
            return None
        before = self._sending
        task = asyncio.create_task(self._after(before, effects))
        self._sending = task
        for room_id in {message.room_id for message in effects.messages}:
            self._sending_to[room_id] = task  # None: to a person, room not known yet
        task.add_done_callback(self._forget)
        return task

    async def _after_commit_awaited(self, effects: OutboxEffects) -> None:
        """Timed work and mail wait for their own messages (and what was queued before)."""
        sending = self._after_commit_in_order(effects)
        if sending is not None:
            await sending

    async def _after(self, before: asyncio.Task[None] | None, effects: OutboxEffects) -> None:
        if before is not None:
            await before
        await self._after_commit(effects)

    def _forget(self, task: asyncio.Task[None]) -> None:
        if self._sending is task:
            self._sending = None
        for room_id in [room for room, latest in self._sending_to.items() if latest is task]:
            del self._sending_to[room_id]

    async def _sent_to(self, room_id: str) -> None:
        """Until what earlier events sent to this room, or to a person, has left."""
        for destination in (room_id, None):
            task = self._sending_to.get(destination)
            if task is not None:
                await task

    async def _after_commit(self, effects: OutboxEffects) -> None:
        """Send what the work queued and re-plan timers. What fails here is logged and
        retried later (the outbox keeps the messages; the scheduler re-plans hourly): the
        work itself is committed and must not be lost to it."""
        try:
            if effects.messages:
                fault_point("after_commit")
                await self.outbox.send_committed(effects.messages)
                if effects.replied and effects.event is not None:
                    self.metrics.reply_latency.observe(
                        max(0.0, (self.clock() - effects.event.timestamp).total_seconds()))
            if effects.timers_dirty and self.on_timers_changed is not None:
                self.on_timers_changed()
            if effects.polls_changed and self.on_polls_changed is not None:
                self.on_polls_changed(effects.polls_changed)
        except Exception:
            log.exception("after handling %s", effects.cause)


#: Errors that say the database cannot be reached, as opposed to a handler's own failure:
#: SQLAlchemy's for a lost or refused connection, and the socket errors a driver lets
#: through while it connects (asyncpg does; handlers themselves do no other I/O).
DATABASE_TROUBLE = (OperationalError, InterfaceError, DisconnectionError, OSError)
