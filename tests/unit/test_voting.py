"""The rules of procedure as pure functions: worked cases and properties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.group import MajorityRule
from domain.seats import Seat
from domain.voting import (
    ABSTAIN,
    NO,
    YES,
    Ballot,
    Outcome,
    Tally,
    decide,
    leading_option,
    quorum_reached,
    votes_by_seat,
)

SIMPLE, ABSOLUTE, TWO_THIRDS, UNANIMOUS = (
    MajorityRule.SIMPLE, MajorityRule.ABSOLUTE, MajorityRule.TWO_THIRDS, MajorityRule.UNANIMOUS
)
ADOPTED, REJECTED, NOT_DECIDED = Outcome.ADOPTED, Outcome.REJECTED, Outcome.NOT_DECIDED

# (rule, yes, no, abstain, seats, quorum %) → outcome, as a Geschäftsstelle would count.
WORKED_CASES = [
    (SIMPLE, 7, 2, 1, 12, 50, ADOPTED),      # the SPEC's example
    (SIMPLE, 4, 4, 0, 12, 50, REJECTED),     # a tie rejects
    (SIMPLE, 2, 1, 4, 12, 50, ADOPTED),      # abstentions do not count against
    (SIMPLE, 4, 1, 1, 12, 50, NOT_DECIDED),  # 6 of 12 is not *more* than half
    (SIMPLE, 5, 1, 1, 12, 50, ADOPTED),      # 7 of 12 is
    (SIMPLE, 0, 0, 7, 12, 50, REJECTED),     # quorate by abstentions, no Ja
    (ABSOLUTE, 6, 0, 4, 12, 50, REJECTED),   # needs Ja from more than half of all 12 seats
    (ABSOLUTE, 7, 3, 0, 12, 50, ADOPTED),
    (TWO_THIRDS, 6, 3, 3, 12, 50, ADOPTED),  # exactly two thirds of Ja and Nein
    (TWO_THIRDS, 5, 3, 4, 12, 50, REJECTED),
    (UNANIMOUS, 9, 0, 1, 12, 50, ADOPTED),   # an abstention does not break it
    (UNANIMOUS, 9, 1, 0, 12, 50, REJECTED),
    (UNANIMOUS, 0, 0, 10, 12, 50, REJECTED),  # at least one Ja
    (SIMPLE, 2, 0, 0, 3, 50, ADOPTED),
    (SIMPLE, 3, 0, 0, 5, 60, NOT_DECIDED),   # a stricter quorum: more than 60 %
]


@pytest.mark.parametrize(("rule", "yes", "no", "abstain", "seats", "quorum", "expected"),
                         WORKED_CASES)
def test_worked_cases(rule: MajorityRule, yes: int, no: int, abstain: int, seats: int,
                      quorum: int, expected: Outcome) -> None:
    assert decide(rule, Tally(yes, no, abstain, seats), quorum) is expected


@st.composite
def tallies(draw: st.DrawFn) -> Tally:
    seats = draw(st.integers(1, 60))
    yes = draw(st.integers(0, seats))
    no = draw(st.integers(0, seats - yes))
    abstain = draw(st.integers(0, seats - yes - no))
    return Tally(yes, no, abstain, seats)


rules = st.sampled_from(list(MajorityRule))
quorums = st.integers(0, 99)


@given(rules, st.integers(1, 60), quorums)
def test_unanimous_yes_is_adopted_under_every_rule_when_quorate(
    rule: MajorityRule, seats: int, quorum: int
) -> None:
    tally = Tally(seats, 0, 0, seats)
    assert decide(rule, tally, quorum) is ADOPTED


@given(rules, tallies(), quorums)
def test_adding_a_nein_never_turns_rejected_into_adopted(
    rule: MajorityRule, tally: Tally, quorum: int
) -> None:
    if tally.represented == tally.seats:
        return  # no seat left to vote Nein
    before = decide(rule, tally, quorum)
    after = decide(rule, Tally(tally.yes, tally.no + 1, tally.abstain, tally.seats), quorum)
    assert not (before is REJECTED and after is ADOPTED)


@given(rules, tallies(), quorums)
def test_a_ja_instead_of_a_nein_never_turns_adopted_into_rejected(
    rule: MajorityRule, tally: Tally, quorum: int
) -> None:
    if tally.no == 0:
        return
    before = decide(rule, tally, quorum)
    after = decide(rule, Tally(tally.yes + 1, tally.no - 1, tally.abstain, tally.seats), quorum)
    assert not (before is ADOPTED and after is REJECTED)


@given(rules, tallies(), quorums)
def test_without_quorum_nothing_is_decided(rule: MajorityRule, tally: Tally, quorum: int) -> None:
    outcome = decide(rule, tally, quorum)
    assert (outcome is NOT_DECIDED) == (not quorum_reached(tally.represented, tally.seats, quorum))


@given(tallies(), quorums)
def test_stricter_rules_adopt_only_what_simple_majority_adopts(tally: Tally, quorum: int) -> None:
    if decide(SIMPLE, tally, quorum) is not ADOPTED:
        for rule in (ABSOLUTE, TWO_THIRDS, UNANIMOUS):
            assert decide(rule, tally, quorum) is not ADOPTED


T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
SEATS = [Seat("@anna", "Jobcenter", ("@ben", "@bea")), Seat("@carla", "Sozialamt")]


def ballot(user: str, answer: str, minutes: int) -> Ballot:
    return Ballot(user, answer, T0 + timedelta(minutes=minutes))


def test_the_principal_counts_before_any_deputy() -> None:
    votes = votes_by_seat(SEATS, [ballot("@ben", YES, 0), ballot("@anna", NO, 5)])
    assert [(v.voter, v.answer) for v in votes] == [("@anna", NO)]


def test_the_first_deputy_who_answered_stands_in() -> None:
    votes = votes_by_seat(SEATS, [ballot("@bea", ABSTAIN, 0), ballot("@ben", YES, 1)])
    assert [(v.voter, v.answer, v.by_deputy) for v in votes] == [("@ben", YES, True)]


def test_the_last_answer_before_closing_counts_and_outsiders_are_ignored() -> None:
    ballots = [ballot("@carla", YES, 0), ballot("@carla", NO, 10), ballot("@eve", YES, 1),
               ballot("@anna", YES, 30)]
    votes = votes_by_seat(SEATS, ballots, closes_at=T0 + timedelta(minutes=20))
    assert [(v.voter, v.answer) for v in votes] == [("@carla", NO)]


def test_a_withdrawn_answer_hands_the_seat_to_the_deputy() -> None:
    votes = votes_by_seat(SEATS, [ballot("@anna", YES, 0), ballot("@ben", NO, 1),
                                  ballot("@anna", "", 2)])
    assert [(v.voter, v.answer) for v in votes] == [("@ben", NO)]


@given(st.lists(st.tuples(st.sampled_from(["@anna", "@ben", "@bea", "@carla", "@eve"]),
                          st.sampled_from([YES, NO, ABSTAIN, ""]), st.integers(0, 100))))
def test_never_two_votes_for_one_seat(raw: list[tuple[str, str, int]]) -> None:
    votes = votes_by_seat(SEATS, [ballot(u, a, m) for u, a, m in raw])
    principals = [v.seat.principal for v in votes]
    assert len(principals) == len(set(principals)) <= len(SEATS)


def test_leading_option_needs_a_clear_lead() -> None:
    assert leading_option(["o1", "o2", "o2"], ["o1", "o2", "o3"]) == "o2"
    assert leading_option(["o1", "o2"], ["o1", "o2"]) is None
    assert leading_option([], ["o1", "o2"]) is None
