"""A poll's status message as members' clients show it: edited in place as seats vote,
across a restart, turned into the result — and a burst of votes shown by a handful of edits."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from nio import RoomCreateResponse, RoomPreset

from tests.e2e.conftest import PASSWORD, Room, open_room, start_bot
from tests.e2e.test_polls import start_poll
from tests.support.members import Member
from tests.support.synapse import Homeserver
from tests.support.voters import click, each, join_all, register_voters, seed_members

#: The tests' bots edit a poll's status at most once a second (`poll_status_seconds`).
INTERVAL = 1.0


async def status_event(member: Member, room: Room, number: int = 1) -> str:
    """The event id of poll `number`'s status message (the one message that is no edit)."""
    found = await member.wait_for(
        room.room_id,
        lambda e: e.get("sender") == room.bot and e.get("type") == "m.room.message"
        and e["content"].get("body", "").startswith(f"Abstimmung Nr. {number}:")
        and "m.relates_to" not in e["content"],
    )
    assert len(found) == 1, "one status message per poll"
    return str(found[0]["event_id"])


async def shown_when(member: Member, room_id: str, event_id: str, text: str,
                     within: float = 30) -> str:
    """Sync until the client shows `text` in the (edited) message; what it shows then."""
    deadline = asyncio.get_running_loop().time() + within
    while text not in (shown := member.shown(room_id, event_id)):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"never shown: {text!r}; shown: {shown!r}")
        await member.sync(timeout_ms=500)
    return shown


