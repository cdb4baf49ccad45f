"""SQLite through aiosqlite with one thread hop per statement instead of four.

SQLAlchemy's aiosqlite adapter asks aiosqlite's worker thread separately to open a cursor, to
execute, to fetch the rows and to close the cursor: four round trips between the event loop and
the thread for every statement, about 50 µs each on a small machine — more than SQLite needs to
answer the query. A command touches the database a dozen times while the member waits for the
reply, so those hops were a large part of the bot's answer time (see bench/RESULTS.md).

The cursor here does the whole statement — cursor, execute, fetch, close — in one function on
aiosqlite's thread. Everything else (connections, transactions, the thread itself, waiting on a
locked database without blocking the event loop) is aiosqlite's and SQLAlchemy's own: the adapter
is handed to SQLAlchemy's aiosqlite dialect as its DBAPI module (`create_async_engine(...,
module=one_hop_dbapi())`), and the database URL stays `sqlite+aiosqlite://`.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Sequence
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util.concurrency import await_


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
        """The sqlite3 cursor was closed on the worker thread already."""


def _run_statement(
    connection: aiosqlite.Connection, operation: str, parameters: Any, many: bool
) -> tuple[StatementResult, list[Any]]:
    """Runs on aiosqlite's thread: the whole statement, start to finish."""
    cursor = connection._conn.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        else:
            cursor.execute(operation, () if parameters is None else parameters)
        rows = cursor.fetchall() if cursor.description else []
        return StatementResult(cursor.description, cursor.rowcount, cursor.lastrowid), rows
    finally:
        cursor.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    #: Closing is done on the worker thread with the statement; nothing to await afterwards.
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
        connection = self._connection
        async with self._adapt_connection._execute_mutex:
            result, rows = await connection._execute(
                _run_statement, connection, operation, parameters, many
            )
        self._cursor = result
        if result.description:
            self._rows = deque(rows)


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneHopCursor


class OneHopDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneHopConnection:
        connection = self.aiosqlite.connect(*arg, **kw)
        connection._thread.daemon = True  # as SQLAlchemy does: never hold up the exit
        return OneHopConnection(self, await_(connection))


def one_hop_dbapi() -> OneHopDBAPI:
    return OneHopDBAPI(aiosqlite, sqlite3)


__all__: Sequence[str] = ("OneHopDBAPI", "one_hop_dbapi")
