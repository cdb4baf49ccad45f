"""A backup taken while members keep sending commands, then a restore with the bot stopped:
the device is the same, the decision log verifies, and every command was answered exactly
once — also those sent between the backup and the restore, which the bot does not read again."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from tests.e2e.conftest import RunningBot, open_room, start_bot
from tests.support.members import Member
from tests.support.synapse import Homeserver


async def kimbot(*args: str) -> tuple[int, str]:
    """The `kimbot` command line as an operator runs it; its exit code and what it printed."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT)
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode()


async def test_a_backup_while_the_group_works_and_a_restore(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-backup")
    try:
        await _backup_and_restore(bot, people, tmp_path)
    finally:
        if bot.process.running():
            bot.process.kill()


async def _backup_and_restore(bot: RunningBot, people: dict[str, Member],
                              tmp_path: Path) -> None:
    config = str(bot.directory / "config.toml")
    room = await open_room(people, bot.user_id)
    coord = people["coord"]
    await room.say("coord", "!einrichten Lenkungsgruppe")
    await room.say("coord", "!beschluss erfassen Die Geschäftsordnung gilt.")
    device = json.loads((bot.directory / "data" / "session.json").read_text())["device_id"]
    sent: list[str] = []

    async def commands(start: int, end: int) -> None:
        for n in range(start, end):
            sent.append(await coord.send(room.room_id, f"!punkt hinzufügen Punkt {n}"))
            await asyncio.sleep(0.2)

    archive = tmp_path / "kimbot-backup.tar.gz"
    backed_up = asyncio.Event()

    async def while_backing_up() -> None:
        n = 0
        while not backed_up.is_set():
            await commands(n, n + 1)
            n += 1

    sending = asyncio.create_task(while_backing_up())
    await asyncio.sleep(0.5)
    code, output = await kimbot("backup", str(archive), "-c", config)  # commands keep coming
    backed_up.set()
    await sending
    assert code == 0, output
    assert "database/kimbot.db" in output and "session.json" in output and "crypto/" in output
    during = len(sent)
    await commands(during, during + 3)  # surely after the backup
    await coord.reply_to(room.room_id, sent[-1], room.bot, within=60)
    assert bot.process.stop() == 0

    code, output = await kimbot("restore", str(archive), "-c", config)
    assert code == 0, output
    assert "starts from the present" in output
    bot.process.start()
    await commands(during + 3, during + 6)
    await coord.reply_to(room.room_id, sent[-1], room.bot, within=90)
    await asyncio.sleep(3)  # room for anything answered twice to show up
    await coord.sync(timeout_ms=1000)

    for n, event_id in enumerate(sent):
        replies = coord.replies_to(room.room_id, event_id, room.bot)
        assert len(replies) == 1, f"command {n} answered {len(replies)} times"
    after = json.loads((bot.directory / "data" / "session.json").read_text())["device_id"]
    assert after == device, "the device is the same after the restore"
    code, output = await kimbot("verify-log", "-c", config)
    assert code == 0 and "chain intact" in output, output
    # What the group did after the backup is gone with the restore (the README says so), what
    # it did before — a consistent state: the first commands, in order — and since is there.
    listing = await room.say("coord", "!punkt liste")
    kept = [n for n in range(during + 3) if f": Punkt {n} –" in listing]
    assert kept == list(range(len(kept))) and len(kept) < during + 3, listing
    assert all(f": Punkt {n} –" in listing for n in range(during + 3, during + 6)), listing
    assert bot.process.stop() == 0


async def test_a_running_bot_is_not_restored_over(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-norestore")
    config = str(bot.directory / "config.toml")
    await open_room(people, bot.user_id)
    archive = tmp_path / "backup.tar.gz"
    code, _ = await kimbot("backup", str(archive), "-c", config)
    assert code == 0
    refused = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "restore", str(archive), "-c", config,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, error = await refused.communicate()
    assert refused.returncode == 2, error
    assert "the bot is running on this data" in error.decode()
    assert "stop it first" in error.decode()
    assert bot.process.stop() == 0
