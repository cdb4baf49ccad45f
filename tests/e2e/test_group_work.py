"""The group's work between meetings, end to end: items, finding a date, minutes, report."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.e2e.conftest import Room
from tests.e2e.test_meetings import from_bot
from tests.e2e.test_polls import set_up

BERLIN = ZoneInfo("Europe/Berlin")
POLL_START = "org.matrix.msc3381.poll.start"


async def test_items_through_their_life(room: Room) -> None:
    await set_up(room)
    added = await room.say("anna", "!punkt hinzufügen Sprachkursbericht vorlegen org=Jobcenter")
    assert "Punkt Nr. 1 ist notiert" in added
    assert "ist jetzt bei @carla:localhost" in await room.say("coord",
                                                               "!punkt zuweisen 1 @carla:localhost")
    assert "Notiz zu Punkt Nr. 1" in await room.say("carla", "!punkt notiz 1 Entwurf fertig")
    assert "liegt bei @carla:localhost" in await room.say("ben", "!punkt erledigt 1")
    assert "ist erledigt" in await room.say("carla", "!punkt erledigt 1")
    history = await room.say("anna", "!punkt zeigen 1")
    assert "angelegt von @anna:localhost" in history and "Notiz von @carla:localhost" in history
    assert "erledigt (@carla:localhost)" in history


async def test_a_date_is_found_by_clicking_and_scheduled(room: Room) -> None:
    await set_up(room, eve_votes=True)
    anna, carla, eve = room.people["anna"], room.people["carla"], room.people["eve"]
    base = (datetime.now(BERLIN) + timedelta(days=14)).replace(hour=14, minute=0, second=0,
                                                               microsecond=0)
    slots = [base, base + timedelta(days=1), base + timedelta(days=2)]
    words = " ".join(f"{s:%d.%m.%Y %H:%M}" for s in slots)
    assert "Terminfindung Nr. 1 mit 3 Terminen" in await room.say(
        "coord", f'!termin finden {words} title="Klausurtagung"')
    poll = (await anna.wait_for(room.room_id, lambda e: e.get("type") == POLL_START))[-1]
    ids = [a["id"] for a in poll["content"][POLL_START]["answers"]]
    await anna.answer_poll(room.room_id, poll["event_id"], ids[1], ids[2])
    await carla.answer_poll(room.room_id, poll["event_id"], ids[2], stable=True)
    await eve.answer_poll(room.room_id, poll["event_id"], ids[0], ids[2])
    closed = await room.say("coord", "!termin finden schließen 1")
    assert f"{slots[2]:%H:%M}" in closed and "(3 von 3 Sitzen)" in closed
    invitation = await anna.wait_for(room.room_id, from_bot(room, "Einladung: Klausurtagung"))
    assert slots[2].strftime("%Y") in invitation[0]["content"]["body"]


async def test_minutes_and_participation_of_a_meeting(room: Room) -> None:
    await set_up(room, eve_votes=True)
    # The next full minute at least 30 s ahead: the report counts meetings that took place.
    soon = (datetime.now(BERLIN) + timedelta(seconds=90)).replace(second=0, microsecond=0)
    await room.say("coord", f"!termin ansetzen {soon:%d.%m.%Y %H:%M} duration=30m")
    await room.say("anna", "!zusage 1 nein")
    await room.say("carla", "!zusage 1 ja")
    await room.say("coord", "!termin anwesend 1 @ben:localhost @carla:localhost")
    await room.say("coord", "!beschluss erfassen Der Haushaltsansatz wird bestätigt.")
    summary = await room.say("coord", "!termin niederschrift 1")
    assert "2 anwesend, 1 Beschlüsse" in summary
    await asyncio.sleep(max(0.0, (soon - datetime.now(BERLIN)).total_seconds()) + 1)
    report = await room.say("anna", "!bericht beteiligung")
    # Anna declined; Ben, her deputy, came.
    assert ("• Jobcenter: eingeladen 1, teilgenommen 1 (davon 1 durch Vertretung), abgesagt 0, "
            "ohne Antwort 0") in report
    assert ("• Sozialamt: eingeladen 1, teilgenommen 1") in report
    assert ("• Caritasverband: eingeladen 1, teilgenommen 0, abgesagt 0, ohne Antwort 1") \
        in report
    anna = room.people["anna"]
    files = await anna.wait_for(room.room_id, lambda e: e.get("content", {}).get(
        "body", "").endswith(".csv"))
    csv_text = (await anna.download(files[-1]["content"]["url"])).decode("utf-8-sig")
    assert "Lenkungsgruppe;Jobcenter;1;1;0;0;0;1" in csv_text
    images = await anna.wait_for(room.room_id, lambda e: e.get("content", {}).get(
        "msgtype") == "m.image")
    image = images[-1]["content"]
    assert image["info"]["mimetype"] == "image/png" and image["info"]["w"] == 800
    assert image["body"].startswith("Balkendiagramm „Beteiligung der Organisationen“")
    assert "Caritasverband: persönlich teilgenommen 0, teilgenommen durch Vertretung 0" \
        in image["body"]
    png = await anna.download(image["url"])
    assert png.startswith(b"\x89PNG") and len(png) == image["info"]["size"]