async def test_the_status_follows_the_seats_across_a_restart_and_ends_in_the_result(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-status")
    room = await open_room(people, bot.user_id)
    anna, ben, carla, eve = (people[n] for n in ("anna", "ben", "carla", "eve"))
    await room.say("coord", "!einrichten Lenkungsgruppe")
    await room.say("coord", "!mitglied hinzufügen @anna:localhost org=Jobcenter")
    await room.say("coord", "!mitglied hinzufügen @ben:localhost org=Jobcenter "
                            "deputy-of=@anna:localhost")
    await room.say("coord", "!mitglied hinzufügen @carla:localhost org=Sozialamt")
    await room.say("coord", "!mitglied hinzufügen @dora:localhost org=Caritasverband")
    outsider = await Member(homeserver.url, homeserver.register("olaf", PASSWORD),
                            PASSWORD).login()
    await people["coord"].invite(room.room_id, outsider.user_id)
    await outsider.join(room.room_id)
    try:
        poll_id, answers = await start_poll(room, '!abstimmung "Wird der Bericht '
                                                  'beauftragt?" deadline=2d')
        status = await status_event(carla, room)
        first = carla.shown(room.room_id, status)
        assert "Abgestimmt haben 0 von 3 Sitzen." in first
        assert "Noch nicht abgestimmt: Caritasverband, Jobcenter, Sozialamt" in first
        assert "(noch 48 Stunden)" in first

        await ben.answer_poll(room.room_id, poll_id, answers["Ja"])  # the deputy, for Jobcenter
        shown = await shown_when(carla, room.room_id, status, "Abgestimmt haben 1 von 3")
        assert "Noch nicht abgestimmt: Caritasverband, Sozialamt" in shown
        assert "es fehlt noch 1 Sitz" in shown and "Ja" not in shown.replace("Jobcenter", "")

        edits_before = len(carla.edits_of(room.room_id, status))
        await outsider.answer_poll(room.room_id, poll_id, answers["Nein"])
        await eve.answer_poll(room.room_id, poll_id, answers["Nein"])
        await outsider.direct_messages(room.bot)  # the outsider's click was read and refused
        await asyncio.sleep(3 * INTERVAL)
        await carla.sync(timeout_ms=500)
        assert len(carla.edits_of(room.room_id, status)) == edits_before, \
            "clicks of people without a seat change nothing"

        bot.process.kill()  # mid-poll
        await carla.answer_poll(room.room_id, poll_id, answers["Nein"])  # while the bot is down
        bot.process.start()
        shown = await shown_when(carla, room.room_id, status, "Abgestimmt haben 2 von 3", 90)
        assert "Beschlussfähig (ab 2 Sitzen): ja." in shown
        assert "Noch nicht abgestimmt: Caritasverband" in shown

        await room.say("coord", "!abstimmung schließen 1")
        shown = await shown_when(carla, room.room_id, status, "Abgeschlossen: Beschluss")
        assert "abgelehnt — Ja 1, Nein 1, Enthaltung 0; 2 von 3 Stimmen vertreten" in shown

        await asyncio.sleep(2 * INTERVAL)
        await carla.sync(timeout_ms=500)
        await status_event(carla, room)  # still one status message, never a second
        edits = carla.edits_of(room.room_id, status)
        assert 3 <= len(edits) <= 6
        assert all(e["content"]["body"].startswith("* ") for e in edits)
        # Another member's client sees the same as carla's.
        await anna.sync(timeout_ms=500)
        assert anna.shown(room.room_id, status) == carla.shown(room.room_id, status)
    finally:
        await outsider.close()
        if bot.process.running():
            assert bot.process.stop() == 0


async def test_a_burst_of_300_votes_is_shown_by_a_handful_of_edits(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-burst")
    coord = people["coord"]
    # A public room, so that three hundred can join without an invitation each.
    created = await coord.client.room_create(name="Haushalt", preset=RoomPreset.public_chat,
                                             invite=[bot.user_id])
    assert isinstance(created, RoomCreateResponse), created
    await coord.wait_for_join(created.room_id, bot.user_id)
    room = Room(created.room_id, bot.user_id, {"coord": coord})
    await room.say("coord", "!einrichten Lenkungsgruppe")
    await room.say("coord", "!mitglied hinzufügen @anna:localhost org=Jobcenter")  # never votes
    voters = await asyncio.to_thread(register_voters, homeserver, 300, "statusburst")
    await join_all(homeserver.url, room.room_id, voters)
    await seed_members(f"sqlite+aiosqlite:///{bot.directory / 'data' / 'kimbot.db'}",
                       room.room_id, voters)
    # Every join is an event the bot reads; the burst starts once it has caught up.
    await coord.command(room.room_id, "!status", bot.user_id, within=300)
    try:
        poll_id, answers = await start_poll(room, '!abstimmung "Haushalt 2027?" deadline=2h')
        status = await status_event(coord, room)
        assert "Abgestimmt haben 0 von 301 Sitzen." in coord.shown(room.room_id, status)

        labels = ("Ja", "Nein", "Enthaltung")

        async def vote(session: Any, voter: Any, index: int) -> None:
            await click(session, homeserver.url, room.room_id, voter, poll_id,
                        answers[labels[index % 3]])

        started = time.monotonic()
        await each(voters, vote)
        sent = time.monotonic()
        shown = await shown_when(coord, room.room_id, status,
                                 "Abgestimmt haben 300 von 301 Sitzen.", within=120)
        seen = time.monotonic()
        assert "Noch nicht abgestimmt: Jobcenter" in shown
        assert "Beschlussfähig (ab 151 Sitzen): ja." in shown
        assert "Zwischenstand" not in shown  # the group did not choose the live tally

        await asyncio.sleep(3 * INTERVAL)  # nothing more is coming
        await coord.sync(timeout_ms=500)
        edits = await coord.edits_on_server(room.room_id, status)
        # At most one edit per interval while the votes came in and were read, plus the first
        # one at once and the last; far fewer than the 300 votes.
        bound = int((seen - started) / INTERVAL) + 2
        assert 2 <= len(edits) <= bound, (len(edits), bound)
        assert len(edits) < 60
        assert coord.shown(room.room_id, status) == shown, "the last state stays"
        print(f"300 votes sent in {sent - started:.1f} s, all shown after "
              f"{seen - started:.1f} s, by {len(edits)} edits")
    finally:
        if bot.process.running():
            assert bot.process.stop() == 0


async def test_the_nudge_mentions_only_the_seats_that_have_not_voted(room: Room) -> None:
    anna, ben, carla = (room.people[n] for n in ("anna", "ben", "carla"))
    await room.say("coord", "!einrichten Lenkungsgruppe")
    await room.say("coord", "!mitglied hinzufügen @anna:localhost org=Jobcenter")
    await room.say("coord", "!mitglied hinzufügen @ben:localhost org=Jobcenter "
                            "deputy-of=@anna:localhost")
    await room.say("coord", "!mitglied hinzufügen @carla:localhost org=Sozialamt")
    await room.say("coord", "!mitglied hinzufügen @dora:localhost org=Caritasverband")
    assert "Erinnerung vor Abstimmungsfristen: 1m" in await room.say(
        "coord", "!gruppe ändern poll-nudge=60s")
    poll_id, answers = await start_poll(room, '!abstimmung "Bald vorbei?" deadline=75s')
    await ben.answer_poll(room.room_id, poll_id, answers["Ja"])  # Jobcenter's seat, by deputy
    nudges = await carla.wait_for(
        room.room_id, lambda e: e.get("sender") == room.bot
        and e["content"].get("body", "").startswith("Erinnerung: Abstimmung Nr. 1"), within=60)
    body = nudges[0]["content"]["body"]
    assert "• Caritasverband: @dora:localhost" in body and "• Sozialamt: @carla:localhost" in body
    assert "Jobcenter" not in body and "(noch 1 Minute)" in body
    assert sorted(nudges[0]["content"]["m.mentions"]["user_ids"]) == [
        "@carla:localhost", "@dora:localhost"]
    nudge = nudges[0]["event_id"]
    assert (await carla.notifications()).get(nudge) is True, "carla's client flags it for her"
    assert (await anna.notifications()).get(nudge) is not True, "not meant for anna"
    await asyncio.sleep(3)
    await anna.sync(timeout_ms=500)
    assert len([e for e in anna.timeline[room.room_id] if e.get("sender") == room.bot
                and e["content"].get("body", "").startswith("Erinnerung: Abstimmung")]) == 1
