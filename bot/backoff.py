"""Waiting longer after each failure: 1 s, 2 s, 4 s … up to a minute, back to 1 s after a
success."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass
class Backoff:
    first: float = 1.0
    longest: float = 60.0
    _next: float = 0.0

    def next(self) -> float:
        """The wait before the next try."""
        delay = self._next or self.first
        self._next = min(delay * 2, self.longest)
        return delay

    def reset(self) -> None:
        self._next = 0.0


async def wait_after_trouble(backoff: Backoff, stop: asyncio.Event, trouble: str,
                             error: BaseException) -> bool:
    """Log the trouble (`trouble`, then the error's kind) and wait the backoff's next delay;
    whether `stop` was set meanwhile."""
    delay = backoff.next()
    log.warning("%s (%s); trying again in %.0f s", trouble, type(error).__name__, delay)
    return await stopped_within(stop, delay)


async def stopped_within(stop: asyncio.Event, seconds: float) -> bool:
    """Wait `seconds`, or less if `stop` is set meanwhile; whether it was."""
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        return False
    return True
