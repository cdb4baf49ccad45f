"""The Beschlusskontrolle's order: every overdue mandate before every other, each part by due
date (without one last)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.items import followup_key, is_overdue

TODAY = date(2026, 12, 3)
dues = st.one_of(st.none(), st.dates(min_value=TODAY - timedelta(days=400),
                                     max_value=TODAY + timedelta(days=400)))


@given(st.lists(st.tuples(dues, st.integers(1, 99)), min_size=1, max_size=30))
def test_overdue_first_then_by_due_date(mandates: list[tuple[date | None, int]]) -> None:
    ordered = sorted(mandates, key=lambda m: followup_key(m[0], TODAY, "2026/001", m[1]))
    late = [is_overdue(due, TODAY) for due, _ in ordered]
    assert late == sorted(late, reverse=True), "no overdue one after one that is not"
    on_time = [due for due, _ in ordered if not is_overdue(due, TODAY)]
    dated = [due for due in on_time if due is not None]
    assert dated == sorted(dated) and on_time[len(dated):] == [None] * (len(on_time) - len(dated))


def test_due_today_is_not_yet_overdue() -> None:
    assert followup_key(TODAY, TODAY, "2026/001", 1)[0] == 1
    assert followup_key(TODAY - timedelta(days=1), TODAY, "2026/001", 1)[0] == 0
