"""The database goes away under the running bot — PostgreSQL restarting (seen through a
proxy that cuts every connection and refuses new ones), SQLite locked by another process:
the bot waits and tries again with backoff, `/healthz` says 503 while the database is gone,
and afterwards every command sent meanwhile is answered once and stored once."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_URL, _dsn
from tests.e2e.test_homeserver_faults import health
from tests.faults.kills import PASSWORD, from_bot, register, replied_to, wait_for, wait_until
from tests.support.botprocess import BotProcess, write_bot_config
from tests.support.rawclient import RawClient
from tests.support.synapse import Homeserver, free_port
from tests.support.tcpproxy import TcpProxy


async def started_bot(homeserver: Homeserver, directory: Path, name: str,
                      database_url: str) -> tuple[BotProcess, RawClient, str, str, int]:
    coordinator = await register(homeserver, f"koord-{name.lower()}")
    bot_user = homeserver.register(f"kimbot-{name.lower()}", PASSWORD)
    port = free_port()
    bot = BotProcess(write_bot_config(directory, homeserver, bot_user, PASSWORD,
                                      database_url=database_url, http_port=port),
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


async def test_postgresql_going_away_and_coming_back(
    homeserver: Homeserver, tmp_path: Path
) -> None:
    name = f"kimbot_dbtrouble_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(_dsn(POSTGRES_URL))
    await admin.execute(f'CREATE DATABASE "{name}"')
    server = urlsplit(_dsn(POSTGRES_URL))
    proxy = await TcpProxy(server.hostname or "127.0.0.1", server.port or 5432).start()
    url = make_url(POSTGRES_URL).set(host="127.0.0.1", port=proxy.port, database=name)
    bot, coordinator, room_id, bot_user, port = await started_bot(
        homeserver, tmp_path / "bot", "Datenbankprobe",
        url.render_as_string(hide_password=False))
    try:
        commands = [await coordinator.say(room_id, "!punkt hinzufügen Vorher")]
        proxy.cut()  # the server restarts: connections gone, new ones refused
        unhealthy = False
        for n in range(3):
            commands.append(await coordinator.say(room_id, f"!punkt hinzufügen Während {n}"))
        started = time.monotonic()
        while time.monotonic() - started < 20:
            status = await health(port)
            unhealthy = unhealthy or status == 503
            await asyncio.sleep(1)
        assert unhealthy, "/healthz said 503 while the database was gone"
        proxy.restore()
        commands.append(await coordinator.say(room_id, "!punkt hinzufügen Danach"))
        await each_answered_once(coordinator, room_id, bot_user, commands)
        assert await health(port) == 200
        direct = make_url(POSTGRES_URL).set(database=name)
        database = await asyncpg.connect(_dsn(direct.render_as_string(hide_password=False)))
        try:
            stored = Counter(r["text"] for r in await database.fetch("SELECT text FROM items"))
        finally:
            await database.close()
        assert stored == Counter(["Vorher", "Während 0", "Während 1", "Während 2", "Danach"])
        assert bot.stop() == 0
    finally:
        if bot.running():
            bot.kill()
        await coordinator.close()
        await proxy.stop()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


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
