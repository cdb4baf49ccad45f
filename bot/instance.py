"""One process per data: the lock that keeps a second `kimbot run` off the same data
directory and database, and lets a standby (`kimbot run --standby`) take over.

Two processes on the same data would share one Matrix device — the end-to-end sessions break
and replies can double — so the active process holds two locks for as long as it lives:

- the **data directory**'s, an `flock` on `DATA_DIR/instance.lock` (the file names the holder);
- on PostgreSQL also the **database**'s, a session advisory lock held on a connection of its
  own (`application_name` names the holder; `pg_stat_activity` says since when).

Both belong to the process, not to a file left behind: the kernel drops the `flock` and the
server the advisory lock the moment the process dies, however it dies, so a lock left by a
killed process never blocks the next start. A standby waits on the database's lock; it gets
it the moment the active process dies or its connection drops.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import logging
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import asyncpg
from sqlalchemy.engine import make_url

from bot.backoff import Backoff, stopped_within

log = logging.getLogger(__name__)

#: The database-wide advisory lock's key: "kimbot" in ASCII.
ADVISORY_KEY = 0x6B696D626F74
#: How often the active process makes sure its lock's connection still stands. A connection
#: the server ends (a restart, a terminated session) is noticed at once, from the socket; the
#: heartbeat is for one that dies without a word. It bounds how long a process that lost its
#: lock that way may go on syncing beside the one that took it over — harmless (the journal
#: lets each event be handled once), so not often: idle, it is one of the few things the bot
#: does (issue #35).
HEARTBEAT_SECONDS = 60.0
#: How long a heartbeat may take before the connection counts as gone.
HEARTBEAT_TIMEOUT = 5.0
LOCK_FILE = "instance.lock"


@dataclass(frozen=True)
class Holder:
    """The process that holds a lock, as far as the lock can tell."""

    host: str
    pid: int
    since: datetime | None

    def __str__(self) -> str:
        since = f", since {self.since:%Y-%m-%d %H:%M:%S %Z}" if self.since else ""
        return f"host {self.host}, pid {self.pid}{since}"

    @classmethod
    def this_process(cls, now: datetime) -> Holder:
        return cls(socket.gethostname(), os.getpid(), now)


class AlreadyRunning(Exception):
    """Another process holds the lock: this one must not start."""

    def __init__(self, where: str, holder: Holder | None) -> None:
        self.where, self.holder = where, holder
        named = f" ({holder})" if holder else ""
        super().__init__(f"kimbot is already running on this {where}{named}")


class DirectoryLock:
    """The data directory's lock: an exclusive `flock` on a file that names its holder."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK_FILE
        self._file: IO[str] | None = None

    def claim(self, now: datetime) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 — held for life
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = _holder_from(handle.read())
            handle.close()
            raise AlreadyRunning("data directory", holder) from None
        holder = Holder.this_process(now)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"host": holder.host, "pid": holder.pid,
                                 "since": now.isoformat()}))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing drops the flock
            self._file = None


