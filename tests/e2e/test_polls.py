"""Decision polls end to end: real members click the native poll the bot sends."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text

from storage import Database
from tests.e2e.conftest import Room, RunningBot, open_room, start_bot
from tests.support.members import Member
from tests.support.synapse import Homeserver

POLL_START = "org.matrix.msc3381.poll.start"
POLL_END = "org.matrix.msc3381.poll.end"


def this_year() -> int:
    return datetime.now(ZoneInfo("Europe/Berlin")).year


async def kimbot(*args: str) -> tuple[int, str]:
    """Run the `kimbot` command line as an operator would; its exit code and output."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, stdout=asyncio.subprocess.PIPE
    )
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode()


async def set_up(room: Room, *, eve_votes: bool = False) -> None:
    await room.say("coord", "!einrichten Lenkungsgruppe")
    await room.say("coord", "!mitglied hinzufügen @anna:localhost org=Jobcenter")
    await room.say("coord", "!mitglied hinzufügen @ben:localhost org=Jobcenter "
                            "deputy-of=@anna:localhost")
    await room.say("coord", "!mitglied hinzufügen @carla:localhost org=Sozialamt")
    if eve_votes:
        await room.say("coord", "!mitglied hinzufügen @eve:localhost org=Caritasverband")


async def start_poll(room: Room, command: str) -> tuple[str, dict[str, str]]:
    """Start a poll; returns its event id and its answers as label → id."""
    coord = room.people["coord"]
    started = await room.say("coord", command)
    assert "läuft" in started, started
    polls = await coord.wait_for(
        room.room_id, lambda e: e.get("type") == POLL_START and e.get("sender") == room.bot
    )
    poll = polls[-1]
    answers = poll["content"][POLL_START]["answers"]
    return poll["event_id"], {a["org.matrix.msc1767.text"]: a["id"] for a in answers}


async def result_message(member: Member, room: Room, contains: str,
                         within: float = 30) -> list[dict[str, Any]]:
    return await member.wait_for(
        room.room_id,
        lambda e: e.get("sender") == room.bot and e.get("type") == "m.room.message"
        and contains in e["content"].get("body", ""),
        within=within,
    )


async def test_members_decide_by_clicking_the_native_poll(room: Room) -> None:
    await set_up(room)
    anna, ben, carla, eve = (room.people[n] for n in ("anna", "ben", "carla", "eve"))
    poll_id, answers = await start_poll(room, '!abstimmung "Soll der Bericht beauftragt werden?"')
    assert list(answers) == ["Ja", "Nein", "Enthaltung"]

    await ben.answer_poll(room.room_id, poll_id, answers["Ja"])  # the deputy, first
    await eve.answer_poll(room.room_id, poll_id, answers["Ja"], stable=True)  # no member
    await eve.answer_poll(room.room_id, poll_id, answers["Nein"])
    await anna.answer_poll(room.room_id, poll_id, answers["Nein"], stable=True)
    await anna.answer_poll(room.room_id, poll_id, answers["Enthaltung"])  # changes her mind
    shown = await room.say("coord", "!abstimmung zeigen 1")
    assert "Abgestimmt haben 1 von 2 Sitzen" in shown
    assert "Noch nicht abgestimmt: Sozialamt" in shown

    vote = await room.say("carla", "!abstimmen 1 ja")  # the last seat: the poll closes
    assert "gezählt: Ja" in vote
    year = this_year()
    result = await result_message(carla, room, f"Beschluss {year}/001")
    assert (
        f"Beschluss {year}/001: einstimmig angenommen — Ja 1, Nein 0, Enthaltung 1; "
        "2 von 2 Stimmen vertreten; beschlussfähig." in result[0]["content"]["body"]
    )
    ends = await carla.wait_for(room.room_id, lambda e: e.get("type") == POLL_END)
    assert ends[0]["sender"] == room.bot
    assert ends[0]["content"]["m.relates_to"] == {"rel_type": "m.reference", "event_id": poll_id}

    shown = await room.say("anna", f"!beschluss zeigen {year}/001")
    assert "Jobcenter: @anna:localhost – Enthaltung" in shown and "@ben:localhost" not in shown
    told = await eve.direct_messages(room.bot)
    await asyncio.sleep(1)
    await eve.sync(timeout_ms=500)
    told = await eve.direct_messages(room.bot)
    assert len(told) == 1, "an outsider is told once, however often they click"
    assert "kein Mitglied dieser Gruppe" in told[0]["content"]["body"]


