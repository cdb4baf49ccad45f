"""The shared command mechanism: declarations, parsing, typed arguments, dispatch."""

from commands.framework.context import CommandContext, Reply, RoomInfo
from commands.framework.converters import (
    Deadline,
    Email,
    Flag,
    Percent,
    Text,
    TimeZoneName,
    UserId,
    Words,
)
from commands.framework.dispatcher import (
    CommandDispatcher,
    CommandInvocation,
    CommandOutcome,
    CommandUndone,
)
from commands.framework.spec import CommandSet, CommandSpec
from commands.framework.tree import CommandTree
from i18n import Message

__all__ = [
    "CommandContext",
    "CommandDispatcher",
    "CommandInvocation",
    "CommandOutcome",
    "CommandSet",
    "CommandSpec",
    "CommandTree",
    "CommandUndone",
    "Deadline",
    "Email",
    "Flag",
    "Message",
    "Percent",
    "Reply",
    "RoomInfo",
    "Text",
    "TimeZoneName",
    "UserId",
    "Words",
]
