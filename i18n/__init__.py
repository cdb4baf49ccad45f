"""Message catalogues: every text the bot shows, in German (default) and English.

A message is looked up by key and filled with parameters. Each entry has a plain-text form
and an HTML form; parameters are escaped for HTML here, once, so no handler ever builds markup
from user input. Values are formatted for the language: dates the German way in German, enum
values by their catalogue names, user ids as Matrix links in HTML.
"""

from __future__ import annotations

import functools
import html
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

from domain.group import Language
from i18n import de, en

CATALOGUES: dict[Language, Mapping[str, str | tuple[str, str]]] = {
    Language.DE: de.MESSAGES,
    Language.EN: en.MESSAGES,
}
_LOCALES = {Language.DE: "de_DE", Language.EN: "en_GB"}


@dataclass(frozen=True)
class Rendered:
    """A finished text in both forms; inserted into another message without re-escaping."""

    plain: str
    html: str

    @staticmethod
    def join(parts: Iterable[Rendered], plain_sep: str = "\n", html_sep: str = "<br/>") -> Rendered:
        parts = list(parts)
        return Rendered(
            plain_sep.join(p.plain for p in parts), html_sep.join(p.html for p in parts)
        )


class Message:
    """A catalogue key with its parameters, rendered later in the reader's language."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Message({self.key!r}, **{self.params!r})"


@dataclass(frozen=True)
class UserRef:
    """A Matrix user, shown by name where the group knows one (`name`, else the renderer's
    `names`), else by id; a link (a "pill" in Element) in HTML."""

    user_id: str
    name: str | None = None


@dataclass(frozen=True)
class TimeRange:
    """A meeting's time: „Donnerstag, 3. Dezember 2026, 14:00–15:30 Uhr“."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Code:
    """Something the user types, such as a command: monospace in HTML."""

    text: str


class MissingMessage(KeyError):
    pass


_CONSTANTS: dict[tuple[Language, str, str], Rendered] = {}


def _constant(renderer: Renderer, key: str) -> Rendered:
    """A message without parameters: it depends on the language and the command prefix only."""
    cache_key = (renderer.language, renderer.prefix, key)
    rendered = _CONSTANTS.get(cache_key)
    if rendered is None:
        rendered = _CONSTANTS[cache_key] = renderer._render(key, {})
    return rendered


@functools.cache
def _compiled(template: str) -> tuple[tuple[str, str | None, str], ...]:
    """A template split once into literal text and the names of its fields (catalogue
    templates use plain `{name}` fields only, see the catalogue test)."""
    return tuple(
        (literal, name, spec or "")
        for literal, name, spec, _ in string.Formatter().parse(template)
    )


