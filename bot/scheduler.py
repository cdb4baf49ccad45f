"""Timed work: poll deadlines, reminders (and nudges), and the moments a running poll's time
left changes. The database is the truth; jobs are rebuilt.

Jobs are (re)built when the bot has caught up after a start, after every change that moves a
deadline or a meeting, and every hour, with deterministic ids (`poll:42:deadline`,
`reminder:meeting:17:P1D:20261203T130000Z`). A deadline that passed while the bot was down is
acted on once, right after the start, counting only what was sent before it; a missed reminder
is sent once if its meeting has not begun.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Hashable, Iterable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.pipeline import EventPipeline, OutboxEffects
from commands.framework.context import Clock, Signer
from commands.meeting_flow import SERIES_HORIZON, extend_series
from commands.poll_flow import CloseReason, close_poll
from commands.poll_status import status_changes_at, statuses_to_look_at
from commands.reminder_flow import PlannedReminder, planned_reminders, send_reminder
from storage import Database, UnitOfWork
from storage.models import PollState

log = logging.getLogger(__name__)

#: Answers sent just before a deadline may still be on their way through sync; wait for them.
GRACE = timedelta(seconds=2)
#: Changes that move deadlines arrive in bursts (a coordinator adding items one by one): the
#: jobs are re-planned once shortly after, not after each.
REPLAN_DELAY = 0.2


class DeadlineScheduler:
    def __init__(
        self, database: Database, pipeline: EventPipeline, clock: Clock, prefix: str,
        on_status_due: Callable[[Iterable[int]], None] | None = None,
        signer: Signer | None = None,
    ) -> None:
        self.database = database
        self.pipeline = pipeline
        self.clock = clock
        self.prefix = prefix
        #: Told which polls' status changes by itself (time left) and must be edited.
        self.on_status_due = on_status_due
        #: Signs the approved minutes when a poll on approving them closes adopted.
        self.signer = signer
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        #: When each job was last planned for: only what changed is handed to APScheduler.
        self._planned: dict[str, Hashable] = {}
        self._changed = False
        self._replanning: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return bool(self.scheduler.running)

    async def start(self) -> None:
        self.scheduler.start()
        # Later reminders (and the next day's for overdue items) come into reach over time.
        self.scheduler.add_job(self._replan, IntervalTrigger(hours=1), id="replan",
                               replace_existing=True)
        await self._replan()
        # Votes read while catching up were noted as they came; but the time left moved on
        # while the bot was down, and a poll that closed just before a kill may not have had
        # its status turned into the result yet. Each is edited only if its text changed.
        async with self.database.unit_of_work() as uow:
            self._status_due(await statuses_to_look_at(uow, self.clock()))

    async def _replan(self) -> None:
        """Dates of long-running series come into existence as time passes, reports past
        their group's retention go; then plan."""

        async def extend(uow: UnitOfWork, effects: OutboxEffects) -> None:
            now = self.clock()
            for meeting in await uow.meetings.series_to_extend(now + SERIES_HORIZON):
                await extend_series(uow, meeting, now)

        async def expire(uow: UnitOfWork, effects: OutboxEffects) -> None:
            removed = await uow.reports.remove_expired_everywhere(self.clock())
            for group_id, count in removed.items():
                log.info("removed %d reports of group %d after their retention", count,
                         group_id)

        await self.pipeline.run_job("series", extend)
        await self.pipeline.run_job("retention", expire)
        await self.rebuild()

    async def shutdown(self) -> None:
        """Stop planning; a re-planning under way is ended before the database goes away
        (left behind, it would wait forever on a closed connection and keep the process
        from exiting)."""
        if self._replanning is not None:
            self._replanning.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._replanning
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def timers_changed(self) -> None:
        """Something moved a deadline or a reminder: re-plan soon, off the path of the reply
        that is being sent. A change during a re-planning leads to one more."""
        self._changed = True
        if self._replanning is None or self._replanning.done():
            self._replanning = asyncio.ensure_future(self._replan_while_changed())

    async def _replan_while_changed(self) -> None:
        while self._changed:
            await asyncio.sleep(REPLAN_DELAY)
            self._changed = False
            try:
                await self.rebuild()
            except Exception:
                # The hourly re-planning catches up with what this one missed.
                log.exception("re-planning timed jobs failed")

    async def rebuild(self) -> None:
        if not self.scheduler.running:
            return  # started after the catch-up sync; it reads everything then
        now = self.clock()
        async with self.database.unit_of_work() as uow:
            open_polls = await uow.polls.open()
            wanted = {
                f"poll:{poll.id}:deadline": (poll.id, poll.deadline)
                for poll in open_polls
                if poll.deadline is not None
            }
            status = {
                f"poll:{poll.id}:status": (poll.id, at)
                for poll in open_polls
                if (at := status_changes_at(poll, now)) is not None
            }
            reminders = {f"reminder:{p.key}": p for p in await planned_reminders(uow, now)}
        # Paused while the plan is written: a running APScheduler wakes itself through the
        # event loop's self-pipe for every job added, and a few hundred bytes fill that pipe —
        # a SIGTERM arriving then could not be written to it and was lost: the bot did not
        # stop (issue #35). Paused, the whole plan costs one wake-up.
        self.scheduler.pause()
        try:
            self._plan(now, wanted, status, reminders)
        finally:
            self.scheduler.resume()
        log.debug("scheduled %d deadlines, %d status refreshes and %d reminders", len(wanted),
                  len(status), len(reminders))
        self.pipeline.metrics.jobs_planned.set(len(self.scheduler.get_jobs()))

    def _plan(self, now: datetime, wanted: dict[str, tuple[int, datetime]],
              status: dict[str, tuple[int, datetime]],
              reminders: dict[str, PlannedReminder]) -> None:
        for job in self.scheduler.get_jobs():
            if job.id not in wanted | status | reminders and job.id != "replan":
                job.remove()
                self._planned.pop(job.id, None)
        present = {job.id for job in self.scheduler.get_jobs()}
        for job_id, planned in reminders.items():
            if self._unchanged(job_id, planned, present):
                continue
            self.scheduler.add_job(
                self._remind, DateTrigger(run_date=max(planned.at, now)), id=job_id,
                args=[planned], replace_existing=True, misfire_grace_time=None,
            )
        for job_id, (poll_id, deadline) in wanted.items():
            if self._unchanged(job_id, (poll_id, deadline), present):
                continue
            self.scheduler.add_job(
                self._deadline_passed,
                DateTrigger(run_date=max(deadline + GRACE, now)),
                id=job_id,
                args=[poll_id],
                replace_existing=True,
                misfire_grace_time=None,
            )
        for job_id, (poll_id, at) in status.items():
            if self._unchanged(job_id, (poll_id, at), present):
                continue
            self.scheduler.add_job(
                self._time_left_changed, DateTrigger(run_date=max(at, now)), id=job_id,
                args=[[poll_id]], replace_existing=True, misfire_grace_time=None,
            )

    async def _time_left_changed(self, poll_ids: list[int]) -> None:
        """The time left of these polls changed: their status is edited, and the next change
        planned. (A coroutine: APScheduler runs plain functions in a thread.)"""
        self._status_due(poll_ids)
        self.timers_changed()

    def _status_due(self, poll_ids: list[int]) -> None:
        if self.on_status_due is not None and poll_ids:
            self.on_status_due(poll_ids)

    def _unchanged(self, job_id: str, plan: Hashable, present: set[str]) -> bool:
        """Whether the job is planned just so already (then it is left alone); notes the plan."""
        if job_id in present and self._planned.get(job_id) == plan:
            return True
        self._planned[job_id] = plan
        return False

    async def _deadline_passed(self, poll_id: int) -> None:
        async def close(uow: UnitOfWork, effects: OutboxEffects) -> None:
            poll = await uow.polls.get(poll_id)
            if poll is None or poll.state is not PollState.OPEN or poll.deadline is None:
                return
            if poll.deadline > self.clock():
                return  # moved later meanwhile; its new job will come
            await close_poll(
                uow, effects, poll, closes_at=poll.deadline, closed_by=None,
                reason=CloseReason.DEADLINE, prefix=self.prefix, signer=self.signer,
            )

        await self.pipeline.run_job(f"poll:{poll_id}:deadline", close)

    async def _remind(self, planned: PlannedReminder) -> None:
        async def remind(uow: UnitOfWork, effects: OutboxEffects) -> None:
            await send_reminder(uow, effects, planned, self.clock(), self.prefix)

        await self.pipeline.run_job(f"reminder:{planned.key}", remind)