async def test_the_deadline_closes_the_poll(room: Room) -> None:
    await set_up(room, eve_votes=True)
    anna, carla = room.people["anna"], room.people["carla"]
    poll_id, answers = await start_poll(room, '!poll "Kurz befristet?" deadline=6s')
    await anna.answer_poll(room.room_id, poll_id, answers["Ja"])
    await carla.answer_poll(room.room_id, poll_id, answers["Nein"], stable=True)
    result = await result_message(anna, room, "ist beendet", within=30)
    assert "abgelehnt — Ja 1, Nein 1, Enthaltung 0; 2 von 3 Stimmen vertreten; beschlussfähig" \
        in result[0]["content"]["body"]
    assert "bereits beendet" in await room.say("eve", "!vote 1 ja")


async def test_a_killed_bot_still_closes_at_the_deadline_counting_what_came_before(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-polls")
    room = await open_room(people, bot.user_id)
    await set_up(room, eve_votes=True)
    anna, carla, eve = people["anna"], people["carla"], people["eve"]
    poll_id, answers = await start_poll(room, '!poll "Trotz Ausfall?" deadline=15s')
    started = asyncio.get_running_loop().time()
    await anna.answer_poll(room.room_id, poll_id, answers["Ja"])
    bot.process.kill()  # during the vote
    await carla.answer_poll(room.room_id, poll_id, answers["Nein"])  # while down, in time
    await asyncio.sleep(max(0.0, 17 - (asyncio.get_running_loop().time() - started)))
    await eve.answer_poll(room.room_id, poll_id, answers["Ja"])  # after the deadline
    bot.process.start()

    results = await result_message(anna, room, "ist beendet", within=60)
    assert "abgelehnt — Ja 1, Nein 1, Enthaltung 0; 2 von 3 Stimmen vertreten" \
        in results[0]["content"]["body"]
    await asyncio.sleep(2)
    await anna.sync(timeout_ms=500)
    assert len(await result_message(anna, room, "ist beendet")) == 1, "announced once"

    config = bot.directory / "config.toml"
    code, output = await kimbot("verify-log", "-c", str(config))
    assert code == 0 and "1 entries, chain intact" in output
    assert bot.process.stop() == 0
    database = Database(f"sqlite+aiosqlite:///{bot.directory / 'data' / 'kimbot.db'}")
    try:
        async with database.unit_of_work() as uow:
            assert (await uow.session.execute(text("SELECT count(*) FROM decisions"))).scalar() == 1
            await uow.session.execute(text("UPDATE decisions SET outcome = 'adopted'"))
    finally:
        await database.dispose()
    code, output = await kimbot("verify-log", "-c", str(config))
    assert code == 1
    assert f"BROKEN at decision {this_year()}/001" in output


async def test_a_second_start_from_the_same_place_is_not_handed_the_first_starts_sync(
    homeserver: Homeserver, people: dict[str, Member], tmp_path: Path
) -> None:
    """Synapse answers a /sync it was asked in the last two minutes (same position, same
    parameters) from its cache. A bot that died right after reading its first sync — before
    it handled anything — and is started again asks from the same position: handed the old
    answer, it took itself for caught up, and the deadline closed the poll before an answer
    sent in between, in time, was read (found by `make test-faults`)."""
    bot = start_bot(homeserver, tmp_path / "bot", "kimbot-restarts")
    room = await open_room(people, bot.user_id)
    await set_up(room, eve_votes=True)
    anna, carla = people["anna"], people["carla"]
    poll_id, answers = await start_poll(room, '!poll "Nach zwei Starts?" deadline=15s')
    started = asyncio.get_running_loop().time()
    bot.process.kill()
    await anna.answer_poll(room.room_id, poll_id, answers["Ja"])
    bot.process.start(fault="sync_received:1")  # reads a sync with Anna's answer, and dies
    assert bot.process.process is not None
    await asyncio.to_thread(bot.process.process.wait, 60)
    await carla.answer_poll(room.room_id, poll_id, answers["Nein"])  # in time
    await asyncio.sleep(max(0.0, 17 - (asyncio.get_running_loop().time() - started)))
    bot.process.start()  # after the deadline, from the same position

    results = await result_message(anna, room, "ist beendet", within=60)
    assert "Ja 1, Nein 1, Enthaltung 0; 2 von 3 Stimmen vertreten" \
        in results[0]["content"]["body"]
    assert bot.process.stop() == 0


async def test_only_the_bots_poll_is_read(bot: RunningBot, room: Room) -> None:
    """A poll started by a member is theirs: the bot neither counts it nor answers clicks."""
    await set_up(room)
    anna = room.people["anna"]
    poll_id = await anna.send_event(room.room_id, POLL_START, {
        POLL_START: {"kind": "org.matrix.msc3381.poll.disclosed", "max_selections": 1,
                     "question": {"org.matrix.msc1767.text": "Mittagessen?"},
                     "answers": [{"id": "a", "org.matrix.msc1767.text": "Pizza"}]},
        "org.matrix.msc1767.text": "Mittagessen?",
    })
    await room.people["eve"].answer_poll(room.room_id, poll_id, "a")
    assert "Zurzeit läuft keine Abstimmung" in await room.say("anna", "!abstimmung zeigen")
    assert bot.process.running()


async def test_a_secret_poll_is_voted_by_direct_message(bot: RunningBot, room: Room) -> None:
    await set_up(room)
    anna, ben, carla = room.people["anna"], room.people["ben"], room.people["carla"]
    announced = await room.say("coord", '!abstimmung "Geheime Frage?" geheim')
    assert "Abstimmung Nr. 1 läuft" in announced
    await anna.wait_for(room.room_id, lambda e: "Stimmzettel per Direktnachricht" in
                        e.get("content", {}).get("body", ""))
    assert not anna.events(room.room_id, POLL_START), "a secret poll is no native poll"

    ballot_room = await carla.direct_room(room.bot)
    ballot_event = (await carla.direct_messages(room.bot))[0]
    ballot = ballot_event["content"]["body"]
    assert "Stimmzettel – geheime Abstimmung Nr. 1" in ballot and "Geheime Frage?" in ballot
    # Encrypted: the homeserver notifies her devices, her client decides on the highlight
    # from what it decrypts — a text mentioning her (a notice would be silenced).
    assert ballot_event["event_id"] in await carla.notifications()
    assert ballot_event["content"]["msgtype"] == "m.text"
    assert ballot_event["content"]["m.mentions"] == {"user_ids": ["@carla:localhost"]}
    cast = await carla.command(ballot_room, "!abstimmen 1 nein", room.bot)
    assert "ist abgegeben" in cast.body and "Nein" not in cast.body
    deputy_room = await ben.direct_room(room.bot)
    assert "Stellvertretung für @anna:localhost" in (
        await ben.direct_messages(room.bot))[0]["content"]["body"]
    await ben.command(deputy_room, "!abstimmen 1 ja", room.bot)  # the last seat

    year = this_year()
    result = await result_message(anna, room, f"Beschluss {year}/")
    assert "abgelehnt — Ja 1, Nein 1, Enthaltung 0; 2 von 2 Stimmen vertreten" \
        in result[0]["content"]["body"]
    shown = await room.say("anna", "!beschluss zeigen 1")
    assert "Geheime Frage?" in shown and "Stimmen:" not in shown
    assert "@carla" not in shown and "@ben" not in shown
    log = bot.process.log.read_text(errors="replace")
    assert "abstimmen 1" not in log and "Geheime Frage" not in log, "no message text in logs"


async def test_a_written_procedure_with_an_objection_is_sent_to_the_meeting(room: Room) -> None:
    await set_up(room)
    anna, carla = room.people["anna"], room.people["carla"]
    poll_id, answers = await start_poll(room, '!abstimmung "Bericht im Umlauf?" mode=umlauf')
    assert list(answers) == ["Zustimmung", "Widerspruch", "Enthaltung"]
    await anna.answer_poll(room.room_id, poll_id, answers["Zustimmung"])
    await carla.answer_poll(room.room_id, poll_id, answers["Widerspruch"], stable=True)
    result = await result_message(anna, room, "ist beendet")
    body = result[0]["content"]["body"]
    assert "(Umlaufverfahren): abgelehnt — Zustimmung 1, Widerspruch 1" in body
    assert "steht auf der Tagesordnung der nächsten Sitzung" in body
