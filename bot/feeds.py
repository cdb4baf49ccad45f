"""The bot's HTTP server: calendar feeds and a health check (aiohttp).

`GET /calendar/TOKEN.ics` answers a valid token with the feed, `ETag` and `Cache-Control`, and
`If-None-Match` with 304. Anything else — an unknown or revoked token, any other path — gets
the same bare 404, so a guess learns nothing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from commands.calendar import feed_for
from commands.framework.context import CalendarSettings, Clock
from storage import Database

log = logging.getLogger(__name__)

Health = Callable[[], Awaitable[dict[str, bool]]]


def _not_found() -> web.Response:
    return web.Response(status=404, text="Not Found")


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
    ) -> None:
        self.database = database
        self.settings = settings
        self.bind = bind
        self.port = port
        self.prefix = prefix
        self.clock = clock
        self.health = health
        self._runner: web.AppRunner | None = None

    def application(self) -> web.Application:
        app = web.Application(middlewares=[_uniform_404])
        app.router.add_get("/calendar/{name}", self.calendar)
        app.router.add_get("/healthz", self.healthz)
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self.application(), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.bind, self.port).start()
        log.info("calendar feeds on http://%s:%d", self.bind, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def calendar(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if not name.endswith(".ics"):
            return _not_found()
        async with self.database.unit_of_work() as uow:
            body = await feed_for(uow, name.removesuffix(".ics"), self.settings, self.prefix,
                                  self.clock())
        if body is None:
            return _not_found()
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        headers = {"ETag": etag, "Cache-Control": "private, max-age=300"}
        if etag in _etags(request.headers.get("If-None-Match", "")):
            return web.Response(status=304, headers=headers)
        return web.Response(body=body, headers=headers,
                            content_type="text/calendar", charset="utf-8")

    async def healthz(self, request: web.Request) -> web.Response:
        state = await self.health()
        return web.json_response(state, status=200 if all(state.values()) else 503)


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


@web.middleware
async def _uniform_404(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPNotFound:
        return _not_found()
    except web.HTTPMethodNotAllowed:
        return _not_found()
