"""The threaded reader (`storage.reader`): a long read runs beside the bot — its event loop
goes on, its writes commit meanwhile — and sees only what was committed; on both databases."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import DBAPIError

from storage import Database, UnitOfWork
from storage.reader import ThreadedReader
from tests.support.loop import ticking

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def test_a_long_read_holds_up_neither_the_loop_nor_a_write(database: Database) -> None:
    async with database.unit_of_work() as uow:
        await uow.sync.set("before", NOW)
    reader = ThreadedReader(database.url)
    reading = threading.Event()
    go_on = threading.Event()

    async def long_read(uow: UnitOfWork) -> str | None:
        first = await uow.sync.get()  # the read's transaction now sees one state
        reading.set()
        go_on.wait(10)  # the bot writes meanwhile (below)
        time.sleep(0.3)  # noqa: ASYNC251 — blocking on purpose: work on the reader's thread
        assert await uow.sync.get() == first, "one read sees one committed state"
        return first

    try:
        read = asyncio.create_task(reader.read(long_read))
        assert await asyncio.to_thread(reading.wait, 10)
        # While the read stands in its transaction, the bot writes and commits.
        async with asyncio.timeout(10), database.unit_of_work() as uow:
            await uow.sync.set("during", NOW)
        go_on.set()
        async with ticking() as ticks:
            assert await read == "before"
    finally:
        go_on.set()
    assert ticks.count >= 15, f"the loop went on while the reader worked ({ticks.count} ticks)"
    assert await reader.read(lambda uow: uow.sync.get()) == "during"
    await reader.close()


async def test_the_reader_writes_nothing(database: Database) -> None:
    reader = ThreadedReader(database.url)

    async def write(uow: UnitOfWork) -> None:
        await uow.sync.set("from-the-reader", NOW)

    try:
        if database.is_sqlite:
            # SQLite has no read-only transaction; its reader only never takes the write lock
            # up front, so a write there is the rare case and still goes through safely.
            pytest.skip("SQLite has no read-only transactions (the reader takes no write lock)")
        with pytest.raises(DBAPIError, match="read-only"):
            await reader.read(write)
    finally:
        await reader.close()
    async with database.unit_of_work() as uow:
        assert await uow.sync.get() != "from-the-reader"


async def test_a_closed_reader_starts_again_and_ends_its_thread(database: Database) -> None:
    reader = ThreadedReader(database.url)
    assert await reader.read(lambda uow: uow.sync.get()) is None
    await reader.close()
    assert not any(t.name == "kimbot-reader" and t.is_alive() for t in threading.enumerate())
    assert await reader.read(lambda uow: uow.sync.get()) is None
    await reader.close()
