"""A bot in many rooms: a start costs what changed while it was down, not every room it is in.

A start goes on from the stored sync position without every room's state (in a thousand
rooms that would cost as much as a first sync, issue #35): a room's state is read when the
bot first has to know it — here, to send an encrypted answer into it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from tests.e2e.conftest import PASSWORD
from tests.support.botprocess import BotProcess, write_bot_config
from tests.support.faultproxy import FaultProxy
from tests.support.members import Member
from tests.support.synapse import Homeserver

ROOMS = 12


def state_read(requests: list[tuple[str, str]], rooms: list[str]) -> set[str]:
    """The rooms whose whole state the bot asked the homeserver for."""
    paths = [unquote(path) for _, path in requests]
    return {room for room in rooms if any(f"/rooms/{room}/state" in path and
                                          f"/rooms/{room}/state/" not in path
                                          for path in paths)}


async def test_a_restart_reads_the_state_of_the_rooms_it_answers_in_only(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    proxy = await FaultProxy(homeserver.url, seed=1, rate=0).start()
    bot: BotProcess | None = None
    try:
        user = homeserver.register("kimbot-rooms", PASSWORD)
        directory = tmp_path / "bot"
        config = write_bot_config(directory, homeserver, user, PASSWORD,
                                  homeserver_url=proxy.url)
        bot = BotProcess(config, directory / "bot.log").start()
        coord = people["coord"]
        rooms = [await coord.create_room([user], name=f"Raum {number}",
                                         encrypted=number % 2 == 0)
                 for number in range(ROOMS)]
        for room_id in rooms:
            await coord.wait_for_join(room_id, user, within=60)
        group, quiet = rooms[0], rooms[2]
        await coord.command(group, "!einrichten Lenkungsgruppe", user)
        assert bot.stop() == 0

        waiting = await coord.send(group, "!punkt hinzufügen Bericht zur Sprachförderung")
        proxy.requests.clear()
        bot.start()
        replies = await coord.reply_to(group, waiting, user, within=60)
        assert "Bericht zur Sprachförderung" in replies.body, replies.body
        syncs = [path for _, path in proxy.requests if "/sync" in path]
        assert syncs, "the bot synced after its start"
        assert not any("full_state=true" in path for path in syncs), syncs
        assert state_read(proxy.requests, rooms) == {group}, \
            "only the room the bot answered in had its state read"

        # A room untouched since the start: read when the bot answers there; the answer is
        # encrypted for the member, who reads it.
        assert "!hilfe" in (await coord.command(quiet, "!hilfe", user)).body
        assert state_read(proxy.requests, rooms) == {group, quiet}
        assert len(coord.replies_to(group, waiting, user)) == 1
    finally:
        if bot is not None and bot.running():
            bot.stop()
        await proxy.stop()
