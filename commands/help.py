"""`!help` and `!help COMMAND`, generated from the command declarations."""

from __future__ import annotations

import functools
from typing import Annotated

from commands.framework import CommandContext, CommandSet, Reply, Text
from commands.framework.spec import CommandSpec
from commands.framework.tree import CommandTree
from commands.framework.usage import command_words, usage
from domain.errors import UserError
from domain.group import Language
from domain.roles import Access, admitted_roles
from i18n import Code, Message, Rendered, Renderer

commands = CommandSet()


@commands.command("help", de="hilfe", access=Access.EVERYONE, needs_group=False)
async def help_command(ctx: CommandContext, topic: Annotated[str, Text()] | None = None) -> Reply:
    if topic is None:
        return Reply.of("help.overview",
                        commands=_overview(ctx.commands, ctx.language, ctx.prefix))
    found = ctx.commands.find(topic.split())
    if found is None:
        raise UserError("help.unknown", topic=topic)
    if isinstance(found, list):
        return Reply.of("help.listing", commands=[_example_line(ctx, spec) for spec in found
                                                  if spec.listed])
    return _command_help(ctx, found)


@functools.lru_cache(maxsize=8)
def _overview(tree: CommandTree, language: Language, prefix: str) -> Rendered:
    """Every command, a line per first word: a command of its own with its summary, a family
    (`!mitglied hinzufügen`, `!mitglied liste`, …) with its other words. A chat room is no
    place for sixty lines; `!hilfe mitglied` lists a family with summaries and examples.

    The same for every group of one language, so rendered once (forty catalogue entries,
    the most rendering any answer needs, on the path of the command asked most)."""
    german = language is Language.DE
    families: dict[str, list[CommandSpec]] = {}
    for spec in tree.specs:
        if spec.listed:
            families.setdefault(spec.words(german)[0], []).append(spec)
    lines = []
    for word, specs in families.items():
        alone = next((spec for spec in specs if len(spec.path) == 1), None)
        others = [" ".join(spec.words(german)[1:]) for spec in specs if spec is not alone]
        if alone is not None and not others:
            lines.append(_summary_line(alone, language, prefix))
        elif alone is not None:
            lines.append(Message("help.family.own", command=Code(prefix + word),
                                 summary=Message(f"help.{alone.help_key}"),
                                 others=", ".join(others)))
        else:
            lines.append(Message("help.family", command=Code(prefix + word),
                                 others=", ".join(others)))
    renderer = Renderer(language, prefix=prefix)
    return Rendered.join(renderer.message(line) for line in lines)


def _summary_line(spec: CommandSpec, language: Language, prefix: str) -> Message:
    words = command_words(spec, prefix, language)
    return Message("help.line", command=Code(words), summary=Message(f"help.{spec.help_key}"))


def _example_line(ctx: CommandContext, spec: CommandSpec) -> Message:
    """A command of a group (`!help member`): its summary and its example."""
    words = command_words(spec, ctx.prefix, ctx.language)
    example = ctx.renderer(f"example.{spec.help_key}").plain
    return Message("help.line.example", command=Code(words),
                   summary=Message(f"help.{spec.help_key}"), example=Code(example))


def _command_help(ctx: CommandContext, spec: CommandSpec) -> Reply:
    renderer = ctx.renderer
    alias = spec.path if ctx.language is Language.DE else spec.german
    return Reply.of(
        "help.command",
        usage=Code(usage(spec, ctx.prefix, renderer)),
        summary=Message(f"help.{spec.help_key}"),
        details=Message(f"help.{spec.help_key}.details"),
        example=Code(renderer(f"example.{spec.help_key}").plain),
        roles=Message(f"help.access.{spec.access.value}", roles=admitted_roles(spec.access)),
        alias=Code(ctx.prefix + " ".join(alias)),
    )
