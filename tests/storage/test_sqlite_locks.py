"""SQLite run on the event loop: a database locked by another process is waited for without
blocking the loop, and the work goes through once the lock is gone."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage import Database
from storage.sqlite import InlineConnection, _retryable
from tests.support.loop import ticking

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def test_a_locked_database_is_waited_for_while_the_loop_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "kimbot.db"
    database = Database(f"sqlite+aiosqlite:///{path}")
    await database.migrate()
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    release = threading.Timer(0.4, lambda: other.execute("COMMIT"))
    started = time.monotonic()
    release.start()
    try:
        async with ticking() as ticks, database.unit_of_work() as uow:
            await uow.sync.set("after-the-lock", NOW)
    finally:
        release.join()
        other.close()
    waited = time.monotonic() - started
    assert waited >= 0.35, "the write waited for the lock"
    assert ticks.count >= 15, f"the event loop kept running while it waited ({ticks.count} ticks)"
    async with database.unit_of_work() as uow:
        assert await uow.sync.get() == "after-the-lock"
    await database.dispose()


async def test_two_units_of_work_of_the_bot_take_turns(tmp_path: Path) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'kimbot.db'}")
    await database.migrate()
    order: list[str] = []

    async def slow_writer() -> None:
        async with database.unit_of_work() as uow:
            await uow.sync.set("first", NOW)
            order.append("first holds the lock")
            await asyncio.sleep(0.2)  # e.g. a handler waiting for the homeserver
        order.append("first committed")

    async def second_writer() -> None:
        await asyncio.sleep(0.05)
        async with database.unit_of_work() as uow:
            await uow.sync.set("second", NOW)  # begins the transaction: waits for the lock
            order.append("second wrote")

    await asyncio.gather(slow_writer(), second_writer())
    assert order == ["first holds the lock", "first committed", "second wrote"]
    async with database.unit_of_work() as uow:
        assert await uow.sync.get() == "second"
    await database.dispose()


async def test_a_lock_held_too_long_is_reported_not_waited_for_forever(tmp_path: Path) -> None:
    path = tmp_path / "kimbot.db"
    sqlite3.connect(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    connection = await InlineConnection(str(path), timeout=0.3, isolation_level=None)
    started = time.monotonic()
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            await connection._execute(connection._conn.execute, "BEGIN IMMEDIATE", retry=True)
    finally:
        other.close()
        await connection.close()
    assert 0.2 <= time.monotonic() - started < 2


def test_only_the_start_and_end_of_a_transaction_are_tried_again() -> None:
    assert _retryable("BEGIN IMMEDIATE") and _retryable("  commit")
    assert not _retryable("INSERT INTO outbox VALUES (1)")
    assert not _retryable("SAVEPOINT sa_savepoint_1") and not _retryable("")
