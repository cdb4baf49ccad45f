"""Event handlers: each turns one kind of typed event into calls on the commands layer.

The pipeline runs a handler inside the event's unit of work; what it sends goes through the
event's `OutboxEffects`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.matrix.events import (
    FromUnsignedDevice,
    MembershipChange,
    PollResponse,
    Reaction,
    Redaction,
    RoomEvent,
    TextMessage,
    Undecryptable,
)
from bot.matrix.gateway import (
    MAX_FILE_BYTES,
    DamagedFile,
    FileTooLarge,
    MatrixGateway,
    MatrixUnavailable,
)
from bot.metrics import Metrics
from bot.pipeline import Handler, OutboxEffects, WorkUndone
from commands.attendance import answer_by_reaction, withdraw_by_redaction
from commands.framework import (
    CommandDispatcher,
    CommandInvocation,
    CommandOutcome,
    CommandUndone,
)
from commands.framework.context import Attachment, Clock, Signer
from commands.poll_flow import AnswerStatus, poll_answer, record_answer, tell_not_eligible_once
from commands.session import presence_by_reaction
from domain.errors import UserError
from domain.group import GroupDefaults
from domain.names import matrix_display_name
from i18n import Renderer, UserRef
from storage import UnitOfWork

log = logging.getLogger(__name__)


class RoomPowerLevels:
    """`RoomInfo` for command handlers, answered by the homeserver."""

    def __init__(self, gateway: MatrixGateway, room_id: str, reply_to: str | None = None
                 ) -> None:
        self.gateway = gateway
        self.room_id = room_id
        self.reply_to = reply_to

    async def power_level(self, user_id: str) -> int:
        return await self.gateway.power_level(self.room_id, user_id)

    async def display_name(self, user_id: str) -> str | None:
        return await self.gateway.display_name(self.room_id, user_id)

    async def replied_file(self) -> Attachment | None:
        if self.reply_to is None:
            return None
        try:
            attachment = await self.gateway.file_of_event(self.room_id, self.reply_to)
        except FileTooLarge as error:
            raise UserError("file.too_large", size=error.size // (1024 * 1024),
                            limit=MAX_FILE_BYTES // (1024 * 1024)) from None
        except MatrixUnavailable:
            raise UserError("file.unreadable") from None
        except DamagedFile:
            raise UserError("file.damaged") from None
        if attachment is None:
            raise UserError("file.not_a_file")
        return attachment


def ordinary_talk(dispatcher: CommandDispatcher) -> Callable[[RoomEvent], bool]:
    """What members write one another, not addressed to the bot: no handler acts on it
    (`EventPipeline.ordinary`)."""

    def ordinary(event: RoomEvent) -> bool:
        return isinstance(event, TextMessage) and not dispatcher.addressed(event.body)

    return ordinary


def reads_sent(event: RoomEvent) -> bool:
    """A command may find, by a number a member typed, a message the bot sent to the room
    (closing a poll ends its start event); reactions and answers name the bot's message by
    its event id, which exists only once sent (`EventPipeline.reads_sent`)."""
    return isinstance(event, TextMessage)


class CommandHandler:
    """Turns text messages addressed to the bot into dispatched commands and replies."""

    def __init__(self, dispatcher: CommandDispatcher, gateway: MatrixGateway,
                 metrics: Metrics | None = None) -> None:
        self.dispatcher = dispatcher
        self.gateway = gateway
        self.metrics = metrics or Metrics()

    async def __call__(self, event: TextMessage, uow: UnitOfWork, effects: OutboxEffects) -> None:
        if not self.dispatcher.addressed(event.body):
            return
        invocation = CommandInvocation(
            event.room_id, event.event_id, event.sender, event.body, event.timestamp
        )
        room = RoomPowerLevels(self.gateway, event.room_id, event.reply_to)
        try:
            outcome = await self.dispatcher.dispatch(invocation, uow, room, effects)
        except CommandUndone as undone:
            raise WorkUndone(self._answer_undone(event, invocation, undone, room)) from None
        await self._answer(event, outcome, effects)

    def _answer_undone(
        self, event: TextMessage, invocation: CommandInvocation, undone: CommandUndone,
        room: RoomPowerLevels,
    ) -> Handler:
        async def answer(_: object, uow: UnitOfWork, effects: OutboxEffects) -> None:
            outcome = await self.dispatcher.answer_undone(invocation, undone, uow, room, effects)
            await self._answer(event, outcome, effects)

        return answer

    async def _answer(self, event: TextMessage, outcome: CommandOutcome,
                      effects: OutboxEffects) -> None:
        log.info("command %s in %s (%s): %s", outcome.command or "?", event.room_id,
                 event.event_id, "done" if outcome.succeeded else "refused")
        self.metrics.command_done(outcome.command, outcome.succeeded, outcome.failed)
        await effects.reply(outcome.reply)


class PollAnswerHandler:
    """A click on a native poll (either event type): counted for the seat, or refused once."""

    def __init__(self, prefix: str, clock: Clock, signer: Signer | None = None) -> None:
        self.prefix = prefix
        self.clock = clock
        #: Signs the approved minutes when the last vote on approving them adopts them.
        self.signer = signer

    async def __call__(self, event: PollResponse, uow: UnitOfWork, effects: OutboxEffects) -> None:
        poll = await uow.polls.by_start_event(event.poll_event_id)
        if poll is None or poll.group.room_id != event.room_id:
            return  # not one of the bot's polls
        answer = poll_answer(poll, event.answer_ids)
        result = await record_answer(
            uow, effects, poll, user_id=event.sender, answer=answer, event_id=event.event_id,
            sent_at=event.timestamp, prefix=self.prefix, now=self.clock(),
            signer=self.signer,
        )
        if result.status is AnswerStatus.NOT_ELIGIBLE:
            await tell_not_eligible_once(uow, effects, poll, event.sender, self.prefix)
        log.info("poll answer %s to poll %s: %s", event.event_id, poll.id, result.status.value)


class ReactionHandler:
    """✅ / ❌ / ❔ on a meeting's announcement (or its update) answer the invitation; ✋ on a
    session's start message says "I am here"."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    async def __call__(self, event: Reaction, uow: UnitOfWork, effects: OutboxEffects) -> None:
        if await answer_by_reaction(
            uow, effects, target_event_id=event.target_event_id, key=event.key,
            user_id=event.sender, event_id=event.event_id, at=event.timestamp,
            prefix=self.prefix,
        ):
            log.info("invitation answered by reaction %s", event.event_id)
        elif await presence_by_reaction(
            uow, effects, target_event_id=event.target_event_id, key=event.key,
            user_id=event.sender, at=event.timestamp, prefix=self.prefix,
        ):
            log.info("presence in a session by reaction %s", event.event_id)


