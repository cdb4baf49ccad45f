"""Keeping each running poll's status message up to date without flooding the room.

Every edit is an event in the room's history and counts against the bot's rate limit, so edits
are coalesced: a poll is edited at most once per `interval`. The first change after a quiet
spell is shown at once; changes that arrive while an edit is waiting are shown by that edit,
which reads the poll as it is when it runs — so the last state is in the room at most
`interval` after the last vote, and a burst of a thousand votes leads to a handful of edits.

The edit itself is queued by `commands.poll_status.refresh_status` in a unit of work of its
own (only when the text changed), and leaves through the outbox like every message.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable

from bot.pipeline import EventPipeline, OutboxEffects
from commands.framework.context import Clock
from commands.poll_status import refresh_status
from storage import UnitOfWork

log = logging.getLogger(__name__)

#: The shortest time between two edits of one poll's status (seconds).
DEFAULT_INTERVAL = 5.0


class PollStatusEditor:
    def __init__(
        self,
        pipeline: EventPipeline,
        clock: Clock,
        prefix: str,
        interval: float = DEFAULT_INTERVAL,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.pipeline = pipeline
        self.clock = clock
        self.prefix = prefix
        self.interval = interval
        self.monotonic = monotonic
        #: An edit waiting to run, per poll.
        self._waiting: dict[int, asyncio.Task[None]] = {}
        #: When each poll's status was last looked at (monotonic seconds).
        self._last: dict[int, float] = {}
        #: Edits queued since the start (for the log and the tests' curiosity).
        self.edits = 0

    def changed(self, poll_ids: Iterable[int]) -> None:
        """These polls' status changed (committed): edit each soon, but not sooner than
        `interval` after its previous edit. A poll with an edit waiting needs nothing more."""
        now = self.monotonic()
        for poll_id in poll_ids:
            if poll_id in self._waiting:
                continue
            wait = max(0.0, self._last.get(poll_id, -self.interval) + self.interval - now)
            self._waiting[poll_id] = asyncio.ensure_future(self._edit_after(poll_id, wait))

    async def shutdown(self) -> None:
        """Drop the waiting edits: the next start looks at every open poll anyway."""
        waiting = list(self._waiting.values())
        self._waiting.clear()
        for task in waiting:
            task.cancel()
        for task in waiting:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _edit_after(self, poll_id: int, wait: float) -> None:
        if wait:
            await asyncio.sleep(wait)
        # From here on, a new change schedules the next edit: this one may read the poll
        # before that change committed.
        self._waiting.pop(poll_id, None)
        self._last[poll_id] = self.monotonic()

        async def edit(uow: UnitOfWork, effects: OutboxEffects) -> None:
            poll = await uow.polls.get(poll_id)
            if poll is not None and await refresh_status(uow, effects, poll, self.clock(),
                                                         self.prefix):
                self.edits += 1
                log.debug("status of poll %d edited (revision %d)", poll_id,
                          poll.status_revision)

        await self.pipeline.run_job(f"poll:{poll_id}:status", edit)
