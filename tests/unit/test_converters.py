from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from commands.framework.converters import (
    ParseContext,
    convert_date,
    convert_datetime,
    convert_duration,
    convert_email,
    convert_int,
    convert_percent,
    convert_time,
    convert_timezone,
    convert_user_id,
    enum_converter,
)
from domain.errors import UserError
from domain.roles import ROLE_ALIASES, Role

CTX = ParseContext("Europe/Berlin")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize("text", ["2026-12-03", "3.12.2026", "03.12.2026", "3.12.26"])
def test_dates_iso_and_german(text: str) -> None:
    assert convert_date(text, CTX) == date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("31.2.2026", "arg.date.impossible"),
        ("3.12.", "arg.date.no_year"),
        ("morgen", "arg.date.invalid"),
        ("2026/12/03", "arg.date.invalid"),
    ],
)
def test_bad_dates_say_what_is_wrong(text: str, key: str) -> None:
    with pytest.raises(UserError) as error:
        convert_date(text, CTX)
    assert error.value.key == key
    assert error.value.params["value"] == text


def test_datetime_is_in_the_groups_zone() -> None:
    winter = convert_datetime("3.12.2026 14:00", CTX)
    summer = convert_datetime("2027-06-03 14:00", CTX)
    assert winter == datetime(2026, 12, 3, 14, 0, tzinfo=BERLIN)
    assert winter.utcoffset() == timedelta(hours=1)
    assert summer.utcoffset() == timedelta(hours=2)


def test_datetime_in_the_skipped_hour_is_refused() -> None:
    with pytest.raises(UserError) as error:
        convert_datetime("28.3.2027 02:30", CTX)
    assert error.value.key == "arg.datetime.nonexistent"


def test_datetime_without_time_is_refused() -> None:
    with pytest.raises(UserError) as error:
        convert_datetime("3.12.2026", CTX)
    assert error.value.key == "arg.datetime.no_time"


@pytest.mark.parametrize(("text", "value"), [("14:00", time(14)), ("9", time(9)),
                                              ("9:05 Uhr", time(9, 5))])
def test_times(text: str, value: time) -> None:
    assert convert_time(text, CTX) == value


@pytest.mark.parametrize("text", ["25:00", "12:60", "mittags"])
def test_bad_times(text: str) -> None:
    with pytest.raises(UserError):
        convert_time(text, CTX)


@pytest.mark.parametrize(
    ("text", "span"),
    [("90m", timedelta(minutes=90)), ("2h", timedelta(hours=2)), ("1d", timedelta(days=1)),
     ("1h30m", timedelta(minutes=90)), ("7 Tage", timedelta(days=7))],
)
def test_durations(text: str, span: timedelta) -> None:
    assert convert_duration(text, CTX) == span


@pytest.mark.parametrize("text", ["", "0m", "lang", "90"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(UserError):
        convert_duration(text, CTX)


def test_user_ids() -> None:
    assert convert_user_id("@anna.schmidt:stadt.de", CTX) == "@anna.schmidt:stadt.de"
    assert convert_user_id("https://matrix.to/#/@a:b.de", CTX) == "@a:b.de"
    for bad in ["anna", "@anna", "anna:stadt.de", "@Anna Schmidt:stadt.de"]:
        with pytest.raises(UserError) as error:
            convert_user_id(bad, CTX)
        assert error.value.key == "arg.user.invalid"


def test_numbers_percent_email_timezone() -> None:
    assert convert_int("#7", CTX) == 7
    assert convert_percent("50%", CTX) == 50
    assert convert_email("a.b@stadt.de", CTX) == "a.b@stadt.de"
    assert convert_timezone("Europe/Berlin", CTX) == "Europe/Berlin"
    for convert, bad in [(convert_int, "sieben"), (convert_percent, "150"),
                         (convert_email, "a@b"), (convert_timezone, "Berlin")]:
        with pytest.raises(UserError):
            convert(bad, CTX)


def test_enum_accepts_english_and_german_and_lists_choices() -> None:
    convert = enum_converter(Role, ROLE_ALIASES)
    assert convert("member", CTX) is Role.MEMBER
    assert convert("Vorsitz", CTX) is Role.CHAIR
    with pytest.raises(UserError) as error:
        convert("boss", CTX)
    assert error.value.params["choices"] == ["chair", "coordinator", "member", "advisor", "guest"]
