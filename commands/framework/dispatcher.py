"""The one path every command takes: parse, resolve, check, bind, run, render.

The dispatcher works inside the caller's unit of work (the event pipeline's transaction). A
command refused before its handler runs (unknown, not allowed, a wrong argument) has written
nothing: its answer commits with the event. A handler that refuses or fails may have written
already: the dispatcher raises `CommandUndone`, the caller rolls its transaction back and
answers with `answer_undone` in a new one — so such a command changes nothing, and sends
nothing it had queued, while the fact that it was answered, and the answer, still commit.
(A savepoint around every handler did the same, at the price of two statements and the
session's bookkeeping for every command; refusals inside handlers are the rare case.)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from commands.framework.binding import bind
from commands.framework.context import (
    CalendarSettings,
    Clock,
    CommandContext,
    Reply,
    RoomInfo,
    Signer,
)
from commands.framework.converters import ParseContext
from commands.framework.effects import Effects
from commands.framework.spec import CommandSpec
from commands.framework.tokens import tokenize
from commands.framework.tree import CommandTree
from commands.framework.usage import command_words, usage
from domain.errors import UserError
from domain.group import GroupDefaults
from domain.roles import admitted_roles, may_run
from i18n import Code, Message, Rendered, Renderer, UserRef
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CommandInvocation:
    room_id: str
    event_id: str
    sender: str
    body: str
    #: The homeserver's timestamp of the command's event (when it was sent, not handled).
    sent_at: datetime | None = None


class CommandUndone(Exception):
    """A handler refused or failed after it may have written: its transaction must be rolled
    back, and `CommandDispatcher.answer_undone` answers in a new one."""

    def __init__(self, reply: Reply, spec: CommandSpec, *, failed: bool) -> None:
        super().__init__(spec.name)
        self.reply = reply
        self.spec = spec
        self.failed = failed


@dataclass(frozen=True)
class CommandOutcome:
    reply: Rendered
    command: str | None
    succeeded: bool
    #: The command failed inside (a bug), rather than being refused.
    failed: bool = False


class CommandDispatcher:
    def __init__(
        self,
        tree: CommandTree,
        *,
        prefix: str,
        defaults: GroupDefaults,
        clock: Clock,
        calendar: CalendarSettings | None = None,
        signer: Signer | None = None,
    ) -> None:
        self.tree = tree
        self.prefix = prefix
        self.defaults = defaults
        self.clock = clock
        self.calendar = calendar or CalendarSettings()
        self.signer = signer

    def addressed(self, body: str) -> bool:
        """Whether a message is meant for the bot (starts with the prefix and a word)."""
        text = body.lstrip()
        return text.startswith(self.prefix) and text[len(self.prefix) :][:1].isalpha()

    async def dispatch(
        self, invocation: CommandInvocation, uow: UnitOfWork, room: RoomInfo, effects: Effects
    ) -> CommandOutcome:
        """Run the command and render its answer; raises `CommandUndone` when its handler
        refused or failed (see the module's description)."""
        ctx = await self._context(invocation, uow, room, effects)
        spec: CommandSpec | None = None
        try:
            line = invocation.body.lstrip()[len(self.prefix) :]
            resolved = self.tree.resolve(tokenize(line))
            spec = resolved.spec
            self._check(spec, ctx)
            try:
                arguments = bind(spec, resolved.arguments, ParseContext(ctx.timezone))
            except UserError as error:
                raise _ArgumentError(error, spec) from None
        except _ArgumentError as wrapped:
            return await self._outcome(ctx, self._argument_help(wrapped.error, wrapped.spec),
                                       spec, False)
        except UserError as error:
            return await self._outcome(ctx, _refusal(error), spec, False)
        try:
            answer: Reply = await spec.handler(ctx, **arguments)
        except UserError as error:
            raise CommandUndone(_refusal(error), spec, failed=False) from None
        except Exception:
            log.exception("command %s failed on event %s", spec.name, invocation.event_id)
            raise CommandUndone(Reply.of("error.internal"), spec, failed=True) from None
        return await self._outcome(ctx, answer, spec, True)

    async def answer_undone(
        self, invocation: CommandInvocation, undone: CommandUndone, uow: UnitOfWork,
        room: RoomInfo, effects: Effects,
    ) -> CommandOutcome:
        """The answer to a command whose handler refused or failed, in a new transaction."""
        ctx = await self._context(invocation, uow, room, effects)
        return await self._outcome(ctx, undone.reply, undone.spec, False, failed=undone.failed)

    async def _context(
        self, invocation: CommandInvocation, uow: UnitOfWork, room: RoomInfo, effects: Effects
    ) -> CommandContext:
        ctx = CommandContext(
            room_id=invocation.room_id,
            event_id=invocation.event_id,
            sender=invocation.sender,
            sent_at=invocation.sent_at or self.clock(),
            prefix=self.prefix,
            uow=uow,
            room=room,
            effects=effects,
            clock=self.clock,
            commands=self.tree,
            defaults=self.defaults,
            calendar=self.calendar,
            signer=self.signer,
        )
        ctx.group, ctx.member = await uow.groups.with_member(invocation.room_id,
                                                             invocation.sender)
        return ctx

    def _check(self, spec: CommandSpec, ctx: CommandContext) -> None:
        if spec.needs_group:
            ctx.require_group()
        if not may_run(ctx.role, spec.access):
            words = command_words(spec, self.prefix, ctx.language)
            if ctx.member is None:
                raise UserError("access.not_member", command=Code(words))
            raise UserError(
                "access.denied",
                command=Code(words),
                roles=admitted_roles(spec.access),
                role=ctx.member.role,
            )

    def _argument_help(self, error: UserError, spec: CommandSpec) -> Reply:
        return Reply(
            (
                Message(error.key, **error.params),
                Message("usage.form", usage=_Usage(spec)),
                Message("usage.example", example=_Example(spec)),
            )
        )

    async def _outcome(
        self, ctx: CommandContext, reply: Reply, spec: CommandSpec | None, ok: bool, *,
        failed: bool = False,
    ) -> CommandOutcome:
        renderer = Renderer(ctx.language, ctx.timezone, self.prefix)
        people = mentioned_users(reply.messages)
        if people and ctx.group is not None:
            # One query, and only for answers that name someone: they are shown by name.
            renderer.names = await ctx.uow.members.display_names(ctx.group, people)
        try:
            rendered = render_reply(reply, renderer)
        except Exception:
            log.exception("could not render the reply to %s", spec.name if spec else "?")
            rendered = renderer("error.internal")
            ok, failed = False, True
        return CommandOutcome(rendered, spec.name if spec else None, ok, failed)


@dataclass(frozen=True)
class _Usage:
    spec: CommandSpec


@dataclass(frozen=True)
class _Example:
    spec: CommandSpec


class _ArgumentError(Exception):
    def __init__(self, error: UserError, spec: CommandSpec) -> None:
        self.error = error
        self.spec = spec


def _refusal(error: UserError) -> Reply:
    return Reply((Message(error.key, **error.params),))


def mentioned_users(values: Iterable[Any]) -> set[str]:
    """The Matrix ids of the people a reply's messages name without giving their name
    (`UserRef`s without one, at any depth)."""
    found: set[str] = set()
    for value in values:
        if isinstance(value, UserRef):
            if value.name is None:
                found.add(value.user_id)
        elif isinstance(value, Message):
            found |= mentioned_users(value.params.values())
        elif isinstance(value, list | tuple):
            found |= mentioned_users(value)
    return found


def render_reply(reply: Reply, renderer: Renderer) -> Rendered:
    """Render every message of a reply; a line per message."""
    parts = []
    for message in reply.messages:
        params = {name: _resolve(value, renderer) for name, value in message.params.items()}
        parts.append(renderer(message.key, **params))
    return Rendered.join(parts)


def _resolve(value: object, renderer: Renderer) -> object:
    if isinstance(value, _Usage):
        return Code(usage(value.spec, renderer.prefix, renderer))
    if isinstance(value, _Example):
        return Code(renderer(f"example.{value.spec.help_key}").plain)
    return value
