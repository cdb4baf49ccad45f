"""Long reads on a thread of their own, so the bot's event loop keeps answering meanwhile.

Reading a large group's whole published record takes a good part of a second (at 1,000
meetings), most of it building rows into objects. On the bot's loop that would hold up every
member's command for as long; here it runs on a second connection to the same database, owned
by a thread with its own event loop. The reads take no write lock (on SQLite a plain deferred
`BEGIN`, which under WAL sees one committed state and never blocks a writer), so the bot's
own transactions go on while a read runs.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.engine import URL

from storage.database import Database
from storage.unit_of_work import UnitOfWork

T = TypeVar("T")


class ThreadedReader:
    """Runs read-only units of work on its own thread; started on first use."""

    def __init__(self, url: str | URL) -> None:
        self.url = url
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._database: Database | None = None
        self._starting = threading.Lock()

    async def read(self, work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
        """`work`'s result, run in one read-only transaction on the reader's thread."""
        loop = self._started()
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self._run(work), loop))

    def read_blocking(self, work: Callable[[UnitOfWork], Awaitable[T]],
                      timeout: float = 60) -> T:
        """The same, for a thread that is no event loop's (the web server's workers)."""
        loop = self._started()
        return asyncio.run_coroutine_threadsafe(self._run(work), loop).result(timeout)

    async def _run(self, work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
        if self._database is None:  # made here: its connections belong to this loop
            self._database = Database(self.url, read_only=True)
        async with self._database.unit_of_work() as uow:
            return await work(uow)

    def _started(self) -> asyncio.AbstractEventLoop:
        with self._starting:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=loop.run_forever, name="kimbot-reader",
                                                daemon=True)
                self._thread.start()
                self._loop = loop
            return self._loop

    async def close(self) -> None:
        """Close the connections and end the thread (a later read starts it again)."""
        with self._starting:
            loop, thread, self._loop, self._thread = self._loop, self._thread, None, None
        if loop is None or thread is None:
            return
        database, self._database = self._database, None
        if database is not None:
            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(database.dispose(), loop))
        loop.call_soon_threadsafe(loop.stop)
        await asyncio.to_thread(thread.join)
        loop.close()
