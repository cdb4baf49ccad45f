"""The feed server over real HTTP on loopback, as a calendar app or a guesser meets it: every
miss looks the same, HEAD works, other methods get 405, a flood of guesses from one address is
slowed without slowing anyone else, and timing tells nothing about a token."""

from __future__ import annotations

import asyncio
import gzip
import logging
import statistics
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from yarl import URL

from bot.http.feeds import CalendarFeeds
from bot.http.server import HELD_PER_ADDRESS, HttpServer
from bot.metrics import Metrics
from commands.framework.context import CalendarSettings
from domain.throttle import Throttle
from storage import Database
from tests.storage.test_feed_cache import PERSONAL as PERSONAL_TOKEN
from tests.storage.test_feed_cache import SHARED as SHARED_TOKEN
from tests.storage.test_feed_cache import group_with_feeds
from tests.support.synapse import free_port

# As they stand in a feed link (the test tokens hold an umlaut; real ones are URL-safe).
PERSONAL, SHARED = quote(PERSONAL_TOKEN), quote(SHARED_TOKEN)


@dataclass
class Served:
    base: str
    server: HttpServer


async def _healthy() -> dict[str, bool | str]:
    return {"synced": True, "database": True}


@asynccontextmanager
async def serve(database: Database, throttle: Throttle, trusted: tuple[str, ...] = (),
                counters: Metrics | None = None) -> AsyncIterator[Served]:
    run, _ = await group_with_feeds(database)
    port = free_port()
    feeds = CalendarFeeds(database, CalendarSettings(), "!", lambda: run.now)
    server = HttpServer(bind="127.0.0.1", port=port, health=_healthy, parts=[feeds],
                        trusted_proxies=trusted, throttle=throttle, counters=counters)
    await server.start()
    try:
        yield Served(f"http://127.0.0.1:{port}", server)
    finally:
        await server.stop()


@pytest.fixture
async def served(database: Database) -> AsyncIterator[Served]:
    async with serve(database, Throttle(capacity=10_000, rate=10_000)) as served:
        yield served


