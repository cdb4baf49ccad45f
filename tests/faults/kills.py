"""The bot killed again and again while a group works: a seeded, reproducible run.

While the run lasts, every seat answers a native poll (some change their answer), answers the
invitation to a meeting with ✅/❌ (some withdraw it, some answer again), and the coordinator
issues commands that write (`!punkt hinzufügen …`). Meanwhile the bot is killed: by SIGKILL
from outside at random moments, and — through `bot.faults` — by itself at the two moments no
outside signal can aim at: right after a transaction committed, before its messages went out
(`after_commit`), and right after the homeserver accepted a message, before the outbox knew
(`after_send`). The poll's deadline falls during the kills, so the timed job that closes it
runs in the middle of them.

Afterwards, read back from the room's full history and the database: every answer sent before
the deadline is counted once (the latest per seat), the result is posted once, the meeting's
reminder (due among the kills or soon after) is posted once, the decision log has one entry
and verifies, every command has exactly one reply and one item, and the
forecast of the meeting counts each seat's latest answer.

`run_under_kills` returns the figures; the e2e test runs a small share, `make test-faults`
the full size (`python -m tests.faults`).
"""

from __future__ import annotations

import asyncio
import itertools
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp

from domain.decision_log import first_break
from domain.roles import Role
from storage import Database
from storage.models import ItemState
from tests.support.botprocess import BotProcess, write_bot_config
from tests.support.members import Member
from tests.support.rawclient import RawClient
from tests.support.synapse import Homeserver, free_port

PASSWORD = "fault-password"
BERLIN = ZoneInfo("Europe/Berlin")
POLL_START = "org.matrix.msc3381.poll.start"
POLL_RESPONSE = "org.matrix.msc3381.poll.response"
CHOICES = ("Ja", "Nein", "Enthaltung")


@dataclass
class KillRun:
    """The figures of one run."""

    seed: int
    seats: int
    database: str = "sqlite"
    #: Kills by kind: "signal" (from outside), "after_commit", "after_send" (fault points).
    killed: Counter[str] = field(default_factory=Counter)
    answers_sent: int = 0
    answers_counted: int = 0
    reactions_sent: int = 0
    commands_sent: int = 0
    replies: int = 0
    results_posted: int = 0
    status_edits: int = 0
    reminders: int = 0
    decisions: int = 0
    #: With a standby: seconds from each `kill -9` of the active to the standby synced.
    takeovers: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def kills(self) -> int:
        return sum(self.killed.values())


