"""The bot behind a misbehaving homeserver (`tests/support/faultproxy.py`): 429s, 5xx, resets,
answers lost after the homeserver acted, and a blackout. Every command is answered exactly
once, every item stored once, every poll answer counted, and `/healthz` says 503 while the
homeserver is out of reach and 200 once it is back."""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from pathlib import Path

import aiohttp

from tests.faults.kills import (
    PASSWORD,
    POLL_RESPONSE,
    POLL_START,
    from_bot,
    register,
    replied_to,
    seed_members,
    wait_for,
    wait_until,
)
from tests.support.botprocess import BotProcess, write_bot_config
from tests.support.faultproxy import FaultProxy
from tests.support.synapse import Homeserver, free_port

SEED = 20261201


async def health(port: int) -> int:
    try:
        async with aiohttp.ClientSession() as session, session.get(
                f"http://127.0.0.1:{port}/healthz") as response:
            return response.status
    except aiohttp.ClientError:
        return 0


async def test_a_misbehaving_homeserver_loses_nothing_and_doubles_nothing(
    homeserver: Homeserver, tmp_path: Path
) -> None:
    # `make test-faults` adds hangs past the client's timeout (KIMBOT_PROXY_HANG seconds).
    hang = float(os.environ.get("KIMBOT_PROXY_HANG", "0"))
    proxy = await FaultProxy(homeserver.url, seed=SEED, rate=0.3, hang_seconds=hang).start()
    coordinator = await register(homeserver, "koord-proxy")
    voters = [await register(homeserver, f"sitz-proxy-{i}") for i in range(5)]
    bot_user = homeserver.register("kimbot-proxy", PASSWORD)
    port = free_port()
    directory = tmp_path / "bot"
    database_url = f"sqlite+aiosqlite:///{directory / 'data' / 'kimbot.db'}"
    bot = BotProcess(write_bot_config(directory, homeserver, bot_user, PASSWORD,
                                      database_url=database_url, http_port=port,
                                      homeserver_url=proxy.url), directory / "bot.log").start()
    try:
        room_id = await coordinator.create_room([bot_user], "Störungsprobe")
        await wait_until(lambda: coordinator.joined(room_id), lambda j: bot_user in j, 90)
        await coordinator.say(room_id, "!einrichten Störungsprobe")
        assert await wait_for(coordinator, room_id, from_bot(bot_user, "eingerichtet"), 90)
        await asyncio.gather(*(v.join(room_id) for v in voters))
        await seed_members(database_url, room_id, voters)
        await coordinator.say(room_id, '!abstimmung "Trotz Störungen?" deadline=1h')
        [poll] = await wait_for(coordinator, room_id, lambda e: e.get("type") == POLL_START
                                and e.get("sender") == bot_user, 90)
        yes = next(a["id"] for a in poll["content"][POLL_START]["answers"]
                   if a["org.matrix.msc1767.text"] == "Ja")

        commands: dict[str, int] = {}
        for n in range(8):
            commands[await coordinator.say(room_id, f"!punkt hinzufügen Störung {n}")] = n
            await asyncio.sleep(0.3)
        for voter in voters:
            await voter.send(room_id, POLL_RESPONSE, {
                "m.relates_to": {"rel_type": "m.reference", "event_id": poll["event_id"]},
                POLL_RESPONSE: {"answers": [yes]}})
        proxy.replay_syncs(3)  # the votes and commands just read come again, same ids

        # The homeserver goes away for half a minute; meanwhile members keep working.
        proxy.blackout(30)
        started, unhealthy = time.monotonic(), False
        for n in range(8, 11):
            commands[await coordinator.say(room_id, f"!punkt hinzufügen Störung {n}")] = n
        while time.monotonic() - started < 30:
            unhealthy = unhealthy or await health(port) == 503
            await asyncio.sleep(1)
        assert unhealthy, "/healthz said 503 while the homeserver was out of reach"
        recovered = time.monotonic()
        while await health(port) != 200:
            assert time.monotonic() - recovered < 120, "/healthz back to 200"
            await asyncio.sleep(1)

        await coordinator.say(room_id, "!abstimmung zeigen 1")
        shown = await wait_for(coordinator, room_id,
                               from_bot(bot_user, "Abgestimmt haben 5 von 6 Sitzen"), 120)
        assert shown, "every answer counted"
        await wait_until(lambda: coordinator.history(room_id),
                         lambda h: all(any(replied_to(e) == c for e in h) for c in commands), 120)
        proxy.quiet()
        await asyncio.sleep(3)
        history = await coordinator.history(room_id)
        replies = Counter(replied_to(e) for e in history if e.get("sender") == bot_user)
        assert {n: replies[c] for c, n in commands.items()} == {n: 1 for n in commands.values()}
        print(f"\nfaults injected (seed {SEED}): {dict(proxy.injected)}; "
              f"{proxy.forwarded} requests passed, {proxy.replayed_events} events replayed")
        assert sum(proxy.injected.values()) >= 10 and proxy.injected["blackout"] > 0
        assert proxy.replayed_events > 0, "events were read again with the same ids"
        assert bot.running()
        assert bot.stop() == 0
    finally:
        if bot.running():
            bot.kill()
        await proxy.stop()
        for client in (coordinator, *voters):
            await client.close()
