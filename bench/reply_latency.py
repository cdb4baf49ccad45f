"""Reply latency: how long a member waits for the bot's answer to a command.

A member's client (matrix-nio, as in the end-to-end tests) sends a command and waits until the
bot's answer arrives in its own sync — what a person sees. Measured on one loopback Synapse in
the same run, commands taking turns (in a new order each round) so every bot sees the same load:

- the bare matrix-nio echo bot (the floor), answering „ok“; and the same „ok“ with the empty
  `m.mentions` that kimbot's answers carry (shown: the homeserver's own charge for it),
- matrix-reminder-bot 0.4.0 answering `!list` (when `.venv-bench` has it),
- kimbot on SQLite and on PostgreSQL, in a group of 40 members (20 seats with a deputy each),
  answering `!hilfe`, `!punkt hinzufügen …` and `!termin teilnahme 1`.

Each bot's room holds the bot and the coordinator who sends the commands: the floor, where what
a bot adds shows most. (The group's 40 members are in the database, not in the room; joined,
each of them costs the homeserver push-rule bookkeeping on every message, every bot alike —
measured apart in bench/RESULTS.md.) kimbot's answers carry an empty `m.mentions` when they
name someone in the room (`domain.mentions`): the attendance list names the coordinator.

Targets (issue #10): kimbot's p50 ≤ 1.10× and p95 ≤ 1.30× the echo bot's, and its p50 no
slower than matrix-reminder-bot's.

Then the same under load: 50 calendar clients (a process of their own) fetch the SQLite bot's
group feed in a loop while `!hilfe` is measured against the echo bot again — a feed request
must not hold up a member's command.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.peers import (
    Process,
    echo_bot,
    postgres_database,
    reminder_bot,
    reminder_bot_installed,
)
from bench.report import Figure, ratio_interval
from tests.support.botprocess import BotProcess, write_bot_config
from tests.support.members import Member
from tests.support.synapse import Homeserver

PASSWORD = "bench-password"
SEATS = 20
FEED_CLIENTS = 50
#: The rounds' orders are random but the same in every run.
ROUND_ORDER_SEED = 10

OK_WITHOUT_MENTIONS = {"msgtype": "m.notice", "body": "ok", "m.mentions": {}}
MENTIONS_LABEL = "echo bot, „ok“ with an empty m.mentions"

KIMBOT_COMMANDS = (
    ("help", "!hilfe"),
    ("item add", "!punkt hinzufügen Bericht zur Sprachkursversorgung vorlegen"),
    ("attendance", "!termin teilnahme 1"),
)


@dataclass
class Target:
    """One bot in one room, answering one command."""

    label: str
    room_id: str
    bot: str
    command: str
    timings: list[float]
    #: Whether the answer carries an (empty) `m.mentions`: it names someone in the room.
    mentions: bool = False
    #: Whether the bot answers in reply to the command (matrix-reminder-bot does not).
    in_reply: bool = True


async def answer_time(member: Member, target: Target, within: float = 60) -> float:
    """Send the command and wait for the bot's answer to it (milliseconds). The answer is
    told by what it replies to (where another bot in the room also answers, its answer to an
    earlier command may still be on its way); from a bot that does not answer in reply,
    it is its next message."""
    before = len(member.events(target.room_id, "m.room.message", target.bot))
    started = time.perf_counter()
    command = await member.send(target.room_id, target.command)

    def answer(event: dict[str, Any]) -> bool:
        relation = event.get("content", {}).get("m.relates_to", {})
        return event.get("sender") == target.bot and \
            relation.get("m.in_reply_to", {}).get("event_id") == command

    def from_bot(event: dict[str, Any]) -> bool:
        return event.get("sender") == target.bot and event.get("type") == "m.room.message"

    if target.in_reply:
        await member.wait_for(target.room_id, answer, within=within)
    else:
        await member.wait_for(target.room_id, from_bot, within=within, count=before + 1)
    return (time.perf_counter() - started) * 1000


def percentiles(timings: Sequence[float]) -> tuple[float, float]:
    return statistics.median(timings), p95(timings)


def p95(timings: Sequence[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


async def set_up_kimbot_group(member: Member, room_id: str, bot: str) -> None:
    """40 members: 20 seats of 20 organisations, each with a deputy, and one meeting."""
    await member.command(room_id, "!einrichten Benchmark-Lenkungsgruppe", bot)
    for seat in range(SEATS):
        org = f'org="Organisation {seat:02d}"'
        await member.command(room_id, f"!mitglied hinzufügen @mitglied{seat:02d}:localhost "
                             f"{org} role=member email=m{seat:02d}@stadt.example", bot)
        await member.command(room_id, f"!mitglied hinzufügen @vertretung{seat:02d}:localhost "
                             f"{org} deputy-of=@mitglied{seat:02d}:localhost", bot)
    day = (date.today() + timedelta(days=30)).strftime("%d.%m.%Y")
    await member.command(room_id, f"!termin ansetzen {day} 14:00 title=Sitzung", bot)


async def run(directory: Path, rounds: int) -> list[Figure]:
    server = Homeserver(directory / "synapse")
    server.start()
    processes: list[Process | BotProcess] = []
    member: Member | None = None
    try:
        member = await Member(server.url, server.register("coord", PASSWORD), PASSWORD).login()
        targets: list[Target] = []

        async def room_with(bot: str) -> str:
            assert member is not None
            room_id = await member.create_room([bot])
            await member.wait_for_join(room_id, bot, within=60)
            return room_id

        echo = server.register("echo", PASSWORD)
        answers = directory / "answers"
        answers.mkdir(parents=True, exist_ok=True)
        processes.append(echo_bot(server, echo, PASSWORD, directory / "echo.log", answers))
        targets.append(Target("echo bot", await room_with(echo), echo, "!ping", []))
        # „ok“ with the empty `m.mentions` every answer of kimbot (and matrix-reminder-bot)
        # carries: what the homeserver alone charges for it (Synapse validates the field
        # against a JSON schema it checks anew for every event).
        (answers / "ok-mentions.json").write_text(json.dumps(OK_WITHOUT_MENTIONS))
        targets.append(Target(MENTIONS_LABEL, targets[0].room_id, echo, "!echo ok-mentions", []))

        if reminder_bot_installed():
            reminder = server.register("reminder", PASSWORD)
            processes.append(reminder_bot(server, reminder, PASSWORD, directory / "reminder"))
            targets.append(Target("matrix-reminder-bot", await room_with(reminder), reminder,
                                  "!list", [], in_reply=False))

        async with postgres_database() as postgres_url:
            for database, url in (("SQLite", None), ("PostgreSQL", postgres_url)):
                user = server.register(f"kimbot{database.lower()}", PASSWORD)
                config = write_bot_config(directory / f"kimbot-{database}", server, user,
                                          PASSWORD, database_url=url)
                processes.append(BotProcess(config, directory / f"kimbot-{database}.log")
                                 .start())
                room_id = await room_with(user)
                await set_up_kimbot_group(member, room_id, user)
                for name, command in KIMBOT_COMMANDS:
                    targets.append(Target(f"kimbot {name} ({database})", room_id, user,
                                          command, []))

            for target in targets:  # warm up every path once
                for _ in range(3):
                    await answer_time(member, target)
            targets += await same_answers_from_echo(member, targets, answers)
            for target in targets[-len(KIMBOT_COMMANDS):]:
                for _ in range(3):
                    await answer_time(member, target)
            # Each round in a new order: what one bot leaves running after its answer (its
            # own sync, bookkeeping, a re-planning) falls on whichever command comes next,
            # and a fixed order would always hand it to the same neighbours.
            order = random.Random(ROUND_ORDER_SEED)
            for _ in range(rounds):
                for target in order.sample(targets, len(targets)):
                    target.timings.append(await answer_time(member, target))
            under_load = await measure_under_feed_load(
                member, targets[0], next(t for t in targets if t.label.startswith("kimbot")),
                max(50, rounds // 2))
    finally:
        for process in processes:
            process.stop()
        if member is not None:
            await member.close()
        server.stop()
    return figures(targets, rounds) + under_load


async def same_answers_from_echo(member: Member, targets: list[Target],
                                 answers: Path) -> list[Target]:
    """The echo bot answering with kimbot's own answers (captured from the room, each right
    after its command): the same event for the homeserver and the member's client to carry,
    so that what remains between the two bots is kimbot's own work."""
    echo = targets[0]
    added = []
    for name, _ in KIMBOT_COMMANDS:
        kimbot = next(t for t in targets if t.label == f"kimbot {name} (SQLite)")
        await answer_time(member, kimbot)  # its answer is now the bot's newest message
        content = dict(member.events(kimbot.room_id, "m.room.message", kimbot.bot)[-1]["content"])
        content.pop("m.relates_to", None)
        slug = name.replace(" ", "-")
        (answers / f"{slug}.json").write_text(json.dumps(content))
        added.append(Target(f"echo bot, kimbot's {name} answer", echo.room_id, echo.bot,
                            f"!echo {slug}", [], mentions="m.mentions" in content))
    return added


