"""What a command handler gets (its context) and what it gives back (a reply)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from commands.framework.effects import Effects
from domain.errors import UserError
from domain.group import GroupDefaults, Language
from domain.roles import Role
from i18n import Message, Rendered, Renderer
from storage.models import Group, Member
from storage.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from commands.framework.tree import CommandTree

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Attachment:
    """A file someone sent to the room, as read back by the bot."""

    filename: str
    mimetype: str
    data: bytes


class Signer(Protocol):
    """Signs what the bot exports (`bot.signing`): PDFs inside, other files beside."""

    @property
    def fingerprint(self) -> str: ...

    def sign_pdf(self, data: bytes) -> bytes: ...

    def sign_detached(self, data: bytes) -> bytes: ...


class RoomInfo(Protocol):
    """What handlers may ask about the Matrix room, without touching Matrix themselves."""

    async def power_level(self, user_id: str) -> int: ...

    async def display_name(self, user_id: str) -> str | None:
        """The name the person's Matrix client shows, if the room knows one."""
        ...

    async def replied_file(self) -> Attachment | None:
        """The file of the message the command replies to; None when it replies to none.
        Raises `UserError` when the message replied to is no file or cannot be read."""
        ...


@dataclass(frozen=True)
class CalendarSettings:
    """How the bot signs invitations and where its calendar feeds are served."""

    organizer: str = "matrix:u/kimbot:localhost"
    organizer_name: str = "kimbot"
    feed_url: str = "http://127.0.0.1:8080"
    #: Whether invitations also go by email (SMTP is configured).
    mail: bool = False
    #: The city's video service (a Jitsi or BigBlueButton address) for `online=ja`.
    video_service: str | None = None


@dataclass(frozen=True)
class Reply:
    """A handler's answer: one or more catalogue messages, shown as one notice."""

    messages: tuple[Message, ...]

    @classmethod
    def of(cls, key: str, **params: Any) -> Reply:
        return cls((Message(key, **params),))

    def then(self, key: str, **params: Any) -> Reply:
        return Reply((*self.messages, Message(key, **params)))


@dataclass
class CommandContext:
    room_id: str
    event_id: str
    sender: str
    sent_at: datetime
    prefix: str
    uow: UnitOfWork
    room: RoomInfo
    effects: Effects
    clock: Clock
    commands: CommandTree
    defaults: GroupDefaults
    group: Group | None = None
    member: Member | None = None
    calendar: CalendarSettings = CalendarSettings()
    #: Signs exports; None where no key is at hand (exports then go out unsigned).
    signer: Signer | None = None

    @property
    def language(self) -> Language:
        return self.group.language if self.group else self.defaults.language

    @property
    def timezone(self) -> str:
        return self.group.timezone if self.group else self.defaults.timezone

    @property
    def role(self) -> Role | None:
        return self.member.role if self.member else None

    def require_group(self) -> Group:
        if self.group is None:
            raise UserError("group.not_set_up", prefix=self.prefix)
        return self.group

    def now(self) -> datetime:
        return self.clock()

    @property
    def renderer(self) -> Renderer:
        return Renderer(self.language, self.timezone, self.prefix)

    def render(self, *messages: Message) -> Rendered:
        """Texts the handler sends itself (not its reply), in the group's language."""
        renderer = self.renderer
        return Rendered.join(renderer.message(m) for m in messages)
