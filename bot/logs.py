"""The bot's log: plain text for a terminal, or JSON lines for a log collector
(`[bot] log_format`). A line names the work it belongs to — the event or the timed job — and the
room of the group, from context the pipeline sets; never a message's text or a ballot (the bot
logs neither in any format)."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

#: The event id or timed job being handled, and the room it happens in.
current_work: ContextVar[str | None] = ContextVar("current_work", default=None)
current_room: ContextVar[str | None] = ContextVar("current_room", default=None)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@contextmanager
def working_on(work: str, room: str | None = None) -> Iterator[None]:
    """Log lines written meanwhile name this event or job (and room)."""
    work_token = current_work.set(work)
    room_token = current_room.set(room)
    try:
        yield
    finally:
        current_work.reset(work_token)
        current_room.reset(room_token)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, and — where
    known — the event or job (`work`) and the group's room (`room`)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        work, room = current_work.get(), current_room.get()
        if work is not None:
            line["work"] = work
        if room is not None:
            line["room"] = room
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure(level: str, log_format: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(
        TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
