"""A day offline (issue #35): with kimbot stopped, 10,000 events arrive in 200 rooms — 500
commands, 300 poll answers, 200 answers to invitations (✅ on the announcement), the rest
members talking, some rooms so busy that a sync can only bring the end of their timeline. After
its start every command must be answered exactly once and in order per room, every answer
counted once: checked in the rooms and in kimbot's database. Timed: start to done, against
the floor catching up the same events from its own stored position (it answers the commands,
reading back what limited timelines left out, but counts and records nothing).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select

from bench.echo_bot import ANSWERED, READY
from bench.peers import echo_bot
from bench.report import Figure
from bench.world import PASSWORD, Bots, GroupRoom, World
from storage import Database
from storage.models import (
    HandledEvent,
    MeetingMessage,
    Occurrence,
    OutboxMessage,
    Poll,
    PollAnswer,
    RsvpRecord,
)
from tests.support.botprocess import BotProcess

ROOMS, EVENTS, COMMANDS, POLL_ANSWERS, RSVPS = 200, 10_000, 500, 300, 200
POLLS, MEETINGS, VOTERS = 30, 20, 10  # 300 answers, 200 RSVPs (10 per meeting)
#: Rooms with more events than one sync brings (its timeline limit is 100).
BUSY_ROOMS, BUSY_EVENTS = 8, 250
SENDING_AT_ONCE = 8
TARGET, LIMIT_S = 2.0, 60.0
#: A service manager waits this long after SIGTERM before it kills.
STOP_LIMIT_S = 30.0
#: Commands members send; every fifth adds an item (a write that moves reminders).
READING = ("!termin liste", "!punkt liste", "!hilfe", "!status", "!beschluss liste")


@dataclass
class Planned:
    """One room's events in the order they are sent: (kind, content)."""

    room_id: str
    events: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    sent: list[tuple[str, str]] = field(default_factory=list)  # (kind, event id)


