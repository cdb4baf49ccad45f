"""The bot's commands, one module per command group, collected into one tree."""

from commands import decisions, group, help, items, members, polls
from commands.framework import CommandTree


def build_command_tree() -> CommandTree:
    modules = (group, members, polls, decisions, items, help)
    return CommandTree([spec for module in modules for spec in module.commands.specs])
