"""Finding the command a line names, by its English or German words."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from commands.framework.spec import CommandSpec
from commands.framework.tokens import Token
from domain.errors import UserError


@dataclass
class _Node:
    english: str
    german: str
    spec: CommandSpec | None = None
    children: dict[str, _Node] = field(default_factory=dict)

    def child(self, word: str) -> _Node | None:
        return self.children.get(word.lower())

    def distinct_children(self) -> list[_Node]:
        seen: dict[int, _Node] = {}
        for node in self.children.values():
            seen.setdefault(id(node), node)
        return list(seen.values())


@dataclass(frozen=True)
class Resolved:
    spec: CommandSpec
    arguments: list[Token]


class CommandTree:
    """All commands the bot knows, as a tree of words (`member` → `add`, `list`, …)."""

    def __init__(self, specs: Iterable[CommandSpec]) -> None:
        self.root = _Node("", "")
        self.specs: list[CommandSpec] = []
        for spec in specs:
            self._insert(spec)

    def _insert(self, spec: CommandSpec) -> None:
        node = self.root
        for english, german in zip(spec.path, spec.german, strict=True):
            child = node.child(english)
            if child is None:
                child = _Node(english, german)
                node.children[english.lower()] = child
                node.children[german.lower()] = child
            elif child.german != german:
                raise ValueError(f"{spec.name}: German name {german!r} ≠ {child.german!r}")
            node = child
        if node.spec is not None:
            raise ValueError(f"command {spec.name!r} declared twice")
        node.spec = spec
        self.specs.append(spec)

    def resolve(self, tokens: list[Token]) -> Resolved:
        """The command named by the leading words of `tokens`, and the words left over."""
        if not tokens or tokens[0].quoted or tokens[0].is_keyword:
            raise UserError("command.empty")
        word = tokens[0].text
        node = self.root.child(word)
        if node is None:
            raise self._unknown(word, self.root, [])
        path = [node]
        rest = tokens[1:]
        while rest and not rest[0].quoted and not rest[0].is_keyword:
            child = node.child(rest[0].text)
            if child is None:
                break
            node = child
            path.append(node)
            rest = rest[1:]
        if node.spec is None:
            if rest and not rest[0].quoted and not rest[0].is_keyword:
                raise self._unknown(rest[0].text, node, path)
            raise UserError(
                "command.needs_subcommand",
                command=_words(path),
                subcommands=[c.english for c in node.distinct_children()],
            )
        return Resolved(node.spec, rest)

    def find(self, words: list[str]) -> CommandSpec | list[CommandSpec] | None:
        """For `!help WORDS`: the command named, all commands under a group word, or None."""
        node = self.root
        for word in words:
            found = node.child(word.lstrip("!"))
            if found is None:
                return None
            node = found
        if node.spec is not None and not node.children:
            return node.spec
        return [s for s in self.specs if s.path[: len(words)] == _english_prefix(node, self)]

    def _unknown(self, word: str, parent: _Node, path: list[_Node]) -> UserError:
        names = sorted(parent.children)
        close = difflib.get_close_matches(word.lower(), names, n=1, cutoff=0.6)
        key = "command.unknown" if parent is self.root else "command.unknown_subcommand"
        if close:
            suggestion = _words([*path, parent.children[close[0]]], use=close[0])
            return UserError(key + ".suggest", word=word, suggestion=suggestion,
                             command=_words(path))
        return UserError(key, word=word, command=_words(path))


def _words(path: list[_Node], use: str | None = None) -> str:
    words = [node.english for node in path]
    if use is not None and words:
        words[-1] = use
    return " ".join(words)


def _english_prefix(target: _Node, tree: CommandTree) -> tuple[str, ...]:
    def walk(node: _Node, prefix: tuple[str, ...]) -> tuple[str, ...] | None:
        if node is target:
            return prefix
        for child in node.distinct_children():
            found = walk(child, (*prefix, child.english))
            if found is not None:
                return found
        return None

    return walk(tree.root, ()) or ()
