"""Usage lines generated from declarations, so help never drifts from behaviour."""

from __future__ import annotations

from enum import Enum

from commands.framework.converters import PLACEHOLDERS
from commands.framework.spec import CommandSpec, Parameter, ParameterKind
from domain.group import Language
from i18n import Renderer


def command_words(spec: CommandSpec, prefix: str, language: Language) -> str:
    return prefix + " ".join(spec.words(german=language is Language.DE))


def usage(spec: CommandSpec, prefix: str, renderer: Renderer) -> str:
    """`!mitglied hinzufügen @nutzer:server org=TEXT [role=chair|…]`"""
    parts = [command_words(spec, prefix, renderer.language)]
    for param in spec.parameters:
        parts.append(_parameter_usage(param, renderer))
    return " ".join(parts)


def _parameter_usage(param: Parameter, renderer: Renderer) -> str:
    if param.flag_de is not None:
        return f"[{param.key}]"
    placeholder = _placeholder(param, renderer)
    if param.kind is ParameterKind.WORDS:
        return f"[{placeholder}…]"
    if param.kind is ParameterKind.KEYWORD:
        placeholder = f"{param.key}={placeholder}"
    return placeholder if param.required else f"[{placeholder}]"


def _placeholder(param: Parameter, renderer: Renderer) -> str:
    if isinstance(param.type, type) and issubclass(param.type, Enum):
        return "|".join(str(member.value) for member in param.type)
    key = PLACEHOLDERS[param.type]
    name_key = f"placeholder.param.{param.name}"
    if param.type is str and renderer.has(name_key):
        key = name_key
    return renderer(key).plain
