"""Beteiligung: which organisations took part in the group's meetings.

Per organisation and meeting: *attended* when one of its people was present (in person or as a
deputy — *by deputy* when only deputies came); otherwise *declined* when its people said no,
*no answer* when none of them answered, and *absent* when someone said yes or maybe but nobody
came. Meetings without recorded presence count a yes as attended.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    MAYBE = "maybe"


@dataclass(frozen=True)
class MeetingFacts:
    #: Who was invited (member then), with their organisation.
    invited: Mapping[str, str]
    present: frozenset[str]
    answers: Mapping[str, Answer]
    #: Those of the invited who were members as someone's deputy.
    deputies: frozenset[str] = frozenset()

    @property
    def presence_recorded(self) -> bool:
        return bool(self.present)


@dataclass
class OrganisationParticipation:
    invited: int = 0
    attended: int = 0
    #: Of `attended`: the meetings only the organisation's deputies came to.
    by_deputy: int = 0
    declined: int = 0
    unanswered: int = 0
    absent: int = 0
    people: set[str] = field(default_factory=set)


def participation(meetings: Iterable[MeetingFacts]) -> dict[str, OrganisationParticipation]:
    result: dict[str, OrganisationParticipation] = {}
    for meeting in meetings:
        by_org: dict[str, list[str]] = {}
        for user, org in meeting.invited.items():
            by_org.setdefault(org, []).append(user)
        for org, people in by_org.items():
            row = result.setdefault(org, OrganisationParticipation())
            row.invited += 1
            row.people.update(people)
            answers = [meeting.answers[p] for p in people if p in meeting.answers]
            if meeting.presence_recorded:
                came = [p for p in people if p in meeting.present]
            else:
                came = [p for p in people if meeting.answers.get(p) is Answer.YES]
            if came:
                row.attended += 1
                if all(p in meeting.deputies for p in came):
                    row.by_deputy += 1
            elif not answers:
                row.unanswered += 1
            elif all(a is Answer.NO for a in answers):
                row.declined += 1
            else:
                row.absent += 1
    return dict(sorted(result.items()))
