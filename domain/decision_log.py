"""The decision log's numbering and its hash chain.

Every entry carries a SHA-256 hash over a canonical form of its own content and of the hash of
the entry before it (per group), so changing, removing or reordering any entry behind the bot's
back breaks the chain from that entry on. The canonical form is JSON with sorted keys, no
insignificant whitespace and UTF-8 text, so it is the same on every machine and database.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, NamedTuple

from domain.errors import UserError


class ExportFormat(StrEnum):
    MARKDOWN = "md"
    CSV = "csv"
    JSON = "json"
    PDF = "pdf"


#: The hash the first entry of a group's log chains to.
GENESIS = "0" * 64

_NUMBER = re.compile(r"(?:(\d{4})\s*/\s*)?0*(\d{1,6})\Z")


def format_number(year: int, sequence: int) -> str:
    """`2026/007`: the number minutes and letters cite."""
    return f"{year}/{sequence:03d}"


def parse_number(raw: str, current_year: int) -> tuple[int, int]:
    """`2026/007`, `2026/7` or `7` (this year) → (year, sequence)."""
    match = _NUMBER.match(raw.strip())
    if match is None or int(match.group(2)) == 0:
        raise UserError("decision.number.invalid", value=raw)
    year = int(match.group(1)) if match.group(1) else current_year
    return year, int(match.group(2))


def entry_content(
    *,
    group_id: int,
    number: str,
    text: str,
    decided_at: datetime,
    outcome: str,
    poll_id: int | None,
    counting: Mapping[str, Any] | None,
    votes: Sequence[Mapping[str, str]] | None,
    corrects: str | None,
    recorded_by: str,
    report: Mapping[str, Any] | None,
    document: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """What an entry's hash is taken over (`decided_at` aware; kept in UTC)."""
    return {
        "group": group_id,
        "number": number,
        "text": text,
        "decided_at": decided_at.astimezone(UTC).isoformat(),
        "outcome": outcome,
        "poll": poll_id,
        "counting": counting,
        "votes": votes,
        "corrects": corrects,
        "recorded_by": recorded_by,
        # Only where a report is cited: earlier entries keep the hash they were given.
        **({"report": report} if report is not None else {}),
        # Only where a document is approved (a Niederschrift): its name and digest.
        **({"document": document} if document is not None else {}),
    }


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not part of a decision entry: {value!r}")


# One encoder for every entry: `json.dumps` with options builds a new one per call.
_CANONICAL = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_encode
)


def canonical(content: Mapping[str, Any]) -> bytes:
    return _CANONICAL.encode(content).encode("utf-8")


def entry_hash(content: Mapping[str, Any], previous_hash: str) -> str:
    digest = hashlib.sha256()
    digest.update(previous_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical(content))
    return digest.hexdigest()


@dataclass(frozen=True)
class ChainLink:
    """What verifying needs of one stored entry."""

    number: str
    content: Mapping[str, Any]
    previous_hash: str
    hash: str


class StoredEntry(NamedTuple):
    """One entry as the database holds it, in the order `chain_links` reads them."""

    id: int
    year: int
    sequence: int
    text: str
    decided_at: datetime
    outcome: str
    poll_id: int | None
    counting: Mapping[str, Any] | None
    votes: Sequence[Mapping[str, str]] | None
    corrects_id: int | None
    report: Mapping[str, Any] | None
    recorded_by: str
    previous_hash: str
    hash: str
    document: Mapping[str, Any] | None


def chain_links(group_id: int, entries: Sequence[StoredEntry]) -> list[ChainLink]:
    """A group's stored entries, in log order, as the verifier checks them: a correction
    names the entry it corrects by number, looked up among the same entries."""
    numbers = {entry.id: format_number(entry.year, entry.sequence) for entry in entries}
    return [
        ChainLink(
            number=numbers[entry.id],
            content=entry_content(
                group_id=group_id, number=numbers[entry.id], text=entry.text,
                decided_at=entry.decided_at, outcome=entry.outcome, poll_id=entry.poll_id,
                counting=entry.counting, votes=entry.votes,
                corrects=numbers.get(entry.corrects_id) if entry.corrects_id else None,
                recorded_by=entry.recorded_by, report=entry.report, document=entry.document),
            previous_hash=entry.previous_hash,
            hash=entry.hash,
        )
        for entry in entries
    ]


@dataclass(frozen=True)
class ChainBreak:
    number: str
    #: "content" (the entry was changed) or "link" (an entry before it is missing or changed).
    reason: str


def first_break(links: Sequence[ChainLink]) -> ChainBreak | None:
    """The first entry, in log order, at which the chain does not hold; None if it holds."""
    expected_previous = GENESIS
    for link in links:
        if link.previous_hash != expected_previous:
            return ChainBreak(link.number, "link")
        if entry_hash(link.content, link.previous_hash) != link.hash:
            return ChainBreak(link.number, "content")
        expected_previous = link.hash
    return None
