"""A stored time without its zone is UTC, never the machine's local time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from domain.utc import as_utc


def test_a_naive_moment_is_utc_and_an_aware_one_is_converted() -> None:
    assert as_utc(datetime(2026, 3, 4, 14, 30)) == datetime(2026, 3, 4, 14, 30, tzinfo=UTC)
    berlin_winter = timezone(timedelta(hours=1))
    converted = as_utc(datetime(2026, 3, 4, 15, 30, tzinfo=berlin_winter))
    assert converted.tzinfo is UTC and converted.hour == 14
