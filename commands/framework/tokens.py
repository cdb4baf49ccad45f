"""Splitting a command line into words.

Quoted strings ("…", „…“, “…”) are one word; `key=value` words carry their key, and a value
may be quoted (`org="Freie Wohlfahrtspflege"`). A word that is quoted as a whole is never a
key, so `"a=b"` stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.errors import UserError

#: Opening quote → the characters that may close it (German and English typography,
#: and whatever a phone keyboard substitutes).
_QUOTES: dict[str, str] = {
    '"': '"”“',
    "„": "“”\"",
    "“": "”“\"",
    "”": "”\"",
    "«": "»",
    "»": "«",
}
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
#: Control characters other than white space, and lone surrogates: no one types them, no
#: reply, minutes or calendar should carry them, and PostgreSQL refuses NUL in text.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class Token:
    text: str
    key: str | None = None
    #: True when any part of the word was quoted (such a word is never a subcommand name).
    quoted: bool = False

    @property
    def is_keyword(self) -> bool:
        return self.key is not None


def tokenize(line: str) -> list[Token]:
    """Split `line` into tokens; raises `UserError("parse.unclosed_quote")`."""
    line = _UNPRINTABLE.sub("", line)
    tokens: list[Token] = []
    i, n = 0, len(line)
    while i < n:
        if line[i].isspace():
            i += 1
            continue
        pieces: list[tuple[str, bool]] = []
        current: list[str] = []
        while i < n and not line[i].isspace():
            char = line[i]
            if char in _QUOTES:
                closers = _QUOTES[char]
                end = next((j for j in range(i + 1, n) if line[j] in closers), -1)
                if end < 0:
                    raise UserError("parse.unclosed_quote", quote=char)
                if current:
                    pieces.append(("".join(current), False))
                    current = []
                pieces.append((line[i + 1 : end], True))
                i = end + 1
            else:
                current.append(char)
                i += 1
        if current:
            pieces.append(("".join(current), False))
        tokens.append(_make_token(pieces))
    return tokens


def _make_token(pieces: list[tuple[str, bool]]) -> Token:
    quoted = any(was_quoted for _, was_quoted in pieces)
    first, first_quoted = pieces[0]
    if not first_quoted and "=" in first:
        key, _, rest = first.partition("=")
        if _KEY.match(key):
            value = rest + "".join(text for text, _ in pieces[1:])
            return Token(text=value, key=key.lower().replace("_", "-"), quoted=quoted)
    return Token(text="".join(text for text, _ in pieces), quoted=quoted)