class Killer:
    """Kills and restarts the bot at seeded random moments until told to stop."""

    def __init__(self, bot: BotProcess, rng: random.Random, figures: KillRun,
                 kills: int, every: tuple[float, float]) -> None:
        self.bot, self.rng, self.figures = bot, rng, figures
        self.kills, self.every = kills, every

    async def run(self) -> None:
        for round_ in range(self.kills):
            await asyncio.sleep(self.rng.uniform(*self.every))
            kind = ("signal", "after_commit", "after_send")[round_ % 3]
            if kind == "signal":
                self.bot.kill()
                self.figures.killed["signal"] += 1
            else:
                # Restart with a fault plan: the bot dies by itself at that point, the n-th
                # time it gets there; if it does not within a while, it is killed from outside.
                self.bot.kill()
                self.bot.start(fault=f"{kind}:{self.rng.randint(1, 2)}")
                # Long enough for a restart under load (two test workers) to reach the point.
                if await self._died_within(self.rng.uniform(*self.every) * 6):
                    self.figures.killed[kind] += 1
                else:
                    self.bot.kill()
                    self.figures.killed["signal"] += 1
            await asyncio.sleep(self.rng.uniform(0.1, 1.0))  # down for a moment
            self.bot.start()
        await asyncio.sleep(0)

    async def _died_within(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.bot.running():
                return True
            await asyncio.sleep(0.05)
        return False


@dataclass
class Instance:
    process: BotProcess
    port: int


class StandbyKiller:
    """Kills the active one of two processes at seeded random moments: the standby must take
    over (synced, `/healthz` saying `active`) within `TAKEOVER_LIMIT_S`; the killed one comes
    back as the new standby before the next kill."""

    def __init__(self, pair: list[Instance], rng: random.Random, figures: KillRun,
                 kills: int, every: tuple[float, float]) -> None:
        self.pair, self.rng, self.figures = pair, rng, figures
        self.kills, self.every = kills, every
        self.active = 0

    async def run(self) -> None:
        for _ in range(self.kills):
            await asyncio.sleep(self.rng.uniform(*self.every))
            dying, taking_over = self.pair[self.active], self.pair[1 - self.active]
            killed = time.monotonic()
            dying.process.kill()
            self.figures.killed["signal"] += 1
            if not await until_role(taking_over.port, "active", TAKEOVER_LIMIT_S * 4):
                self.figures.problems.append("the standby did not take over")
                return
            took = time.monotonic() - killed
            self.figures.takeovers.append(took)
            if took > TAKEOVER_LIMIT_S:
                self.figures.problems.append(f"takeover took {took:.1f} s")
            dying.process.start(extra=("--standby",))
            if not await until_role(dying.port, "standby", 60):
                self.figures.problems.append("the killed one did not come back as standby")
                return
            self.active = 1 - self.active

    @property
    def standing(self) -> Instance:
        return self.pair[self.active]


#: The takeover the standby promises: from `kill -9` of the active to the standby synced.
TAKEOVER_LIMIT_S = 15.0


async def until_role(port: int, role: str, within: float) -> bool:
    """Whether the process on `port` says `role` (and, active, that it synced) in time."""
    deadline = time.monotonic() + within
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz",
                                       timeout=aiohttp.ClientTimeout(total=2)) as response:
                    state = await response.json()
                if state.get("role") == role and state.get("synced", True):
                    return True
            except (aiohttp.ClientError, TimeoutError):
                pass
            await asyncio.sleep(0.1)
    return False


@dataclass
class EncryptedRoom:
    """An end-to-end encrypted room with a member whose client encrypts as Element does."""

    member: Member
    room_id: str
    bot_user: str

    @classmethod
    async def open(cls, server: Homeserver, localpart: str, bot_user: str) -> EncryptedRoom:
        user_id = await asyncio.to_thread(server.register, localpart, PASSWORD)
        member = await Member(server.url, user_id, PASSWORD).login()
        room_id = await member.create_room([bot_user], name="Verschlüsselt", encrypted=True)
        await member.wait_for_join(room_id, bot_user, within=60)
        room = cls(member, room_id, bot_user)
        assert await room.answered(), "the encrypted room answers before the kills"
        return room

    async def answered(self) -> bool:
        try:
            reply = await self.member.command(self.room_id, "!hilfe", self.bot_user, within=60)
        except AssertionError:
            return False
        return "Befehle" in reply.body


async def register(server: Homeserver, localpart: str) -> RawClient:
    user_id, token = await asyncio.to_thread(server.register_with_token, localpart, PASSWORD)
    assert token is not None, f"{localpart} existed already"
    return RawClient(server.url, user_id, token)


async def wait_for(client: RawClient, room_id: str, test: Any, within: float) -> list[Any]:
    """Events of the room that pass `test`, once there is at least one."""
    deadline = time.monotonic() + within
    while True:
        found = [e for e in await client.history(room_id) if test(e)]
        if found or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.5)


def from_bot(bot_user: str, text: str) -> Any:
    return lambda e: e.get("sender") == bot_user and text in e.get("content", {}).get("body", "")


def replied_to(event: dict[str, Any]) -> str | None:
    relation = event.get("content", {}).get("m.relates_to", {})
    return relation.get("m.in_reply_to", {}).get("event_id")


