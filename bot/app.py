"""The running bot: login, catch up, then sync → pipeline → outbox until told to stop."""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import logging
import os
from collections.abc import Coroutine
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar

import asyncpg

from bot.backoff import Backoff, wait_after_trouble
from bot.clock import utc_now
from bot.config import Config
from bot.faults import fault_point
from bot.handlers import (
    CommandHandler,
    MembershipHandler,
    PollAnswerHandler,
    ReactionHandler,
    RedactionHandler,
    UndecryptableHandler,
    UnsignedDeviceHandler,
    ordinary_talk,
    reads_sent,
)
from bot.http.feeds import CalendarFeeds
from bot.http.server import HttpServer
from bot.http.site import PublishedSite
from bot.instance import InstanceLock
from bot.mail.receiving import ImapReader, LmtpServer, MailReplies
from bot.mail.sending import Mailer
from bot.matrix.events import (
    FromUnsignedDevice,
    MembershipChange,
    PollResponse,
    Reaction,
    Redaction,
    RoomEvent,
    TextMessage,
    Undecryptable,
    parse_event,
)
from bot.matrix.gateway import MatrixGateway, RoomTimeline, SyncBatch
from bot.metrics import Metrics
from bot.outbox import OutboxSender
from bot.pipeline import DATABASE_TROUBLE, EventPipeline
from bot.poll_status import PollStatusEditor
from bot.scheduler import DeadlineScheduler
from bot.signing import ExportSigner, load_or_create
from commands import build_command_tree
from commands.framework import CommandDispatcher
from commands.framework.context import CalendarSettings, Clock
from commands.mail_replies import MailInSettings
from domain.group import GroupDefaults
from domain.names import localpart
from storage import Database
from storage.data_protection import JOURNAL_DAYS
from web.oparl import BodyInfo

log = logging.getLogger(__name__)

#: How long the journal remembers handled events; far longer than any sync could replay.
JOURNAL_RETENTION = timedelta(days=JOURNAL_DAYS)

T = TypeVar("T")


#: How long past a sync's timeout `/healthz` still says synced.
HEALTH_GRACE = timedelta(seconds=15)


class Role(StrEnum):
    """What a process does (`/healthz`, the `kimbot_role` metric): waiting for the instance
    lock as a standby, or answering as the active instance."""

    STARTING = "starting"
    STANDBY = "standby"
    ACTIVE = "active"


