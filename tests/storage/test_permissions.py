"""Every declared command, run by everyone who may not run it: a refusal that names the command
and who may, and not a row changed in any table. The matrix in docs/reliability.md is the one
the declarations give."""

from __future__ import annotations

from commands import build_command_tree
from commands.framework.spec import CommandSpec
from domain.group import Language
from domain.roles import Role, admitted_roles, may_run
from i18n import Renderer
from storage import Database
from tests.storage.test_polls_and_decisions import group_with_seats
from tests.support.commands import Runner
from tests.support.dump import dump
from tests.support.permissions import DOC, matrix, section

#: Each command once (a second name, such as `!sitzung beginnen`, runs the same handler).
SPECS = [spec for spec in build_command_tree().specs if spec.listed]
GERMAN = Renderer(Language.DE, "Europe/Berlin", "!")
#: Who sends, and their role in the group of ROOM (None: not a member of it).
ACTORS: dict[str, Role | None] = {
    "@chair:x": Role.CHAIR, "@coord:x": Role.COORDINATOR, "@anna:x": Role.MEMBER,
    "@ben:x": Role.MEMBER,  # a deputy
    "@emil:x": Role.ADVISOR, "@gast:x": Role.GUEST,
    "@stranger:x": None, "@olga:x": None,  # olga is a member of another group only
}
OTHER_ROOM, NO_GROUP_ROOM = "!other:x", "!nogroup:x"


def example(spec: CommandSpec) -> str:
    """The command as its help shows it, with valid arguments."""
    return GERMAN(f"example.{spec.help_key}").plain


async def populated(database: Database) -> Runner:
    run = Runner(database)
    await group_with_seats(run)
    await run("@coord:x", "!mitglied hinzufügen @chair:x org=Stadt role=chair")
    await run("@coord:x", "!mitglied hinzufügen @gast:x org=Presse role=guest")
    await run("@coord:x", "!termin ansetzen 3.12.2026 14:00 title=Lenkungsgruppe")
    await run("@coord:x", '!abstimmung "Soll der Bericht beauftragt werden?"')
    await run("@anna:x", "!punkt hinzufügen Bericht vorlegen due=1.12.2026")
    await run("@coord:x", "!beschluss erfassen Der Bericht wird beauftragt.")
    await run("@coord:x", "!setup Andere Gruppe", OTHER_ROOM)
    await run("@coord:x", "!mitglied hinzufügen @olga:x org=Jobcenter", OTHER_ROOM)
    return run


async def test_everyone_refused_is_told_why_and_nothing_changes(database: Database) -> None:
    run = await populated(database)
    before = await dump(database)
    refused = 0
    for spec in SPECS:
        command = example(spec)
        words = "!" + " ".join(spec.german)
        for sender, role in ACTORS.items():
            if may_run(role, spec.access):
                continue
            reply = await run(sender, command)
            if role is None:
                assert reply.startswith(f"{words} ist Mitgliedern der Gruppe vorbehalten"), \
                    (sender, command, reply)
            else:
                roles = ", ".join(GERMAN(f"enum.Role.{r.value}").plain
                                  for r in admitted_roles(spec.access))
                assert reply.startswith(f"{words} dürfen nur Personen mit der Rolle {roles}"), \
                    (sender, command, reply)
                assert reply.endswith(f"Ihre Rolle: {GERMAN(f'enum.Role.{role.value}').plain}.")
            refused += 1
        if spec.needs_group:
            reply = await run("@coord:x", command, NO_GROUP_ROOM)
            assert reply.startswith("Dieser Raum ist noch keine Gruppe."), (command, reply)
            refused += 1
    assert await dump(database) == before, "a refused command changed a row"
    print(f"\n{refused} refusals, {sum(map(len, before.values()))} rows unchanged")
    assert refused > 100


def test_the_documented_matrix_is_the_declared_one() -> None:
    assert section(DOC.read_text(encoding="utf-8")) == matrix(), \
        "docs/reliability.md is out of date: run python -m tests.support.permissions"
