"""Slowing down guessers: a token bucket per client address, charged only by requests that
found nothing.

A feed link is a 256-bit secret, so guessing one is hopeless — but a flood of guesses still
costs a database look-up each. Every request that ends in 404 or 405 takes a token from its
address's bucket; while the bucket is empty, such answers are held back until a token has
grown again, so one address gets `rate` wrong answers a second, however fast it asks. Requests
that open a feed take nothing and wait for nothing, so a good client behind the same address
(a city's NAT, a reverse proxy) is not slowed by someone else's guessing.

Pure arithmetic on a clock passed in; the HTTP server does the waiting.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass


@dataclass
class TokenBucket:
    """`capacity` tokens, growing back at `rate` per second; `level` may go below zero, the
    debt that later requests wait for."""

    capacity: float
    rate: float
    level: float
    updated: float

    def take(self, now: float) -> float:
        """Take one token; the seconds to wait before answering (0 while tokens are left)."""
        self.level = min(self.capacity, self.level + (now - self.updated) * self.rate)
        self.updated = now
        self.level -= 1
        return 0.0 if self.level >= 0 else -self.level / self.rate

    def full_at(self) -> float:
        """When the bucket will be full again (until then it must be remembered)."""
        return self.updated + (self.capacity - self.level) / self.rate


class Throttle:
    """A bucket per address, for at most `addresses` addresses: the least recently charged is
    forgotten first (a forgotten address starts with a full bucket, so forgetting only ever
    errs on the side of answering)."""

    def __init__(self, capacity: float = 20, rate: float = 2, addresses: int = 10_000,
                 longest_wait: float = 10) -> None:
        self.capacity = capacity
        self.rate = rate
        self.addresses = addresses
        self.longest_wait = longest_wait
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def charge(self, address: str, now: float) -> float:
        """A request from `address` found nothing: seconds to hold its answer back (at most
        `longest_wait`; the debt beyond it is not kept, so a flood cannot push an address's
        wait into hours)."""
        bucket = self._buckets.pop(address, None)
        if bucket is None:
            bucket = TokenBucket(self.capacity, self.rate, self.capacity, now)
        wait = bucket.take(now)
        if wait > self.longest_wait:
            bucket.level = -self.longest_wait * self.rate
            wait = self.longest_wait
        self._buckets[address] = bucket
        while len(self._buckets) > self.addresses:
            self._buckets.popitem(last=False)
        return wait

    def forget_idle(self, now: float) -> None:
        """Drop the buckets that have grown full again (they hold nothing worth keeping),
        from the least recently charged on, up to the first that is not full yet: a call
        costs what it forgets, not the number of addresses remembered."""
        while self._buckets:
            address, bucket = next(iter(self._buckets.items()))
            if bucket.full_at() > now:
                return
            del self._buckets[address]

    def __len__(self) -> int:
        return len(self._buckets)
