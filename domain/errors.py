"""The one exception type users ever hear about.

A `UserError` carries a message-catalogue key and its parameters instead of a text, so the
same failure reads correctly in every language the group may use.
"""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """Something the user asked for cannot be done; nothing has been changed."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r}, {self.params!r})"
