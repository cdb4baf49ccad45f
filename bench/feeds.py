"""Calendar feeds: what a subscription costs the bot, against the limit of its stack.

- **Cold render**: the first request after a change (an answer arrives) prepares the feed anew —
  group feed (every member as attendee) and a personal one, at 100, 300 and 1,000 meetings with
  40 members, so growth is visible. Target at 1,000 meetings: ≤ 50 ms. Shown beside it: the
  feed written whole, as the first request after a start does.
- **Warm requests per second** on the 200 path and the 304 path, kimbot's feed server against
  the limit of its stack — a minimal aiohttp handler returning the same bytes with the same ETag
  from memory — each in a process of its own, driven by the same client. Target ≥ 0.5×.
- **gzip** when the client accepts it (size shown).
- **Radicale** (from PyPI) serving the same calendar, as the peer a municipality might run.
- **The published web** (#15) the same way: the first OParl list page after a published change
  (the record read and the page written) at 100, 300 and 1,000 meetings, and warm requests
  per second for that page and for the meetings page against the same minimal handler.
"""

from __future__ import annotations

import asyncio
import itertools
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
from sqlalchemy import update

from bench.peers import BENCH_VENV
from bench.report import Better, Figure
from bench.seed import SeededGroup, seed_group, seed_meetings
from bot.cli import settle_garbage_collector
from bot.http.feeds import FeedCache
from bot.http.site import PublishedSite
from commands.framework.context import CalendarSettings
from domain.group import Publication
from domain.meetings import RsvpAnswer
from storage import Database
from storage.models import Group, Meeting, Occurrence, RsvpRecord
from tests.support.synapse import free_port, terminate
from web.oparl import BodyInfo

SIZES = (100, 300, 1000)
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
CONCURRENCY = 8
CHANGES = itertools.count()
PLACES = itertools.count()


async def change_something(database: Database, group: SeededGroup, serial: int) -> None:
    """An answer arrives: a change every calendar shows."""
    async with database.unit_of_work() as uow:
        occurrence_id = await uow.session.scalar(
            Occurrence.__table__.select().with_only_columns(Occurrence.id)
            .join(Meeting.__table__).where(Meeting.group_id == group.group_id).limit(1))
        uow.session.add(RsvpRecord(occurrence_id=occurrence_id, user_id=group.members[1],
                                   answer=RsvpAnswer.YES if serial % 2 else RsvpAnswer.NO,
                                   event_id=f"$bench-change-{serial}", answered_at=NOW,
                                   withdrawn=False))


async def publish(database: Database, group: SeededGroup) -> None:
    async with database.unit_of_work() as uow:
        await uow.session.execute(update(Group).where(Group.id == group.group_id)
                                  .values(publish=Publication.PUBLIC))


async def published_cold(database: Database, group: SeededGroup, times: int = 3) -> float:
    """Milliseconds from a published change (a meeting's place) to the first OParl page of
    the group's meetings prepared anew; the median. (A count of its own: the answers of
    `change_something` must keep alternating.)"""
    site = PublishedSite(database, CalendarSettings(), prefix="!", clock=lambda: NOW,
                         body=BodyInfo())
    timings = []
    for _ in range(times):
        async with database.unit_of_work() as uow:
            await uow.session.execute(update(Meeting).where(
                Meeting.group_id == group.group_id, Meeting.number == 1).values(
                    location=f"Raum {next(PLACES)}"))
        started = time.perf_counter()
        view = await site.view(None)
        assert view is not None
        prepared = await site.answer("oparl", view, "body/meetings", {})
        timings.append((time.perf_counter() - started) * 1000)
        assert prepared is not None
    return statistics.median(timings)


async def cold_render(database: Database, group: SeededGroup, token: str,
                      times: int = 5) -> tuple[float, float, int]:
    """Milliseconds to the prepared feed: the first time (the whole feed written, as after a
    start) and the median from a change (an answer) to the feed prepared anew; the size."""
    cache = FeedCache(database, CalendarSettings(), "!", lambda: NOW)
    started = time.perf_counter()
    first = await cache.feed(token)
    whole = (time.perf_counter() - started) * 1000
    assert first is not None
    timings = []
    previous = first
    for _ in range(times):
        await change_something(database, group, next(CHANGES))
        started = time.perf_counter()
        prepared = await cache.feed(token)
        timings.append((time.perf_counter() - started) * 1000)
        assert prepared is not None and prepared.etag != previous.etag, "the answer shows"
        previous = prepared
    size = len(previous.body)
    return whole, statistics.median(timings), size


