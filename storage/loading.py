"""Many-to-one links set from objects the caller already holds, instead of joined again.

The models load their parents eagerly (`lazy="joined"`), which is right for queries that
roam. On the paths a member waits on, the parent is known — the meeting of its dates, the
group of its meeting, the principals among a group's members — and joining it again costs
more than the query itself: those queries say `lazyload(...)` and set the link here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm.attributes import set_committed_value


def attach(children: Iterable[Any], attribute: str, parent: Any) -> None:
    """Set `attribute` of each child to `parent` where the query left it unloaded (an
    object already in the session keeps what it has)."""
    for child in children:
        if attribute not in child.__dict__:
            set_committed_value(child, attribute, parent)