async def seed_members(database_url: str, room_id: str, voters: list[RawClient]) -> None:
    """The voters as voting members (as `!mitglied hinzufügen` would make them), and one
    seat more that never votes: the poll then runs until its deadline, instead of closing
    when every seat has voted, and the timed job that closes it runs among the kills."""
    database = Database(database_url)
    try:
        async with database.unit_of_work() as uow:
            group = await uow.groups.by_room(room_id)
            assert group is not None
            for index, user_id in enumerate([v.user_id for v in voters] + ["@abwesend:x"]):
                await uow.members.add(
                    group, user_id, organisation=f"Organisation {index:03d}",
                    role=Role.MEMBER, voting=None, email=None, deputy_of=None, deputy_rank=0,
                    added_by="@faults:localhost", now=datetime.now(UTC))
    finally:
        await database.dispose()


async def run_under_kills(server: Homeserver, directory: Path, *, seed: int, seats: int,
                          kills: int, commands: int, deadline_s: int,
                          every: tuple[float, float] = (0.5, 2.0),
                          database_url: str | None = None, standby: bool = False) -> KillRun:
    """One run; the bot's database is SQLite in `directory` unless `database_url` names
    another (an empty PostgreSQL database). `standby` (PostgreSQL): a second process waits
    as the standby, and every kill is of the active one."""
    rng = random.Random(seed)
    figures = KillRun(seed, seats)
    tag = f"s{seed}n{seats}"
    coordinator = await register(server, f"koord-{tag}")
    voters = [await register(server, f"sitz-{tag}-{i:03d}") for i in range(seats)]
    bot_user = await asyncio.to_thread(server.register, f"kimbot-{tag}", PASSWORD)
    database_url = database_url or f"sqlite+aiosqlite:///{directory / 'data' / 'kimbot.db'}"
    port = free_port()
    bot = BotProcess(write_bot_config(directory, server, bot_user, PASSWORD,
                                      database_url=database_url, http_port=port),
                     directory / "bot.log")
    bot.start()
    pair = [Instance(bot, port)]
    if standby:
        second = Instance(BotProcess(write_bot_config(
            directory / "standby", server, bot_user, PASSWORD, database_url=database_url,
            http_port=(standby_port := free_port()), data_dir=directory / "data"),
            directory / "standby" / "bot.log"), standby_port)
        pair.append(second)
    clients = [coordinator, *voters]
    try:
        room_id = await coordinator.create_room([bot_user], f"Störfall {tag}")
        await wait_until(lambda: coordinator.joined(room_id), lambda j: bot_user in j, 60)
        await coordinator.say(room_id, "!einrichten Störfallprobe")
        assert await wait_for(coordinator, room_id, from_bot(bot_user, "eingerichtet"), 60)
        await asyncio.gather(*(v.join(room_id) for v in voters))
        await seed_members(database_url, room_id, voters)
        secret: EncryptedRoom | None = None
        if standby:
            pair[1].process.start(extra=("--standby",))
            assert await until_role(pair[1].port, "standby", 60), "the standby waits"
            secret = await EncryptedRoom.open(server, f"geheim-{tag}", bot_user)
        await coordinator.say(room_id, f'!abstimmung "Unter Störungen?" deadline={deadline_s}s')
        [poll] = await wait_for(coordinator, room_id, lambda e: e.get("type") == POLL_START
                                and e.get("sender") == bot_user, 60)
        voting_ends = time.monotonic() + deadline_s - 8
        answer_ids = {a["org.matrix.msc1767.text"]: a["id"]
                      for a in poll["content"][POLL_START]["answers"]}
        # The meeting starts a day and a little from now: its 1-day reminder falls among the
        # kills or soon after, and must be posted once.
        start = reminder_moment(deadline_s * 0.3) + timedelta(days=1)
        await coordinator.say(room_id, f"!termin ansetzen {start:%d.%m.%Y %H:%M}")
        [invitation] = await wait_for(coordinator, room_id, from_bot(bot_user, "Einladung:"), 60)

        latest_vote: dict[str, str] = {}
        latest_rsvp: dict[str, str | None] = {}

        async def seat(index: int, voter: RawClient) -> None:
            window = max(1.0, voting_ends - time.monotonic())
            await asyncio.sleep(rng.uniform(0, window * 0.6))
            for _ in range(2 if rng.random() < 0.3 else 1):  # some change their mind
                pick = rng.choice(CHOICES)
                await voter.send(room_id, POLL_RESPONSE, {
                    "m.relates_to": {"rel_type": "m.reference", "event_id": poll["event_id"]},
                    POLL_RESPONSE: {"answers": [answer_ids[pick]]}})
                figures.answers_sent += 1
                latest_vote[voter.user_id] = pick
                await asyncio.sleep(rng.uniform(0, window * 0.2))
            key = rng.choice(("✅", "❌"))
            reaction = await voter.send(room_id, "m.reaction", {"m.relates_to": {
                "rel_type": "m.annotation", "event_id": invitation["event_id"], "key": key}})
            figures.reactions_sent += 1
            latest_rsvp[voter.user_id] = key
            if rng.random() < 0.25:  # withdrawn, and sometimes answered anew
                await asyncio.sleep(rng.uniform(0, 1))
                await voter.redact(room_id, reaction)
                latest_rsvp[voter.user_id] = None
                if rng.random() < 0.5:
                    other = "❌" if key == "✅" else "✅"
                    await voter.send(room_id, "m.reaction", {"m.relates_to": {
                        "rel_type": "m.annotation", "event_id": invitation["event_id"],
                        "key": other}})
                    figures.reactions_sent += 1
                    latest_rsvp[voter.user_id] = other

        command_ids: dict[str, int] = {}

        async def coordinate() -> None:
            for n in range(commands):
                await asyncio.sleep(rng.uniform(0, max(0.1, voting_ends - time.monotonic())
                                                / max(1, commands - n)))
                event_id = await coordinator.say(room_id, f"!punkt hinzufügen Störfall {n}")
                command_ids[event_id] = n
                figures.commands_sent += 1

        killer: Killer | StandbyKiller = (StandbyKiller(pair, rng, figures, kills, every)
                                          if standby else Killer(bot, rng, figures, kills,
                                                                 every))
        await asyncio.gather(killer.run(), coordinate(),
                             *(seat(i, v) for i, v in enumerate(voters)))
        if isinstance(killer, StandbyKiller):
            bot = killer.standing.process
        if not bot.running():
            bot.start()
        if secret is not None and not await secret.answered():
            figures.problems.append("the encrypted room did not answer after the takeovers")

        results = await wait_for(coordinator, room_id, from_bot(bot_user, "ist beendet"),
                                 deadline_s + 120)
        asked = await coordinator.say(room_id, "!termin teilnahme 1")
        attendance = await wait_for(coordinator, room_id, lambda e: e.get("sender") == bot_user
                                    and replied_to(e) == asked, 60)
        reminder_due = (start - timedelta(days=1)).timestamp() - time.time()
        await asyncio.sleep(max(0.0, reminder_due))
        await wait_for(coordinator, room_id, from_bot(bot_user, "Erinnerung (1 Tag"), 60)
        await asyncio.sleep(3)  # anything doubled would have arrived by now
        history = await coordinator.history(room_id)
        check(figures, history, bot_user, results, attendance, command_ids,
              latest_vote, latest_rsvp)
        # The standby first: it must not take over from the one being stopped.
        for instance in sorted(pair, key=lambda i: i.process is bot):
            if instance.process.running():
                assert instance.process.stop() == 0, "the bot stops cleanly after it all"
        await check_database(figures, database_url, commands)
    finally:
        for instance in pair:
            if instance.process.running():
                instance.process.kill()
        for client in clients:
            await client.close()
        if secret is not None:
            await secret.member.close()
    return figures


