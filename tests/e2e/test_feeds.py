"""Calendar feeds over real HTTP: links by direct message, ETag/304, answers, revoke → 404."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import aiohttp
import vobject
from sqlalchemy import text

from storage import Database
from tests.e2e.conftest import Room, RunningBot
from tests.e2e.test_meetings import from_bot
from tests.e2e.test_polls import set_up

BERLIN = ZoneInfo("Europe/Berlin")
LINK = re.compile(r"http://127\.0\.0\.1:\d+/calendar/[A-Za-z0-9_\-]+\.ics")


async def fetch(url: str, etag: str | None = None) -> tuple[int, bytes, Mapping[str, str]]:
    headers = {"If-None-Match": etag} if etag else {}
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as r:
        return r.status, await r.read(), r.headers.copy()  # names case-insensitive


async def test_personal_and_group_feeds(bot: RunningBot, room: Room) -> None:
    await set_up(room, eve_votes=True)
    anna = room.people["anna"]
    day = (datetime.now(BERLIN) + timedelta(days=12)).strftime("%d.%m.%Y")
    await room.say("coord", f'!termin ansetzen {day} 14:00 title="Lenkungsgruppe, Sitzung; 1"')
    announcement = (await anna.wait_for(room.room_id, from_bot(room, "Einladung:")))[-1]

    assert "per Direktnachricht" in await room.say("anna", "!kalender")
    links = LINK.findall((await anna.direct_messages(room.bot))[-1]["content"]["body"])
    personal, group = links
    status, body, headers = await fetch(personal)
    assert status == 200 and headers["Content-Type"].startswith("text/calendar")
    feed = vobject.readOne(body.decode())
    assert feed.x_wr_calname.value.endswith("(persönlich)")
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT30M" in body
    assert feed.vevent.summary.value == "Lenkungsgruppe, Sitzung; 1"
    [me] = feed.vevent.attendee_list
    assert me.value == "matrix:u/anna:localhost" and me.params["PARTSTAT"] == ["NEEDS-ACTION"]
    assert (await fetch(personal, headers["ETag"]))[0] == 304

    await anna.react(room.room_id, announcement["event_id"], "✅")
    await room.say("anna", "!termin teilnahme 1")  # the reaction is handled by now
    status, body, changed = await fetch(personal, headers["ETag"])
    assert status == 200 and changed["ETag"] != headers["ETag"]
    [me] = vobject.readOne(body.decode()).vevent.attendee_list
    assert me.params["PARTSTAT"] == ["ACCEPTED"]

    status, body, _ = await fetch(group)
    people = {a.value for a in vobject.readOne(body.decode()).vevent.attendee_list}
    assert {"matrix:u/anna:localhost", "matrix:u/carla:localhost"} <= people
    await room.say("coord", "!gruppe ändern feed-attendees=nein")
    status, body, _ = await fetch(group)
    assert b"ATTENDEE" not in body

    await room.say("coord", "!termin absagen 1")
    status, body, _ = await fetch(group)
    assert vobject.readOne(body.decode()).vevent.status.value == "CANCELLED"

    assert "funktionieren nicht mehr" in await room.say("anna", "!kalender widerrufen")
    gone = await fetch(personal)
    nowhere = await fetch(personal.rsplit("/", 2)[0] + "/anything")
    assert gone[0] == nowhere[0] == 404 and gone[1] == nowhere[1]
    new_links = LINK.findall((await anna.direct_messages(room.bot, count=2))[-1]["content"]
                             ["body"])
    assert (await fetch(new_links[0]))[0] == 200

    async with aiohttp.ClientSession() as session:
        health_url = f"http://127.0.0.1:{bot.http_port}/healthz"
        async with session.get(health_url) as response:
            assert response.status == 200
            assert await response.json() == {"role": "active", "synced": True,
                                             "database": True}

    database = Database(f"sqlite+aiosqlite:///{bot.directory / 'data' / 'kimbot.db'}")
    try:
        async with database.unit_of_work() as uow:
            stored = (await uow.session.execute(text(
                "SELECT content FROM outbox UNION ALL SELECT token_hash FROM calendar_tokens"
            ))).scalars().all()
    finally:
        await database.dispose()
    tokens = [link.rsplit("/", 1)[1].removesuffix(".ics") for link in links + new_links]
    assert not any(token in str(row) for row in stored for token in tokens), \
        "feed tokens are kept only as hashes"


async def test_a_member_who_left_the_direct_chat_gets_a_new_one(room: Room) -> None:
    await set_up(room)
    carla = room.people["carla"]
    await room.say("carla", "!kalender")
    first = await carla.direct_room(room.bot)
    await carla.client.room_leave(first)
    await carla.client.room_forget(first)
    carla.timeline.pop(first, None)
    await room.say("carla", "!kalender")  # handled after the leave: a new room
    second = await carla.direct_room(room.bot)
    assert second != first
    assert LINK.search((await carla.direct_messages(room.bot))[-1]["content"]["body"])
