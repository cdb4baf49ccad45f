"""A feed server on its own, for the feed benchmarks (a process like the bot's).

    python -m bench.feed_server kimbot DATABASE_URL PORT    # kimbot's HTTP server, no Matrix
    python -m bench.feed_server minimal FILE ETAG PORT       # the limit: bytes from memory
"""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from aiohttp import web

from bot.cli import settle_garbage_collector
from bot.clock import utc_now
from bot.http.feeds import CalendarFeeds
from bot.http.server import HttpServer
from bot.http.site import PublishedSite
from commands.framework.context import CalendarSettings
from storage import Database
from web.oparl import BodyInfo


async def healthy() -> dict[str, bool | str]:
    return {"synced": True, "database": True}


async def serve_kimbot(url: str, port: int) -> None:
    database = Database(url)
    settings = CalendarSettings(feed_url=f"http://127.0.0.1:{port}")
    site = PublishedSite(database, settings, prefix="!", clock=utc_now, body=BodyInfo())
    feeds = CalendarFeeds(database, settings, "!", utc_now)
    server = HttpServer(bind="127.0.0.1", port=port, health=healthy, parts=[feeds, site])
    await server.start()
    settle_garbage_collector()
    await _until_terminated()
    await server.stop()
    await database.dispose()


async def serve_minimal(body: bytes, etag: str, port: int) -> None:
    """The least any server can do: the same bytes and ETag, from memory, 304 on a match."""
    async def calendar(request: web.Request) -> web.Response:
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=body, headers={"ETag": etag}, content_type="text/calendar",
                            charset="utf-8")

    app = web.Application()
    app.router.add_get("/calendar/{name}", calendar)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    await _until_terminated()
    await runner.cleanup()


async def _until_terminated() -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    print("ready", flush=True)
    await stop.wait()


def main() -> None:
    kind = sys.argv[1]
    if kind == "kimbot":
        asyncio.run(serve_kimbot(sys.argv[2], int(sys.argv[3])))
    else:
        asyncio.run(serve_minimal(Path(sys.argv[2]).read_bytes(), sys.argv[3],
                                  int(sys.argv[4])))


if __name__ == "__main__":
    main()