FEED_LINK = re.compile(r"https?://\S+/calendar/[A-Za-z0-9_\-]+\.ics")


async def feed_link(member: Member, bot: str) -> str:
    """The group feed's address from the bot's direct message (a room of just the two of
    them may also be the group's own: the message with the links is looked for)."""
    for _ in range(60):
        for message in await member.direct_messages(bot):
            links: list[str] = FEED_LINK.findall(message["content"].get("body", ""))
            if links:
                return links[-1]
        await member.sync(timeout_ms=500)
    raise AssertionError("no feed links by direct message")


async def measure_under_feed_load(member: Member, echo: Target, kimbot: Target,
                                  rounds: int) -> list[Figure]:
    """`!hilfe` and the echo bot's answer while 50 calendar clients fetch a feed nonstop."""
    await member.command(kimbot.room_id, "!kalender", kimbot.bot)
    group_feed = await feed_link(member, kimbot.bot)
    seconds = 120.0
    load = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.feed_load", group_feed, str(FEED_CLIENTS), str(seconds),
        stdout=asyncio.subprocess.PIPE)
    started = time.monotonic()
    await asyncio.sleep(1)  # the clients are fetching
    echo_load = Target("echo bot", echo.room_id, echo.bot, echo.command, [])
    kimbot_load = Target("kimbot help", kimbot.room_id, kimbot.bot, "!hilfe", [])
    for _ in range(rounds):
        for target in (echo_load, kimbot_load):
            target.timings.append(await answer_time(member, target))
    measured = time.monotonic() - started
    load.terminate()
    output, _ = await load.communicate()
    requests = int(output.strip() or 0)
    rate = f"{requests / measured:.0f} requests/s"
    print(f"  under feed load ({FEED_CLIENTS} clients, {rate}): echo "
          f"{percentiles(echo_load.timings)[0]:.1f} ms, kimbot "
          f"{percentiles(kimbot_load.timings)[0]:.1f} ms", flush=True)
    echo_p50, echo_p95 = percentiles(echo_load.timings)
    p50, p95_value = percentiles(kimbot_load.timings)
    return [
        Figure(f"reply p50, kimbot help while {FEED_CLIENTS} clients fetch feeds", p50, "ms",
               echo_p50, "echo bot, same load", target=1.10,
               ratio_range=ratio_interval(kimbot_load.timings, echo_load.timings)),
        Figure(f"reply p95, kimbot help while {FEED_CLIENTS} clients fetch feeds", p95_value,
               "ms", echo_p95, "echo bot, same load", target=1.30,
               ratio_range=ratio_interval(kimbot_load.timings, echo_load.timings, p95)),
    ]