async def ask(base: str, path: str, method: str = "GET",
              headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    url = URL(base + path, encoded=True)  # sent as written: no client-side normalising
    async with aiohttp.ClientSession() as session, session.request(
            method, url, headers=headers or {}) as response:
        kept = {k.lower(): v for k, v in response.headers.items() if k.lower() != "date"}
        return response.status, await response.read(), kept


MISSES = [
    "/calendar/unknown.ics",
    "/calendar/" + PERSONAL,  # the right token without .ics
    "/calendar/" + PERSONAL[:-1] + ".ics",  # one character short
    "/calendar/" + PERSONAL.upper() + ".ics",
    "/calendar/%00.ics",
    "/calendar/" + "a" * 4000 + ".ics",
    "/calendar/%2e%2e%2fhealthz",
    "/calendar/..%2f" + PERSONAL + ".ics",
    "/calendar/a%2Fb.ics",
    "/calendar/../healthz.ics",
    "/calendar/",
    "/calendar",
    "/",
    "/../../etc/passwd",
    "/calendar/" + PERSONAL + ".ics/",
    "/Calendar/" + PERSONAL + ".ics",
    "/calendar/%E2%80%AE.ics",
]


async def test_every_miss_gets_the_same_bare_404(served: Served) -> None:
    answers = [await ask(served.base, path) for path in MISSES]
    assert {(status, body) for status, body, _ in answers} == {(404, b"Not Found")}
    assert len({tuple(sorted(headers.items())) for _, _, headers in answers}) == 1
    status, body, _ = await ask(served.base, f"/calendar/{PERSONAL}.ics")
    assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")


async def test_a_client_that_accepts_gzip_gets_the_same_calendar_compressed(
    served: Served,
) -> None:
    """Read back with the standard library's zlib, not with what compressed it."""
    path = f"/calendar/{SHARED}.ics"
    _, plain, plain_headers = await ask(served.base, path, headers={"Accept-Encoding": "identity"})
    async with aiohttp.ClientSession(auto_decompress=False) as session, session.get(
            served.base + path, headers={"Accept-Encoding": "gzip, deflate"}) as response:
        assert response.status == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Vary"] == "Accept-Encoding"
        coded_tag = response.headers["ETag"]
        compressed = await response.read()
    assert "content-encoding" not in plain_headers
    assert gzip.decompress(compressed) == plain and plain.startswith(b"BEGIN:VCALENDAR")
    assert len(compressed) < len(plain)
    # A strong tag names one representation; either one the client holds is still current.
    assert coded_tag != plain_headers["etag"] and coded_tag.endswith('-gz"')
    for held in (coded_tag, plain_headers["etag"]):
        for accepted in ("gzip", "identity"):
            status, body, _ = await ask(served.base, path, headers={
                "If-None-Match": held, "Accept-Encoding": accepted})
            assert (status, body) == (304, b""), (held, accepted)


async def test_head_answers_like_get_and_other_methods_get_405(served: Served) -> None:
    path = f"/calendar/{SHARED}.ics"
    status, body, headers = await ask(served.base, path, "HEAD")
    _, full, got = await ask(served.base, path)
    assert status == 200 and body == b"", (status, headers)
    assert headers["etag"] == got["etag"]
    assert headers["content-length"] == got["content-length"] and full
    refusals = [await ask(served.base, p, method)
                for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND")
                for p in (path, "/calendar/unknown.ics")]
    assert {(s, b, h.get("allow")) for s, b, h in refusals} == {
        (405, b"Method Not Allowed", "GET, HEAD")}
    assert (await ask(served.base, "/nowhere", "POST"))[:2] == (404, b"Not Found")


async def test_requests_that_are_not_valid_http_learn_nothing(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    """Beyond aiohttp's limits (8 KiB a line or header) a request is not HTTP the server reads:
    a bare 400 that at most repeats what the client sent itself, never a feed, and the
    server goes on serving."""
    huge = {"X-Filler": "x" * 20_000}
    status, body, _ = await ask(served.base, f"/calendar/{PERSONAL}.ics", headers=huge)
    assert status == 400 and b"VCALENDAR" not in body and PERSONAL.encode() not in body
    status, body, _ = await ask(served.base, "/calendar/" + "b" * 20_000 + ".ics")
    assert status == 400 and b"VCALENDAR" not in body
    assert (await ask(served.base, f"/calendar/{PERSONAL}.ics"))[0] == 200
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], \
        "a scanner's noise is not an error in the bot's log"


async def test_a_flood_of_guesses_is_slowed_and_good_requests_are_not(
    database: Database,
) -> None:
    # 5 guesses free, then 10 a second: 20 more guesses, one after another, take 2 s.
    counters = Metrics()
    async with serve(database, Throttle(capacity=5, rate=10), counters=counters) as served, \
            aiohttp.ClientSession() as session:

        async def guess(n: int) -> int:
            url = f"{served.base}/calendar/guess-{n}.ics"
            async with session.get(url) as response:
                return response.status

        async def guesser() -> float:
            started = time.monotonic()
            for n in range(25):
                assert await guess(n) == 404
            return time.monotonic() - started

        guessing = asyncio.ensure_future(guesser())
        await asyncio.sleep(0.5)  # the guesser is being held back now
        good_started = time.monotonic()
        async with session.get(f"{served.base}/calendar/{PERSONAL}.ics") as response:
            assert response.status == 200
        good = time.monotonic() - good_started
        assert await guessing >= 1.5, "guesses beyond the bucket wait"
        assert good < 1.0, "a request that opens a feed does not wait behind them"

        # Many at once: a few are held back, the rest told to come back later.
        # (How many are held depends on how the bucket has grown back meanwhile and on how
        # fast held ones leave; the rest are told to come back.)
        statuses = await asyncio.gather(*(guess(n) for n in range(40)))
        assert set(statuses) == {404, 429} and statuses.count(429) >= 40 - 3 * HELD_PER_ADDRESS

    # The metrics count what the clients were answered.
    def counted(status: str) -> float | None:
        return counters.registry.get_sample_value(
            "kimbot_http_requests_total", {"path": "calendar", "status": status})

    assert counted("429") == statuses.count(429)
    assert counted("404") == 25 + statuses.count(404)
    assert counted("200") == 1


async def test_behind_a_trusted_proxy_each_client_has_its_own_bucket(
    database: Database,
) -> None:
    async with serve(database, Throttle(capacity=3, rate=1),
                     trusted=("127.0.0.1",)) as served:
        for _ in range(3):  # the guesser's bucket is now empty
            await ask(served.base, "/calendar/x.ics", headers={"X-Forwarded-For": "10.0.0.1"})
        started = time.monotonic()
        await ask(served.base, "/calendar/x.ics", headers={"X-Forwarded-For": "10.0.0.2"})
        other = time.monotonic() - started
        started = time.monotonic()
        await ask(served.base, "/calendar/x.ics", headers={"X-Forwarded-For": "10.0.0.1"})
        guesser = time.monotonic() - started
    assert other < 0.5 <= guesser


async def test_timing_says_nothing_about_a_token(served: Served) -> None:
    """1,000 requests each, interleaved: the right token (304), one wrong in its last
    character, and one wrong from its first — their times overlap so far that none can be
    told from another."""
    right = f"/calendar/{PERSONAL}.ics"
    _, _, headers = await ask(served.base, right)
    etag = headers["etag"]
    kinds = {
        "right": right,
        "last wrong": f"/calendar/{PERSONAL[:-1]}{'b' if PERSONAL[-1] != 'b' else 'c'}.ics",
        "first wrong": f"/calendar/X{PERSONAL[1:]}.ics",
    }
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    async with aiohttp.ClientSession() as session:
        for _ in range(1000):
            for kind, path in kinds.items():
                started = time.perf_counter()
                async with session.get(served.base + path,
                                       headers={"If-None-Match": etag}) as response:
                    await response.read()
                times[kind].append(time.perf_counter() - started)
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    spread = min(statistics.quantiles(values, n=4)[2] - statistics.quantiles(values, n=4)[0]
                 for values in times.values())
    assert max(medians.values()) - min(medians.values()) < max(spread, 50e-6), medians


async def test_metrics_on_a_listener_of_their_own(database: Database) -> None:
    """With `[metrics] port`, /metrics is served there alone, and the feeds' server has none."""
    counters = Metrics()
    counters.events.labels("message").inc(3)
    feeds_port, metrics_port = free_port(), free_port()

    async def scrape() -> bytes:
        return await counters.render(database, lambda: datetime.now(UTC), None)

    feeds = CalendarFeeds(database, CalendarSettings(), "!", lambda: datetime.now(UTC))
    server = HttpServer(bind="127.0.0.1", port=feeds_port, health=_healthy, parts=[feeds],
                        metrics=scrape, metrics_bind=("127.0.0.1", metrics_port),
                        counters=counters)
    await server.start()
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{metrics_port}/metrics") as response:
                assert response.status == 200
                text = await response.text()
            async with session.get(f"http://127.0.0.1:{feeds_port}/metrics") as response:
                assert response.status == 404
            async with session.get(f"http://127.0.0.1:{metrics_port}/calendar/x.ics") as response:
                assert response.status == 404
    finally:
        await server.stop()
    found = {(s.name, tuple(sorted(s.labels.items()))): s.value
             for family in text_string_to_metric_families(text) for s in family.samples}
    assert found[("kimbot_events_total", (("kind", "message"),))] == 3
    assert found[("kimbot_outbox_pending", ())] == 0
