"""Whether the event loop went on while something else worked: a task that counts its turns."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass


@dataclass
class Ticks:
    count: int = 0


@asynccontextmanager
async def ticking(interval: float = 0.01) -> AsyncIterator[Ticks]:
    """Counts how often a task got a turn every `interval` seconds while the block ran: a
    loop held up by blocking work counts few."""
    ticks = Ticks()

    async def tick() -> None:
        while True:
            await asyncio.sleep(interval)
            ticks.count += 1

    ticker = asyncio.create_task(tick())
    try:
        yield ticks
    finally:
        ticker.cancel()
