"""The database goes away under the running bot — PostgreSQL (a cluster of the test's own)
stopped as by a crash and started again, SQLite locked by another process:
the bot waits and tries again with backoff, `/healthz` says 503 while the database is gone,
and afterwards every command sent meanwhile is answered once and stored once."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import asyncpg
import pytest
from aiosmtpd.controller import Controller

from tests.conftest import _dsn
from tests.e2e.test_homeserver_faults import health
from tests.e2e.test_mail import BERLIN, Inbox
from tests.faults.kills import PASSWORD, from_bot, register, replied_to, wait_for, wait_until
from tests.support.botprocess import BotProcess, write_bot_config
from tests.support.pgcluster import PostgresCluster, find_binaries
from tests.support.rawclient import RawClient
from tests.support.synapse import Homeserver, free_port


async def started_bot(homeserver: Homeserver, directory: Path, name: str, database_url: str,
                      extra: str = "") -> tuple[BotProcess, RawClient, str, str, int]:
    coordinator = await register(homeserver, f"koord-{name.lower()}")
    bot_user = homeserver.register(f"kimbot-{name.lower()}", PASSWORD)
    port = free_port()
    bot = BotProcess(write_bot_config(directory, homeserver, bot_user, PASSWORD,
                                      database_url=database_url, http_port=port,
                                      extra=extra),
                     directory / "bot.log").start()
    room_id = await coordinator.create_room([bot_user], name)
    await wait_until(lambda: coordinator.joined(room_id), lambda j: bot_user in j, 60)
    await coordinator.say(room_id, f"!einrichten {name}")
    assert await wait_for(coordinator, room_id, from_bot(bot_user, "eingerichtet"), 60)
    return bot, coordinator, room_id, bot_user, port


async def each_answered_once(coordinator: RawClient, room_id: str, bot_user: str,
                             commands: list[str]) -> None:
    await wait_until(lambda: coordinator.history(room_id),
                     lambda h: all(any(replied_to(e) == c for e in h) for c in commands), 120)
    await asyncio.sleep(2)
    replies = Counter(replied_to(e) for e in await coordinator.history(room_id)
                      if e.get("sender") == bot_user)
    assert [replies[c] for c in commands] == [1] * len(commands)


@pytest.fixture
def postgres_cluster() -> Iterator[PostgresCluster]:
    binaries = find_binaries()
    if binaries is None:
        pytest.skip("skipped: no PostgreSQL server programs (initdb, pg_ctl) on this machine "
                    "to run a cluster of the test's own")
    cluster = PostgresCluster.create(binaries)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


async def test_postgresql_restarting_under_the_bot(
    homeserver: Homeserver, tmp_path: Path, postgres_cluster: PostgresCluster
) -> None:
    smtp_port = free_port()
    smtp = (f'[smtp]\nhost = "127.0.0.1"\nport = {smtp_port}\nfrom = "kimbot@stadt.example"\n'
            "starttls = false\nretry_seconds = 1\n")
    bot, coordinator, room_id, bot_user, port = await started_bot(
        homeserver, tmp_path / "bot", "Datenbankprobe", postgres_cluster.url, extra=smtp)
    inbox = Inbox()
    mail_server = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    try:
        day = (datetime.now(BERLIN) + timedelta(days=9)).strftime("%d.%m.%Y")
        commands = [
            await coordinator.say(room_id, "!punkt hinzufügen Vorher"),
            await coordinator.say(room_id, "!mitglied hinzufügen @weber:stadt.example "
                                           "org=Jobcenter email=weber@stadt.example"),
            await coordinator.say(room_id, f"!termin ansetzen {day} 14:00"),
        ]
        await each_answered_once(coordinator, room_id, bot_user, commands)
        # The invitation mail waits for the mail server, which is down.
        postgres_cluster.stop("immediate")  # as a crash: no goodbye to the clients
        mail_server.start()  # the mail server comes up while the database is away
        unhealthy = False
        for n in range(3):
            commands.append(await coordinator.say(room_id, f"!punkt hinzufügen Während {n}"))
        started = time.monotonic()
        while time.monotonic() - started < 20:
            status = await health(port)
            unhealthy = unhealthy or status == 503
            await asyncio.sleep(1)
        assert unhealthy, "/healthz said 503 while the database was gone"
        assert inbox.messages == [], "a mail is sent only from the database's queue"
        postgres_cluster.start()  # crash recovery, then the same server again
        commands.append(await coordinator.say(room_id, "!punkt hinzufügen Danach"))
        await each_answered_once(coordinator, room_id, bot_user, commands)
        assert await health(port) == 200
        await wait_until(lambda: asyncio.sleep(0.5), lambda _: inbox.messages, 60)
        database = await asyncpg.connect(_dsn(postgres_cluster.url))
        try:
            stored = Counter(r["text"] for r in await database.fetch("SELECT text FROM items"))
        finally:
            await database.close()
        assert stored == Counter(["Vorher", "Während 0", "Während 1", "Während 2", "Danach"])
        assert [m["To"] for m in inbox.messages] == ["weber@stadt.example"]
        assert bot.stop() == 0
        log = (tmp_path / "bot" / "bot.log").read_text()
        assert "mail queue: database unreachable" in log
        assert "mail queue: unexpected error" not in log
    finally:
        if bot.running():
            bot.kill()
        mail_server.stop(no_assert=True)
        await coordinator.close()


async def test_postgresql_away_when_the_bot_starts(
    homeserver: Homeserver, tmp_path: Path, postgres_cluster: PostgresCluster
) -> None:
    """After a power cut the bot may come up before its database: it waits for it."""
    postgres_cluster.stop("fast")
    coordinator = await register(homeserver, "koord-spaetstart")
    bot_user = homeserver.register("kimbot-spaetstart", PASSWORD)
    directory = tmp_path / "bot"
    bot = BotProcess(write_bot_config(directory, homeserver, bot_user, PASSWORD,
                                      database_url=postgres_cluster.url),
                     directory / "bot.log").start()
    try:
        bot.wait_log("database unreachable at start")
        await asyncio.sleep(3)
        assert bot.running(), "the bot waits for its database instead of giving up"
        postgres_cluster.start()
        room_id = await coordinator.create_room([bot_user], "Spätstart")
        await wait_until(lambda: coordinator.joined(room_id), lambda j: bot_user in j, 90)
        await coordinator.say(room_id, "!einrichten Spätstart")
        assert await wait_for(coordinator, room_id, from_bot(bot_user, "eingerichtet"), 60)
        assert bot.stop() == 0
    finally:
        if bot.running():
            bot.kill()
        await coordinator.close()


async def test_sqlite_locked_by_another_process(homeserver: Homeserver, tmp_path: Path) -> None:
    path = tmp_path / "bot" / "data" / "kimbot.db"
    bot, coordinator, room_id, bot_user, _ = await started_bot(
        homeserver, tmp_path / "bot", "Sperrprobe", f"sqlite+aiosqlite:///{path}")
    try:
        holder = await asyncio.create_subprocess_exec(
            "python3", "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
            "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True)\n"
            "time.sleep(8); c.execute('COMMIT')",
            stdout=asyncio.subprocess.PIPE)
        assert holder.stdout is not None
        assert (await holder.stdout.readline()).strip() == b"locked"
        commands = [await coordinator.say(room_id, f"!punkt hinzufügen Gesperrt {n}")
                    for n in range(3)]
        assert await holder.wait() == 0
        await each_answered_once(coordinator, room_id, bot_user, commands)
        assert bot.stop() == 0
    finally:
        if bot.running():
            bot.kill()
        await coordinator.close()
