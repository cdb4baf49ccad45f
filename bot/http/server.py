"""The bot's one HTTP server (aiohttp): the routes of its parts — the calendar feeds
(`bot.http.feeds`), the published web with OParl (`bot.http.site`) — behind one guard, and its
own `/healthz` and `/metrics` (the latter on a listener of its own where configured).

Every miss looks the same: an unknown path, an unknown or revoked token, a group that
publishes nothing — a bare 404, another method a bare 405, so a guess learns nothing; an
address that keeps missing is answered ever more slowly (`domain.throttle`).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Collection, Sequence
from typing import Protocol

from aiohttp import web
from aiohttp.http_exceptions import BadHttpMessage
from prometheus_client import CONTENT_TYPE_LATEST

from bot.metrics import Metrics
from domain.throttle import Throttle

log = logging.getLogger(__name__)

#: The process's state for `/healthz`: its role, and checks that are true when all is well.
Health = Callable[[], Awaitable[dict[str, bool | str]]]
#: Answers held back for one address at a time; beyond, it is told to come back later.
HELD_PER_ADDRESS = 8
#: The first path parts the request counter tells apart.
PATH_KINDS = ("calendar", "healthz", "metrics", "oparl", "web")


class Part(Protocol):
    """What the server serves besides itself: its routes, and what to end at a stop."""

    def routes(self, app: web.Application) -> None: ...

    async def close(self) -> None: ...


class HttpServer:
    def __init__(
        self,
        *,
        bind: str,
        port: int,
        health: Health,
        parts: Sequence[Part] = (),
        trusted_proxies: Collection[str] = (),
        throttle: Throttle | None = None,
        metrics: Callable[[], Awaitable[bytes]] | None = None,
        metrics_token: str | None = None,
        metrics_bind: tuple[str, int] | None = None,
        counters: Metrics | None = None,
    ) -> None:
        self.parts = list(parts)
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
        for part in self.parts:
            part.routes(app)
        app.router.add_get("/healthz", self.healthz)
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
        log.info("HTTP (feeds, web, health) on http://%s:%d", self.bind, self.port)
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
        for part in self.parts:
            await part.close()

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
        self.counters.feed_requests.labels(kind if kind in PATH_KINDS else "other",
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

def _not_found() -> web.Response:
    return web.Response(status=404, text="Not Found")


def _not_allowed() -> web.Response:
    return web.Response(status=405, text="Method Not Allowed", headers={"Allow": "GET, HEAD"})


