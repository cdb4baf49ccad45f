"""Matching the words after a command name to the handler's parameters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from commands.framework.converters import ParseContext, looks_like_time
from commands.framework.spec import CommandSpec, Parameter, ParameterKind
from commands.framework.tokens import Token
from domain.errors import UserError


def bind(spec: CommandSpec, tokens: list[Token], ctx: ParseContext) -> dict[str, Any]:
    """Convert `tokens` into keyword arguments for `spec.handler`, or raise `UserError`."""
    positional = [p for p in spec.parameters if p.kind is ParameterKind.POSITIONAL]
    rest_param = next(
        (p for p in spec.parameters if p.kind in (ParameterKind.REST, ParameterKind.WORDS)), None
    )
    values: dict[str, Any] = {}
    rest_words: list[str] = []
    unquoted: set[str] = set()  # positional parameters given by an unquoted word
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.key is not None:
            param = spec.parameter(token.key)
            if param is None:
                raise UserError(
                    "arg.unknown_key",
                    key=token.key,
                    allowed=[p.key for p in spec.parameters if p.kind is ParameterKind.KEYWORD],
                )
            if param.name in values:
                raise UserError("arg.duplicate_key", key=token.key)
            raw, i = _take_value(param, token, tokens, i)
            values[param.name] = _convert(param, raw, ctx)
            continue
        flag = None if token.quoted else spec.flag(token.text)
        if flag is not None:
            if flag.name in values:
                raise UserError("arg.duplicate_key", key=flag.key)
            values[flag.name] = True
            i += 1
            continue
        target = next((p for p in positional if p.name not in values), None)
        if target is not None:
            if not token.quoted:
                unquoted.add(target.name)
            raw, i = _take_value(target, token, tokens, i)
            values[target.name] = _convert(target, raw, ctx)
            continue
        if rest_param is not None:
            if rest_param.kind is ParameterKind.WORDS:
                raw, i = _take_value(rest_param, token, tokens, i)
                rest_words.append(raw)
                continue
            rest_words.append(token.text)
            i += 1
            continue
        raise UserError("arg.too_many", value=token.text)
    if rest_param is not None and rest_param.kind is ParameterKind.WORDS and rest_words:
        # `!poll Soll es so sein?`: without quotes, the words are one text, not options.
        last = positional[-1] if positional else None
        if last is not None and last.type is str and last.name in unquoted:
            values[last.name] = " ".join([values[last.name], *rest_words])
            rest_words = []
    if rest_param is not None and rest_param.kind is ParameterKind.WORDS:
        values[rest_param.name] = tuple(_convert(rest_param, word, ctx) for word in rest_words)
    elif rest_param is not None:
        if rest_words:
            values[rest_param.name] = _convert(rest_param, " ".join(rest_words), ctx)
        elif rest_param.required:
            raise UserError("arg.missing", name=rest_param.key)
    for param in spec.parameters:
        if param.name in values:
            continue
        if param.required:
            key = "arg.missing_key" if param.kind is ParameterKind.KEYWORD else "arg.missing"
            raise UserError(key, name=param.key)
        values[param.name] = param.default
    return values


def _take_value(param: Parameter, token: Token, tokens: list[Token], i: int) -> tuple[str, int]:
    """The raw text for `param`, and the index of the next unread token.

    A date-and-time argument may be typed as two words (`3.12.2026 14:00`): the time word is
    taken along when it follows unquoted.
    """
    raw = token.text
    i += 1
    if param.type is datetime and " " not in raw and "T" not in raw and i < len(tokens):
        following = tokens[i]
        if following.key is None and not following.quoted and looks_like_time(following.text):
            raw = f"{raw} {following.text}"
            i += 1
    return raw, i


def _convert(param: Parameter, raw: str, ctx: ParseContext) -> Any:
    if param.max_length is not None and len(raw) > param.max_length:
        raise UserError("arg.text.too_long", name=param.key, most=param.max_length,
                        start=raw[:30].rstrip() + "…")
    try:
        return param.converter(raw, ctx)
    except UserError as error:
        error.params.setdefault("name", param.key)
        raise
