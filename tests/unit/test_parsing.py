"""The command mechanism without Matrix or a database: resolution, binding, usage."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commands import build_command_tree
from commands.framework import CommandContext, CommandSet, Reply, UserId
from commands.framework.binding import bind
from commands.framework.converters import ParseContext
from commands.framework.tokens import tokenize
from commands.framework.tree import CommandTree
from commands.framework.usage import usage
from domain.errors import UserError
from domain.group import Language
from domain.roles import Access, Role
from i18n import Renderer

TREE = build_command_tree()
CTX = ParseContext()


def resolve_and_bind(line: str) -> tuple[str, dict[str, object]]:
    resolved = TREE.resolve(tokenize(line))
    return resolved.spec.name, bind(resolved.spec, resolved.arguments, CTX)


def test_english_and_german_names_reach_the_same_command() -> None:
    english = resolve_and_bind('member add @a:b.de org="Jobcenter" role=member')
    german = resolve_and_bind("mitglied hinzufügen @a:b.de org=„Jobcenter“ role=mitglied")
    assert english == german
    assert english[0] == "member add"
    assert english[1]["org"] == "Jobcenter"
    assert english[1]["role"] is Role.MEMBER
    assert english[1]["email"] is None


def test_command_words_are_case_insensitive() -> None:
    assert resolve_and_bind("Member List")[0] == "member list"


def test_command_with_and_without_subcommand() -> None:
    assert resolve_and_bind("group")[0] == "group"
    assert resolve_and_bind("group set language=en")[1]["language"] is Language.EN


@pytest.mark.parametrize(
    ("line", "key", "params"),
    [
        ("membr list", "command.unknown.suggest", {"suggestion": "member"}),
        ("mitgleid liste", "command.unknown.suggest", {"suggestion": "mitglied"}),
        ("xyzzy", "command.unknown", {}),
        ("member lst", "command.unknown_subcommand.suggest", {"suggestion": "member list"}),
        ("member", "command.needs_subcommand", {"command": "member"}),
        ("member add", "arg.missing", {"name": "user"}),
        ("member add @a:b.de", "arg.missing_key", {"name": "org"}),
        ("member add @a:b.de org=X colour=red", "arg.unknown_key", {"key": "colour"}),
        ("member add @a:b.de org=X org=Y", "arg.duplicate_key", {"key": "org"}),
        ("member add @a:b.de @c:d.de org=X", "arg.too_many", {"value": "@c:d.de"}),
        ("member add a:b org=X", "arg.user.invalid", {"value": "a:b"}),
        ("member add @a:b.de org=X role=boss", "arg.choice.invalid", {"value": "boss"}),
        ("member add @a:b.de org=X email=nix", "arg.email.invalid", {"value": "nix"}),
        ("group set quorum=120", "arg.percent.invalid", {"value": "120"}),
        ("group set notice-days=sieben", "arg.number.invalid", {"name": "notice-days"}),
        ('setup "unclosed', "parse.unclosed_quote", {}),
    ],
)
def test_every_kind_of_mistake_has_its_own_answer(line: str, key: str,
                                                  params: dict[str, str]) -> None:
    with pytest.raises(UserError) as error:
        resolve_and_bind(line)
    assert error.value.key == key
    for name, value in params.items():
        assert error.value.params[name] == value


def test_rest_of_line_parameter_joins_words() -> None:
    assert resolve_and_bind("setup Lenkungsgruppe KIM Köln kind=working")[1] == {
        "name": "Lenkungsgruppe KIM Köln", "kind": "working", "org": None,
    }


def test_date_and_time_as_two_words() -> None:
    commands = CommandSet()

    @commands.command("meet", de="treffen", access=Access.EVERYONE)
    async def meet(ctx: CommandContext, when: datetime, *, until: datetime | None = None) -> Reply:
        raise NotImplementedError

    tree = CommandTree(commands.specs)
    resolved = tree.resolve(tokenize("treffen 3.12.2026 14:00 until=2026-12-03 15:30"))
    values = bind(resolved.spec, resolved.arguments, CTX)
    berlin = ZoneInfo("Europe/Berlin")
    assert values["when"] == datetime(2026, 12, 3, 14, 0, tzinfo=berlin)
    assert values["until"] == datetime(2026, 12, 3, 15, 30, tzinfo=berlin)


def test_declaring_a_command_twice_is_refused() -> None:
    commands = CommandSet()
    for _ in range(2):
        @commands.command("ping", de="ping", access=Access.EVERYONE)
        async def ping(ctx: CommandContext, user: UserId) -> Reply:
            raise NotImplementedError
    with pytest.raises(ValueError, match="twice"):
        CommandTree(commands.specs)


def test_usage_is_generated_in_the_groups_language() -> None:
    spec = TREE.resolve(tokenize("member add")).spec
    german = usage(spec, "!", Renderer(Language.DE))
    english = usage(spec, "!", Renderer(Language.EN))
    assert german.startswith("!mitglied hinzufügen @nutzer:server org=ORGANISATION")
    assert "[role=chair|coordinator|member|advisor|guest]" in german
    assert english.startswith("!member add @user:server org=ORGANISATION")
    assert "[deputy-of=@user:server]" in english


@given(st.text(max_size=200))
def test_any_input_is_a_command_or_a_clear_error(line: str) -> None:
    try:
        resolve_and_bind(line)
    except UserError as error:
        assert Renderer(Language.DE).has(error.key)
        assert Renderer(Language.EN).has(error.key)


@given(st.lists(st.sampled_from(["member", "add", "@a:b.de", "org=X", "role=guest", "list",
                                 "„x y“", "email=a@b.de", "=", "deputy-of=@c:d.de", "set",
                                 "hilfe", "gruppe", "ändern", "quorum=5", "3.12.2026", "14:00"]),
                max_size=8))
def test_any_word_salad_is_a_command_or_a_clear_error(words: list[str]) -> None:
    try:
        resolve_and_bind(" ".join(words))
    except UserError as error:
        assert Renderer(Language.DE).has(error.key)


def test_texts_longer_than_they_are_kept_are_refused_by_name() -> None:
    for line, name, most in (
        ("member add @a:b.de org=" + "x" * 201, "org", 200),
        ("setup " + "Gruppe " * 40, "name", 200),
        ("item add " + "ä" * 2001, "text", 2000),
    ):
        try:
            resolve_and_bind(line)
        except UserError as error:
            assert (error.key, error.params["name"], error.params["most"]) == (
                "arg.text.too_long", name, most)
        else:
            raise AssertionError(f"{line[:30]} was accepted")
    assert resolve_and_bind("member add @a:b.de org=" + "x" * 200)

