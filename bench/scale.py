"""Ten years of a steering group's data: does the bot still start, fit and answer?

500 meetings (each with its answers and agenda), 5,000 items, 2,000 decisions and 300 members
(150 seats with a deputy each), plus a second group whose log brings the decision entries to
10,000 — on SQLite and on PostgreSQL. The bot has run before (its sync position is stored), as
after any restart. Measured:

- from starting the process to the reply to a command sent at that moment (≤ 2 s; shown
  also after one and after three years of the data, to show how the start grows),
- resident memory after the replies (≤ 150 MB) and at its peak,
- re-planning every timed job from the database (≤ 0.5 s),
- `!status` and `!beschluss liste` against the echo bot in the same run (≤ 1.10× at p50),
  and (shown) against the echo bot sending kimbot's own answers, which are long,
- `kimbot verify-log` over all 10,000 entries (≤ 1 s; the process start is part of it).
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.peers import echo_bot, postgres_database
from bench.reply_latency import ROUND_ORDER_SEED, Target, answer_time, percentiles
from bench.report import Figure, ratio_interval
from bench.seed import (
    COORDINATOR,
    Commands,
    SeededGroup,
    forget_outbox,
    member_id,
    seed_decisions,
    seed_items,
    seed_meetings,
    vacuum_as_autovacuum_would,
)
from bot.pipeline import EventPipeline
from bot.scheduler import DeadlineScheduler
from storage import Database
from tests.support.botprocess import BotProcess, write_bot_config
from tests.support.members import Member
from tests.support.synapse import Homeserver

PASSWORD = "bench-password"
SEATS = 150
MEETINGS, ITEMS, DECISIONS, ALL_DECISIONS = 500, 5000, 2000, 10_000
ROUNDS = 60
#: The start is timed after one, three and all ten years of data, to show how it grows.
YEARS, YEARS_IN_ALL = (1, 3, 10), 10
YEAR_NAMES = {1: "one year", 3: "three years", 10: "ten years"}
ARCHIVE = "!archiv:localhost"


def memory(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of a process, in MB."""
    fields = dict(line.split(":", 1) for line in
                  Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


async def seed_members(url: str, room_id: str) -> SeededGroup:
    """The group's 300 members (as `!mitglied hinzufügen` adds them), and the second group."""
    database = Database(url)
    try:
        run = Commands(database, datetime.now(UTC))
        for index in range(SEATS):
            org = f'org="Organisation {index:03d}"'
            await run(COORDINATOR, f"!mitglied hinzufügen {member_id(index)} {org} "
                      "role=member", room_id)
            await run(COORDINATOR, f"!mitglied hinzufügen {member_id(index, True)} {org} "
                      f"deputy-of={member_id(index)}", room_id)
        await run(COORDINATOR, "!einrichten Arbeitsgruppe-Archiv", ARCHIVE)
        async with database.unit_of_work() as uow:
            group = await uow.groups.by_room(room_id)
            assert group is not None
            members = [m.user_id for m in await uow.members.active(group)]
        return SeededGroup(group.id, members, "", "")
    finally:
        await database.dispose()


async def seed_years(url: str, group: SeededGroup, before: int, after: int) -> None:
    """The group's meetings, items and decisions (and the second group's log) of the years
    from `before` to `after`, as shares of the ten years."""
    database = Database(url)

    def share(total: int) -> tuple[int, int]:
        first = total * before // YEARS_IN_ALL
        return first, total * after // YEARS_IN_ALL - first

    try:
        await seed_meetings(database, group, share(MEETINGS)[1])
        first, count = share(ITEMS)
        await seed_items(database, group, count, first=first, total=ITEMS)
        first, count = share(DECISIONS)
        await seed_decisions(database, group.group_id, count, first=first)
        async with database.unit_of_work() as uow:
            archive = await uow.groups.by_room(ARCHIVE)
            assert archive is not None
        first, count = share(ALL_DECISIONS - DECISIONS)
        await seed_decisions(database, archive.id, count, first=first)
        await forget_outbox(database)
        await vacuum_as_autovacuum_would(database)
    finally:
        await database.dispose()


async def replan_seconds(url: str) -> float:
    """How long re-planning every timed job takes, on the seeded database."""
    database = Database(url)
    try:
        pipeline = EventPipeline(database, None, lambda: datetime.now(UTC), {})  # type: ignore[arg-type]
        scheduler = DeadlineScheduler(database, pipeline, lambda: datetime.now(UTC), "!")
        scheduler.scheduler.start()
        try:
            timings = []
            for _ in range(3):
                scheduler._planned.clear()  # as after a start: every job planned anew
                for job in scheduler.scheduler.get_jobs():
                    job.remove()
                started = time.perf_counter()
                await scheduler.rebuild()
                timings.append(time.perf_counter() - started)
            return statistics.median(timings)
        finally:
            await scheduler.shutdown()
    finally:
        await database.dispose()


async def one_database(label: str, url: str, server: Homeserver, coordinator: Member,
                       echo: Target, directory: Path, answers: Path) -> list[Figure]:
    user = server.register(f"kimbot{label.lower()}", PASSWORD)
    config = write_bot_config(directory / label, server, user, PASSWORD, database_url=url)
    log = directory / f"{label}.log"
    room_id = await coordinator.create_room([user])
    bot = BotProcess(config, log).start()
    await coordinator.wait_for_join(room_id, user, within=60)
    await coordinator.command(room_id, "!einrichten Lenkungsgruppe-Zehn-Jahre", user)
    bot.stop()
    group = await seed_members(url, room_id)
    first_replies: dict[int, float] = {}
    seeded = 0
    for years in YEARS:
        print(f"  {label}: seeding up to {years} years …", flush=True)
        await seed_years(url, group, seeded, years)
        seeded = years
        started = time.perf_counter()
        bot = BotProcess(config, log).start()
        try:
            await coordinator.command(room_id, "!status", user, within=60)
        except BaseException:
            bot.stop()
            raise
        first_replies[years] = time.perf_counter() - started
        if years != YEARS_IN_ALL:
            bot.stop()
    first_reply = first_replies[YEARS_IN_ALL]
    try:
        targets = [Target(f"{label} !status", room_id, user, "!status", []),
                   Target(f"{label} !beschluss liste", room_id, user, "!beschluss liste", []),
                   Target("echo", echo.room_id, echo.bot, echo.command, [])]
        for target in targets:
            for _ in range(3):
                await answer_time(coordinator, target)
        # The echo bot sending kimbot's own answers: what their length costs the homeserver
        # and the member's client, apart from kimbot's work.
        for target in targets[:2]:
            await answer_time(coordinator, target)
            content = dict(coordinator.events(room_id, "m.room.message", user)[-1]["content"])
            content.pop("m.relates_to", None)
            slug = f"{label}-{target.command[1:].replace(' ', '-')}"
            (answers / f"{slug}.json").write_text(json.dumps(content))
            targets.append(Target(f"echo, {target.command}", echo.room_id, echo.bot,
                                  f"!echo {slug}", []))
        for target in targets[3:]:
            for _ in range(3):
                await answer_time(coordinator, target)
        order = random.Random(ROUND_ORDER_SEED)  # a new order each round, as for the replies
        for _ in range(ROUNDS):
            for target in order.sample(targets, len(targets)):
                target.timings.append(await answer_time(coordinator, target))
        assert bot.process is not None
        resident, peak = memory(bot.process.pid)
    finally:
        bot.stop()
    verify_started = time.perf_counter()
    verified = subprocess.run([sys.executable, "-m", "bot", "verify-log", "-c", str(config)],
                              capture_output=True, text=True)
    verify = time.perf_counter() - verify_started
    if verified.returncode != 0 or "chain intact" not in verified.stdout:
        raise AssertionError(f"verify-log: {verified.stdout} {verified.stderr}")
    replan = await replan_seconds(url)
    echo_p50 = percentiles(targets[2].timings)[0]
    print(f"  {label}: first reply " + ", ".join(
        f"{first_replies[years]:.2f} s at {years}" for years in YEARS) + " years, "
          f"RSS {resident:.0f} MB (peak "
          f"{peak:.0f}), verify-log {verify:.2f} s, re-planning {replan * 1000:.0f} ms",
          flush=True)
    size = f"{label}, {YEAR_NAMES[YEARS_IN_ALL]}"
    return [
        *(Figure(f"{label}, {YEAR_NAMES[years]}: start → first reply", first_replies[years],
                 "s") for years in YEARS if years != YEARS_IN_ALL),
        Figure(f"{size}: start → first reply", first_reply, "s", limit=2.0),
        Figure(f"{size}: resident memory", resident, "MB", limit=150),
        Figure(f"{size}: peak resident memory", peak, "MB"),
        Figure(f"{size}: re-plan all timed jobs", replan * 1000, "ms", limit=500),
        *(Figure(f"{size}: reply p50 {t.command}", percentiles(t.timings)[0], "ms", echo_p50,
                 "echo bot", target=1.10,
                 ratio_range=ratio_interval(t.timings, targets[2].timings))
          for t in targets[:2]),
        *(Figure(f"{size}: reply p50 {t.command} vs the same answer from echo",
                 percentiles(t.timings)[0], "ms", percentiles(same.timings)[0],
                 "echo bot, same answer") for t, same in zip(targets[:2], targets[3:],
                                                              strict=True)),
        Figure(f"{size}: kimbot verify-log, {ALL_DECISIONS // 1000} 000 entries", verify, "s",
               limit=1.0),
    ]


async def run(directory: Path) -> list[Figure]:
    directory.mkdir(parents=True, exist_ok=True)
    server = Homeserver(directory / "synapse")
    server.start()
    figures: list[Figure] = []
    coordinator: Member | None = None
    echo_process = None
    try:
        coordinator = await Member(server.url, server.register("koordination", PASSWORD),
                                   PASSWORD).login()
        assert coordinator.user_id == COORDINATOR
        echo_user = server.register("echo", PASSWORD)
        answers = directory / "answers"
        answers.mkdir(parents=True, exist_ok=True)
        echo_process = echo_bot(server, echo_user, PASSWORD, directory / "echo.log", answers)
        echo_room = await coordinator.create_room([echo_user])
        await coordinator.wait_for_join(echo_room, echo_user, within=60)
        echo = Target("echo", echo_room, echo_user, "!ping", [])
        figures += await one_database("SQLite", f"sqlite+aiosqlite:///{directory / 'ten.db'}",
                                      server, coordinator, echo, directory, answers)
        async with postgres_database() as url:
            figures += await one_database("PostgreSQL", url, server, coordinator, echo,
                                          directory, answers)
    finally:
        if echo_process is not None:
            echo_process.stop()
        if coordinator is not None:
            await coordinator.close()
        server.stop()
    return figures


if __name__ == "__main__":  # python -m bench.scale: this benchmark alone
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        for figure in asyncio.run(run(Path(scratch))):
            print(figure)