async def throughput(url: str, *, total: int, etag: str | None = None, gzip: bool = False,
                     seconds: float = 20) -> float:
    """Requests per second with CONCURRENCY keep-alive connections (bounded in count and
    time); every answer is checked."""
    headers = {"Accept-Encoding": "gzip" if gzip else "identity"}
    if etag:
        headers["If-None-Match"] = etag
    expected = 304 if etag else 200
    done = 0
    deadline = time.monotonic() + seconds

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal done
        while done < total and time.monotonic() < deadline:
            done += 1
            async with session.get(url, headers=headers) as response:
                await response.read()
                if response.status != expected:
                    raise AssertionError(f"{url}: {response.status}, expected {expected}")

    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector, auto_decompress=False) as session:
        for _ in range(20):  # warm the connections
            async with session.get(url, headers=headers) as response:
                await response.read()
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(CONCURRENCY)))
        return done / (time.perf_counter() - started)


def start_server(argv: list[str], log: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=open(log, "ab"))  # noqa: SIM115
    assert process.stdout is not None
    if process.stdout.readline().strip() != b"ready":
        raise RuntimeError(f"{argv[2:4]} did not start; see {log}")
    return process


async def radicale_rate(directory: Path, body: bytes, total: int) -> tuple[float, bool] | None:
    """Radicale serving the same calendar: requests per second, and whether it answers 304."""
    radicale = BENCH_VENV / "bin" / "python"
    if not radicale.exists():
        return None
    port = free_port()
    process = subprocess.Popen(
        [str(radicale), "-m", "radicale", "--server-hosts", f"127.0.0.1:{port}",
         "--auth-type", "none", "--rights-type", "authenticated",
         "--storage-filesystem-folder", str(directory / "radicale"),
         "--logging-level", "error"],
        stdout=subprocess.DEVNULL, stderr=open(directory / "radicale.log", "ab"))  # noqa: SIM115
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(100):
                try:
                    async with session.request("MKCOL", f"{base}/kim/") as response:
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
            async with session.put(f"{base}/kim/lenkungsgruppe.ics/", data=body,
                                   headers={"Content-Type": "text/calendar"}) as response:
                if response.status not in (200, 201):
                    raise RuntimeError(f"Radicale refused the calendar: {response.status}")
            async with session.get(f"{base}/kim/lenkungsgruppe.ics/") as response:
                etag = response.headers.get("ETag", "")
                await response.read()
            async with session.get(f"{base}/kim/lenkungsgruppe.ics/",
                                   headers={"If-None-Match": etag}) as response:
                answers_304 = response.status == 304
        rate = await throughput(f"{base}/kim/lenkungsgruppe.ics/", total=total, seconds=15)
        return rate, answers_304
    finally:
        terminate(process)


async def warm_rates(url: str, limit_url: str, etag: str, requests: int,
                     name: str) -> list[Figure]:
    """Requests per second on the 200 and the 304 path, ours against the minimal handler
    serving the same bytes (`name` with `{}` for the path)."""
    figures = []
    for label, count, tag in (("200", requests, None), ("304", requests * 10, etag)):
        limit = await throughput(limit_url, total=count, etag=tag)
        ours = await throughput(url, total=count, etag=tag)
        figures.append(Figure(name.format(label), ours, "req/s", limit, "minimal aiohttp",
                              target=0.5, better=Better.HIGHER))
    return figures


