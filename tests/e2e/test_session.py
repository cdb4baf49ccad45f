"""A meeting held in the room, end to end: real members arrive (a ✋ on the start message, a
command, a deputy late), the agenda is gone through — an item added during the meeting —, a
statement, an action, a decision by consensus and a poll are recorded under their items, the bot
is killed in the middle and the session goes on, and the minutes say exactly that."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date

from tests.e2e.conftest import open_room, start_bot
from tests.e2e.test_poll_status import shown_when, status_event
from tests.e2e.test_polls import start_poll, this_year
from tests.support.members import Member
from tests.support.synapse import Homeserver

BERLIN = ZoneInfo("Europe/Berlin")
LINK = "https://meet.stadt-beispiel.de/lenkungsgruppe"


async def test_a_meeting_held_in_the_room_with_a_kill_in_the_middle(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-session")
    room = await open_room(people, bot.user_id)
    coord, anna, carla, eve = (people[n] for n in ("coord", "anna", "carla", "eve"))
    await room.say("coord", "!einrichten Lenkungsgruppe")
    await room.say("coord", "!mitglied hinzufügen @anna:localhost org=Jobcenter")
    await room.say("coord", "!mitglied hinzufügen @ben:localhost org=Jobcenter "
                            "deputy-of=@anna:localhost")
    await room.say("coord", "!mitglied hinzufügen @carla:localhost org=Sozialamt")
    await room.say("coord", "!mitglied hinzufügen @eve:localhost org=Caritasverband")
    await room.say("coord", "!mitglied hinzufügen @dora:localhost org=AWO")
    soon = datetime.now(BERLIN) + timedelta(minutes=2)
    await room.say("coord", f"!termin ansetzen {soon:%d.%m.%Y %H:%M} title=Lenkungsgruppe "
                            f"online={LINK}")
    await room.say("coord", "!termin tagesordnung 1 add Bericht der Geschäftsstelle")
    await room.say("coord", "!termin tagesordnung 1 add Haushalt 2027")

    opened = await room.say("coord", "!sitzung beginnen 1")
    assert "Sitzung zu Termin Nr. 1 läuft" in opened
    start = (await coord.wait_for(room.room_id, lambda e: e.get("sender") == room.bot
                                  and e["content"].get("body", "").startswith("Die Sitzung")))[0]
    body = start["content"]["body"]
    assert "TOP 1: Bericht der Geschäftsstelle\nTOP 2: Haushalt 2027" in body
    assert f"Videokonferenz: {LINK}" in body
    began = re.search(r"eröffnet, (\d\d:\d\d) Uhr", body)
    assert began is not None

    await anna.react(room.room_id, start["event_id"], "✋")
    assert "Nicht beschlussfähig: 2 von 4 Sitzen" in await room.say("carla", "!anwesend")
    assert "Beschlussfähig: 3 von 4 Sitzen" in await room.say("eve", "!anwesend")
    assert "TOP 1: Bericht der Geschäftsstelle" in await room.say("coord", "!weiter")
    assert "festgehalten" in await room.say("coord", "!notiz Der Bericht liegt allen vor.")
    action = await room.say("coord", "!aufgabe Zahlen nachreichen @carla:localhost")
    assert "Aufgabe Nr. 1 unter TOP 1" in action
    assert "Zahlen nachreichen" in await room.say("carla", "!punkt liste")

    bot.process.kill()  # in the middle of the meeting
    bot.process.start()
    added = await coord.command(room.room_id, "!top neu Eilantrag Sprachkurse", room.bot,
                                within=90)
    assert "Aufgenommen als TOP 1a: Eilantrag Sprachkurse" in added.body
    assert "TOP 1a" in await room.say("coord", "!top 1a")
    year = this_year()
    agreed = await room.say("coord", "!beschlossen Die Sprachkurse werden verlängert.")
    assert f"Beschluss {year}/001 unter TOP 1a (einvernehmlich)" in agreed
    poll_id, answers = await start_poll(room, '!abstimmung "Wird der Träger beauftragt?"')
    for member in (anna, carla, eve):
        await member.answer_poll(room.room_id, poll_id, answers["Ja"])
    await shown_when(coord, room.room_id, await status_event(coord, room),
                     "Abgestimmt haben 3 von 4 Sitzen")
    assert f"Beschluss {year}/002" in await room.say("coord", "!abstimmung schließen 1")

    assert "hat die Sitzung verlassen" in await room.say("anna", "!abwesend")
    late = await room.say("ben", "!anwesend")
    assert "In Vertretung für" in late and "Beschlussfähig: 3 von 4" in late
    assert "TOP 2: Haushalt 2027" in await room.say("coord", "!weiter")
    listing = await room.say("anna", "!beschluss liste")
    assert f"{year}/001" in listing and f"{year}/002" in listing
    assert "unverändert (geprüfte Einträge: 2)" in await room.say("anna", "!beschluss prüfen")

    ended = await room.say("coord", "!sitzung beenden")
    closed = re.search(r"um (\d\d:\d\d) Uhr geschlossen", ended)
    assert closed is not None
    files = await coord.wait_for(room.room_id, lambda e: e.get("sender") == room.bot
                                 and e["content"].get("msgtype") == "m.file"
                                 and e["content"]["body"].endswith(".md"))
    minutes = (await coord.download(files[-1]["content"]["url"])).decode()
    day = soon.date()
    expected_head = [
        "# Niederschrift: Lenkungsgruppe",
        "",
        f"Lenkungsgruppe · Termin Nr. 1 · {german_day(day)} · Ort: online – Videokonferenz: "
        f"{LINK}",
        f"Beginn: {began.group(1)} Uhr · Ende: {closed.group(1)} Uhr",
        "",
        "## Anwesend",
    ]
    lines = minutes.splitlines()
    assert lines[:6] == expected_head, minutes
    present = lines[6:lines.index("## Abwesend") - 1]
    assert present == [
        "- Caritasverband: @eve:localhost (Mitglied)",
        "- Jobcenter: @anna:localhost (Mitglied)",
        "- Jobcenter: @ben:localhost (in Vertretung für @anna:localhost)",
        "- Kommunales Integrationszentrum: @coord:localhost (Geschäftsstelle)",
        "- Sozialamt: @carla:localhost (Mitglied)",
    ], minutes
    assert lines[lines.index("## Abwesend") + 1] == "- AWO: @dora:localhost (nicht entschuldigt)"
    agenda = lines[lines.index("## Abwesend") + 3:]
    assert agenda == [
        "## Vor Eintritt in die Tagesordnung",
        f"- Um {at_of(minutes, 'beschlussfähig (3')} Uhr festgestellt: beschlussfähig "
        "(3 von 4 Sitzen vertreten).",
        "",
        "## TOP 1: Bericht der Geschäftsstelle",
        "- Festgehalten: Der Bericht liegt allen vor.",
        "- Aufgabe Nr. 1: Zahlen nachreichen (zuständig: @carla:localhost; ohne Frist)",
        "",
        "## TOP 1a: Eilantrag Sprachkurse",
        f"- Beschluss {year}/001 (einvernehmlich): Die Sprachkurse werden verlängert.",
        f"- Abstimmung Nr. 1 „Wird der Träger beauftragt?“: Beschluss {year}/002: einstimmig "
        "angenommen — Ja 3, Nein 0, Enthaltung 0; 3 von 4 Stimmen vertreten; beschlussfähig.",
        # anna left, ben came for her seat — under the item being dealt with then.
        f"- Um {at_of(minutes, 'nicht beschlussfähig')} Uhr festgestellt: nicht beschlussfähig "
        "(2 von 4 Sitzen vertreten).",
        f"- Um {at_of(minutes, 'beschlussfähig (3', last=True)} Uhr festgestellt: "
        "beschlussfähig (3 von 4 Sitzen vertreten).",
        "",
        "## TOP 2: Haushalt 2027",
        "- ohne Eintrag",
        "",
        f"Die Sitzung wurde um {closed.group(1)} Uhr geschlossen.",
    ], minutes
    assert bot.process.stop() == 0


def german_day(day: date) -> str:
    return str(format_date(day, format="full", locale="de_DE"))


def at_of(minutes: str, contains: str, last: bool = False) -> str:
    """The time the minutes give for a statement (times are the real clock's here)."""
    found = re.findall(r"Um (\d\d:\d\d) Uhr festgestellt: " + re.escape(contains), minutes)
    return str(found[-1 if last else 0]) if found else "??:??"
