"""Beteiligung per organisation: worked cases and a property."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from domain.participation import Answer, MeetingFacts, participation

INVITED = {"@anna": "Jobcenter", "@ben": "Jobcenter", "@carla": "Sozialamt",
           "@deniz": "Caritas", "@emil": "BAMF"}


DEPUTIES = frozenset({"@ben"})


def test_worked_meetings() -> None:
    first = MeetingFacts(INVITED, frozenset({"@ben", "@carla"}),
                         {"@anna": Answer.NO, "@deniz": Answer.NO, "@emil": Answer.YES},
                         DEPUTIES)
    unrecorded = MeetingFacts(INVITED, frozenset(),
                              {"@anna": Answer.YES, "@carla": Answer.MAYBE}, DEPUTIES)
    result = participation([first, unrecorded])
    assert {org: (r.invited, r.attended, r.declined, r.unanswered, r.absent, r.by_deputy)
            for org, r in result.items()} == {
        "BAMF": (2, 0, 0, 1, 1, 0),          # said yes, did not come; then no answer
        "Caritas": (2, 0, 1, 1, 0, 0),
        "Jobcenter": (2, 2, 0, 0, 0, 1),     # the deputy came; then a yes without records
        "Sozialamt": (2, 1, 0, 0, 1, 0),     # came; then maybe without records
    }


def test_a_meeting_counts_as_by_deputy_only_when_no_one_else_of_the_organisation_came() -> None:
    both = MeetingFacts(INVITED, frozenset({"@anna", "@ben"}), {}, DEPUTIES)
    deputy_said_yes = MeetingFacts(INVITED, frozenset(), {"@ben": Answer.YES,
                                                          "@anna": Answer.NO}, DEPUTIES)
    both_said_yes = MeetingFacts(INVITED, frozenset(), {"@ben": Answer.YES,
                                                        "@anna": Answer.YES}, DEPUTIES)
    jobcenter = participation([both, deputy_said_yes, both_said_yes])["Jobcenter"]
    assert (jobcenter.attended, jobcenter.by_deputy) == (3, 1)


answers = st.dictionaries(st.sampled_from(sorted(INVITED)), st.sampled_from(list(Answer)))
present = st.frozensets(st.sampled_from(sorted(INVITED)))


@given(st.lists(st.tuples(present, answers), max_size=6))
def test_every_invitation_lands_in_exactly_one_column(
    meetings: list[tuple[frozenset[str], dict[str, Answer]]],
) -> None:
    result = participation(MeetingFacts(INVITED, p, a, DEPUTIES) for p, a in meetings)
    for row in result.values():
        assert row.invited == len(meetings)
        assert row.attended + row.declined + row.unanswered + row.absent == row.invited
        assert 0 <= row.by_deputy <= row.attended