def figures(targets: list[Target], rounds: int) -> list[Figure]:
    echo = targets[0]
    echo_p50, echo_p95 = percentiles(echo.timings)
    reminder = next((t for t in targets if t.label == "matrix-reminder-bot"), None)
    mentions = next(t for t in targets if t.label == MENTIONS_LABEL)
    result = [Figure(f"reply p50, {MENTIONS_LABEL}", percentiles(mentions.timings)[0], "ms",
                     echo_p50, "echo bot",
                     ratio_range=ratio_interval(mentions.timings, echo.timings))]
    if reminder is not None:
        p50, _ = percentiles(reminder.timings)
        result.append(Figure(f"reply p50, matrix-reminder-bot !list ({rounds}×)", p50, "ms",
                             echo_p50, "echo bot",
                             ratio_range=ratio_interval(reminder.timings, echo.timings)))
    for target in targets:
        if not target.label.startswith("kimbot"):
            continue
        name = target.label.removeprefix("kimbot ").rsplit(" (", 1)[0]
        same = next(t for t in targets if t.label == f"echo bot, kimbot's {name} answer")
        p50, p95_value = percentiles(target.timings)
        carried = "with m.mentions" if same.mentions else "no m.mentions"
        result.append(Figure(f"reply p50, {target.label} vs the same answer from echo", p50,
                             "ms", percentiles(same.timings)[0],
                             f"echo bot, same answer ({carried})",
                             ratio_range=ratio_interval(target.timings, same.timings)))
        result.append(Figure(f"reply p50, {target.label}", p50, "ms", echo_p50, "echo bot",
                             target=1.10,
                             ratio_range=ratio_interval(target.timings, echo.timings)))
        result.append(Figure(f"reply p95, {target.label}", p95_value, "ms", echo_p95,
                             "echo bot", target=1.30,
                             ratio_range=ratio_interval(target.timings, echo.timings, p95)))
        if reminder is not None:
            result.append(Figure(f"reply p50, {target.label} vs reminder bot", p50, "ms",
                                 percentiles(reminder.timings)[0], "matrix-reminder-bot",
                                 target=1.0,
                                 ratio_range=ratio_interval(target.timings, reminder.timings)))
    return result
