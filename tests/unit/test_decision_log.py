"""The decision log's numbers and hash chain."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.decision_log import (
    GENESIS,
    ChainLink,
    canonical,
    entry_content,
    entry_hash,
    first_break,
    format_number,
    parse_number,
)
from domain.errors import UserError


def test_numbers_read_as_in_the_minutes() -> None:
    assert format_number(2026, 7) == "2026/007"
    assert parse_number("2026/007", 2027) == (2026, 7)
    assert parse_number("2026/7", 2027) == (2026, 7)
    assert parse_number("7", 2027) == (2027, 7)
    for bad in ("", "0", "2026/", "sieben", "2026-007"):
        with pytest.raises(UserError):
            parse_number(bad, 2026)


def test_the_hashed_form_of_an_entry_never_changes() -> None:
    """Stored hashes were taken over exactly these bytes: a log written by any earlier
    version must keep verifying, and an auditor can recompute a hash from this description
    (sorted keys, no spaces, UTF-8, the time in UTC)."""
    content = entry_content(
        group_id=3, number="2026/007", text="Der Träger „Caritas“ wird beauftragt.",
        decided_at=datetime(2026, 3, 4, 15, 30, tzinfo=timezone(timedelta(hours=1))),
        outcome="adopted", poll_id=12,
        counting={"yes": 5, "no": 1, "abstain": 0, "seats": 8, "rule": "simple", "quorum": 50},
        votes=[{"seat": "Jobcenter", "organisation": "Jobcenter", "voter": "@ben:x",
                "answer": "yes"}],
        corrects="2026/002", recorded_by="@coord:x", report=None)
    assert canonical(content) == (
        '{"corrects":"2026/002","counting":{"abstain":0,"no":1,"quorum":50,"rule":"simple",'
        '"seats":8,"yes":5},"decided_at":"2026-03-04T14:30:00+00:00","group":3,'
        '"number":"2026/007","outcome":"adopted","poll":12,"recorded_by":"@coord:x",'
        '"text":"Der Träger „Caritas“ wird beauftragt.","votes":[{"answer":"yes",'
        '"organisation":"Jobcenter","seat":"Jobcenter","voter":"@ben:x"}]}').encode()
    assert entry_hash(content, GENESIS) == (
        "285395ff3f17fc421c01b862939641ad71554ca5d126626d5718cccf1f58b41e")


def chain(texts: list[str]) -> list[ChainLink]:
    links, previous = [], GENESIS
    for n, text in enumerate(texts, start=1):
        content = {"number": format_number(2026, n), "text": text}
        digest = entry_hash(content, previous)
        links.append(ChainLink(format_number(2026, n), content, previous, digest))
        previous = digest
    return links


texts = st.lists(st.text(), min_size=1, max_size=8)


@given(texts)
def test_an_untouched_chain_holds(entries: list[str]) -> None:
    assert first_break(chain(entries)) is None


@given(texts, st.data())
def test_any_changed_entry_is_the_first_break(entries: list[str], data: st.DataObject) -> None:
    links = chain(entries)
    index = data.draw(st.integers(0, len(links) - 1))
    changed = dict(links[index].content, text=links[index].content["text"] + "!")
    links[index] = ChainLink(links[index].number, changed, links[index].previous_hash,
                             links[index].hash)
    broken = first_break(links)
    assert broken is not None and broken.number == links[index].number
    assert broken.reason == "content"


@given(st.lists(st.text(), min_size=3, max_size=8), st.data())
def test_a_removed_entry_breaks_the_link_of_the_next(entries: list[str],
                                                     data: st.DataObject) -> None:
    links = chain(entries)
    index = data.draw(st.integers(0, len(links) - 2))
    following = links[index + 1].number
    del links[index]
    broken = first_break(links)
    assert broken is not None and broken.number == following and broken.reason == "link"


def test_the_hash_depends_on_every_field_and_umlauts_are_stable() -> None:
    content = {"text": "Über die Maßnahme wird beschlossen", "counting": {"yes": 7}}
    assert entry_hash(content, GENESIS) == entry_hash(dict(reversed(content.items())), GENESIS)
    assert entry_hash(content, GENESIS) != entry_hash({**content, "counting": {"yes": 8}}, GENESIS)
