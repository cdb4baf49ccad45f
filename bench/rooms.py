"""One process for a whole Land: kimbot in 10, 100 and 1,000 rooms, against the bare matrix-nio
bot (the floor) joined to the same rooms (issue #35).

The rooms are built once and grown: a fifth of them groups of 20–40 members (seats with a
deputy each, a year of meetings with answers and agendas, items and decisions), the rest rooms
of one to four people the bots were invited to. Groups belong to towns of five groups, with
a coordinator and 40 people each, who sit in several of their town's groups; every one of them a user on the same
homeserver, joined to their rooms. kimbot keeps its data on PostgreSQL, as a provider runs it.

At each size, for kimbot and the floor:

- start → first reply: the process started, a command sent at that moment, its answer in the
  member's client. kimbot restarts from its stored sync position; the floor pays the full
  first sync any bot without one pays (it answers once that is done),
- resident memory after the start, and CPU per minute while idle (both bots idle together),
- reply p50/p95 in the measured group: kimbot's `!termin teilnahme N` against the floor
  answering with kimbot's own answer (the same event to carry; the floor's bare „ok“ shown),
  both bots in the room, each answering every command (so each measurement carries one long
  and one short answer);

and at the largest size the same replies while 10 ordinary messages a second arrive in the
other rooms, measured in the same minutes.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp

from bench.echo_bot import READY
from bench.peers import Process, echo_bot, postgres_database
from bench.reply_latency import ROUND_ORDER_SEED, Target, answer_time, p95, percentiles
from bench.report import Figure, ratio_interval
from bench.scale import memory
from bench.seed import (
    COORDINATOR,
    Commands,
    SeededGroup,
    forget_outbox,
    seed_decisions,
    seed_items,
    seed_meetings,
    vacuum_as_autovacuum_would,
)
from storage import Database
from tests.support.botprocess import BotProcess, write_bot_config
from tests.support.members import Member
from tests.support.rawclient import RawClient
from tests.support.synapse import SERVER_NAME, Homeserver

PASSWORD = "bench-password"
SIZES = (10, 100, 1000)
#: Every fifth room is a group's; five groups make a town, whose 40 people sit in them.
GROUP_EVERY, GROUPS_PER_TOWN, PEOPLE_PER_TOWN = 5, 5, 40
#: Rooms built at once (the homeserver is one process on two cores).
BUILDING_AT_ONCE = 6
STARTS = 3
ROUNDS = 60
IDLE_SECONDS = 45
CHATTER_PER_SECOND = 10
#: The targets at the largest size.
START_LIMIT_S, RSS_LIMIT_MB = 5.0, 300


@dataclass
class GroupRoom:
    room_id: str
    coordinator: str
    members: list[str]
    #: The number of its next meeting (the one `!termin teilnahme` is asked about).
    meeting: int


@dataclass
class World:
    """The homeserver's users and rooms, and kimbot's database, grown size by size."""

    server: Homeserver
    database_url: str
    kimbot: RawClient
    echo: RawClient
    session: aiohttp.ClientSession
    rooms: list[str] = field(default_factory=list)
    groups: list[GroupRoom] = field(default_factory=list)
    #: Who is in each room besides the bots (the chatter is theirs).
    people_in: dict[str, list[str]] = field(default_factory=dict)
    people: dict[str, RawClient] = field(default_factory=dict)

    async def person(self, user_id: str) -> RawClient:
        if user_id not in self.people:
            localpart = user_id[1:].split(":", 1)[0]
            registered, token = await asyncio.to_thread(
                self.server.register_with_token, localpart, PASSWORD)
            assert token is not None, f"{registered} existed already"
            self.people[user_id] = RawClient(self.server.url, user_id, token, self.session)
        return self.people[user_id]

    async def grow(self, size: int) -> None:
        """Rooms up to `size`, with their people and (for groups) kimbot's data."""
        gate = asyncio.Semaphore(BUILDING_AT_ONCE)
        first = len(self.rooms)
        built: dict[int, str] = {}
        # The people first, one at a time: registering is cheap, but concurrent registrations
        # of one user would collide.
        for index in range(first, size):
            for user_id in self._people_of(index):
                await self.person(user_id)

        async def build(index: int) -> None:
            async with gate:
                built[index] = await self._room(index)

        await asyncio.gather(*(build(index) for index in range(first, size)))
        self.rooms += [built[index] for index in range(first, size)]
        database = Database(self.database_url)
        try:
            await database.migrate()
            for index in range(first, size):
                if index % GROUP_EVERY == 0:
                    self.groups.append(await self._seed_group(database, index, built[index]))
            await forget_outbox(database)
            await vacuum_as_autovacuum_would(database)
        finally:
            await database.dispose()

    def _people_of(self, index: int) -> list[str]:
        """The people of room `index`: a group's coordinator and members, or one to four
        people of a town."""
        town = (index // GROUP_EVERY) // GROUPS_PER_TOWN
        pool = [f"@t{town:03d}p{number:02d}:{SERVER_NAME}" for number in range(PEOPLE_PER_TOWN)]
        if index % GROUP_EVERY == 0:
            seats = _seats(index // GROUP_EVERY)
            coordinator = COORDINATOR if index == 0 else f"@t{town:03d}koord:{SERVER_NAME}"
            return [coordinator, *pool[:2 * seats]]
        others = index % 4
        return [pool[(index + step * 7) % PEOPLE_PER_TOWN] for step in range(others + 1)]

    async def _room(self, index: int) -> str:
        people = self._people_of(index)
        owner = self.people[people[0]]
        room_id = await owner.create_room([self.kimbot.user_id, self.echo.user_id],
                                          f"Raum {index}")
        for user_id in people[1:]:
            await self.people[user_id].join(room_id)
        await self.kimbot.join(room_id)
        await self.echo.join(room_id)
        self.people_in[room_id] = people
        return room_id

    async def _seed_group(self, database: Database, index: int, room_id: str) -> GroupRoom:
        """The group in kimbot's database, as its coordinator's commands make it, and a year
        of its work in bulk; its next meeting ten days ahead."""
        number = index // GROUP_EVERY
        coordinator, *members = self._people_of(index)
        now = datetime.now(UTC)
        run = Commands(database, now)
        run.runner.moderator = coordinator
        await run(coordinator, f"!einrichten Arbeitsgruppe-{number}", room_id)
        seats = len(members) // 2
        for seat in range(seats):
            org = f'org="Organisation {seat:02d}"'
            await run(coordinator, f"!mitglied hinzufügen {members[seat]} {org} role=member",
                      room_id)
            await run(coordinator, f"!mitglied hinzufügen {members[seats + seat]} {org} "
                      f"deputy-of={members[seat]}", room_id)
        async with database.unit_of_work() as uow:
            group = await uow.groups.by_room(room_id)
            assert group is not None
            active = [m.user_id for m in await uow.members.active(group)]
        seeded = SeededGroup(group.id, active, "", "")
        year_ago = now - timedelta(days=355)
        await seed_meetings(database, seeded, 13, start=year_ago, every=timedelta(days=30),
                            seed=number)
        await seed_items(database, seeded, 30, seed=number, start=year_ago,
                         every=timedelta(days=12), still_open=8)
        await seed_decisions(database, group.id, 12)
        return GroupRoom(room_id, coordinator, members, meeting=13)


def _seats(group_number: int) -> int:
    """10 to 20 seats: 20 to 40 members with the deputies."""
    return 10 + (group_number * 7) % 11


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class SizeFigures:
    rooms: int
    start: dict[str, float]
    rss: dict[str, float]
    cpu: dict[str, float]
    replies: dict[str, list[float]]


class Bots:
    """kimbot and the floor, started and stopped as the measurements need."""

    def __init__(self, world: World, directory: Path, coordinator: Member) -> None:
        self.world = world
        self.directory = directory
        self.coordinator = coordinator
        self.config = write_bot_config(directory / "kimbot", world.server,
                                       world.kimbot.user_id, PASSWORD,
                                       database_url=world.database_url)
        self.kimbot: BotProcess | None = None
        self.echo: Process | None = None
        self.answers = directory / "answers"
        self.answers.mkdir(parents=True, exist_ok=True)

    @property
    def group(self) -> GroupRoom:
        return self.world.groups[0]

    async def kimbot_started(self) -> float:
        """Start kimbot and send a command at once: seconds to its answer."""
        self.stop_kimbot()
        started = time.perf_counter()
        self.kimbot = BotProcess(self.config, self.directory / "kimbot.log").start()
        await self._answered(self.world.kimbot.user_id, self.attendance)
        return time.perf_counter() - started

    async def echo_started(self) -> float:
        """Start the floor; once its first sync is done, a command: seconds to its answer."""
        self.stop_echo()
        log = self.directory / "echo.log"
        ready_before = _count_in(log, READY)
        started = time.perf_counter()
        self.echo = echo_bot(self.world.server, self.world.echo.user_id, PASSWORD, log,
                             self.answers)
        for _ in range(180 * 50):  # its log says when; three minutes at most
            if _count_in(log, READY) > ready_before:
                break
            await asyncio.sleep(0.02)
        else:
            raise AssertionError("the floor bot never finished its first sync")
        await self._answered(self.world.echo.user_id, "!ping")
        return time.perf_counter() - started

    async def _answered(self, bot: str, command: str) -> None:
        target = Target("start", self.group.room_id, bot, command, [])
        await answer_time(self.coordinator, target, within=180)

    @property
    def attendance(self) -> str:
        return f"!termin teilnahme {self.group.meeting}"

    def pids(self) -> dict[str, int]:
        assert self.kimbot is not None and self.kimbot.process is not None
        assert self.echo is not None and self.echo.process is not None
        return {"kimbot": self.kimbot.process.pid, "echo": self.echo.process.pid}

    def stop_kimbot(self) -> None:
        if self.kimbot is not None:
            self.kimbot.stop()
            self.kimbot = None

    def stop_echo(self) -> None:
        if self.echo is not None:
            self.echo.stop()
            self.echo = None

    def stop(self) -> None:
        self.stop_kimbot()
        self.stop_echo()


def _count_in(log: Path, text: str) -> int:
    return log.read_text(errors="replace").count(text) if log.exists() else 0


async def measure_size(bots: Bots, rooms: int) -> SizeFigures:
    # kimbot takes in the rooms that are new to it once (a start after growing), as it would
    # after joining them; the starts measured afterwards go on from its stored position.
    await bots.kimbot_started()
    starts: dict[str, list[float]] = {"kimbot": [], "echo": []}
    for _ in range(STARTS):
        starts["kimbot"].append(await bots.kimbot_started())
        starts["echo"].append(await bots.echo_started())
    await asyncio.sleep(5)
    rss = {name: memory(pid)[0] for name, pid in bots.pids().items()}
    before = {name: cpu_seconds(pid) for name, pid in bots.pids().items()}
    await asyncio.sleep(IDLE_SECONDS)
    cpu = {name: (cpu_seconds(pid) - before[name]) * 60 / IDLE_SECONDS
           for name, pid in bots.pids().items()}
    targets = await reply_targets(bots, f"attendance-{rooms}")
    await take_turns(bots.coordinator, targets, ROUNDS)
    print(f"  {rooms} rooms: start kimbot {statistics.median(starts['kimbot']):.2f} s, echo "
          f"{statistics.median(starts['echo']):.2f} s; RSS {rss['kimbot']:.0f}/"
          f"{rss['echo']:.0f} MB; idle CPU {cpu['kimbot']:.2f}/{cpu['echo']:.2f} s/min; "
          f"p50 {percentiles(targets[0].timings)[0]:.1f}/"
          f"{percentiles(targets[1].timings)[0]:.1f} ms", flush=True)
    return SizeFigures(rooms, {k: statistics.median(v) for k, v in starts.items()}, rss, cpu,
                       {t.label: t.timings for t in targets})


async def reply_targets(bots: Bots, slug: str) -> list[Target]:
    """kimbot's attendance list; the floor answering with it; the floor's bare „ok“."""
    group = bots.group.room_id
    kimbot = Target("kimbot", group, bots.world.kimbot.user_id, bots.attendance, [])
    for _ in range(3):
        await answer_time(bots.coordinator, kimbot)
    content = dict(bots.coordinator.events(group, "m.room.message", kimbot.bot)[-1]["content"])
    content.pop("m.relates_to", None)
    (bots.answers / f"{slug}.json").write_text(json.dumps(content))
    targets = [kimbot,
               Target("echo", group, bots.world.echo.user_id, f"!echo {slug}", []),
               Target("echo ok", group, bots.world.echo.user_id, "!ping", [])]
    for target in targets[1:]:
        for _ in range(3):
            await answer_time(bots.coordinator, target)
    for target in targets:
        target.timings.clear()
    return targets


async def take_turns(member: Member, targets: list[Target], rounds: int) -> None:
    order = random.Random(ROUND_ORDER_SEED)
    for _ in range(rounds):
        for target in order.sample(targets, len(targets)):
            target.timings.append(await answer_time(member, target))


async def under_chatter(bots: Bots) -> tuple[list[Target], float]:
    """The replies again while ordinary messages arrive in the other rooms; the rate reached."""
    world = bots.world
    rooms = world.rooms[1:]
    chance = random.Random(35)
    sent = 0
    stop = asyncio.Event()

    async def say(room_id: str) -> None:
        nonlocal sent
        speaker = world.people[chance.choice(world.people_in[room_id])]
        await speaker.say(room_id, f"Kurze Rückmeldung {sent}: Unterlagen liegen vor.")
        sent += 1

    async def chatter() -> None:
        pending: set[asyncio.Task[None]] = set()
        while not stop.is_set():
            task = asyncio.create_task(say(chance.choice(rooms)))
            pending.add(task)
            task.add_done_callback(pending.discard)
            await asyncio.sleep(1 / CHATTER_PER_SECOND)
        await asyncio.gather(*pending)

    targets = await reply_targets(bots, "attendance-chatter")
    running = asyncio.create_task(chatter())
    await asyncio.sleep(5)  # the bots' syncs carry the chatter by now
    started, before = time.monotonic(), sent
    await take_turns(bots.coordinator, targets, ROUNDS)
    rate = (sent - before) / (time.monotonic() - started)
    stop.set()
    await running
    print(f"  under chatter ({rate:.1f} messages/s): p50 "
          f"{percentiles(targets[0].timings)[0]:.1f}/{percentiles(targets[1].timings)[0]:.1f} "
          "ms", flush=True)
    return targets, rate


def figures(sizes: list[SizeFigures], chatter: list[Target], rate: float) -> list[Figure]:
    result: list[Figure] = []
    largest = sizes[-1]
    for size in sizes:
        last = size is largest
        name = f"{size.rooms} rooms"
        result += [
            Figure(f"{name}: start → first reply", size.start["kimbot"], "s",
                   size.start["echo"], "floor, first sync",
                   limit=START_LIMIT_S if last else None),
            Figure(f"{name}: resident memory after start", size.rss["kimbot"], "MB",
                   size.rss["echo"], "floor", limit=RSS_LIMIT_MB if last else None),
            Figure(f"{name}: CPU per minute, idle", size.cpu["kimbot"], "s",
                   size.cpu["echo"], "floor", target=2.0 if last else None),
            *reply_figures(name, size.replies, last),
        ]
    small = sizes[-2] if len(sizes) > 1 else None
    if small is not None:
        added = largest.rooms - small.rooms
        for what, unit, values in (("start → first reply", "ms", "start"),
                                   ("resident memory", "kB", "rss")):
            scale = 1000
            kimbot = (getattr(largest, values)["kimbot"] - getattr(small, values)["kimbot"])
            echo = (getattr(largest, values)["echo"] - getattr(small, values)["echo"])
            result.append(Figure(f"per room added ({small.rooms} → {largest.rooms}): {what}",
                                 kimbot * scale / added, unit, echo * scale / added, "floor"))
    if chatter:
        result += reply_figures(f"{largest.rooms} rooms, {rate:.0f} messages/s of chatter",
                                {t.label: t.timings for t in chatter}, True, p95_target=False)
    return result


def reply_figures(name: str, replies: dict[str, list[float]], with_targets: bool,
                  p95_target: bool = True) -> list[Figure]:
    kimbot, floor, ok = replies["kimbot"], replies["echo"], replies["echo ok"]
    return [
        Figure(f"{name}: reply p50 !termin teilnahme", statistics.median(kimbot), "ms",
               statistics.median(floor), "floor, same answer",
               target=1.10 if with_targets else None, ratio_range=ratio_interval(kimbot, floor)),
        Figure(f"{name}: reply p95 !termin teilnahme", p95(kimbot), "ms", p95(floor),
               "floor, same answer", target=1.30 if with_targets and p95_target else None,
               ratio_range=ratio_interval(kimbot, floor, p95)),
        Figure(f"{name}: reply p50, the floor's „ok“", statistics.median(ok), "ms",
               statistics.median(floor), "floor, same answer"),
    ]


async def run(directory: Path, sizes: tuple[int, ...] = SIZES) -> list[Figure]:
    directory.mkdir(parents=True, exist_ok=True)
    server = Homeserver(directory / "synapse")
    server.start()
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120))
    coordinator: Member | None = None
    bots: Bots | None = None
    try:
        async with postgres_database() as url:
            coordinator_id, coordinator_token = server.register_with_token("koordination",
                                                                           PASSWORD)
            assert coordinator_id == COORDINATOR and coordinator_token
            world = World(server, url, await _bot_account(server, "kimbot", session),
                          await _bot_account(server, "echo", session), session)
            world.people[COORDINATOR] = RawClient(server.url, COORDINATOR, coordinator_token,
                                                  session)
            coordinator = await Member(server.url, COORDINATOR, PASSWORD).login()
            bots = Bots(world, directory, coordinator)
            measured: list[SizeFigures] = []
            for size in sizes:
                started = time.monotonic()
                await world.grow(size)
                print(f"  {size} rooms built ({len(world.people)} people) in "
                      f"{time.monotonic() - started:.0f} s", flush=True)
                measured.append(await measure_size(bots, size))
            chatter, rate = await under_chatter(bots)
            bots.stop()
            return figures(measured, chatter, rate)
    finally:
        if bots is not None:
            bots.stop()
        if coordinator is not None:
            await coordinator.close()
        await session.close()
        server.stop()


async def _bot_account(server: Homeserver, localpart: str,
                       session: aiohttp.ClientSession) -> RawClient:
    user_id, token = server.register_with_token(localpart, PASSWORD)
    assert token is not None
    return RawClient(server.url, user_id, token, session)


if __name__ == "__main__":  # python -m bench.rooms [SIZE ...]: this benchmark alone
    import sys
    import tempfile

    chosen = tuple(int(size) for size in sys.argv[1:]) or SIZES
    with tempfile.TemporaryDirectory() as scratch:
        from bench.report import table

        print(table(asyncio.run(run(Path(scratch), chosen))))
