"""Declaring commands: a handler's signature is its argument specification.

    members = CommandSet()

    @members.command("member add", de="mitglied hinzufügen", access=Access.COORDINATOR)
    async def member_add(ctx: CommandContext, user: UserId, *, org: str,
                         role: Role = Role.MEMBER, deputy_of: UserId | None = None) -> Reply:
        ...

Parameters before `*` are positional words, keyword-only parameters are `key=value` words
(`deputy_of` is typed `deputy-of=`), an `Annotated[str, Text()]` parameter takes the rest of the
line. The annotation picks the converter; a default makes the argument optional.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum, auto
from typing import Any

from commands.framework.converters import (
    CONVERTERS,
    LONG_TEXT,
    SHORT_TEXT,
    Converter,
    Flag,
    Length,
    Text,
    Words,
)
from domain.roles import Access


class ParameterKind(Enum):
    POSITIONAL = auto()
    KEYWORD = auto()
    REST = auto()  # all remaining positional words, joined by spaces
    WORDS = auto()  # all remaining positional words, each one value


@dataclass(frozen=True)
class Parameter:
    name: str
    key: str
    type: Any
    kind: ParameterKind
    required: bool
    default: Any
    converter: Converter
    #: For a flag: the German bare word that sets it (the English one is `key`).
    flag_de: str | None = None
    #: For text: the most characters it takes.
    max_length: int | None = None


Handler = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class CommandSpec:
    path: tuple[str, ...]
    german: tuple[str, ...]
    access: Access
    needs_group: bool
    help_key: str
    handler: Handler
    parameters: tuple[Parameter, ...]
    #: False for a second name of a command (`!sitzung beginnen` for `!termin beginnen`):
    #: it works, but help lists the command once.
    listed: bool = True
    #: A condition the handler checks beyond the role (for the permission matrix): "scribe"
    #: — chair and coordinators, others only as the meeting's minute-taker.
    condition: str | None = None

    @property
    def name(self) -> str:
        return " ".join(self.path)

    def words(self, german: bool) -> tuple[str, ...]:
        return self.german if german else self.path

    def parameter(self, key: str) -> Parameter | None:
        return next(
            (p for p in self.parameters if p.kind is ParameterKind.KEYWORD and p.key == key), None
        )

    def flag(self, word: str) -> Parameter | None:
        """The flag a bare word sets, if it is one (`secret`, `geheim`)."""
        word = word.lower()
        return next(
            (p for p in self.parameters if p.flag_de and word in (p.key, p.flag_de)), None
        )


@dataclass
class CommandSet:
    """The commands of one module (a "cog"); the bot builds its command tree from all sets."""

    specs: list[CommandSpec] = field(default_factory=list)

    def command(
        self,
        path: str,
        *,
        de: str,
        access: Access,
        needs_group: bool = True,
        help: str | None = None,
        listed: bool = True,
        condition: str | None = None,
    ) -> Callable[[Handler], Handler]:
        english = tuple(path.split())
        german = tuple(de.split())
        if len(english) != len(german):
            raise ValueError(f"{path!r} and its German name {de!r} differ in length")

        def register(handler: Handler) -> Handler:
            self.specs.append(
                CommandSpec(
                    path=english,
                    german=german,
                    access=access,
                    needs_group=needs_group,
                    help_key=help or ".".join(english),
                    handler=handler,
                    parameters=tuple(_parameters(handler)),
                    listed=listed,
                    condition=condition,
                )
            )
            return handler

        return register


def _parameters(handler: Handler) -> list[Parameter]:
    hints = typing.get_type_hints(handler, include_extras=True)
    signature = inspect.signature(handler)
    result = []
    for index, param in enumerate(signature.parameters.values()):
        if index == 0:
            continue  # the CommandContext
        annotation = _strip_optional(hints[param.name])
        extras: list[Any] = []
        if typing.get_origin(annotation) is typing.Annotated:
            annotation, *extras = typing.get_args(annotation)
        is_rest = any(isinstance(extra, Text) for extra in extras)
        is_words = any(isinstance(extra, Words) for extra in extras)
        flag = next((extra for extra in extras if isinstance(extra, Flag)), None)
        base_type = _element_type(annotation) if is_words else _strip_optional(annotation)
        if base_type not in CONVERTERS:
            raise TypeError(f"{handler.__qualname__}: no converter for {param.name}: {base_type}")
        if is_rest:
            kind = ParameterKind.REST
        elif is_words:
            kind = ParameterKind.WORDS
        elif param.kind is inspect.Parameter.KEYWORD_ONLY:
            kind = ParameterKind.KEYWORD
        else:
            kind = ParameterKind.POSITIONAL
        required = param.default is inspect.Parameter.empty
        declared = next((extra.most for extra in extras if isinstance(extra, Length)), None)
        longest = None
        if base_type is str:
            short = kind in (ParameterKind.KEYWORD, ParameterKind.WORDS)
            longest = declared or (SHORT_TEXT if short else LONG_TEXT)
        result.append(
            Parameter(
                name=param.name,
                key=param.name.replace("_", "-"),
                type=base_type,
                kind=kind,
                required=required,
                default=None if required else param.default,
                converter=CONVERTERS[base_type],
                flag_de=flag.de if flag else None,
                max_length=longest,
            )
        )
    return result


def _element_type(annotation: Any) -> Any:
    """`str` for `tuple[str, ...]`: the type of each word of a `Words` parameter."""
    args = typing.get_args(annotation)
    return args[0] if args else str


def _strip_optional(annotation: Any) -> Any:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation
