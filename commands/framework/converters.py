"""Typed arguments: turning a word the user typed into a value, or a specific error.

A handler's parameter annotation picks the converter. Each converter raises `UserError` with a
catalogue key naming what was wrong and the form expected, so `!member add bob` answers
„‚bob‘ ist keine Matrix-ID …“, not a stack trace.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any, NewType, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from domain.decision_log import ExportFormat
from domain.errors import UserError
from domain.group import (
    GROUP_KIND_ALIASES,
    LANGUAGE_ALIASES,
    MAJORITY_RULE_ALIASES,
    PUBLICATION_ALIASES,
    GroupKind,
    Language,
    MajorityRule,
    Publication,
)
from domain.items import ITEM_FILTER_ALIASES, ItemFilter
from domain.meetings import (
    AGENDA_ACTION_ALIASES,
    REPEAT_ALIASES,
    RSVP_ALIASES,
    AgendaAction,
    Repeat,
    RsvpAnswer,
)
from domain.roles import ROLE_ALIASES, Notify, Role
from domain.roster import IMPORT_STEP_ALIASES, ROSTER_FORMAT_ALIASES, ImportStep, RosterFormat
from domain.voting import POLL_MODE_ALIASES, PollMode

UserId = NewType("UserId", str)
Email = NewType("Email", str)
TimeZoneName = NewType("TimeZoneName", str)
Percent = NewType("Percent", int)


@dataclass(frozen=True)
class Text:
    """Marker: a `str` parameter that takes all remaining positional words, joined."""


@dataclass(frozen=True)
class Length:
    """Marker: the most characters a `str` parameter takes (where the default does not fit
    what it is stored as: a group's name, a mandate's text)."""

    most: int


#: The most characters of a text argument unless declared otherwise: a `key=value` word or a
#: word of a list is a name or a short phrase (stored in columns of 200); a free text
#: (the question of a poll, an item, a decision) is longer.
SHORT_TEXT, LONG_TEXT = 200, 2000


@dataclass(frozen=True)
class Words:
    """Marker: a `tuple[str, ...]` parameter that takes the remaining positional words, each
    one value (`!poll "Frage" "Option A" "Option B"`)."""


@dataclass(frozen=True)
class Flag:
    """Marker: a keyword-only `bool` that is also set by its bare name (`secret`, `geheim`)."""

    de: str


@dataclass(frozen=True)
class Deadline:
    """A point in time typed absolutely (`3.12.2026 18:00`) or from now (`3d`, `2h`)."""

    at: datetime | None = None
    after: timedelta | None = None

    def resolve(self, now: datetime) -> datetime:
        if self.at is not None:
            return self.at
        assert self.after is not None
        return now + self.after


@dataclass(frozen=True)
class ParseContext:
    """What conversion depends on: the group's time zone, for dates and times."""

    timezone: str = "Europe/Berlin"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


Converter = Callable[[str, ParseContext], Any]
T = TypeVar("T")

# Digits are ASCII digits only: `\d` alone would also take "٣" or "³", which no one here types.
_USER_ID = re.compile(r"@[a-z0-9._=/+\-]+:[A-Za-z0-9.\-]+(:\d{1,5})?\Z", re.ASCII)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}\Z")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})\Z", re.ASCII)
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?\Z", re.ASCII)
TIME_PATTERN = re.compile(r"(\d{1,2})(?::(\d{2}))?(?:\s*[Uu]hr)?\Z", re.ASCII)
_STRICT_TIME = re.compile(r"\d{1,2}:\d{2}\Z", re.ASCII)
_DURATION = re.compile(
    r"(?:(\d+)\s*(?:d|tage?))?\s*(?:(\d+)\s*(?:h|std))?\s*(?:(\d+)\s*(?:m|min))?"
    r"\s*(?:(\d+)\s*(?:s|sek))?\Z", re.ASCII
)
_NUMBER = re.compile(r"\d{1,18}\Z", re.ASCII)
#: The largest number any command takes (the databases' INTEGER).
LARGEST_NUMBER = 2**31 - 1


