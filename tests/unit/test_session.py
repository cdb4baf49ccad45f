"""A session's rules: seats present with deputies, numbers of items added, standing in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.seats import Seat
from domain.session import fixed_labels, label_after, presence, stood_in

SEATS = [Seat("@anna:x", "Jobcenter", ("@ben:x", "@bea:x")), Seat("@carla:x", "Sozialamt"),
         Seat("@deniz:x", "Caritas")]
T0 = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_a_seat_is_present_with_its_principal_or_one_deputy() -> None:
    state = presence(SEATS, {"@ben:x", "@bea:x", "@carla:x", "@guest:x"}, 50)
    assert (state.present_seats, state.seats, state.needed) == (2, 3, 2)
    assert state.quorate and state.standing_in == {"@ben:x": "@anna:x"}
    state = presence(SEATS, {"@anna:x", "@ben:x"}, 50)
    assert state.present_seats == 1 and not state.quorate and state.standing_in == {}


def test_items_added_during_the_session_are_numbered_after_the_current_one() -> None:
    assert fixed_labels(3) == ["1", "2", "3"]
    assert label_after("4", ["1", "2", "3", "4", "5"]) == "4a"
    assert label_after("4", ["4", "4a"]) == "4b"
    assert label_after("4a", ["4", "4a", "4b"]) == "4c"
    assert label_after(None, ["1"]) == "0a"


def test_a_deputy_stood_in_only_while_the_principal_was_away() -> None:
    assert stood_in([(at(0), at(60))], [])
    assert not stood_in([(at(10), at(50))], [(at(0), at(60))])
    assert stood_in([(at(10), at(50))], [(at(0), at(30))])
    assert not stood_in([(at(10), at(50))], [(at(0), at(30)), (at(30), at(60))])
    assert stood_in([(at(10), at(50))], [(at(0), at(30)), (at(40), at(60))])


@given(st.lists(st.tuples(st.integers(0, 100), st.integers(1, 30)), max_size=4),
       st.integers(0, 100), st.integers(1, 50))
def test_standing_in_agrees_with_minute_by_minute(principal: list[tuple[int, int]],
                                                  start: int, length: int) -> None:
    spans = [(at(a), at(a + n)) for a, n in principal]
    away = any(not any(at(a) <= at(m) < at(a + n) for a, n in principal)
               for m in range(start, start + length))
    assert stood_in([(at(start), at(start + length))], spans) == away
