"""Nothing lost, nothing doubled: stops, kills, bursts larger than one sync, history."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from storage import Database
from tests.e2e.conftest import RunningBot, open_room, start_bot
from tests.support.members import Member
from tests.support.synapse import Homeserver


async def handled_in_room(bot: RunningBot, room_id: str) -> list[tuple[str, str]]:
    """The bot's journal for one room: (event id, kind), in the order handled."""
    database = Database(f"sqlite+aiosqlite:///{bot.directory / 'data' / 'kimbot.db'}")
    try:
        async with database.unit_of_work() as uow:
            return [(e.event_id, e.kind) for e in await uow.journal.in_room(room_id)]
    finally:
        await database.dispose()


async def test_commands_sent_around_sigterm_and_sigkill_are_answered_exactly_once(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-restart")
    room = await open_room(people, bot.user_id)
    coord = people["coord"]
    await coord.command(room.room_id, "!setup Lenkungsgruppe", bot.user_id)
    device = json.loads((tmp_path / "bot" / "data" / "session.json").read_text())["device_id"]

    sent: list[str] = []

    async def send_commands(start: int, end: int) -> None:
        for i in range(start, end):
            command = f"!member add @person{i}:localhost org=O{i}"
            sent.append(await coord.send(room.room_id, command))
            await asyncio.sleep(0.05)

    await send_commands(0, 5)
    assert bot.process.stop() == 0, "SIGTERM ends the bot cleanly"
    await send_commands(5, 10)  # while it is down
    bot.process.start()
    await send_commands(10, 15)
    await coord.reply_to(room.room_id, sent[12], bot.user_id)
    bot.process.kill()  # SIGKILL: no chance to tidy up
    await send_commands(15, 20)
    bot.process.start()
    await send_commands(20, 25)
    await coord.reply_to(room.room_id, sent[-1], bot.user_id, within=60)
    await asyncio.sleep(2)  # room for any duplicate to show up
    await coord.sync(timeout_ms=1000)

    for i, event_id in enumerate(sent):
        replies = coord.replies_to(room.room_id, event_id, bot.user_id)
        assert len(replies) == 1, f"command {i} answered {len(replies)} times"
        assert replies[0]["content"]["body"].startswith(f"@person{i}:localhost (O{i}) ist jetzt")
    listing = await coord.command(room.room_id, "!member list", bot.user_id)
    assert "Mitglieder von „Lenkungsgruppe“: 26," in listing.body
    session = json.loads((tmp_path / "bot" / "data" / "session.json").read_text())
    assert session["device_id"] == device, "a restart is not a new device"
    assert bot.process.stop() == 0


async def test_a_burst_larger_than_one_sync_arrives_in_full_and_in_order(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-burst")
    room = await open_room(people, bot.user_id)
    anna = people["anna"]
    setup = await people["coord"].command(room.room_id, "!setup Lenkungsgruppe", bot.user_id)

    # While the bot is down: its next sync sees 200 events, more than one sync delivers.
    # Reactions: each is read and journaled (talk among members is passed by unjournaled).
    assert bot.process.stop() == 0
    offline = [await anna.react(room.room_id, setup.event_id, f"👍{i}") for i in range(200)]
    bot.process.start()
    marker = await anna.send(room.room_id, "!hilfe")
    await anna.reply_to(room.room_id, marker, bot.user_id, within=60)
    handled = [event_id for event_id, _ in await handled_in_room(bot, room.room_id)]
    assert [e for e in handled if e in set(offline)] == offline

    # While it runs: 200 events as fast as a client can send them.
    live = await asyncio.gather(*(anna.react(room.room_id, setup.event_id, f"👏{i}")
                                  for i in range(200)))
    marker = await anna.send(room.room_id, "!hilfe")
    await anna.reply_to(room.room_id, marker, bot.user_id, within=60)
    handled = [event_id for event_id, _ in await handled_in_room(bot, room.room_id)]
    assert set(live) <= set(handled)
    assert len(handled) == len(set(handled)), "no event handled twice"
    assert bot.process.stop() == 0


async def test_history_from_before_the_bot_joined_is_not_answered(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    coord = people["coord"]
    room_id = await coord.create_room([], name="Alter Raum")
    old_command = await coord.send(room_id, "!hilfe")
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-history")
    await coord.invite(room_id, bot.user_id)
    await coord.wait_for_join(room_id, bot.user_id)
    new_command = await coord.send(room_id, "!hilfe")
    await coord.reply_to(room_id, new_command, bot.user_id)
    await asyncio.sleep(1)
    await coord.sync(timeout_ms=500)
    assert coord.replies_to(room_id, old_command, bot.user_id) == []
    assert bot.process.stop() == 0