class Renderer:
    """Renders catalogue messages for one language and time zone."""

    def __init__(
        self, language: Language, timezone: str = "Europe/Berlin", prefix: str = "!"
    ) -> None:
        self.language = language
        self.prefix = prefix
        self.zone = ZoneInfo(timezone)
        self.locale = _LOCALES[language]
        self.catalogue = CATALOGUES[language]
        #: Names of people by Matrix id, for `UserRef`s that carry none.
        self.names: Mapping[str, str] = {}

    def has(self, key: str) -> bool:
        return key in self.catalogue

    def __call__(self, key: str, /, **params: Any) -> Rendered:
        if not params:
            # A message without parameters („zugesagt“, „keine Antwort“) reads the same in
            # every answer of one language: rendered once, not once per line of a listing.
            return _constant(self, key)
        return self._render(key, params)

    def _render(self, key: str, params: Mapping[str, Any]) -> Rendered:
        try:
            entry = self.catalogue[key]
        except KeyError:
            raise MissingMessage(f"{self.language}: {key}") from None
        plain_template, html_template = (
            entry if isinstance(entry, tuple) else (entry, _plain_to_html(entry))
        )
        # Nested messages are rendered once, into both forms, before either form is filled.
        values = {name: self._resolve(value) for name, value in params.items()}
        values["p"] = self.prefix
        return Rendered(self._fill(plain_template, values, False),
                        self._fill(html_template, values, True))

    def _resolve(self, value: Any) -> Any:
        if isinstance(value, Message):
            return self.message(value)
        if isinstance(value, list | tuple) and value and isinstance(value[0], Message):
            return Rendered.join(self.message(m) for m in value)
        return value

    def _fill(self, template: str, values: Mapping[str, Any], for_html: bool) -> str:
        parts = []
        for literal, name, spec in _compiled(template):
            parts.append(literal)
            if name is not None:
                parts.append(self.format_value(values[name], for_html, spec))
        return "".join(parts)

    def message(self, message: Message) -> Rendered:
        return self(message.key, **message.params)

    def format_value(self, value: Any, for_html: bool, spec: str = "") -> str:
        if type(value) is str and not spec:  # most values: names, titles, organisations
            return html.escape(value) if for_html else value
        if isinstance(value, Message):
            value = self.message(value)
        elif isinstance(value, list | tuple) and value and isinstance(value[0], Message):
            value = Rendered.join(self.message(m) for m in value)
        if isinstance(value, Rendered):
            return value.html if for_html else value.plain
        text = self._plain_value(value, spec)
        if not for_html:
            return text
        if isinstance(value, UserRef):
            link = html.escape(f"https://matrix.to/#/{value.user_id}", quote=True)
            return f'<a href="{link}">{html.escape(text)}</a>'
        if isinstance(value, Code):
            return f"<code>{html.escape(value.text)}</code>"
        return html.escape(text)

    def _plain_value(self, value: Any, spec: str) -> str:
        match value:
            case Rendered():
                return value.plain
            case UserRef():
                return value.name or self.names.get(value.user_id) or value.user_id
            case TimeRange():
                return self.time_range(value)
            case Code():
                return value.text
            case bool():
                return self("value.yes" if value else "value.no").plain
            case Enum():
                key = f"enum.{type(value).__name__}.{value.value}"
                return self(key).plain if self.has(key) else str(value.value)
            case datetime():
                return self.datetime(value)
            case date():
                return _full_date(value, self.locale)
            case time():
                return format_time(value, format="HH:mm", locale=self.locale)
            case timedelta():
                return self.duration(value)
            case list() | tuple():
                return ", ".join(self._plain_value(v, "") for v in value)
            case None:
                return "–"
            case _:
                return format(value, spec)

    def datetime(self, moment: datetime) -> str:
        """A date and time the way the language writes it, in the group's zone."""
        local = moment.astimezone(self.zone) if moment.tzinfo else moment
        day = _full_date(local.date(), self.locale)
        clock = local.strftime("%H:%M")
        return self("value.datetime", day=day, time=clock).plain

    def time_range(self, span: TimeRange) -> str:
        start = span.start.astimezone(self.zone)
        end = span.end.astimezone(self.zone)
        day = _full_date(start.date(), self.locale)
        if end.date() != start.date():
            return self("value.time_range.days", start=self.datetime(start),
                        end=self.datetime(end)).plain
        return self("value.time_range", day=day, start=start.strftime("%H:%M"),
                    end=end.strftime("%H:%M")).plain

    def duration(self, span: timedelta) -> str:
        seconds = int(span.total_seconds())
        for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60), ("seconds", 1)):
            if seconds % size == 0:
                n = seconds // size
                return self(f"value.{unit}.one" if n == 1 else f"value.{unit}", n=n).plain
        return self("value.seconds", n=seconds).plain


@functools.lru_cache(maxsize=4096)
def _full_date(day: date, locale: str) -> str:
    """„Donnerstag, 3. Dezember 2026“: Babel's full date, worked out once per day and
    language (listings show the same few dates again and again)."""
    return str(format_date(day, format="full", locale=locale))


def _plain_to_html(template: str) -> str:
    """The default HTML form of a message: the same text, line breaks kept."""
    return template.replace("\n", "<br/>")


def placeholders(template: str) -> set[str]:
    """The parameter names a template uses (for the catalogue consistency test)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
