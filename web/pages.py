"""The group's record as pages for people: server-rendered HTML (Jinja2), no JavaScript,
in the group's language; accessible (landmarks, headings, table headers, `lang`, visible
focus), printable and readable on a phone (`web/static/style.css`).

Addresses (under `{public_url}/web`, or `…/web/TOKEN` for a member's link): `` (the groups),
`G/` (a group: members by organisation, next meetings), `G/meetings` (upcoming and past,
with the calendar to subscribe to at `G/meetings.ics`), `G/meeting/N` (agenda with reports
and decisions, attendance, minutes), `G/decisions` (the Beschlussbuch, `?q=` searches it),
`G/file/K` (invitations, minutes, reports)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from domain.publication import (
    MeetingState,
    PublishedDecision,
    PublishedGroup,
    PublishedMeeting,
    PublishedRecord,
)
from i18n import Renderer, TimeRange

TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET = Path(__file__).parent / "static" / "style.css"

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
#: Minutes are Markdown the bot wrote from what was recorded; members' words in them are
#: escaped, never taken as HTML.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})


@dataclass(frozen=True)
class Page:
    html: bytes


@dataclass(frozen=True)
class FileAnswer:
    content: bytes
    mimetype: str
    filename: str


class WebPages:
    """The pages of one reader's record. `root` is the address of `/web` for this reader
    (with the token, for a member's link); `oparl` that of its OParl entry point."""

    def __init__(self, record: PublishedRecord, root: str, oparl: str, prefix: str,
                 now: datetime) -> None:
        self.record = record
        self.root = root.rstrip("/")
        self.oparl = oparl
        self.prefix = prefix
        self.now = now

    def answer(self, path: str, query: Mapping[str, str]) -> Page | FileAnswer | None:
        """The page (or file) for a path relative to `/web`, or None where there is none."""
        if not self.record.groups:
            return None
        if path == "":
            return self._index()
        head, _, rest = path.partition("/")
        group = self.record.group(int(head)) if head.isdigit() else None
        if group is None:
            return None
        if rest == "":
            return self._group(group)
        if rest == "meetings":
            return self._meetings(group)
        if rest == "meetings.ics":
            return FileAnswer(group.calendar, "text/calendar", f"{group.id}.ics")
        if rest == "decisions":
            return self._decisions(group, query.get("q", "").strip())
        kind, _, key = rest.partition("/")
        if kind == "meeting" and key.isdigit():
            meeting = next((m for m in group.meetings if m.id == int(key)), None)
            return self._meeting(group, meeting) if meeting is not None else None
        if kind == "file":
            found = next((f for f in self.record.files if f.key == key
                          and _group_of_file(self.record, f.key) == group.id), None)
            if found is not None:
                return FileAnswer(found.content, found.mimetype, found.filename)
        return None

    # --- pages ---------------------------------------------------------------------------

    def _renderer(self, group: PublishedGroup | None) -> Renderer:
        if group is None:
            language = self.record.groups[0].language
            return Renderer(language, self.record.groups[0].timezone, self.prefix)
        return Renderer(group.language, group.timezone, self.prefix)

    def _render(self, template: str, group: PublishedGroup | None, **values: Any) -> Page:
        renderer = self._renderer(group)

        def t(key: str, **params: Any) -> str:
            return renderer(key, **params).plain

        def when(meeting: PublishedMeeting) -> str:
            return renderer("web.when", when=TimeRange(meeting.start, meeting.end)).plain

        def day(moment: datetime) -> str:
            return renderer("web.day", day=moment.astimezone(renderer.zone).date()).plain

        html = _environment.get_template(template).render(
            t=t, when=when, day=day, root=self.root, oparl=self.oparl, group=group,
            record=self.record, lang=(group.language if group else renderer.language).value,
            **values)
        return Page(html.encode("utf-8"))

    def _index(self) -> Page:
        return self._render("index.html", None, groups=self.record.groups)

    def _group(self, group: PublishedGroup) -> Page:
        upcoming = [m for m in group.meetings
                    if m.end >= self.now and m.state is not MeetingState.CANCELLED][:5]
        by_organisation: dict[str, list[Any]] = {}
        for membership in group.memberships:
            if membership.end is None:
                by_organisation.setdefault(membership.organisation, []).append(membership)
        return self._render("group.html", group, upcoming=upcoming,
                            organisations=sorted(by_organisation.items()))

    def _meetings(self, group: PublishedGroup) -> Page:
        upcoming = [m for m in group.meetings if m.end >= self.now]
        past = [m for m in reversed(group.meetings) if m.end < self.now]
        return self._render("meetings.html", group, upcoming=upcoming, past=past)

    def _meeting(self, group: PublishedGroup, meeting: PublishedMeeting) -> Page:
        decisions = {d.id: d for d in group.decisions}
        reports = {r.id: r for r in group.reports}
        # Minutes as text are shown on the page; the approved version (a PDF) is linked.
        minutes = (_minutes_html(meeting.minutes.content.decode("utf-8"))
                   if meeting.minutes is not None
                   and meeting.minutes.mimetype == "text/markdown" else None)
        return self._render(
            "meeting.html", group, meeting=meeting, decisions=decisions, reports=reports,
            annexes=[r for r in group.reports if r.meeting_id == meeting.id], minutes=minutes)

    def _decisions(self, group: PublishedGroup, search: str) -> Page:
        entries: list[PublishedDecision] = list(reversed(group.decisions))
        if search:
            needle = search.casefold()
            entries = [d for d in entries if needle in d.text.casefold()
                       or needle in d.number.casefold()]
        ids = {d.number: d.id for d in group.decisions}
        meetings = {m.id: m for m in group.meetings}
        return self._render("decisions.html", group, entries=entries, search=search, ids=ids,
                            meetings=meetings)


def _minutes_html(markdown: str) -> Markup:
    """The minutes under the page's „Niederschrift“ heading: their own headings two levels
    down, so the page keeps one `h1` and an unbroken outline."""
    tokens = _markdown.parse(markdown)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 2)}"
    return Markup(_markdown.renderer.render(tokens, _markdown.options, {}))


def _group_of_file(record: PublishedRecord, key: str) -> int | None:
    for group in record.groups:
        for meeting in group.meetings:
            for file in (meeting.invitation, meeting.minutes):
                if file is not None and file.key == key:
                    return group.id
        for report in group.reports:
            if report.file is not None and report.file.key == key:
                return group.id
    return None