def looks_like_time(word: str) -> bool:
    """Whether a word following a date is its time of day (`14:00`)."""
    return bool(_STRICT_TIME.match(word))


def convert_user_id(raw: str, _: ParseContext) -> UserId:
    text = raw.strip()
    if text.startswith("https://matrix.to/#/"):
        text = text.removeprefix("https://matrix.to/#/")
    # The Matrix specification's limit: a user ID is at most 255 bytes.
    if len(text.encode("utf-8")) > 255 or not _USER_ID.match(text):
        raise UserError("arg.user.invalid", value=raw[:300])
    return UserId(text)


def convert_int(raw: str, _: ParseContext) -> int:
    text = raw.strip().lstrip("#")
    if not _NUMBER.match(text):
        raise UserError("arg.number.invalid", value=raw)
    if int(text) > LARGEST_NUMBER:
        raise UserError("arg.number.too_large", value=raw)
    return int(text)


def convert_str(raw: str, _: ParseContext) -> str:
    text = raw.strip()
    if not text:
        raise UserError("arg.text.empty")
    return text


def convert_email(raw: str, _: ParseContext) -> Email:
    if len(raw.strip()) > 254 or not _EMAIL.match(raw.strip()):  # RFC 5321's longest path
        raise UserError("arg.email.invalid", value=raw)
    return Email(raw.strip())


def convert_percent(raw: str, _: ParseContext) -> Percent:
    text = raw.strip().removesuffix("%").strip()
    if not _NUMBER.match(text) or not 0 <= int(text) <= 100:
        raise UserError("arg.percent.invalid", value=raw)
    return Percent(int(text))


def convert_timezone(raw: str, _: ParseContext) -> TimeZoneName:
    text = raw.strip()
    if text not in available_timezones():
        raise UserError("arg.timezone.invalid", value=raw)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError("arg.timezone.invalid", value=raw) from None
    return TimeZoneName(text)


def convert_bool(raw: str, _: ParseContext) -> bool:
    text = raw.strip().lower()
    if text in {"yes", "ja", "true", "on", "1", "an"}:
        return True
    if text in {"no", "nein", "false", "off", "0", "aus"}:
        return False
    raise UserError("arg.bool.invalid", value=raw)


#: The years a date may name: room for the group's past and future, and for any date
#: arithmetic on them (a day later, a week earlier) to stay a date.
YEARS = range(1900, 3000)


def convert_date(raw: str, _: ParseContext) -> date:
    text = raw.strip()
    try:
        if m := _ISO_DATE.match(text):
            found = date(int(m[1]), int(m[2]), int(m[3]))
        elif m := _GERMAN_DATE.match(text):
            if m[3] is None:
                raise UserError("arg.date.no_year", value=raw)
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            found = date(year, int(m[2]), int(m[1]))
        else:
            raise UserError("arg.date.invalid", value=raw)
    except ValueError:
        raise UserError("arg.date.impossible", value=raw) from None
    if found.year not in YEARS:
        raise UserError("arg.date.out_of_range", value=raw, first=YEARS[0], last=YEARS[-1])
    return found


def convert_time(raw: str, _: ParseContext) -> time:
    m = TIME_PATTERN.match(raw.strip())
    if not m:
        raise UserError("arg.time.invalid", value=raw)
    hour, minute = int(m[1]), int(m[2] or 0)
    if hour > 23 or minute > 59:
        raise UserError("arg.time.invalid", value=raw)
    return time(hour, minute)


def convert_datetime(raw: str, ctx: ParseContext) -> datetime:
    """`2026-12-03 14:00`, `3.12.2026 14:00` or `2026-12-03T14:00`, in the group's zone.

    A wall-clock time that does not exist (skipped by the change to summer time) is refused
    rather than silently shifted.
    """
    text = raw.strip().replace("T", " ", 1) if "T" in raw else raw.strip()
    day_part, _, time_part = text.partition(" ")
    if not time_part:
        raise UserError("arg.datetime.no_time", value=raw)
    day = convert_date(day_part, ctx)
    clock = convert_time(time_part, ctx)
    local = datetime.combine(day, clock, tzinfo=ctx.zone)
    round_trip = local.astimezone(ZoneInfo("UTC")).astimezone(ctx.zone)
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise UserError("arg.datetime.nonexistent", value=raw)
    return local