async def _published_rates(directory: Path, port: int, group: SeededGroup,
                           requests: int) -> list[Figure]:
    """Warm requests per second for published pages, against the minimal handler serving
    the same bytes."""
    figures = []
    for name, path in (("OParl meetings page", "/oparl/v1/body/meetings"),
                       ("meetings page (HTML)", f"/web/{group.group_id}/meetings")):
        url = f"http://127.0.0.1:{port}{path}"
        async with aiohttp.ClientSession(auto_decompress=False) as session, session.get(
                url, headers={"Accept-Encoding": "identity"}) as response:
            assert response.status == 200, (url, response.status)
            body, etag = await response.read(), response.headers["ETag"]
        (directory / "published").write_bytes(body)
        minimal_port = free_port()
        minimal = start_server([sys.executable, "-m", "bench.feed_server", "minimal",
                                str(directory / "published"), etag, str(minimal_port)],
                               directory / "minimal-web.log")
        try:
            figures += await warm_rates(url, f"http://127.0.0.1:{minimal_port}/calendar/x",
                                        etag, requests, f"web requests/s, {{}} path, {name} "
                                        f"({len(body) // 1024} KiB)")
        finally:
            terminate(minimal)
    return figures


async def run(directory: Path, requests: int) -> list[Figure]:
    directory.mkdir(parents=True, exist_ok=True)
    url = f"sqlite+aiosqlite:///{directory / 'feeds.db'}"
    database = Database(url)
    await database.migrate()
    figures: list[Figure] = []
    try:
        group = await seed_group(database, seats=20, now=NOW)
        await publish(database, group)
        settle_garbage_collector()  # as the bot does at its start
        seeded = 0
        for size in SIZES:
            await seed_meetings(database, group, size - seeded)
            seeded = size
            for kind, token in (("group", group.group_token),
                                ("personal", group.personal_token)):
                whole, milliseconds, length = await cold_render(database, group, token)
                print(f"  {kind} feed, {size} meetings ({length / 1024:.0f} KiB): whole "
                      f"{whole:.0f} ms, after a change {milliseconds:.0f} ms", flush=True)
                at_target = size == SIZES[-1]
                figures.append(Figure(
                    f"feed written whole, {kind}, {size} meetings × 41 people", whole, "ms"))
                figures.append(Figure(
                    f"feed cold after a change, {kind}, {size} meetings × 41 people",
                    milliseconds, "ms", limit=50 if at_target and kind == "group" else None))
            web = await published_cold(database, group)
            print(f"  published web, {size} meetings: first OParl page after a change "
                  f"{web:.0f} ms", flush=True)
            figures.append(Figure(f"web cold after a change, OParl meetings page, {size} "
                                  "meetings", web, "ms"))
    finally:
        await database.dispose()

    kimbot_port, minimal_port = free_port(), free_port()
    kimbot = start_server([sys.executable, "-m", "bench.feed_server", "kimbot", url,
                           str(kimbot_port)], directory / "kimbot-feeds.log")
    try:
        feed_url = f"http://127.0.0.1:{kimbot_port}/calendar/{group.group_token}.ics"
        async with aiohttp.ClientSession(auto_decompress=False) as session:
            async with session.get(feed_url, headers={"Accept-Encoding": "identity"}) as r:
                body, etag = await r.read(), r.headers["ETag"]
            async with session.get(feed_url, headers={"Accept-Encoding": "gzip"}) as r:
                gzipped = await r.read()
                assert r.headers.get("Content-Encoding") == "gzip"
        (directory / "feed.ics").write_bytes(body)
        minimal = start_server([sys.executable, "-m", "bench.feed_server", "minimal",
                                str(directory / "feed.ics"), etag, str(minimal_port)],
                               directory / "minimal.log")
        try:
            figures += await warm_rates(feed_url, f"http://127.0.0.1:{minimal_port}/calendar/x.ics",
                                        etag, requests, "feed requests/s, {} path, group feed "
                                        f"({len(body) // 1024} KiB)")
            compressed = await throughput(feed_url, total=requests, gzip=True)
            figures.append(Figure(f"feed requests/s, 200 path with gzip ({len(gzipped) // 1024}"
                                  " KiB)", compressed, "req/s", None))
        finally:
            terminate(minimal)
        figures += await _published_rates(directory, kimbot_port, group, requests)
    finally:
        terminate(kimbot)
    peer = await radicale_rate(directory, body, total=max(20, requests // 20))
    if peer is not None:
        rate, answers_304 = peer
        answers = "answers 304" if answers_304 else "no 304"
        figures.append(Figure(f"Radicale, same calendar, requests/s ({answers})", rate, "req/s"))
    return figures
