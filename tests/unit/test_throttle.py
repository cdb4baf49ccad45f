"""The token bucket that slows down guessers: how many answers it lets through, how long it
holds the rest back, and that it forgets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from domain.throttle import Throttle


def test_a_burst_beyond_the_bucket_waits_in_step_with_the_rate() -> None:
    throttle = Throttle(capacity=3, rate=2)
    waits = [throttle.charge("a", 100.0) for _ in range(6)]
    assert waits == [0, 0, 0, 0.5, 1.0, 1.5]
    assert throttle.charge("b", 100.0) == 0, "another address has its own bucket"
    assert throttle.charge("a", 101.0) == 1.0, "the debt is paid off at the rate"
    assert throttle.charge("a", 104.0) == 0


def test_the_wait_is_bounded_and_so_is_the_debt() -> None:
    throttle = Throttle(capacity=1, rate=1, longest_wait=5)
    waits = [throttle.charge("a", 0.0) for _ in range(100)]
    assert max(waits) == 5
    assert throttle.charge("a", 6.0) == 0, "six seconds later the capped debt is paid"


def test_idle_and_surplus_addresses_are_forgotten() -> None:
    throttle = Throttle(capacity=2, rate=1, addresses=3)
    for address in "abcd":
        throttle.charge(address, 0.0)
    assert len(throttle) == 3, "the least recently charged went first"
    throttle.forget_idle(0.5)
    assert len(throttle) == 3
    throttle.forget_idle(1.0)
    assert len(throttle) == 0


@given(st.lists(st.floats(min_value=0, max_value=0.5), min_size=1, max_size=200),
       st.integers(min_value=1, max_value=20), st.floats(min_value=0.5, max_value=50))
def test_answers_given_at_once_never_outrun_capacity_plus_rate(
    gaps: list[float], capacity: int, rate: float
) -> None:
    """However the requests come, the answers not held back within any stretch of time are
    at most the bucket's capacity plus what grows in that time."""
    throttle = Throttle(capacity=capacity, rate=rate, longest_wait=1e9)
    now, free = 0.0, []
    for gap in gaps:
        now += gap
        if throttle.charge("a", now) == 0:
            free.append(now)
    for i, start in enumerate(free):
        for j in range(i, len(free)):
            assert j - i + 1 <= capacity + (free[j] - start) * rate + 1e-6


def test_forgetting_stops_at_the_first_address_still_owing() -> None:
    throttle = Throttle(capacity=1, rate=1, addresses=100)
    throttle.charge("early", 0.0)  # full again at 1.0
    throttle.charge("late", 5.0)  # full again at 6.0
    throttle.charge("early-again", 5.5)  # full again at 6.5
    throttle.forget_idle(2.0)
    assert len(throttle) == 2, "the idle one went; the scan stopped at one still owing"
    throttle.forget_idle(7.0)
    assert len(throttle) == 0