async def wait_until(read: Any, test: Any, within: float) -> None:
    deadline = time.monotonic() + within
    while not test(await read()):
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.3)


def reminder_moment(after_seconds: float) -> datetime:
    """The next full minute at least `after_seconds` from now, in the group's zone."""
    moment = datetime.now(BERLIN) + timedelta(seconds=after_seconds)
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)


def check(figures: KillRun, history: list[dict[str, Any]], bot_user: str,
          results: list[Any], attendance: list[Any], command_ids: dict[str, int],
          latest_vote: dict[str, str], latest_rsvp: dict[str, str | None]) -> None:
    from_the_bot = [e for e in history if e.get("sender") == bot_user]
    posted = [e for e in from_the_bot if "ist beendet" in e.get("content", {}).get("body", "")]
    figures.results_posted = len(posted)
    if len(posted) != 1:
        figures.problems.append(f"result posted {len(posted)} times")
    if posted:
        body = posted[0]["content"]["body"]
        counted = {c: int(m.group(1)) if (m := re.search(rf"{c} (\d+)", body)) else -1
                   for c in CHOICES}
        expected = Counter(latest_vote.values())
        figures.answers_counted = sum(counted.values())
        if counted != {c: expected.get(c, 0) for c in CHOICES}:
            figures.problems.append(f"counted {counted}, sent {dict(expected)}")
    replies = Counter(replied_to(e) for e in from_the_bot)
    figures.replies = sum(replies[event_id] for event_id in command_ids)
    for event_id, n in command_ids.items():
        if replies[event_id] != 1:
            figures.problems.append(f"command {n} answered {replies[event_id]} times")
    check_status(figures, from_the_bot, posted)
    reminders = [e for e in from_the_bot
                 if "Erinnerung (1 Tag" in e.get("content", {}).get("body", "")]
    figures.reminders = len(reminders)
    if len(reminders) != 1:
        figures.problems.append(f"the reminder posted {len(reminders)} times")
    yes = sum(1 for answer in latest_rsvp.values() if answer == "✅")
    forecast = attendance[-1]["content"]["body"] if attendance else ""
    if f"{yes} von {figures.seats + 1} Stimmen zugesagt" not in forecast:
        figures.problems.append(f"forecast wrong: expected {yes} yes; {forecast[-200:]!r}")


