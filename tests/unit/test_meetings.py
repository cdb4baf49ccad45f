"""Meeting rules: series in local time, the notice period, the attendance forecast."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from domain.meetings import (
    Repeat,
    RsvpAnswer,
    Series,
    attendance_by_seat,
    deputies_to_ask,
    forecast,
    notice_shortfall,
    overlaps,
)
from domain.seats import Seat

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_monthly_series_stays_at_local_time_through_both_changes() -> None:
    series = Series(datetime(2027, 1, 14, 10, 0, tzinfo=BERLIN), timedelta(hours=2),
                    Repeat.MONTHLY, until=date(2027, 12, 31))
    starts = series.starts(datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    assert len(starts) == 12
    assert {s.astimezone(BERLIN).hour for s in starts} == {10}
    assert [s.astimezone(UTC).hour for s in starts][2:4] == [9, 8]  # March in CET, April CEST
    assert series.rrule_text() == "FREQ=MONTHLY;UNTIL=20271231T225959Z"


def test_a_single_meeting_is_one_occurrence() -> None:
    start = datetime(2026, 12, 3, 14, 0, tzinfo=BERLIN)
    series = Series(start, timedelta(minutes=90))
    assert series.starts(start - timedelta(days=1), start + timedelta(days=1)) == [start]
    assert series.starts(start + timedelta(minutes=1), start + timedelta(days=1)) == []
    assert series.rrule_text() is None


@given(st.integers(0, 30), st.integers(0, 23))
def test_notice_shortfall(days_ahead: int, hour: int) -> None:
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    start = now + timedelta(days=days_ahead, hours=hour)
    shortfall = notice_shortfall(start, now, 7)
    if start - now >= timedelta(days=7):
        assert shortfall is None
    else:
        assert shortfall is not None and start - now + shortfall == timedelta(days=7)


def test_overlaps_touching_meetings_do_not_clash() -> None:
    a = datetime(2026, 12, 3, 14, 0, tzinfo=BERLIN)
    assert not overlaps(a, a + timedelta(hours=1), a + timedelta(hours=1), a + timedelta(hours=2))
    assert overlaps(a, a + timedelta(hours=1), a + timedelta(minutes=59), a + timedelta(hours=2))


SEATS = [Seat("@anna", "Jobcenter", ("@ben",)), Seat("@carla", "Sozialamt"),
         Seat("@deniz", "Caritas", ("@emil", "@fritz"))]


def test_forecast_counts_a_seat_once_and_deputies_step_in() -> None:
    answers = {"@anna": RsvpAnswer.NO, "@ben": RsvpAnswer.YES, "@carla": RsvpAnswer.YES,
               "@emil": RsvpAnswer.YES, "@deniz": RsvpAnswer.YES}
    attendance = attendance_by_seat(SEATS, answers)
    assert [a.coming for a in attendance] == ["@ben", "@carla", "@deniz"]
    result = forecast(attendance, len(SEATS), 50)
    assert (result.confirmed, result.needed, result.quorate) == (3, 2, True)
    assert forecast(attendance_by_seat(SEATS, {"@carla": RsvpAnswer.YES}), 3, 50).quorate is False


def test_deputies_are_asked_when_the_principal_declines() -> None:
    assert deputies_to_ask(SEATS[2], {"@deniz": RsvpAnswer.NO, "@emil": RsvpAnswer.NO}) == [
        "@fritz"
    ]
    assert deputies_to_ask(SEATS[2], {"@deniz": RsvpAnswer.MAYBE}) == []
