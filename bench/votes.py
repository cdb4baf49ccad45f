"""Votes and answers in bulk: a thousand seats click a native poll, a thousand react to an
invitation — all counted, none twice, the result soon after the last click.

The homeserver takes a thousand clicks in a room of a thousand members at its own pace (on this
machine 50–100 per second: it evaluates push rules for every member per event), so the time
from the first click to the result is compared with the time the homeserver took to accept the
clicks: the bot must keep up with it, and post the result within 2 s of the last click.

Each voter is a registered Synapse user who has joined the room and sends what Element sends
(`org.matrix.msc3381.poll.response`, `m.reaction` ✅/❌), straight over the client-server API
(raw HTTP: a thousand full clients would measure the clients). The group's members are written
into the bot's database beside it, as `!mitglied hinzufügen` would — a thousand commands would
measure the commands. Sizes 100, 300 and 1,000 show how the cost grows; the bot's CPU seconds
are read from /proc.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import aiohttp
from nio import RoomCreateResponse, RoomPreset

from bench.report import Better, Figure
from tests.support.botprocess import BotProcess, write_bot_config
from tests.support.members import Member
from tests.support.synapse import Homeserver
from tests.support.voters import TXN, Voter, each, join_all, register_voters, request, seed_members

PASSWORD = "bench-password"
SIZES = (100, 300, 1000)
POLL_START = "org.matrix.msc3381.poll.start"
#: The product's shortest time between two edits of a poll's status (seconds).
STATUS_INTERVAL = 5


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def choice(index: int) -> str:
    """60 % Ja, 30 % Nein, 10 % Enthaltung."""
    return "Ja" if index % 10 < 6 else "Nein" if index % 10 < 9 else "Enthaltung"


async def one_size(server: Homeserver, coordinator: Member, bot_user: str, bot: BotProcess,
                   database_url: str, voters: list[Voter]) -> list[Figure]:
    size = len(voters)
    created = await coordinator.client.room_create(
        name=f"Abstimmung {size}", preset=RoomPreset.public_chat, invite=[bot_user])
    assert isinstance(created, RoomCreateResponse), created
    room_id = created.room_id
    await coordinator.wait_for_join(room_id, bot_user, within=60)
    await coordinator.command(room_id, f"!einrichten Abstimmung-{size}", bot_user)

    base = f"{server.url}/_matrix/client/v3/rooms/{quote(room_id)}"

    joining = time.perf_counter()
    await join_all(server.url, room_id, voters)
    await seed_members(database_url, room_id, voters)
    # Every join is an event the bot reads; let it catch up before the clock starts.
    await coordinator.command(room_id, "!status", bot_user, within=300)
    joined = time.perf_counter() - joining

    pid = bot.process.pid if bot.process else 0
    reply = await coordinator.command(room_id, '!abstimmung "Beschluss zum Bericht?" '
                                      'deadline=2h', bot_user)
    assert "Abstimmung Nr." in reply.body, reply.body
    poll = (await coordinator.wait_for(
        room_id, lambda e: e.get("type") == POLL_START and e.get("sender") == bot_user))[-1]
    answer_ids = {a["org.matrix.msc1767.text"]: a["id"]
                  for a in poll["content"][POLL_START]["answers"]}

    async def vote(session: aiohttp.ClientSession, voter: Voter, index: int) -> None:
        content = {"m.relates_to": {"rel_type": "m.reference", "event_id": poll["event_id"]},
                   "org.matrix.msc3381.poll.response": {"answers": [answer_ids[choice(index)]]}}
        await request(session, "PUT", f"{base}/send/org.matrix.msc3381.poll.response/"
                      f"v{next(TXN)}", voter, content)

    cpu_before, started = cpu_seconds(pid), time.perf_counter()
    await each(voters, vote)
    sent = time.perf_counter()
    result = (await coordinator.wait_for(
        room_id, lambda e: e.get("sender") == bot_user and "Beschluss 20" in
        e.get("content", {}).get("body", ""), within=300))[-1]["content"]["body"]
    done = time.perf_counter()
    cpu_votes = cpu_seconds(pid) - cpu_before
    expected = {name: sum(1 for i in range(size) if choice(i) == name)
                for name in ("Ja", "Nein", "Enthaltung")}
    counted = {name: int(m.group(1)) if (m := re.search(rf"{name} (\d+)", result)) else -1
               for name in expected}

    # The status message, edited as the votes came in: a handful of edits, the last with the
    # result (at most one per `poll_status_seconds` = 5 s, plus the first and the result).
    status = (await coordinator.wait_for(
        room_id, lambda e: e.get("sender") == bot_user and e.get("type") == "m.room.message"
        and e["content"].get("body", "").startswith("Abstimmung Nr. 1:")
        and "m.relates_to" not in e["content"]))[0]["event_id"]
    waited = time.perf_counter()
    while "Abgeschlossen:" not in coordinator.shown(room_id, status) \
            and time.perf_counter() - waited < 60:
        await coordinator.sync(timeout_ms=1000)
    status_edits = len(await coordinator.edits_on_server(room_id, status))
    edit_bound = int((time.perf_counter() - started) / STATUS_INTERVAL) + 2

    # The same seats answer an invitation with reactions; the forecast must agree.
    day = (date.today() + timedelta(days=40)).strftime("%d.%m.%Y")
    await coordinator.command(room_id, f"!termin ansetzen {day} 14:00", bot_user)
    invitation = (await coordinator.wait_for(
        room_id, lambda e: e.get("sender") == bot_user and "Einladung:" in
        e.get("content", {}).get("body", "")))[-1]

    async def react(session: aiohttp.ClientSession, voter: Voter, index: int) -> None:
        key = "✅" if index % 10 < 6 else "❌"
        content = {"m.relates_to": {"rel_type": "m.annotation",
                                    "event_id": invitation["event_id"], "key": key}}
        await request(session, "PUT", f"{base}/send/m.reaction/r{next(TXN)}", voter, content)

    cpu_before, react_started = cpu_seconds(pid), time.perf_counter()
    await each(voters, react)
    reacted = time.perf_counter()
    attendance = await coordinator.command(room_id, "!termin teilnahme 1", bot_user,
                                           within=300)
    answered = time.perf_counter()
    cpu_reactions = cpu_seconds(pid) - cpu_before
    yes = sum(1 for i in range(size) if i % 10 < 6)
    forecast_right = f"{yes} von {size} Stimmen zugesagt" in attendance.body
    if not forecast_right:
        print("  forecast:", attendance.body.splitlines()[-1], flush=True)

    print(f"  {size} seats: joined in {joined:.1f} s; votes sent in {sent - started:.1f} s, "
          f"result after "
          f"{done - sent:.2f} s, counted {counted} (expected {expected}); reactions sent in "
          f"{reacted - react_started:.1f} s, forecast {'right' if forecast_right else 'WRONG'}",
          flush=True)
    at_target = size == SIZES[-1]
    return [
        Figure(f"votes, {size} seats: counted exactly (Ja/Nein/Enthaltung)",
               float(counted == expected), "", limit=1.0, better=Better.HIGHER),
        Figure(f"votes, {size} seats: first click → result", done - started, "s",
               sent - started, "homeserver taking the clicks", target=1.25),
        Figure(f"votes, {size} seats: last click → result", done - sent, "s",
               limit=2.0 if at_target else None),
        Figure(f"votes, {size} seats: bot CPU per 1,000 answers", cpu_votes * 1000 / size, "s"),
        Figure(f"votes, {size} seats: edits of the poll's status", status_edits, "",
               limit=edit_bound),
        Figure(f"reactions, {size} seats: forecast right", float(forecast_right), "",
               limit=1.0, better=Better.HIGHER),
        Figure(f"reactions, {size} seats: first ✅/❌ → forecast", answered - react_started,
               "s", reacted - react_started, "homeserver taking the reactions", target=1.25),
        Figure(f"reactions, {size} seats: last ✅/❌ → forecast", answered - reacted, "s",
               limit=2.0 if at_target else None),
        Figure(f"reactions, {size} seats: bot CPU per 1,000 answers",
               cpu_reactions * 1000 / size, "s"),
    ]


async def run(directory: Path) -> list[Figure]:
    server = Homeserver(directory / "synapse")
    server.start()
    figures: list[Figure] = []
    coordinator: Member | None = None
    bot: BotProcess | None = None
    try:
        registering = time.perf_counter()
        voters = await asyncio.to_thread(register_voters, server, max(SIZES))
        print(f"  {len(voters)} voters registered in {time.perf_counter() - registering:.1f} s",
              flush=True)
        coordinator = await Member(server.url, server.register("koordination", PASSWORD),
                                   PASSWORD).login()
        bot_user = server.register("kimbot", PASSWORD)
        database_url = f"sqlite+aiosqlite:///{directory / 'bot' / 'data' / 'kimbot.db'}"
        bot = BotProcess(write_bot_config(directory / "bot", server, bot_user, PASSWORD,
                                          database_url=database_url,
                                          poll_status_seconds=STATUS_INTERVAL),
                         directory / "bot.log").start()
        for size in SIZES:  # the same people, in a new room and group each time
            figures += await one_size(server, coordinator, bot_user, bot, database_url,
                                      voters[:size])
    finally:
        if bot is not None:
            bot.stop()
        if coordinator is not None:
            await coordinator.close()
        server.stop()
    return figures
