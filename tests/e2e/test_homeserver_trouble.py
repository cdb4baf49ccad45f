"""When the homeserver refuses (429) or goes away (restart), the bot waits and carries on."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from pathlib import Path

from tests.e2e.conftest import PASSWORD, open_room, start_bot
from tests.support.members import Member
from tests.support.synapse import Homeserver


def admin_token(homeserver: Homeserver) -> str:
    user = homeserver.register("admin", PASSWORD, admin=True)
    body = {"type": "m.login.password", "password": PASSWORD,
            "identifier": {"type": "m.id.user", "user": user}}
    request = urllib.request.Request(f"{homeserver.url}/_matrix/client/v3/login",
                                     data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.load(response)["access_token"])


def limit_messages(homeserver: Homeserver, user_id: str, per_second: int, burst: int) -> None:
    request = urllib.request.Request(
        f"{homeserver.url}/_synapse/admin/v1/users/{user_id}/override_ratelimit",
        data=json.dumps({"messages_per_second": per_second, "burst_count": burst}).encode(),
        headers={"Authorization": f"Bearer {admin_token(homeserver)}",
                 "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10):
        pass


async def test_rate_limited_replies_all_arrive_once(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-limited")
    room = await open_room(people, bot.user_id)
    coord = people["coord"]
    await room.say("coord", "!einrichten Lenkungsgruppe")
    limit_messages(homeserver, bot.user_id, per_second=1, burst=1)
    started = time.monotonic()
    sent = [await coord.send(room.room_id, f"!mitglied hinzufügen @p{i}:localhost org=O{i}")
            for i in range(8)]
    await coord.reply_to(room.room_id, sent[-1], bot.user_id, within=90)
    assert time.monotonic() - started >= 5, "the homeserver held the bot back (429)"
    await asyncio.sleep(2)
    await coord.sync(timeout_ms=500)
    for i, event_id in enumerate(sent):
        replies = coord.replies_to(room.room_id, event_id, bot.user_id)
        assert len(replies) == 1, f"command {i} answered {len(replies)} times"
    assert bot.process.running()
    assert bot.process.stop() == 0


async def test_the_bot_survives_a_homeserver_restart(tmp_path: Path) -> None:
    homeserver = Homeserver(tmp_path / "synapse")
    homeserver.start()
    try:
        bot = start_bot(homeserver, tmp_path / "bot", "kimbot")
        coord = await Member(homeserver.url, homeserver.register("coord", PASSWORD),
                             PASSWORD).login()
        room_id = await coord.create_room([bot.user_id])
        await coord.wait_for_join(room_id, bot.user_id)
        assert "eingerichtet" in (await coord.command(room_id, "!einrichten Test",
                                                      bot.user_id)).body
        homeserver.stop()
        await asyncio.sleep(5)  # the bot's syncs fail meanwhile
        homeserver.start()
        reply = await coord.command(room_id, "!gruppe", bot.user_id, within=90)
        assert "Gruppe „Test“" in reply.body
        assert bot.process.running()
        assert bot.process.stop() == 0
        await coord.close()
    finally:
        homeserver.stop()
