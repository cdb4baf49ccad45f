"""One process for a whole Land: kimbot in 10, 100 and 1,000 rooms, against the bare matrix-nio
bot (the floor) joined to the same rooms (issue #35). The rooms (`bench.world`) are built once
and grown from size to size.

At each size, for kimbot and the floor:

- start → first reply: the process started, a command sent at that moment, its answer in the
  member's client. kimbot restarts from its stored sync position; the floor pays the full
  first sync any bot without one pays (it answers once that is done),
- resident memory after the start, and CPU per minute while idle (both bots idle together),
- reply p50/p95 in the measured group: kimbot's `!termin teilnahme N` against the floor
  answering with kimbot's own answer (the same event to carry; the floor's bare „ok“ shown),
  both bots in the room, each answering its own commands only (the floor's start with `?`);

at the largest size the same replies while 10 ordinary messages a second arrive in the other
rooms, measured in the same minutes; and a day offline (`bench.day_offline`).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench import day_offline
from bench.peers import postgres_database
from bench.reply_latency import ROUND_ORDER_SEED, Target, answer_time, p95, percentiles
from bench.report import Figure, ratio_interval
from bench.scale import memory
from bench.seed import COORDINATOR
from bench.world import FLOOR_PREFIX, PASSWORD, Bots, World, bot_account
from tests.support.members import Member
from tests.support.rawclient import RawClient
from tests.support.synapse import Homeserver

SIZES = (10, 100, 1000)
STARTS = 3
ROUNDS = 60
#: Idle CPU is measured over this long; longer at the largest size, where its target is.
IDLE_SECONDS, IDLE_SECONDS_LARGEST = 20, 60
CHATTER_PER_SECOND = 10
#: The targets at the largest size.
START_LIMIT_S, RSS_LIMIT_MB = 5.0, 300


def cpu_seconds(pid: int) -> float:
    """CPU time of a process so far, all its threads, to the nanosecond (the scheduler's own
    account, `/proc/…/task/…/schedstat`): idle, a bot uses a tick or two of 10 ms a minute,
    too coarse for a ratio with `/proc/…/stat`."""
    return sum(int(stat.read_text().split()[0])
               for stat in Path(f"/proc/{pid}/task").glob("*/schedstat")) / 1e9


@dataclass
class SizeFigures:
    rooms: int
    start: dict[str, float]
    rss: dict[str, float]
    cpu: dict[str, float]
    replies: dict[str, list[float]]


async def measure_size(bots: Bots, rooms: int, idle_seconds: float) -> SizeFigures:
    # kimbot takes in the rooms that are new to it once (a start after growing), as it would
    # after joining them; the starts measured afterwards go on from its stored position.
    if not bots.has_run:
        await bots.kimbot_first_started()
    await bots.kimbot_started()
    starts: dict[str, list[float]] = {"kimbot": [], "echo": []}
    for _ in range(STARTS):
        starts["kimbot"].append(await bots.kimbot_started())
        starts["echo"].append(await bots.echo_started())
    await asyncio.sleep(5)
    rss = {name: memory(pid)[0] for name, pid in bots.pids().items()}
    before = {name: cpu_seconds(pid) for name, pid in bots.pids().items()}
    await asyncio.sleep(idle_seconds)
    cpu = {name: (cpu_seconds(pid) - before[name]) * 60 / idle_seconds
           for name, pid in bots.pids().items()}
    targets = await reply_targets(bots, f"attendance-{rooms}")
    await take_turns(bots.coordinator, targets, ROUNDS)
    print(f"  {rooms} rooms: start kimbot {statistics.median(starts['kimbot']):.2f} s, echo "
          f"{statistics.median(starts['echo']):.2f} s; RSS {rss['kimbot']:.0f}/"
          f"{rss['echo']:.0f} MB; idle CPU {cpu['kimbot'] * 1000:.1f}/"
          f"{cpu['echo'] * 1000:.1f} ms/min; "
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
               Target("echo", group, bots.world.echo.user_id, f"{FLOOR_PREFIX}echo {slug}", []),
               Target("echo ok", group, bots.world.echo.user_id, f"{FLOOR_PREFIX}ping", [])]
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
            # In milliseconds: idle, a bot uses a few a minute.
            Figure(f"{name}: CPU per minute, idle", size.cpu["kimbot"] * 1000, "ms",
                   size.cpu["echo"] * 1000, "floor", target=2.0 if last else None),
            *reply_figures(name, size.replies, last),
        ]
    if len(sizes) > 1:
        small = sizes[-2]
        added = largest.rooms - small.rooms

        def per_room(what: str, unit: str, smaller: dict[str, float],
                     larger: dict[str, float]) -> Figure:
            """What one more room costs, from the two largest sizes (s → ms, MB → kB)."""
            def cost(bot: str) -> float:
                return (larger[bot] - smaller[bot]) * 1000 / added
            return Figure(f"per room added ({small.rooms} → {largest.rooms}): {what}",
                          cost("kimbot"), unit, cost("echo"), "floor")

        result += [per_room("start → first reply", "ms", small.start, largest.start),
                   per_room("resident memory", "kB", small.rss, largest.rss)]
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
    # The homeserver on SQLite: on this machine it builds and carries the rooms faster than on
    # PostgreSQL (tried: 0.67 s a room against 0.48 s), and it is the same for both bots.
    server = Homeserver(directory / "synapse")
    server.start()
    try:
        async with postgres_database() as url:
            return await measure_all(server, directory, url, sizes)
    finally:
        server.stop()


async def measure_all(server: Homeserver, directory: Path, url: str,
                      sizes: tuple[int, ...]) -> list[Figure]:
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120))
    coordinator: Member | None = None
    bots: Bots | None = None
    try:
        coordinator_id, coordinator_token = server.register_with_token("koordination", PASSWORD)
        assert coordinator_id == COORDINATOR and coordinator_token
        world = World(server, url, await bot_account(server, "kimbot", session),
                      await bot_account(server, "echo", session), session)
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
            measured.append(await measure_size(
                bots, size, IDLE_SECONDS_LARGEST if size == sizes[-1] else IDLE_SECONDS))
        chatter, rate = await under_chatter(bots)
        offline = await day_offline.run(world, bots)
        return figures(measured, chatter, rate) + offline
    finally:
        if bots is not None:
            bots.stop()
        if coordinator is not None:
            await coordinator.close()
        await session.close()


if __name__ == "__main__":  # python -m bench.rooms [SIZE ...]: this benchmark alone
    import sys
    import tempfile

    from bench.report import table

    chosen = tuple(int(size) for size in sys.argv[1:]) or SIZES
    kept = os.environ.get("KIMBOT_BENCH_DIR")  # the logs and databases kept there
    with tempfile.TemporaryDirectory() as scratch:
        print(table(asyncio.run(run(Path(kept or scratch), chosen))))
