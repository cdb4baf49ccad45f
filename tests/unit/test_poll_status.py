"""What a running poll's status shows: progress by seat, time left, the nudge's moment."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.matrix.outgoing import edit
from domain.poll_status import (
    OrganisationGap,
    TimeUnit,
    missing_seats,
    nudge_at,
    progress,
    time_left,
)
from domain.seats import Seat
from i18n import Rendered

DEADLINE = datetime(2026, 12, 10, 17, 0, tzinfo=UTC)
SEATS = [
    Seat("@anna:x", "Jobcenter", ("@ben:x",)),
    Seat("@jan:x", "Jobcenter"),
    Seat("@carla:x", "Sozialamt"),
    Seat("@deniz:x", "caritas"),
    Seat("@emil:x", "AWO"),
]


def test_progress_counts_seats_and_lists_missing_organisations_by_name() -> None:
    state = progress(SEATS, {"@anna:x", "@emil:x", "@stranger:x"}, 50)
    assert (state.voted, state.seats, state.needed) == (2, 5, 3)
    assert not state.quorate and state.still_needed == 1
    assert state.missing == (
        OrganisationGap("caritas", 1, 1),
        OrganisationGap("Jobcenter", 1, 2),
        OrganisationGap("Sozialamt", 1, 1),
    )
    assert [s.principal for s in missing_seats(SEATS, {"@anna:x", "@emil:x"})] == [
        "@jan:x", "@carla:x", "@deniz:x"]


def test_a_group_without_seats_is_never_quorate() -> None:
    state = progress([], set(), 50)
    assert not state.quorate and state.missing == ()


@given(st.sets(st.sampled_from([s.principal for s in SEATS])), st.integers(0, 99))
def test_progress_agrees_with_the_seats(voted: set[str], quorum: int) -> None:
    state = progress(SEATS, voted, quorum)
    assert state.voted == len(voted)
    assert sum(gap.missing for gap in state.missing) == len(SEATS) - len(voted)
    assert state.quorate == (state.still_needed == 0)
    assert state.quorate == (len(voted) * 100 > len(SEATS) * quorum)


def test_time_left_in_the_steps_the_status_shows() -> None:
    def shown(left: timedelta) -> tuple[TimeUnit, int]:
        result = time_left(DEADLINE - left, DEADLINE)
        return result.unit, result.amount

    assert shown(timedelta(days=7)) == (TimeUnit.DAYS, 7)
    assert shown(timedelta(days=2, minutes=1)) == (TimeUnit.DAYS, 3)
    assert shown(timedelta(days=2)) == (TimeUnit.HOURS, 48)
    assert shown(timedelta(hours=1, seconds=1)) == (TimeUnit.HOURS, 2)
    assert shown(timedelta(hours=1)) == (TimeUnit.MINUTES, 60)
    assert shown(timedelta(minutes=11)) == (TimeUnit.MINUTES, 15)
    assert shown(timedelta(minutes=5, seconds=1)) == (TimeUnit.MINUTES, 10)
    assert shown(timedelta(minutes=5)) == (TimeUnit.MINUTES, 5)
    assert shown(timedelta(minutes=4, seconds=1)) == (TimeUnit.MINUTES, 5)
    assert shown(timedelta(minutes=4)) == (TimeUnit.MINUTES, 4)
    assert shown(timedelta(seconds=3)) == (TimeUnit.MINUTES, 1)
    assert shown(timedelta(0)) == (TimeUnit.PASSED, 0)
    assert time_left(DEADLINE, DEADLINE).changes_at is None


@given(st.integers(min_value=1, max_value=40 * 24 * 3600))
def test_the_shown_time_changes_exactly_when_it_says(seconds_left: int) -> None:
    now = DEADLINE - timedelta(seconds=seconds_left)
    current = time_left(now, DEADLINE)
    assert current.changes_at is not None and now < current.changes_at <= DEADLINE
    just_before = time_left(current.changes_at - timedelta(microseconds=1), DEADLINE)
    assert (just_before.unit, just_before.amount) == (current.unit, current.amount)
    after = time_left(current.changes_at, DEADLINE)
    assert (after.unit, after.amount) != (current.unit, current.amount)


def test_a_week_long_poll_changes_its_time_left_a_few_dozen_times() -> None:
    now, changes = DEADLINE - timedelta(days=7), 0
    while (at := time_left(now, DEADLINE).changes_at) is not None:
        now, changes = at, changes + 1
    assert changes == 5 + 47 + 11 + 5  # days 7…3, hours 48…2, minutes 60…10, then 5…1


def test_the_nudge_comes_its_lead_before_the_deadline_if_the_poll_ran_that_long() -> None:
    day = timedelta(days=1)
    assert nudge_at(DEADLINE, day, DEADLINE - 3 * day) == DEADLINE - day
    assert nudge_at(DEADLINE, day, DEADLINE - timedelta(hours=2)) is None
    assert nudge_at(DEADLINE, day, DEADLINE - day) is None


def test_an_edit_as_element_shows_it() -> None:
    content = edit("$original", Rendered("Stand: 3 von 5", "<b>Stand:</b> 3 von 5"))
    assert content["m.relates_to"] == {"rel_type": "m.replace", "event_id": "$original"}
    assert content["m.new_content"] == {
        "msgtype": "m.notice", "body": "Stand: 3 von 5", "m.mentions": {},
        "format": "org.matrix.custom.html", "formatted_body": "<b>Stand:</b> 3 von 5",
    }
    assert content["body"] == "* Stand: 3 von 5"
    assert content["formatted_body"] == "* <b>Stand:</b> 3 von 5"
    assert content["msgtype"] == "m.notice" and content["m.mentions"] == {}


def test_an_edit_of_a_very_long_text_stays_within_an_events_size() -> None:
    line = "Organisation mit einem sehr langen Namen und Umlauten äöü, "
    long_text = Rendered(line * 2000, f"<b>{line}</b><br/>" * 2000)
    content = edit("$original", long_text)
    size = len(json.dumps(content, ensure_ascii=False).encode())
    assert size * 4 / 3 < 65_536, "fits even encrypted (base64 grows it by a third)"
    assert content["m.new_content"]["body"].endswith("…")
