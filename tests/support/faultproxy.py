"""A homeserver that misbehaves: a small HTTP proxy on loopback in front of Synapse that, in a
seeded pattern, answers the bot's requests with 429 (and a `retry_after_ms`), 500, 502 or 503,
hangs past the client's timeout, resets the connection before forwarding — or forwards and
then resets, so the homeserver acted but the bot never heard (the case that doubles messages
in careless clients) — or answers a sync with the earlier sync answer that brought the most
events, so the bot reads events it has handled once more, with the same ids, and goes on from
that older position. `blackout()` makes every request fail for a while, as a homeserver
restart or a network cut does.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from collections.abc import Sequence

import aiohttp
from aiohttp import web

from tests.support.synapse import free_port

KINDS = ("429", "500", "502", "503", "reset", "lost_answer", "replay")
#: Headers that belong to one hop, not to the request or answer being passed on.
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host",
              "content-encoding"}


class FaultProxy:
    def __init__(self, upstream: str, *, seed: int, rate: float,
                 kinds: Sequence[str] = KINDS, hang_seconds: float = 0) -> None:
        self.upstream = upstream.rstrip("/")
        self.rng = random.Random(seed)
        self.rate = rate
        self.kinds = list(kinds) + (["hang"] if hang_seconds else [])
        self.hang_seconds = hang_seconds
        self.port = free_port()
        self.injected: Counter[str] = Counter()
        self.forwarded = 0
        #: Every request forwarded, as method and path with its query, in order.
        self.requests: list[tuple[str, str]] = []
        self._blackout_until = 0.0
        self._refused = ("", 0.0)
        #: The sync answer with the most room events so far: the one worth giving twice.
        self._last_sync: web.Response | None = None
        self._replay_size = 1
        #: Room events handed to the bot a second time by "replay".
        self.replayed_events = 0
        self._replays_due = 0
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> FaultProxy:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{path:.*}", self.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._session = aiohttp.ClientSession(auto_decompress=False)
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    def blackout(self, seconds: float) -> None:
        """Every request fails (502) for `seconds` from now."""
        self._blackout_until = asyncio.get_running_loop().time() + seconds

    def refuse(self, path_part: str, seconds: float) -> None:
        """Requests whose path contains `path_part` fail (502) for `seconds` from now."""
        self._refused = (path_part, asyncio.get_running_loop().time() + seconds)

    def replay_syncs(self, times: int) -> None:
        """The next `times` syncs get the sync answer with the most events so far, again."""
        self._replays_due += times

    def quiet(self) -> None:
        """No more faults from now on (the blackout, if any, ends too)."""
        self.rate = 0
        self._blackout_until = 0
        self._refused = ("", 0.0)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if asyncio.get_running_loop().time() < self._blackout_until:
            self.injected["blackout"] += 1
            return web.json_response({"errcode": "M_UNKNOWN", "error": "down"}, status=502)
        part, until = self._refused
        if part and part in request.path and asyncio.get_running_loop().time() < until:
            self.injected["refused"] += 1
            return web.json_response({"errcode": "M_UNKNOWN", "error": "down"}, status=502)
        # Login and the like pass untouched: the faults are for the bot at work.
        fault = None
        if self._replays_due and "/sync" in request.path and self._last_sync is not None:
            self._replays_due -= 1
            fault = "replay"
            self.injected[fault] += 1
        elif "/login" not in request.path and self.rng.random() < self.rate:
            fault = self.rng.choice(self.kinds)
            if fault == "replay" and ("/sync" not in request.path or self._last_sync is None):
                fault = None  # only a sync answer can be given twice
            else:
                self.injected[fault] += 1
        if fault == "429":
            return web.json_response({"errcode": "M_LIMIT_EXCEEDED", "error": "slow down",
                                      "retry_after_ms": self.rng.randint(100, 1500)},
                                     status=429)
        if fault in ("500", "502", "503"):
            return web.json_response({"errcode": "M_UNKNOWN", "error": "trouble"},
                                     status=int(fault))
        if fault == "hang":
            await asyncio.sleep(self.hang_seconds)
            return _reset(request)
        if fault == "reset":
            return _reset(request)
        if fault == "replay":
            assert self._last_sync is not None
            self.replayed_events += _event_count(self._last_sync)
            return _copy(self._last_sync)
        response = await self._forward(request)
        if "/sync" in request.path and response.status == 200 and (
                _event_count(response) >= self._replay_size):
            self._last_sync, self._replay_size = response, _event_count(response)
        if fault == "lost_answer":
            return _reset(request)
        return response

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        body = await request.read()
        self.forwarded += 1
        self.requests.append((request.method, request.path_qs))
        async with self._session.request(request.method, self.upstream + request.path_qs,
                                         headers=headers, data=body or None,
                                         timeout=aiohttp.ClientTimeout(total=120)) as answer:
            data = await answer.read()
            kept = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP}
            return web.Response(status=answer.status, body=data, headers=kept)


def _has_events(response: web.Response) -> bool:
    """Whether a sync answer brought room events (the ones worth reading twice)."""
    assert isinstance(response.body, bytes)
    return _event_count(response) > 0


def _event_count(response: web.Response) -> int:
    assert isinstance(response.body, bytes)
    try:
        rooms = json.loads(response.body).get("rooms", {}).get("join", {})
    except ValueError:
        return 0
    return sum(len(room.get("timeline", {}).get("events", [])) for room in rooms.values())


def _copy(response: web.Response) -> web.Response:
    """The same answer again (a prepared response cannot be sent twice)."""
    assert isinstance(response.body, bytes)
    return web.Response(status=response.status, body=response.body,
                        headers={k: v for k, v in response.headers.items()
                                 if k.lower() not in HOP_BY_HOP})


def _reset(request: web.Request) -> web.Response:
    """Close the connection without an answer, as a reset or a dead peer does."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=502)  # never sent: the connection is gone
