"""The bot's HTTP server: calendar feeds and a health check (aiohttp).

`GET /calendar/TOKEN.ics` (and `HEAD`) answers a valid token with the feed, `ETag` and
`Cache-Control`, and `If-None-Match` with 304. Anything else — an unknown, revoked or malformed
token, any other path — gets the same bare 404, another method the same bare 405, so a guess
learns nothing; an address that keeps guessing is answered ever more slowly. A token is never
compared with a stored one: its SHA-256 is looked up, so the time a look-up takes says nothing
about how much of a token was right.

Feeds are prepared once per change, not per request: the rendered bytes, their gzip form and
their ETag are kept in memory under the database's calendar change counter
(`storage.changes`). While the counter stands, a request costs a dictionary look-up — a 304
no rendering and no query at all. After a change the first request renders again — only the
meetings the change touched, where the counter knows them, and the rest from the feed's last
version; requests for the same feed meanwhile wait for that one rendering, and the CPU work of
rendering runs in a worker thread, so the event loop keeps answering members' commands.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass

from aiohttp import web
from aiohttp.http_exceptions import BadHttpMessage
from isal import igzip
from prometheus_client import CONTENT_TYPE_LATEST

from bot.conditional import accepts_gzip, coded_etag, unchanged
from bot.metrics import Metrics
from bot.web import PublishedSite
from commands.calendar import (
    FeedBlocks,
    FeedContent,
    FeedSubject,
    feed_content,
    feed_subjects,
)
from commands.framework.context import CalendarSettings, Clock
from domain.feeds import token_hash
from domain.throttle import Throttle
from storage import Database

log = logging.getLogger(__name__)

#: The process's state for `/healthz`: its role, and checks that are true when all is well.
Health = Callable[[], Awaitable[dict[str, bool | str]]]


@dataclass(frozen=True)
class PreparedFeed:
    """A feed ready to serve, valid while the calendar change counter is at `version`; its
    meetings written out one by one, for the next version."""

    version: int
    etag: str
    body: bytes
    gzipped: bytes
    blocks: FeedBlocks


def prepare(content: FeedContent, version: int) -> PreparedFeed:
    """Render, compress and tag a feed (CPU only: runs in a worker thread)."""
    body, blocks = content.render()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    # ISA-L's gzip at level 1: a calendar's lines repeat so much that it still shrinks some
    # twentyfold, in a seventh of zlib's time at its own level 1 (6 MB: 3 against 21 ms,
    # and a smaller result; bench/RESULTS.md). Any gzip reader reads it.
    return PreparedFeed(version, etag, body, igzip.compress(body, compresslevel=1, mtime=0),
                        blocks)


class FeedCache:
    """Prepared feeds and the tokens that open them, both checked against the change counter:
    a revoked link or a removed member is a change, so a token is never served past it."""

    def __init__(self, database: Database, settings: CalendarSettings, prefix: str,
                 clock: Clock) -> None:
        self.database = database
        self.settings = settings
        self.prefix = prefix
        self.clock = clock
        self._subjects: dict[str, FeedSubject] = {}
        self._subjects_version = -1
        self._reading_subjects = asyncio.Lock()
        self._feeds: dict[FeedSubject, PreparedFeed] = {}
        self._rendering: dict[FeedSubject, asyncio.Task[PreparedFeed | None]] = {}

    async def feed(self, token: str) -> PreparedFeed | None:
        """The prepared feed a token opens, or None for any token that opens nothing."""
        subject = await self._subject(token)
        if subject is None:
            return None
        prepared = self._feeds.get(subject)
        if prepared is not None and prepared.version == self.database.calendar_changes.version:
            return prepared
        return await self._render_once(subject)

    async def _subject(self, token: str) -> FeedSubject | None:
        """What the token opens: every valid token's hash is kept in memory, read again after
        each change — a guess costs a look-up in a dictionary, never a query."""
        version = self.database.calendar_changes.version  # taken before reading
        if self._subjects_version != version:
            async with self._reading_subjects:
                if self._subjects_version != version:
                    async with self.database.unit_of_work() as uow:
                        self._subjects = await feed_subjects(uow)
                    self._subjects_version = version
        return self._subjects.get(token_hash(token))

    async def close(self) -> None:
        """End renderings under way before the database goes away."""
        for task in list(self._rendering.values()):
            task.cancel()
        await asyncio.gather(*self._rendering.values(), return_exceptions=True)

    async def _render_once(self, subject: FeedSubject) -> PreparedFeed | None:
        """One rendering per feed at a time; everyone asking meanwhile gets its result."""
        task = self._rendering.get(subject)
        if task is None:
            task = asyncio.ensure_future(self._render(subject))
            self._rendering[subject] = task
            task.add_done_callback(lambda _: self._rendering.pop(subject, None))
        return await asyncio.shield(task)

    async def _render(self, subject: FeedSubject) -> PreparedFeed | None:
        changes = self.database.calendar_changes
        version = changes.version  # taken before reading
        previous = self._feeds.get(subject)
        base, touched = None, None
        if previous is not None:
            base, touched = previous.blocks, changes.since(previous.version)
        async with self.database.unit_of_work() as uow:
            content = await feed_content(uow, subject, self.settings, self.prefix, self.clock(),
                                         base, touched)
        if content is None:
            return None
        prepared = await asyncio.to_thread(prepare, content, version)
        self._feeds[subject] = prepared
        return prepared


#: Answers held back for one address at a time; beyond, it is told to come back later.
HELD_PER_ADDRESS = 8


def _not_found() -> web.Response:
    return web.Response(status=404, text="Not Found")


def _not_allowed() -> web.Response:
    return web.Response(status=405, text="Method Not Allowed", headers={"Allow": "GET, HEAD"})


class FeedServer:
    def __init__(
        self,
        database: Database,
        settings: CalendarSettings,
        *,
        bind: str,
        port: int,
        prefix: str,
        clock: Clock,
        health: Health,
        trusted_proxies: Collection[str] = (),
        throttle: Throttle | None = None,
        metrics: Callable[[], Awaitable[bytes]] | None = None,
        metrics_token: str | None = None,
        metrics_bind: tuple[str, int] | None = None,
        counters: Metrics | None = None,
        site: PublishedSite | None = None,
    ) -> None:
        self.cache = FeedCache(database, settings, prefix, clock)
        #: The group's record on the web (OParl and pages), served beside the feeds.
        self.site = site
        #: `GET /metrics`: the scrape's text, who may read it, and where it is served.
        self.metrics = metrics
        self.metrics_token = metrics_token
        self.metrics_bind = metrics_bind
        self.counters = counters or Metrics()
        self.bind = bind
        self.port = port
        self.health = health
        self.trusted_proxies = frozenset(trusted_proxies)
        self.throttle = throttle if throttle is not None else Throttle()
        self._held: Counter[str] = Counter()
        self._runner: web.AppRunner | None = None
        self._metrics_runner: web.AppRunner | None = None

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        app.router.add_get("/calendar/{name}", self.calendar)  # HEAD as well
        app.router.add_get("/healthz", self.healthz)
        if self.site is not None:
            self.site.routes(app)
        if self.metrics is not None and self.metrics_bind is None:
            app.router.add_get("/metrics", self.scrape)
        return app

    def metrics_application(self) -> web.Application:
        """`/metrics` alone, for a listener of its own (an internal address)."""
        app = web.Application()
        app.router.add_get("/metrics", self.scrape)
        return app

    async def start(self) -> None:
        server_log = logging.getLogger("aiohttp.server")
        if not any(isinstance(f, _UnreadableRequests) for f in server_log.filters):
            server_log.addFilter(_UnreadableRequests())
        self._runner = web.AppRunner(self.application(), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.bind, self.port).start()
        log.info("calendar feeds on http://%s:%d", self.bind, self.port)
        if self.metrics is not None and self.metrics_bind is not None:
            self._metrics_runner = web.AppRunner(self.metrics_application(), access_log=None)
            await self._metrics_runner.setup()
            await web.TCPSite(self._metrics_runner, *self.metrics_bind).start()
            log.info("metrics on http://%s:%d/metrics", *self.metrics_bind)

    async def stop(self) -> None:
        if self._metrics_runner is not None:
            await self._metrics_runner.cleanup()
        if self._runner is not None:
            await self._runner.cleanup()
        await self.cache.close()
        if self.site is not None:
            await self.site.close()

    async def calendar(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if not name.endswith(".ics"):
            return _not_found()
        prepared = await self.cache.feed(name.removesuffix(".ics"))
        if prepared is None:
            return _not_found()
        gzipped = accepts_gzip(request.headers.get("Accept-Encoding", ""))
        headers = {"ETag": coded_etag(prepared.etag, gzipped),
                   "Cache-Control": "private, max-age=300", "Vary": "Accept-Encoding"}
        if unchanged(prepared.etag, request.headers.get("If-None-Match", "")):
            return web.Response(status=304, headers=headers)
        if gzipped:
            headers["Content-Encoding"] = "gzip"
        return web.Response(body=prepared.gzipped if gzipped else prepared.body,
                            headers=headers, content_type="text/calendar", charset="utf-8")

    @web.middleware
    async def _guard(
        self, request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        """Every miss looks the same (a bare 404, or 405 for another method), and an address
        that keeps missing is answered ever more slowly (`domain.throttle`)."""
        try:
            response = await handler(request)
        except web.HTTPMethodNotAllowed:
            response = _not_allowed()
        except web.HTTPException:
            response = _not_found()
        if response.status in (404, 405):
            # A miss costs a look-up in memory; holding it back is what slows a guesser.
            address = self._client(request)
            if self._held[address] >= HELD_PER_ADDRESS:
                response = web.Response(status=429, text="Too Many Requests", headers={
                    "Retry-After": str(int(self.throttle.longest_wait))})
            else:
                await self._hold_back(address)
        kind = request.path.split("/")[1] if request.path.count("/") else ""
        self.counters.feed_requests.labels(
            kind if kind in ("calendar", "healthz", "metrics", "oparl", "web") else "other",
            str(response.status)).inc()
        return response

    async def _hold_back(self, address: str) -> None:
        wait = self.throttle.charge(address, time.monotonic())
        if wait <= 0:
            return
        self._held[address] += 1
        try:
            await asyncio.sleep(wait)
        finally:
            self._held[address] -= 1
            if not self._held[address]:
                del self._held[address]
        if len(self.throttle) > self.throttle.addresses // 2:
            self.throttle.forget_idle(time.monotonic())

    def _client(self, request: web.Request) -> str:
        """The client's address; behind a trusted proxy, the last address before it."""
        address = request.remote or ""
        if address not in self.trusted_proxies:
            return address
        for hop in reversed(request.headers.getall("X-Forwarded-For", [])):
            for entry in reversed([part.strip() for part in hop.split(",")]):
                if entry and entry not in self.trusted_proxies:
                    return entry
        return address

    async def scrape(self, request: web.Request) -> web.Response:
        """Prometheus text; with a token set, only for `Authorization: Bearer TOKEN` — anyone
        else gets the same 404 as for any unknown path."""
        assert self.metrics is not None
        if self.metrics_token is not None and not hmac.compare_digest(
                request.headers.get("Authorization", "").encode(),
                f"Bearer {self.metrics_token}".encode()):
            return _not_found()
        return web.Response(body=await self.metrics(), headers={
            "Content-Type": CONTENT_TYPE_LATEST})

    async def healthz(self, request: web.Request) -> web.Response:
        state = await self.health()
        healthy = all(value for value in state.values() if isinstance(value, bool))
        return web.json_response(state, status=200 if healthy else 503)


class _UnreadableRequests(logging.Filter):
    """aiohttp logs every request it cannot read as HTTP (too long, bad characters, TLS on a
    plain port) as an error with a traceback; facing the internet that is scanners' noise, so
    such a request is logged once, briefly, at debug level."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, BadHttpMessage):
            log.debug("unreadable HTTP request: %s", type(error).__name__)
            return False
        return True
