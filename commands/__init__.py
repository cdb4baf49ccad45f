"""The bot's commands, one module per command group, collected into one tree."""

from commands import (
    agenda_reports,
    attendance,
    calendar,
    decisions,
    findtime,
    group,
    help,
    invitations,
    items,
    meetings,
    members,
    minutes,
    minutes_approval,
    polls,
    reports,
    roster,
    session,
    status,
    web,
)
from commands.framework import CommandTree


def build_command_tree() -> CommandTree:
    modules = (
        group, members, roster, meetings, invitations, findtime, minutes, minutes_approval,
        attendance, calendar,
        polls, decisions, items, session, reports, agenda_reports, status, web, help,
    )
    return CommandTree([spec for module in modules for spec in module.commands.specs])
