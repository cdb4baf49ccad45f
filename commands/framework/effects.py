"""What a handler may send besides its reply, described without any Matrix shapes.

Handlers say *what* to send (a notice, a native poll, the end of a poll, a file, a direct
message); `bot/` turns each into the Matrix event and queues it in the outbox of the handler's
transaction, so it is sent once, after the transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from i18n import Rendered


@dataclass(frozen=True)
class Notice:
    """A message from the bot. It notifies the people it mentions, and no one else."""

    text: Rendered
    mentions: tuple[str, ...] = ()
    #: Carries a secret (a feed link): not kept once sent.
    secret: bool = False


@dataclass(frozen=True)
class PollStart:
    """A native poll with one answer per person; `fallback` is for clients without polls."""

    question: str
    answers: tuple[tuple[str, str], ...]  # (answer id, label)
    fallback: Rendered
    max_selections: int = 1
    #: Whether clients show the running tally (date finding); decision polls do not.
    disclosed: bool = False


@dataclass(frozen=True)
class PollEnd:
    poll_event_id: str
    fallback: Rendered


@dataclass(frozen=True)
class FileMessage:
    filename: str
    mimetype: str
    data: bytes


@dataclass(frozen=True)
class ImageMessage:
    """A picture (a chart): `alt` says in words what it shows, for screen readers and clients
    that show no images."""

    filename: str
    data: bytes
    width: int
    height: int
    alt: str
    mimetype: str = "image/png"


Outgoing = Notice | PollStart | PollEnd | FileMessage | ImageMessage


class Effects(Protocol):
    async def post(self, room_id: str, message: Outgoing) -> str:
        """Queue `message` for the room; returns its transaction id."""
        ...

    async def direct(self, user_id: str, message: Notice) -> str:
        """Queue `message` for a direct-message room with `user_id`."""
        ...

    async def edit(self, room_id: str, original_event_id: str, text: Rendered,
                   revision: int) -> str:
        """Queue an edit (`m.replace`) of an earlier message of the bot's; `revision` counts
        the edits of that message, so each is sent once and none is taken for another."""
        ...

    def timers_changed(self) -> None:
        """Deadlines changed: the scheduler re-reads them after the commit."""
        ...

    def poll_status_changed(self, poll_id: int) -> None:
        """The poll's status (who voted, whether it runs) changed: its status message is
        brought up to date after the commit, bursts of changes together."""
        ...