async def run(world: World, bots: Bots) -> list[Figure]:
    # Half of them groups' rooms (the commands and answers go there), half smaller rooms.
    rooms = [group.room_id for group in world.groups][:ROOMS // 2]
    rooms += [room for room in world.rooms if room not in rooms][:ROOMS - len(rooms)]
    polls = await start_polls(world, world.groups[1:POLLS + 1])
    announcements = await announce_meetings(world, world.groups[POLLS + 1:POLLS + MEETINGS + 1])
    since_file = bots.directory / "echo.since"
    bots.stop_echo()
    ready_before = _in_log(bots, READY)
    bots.echo = echo_bot(world.server, world.echo.user_id, PASSWORD,
                         bots.directory / "echo.log", bots.answers, since_file)
    await _until_in_log(bots, READY, ready_before + 1)
    await asyncio.sleep(2)  # its position stored after the events of the preparation
    bots.stop()
    print("  a day offline: sending 10 000 events …", flush=True)
    planned = plan(world, rooms, polls, announcements)
    await send_all(world, planned)
    special = [event_id for room in planned for kind, event_id in room.sent if kind != "talk"]
    commands = {event_id for room in planned for kind, event_id in room.sent
                if kind == "command"}

    started = time.perf_counter()
    bots.kimbot = BotProcess(bots.config, bots.directory / "kimbot.log").start()
    await _until_done(world.database_url, special)
    kimbot_seconds = time.perf_counter() - started
    stopped = bots.stop_kimbot()
    stop_seconds = bots.stopped_in

    answered_before = _in_log(bots, ANSWERED)
    ready_before = _in_log(bots, READY)
    started = time.perf_counter()
    bots.echo = echo_bot(world.server, world.echo.user_id, PASSWORD,
                         bots.directory / "echo.log", bots.answers, since_file)
    await _until_in_log(bots, READY, ready_before + 1)
    floor_seconds = time.perf_counter() - started
    floor_answered = _in_log(bots, ANSWERED) - answered_before
    bots.stop_echo()

    await check_exactly_once(world, planned, commands)
    print(f"  a day offline: kimbot done in {kimbot_seconds:.1f} s, the floor in "
          f"{floor_seconds:.1f} s (answering {floor_answered} of {len(commands)} commands)",
          flush=True)
    return [Figure("a day offline (10 000 events, 200 rooms): start → all handled",
                   kimbot_seconds, "s", floor_seconds,
                   f"floor, {floor_answered} of {len(commands)} commands answered",
                   target=TARGET, limit=LIMIT_S),
            Figure("a day offline: kimbot's stop after catching up (SIGTERM)",
                   stop_seconds if stopped else float("inf"), "s", limit=STOP_LIMIT_S)]


async def start_polls(world: World,
                      groups: list[GroupRoom]) -> dict[str, tuple[str, list[str]]]:
    """A poll in each group, started by its coordinator in the room: room → (the poll's
    event, its answer ids)."""
    for group in groups:
        await world.people[group.coordinator].say(
            group.room_id, "!abstimmung „Soll die Arbeitsgruppe den Bericht annehmen?“ "
            "deadline=7d")
    sent = await _sent_in(world, groups, "polls", select(
        OutboxMessage.room_id, OutboxMessage.sent_event_id, OutboxMessage.content)
        .join(Poll, Poll.start_txn_id == OutboxMessage.txn_id))
    return {room: (event_id, [answer["id"] for answer
                              in content["org.matrix.msc3381.poll.start"]["answers"]])
            for room, (event_id, content) in sent.items()}


async def announce_meetings(world: World, groups: list[GroupRoom]) -> dict[str, str]:
    """A meeting scheduled in each group by its coordinator: room → the announcement."""
    day = (datetime.now(UTC) + timedelta(days=20)).strftime("%d.%m.%Y")
    for group in groups:
        await world.people[group.coordinator].say(group.room_id,
                                                  f"!termin ansetzen {day} 14:00")
    sent = await _sent_in(world, groups, "meetings", select(
        OutboxMessage.room_id, OutboxMessage.sent_event_id)
        .join(MeetingMessage, MeetingMessage.txn_id == OutboxMessage.txn_id)
        .join(Occurrence, Occurrence.id == MeetingMessage.occurrence_id)
        .where(Occurrence.starts_at > datetime.now(UTC)))
    return {room: event_id for room, (event_id,) in sent.items()}


async def _sent_in(world: World, groups: list[GroupRoom], what: str,
                   query: Select[*tuple[Any, ...]]) -> dict[str, tuple[Any, ...]]:
    """Reads kimbot's outbox until each group's room has a sent message the query selects
    (room, event id, …): room → (event id, …)."""
    rooms = {group.room_id for group in groups}
    sent: dict[str, tuple[Any, ...]] = {}
    database = Database(world.database_url)
    try:
        for _ in range(600):
            async with database.unit_of_work() as uow:
                rows = (await uow.session.execute(
                    query.where(OutboxMessage.sent_event_id.is_not(None)))).tuples().all()
            sent = {room: tuple(rest) for room, *rest in rows if room in rooms}
            if len(sent) == len(rooms):
                return sent
            await asyncio.sleep(0.2)
    finally:
        await database.dispose()
    raise AssertionError(f"only {len(sent)} of {len(rooms)} {what} were posted")


def plan(world: World, rooms: list[str], polls: dict[str, tuple[str, list[str]]],
         announcements: dict[str, str]) -> list[Planned]:
    """Who sends what where, in which order: the same every run."""
    chance = random.Random(35)
    groups = {group.room_id: group for group in world.groups}
    planned = {room: Planned(room) for room in rooms}
    for room, (poll_event, answers) in polls.items():
        for voter in groups[room].members[:VOTERS]:
            planned[room].events.append(("answer", voter, {
                "type": "org.matrix.msc3381.poll.response",
                "m.relates_to": {"rel_type": "m.reference", "event_id": poll_event},
                "org.matrix.msc3381.poll.response": {"answers": [chance.choice(answers)]}}))
    for room, announcement in announcements.items():
        for member in groups[room].members[:RSVPS // MEETINGS]:
            planned[room].events.append(("rsvp", member, {
                "type": "m.reaction", "m.relates_to": {
                    "rel_type": "m.annotation", "event_id": announcement, "key": "✅"}}))
    group_rooms = [room for room in rooms if room in groups]
    for number in range(COMMANDS):
        room = chance.choice(group_rooms)
        body = (f"!punkt hinzufügen Bericht {number} vorlegen" if number % 5 == 0
                else chance.choice(READING))
        planned[room].events.append(("command", chance.choice(groups[room].members),
                                     _text(body)))
    busy = group_rooms[-BUSY_ROOMS:]
    talk = EVENTS - COMMANDS - POLL_ANSWERS - RSVPS
    for number in range(talk):
        room = busy[number % BUSY_ROOMS] if number < BUSY_ROOMS * BUSY_EVENTS \
            else chance.choice(rooms)
        planned[room].events.append(("talk", chance.choice(world.people_in[room]),
                                     _text(f"Rückmeldung {number}: die Unterlagen liegen vor.")))
    for events in planned.values():
        chance.shuffle(events.events)
    return list(planned.values())


def _text(body: str) -> dict[str, Any]:
    return {"type": "m.room.message", "msgtype": "m.text", "body": body}


async def send_all(world: World, planned: list[Planned]) -> None:
    """Each room's events in their order; rooms side by side."""
    gate = asyncio.Semaphore(SENDING_AT_ONCE)

    async def send_room(room: Planned) -> None:
        async with gate:
            for kind, sender, content in room.events:
                body = {key: value for key, value in content.items() if key != "type"}
                event_id = await world.people[sender].send(room.room_id, content["type"], body)
                room.sent.append((kind, event_id))

    await asyncio.gather(*(send_room(room) for room in planned))


async def _until_done(database_url: str, special: list[str]) -> None:
    """Until kimbot has handled every command and answer and sent what they caused."""
    database = Database(database_url)
    try:
        for _ in range(3000):
            async with database.unit_of_work() as uow:
                handled = await uow.session.scalar(
                    select(func.count(HandledEvent.id))
                    .where(HandledEvent.event_id.in_(special)))
                waiting = await uow.session.scalar(
                    select(func.count(OutboxMessage.id))
                    .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed.is_(False)))
            if handled == len(special) and waiting == 0:
                return
            await asyncio.sleep(0.1)
    finally:
        await database.dispose()
    raise AssertionError("kimbot did not catch up within five minutes")


async def check_exactly_once(world: World, planned: list[Planned], commands: set[str]) -> None:
    """Every command answered once, in order per room (read in the rooms); every poll answer
    and invitation answer counted once (in kimbot's database)."""
    kimbot = world.kimbot.user_id
    for room in planned:
        history = await world.people[world.people_in[room.room_id][0]].history(room.room_id)
        answered = [event["content"].get("m.relates_to", {}).get("m.in_reply_to", {})
                    .get("event_id") for event in history if event.get("sender") == kimbot
                    and event.get("type") == "m.room.message"]
        answered = [event_id for event_id in answered if event_id in commands]
        sent = [event_id for kind, event_id in room.sent if kind == "command"]
        if answered != sent:
            raise AssertionError(f"{room.room_id}: commands answered {len(answered)} times "
                                 f"for {len(sent)} sent, or out of order")
    database = Database(world.database_url)
    try:
        async with database.unit_of_work() as uow:
            answers = defaultdict(int, (await uow.session.execute(
                select(PollAnswer.event_id, func.count(PollAnswer.id))
                .group_by(PollAnswer.event_id))).tuples().all())
            rsvps = defaultdict(int, (await uow.session.execute(
                select(RsvpRecord.event_id, func.count(RsvpRecord.id))
                .group_by(RsvpRecord.event_id))).tuples().all())
    finally:
        await database.dispose()
    for room in planned:
        for kind, event_id in room.sent:
            counted = {"answer": answers, "rsvp": rsvps}.get(kind)
            if counted is not None and counted[event_id] != 1:
                raise AssertionError(f"{kind} {event_id} counted {counted[event_id]} times")


def _in_log(bots: Bots, text: str) -> int:
    log = bots.directory / "echo.log"
    return sum(1 for line in log.read_text(errors="replace").splitlines()
               if line.startswith(text)) if log.exists() else 0


async def _until_in_log(bots: Bots, text: str, count: int) -> None:
    for _ in range(3000):
        if _in_log(bots, text) >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the floor bot never said {text!r}")