class RedactionHandler:
    """A reaction taken back withdraws the answer it gave."""

    async def __call__(self, event: Redaction, uow: UnitOfWork, effects: OutboxEffects) -> None:
        if await withdraw_by_redaction(uow, redacts=event.redacts, user_id=event.sender,
                                       at=event.timestamp):
            log.info("answer withdrawn by redaction %s", event.event_id)


class _TellsOnce:
    """A handler that answers an event with a catalogue entry once per key (in the group's
    language, or the bot's where the room has no group)."""

    def __init__(self, prefix: str, defaults: GroupDefaults,
                 metrics: Metrics | None = None) -> None:
        self.prefix = prefix
        self.defaults = defaults
        self.metrics = metrics or Metrics()

    async def tell_once(self, uow: UnitOfWork, effects: OutboxEffects, key: str,
                        event: RoomEvent, message: str, **values: str) -> None:
        if await uow.reminders.sent(key):
            return
        await uow.reminders.mark(key, event.timestamp)
        group = await uow.groups.by_room(event.room_id)
        renderer = Renderer(
            group.language if group else self.defaults.language,
            group.timezone if group else self.defaults.timezone, self.prefix,
        )
        await effects.reply(renderer(message, user=UserRef(event.sender), **values))


class UndecryptableHandler(_TellsOnce):
    """A message the bot could not decrypt: logged without content, and its sender is told
    once (per room) that the bot could not read it."""

    async def __call__(
        self, event: Undecryptable, uow: UnitOfWork, effects: OutboxEffects
    ) -> None:
        self.metrics.undecryptable.inc()
        log.warning("could not decrypt event %s from %s in %s", event.event_id, event.sender,
                    event.room_id)
        await self.tell_once(uow, effects, f"undecryptable:{event.room_id}:{event.sender}",
                             event, "undecryptable")


class UnsignedDeviceHandler(_TellsOnce):
    """Under `trust = "cross-signed"`: what a device sent that its owner has not
    cross-signed does not count; the owner is told once per device how to verify it."""

    async def __call__(
        self, event: FromUnsignedDevice, uow: UnitOfWork, effects: OutboxEffects
    ) -> None:
        self.metrics.from_unsigned_device.inc()
        log.warning("event %s from %s in %s ignored: device %s is not cross-signed by its "
                    "owner", event.event_id, event.sender, event.room_id, event.device_id)
        await self.tell_once(uow, effects, f"unsigned-device:{event.sender}:{event.device_id}",
                             event, "device.unsigned", device=event.device_id)


class MembershipHandler:
    """A member's Matrix display name is kept up to date (it is how the group shows them
    unless a coordinator gave a name); someone who leaves their direct-message room with the
    bot gets a new one next time."""

    async def __call__(
        self, event: MembershipChange, uow: UnitOfWork, effects: OutboxEffects
    ) -> None:
        if event.membership == "join":
            group = await uow.groups.by_room(event.room_id)
            name = matrix_display_name(event.user_id, event.display_name)
            if group is not None and await uow.members.set_matrix_name(group, event.user_id,
                                                                       name):
                log.info("display name of a member of group %d changed", group.id)
        if event.membership in ("leave", "ban") and await uow.direct_rooms.forget(
            event.user_id, event.room_id
        ):
            log.info("direct-message room %s left by its member", event.room_id)