class KimBot:
    def __init__(self, config: Config, clock: Clock = utc_now) -> None:
        self.config = config
        self.clock = clock
        self.role = Role.STARTING
        #: One process per data (`bot.instance`): taken before anything is touched.
        self.instance = InstanceLock(config.bot.data_dir, config.database.url)
        #: Set when another instance took the lock over: this one stopped for it.
        self.superseded = False
        self.database = Database(config.database.url)
        self.metrics = Metrics()
        self.gateway = MatrixGateway(config.matrix, config.bot.data_dir, self.metrics)
        self.outbox = OutboxSender(self.database, self.gateway, clock)
        defaults = GroupDefaults(language=config.bot.language, timezone=config.bot.timezone)
        self.signer = export_signer(config)
        self.dispatcher = CommandDispatcher(
            build_command_tree(), prefix=config.bot.command_prefix, defaults=defaults,
            clock=clock, calendar=calendar_settings(config), signer=self.signer,
        )
        self.pipeline = EventPipeline(
            self.database,
            self.outbox,
            clock,
            handlers={
                TextMessage: CommandHandler(self.dispatcher, self.gateway, self.metrics),
                PollResponse: PollAnswerHandler(config.bot.command_prefix, clock,
                                                self.signer),
                Reaction: ReactionHandler(config.bot.command_prefix),
                Redaction: RedactionHandler(),
                Undecryptable: UndecryptableHandler(config.bot.command_prefix, defaults,
                                                    self.metrics),
                FromUnsignedDevice: UnsignedDeviceHandler(config.bot.command_prefix, defaults,
                                                          self.metrics),
                MembershipChange: MembershipHandler(),
            },
            metrics=self.metrics,
            names_someone=self.gateway.names_someone,
            ordinary=ordinary_talk(self.dispatcher),
            reads_sent=reads_sent,
        )
        self.poll_status = PollStatusEditor(
            self.pipeline, clock, config.bot.command_prefix,
            interval=config.bot.poll_status_seconds,
        )
        self.scheduler = DeadlineScheduler(
            self.database, self.pipeline, clock, config.bot.command_prefix,
            on_status_due=self.poll_status.changed, signer=self.signer,
        )
        self.pipeline.on_timers_changed = self.scheduler.timers_changed
        self.pipeline.on_polls_changed = self.poll_status.changed
        self.http = HttpServer(
            bind=config.http.bind, port=config.http.port, health=self.health,
            parts=[
                CalendarFeeds(self.database, calendar_settings(config),
                              config.bot.command_prefix, clock),
                PublishedSite(self.database, calendar_settings(config),
                              prefix=config.bot.command_prefix, clock=clock,
                              body=body_info(config)),
            ],
            trusted_proxies=config.http.trusted_proxies,
            metrics=self.scrape if config.metrics.enabled else None,
            metrics_token=config.metrics.token,
            metrics_bind=(config.metrics.bind, config.metrics.port)
            if config.metrics.port else None,
            counters=self.metrics,
        )
        self.last_sync: datetime | None = None
        #: This process among every start of the bot (see `MatrixGateway.sync`'s `fresh`).
        self.start_id = f"{clock().timestamp():.6f}-{os.getpid()}"
        self.known_rooms: dict[str, datetime] | None = None
        self.mailer = Mailer(self.database, config.smtp, clock) if config.smtp else None
        replies = MailReplies(
            self.pipeline,
            MailInSettings(
                require_authentication=bool(
                    config.mail_in and config.mail_in.require_authentication_results),
                prefix=config.bot.command_prefix, calendar=calendar_settings(config)),
            clock, on_mail_queued=self.mailer.wake if self.mailer else None,
        )
        self.lmtp = (LmtpServer(replies, config.mail_in.bind, config.mail_in.port)
                     if config.mail_in else None)
        self.imap = ImapReader(replies, config.imap) if config.imap else None
        self._stop = asyncio.Event()

    def stop(self) -> None:
        """Ask the bot to stop after the event it is handling (safe from a signal handler)."""
        log.info("stopping")
        self._stop.set()
        self.pipeline.stopping.set()

    async def run(self, *, standby: bool = False) -> None:
        """Run until stopped. Raises `AlreadyRunning` when another process holds the data;
        `standby`: wait for that process to end instead, then take over."""
        watch: asyncio.Task[None] | None = None
        try:
            if standby:
                self._become(Role.STANDBY)
                await self.http.start()
                log.info("standby: waiting for the active instance to end")
                if not await self.instance.wait(self._stop, self.clock()):
                    return
                log.info("standby: the active instance ended; taking over")
            elif not await self._claimed():
                return
            self._become(Role.ACTIVE)
            watch = asyncio.create_task(self._stop_when_superseded())
            if not await self._database_ready():
                return
            if not standby:
                await self.http.start()
            if self.lmtp is not None:
                await self.lmtp.start()
            await self.gateway.login()
            async with self.database.unit_of_work() as uow:
                await uow.journal.prune(self.clock() - JOURNAL_RETENTION)
            await self.outbox.flush()
            await self._sync_loop()
        finally:
            await self.scheduler.shutdown()
            await self.poll_status.shutdown()
            if self.lmtp is not None:
                await self.lmtp.stop()
            await self.http.stop()
            await self.gateway.close()
            await self.database.dispose()
            if watch is not None:
                watch.cancel()
            await self.instance.release()
            log.info("stopped")

    def _become(self, role: Role) -> None:
        self.role = role
        self.metrics.role.state(role.value)

    async def _claimed(self) -> bool:
        """The instance lock, taken at once (`AlreadyRunning` if another process has it);
        waiting with backoff only while the database cannot be reached."""
        backoff = Backoff()
        while True:
            try:
                await self.instance.claim(self.clock())
                return True
            except (*DATABASE_TROUBLE, asyncpg.PostgresError) as error:
                if await wait_after_trouble(
                        backoff, self._stop,
                        "database unreachable at start (taking the instance lock)", error):
                    return False

    async def _stop_when_superseded(self) -> None:
        await self.instance.lost.wait()
        self.superseded = True
        self.stop()

    async def _database_ready(self) -> bool:
        """Bring the schema up to date, waiting with backoff while the database cannot be
        reached (a server that starts after the bot, as after a power cut); False if the bot
        was stopped meanwhile."""
        backoff = Backoff()
        while True:
            try:
                await self.database.migrate()
                return True
            except DATABASE_TROUBLE as error:
                if await wait_after_trouble(backoff, self._stop, "database unreachable at start",
                                            error):
                    return False

    async def _sync_loop(self) -> None:
        background = []
        if self.mailer is not None:
            background.append(asyncio.create_task(self.mailer.run(self._stop)))
        if self.imap is not None:
            background.append(asyncio.create_task(self.imap.run(self._stop)))
        try:
            await self._sync_until_stopped()
        finally:
            self._stop.set()
            for task in background:
                await task

    async def _sync_until_stopped(self) -> None:
        async with self.database.unit_of_work() as uow:
            since = await uow.sync.get()
        if since is None:
            since = await self._first_sync()
            if since is None:
                return
        # The first sync after a start goes on from the stored position without the rooms'
        # whole state: that would cost as much as a first sync, in every room the bot is in
        # (issue #35); nio learns a room's state when the bot first needs it.
        catching_up = True
        database_backoff = Backoff()
        while not self._stop.is_set():
            batch = await self._until_stopped(
                self.gateway.sync(
                    since,
                    # The first sync after a start returns at once: catch up, then wait. It
                    # must be answered afresh, not from the homeserver's cache: deadlines
                    # pass once it is handled.
                    timeout_ms=0 if catching_up else self.config.matrix.sync_timeout_ms,
                    full_state=False,
                    fresh=self.start_id if catching_up else None,
                )
            )
            if batch is None:
                return
            fault_point("sync_received")  # the reliability suite's: read, nothing handled
            catching_up = False
            try:
                if not await self._handle_batch(batch, since):
                    return
            except DATABASE_TROUBLE as error:
                # The database is away (restarting, locked too long, the network): wait and
                # read the same batch again. What was handled is journaled and skipped.
                if await wait_after_trouble(database_backoff, self._stop,
                                            "database unreachable; the batch is read again",
                                            error):
                    return
                continue
            database_backoff.reset()
            since = batch.next_batch
            self.last_sync = self.clock()
            # Messages that waited for a room the client did not know yet (a new direct chat
            # in an encrypting client, or any room before the first sync) go out now.
            try:
                await self.outbox.flush_waiting()
            except DATABASE_TROUBLE:
                log.warning("database unreachable: waiting messages go out later")
            if not self.scheduler.running:
                # Caught up on what happened while the bot was down: now deadlines may pass.
                await self.scheduler.start()

    async def health(self) -> dict[str, bool | str]:
        """For `GET /healthz`: the process's role; the active one synced recently; the
        database answers. A standby is healthy when it can reach the database."""
        # A sync comes back at the latest after its timeout: a little more without one, and
        # the homeserver is out of reach (a monitor should know within the minute).
        window = timedelta(milliseconds=self.config.matrix.sync_timeout_ms) + HEALTH_GRACE
        synced = self.last_sync is not None and self.clock() - self.last_sync < window
        try:
            async with self.database.unit_of_work() as uow:
                await uow.sync.get()
            database = True
        except Exception as error:  # whatever it is, the database does not answer
            log.warning("health check: database unreachable (%s)", type(error).__name__)
            database = False
        if self.role is Role.STANDBY:
            return {"role": self.role.value, "database": database}
        return {"role": self.role.value, "synced": synced, "database": database}

    async def scrape(self) -> bytes:
        """For `GET /metrics`."""
        return await self.metrics.render(self.database, self.clock, self.last_sync)

    async def _first_sync(self) -> str | None:
        """On the very first start, take the present as the starting point: history is not
        answered, but pending invitations are accepted."""
        batch = await self._until_stopped(self.gateway.sync(None, timeout_ms=0, full_state=True))
        if batch is None:
            return None
        now = self.clock()
        async with self.database.unit_of_work() as uow:
            for room_id in batch.joined:
                await uow.rooms.mark_known(room_id, now)
            await uow.sync.set(batch.next_batch, now)
        self.known_rooms = None  # read afresh with the rooms just marked
        await self._accept_invitations(batch)
        log.info("first start: %d rooms, history skipped", len(batch.joined))
        return batch.next_batch

    async def _handle_batch(self, batch: SyncBatch, since: str) -> bool:
        per_room: list[list[RoomEvent]] = []
        known = await self._known_rooms()
        new_rooms = {room_id: self._joined_at(timeline)
                     for room_id, timeline in batch.joined.items() if room_id not in known}
        if new_rooms:
            async with self.database.unit_of_work() as uow:
                for room_id, joined_at in new_rooms.items():
                    await uow.rooms.mark_known(room_id, joined_at)
            known.update(new_rooms)
        for room_id, timeline in batch.joined.items():
            raw_events = timeline.events
            # A newly joined room arrives limited; what lies before is history, not a gap.
            if timeline.limited and timeline.prev_batch and room_id not in new_rooms:
                gap = await self.gateway.fetch_gap(room_id, timeline.prev_batch, since)
                raw_events = _merge(gap, raw_events)
            per_room.append(self._readable(room_id, raw_events, known[room_id]))
        # Rooms interleaved by time (a leave in one room before a command in another), each
        # room's own order kept as the homeserver gave it.
        events = list(heapq.merge(*per_room, key=lambda event: event.timestamp))
        completed = await self.pipeline.process(events, batch.next_batch)
        if self.mailer is not None and events:
            self.mailer.wake()
        await self._accept_invitations(batch)
        return completed

    async def _known_rooms(self) -> dict[str, datetime]:
        """The rooms whose history the bot has passed, read once and then kept up to date
        here (only this process marks rooms known)."""
        if self.known_rooms is None:
            async with self.database.unit_of_work() as uow:
                self.known_rooms = await uow.rooms.known_since()
        return self.known_rooms

    def _readable(
        self, room_id: str, raw_events: list[dict[str, Any]], joined_at: datetime
    ) -> list[RoomEvent]:
        readable = []
        for raw in raw_events:
            event = parse_event(room_id, raw)
            if event is None or event.sender == self.gateway.user_id:
                continue
            if event.timestamp < joined_at:
                continue  # history from before the bot joined is not answered
            readable.append(event)
        return readable

    def _joined_at(self, timeline: RoomTimeline) -> datetime:
        """When the bot joined a room newly seen: its own join event, else now."""
        for raw in reversed(timeline.events):
            event = parse_event("", raw)
            if (
                isinstance(event, MembershipChange)
                and event.user_id == self.gateway.user_id
                and event.membership == "join"
            ):
                return event.timestamp
        return self.clock()

    async def _accept_invitations(self, batch: SyncBatch) -> None:
        allowed = self.config.matrix.allowed_servers
        for room_id, inviter in batch.invited.items():
            server = inviter.split(":", 1)[1] if inviter and ":" in inviter else None
            if allowed and server not in allowed:
                log.info("ignoring invitation to %s from server %s", room_id, server)
                continue
            if await self.gateway.join(room_id):
                log.info("joined %s", room_id)

    async def _until_stopped(self, work: Coroutine[Any, Any, T]) -> T | None:
        """Run `work`, or abandon it when the bot is asked to stop (e.g. a long sync poll)."""
        task = asyncio.ensure_future(work)
        stopper = asyncio.ensure_future(self._stop.wait())
        done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            stopper.cancel()
            return task.result()
        task.cancel()
        # The task was cancelled on purpose; whatever it ends with no longer matters.
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        return None


