"""Meetings end to end: invitations with .ics files, answers by reaction, updates, cancels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import vobject

from tests.e2e.conftest import Room
from tests.e2e.test_polls import set_up
from tests.support.members import Member

BERLIN = ZoneInfo("Europe/Berlin")


def from_bot(room: Room, text: str) -> Any:
    return lambda e: (e.get("sender") == room.bot and e.get("type") == "m.room.message"
                      and text in e["content"].get("body", ""))


async def latest_ics(member: Member, room: Room, count: int) -> vobject.base.Component:
    files = await member.wait_for(
        room.room_id,
        lambda e: e.get("sender") == room.bot and e.get("content", {}).get("msgtype") == "m.file",
        count=count,
    )
    content = files[-1]["content"]
    assert content["info"]["mimetype"].startswith("text/calendar")
    return vobject.readOne((await member.download(content["url"])).decode())


async def test_invitation_answered_by_reactions_then_moved_and_cancelled(room: Room) -> None:
    await set_up(room, eve_votes=True)
    anna, ben, carla = room.people["anna"], room.people["ben"], room.people["carla"]
    start = (datetime.now(BERLIN) + timedelta(days=10)).replace(hour=14, minute=0, second=0,
                                                                 microsecond=0)
    day = start.strftime("%d.%m.%Y")
    scheduled = await room.say("coord", f'!termin ansetzen {day} 14:00 location="Raum 101"')
    assert "Termin Nr. 1" in scheduled and "ist angesetzt" in scheduled

    announcement = (await anna.wait_for(room.room_id, from_bot(room, "Einladung:")))[-1]
    invitation = await latest_ics(anna, room, 1)
    assert invitation.method.value == "REQUEST"
    assert invitation.vevent.dtstart.value.astimezone(UTC) == start.astimezone(UTC)
    uid = invitation.vevent.uid.value

    await anna.react(room.room_id, announcement["event_id"], "✅")
    no = await carla.react(room.room_id, announcement["event_id"], "❌\ufe0f")
    attendance = await room.say("coord", "!termin teilnahme 1")
    assert "Jobcenter: @anna:localhost – Zusage" in attendance
    assert "Sozialamt: @carla:localhost – Absage" in attendance
    assert "1 von 3 Stimmen zugesagt — beschlussfähig ab 2" in attendance

    await carla.redact(room.room_id, no)  # carla takes her answer back
    assert "Sozialamt: @carla:localhost – keine Antwort" in await room.say(
        "coord", "!termin teilnahme 1")

    await anna.react(room.room_id, announcement["event_id"], "❌")  # anna changes her mind
    asked = await ben.wait_for(room.room_id, from_bot(room, "Können Sie den Sitz vertreten"))
    assert asked[0]["content"]["m.mentions"] == {"user_ids": ["@ben:localhost"]}
    assert (await ben.notifications()).get(asked[0]["event_id"]) is True, \
        "ben's client flags the question for him"
    await ben.react(room.room_id, announcement["event_id"], "✅")
    assert "Jobcenter: @anna:localhost – Absage; vertreten durch @ben:localhost" in \
        await room.say("coord", "!termin teilnahme 1")
    listing = (await ben.wait_for(room.room_id, from_bot(room, "vertreten durch @ben")))[-1]
    assert listing["event_id"] not in await ben.notifications(), "naming him is no ping"
    by_command = await room.say("eve", "!zusage 1 ja")
    assert "Ihre Antwort zu Termin Nr. 1" in by_command and ": Zusage." in by_command
    assert "2 von 3 Stimmen zugesagt — beschlussfähig ab 2." in by_command

    later = start + timedelta(days=1, hours=-4)
    moved = await room.say("coord", f"!termin verlegen 1 {later.strftime('%d.%m.%Y')} 10:00")
    assert "ist verlegt" in moved
    update_notice = (await carla.wait_for(room.room_id, from_bot(room, "Verlegt:")))[-1]
    update = await latest_ics(carla, room, 2)
    assert update.vevent.uid.value == uid and int(update.vevent.sequence.value) == 1
    assert update.vevent.dtstart.value.astimezone(UTC) == later.astimezone(UTC)
    await carla.react(room.room_id, update_notice["event_id"], "✅")  # answering the update
    assert "Sozialamt: @carla:localhost – Zusage" in await room.say("coord",
                                                                     "!termin teilnahme 1")

    assert "ist abgesagt" in await room.say("coord", "!termin absagen 1 Krankheit")
    cancel = await latest_ics(anna, room, 3)
    assert cancel.method.value == "CANCEL" and cancel.vevent.status.value == "CANCELLED"
    assert cancel.vevent.uid.value == uid and int(cancel.vevent.sequence.value) == 2
