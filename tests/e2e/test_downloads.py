"""Files the bot downloads (reports, rosters) are read whole, however the server sends them —
in pieces, with pauses between — and refused beyond the limit, over real HTTP on loopback."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from bot.matrix.gateway import MAX_FILE_BYTES, FileTooLarge, _read_limited
from tests.support.synapse import free_port

BODY = os.urandom(300_000)


async def dribble(request: web.Request) -> web.StreamResponse:
    """The body in pieces with pauses — what arrives first is never all of it; `?size=N`
    sends N zero bytes instead."""
    size = int(request.query.get("size", "0"))
    data, piece = (bytes(size), 1 << 20) if size else (BODY, 1000)
    response = web.StreamResponse()
    await response.prepare(request)
    for start in range(0, len(data), piece):
        await response.write(data[start:start + piece])
        if start % 50_000 == 0:
            await asyncio.sleep(0.01)
    await response.write_eof()
    return response


@pytest.fixture
async def server() -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_get("/file", dribble)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield f"http://127.0.0.1:{port}/file"
    await runner.cleanup()


async def test_a_file_sent_in_pieces_is_read_whole(server: str) -> None:
    async with aiohttp.ClientSession() as session, session.get(server) as response:
        data = await _read_limited(response)
    assert hashlib.sha256(data).hexdigest() == hashlib.sha256(BODY).hexdigest()


async def test_a_file_beyond_the_limit_is_refused(server: str) -> None:
    async with aiohttp.ClientSession() as session, session.get(
            server, params={"size": str(MAX_FILE_BYTES + 1)}) as response:
        with pytest.raises(FileTooLarge):
            await _read_limited(response)
