"""Calendar clients in a loop, as a separate process (its CPU is not the bot's or the bench's).

    python -m bench.feed_load URL CLIENTS SECONDS

Each client fetches the feed, then keeps asking with `If-None-Match` as a subscribed calendar
does, without pause. Prints the number of requests answered and exits after SECONDS, or when
told to stop (SIGTERM).
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time

import aiohttp


async def main(url: str, clients: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    answered = 0
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)

    async def client(session: aiohttp.ClientSession) -> None:
        nonlocal answered
        etag = ""
        while time.monotonic() < deadline and not stop.is_set():
            headers = {"If-None-Match": etag} if etag else {}
            async with session.get(url, headers=headers) as response:
                await response.read()
                if response.status not in (200, 304):
                    raise SystemExit(f"feed answered {response.status}")
                etag = response.headers.get("ETag", etag)
                answered += 1

    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(client(session) for _ in range(clients)))
    print(answered, flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3])))