def convert_duration(raw: str, _: ParseContext) -> timedelta:
    text = raw.strip().lower()
    m = _DURATION.match(text)
    if not text or not m or not any(m.groups()):
        raise UserError("arg.duration.invalid", value=raw)
    days, hours, minutes, seconds = (int(g) if g else 0 for g in m.groups())
    try:
        span = timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError:
        raise UserError("arg.duration.invalid", value=raw) from None
    if span <= timedelta(0):
        raise UserError("arg.duration.invalid", value=raw)
    return span


def convert_deadline(raw: str, ctx: ParseContext) -> Deadline:
    if _DURATION.match(raw.strip().lower()) and any(c in "0123456789" for c in raw):
        return Deadline(after=convert_duration(raw, ctx))
    try:
        return Deadline(at=convert_datetime(raw, ctx))
    except UserError as error:
        if error.key in {"arg.date.invalid", "arg.datetime.no_time"}:
            raise UserError("arg.deadline.invalid", value=raw) from None
        raise


def enum_converter(enum: type[Enum], aliases: dict[str, Any]) -> Converter:
    def convert(raw: str, _: ParseContext) -> Any:
        text = raw.strip().lower()
        for member in enum:
            if text == member.value:
                return member
        if text in aliases:
            return aliases[text]
        raise UserError(
            "arg.choice.invalid", value=raw, choices=[member.value for member in enum]
        )

    return convert


CONVERTERS: dict[Any, Converter] = {
    str: convert_str,
    int: convert_int,
    bool: convert_bool,
    UserId: convert_user_id,
    Email: convert_email,
    Percent: convert_percent,
    TimeZoneName: convert_timezone,
    date: convert_date,
    time: convert_time,
    datetime: convert_datetime,
    timedelta: convert_duration,
    Deadline: convert_deadline,
    Role: enum_converter(Role, ROLE_ALIASES),
    Notify: enum_converter(Notify, {"e-mail": Notify.EMAIL, "raum": Notify.MATRIX}),
    GroupKind: enum_converter(GroupKind, GROUP_KIND_ALIASES),
    Language: enum_converter(Language, LANGUAGE_ALIASES),
    MajorityRule: enum_converter(MajorityRule, MAJORITY_RULE_ALIASES),
    PollMode: enum_converter(PollMode, POLL_MODE_ALIASES),
    ExportFormat: enum_converter(ExportFormat, {"markdown": ExportFormat.MARKDOWN}),
    ItemFilter: enum_converter(ItemFilter, ITEM_FILTER_ALIASES),
    Repeat: enum_converter(Repeat, REPEAT_ALIASES),
    RsvpAnswer: enum_converter(RsvpAnswer, RSVP_ALIASES),
    ImportStep: enum_converter(ImportStep, IMPORT_STEP_ALIASES),
    RosterFormat: enum_converter(RosterFormat, ROSTER_FORMAT_ALIASES),
    AgendaAction: enum_converter(AgendaAction, AGENDA_ACTION_ALIASES),
    Publication: enum_converter(Publication, PUBLICATION_ALIASES),
}

#: Catalogue key of the placeholder shown in usage lines, per type.
PLACEHOLDERS: dict[Any, str] = {
    str: "placeholder.text",
    int: "placeholder.number",
    bool: "placeholder.bool",
    UserId: "placeholder.user",
    Email: "placeholder.email",
    Percent: "placeholder.percent",
    TimeZoneName: "placeholder.timezone",
    date: "placeholder.date",
    time: "placeholder.time",
    datetime: "placeholder.datetime",
    timedelta: "placeholder.duration",
    Deadline: "placeholder.deadline",
}
