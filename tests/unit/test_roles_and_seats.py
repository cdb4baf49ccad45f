import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import UserError
from domain.roles import Access, Role, admitted_roles, may_run, may_vote
from domain.seats import SeatHolder, check_deputy_appointment, next_deputy_rank, seats


@pytest.mark.parametrize(
    ("role", "access", "allowed"),
    [
        (None, Access.EVERYONE, True),
        (None, Access.PARTICIPANT, False),
        (Role.GUEST, Access.PARTICIPANT, True),
        (Role.GUEST, Access.CONTRIBUTOR, False),
        (Role.ADVISOR, Access.CONTRIBUTOR, True),
        (Role.MEMBER, Access.COORDINATOR, False),
        (Role.COORDINATOR, Access.COORDINATOR, True),
        (Role.CHAIR, Access.COORDINATOR, True),
    ],
)
def test_who_may_run_what(role: Role | None, access: Access, allowed: bool) -> None:
    assert may_run(role, access) is allowed


def test_refusals_name_the_roles_in_table_order() -> None:
    assert admitted_roles(Access.COORDINATOR) == [Role.CHAIR, Role.COORDINATOR]


def test_voting_rights() -> None:
    assert may_vote(Role.MEMBER, None) and may_vote(Role.CHAIR, None)
    assert not may_vote(Role.COORDINATOR, None)
    assert may_vote(Role.COORDINATOR, True)  # "unless also listed as voting"
    assert not may_vote(Role.ADVISOR, True) and not may_vote(Role.GUEST, True)


JOBCENTER = SeatHolder("@jc:x", "Jobcenter", votes=True)
SOZIALAMT = SeatHolder("@sa:x", "Sozialamt", votes=True)
ADVISOR = SeatHolder("@adv:x", "BAMF", votes=False)


def test_one_seat_per_voting_principal_with_deputies_in_order() -> None:
    second = SeatHolder("@jc3:x", "Jobcenter", votes=True, deputy_of="@jc:x", rank=1)
    first = SeatHolder("@jc2:x", "Jobcenter", votes=True, deputy_of="@jc:x", rank=0)
    result = seats([JOBCENTER, SOZIALAMT, ADVISOR, second, first])
    assert [s.principal for s in result] == ["@jc:x", "@sa:x"]
    assert result[0].deputies == ("@jc2:x", "@jc3:x")


@pytest.mark.parametrize(
    ("deputy", "principal", "key"),
    [
        ("@jc:x", "@jc:x", "member.deputy.self"),
        ("@new:x", "@nobody:x", "member.deputy.principal_unknown"),
        ("@new:x", "@adv:x", "member.deputy.principal_not_voting"),
        ("@new:x", "@jc2:x", "member.deputy.principal_is_deputy"),
        ("@jc:x", "@sa:x", "member.deputy.has_deputies"),
    ],
)
def test_deputy_appointments_that_are_refused(deputy: str, principal: str, key: str) -> None:
    members = [JOBCENTER, SOZIALAMT, ADVISOR,
               SeatHolder("@jc2:x", "Jobcenter", votes=True, deputy_of="@jc:x")]
    with pytest.raises(UserError) as error:
        check_deputy_appointment(deputy, principal, members)
    assert error.value.key == key


def test_next_deputy_is_ranked_last() -> None:
    members = [JOBCENTER, SeatHolder("@d:x", "Jobcenter", True, deputy_of="@jc:x", rank=4)]
    assert next_deputy_rank("@jc:x", members) == 5
    assert next_deputy_rank("@sa:x", members) == 0


holders = st.lists(
    st.builds(
        SeatHolder,
        user_id=st.sampled_from([f"@u{i}:x" for i in range(8)]),
        organisation=st.sampled_from(["A", "B", "C"]),
        votes=st.booleans(),
        deputy_of=st.one_of(st.none(), st.sampled_from([f"@u{i}:x" for i in range(8)])),
        rank=st.integers(0, 3),
    ),
    unique_by=lambda h: h.user_id,
)


@given(holders)
def test_a_seat_never_counts_twice(members: list[SeatHolder]) -> None:
    result = seats(members)
    principals = [s.principal for s in result]
    assert len(principals) == len(set(principals))
    everyone = principals + [d for s in result for d in s.deputies]
    assert len(everyone) == len(set(everyone)), "nobody holds or deputises two seats"
    for seat in result:
        holder = next(m for m in members if m.user_id == seat.principal)
        assert holder.votes and holder.deputy_of is None