def read_holder(path: Path) -> Holder | None:
    """The process holding a directory's lock, None if none does — asked without taking it
    (Linux lists every `flock` in /proc/locks; elsewhere a shared lock is tried a moment)."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    if not _flocked(path, status):
        return None
    return _holder_from(path.read_text(encoding="utf-8")) or Holder("?", 0, None)


def _flocked(path: Path, status: os.stat_result) -> bool:
    try:
        listed = Path("/proc/locks").read_text()
    except OSError:
        with open(path, encoding="utf-8") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            return False  # closing lets go
    inode = f"{os.major(status.st_dev):02x}:{os.minor(status.st_dev):02x}:{status.st_ino}"
    return any(fields[fields.index("FLOCK") + 4] == inode
               for line in listed.splitlines() if "FLOCK" in (fields := line.split())
               and "->" not in fields)


def _holder_from(text: str) -> Holder | None:
    try:
        data = json.loads(text)
        return Holder(str(data["host"]), int(data["pid"]),
                      datetime.fromisoformat(data["since"]))
    except (ValueError, KeyError, TypeError):
        return None  # written by a process that died while writing it


class DatabaseLock:
    """PostgreSQL's advisory lock, on a connection of its own held for the process's life.

    While the process runs, a heartbeat checks the connection; when it is gone (the server
    restarted, the network broke), the lock is taken again on a new connection. If another
    process has it by then — a standby took over — `lost` is set: this one must stop."""

    def __init__(self, url: str) -> None:
        self.dsn = make_url(url).set(drivername="postgresql").render_as_string(
            hide_password=False)
        self.lost = asyncio.Event()
        self._connection: asyncpg.Connection[Any] | None = None
        #: Set when the server ends the held connection.
        self._closed = asyncio.Event()
        self._heartbeat: asyncio.Task[None] | None = None

    async def claim(self) -> None:
        connection = await self._connect()
        try:
            if not await connection.fetchval("SELECT pg_try_advisory_lock($1)", ADVISORY_KEY):
                raise AlreadyRunning("database", await self._holder(connection))
        except BaseException:
            await connection.close()
            raise
        self._hold(connection)

    async def wait(self, stop: asyncio.Event) -> bool:
        """Wait until the lock is free, then take it (a standby); False if stopped first.
        The wait is the server's: it grants the lock the moment the holder's session ends."""
        backoff = Backoff()
        while not stop.is_set():
            try:
                connection = await self._connect()
            except (OSError, asyncpg.PostgresError) as error:
                log.warning("standby: database unreachable (%s); trying again",
                            type(error).__name__)
                if await stopped_within(stop, backoff.next()):
                    return False
                continue
            backoff.reset()
            waiting = asyncio.create_task(
                connection.execute("SELECT pg_advisory_lock($1)", ADVISORY_KEY))
            stopped = asyncio.create_task(stop.wait())
            done, _ = await asyncio.wait({waiting, stopped},
                                         return_when=asyncio.FIRST_COMPLETED)
            if waiting in done and waiting.exception() is None:
                stopped.cancel()
                self._hold(connection)
                return True
            for task in (waiting, stopped):
                task.cancel()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.close(), 5)
            if waiting in done:
                log.warning("standby: the wait for the lock broke off (%s); waiting again",
                            type(waiting.exception()).__name__)
        return False

    def _hold(self, connection: asyncpg.Connection[Any]) -> None:
        self._hold_connection(connection)
        self._heartbeat = asyncio.create_task(self._keep())

    def _hold_connection(self, connection: asyncpg.Connection[Any]) -> None:
        self._connection = connection
        self._closed = closed = asyncio.Event()
        connection.add_termination_listener(lambda _: closed.set())

    async def _keep(self) -> None:
        backoff = Backoff()
        while self._connection is not None:
            try:
                if await stopped_within(self._closed, HEARTBEAT_SECONDS):
                    raise ConnectionError("closed by the server")
                await asyncio.wait_for(self._connection.fetchval("SELECT 1"), HEARTBEAT_TIMEOUT)
                backoff.reset()
                continue
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError,
                    TimeoutError) as error:
                log.warning("the instance lock's connection is gone (%s); taking the lock again",
                            type(error).__name__)
            self._connection.terminate()
            while True:
                try:
                    connection = await self._connect()
                    break
                except (OSError, asyncpg.PostgresError) as error:
                    log.warning("database unreachable for the instance lock (%s)",
                                type(error).__name__)
                    await asyncio.sleep(backoff.next())
            if await connection.fetchval("SELECT pg_try_advisory_lock($1)", ADVISORY_KEY):
                self._hold_connection(connection)
                log.info("instance lock taken again")
                continue
            holder = await self._holder(connection)
            await connection.close()
            log.error("another instance took over (%s): this one stops", holder)
            self.lost.set()
            return

    async def holder(self) -> Holder | None:
        """The process holding the lock now, None if none does (asked, never taken)."""
        connection = await self._connect()
        try:
            return await self._holder(connection)
        finally:
            await connection.close()

    async def _connect(self) -> asyncpg.Connection[Any]:
        holder = Holder.this_process(datetime.now(UTC))
        return await asyncpg.connect(
            self.dsn, timeout=10,
            server_settings={"application_name": f"kimbot {holder.host} {holder.pid}"[:63]})

    @staticmethod
    async def _holder(connection: asyncpg.Connection[Any]) -> Holder | None:
        row = await connection.fetchrow(
            """SELECT a.application_name, a.backend_start FROM pg_locks l
               JOIN pg_stat_activity a ON a.pid = l.pid
               WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                 AND l.classid = $1 AND l.objid = $2
                 AND l.database = (SELECT oid FROM pg_database
                                   WHERE datname = current_database())""",
            ADVISORY_KEY >> 32, ADVISORY_KEY & 0xFFFFFFFF)
        if row is None:
            return None
        parts = (row["application_name"] or "").split()
        if len(parts) != 3 or parts[0] != "kimbot" or not parts[2].isdigit():
            return None
        return Holder(parts[1], int(parts[2]), row["backend_start"])

    async def release(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._heartbeat
            self._heartbeat = None
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._connection.close(), 5)
            self._connection = None


class InstanceLock:
    """Both locks of one installation: the data directory's, and the database's where the
    database is PostgreSQL (an SQLite file lies in the data directory or is named by the
    config alone: its directory's lock is taken too when it lies elsewhere)."""

    def __init__(self, data_dir: Path, database_url: str) -> None:
        url = make_url(database_url)
        self.directories = [DirectoryLock(data_dir)]
        self.database: DatabaseLock | None = None
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:":
                elsewhere = Path(url.database).resolve().parent
                if elsewhere != data_dir.resolve():
                    self.directories.append(DirectoryLock(elsewhere))
        else:
            self.database = DatabaseLock(database_url)
        #: Set when the database's lock went to another process: this one must stop.
        self.lost = self.database.lost if self.database else asyncio.Event()

    @property
    def can_wait(self) -> bool:
        """A standby needs a lock the server hands over: PostgreSQL's."""
        return self.database is not None

    async def claim(self, now: datetime) -> None:
        """Take every lock now, or raise `AlreadyRunning` naming the holder."""
        if self.database is not None:
            await self.database.claim()
        try:
            self._claim_directories(now)
        except BaseException:
            await self.release()
            raise

    async def wait(self, stop: asyncio.Event, now: datetime) -> bool:
        """As a standby: wait for the database's lock, then take the directory's."""
        assert self.database is not None, "a standby needs PostgreSQL"
        if not await self.database.wait(stop):
            return False
        # The old process may be a moment from gone (its connection dropped, not the
        # process): it lets go of the directory as it stops.
        backoff = Backoff(first=0.2, longest=2.0)
        for _ in range(30):
            try:
                self._claim_directories(now)
                return True
            except AlreadyRunning as running:
                log.info("standby: %s; waiting for it to let go", running)
                if await stopped_within(stop, backoff.next()):
                    break
        await self.release()
        raise AlreadyRunning("data directory", None)

    def _claim_directories(self, now: datetime) -> None:
        taken = []
        try:
            for directory in self.directories:
                directory.claim(now)
                taken.append(directory)
        except AlreadyRunning:
            for directory in taken:
                directory.release()
            raise

    async def release(self) -> None:
        for directory in self.directories:
            directory.release()
        if self.database is not None:
            await self.database.release()



async def running_instance(data_dir: Path, database_url: str) -> Holder | None:
    """The kimbot process running on this data, if any — asked, no lock taken (for the
    commands that must not run beside the bot, and for `kimbot doctor`)."""
    holder = read_holder(data_dir / LOCK_FILE)
    if holder is None and make_url(database_url).get_backend_name() != "sqlite":
        holder = await DatabaseLock(database_url).holder()
    return holder
