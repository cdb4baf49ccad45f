"""`!help` for a group of commands: every command with its summary and its example (SPEC: help
"with examples"), in the group's language."""

from __future__ import annotations

import pytest

from commands import build_command_tree
from domain.group import Language
from i18n import Renderer
from storage import Database
from tests.support.commands import Runner

GROUP_WORDS = sorted({spec.path[0] for spec in build_command_tree().specs
                      if len(spec.path) > 1 and spec.listed})


@pytest.mark.parametrize("language", list(Language))
async def test_each_command_of_a_group_is_listed_with_its_example(
    database: Database, language: Language
) -> None:
    run = Runner(database)
    await run("@coord:x", "!setup Lenkungsgruppe")
    if language is Language.EN:
        await run("@coord:x", "!group set language=en")
    renderer = Renderer(language, "Europe/Berlin", "!")
    tree = build_command_tree()
    for word in GROUP_WORDS:
        listing = await run("@coord:x", f"!help {word}")
        specs = [spec for spec in tree.specs if spec.path[0] == word and spec.listed]
        lines = listing.splitlines()
        for spec in specs:
            example = renderer(f"example.{spec.help_key}").plain
            name = "!" + " ".join(spec.words(language is Language.DE))
            heading = next(i for i, line in enumerate(lines) if line.startswith(f"{name} – "))
            label = "Beispiel" if language is Language.DE else "Example"
            assert lines[heading + 1].strip() == f"{label}: {example}", (word, spec.path)


@pytest.mark.parametrize("language", list(Language))
async def test_the_overview_names_every_command_briefly(
    database: Database, language: Language
) -> None:
    """`!hilfe` lists everything (SPEC), a line per first word: a chat room is no place for
    sixty lines, and the families' summaries are one `!hilfe WORD` away."""
    run = Runner(database)
    await run("@coord:x", "!setup Lenkungsgruppe")
    if language is Language.EN:
        await run("@coord:x", "!group set language=en")
    german = language is Language.DE
    overview = await run("@coord:x", "!hilfe" if german else "!help")
    lines = overview.splitlines()
    specs = [spec for spec in build_command_tree().specs if spec.listed]
    families = {spec.words(german)[0] for spec in specs}
    assert len(lines) == len(families) + 2, "a heading, a line per first word, a hint"
    for spec in specs:
        first, *rest = spec.words(german)
        line = next(line for line in lines if line.startswith(f"!{first} "))
        assert not rest or " ".join(rest) in line, (spec.path, line)
    assert len(overview) < 2500