def export_signer(config: Config) -> ExportSigner:
    """The key exports are signed with (made at first start when the config names none)."""
    signer = load_or_create(config.bot.data_dir / "signing", config.signing.pkcs12,
                            config.signing.passphrase, name=config.matrix.user_id)
    log.info("exports are signed with certificate %s", signer.fingerprint)
    return signer


def body_info(config: Config) -> BodyInfo:
    web = config.web
    return BodyInfo(name=web.body_name, short_name=web.body_short_name, ags=web.ags,
                    website=web.website, contact_email=web.contact_email,
                    contact_name=web.contact_name)


def calendar_settings(config: Config) -> CalendarSettings:
    """Invitations are signed with the mail sender where mail is configured (so answers by
    email reach someone), else with the bot's Matrix address."""
    user_id = config.matrix.user_id
    organizer = (
        f"mailto:{config.smtp.from_address}" if config.smtp and config.smtp.from_address
        else f"matrix:u/{user_id.removeprefix('@')}"
    )
    return CalendarSettings(organizer=organizer, organizer_name=localpart(user_id),
                            feed_url=config.http.public_url, mail=config.smtp is not None,
                            video_service=config.bot.video_service)


def _merge(gap: list[dict[str, Any]], timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen = {raw.get("event_id") for raw in timeline}
    return [raw for raw in gap if raw.get("event_id") not in seen] + timeline
