"""The calendar feeds, served by the bot's HTTP server (`bot.http.server`).

`GET /calendar/TOKEN.ics` (and `HEAD`) answers a valid token with the feed, `ETag` and
`Cache-Control`, and `If-None-Match` with 304. Anything else — an unknown, revoked or malformed
token — gets the server's same bare 404 as any other path, so a guess learns nothing (and an
address that keeps guessing is answered ever more slowly: the server's guard). A token is never
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
import logging
from dataclasses import dataclass

from aiohttp import web
from isal import igzip

from bot.http.conditional import accepts_gzip, coded_etag, unchanged
from commands.calendar import (
    FeedBlocks,
    FeedContent,
    FeedSubject,
    feed_content,
    feed_subjects,
)
from commands.framework.context import CalendarSettings, Clock
from domain.feeds import token_hash
from storage import Database

log = logging.getLogger(__name__)

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


class CalendarFeeds:
    """`/calendar/TOKEN.ics`: each member's feed, and the group's."""

    def __init__(self, database: Database, settings: CalendarSettings, prefix: str,
                 clock: Clock) -> None:
        self.cache = FeedCache(database, settings, prefix, clock)

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/calendar/{name}", self.calendar)  # HEAD as well

    async def close(self) -> None:
        await self.cache.close()

    async def calendar(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if not name.endswith(".ics"):
            raise web.HTTPNotFound()
        prepared = await self.cache.feed(name.removesuffix(".ics"))
        if prepared is None:
            raise web.HTTPNotFound()
        gzipped = accepts_gzip(request.headers.get("Accept-Encoding", ""))
        headers = {"ETag": coded_etag(prepared.etag, gzipped),
                   "Cache-Control": "private, max-age=300", "Vary": "Accept-Encoding"}
        if unchanged(prepared.etag, request.headers.get("If-None-Match", "")):
            return web.Response(status=304, headers=headers)
        if gzipped:
            headers["Content-Encoding"] = "gzip"
        return web.Response(body=prepared.gzipped if gzipped else prepared.body,
                            headers=headers, content_type="text/calendar", charset="utf-8")
