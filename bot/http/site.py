"""The group's record on the web, served by the bot's HTTP server: OParl 1.1 under
`/oparl/v1/` and pages under `/web/` — for a member's link with the token as the first part
of the path (`/oparl/v1/TOKEN/system`, `/web/TOKEN/`).

Who sees what: without a token, the groups that publish to anyone; with a member's token, also
that member's group where it publishes to members. Anything else — an unknown or revoked
token, a group that publishes nothing, a path that does not exist — is the feeds' same bare
404, counted and slowed by the same guard.

As the feeds, it costs nothing while nothing changed: the published record is read once per
change of what the web shows (`storage.changes.PublishedChanges`) and every answer is kept,
rendered, gzipped and tagged, until the next change; rendering runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from aiohttp import web

from bot.http.conditional import accepts_gzip, coded_etag, unchanged
from commands.framework.context import CalendarSettings, Clock
from commands.publication import published_groups, published_record
from domain.feeds import token_hash
from domain.group import Publication
from domain.publication import PublishedRecord
from storage import Database
from storage.reader import ThreadedReader
from storage.unit_of_work import UnitOfWork
from web.oparl import BadFilter, BodyInfo, Download, OParlSite, encode
from web.pages import STYLESHEET, FileAnswer, Page, WebPages

#: How long a record built at one moment stays right about what is upcoming and past.
FRESH_SECONDS = 300
#: Answers kept per change (the rest are rendered again when asked for).
KEPT_ANSWERS = 2048
#: A token as `!web` makes them (43 characters); shorter first path parts are addresses.
TOKEN_LENGTH = 32

SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; style-src 'self'; img-src 'self'; "
                                "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    # A member's link carries the token: it must not leave with a click on a link.
    "Referrer-Policy": "no-referrer",
}


@dataclass(frozen=True)
class Prepared:
    body: bytes
    gzipped: bytes
    etag: str
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()


def _prepare(body: bytes, content_type: str,
             headers: tuple[tuple[str, str], ...] = ()) -> Prepared:
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    return Prepared(body, gzip.compress(body, compresslevel=5, mtime=0), etag, content_type,
                    headers)


@dataclass(frozen=True)
class View:
    """What one reader may see: the groups, and the token their links carry."""

    groups: frozenset[int]
    token: str | None


class PublishedSite:
    def __init__(self, database: Database, settings: CalendarSettings, *, prefix: str,
                 clock: Clock, body: BodyInfo) -> None:
        self.database = database
        self.settings = settings
        self.prefix = prefix
        self.clock = clock
        self.body = body
        self.public_url = settings.feed_url.rstrip("/")
        self._published: dict[int, Publication] = {}
        self._tokens: dict[str, int] = {}
        self._known_version = -1
        #: The record is read on a thread of its own (at 1,000 meetings most of a second).
        self._reader = ThreadedReader(database.url)
        self._reading = asyncio.Lock()
        self._building = asyncio.Lock()
        self._records: dict[tuple[int, int, frozenset[int]], PublishedRecord] = {}
        self._answers: OrderedDict[tuple[object, ...], Prepared | None] = OrderedDict()
        self._stylesheet = _prepare(STYLESHEET.read_bytes(), "text/css")

    # --- who sees what -------------------------------------------------------------------

    async def _refresh(self) -> None:
        version = self.database.published_changes.version  # taken before reading
        if self._known_version == version:
            return
        async with self._reading:
            if self._known_version == version:
                return
            async with self.database.unit_of_work() as uow:
                self._published = await published_groups(uow)
                self._tokens = dict(await uow.web_tokens.all_valid())
            self._known_version = version
            self._records.clear()
            self._answers.clear()

    async def view(self, token: str | None) -> View | None:
        await self._refresh()
        public = frozenset(g for g, how in self._published.items() if how is Publication.PUBLIC)
        if token is None:
            return View(public, None) if public else None
        group_id = self._tokens.get(token_hash(token))
        if group_id is None or group_id not in self._published:
            return None
        return View(public | {group_id}, token)

    async def _record(self, view: View) -> PublishedRecord:
        now = self.clock()
        key = (self._known_version, int(now.timestamp()) // FRESH_SECONDS, view.groups)
        record = self._records.get(key)
        if record is not None:
            return record
        async with self._building:  # readers arriving meanwhile wait for this one reading
            record = self._records.get(key)
            if record is None:
                record = await self._reader.read(
                    lambda uow: published_record(uow, view.groups, self.settings,
                                                 self.prefix, now, self._stored_bytes))
                self._records = {key: record, **{k: v for k, v in self._records.items()
                                                 if k[:2] == key[:2]}}
        return record

    def _stored_bytes(self, kind: str, file_id: int) -> bytes:
        """A kept file's bytes — an Einladung ("letter") or approved minutes ("minutes") —
        read on the reader's thread (called from a worker)."""
        async def read(uow: UnitOfWork) -> bytes:
            if kind == "letter":
                letter = await uow.letters.pdf(file_id)
                return letter.pdf if letter is not None else b""
            minutes = await uow.minutes.with_pdf(file_id)
            return (minutes.pdf or b"") if minutes is not None else b""

        return self._reader.read_blocking(read)

    async def close(self) -> None:
        await self._reader.close()

    # --- answers -------------------------------------------------------------------------

    def _bases(self, view: View) -> tuple[str, str]:
        """Where this reader's OParl objects and pages live."""
        if view.token is None:
            return f"{self.public_url}/oparl/v1", f"{self.public_url}/web"
        token = quote(view.token, safe="")
        return f"{self.public_url}/oparl/v1/{token}", f"{self.public_url}/web/{token}"

    async def answer(self, kind: str, view: View, path: str,
                     query: Mapping[str, str]) -> Prepared | None:
        """The prepared answer to a request, or None for the bare 404."""
        key = (kind, view, path, tuple(sorted(query.items())), self._known_version,
               int(self.clock().timestamp()) // FRESH_SECONDS)
        if key in self._answers:
            self._answers.move_to_end(key)
            return self._answers[key]
        record = await self._record(view)
        oparl, pages = self._bases(view)
        now = self.clock()
        if kind == "oparl":
            prepared = await asyncio.to_thread(self._oparl, record, oparl, pages, path, query)
        else:
            prepared = await asyncio.to_thread(self._page, record, oparl, pages, path, query,
                                               now)
        self._answers[key] = prepared
        if len(self._answers) > KEPT_ANSWERS:
            self._answers.popitem(last=False)
        return prepared

    def _oparl(self, record: PublishedRecord, base: str, pages: str, path: str,
               query: Mapping[str, str]) -> Prepared | None:
        site = OParlSite(record, base, pages, self.body)
        if path.startswith("file/") and path.endswith("/download"):
            download = site.download(path.removeprefix("file/").removesuffix("/download"))
            return _file(download) if download is not None else None
        try:
            found = site.answer(path, query)
        except BadFilter as error:
            return _prepare(encode({"error": f"bad filter or page: {error}"}),
                            "application/json", (("X-Status", "400"),))
        if found is None:
            return None
        return _prepare(encode(found), "application/json",
                        (("Access-Control-Allow-Origin", "*"),))

    def _page(self, record: PublishedRecord, oparl: str, pages: str, path: str,
              query: Mapping[str, str], now: datetime) -> Prepared | None:
        found = WebPages(record, pages, f"{oparl}/system", self.prefix, now).answer(path, query)
        if isinstance(found, FileAnswer):
            return _file(Download(found.content, found.mimetype, found.filename))
        if isinstance(found, Page):
            return _prepare(found.html, "text/html")
        return None

    # --- HTTP ----------------------------------------------------------------------------

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/oparl/v1/{tail:.*}", self.oparl)
        app.router.add_get("/web/{tail:.*}", self.pages)

    async def oparl(self, request: web.Request) -> web.StreamResponse:
        token, path = _split_token(request.match_info["tail"])
        return await self._serve(request, "oparl", token, path)

    async def pages(self, request: web.Request) -> web.StreamResponse:
        tail = request.match_info["tail"]
        if tail == "style.css":
            return _response(request, self._stylesheet, private=False)
        token, path = _split_token(tail)
        if token is not None and path == "style.css":
            return _response(request, self._stylesheet, private=False)
        return await self._serve(request, "web", token, path)

    async def _serve(self, request: web.Request, kind: str, token: str | None,
                     path: str) -> web.StreamResponse:
        view = await self.view(token)
        if view is None:
            raise web.HTTPNotFound()
        query = {k: v for k, v in request.query.items()}
        prepared = await self.answer(kind, view, path, query)
        if prepared is None:
            raise web.HTTPNotFound()
        return _response(request, prepared, private=token is not None)


def _split_token(tail: str) -> tuple[str | None, str]:
    """(token, the rest) for `TOKEN/rest`; (None, tail) for an address without a token."""
    first, _, rest = tail.partition("/")
    if len(first) < TOKEN_LENGTH:
        return None, tail
    return first, rest


def _file(download: Download) -> Prepared:
    name = download.filename.replace('"', "")
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return _prepare(download.content, download.mimetype,
                    (("Content-Disposition", disposition),))


def _response(request: web.Request, prepared: Prepared, *, private: bool) -> web.Response:
    gzipped = accepts_gzip(request.headers.get("Accept-Encoding", ""))
    headers = dict(SECURITY_HEADERS)
    headers.update({"ETag": coded_etag(prepared.etag, gzipped), "Vary": "Accept-Encoding",
                    "Cache-Control": f"{'private' if private else 'public'}, max-age=60"})
    extra = dict(prepared.headers)
    status = int(extra.pop("X-Status", "200"))
    headers.update(extra)
    if status == 200 and unchanged(prepared.etag, request.headers.get("If-None-Match", "")):
        return web.Response(status=304, headers=headers)
    body = prepared.body
    if gzipped:
        body = prepared.gzipped
        headers["Content-Encoding"] = "gzip"
    content_type, _, _ = prepared.content_type.partition(";")
    charset = "utf-8" if content_type.startswith(("text/", "application/json")) else None
    return web.Response(status=status, body=body, headers=headers, content_type=content_type,
                        charset=charset)
