"""A reminder whose time passes while the bot is down is sent once when it is back."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.e2e.conftest import open_room, start_bot
from tests.e2e.test_meetings import from_bot
from tests.support.members import Member
from tests.support.synapse import Homeserver

BERLIN = ZoneInfo("Europe/Berlin")


async def test_restart_between_scheduling_and_the_reminder(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-reminders")
    room = await open_room(people, bot.user_id)
    await room.say("coord", "!einrichten Lenkungsgruppe")
    await room.say("coord", "!mitglied hinzufügen @anna:localhost org=Jobcenter")
    now = datetime.now(BERLIN)
    start = (now + timedelta(seconds=150)).replace(second=0, microsecond=0)
    remind_at = now + timedelta(seconds=25)
    offset = int((start - remind_at).total_seconds())
    assert "Geändert" in await room.say("coord", f"!gruppe ändern reminders={offset}s")
    await room.say("coord", f"!termin ansetzen {start:%d.%m.%Y %H:%M}")
    assert bot.process.stop() == 0  # down before the reminder is due

    await asyncio.sleep(max(0.0, (remind_at - datetime.now(BERLIN)).total_seconds()) + 3)
    bot.process.start()
    anna = people["anna"]
    reminders = await anna.wait_for(room.room_id, from_bot(room, "Erinnerung ("), within=60)
    assert f"{start:%H:%M}" in reminders[0]["content"]["body"]
    await asyncio.sleep(3)
    await anna.sync(timeout_ms=500)
    assert len([e for e in anna.timeline[room.room_id] if from_bot(room, "Erinnerung (")(e)]) == 1
    assert bot.process.stop() == 0
