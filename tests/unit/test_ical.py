"""iCalendar output, read back by an independent parser (vobject), across summer time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject

from domain.ical import (
    Attendee,
    CalendarEvent,
    Method,
    PartStat,
    attendee_role,
    calendar_address,
    render_calendar,
)
from domain.meetings import Repeat, Series
from domain.roles import Role

BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def parse(data: bytes) -> vobject.base.Component:
    return vobject.readOne(data.decode("utf-8"))


def event(start: datetime, **changes: object) -> CalendarEvent:
    fields: dict[str, object] = {
        "uid": "meeting-1@kimbot", "sequence": 0, "start": start,
        "end": start + timedelta(minutes=90), "summary": "Lenkungsgruppe",
    }
    fields.update(changes)
    return CalendarEvent(**fields)  # type: ignore[arg-type]


# Local 14:00 just before and just after each change, this year and in the years ahead.
AROUND_CHANGES = [
    (datetime(2026, 3, 28, 14, 0), 13), (datetime(2026, 3, 30, 14, 0), 12),
    (datetime(2026, 10, 24, 14, 0), 12), (datetime(2026, 10, 26, 14, 0), 13),
    (datetime(2027, 3, 27, 14, 0), 13), (datetime(2027, 3, 29, 14, 0), 12),
    (datetime(2031, 10, 25, 14, 0), 12), (datetime(2031, 10, 27, 14, 0), 13),
    (datetime(2040, 3, 24, 14, 0), 13), (datetime(2040, 3, 26, 14, 0), 12),
]


@pytest.mark.parametrize(("local", "utc_hour"), AROUND_CHANGES)
def test_instants_around_summer_time_changes(local: datetime, utc_hour: int) -> None:
    start = local.replace(tzinfo=BERLIN)
    data = render_calendar([event(start)], stamp=STAMP, method=Method.REQUEST)
    assert b"DTSTART;TZID=Europe/Berlin:" in data
    parsed = parse(data)
    instant = parsed.vevent.dtstart.value.astimezone(UTC)
    assert (instant.date(), instant.hour) == (local.date(), utc_hour)
    assert parsed.vtimezone.tzid.value == "Europe/Berlin"


def test_a_weekly_series_keeps_local_time_across_the_change() -> None:
    series = Series(datetime(2027, 3, 18, 14, 0, tzinfo=BERLIN), timedelta(minutes=90),
                    Repeat.WEEKLY, until=date(2027, 4, 15))
    data = render_calendar([event(series.start, rrule=series.rrule_text())], stamp=STAMP)
    starts = list(parse(data).vevent.getrruleset(addRDate=True))
    assert [s.astimezone(BERLIN).strftime("%d.%m. %H:%M") for s in starts] == [
        "18.03. 14:00", "25.03. 14:00", "01.04. 14:00", "08.04. 14:00", "15.04. 14:00",
    ]
    assert [s.astimezone(UTC).hour for s in starts] == [13, 13, 12, 12, 12]
    ours = series.starts(series.start, series.start + timedelta(days=60))
    assert [s.astimezone(UTC) for s in ours] == [s.astimezone(UTC) for s in starts]


def test_text_survives_and_attendees_carry_role_and_answer() -> None:
    text = "Tagesordnung: 1. Bericht; 2. Haushalt, Verschiedenes\nÄnderungen: „Öffnung“ & mehr"
    start = datetime(2026, 12, 3, 14, 0, tzinfo=BERLIN)
    source = event(
        start, description=text, location="Rathaus, Raum 101; 2. OG",
        organizer="mailto:kimbot@stadt.example", organizer_name="kimbot",
        attendees=(
            Attendee(calendar_address("@anna:stadt.example", "anna@stadt.example"), "Anna",
                     attendee_role(Role.MEMBER, False), PartStat.ACCEPTED),
            Attendee(calendar_address("@ben:stadt.example", None), "Ben",
                     attendee_role(Role.MEMBER, True)),
            Attendee(calendar_address("@gast:stadt.example", None), "Gast",
                     attendee_role(Role.GUEST, False), rsvp=False),
        ),
    )
    parsed = parse(render_calendar([source], stamp=STAMP, method=Method.REQUEST))
    assert parsed.method.value == "REQUEST"
    vevent = parsed.vevent
    assert vevent.description.value == text
    assert vevent.location.value == "Rathaus, Raum 101; 2. OG"
    assert vevent.uid.value == "meeting-1@kimbot" and vevent.sequence.value == "0"
    assert vevent.organizer.value == "mailto:kimbot@stadt.example"
    people = {a.value: a.params for a in vevent.attendee_list}
    assert people["mailto:anna@stadt.example"]["PARTSTAT"] == ["ACCEPTED"]
    assert people["mailto:anna@stadt.example"]["ROLE"] == ["REQ-PARTICIPANT"]
    assert people["matrix:u/ben:stadt.example"]["ROLE"] == ["OPT-PARTICIPANT"]
    assert people["matrix:u/gast:stadt.example"]["ROLE"] == ["NON-PARTICIPANT"]
    assert people["matrix:u/gast:stadt.example"]["RSVP"] == ["FALSE"]


def test_cancel_and_a_moved_occurrence() -> None:
    start = datetime(2026, 12, 3, 14, 0, tzinfo=BERLIN)
    moved = event(start + timedelta(days=7, hours=2), sequence=1,
                  recurrence_id=start + timedelta(days=7))
    series = event(start, sequence=1, rrule="FREQ=WEEKLY",
                   exdates=(start + timedelta(days=14),))
    parsed = parse(render_calendar([series, moved], stamp=STAMP, method=Method.REQUEST))
    vevents = parsed.vevent_list
    assert vevents[1].recurrence_id.value.astimezone(UTC) == datetime(2026, 12, 10, 13, 0,
                                                                       tzinfo=UTC)
    assert vevents[0].exdate.value[0].astimezone(UTC) == datetime(2026, 12, 17, 13, 0, tzinfo=UTC)
    cancel = parse(render_calendar([event(start, sequence=2, cancelled=True)], stamp=STAMP,
                                   method=Method.CANCEL))
    assert cancel.method.value == "CANCEL" and cancel.vevent.status.value == "CANCELLED"
