"""The bot's commands, one module per command group, collected into one tree."""

from commands import group, help, members
from commands.framework import CommandTree


def build_command_tree() -> CommandTree:
    return CommandTree([*group.commands.specs, *members.commands.specs, *help.commands.specs])
