"""The rooms the `rooms` benchmark measures in, built once and grown, and the two bots in them.

A fifth of the rooms are groups of 20–40 members (seats with a deputy each, a year of meetings
with answers and agendas, items and decisions), the rest rooms of one to four people the bots
were invited to. Groups belong to towns of five groups, each town with a coordinator and 40
people who sit in several of its groups; every one of them a user on the same homeserver,
joined to their rooms. kimbot keeps its data on PostgreSQL, as a provider runs it; the
homeserver is Synapse on SQLite, one process.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp

from bench.echo_bot import READY
from bench.peers import Process, echo_bot
from bench.reply_latency import Target, answer_time
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
#: What the floor's commands start with: in the rooms it shares with kimbot each bot answers
#: only its own (an answer to the other's command would queue at the homeserver before, or
#: after, the answer measured).
FLOOR_PREFIX = "?"
#: What kimbot's log says when its very first sync is done.
FIRST_START = "first start:"
#: Every fifth room is a group's; five groups make a town, whose 40 people sit in them.
GROUP_EVERY, GROUPS_PER_TOWN, PEOPLE_PER_TOWN = 5, 5, 40
#: Rooms built at once (the homeserver is one process on two cores).
BUILDING_AT_ONCE = 6


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
        """Rooms up to `size`, with their people and (for groups) kimbot's data: each group
        seeded as soon as its room stands, while the homeserver builds the next ones."""
        first = len(self.rooms)
        # The people first, each once (two registrations of one user would collide).
        newcomers = {user_id: None for index in range(first, size)
                     for user_id in self._people_of(index) if user_id not in self.people}
        registering = asyncio.Semaphore(BUILDING_AT_ONCE)

        async def register(user_id: str) -> None:
            async with registering:
                await self.person(user_id)

        await asyncio.gather(*(register(user_id) for user_id in newcomers))
        gate = asyncio.Semaphore(BUILDING_AT_ONCE)
        built: dict[int, str] = {}
        groups: dict[int, GroupRoom] = {}
        database = Database(self.database_url)
        try:
            await database.migrate()

            async def build(index: int) -> None:
                async with gate:
                    built[index] = await self._room(index)
                if index % GROUP_EVERY == 0:
                    groups[index] = await self._seed_group(database, index, built[index])

            await asyncio.gather(*(build(index) for index in range(first, size)))
            await forget_outbox(database)
            await vacuum_as_autovacuum_would(database)
        finally:
            await database.dispose()
        self.rooms += [built[index] for index in range(first, size)]
        self.groups += [groups[index] for index in sorted(groups)]

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
        of its work in bulk."""
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
        # Twelve meetings of the past year and the next, in ten days: no reminder is due
        # while the benchmark runs (a first start would send every group's at once). The
        # open items are due in one to four months, for the same reason.
        year_ago = now - timedelta(days=350)
        await seed_meetings(database, seeded, 13, start=year_ago, every=timedelta(days=30),
                            seed=number)
        await seed_items(database, seeded, 30, seed=number, start=year_ago,
                         every=timedelta(days=12), still_open=8,
                         due_in=timedelta(days=120))
        await seed_decisions(database, group.id, 12)
        return GroupRoom(room_id, coordinator, members, meeting=13)


def _seats(group_number: int) -> int:
    """10 to 20 seats: 20 to 40 members with the deputies."""
    return 10 + (group_number * 7) % 11


class Bots:
    """kimbot and the floor, started and stopped as the measurements need."""

    def __init__(self, world: World, directory: Path, coordinator: Member) -> None:
        self.world = world
        self.directory = directory
        self.coordinator = coordinator
        # Syncs wait 30 s, as in production and as the floor's do: idle, both ask as often.
        self.config = write_bot_config(directory / "kimbot", world.server,
                                       world.kimbot.user_id, PASSWORD,
                                       database_url=world.database_url, sync_timeout_ms=30_000)
        self.kimbot: BotProcess | None = None
        #: Whether kimbot has run before (and stored its sync position).
        self.has_run = False
        #: How long kimbot's last stop took (seconds).
        self.stopped_in = 0.0
        #: Copies of the logs of a kimbot that did not stop when told (with its stack).
        self.hung_logs: list[Path] = []
        self.echo: Process | None = None
        self.answers = directory / "answers"
        self.answers.mkdir(parents=True, exist_ok=True)

    @property
    def group(self) -> GroupRoom:
        return self.world.groups[0]

    async def kimbot_first_started(self) -> None:
        """kimbot's very first start: it takes the present as its starting point (history is
        not answered), then answers."""
        self.kimbot = BotProcess(self.config, self.directory / "kimbot.log").start()
        for _ in range(180 * 20):
            if FIRST_START in self.kimbot.log.read_text(errors="replace"):
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("kimbot's first start did not finish")
        self.has_run = True
        await self._answered(self.world.kimbot.user_id, self.attendance)

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
                             self.answers, prefix=FLOOR_PREFIX)
        for _ in range(180 * 50):  # its log says when; three minutes at most
            if _count_in(log, READY) > ready_before:
                break
            await asyncio.sleep(0.02)
        else:
            raise AssertionError("the floor bot never finished its first sync")
        await self._answered(self.world.echo.user_id, f"{FLOOR_PREFIX}ping")
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

    def stop_kimbot(self) -> bool:
        """SIGTERM, as a service manager stops it: it must end within 30 seconds. If it does
        not, where it hangs goes into its log (kept in `hung_logs`), it is killed, and False
        is returned — a figure of its own, the run goes on."""
        if self.kimbot is None:
            return True
        started = time.perf_counter()
        try:
            self.kimbot.stop()
            return True
        except subprocess.TimeoutExpired:
            _dump_stack(self.kimbot)
            self.kimbot.kill()
            kept = Path(tempfile.gettempdir()) / f"kimbot-hung-{os.getpid()}.log"
            shutil.copy(self.kimbot.log, kept)
            self.hung_logs.append(kept)
            print(f"  kimbot did not stop within 30 s of SIGTERM: killed; its log with the "
                  f"stack: {kept}", flush=True)
            return False
        finally:
            self.stopped_in = time.perf_counter() - started
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


async def bot_account(server: Homeserver, localpart: str,
                       session: aiohttp.ClientSession) -> RawClient:
    user_id, token = server.register_with_token(localpart, PASSWORD)
    assert token is not None
    return RawClient(server.url, user_id, token, session)


def _dump_stack(bot: BotProcess) -> None:
    """Where a process that does not stop hangs, into its log (with py-spy, where installed)."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if bot.process is not None and Path(spy).exists():
        with bot.log.open("a") as log:
            subprocess.run([spy, "dump", "--pid", str(bot.process.pid)], stdout=log,
                           stderr=subprocess.STDOUT, check=False, timeout=60)
