"""The database's instance lock when the server ends its session: the holder notices at once,
from the socket, not at the next heartbeat — it takes the lock again, or, if a standby was
granted it meanwhile, says it lost it and stops."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import asyncpg
import pytest

from bot.instance import HEARTBEAT_SECONDS, AlreadyRunning, DatabaseLock

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)

#: Far below the heartbeat: what these tests see comes from the closed socket.
NOTICED_WITHIN = 5.0


async def end_session(lock: DatabaseLock) -> None:
    """What a restart of the server or an administrator does to the lock's session."""
    assert lock._connection is not None
    pid = lock._connection.get_server_pid()
    admin = await asyncpg.connect(lock.dsn)
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()


async def until(condition: Callable[[], Awaitable[bool]], seconds: float) -> bool:
    for _ in range(int(seconds / 0.05)):
        if await condition():
            return True
        await asyncio.sleep(0.05)
    return False


async def test_a_session_ended_by_the_server_is_noticed_at_once_and_the_lock_taken_again(
    database_url: str,
) -> None:
    assert HEARTBEAT_SECONDS > 4 * NOTICED_WITHIN
    lock = DatabaseLock(database_url)
    await lock.claim()
    try:
        first = lock._connection
        await end_session(lock)

        async def held_again() -> bool:
            holder = await lock.holder()
            return lock._connection is not first and holder is not None

        assert await until(held_again, NOTICED_WITHIN), "the lock is taken again at once"
        assert not lock.lost.is_set()
        other = DatabaseLock(database_url)
        with pytest.raises(AlreadyRunning):
            await other.claim()
    finally:
        await lock.release()


async def test_a_standby_granted_the_lock_meanwhile_makes_the_holder_stop(
    database_url: str,
) -> None:
    lock, standby = DatabaseLock(database_url), DatabaseLock(database_url)
    await lock.claim()
    stop = asyncio.Event()
    waiting = asyncio.create_task(standby.wait(stop))
    try:
        await asyncio.sleep(0.5)  # the standby's wait is with the server
        await end_session(lock)
        assert await waiting is True, "the server hands the lock to the standby"

        async def lost() -> bool:
            return lock.lost.is_set()

        assert await until(lost, NOTICED_WITHIN), "the holder learns it lost the lock"
    finally:
        stop.set()
        await lock.release()
        await standby.release()
