"""SQLite for SQLAlchemy's asyncio engine, run on the event loop instead of in a thread.

SQLAlchemy's aiosqlite adapter hands every statement to aiosqlite's worker thread, and asks it
separately to open a cursor, to execute, to fetch and to close: four round trips between the
event loop and the thread per statement. On a two-core machine shared with the homeserver each
round trip waits for the thread to be scheduled, and a command's dozen statements took three
times as long as the same statements run in one piece (bench/RESULTS.md). SQLite answers the
bot's queries in microseconds, from a file on local disk, so the statements run here directly,
each start to finish in one call.

What a thread bought is kept otherwise: a database locked by another writer never blocks the
event loop. The connection does not wait inside SQLite (busy timeout 0); a `BEGIN` or `COMMIT`
that finds the database locked is tried again after an `asyncio.sleep` with a growing pause, up
to `timeout` seconds, while the bot goes on serving. (Statements inside a transaction cannot
meet a lock: every transaction begins with `BEGIN IMMEDIATE`, see `storage.database`.)

SQLAlchemy's aiosqlite dialect is used unchanged, with this module as its DBAPI
(`create_async_engine(..., module=inline_dbapi())`); the URL stays `sqlite+aiosqlite://`.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import deque
from collections.abc import Callable, Generator
from typing import Any, TypeVar

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util.concurrency import await_

T = TypeVar("T")

#: The first pause before trying a locked database again; it doubles up to MAX_PAUSE.
FIRST_PAUSE = 0.005
MAX_PAUSE = 0.25


class StatementResult:
    """What a finished statement leaves for SQLAlchemy: the parts of a DBAPI cursor it reads
    after `execute` (the rows themselves go to the adapter's row buffer)."""

    __slots__ = ("arraysize", "description", "lastrowid", "rowcount")

    def __init__(self, description: Any = None, rowcount: int = -1,
                 lastrowid: int | None = None) -> None:
        self.description = description
        self.rowcount = rowcount
        self.lastrowid = lastrowid
        self.arraysize = 1

    def close(self) -> None:
        """The sqlite3 cursor is closed with its statement already."""


def _locked(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _retryable(operation: str) -> bool:
    """Only statements that may be repeated after SQLITE_BUSY: starting or ending a
    transaction (SQLite's rule for explicit transactions)."""
    words = operation.split(None, 1)
    return bool(words) and words[0].upper() in {"BEGIN", "COMMIT"}


class InlineConnection:
    """The part of aiosqlite's `Connection` that SQLAlchemy's adapter uses, calling sqlite3
    directly. Awaiting it opens the database."""

    def __init__(self, database: str, *, timeout: float = 30.0, **kwargs: Any) -> None:
        self._database = database
        self._timeout = timeout
        self._kwargs = kwargs
        self._connection: sqlite3.Connection | None = None

    def __await__(self) -> Generator[Any, None, InlineConnection]:
        return self._open().__await__()

    async def _open(self) -> InlineConnection:
        # No waiting inside SQLite: a locked database is waited for here, asynchronously.
        options = {**self._kwargs, "timeout": 0, "check_same_thread": False}
        self._connection = sqlite3.connect(self._database, **options)
        return self

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("no active connection")
        return self._connection

    async def _execute(self, function: Callable[..., T], *args: Any, retry: bool = False) -> T:
        """Run `function(*args)`; while the database is locked by another writer and the
        statement may be repeated, wait (without blocking the event loop) and try again."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._timeout
        pause = FIRST_PAUSE
        while True:
            try:
                return function(*args)
            except sqlite3.OperationalError as error:
                remaining = deadline - loop.time()
                if not (retry and _locked(error)) or remaining <= 0:
                    raise
            await asyncio.sleep(min(pause, remaining))
            pause = min(pause * 2, MAX_PAUSE)

    async def commit(self) -> None:
        await self._execute(self._conn.commit, retry=True)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def stop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)


def _run_statement(
    connection: sqlite3.Connection, operation: str, parameters: Any, many: bool
) -> tuple[StatementResult, list[Any]]:
    """The whole statement: cursor, execute, fetch, close."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        else:
            cursor.execute(operation, () if parameters is None else parameters)
        rows = cursor.fetchall() if cursor.description else []
        return StatementResult(cursor.description, cursor.rowcount, cursor.lastrowid), rows
    finally:
        cursor.close()


class InlineCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    #: Closing is done with the statement; nothing to await afterwards.
    _awaitable_cursor_close = False

    def _make_new_cursor(self, connection: Any) -> Any:
        return StatementResult()

    def _aenter_cursor(self, cursor: Any) -> Any:
        return cursor

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        return await self._run(operation, parameters, many=False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        return await self._run(operation, seq_of_parameters, many=True)

    async def _run(self, operation: Any, parameters: Any, *, many: bool) -> None:
        connection: InlineConnection = self._connection  # type: ignore[assignment]
        result, rows = await connection._execute(
            _run_statement, connection._conn, operation, parameters, many,
            retry=_retryable(str(operation)),
        )
        self._cursor = result  # type: ignore[assignment]  # what SQLAlchemy reads of a cursor
        if result.description:
            self._rows = deque(rows)


class InlineAdaptedConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = InlineCursor

    @property
    def isolation_level(self) -> str | None:
        return self._connection._conn.isolation_level  # type: ignore[no-any-return]

    @isolation_level.setter
    def isolation_level(self, value: str | None) -> None:
        self._connection._conn.isolation_level = value


class InlineDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> InlineAdaptedConnection:
        connection = InlineConnection(*arg, **kw)
        return InlineAdaptedConnection(self, await_(connection))  # type: ignore[arg-type]


def inline_dbapi() -> InlineDBAPI:
    # aiosqlite lends its exception classes (those of sqlite3) and module attributes.
    return InlineDBAPI(aiosqlite, sqlite3)