def check_status(figures: KillRun, from_the_bot: list[dict[str, Any]],
                 posted: list[dict[str, Any]]) -> None:
    """The poll's status: posted once, every edit refers to it, none repeats the one before
    (a re-sent edit would), and the last shows the result that was posted."""
    statuses = [e for e in from_the_bot if e.get("type") == "m.room.message"
                and e.get("content", {}).get("body", "").startswith("Abstimmung Nr. 1:")
                and "m.relates_to" not in e["content"]]
    if len(statuses) != 1:
        figures.problems.append(f"status message posted {len(statuses)} times")
        return
    edits = [e for e in from_the_bot
             if e.get("content", {}).get("m.relates_to", {}).get("rel_type") == "m.replace"]
    figures.status_edits = len(edits)
    if any(e["content"]["m.relates_to"].get("event_id") != statuses[0]["event_id"]
           for e in edits):
        figures.problems.append("an edit refers to another message than the status")
    bodies = [e["content"]["m.new_content"]["body"] for e in edits]
    if any(a == b for a, b in itertools.pairwise(bodies)):
        figures.problems.append("a status edit was sent twice")
    result = posted[0]["content"]["body"].splitlines()[-1] if posted else None
    if not bodies or result is None or f"Abgeschlossen: {result}" not in bodies[-1]:
        figures.problems.append(f"the status does not end in the result: {bodies[-1:]!r}")


async def check_database(figures: KillRun, database_url: str, commands: int) -> None:
    database = Database(database_url)
    try:
        async with database.unit_of_work() as uow:
            group = (await uow.groups.all())[0]
            items = Counter(item.text for item in await uow.items.listing(
                group, list(ItemState), history=False))
            for n in range(commands):
                if items[f"Störfall {n}"] != 1:
                    figures.problems.append(f"item {n} stored {items[f'Störfall {n}']} times")
            group_ids = await uow.decisions.group_ids()
            links = [link for g in group_ids for link in await uow.decisions.chain(g)]
            figures.decisions = len(links)
            if len(links) != 1:
                figures.problems.append(f"{len(links)} decisions logged")
            if first_break(links) is not None:
                figures.problems.append("the decision log does not verify")
    finally:
        await database.dispose()
