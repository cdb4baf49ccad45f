from bot.matrix.events import (
    MembershipChange,
    PollResponse,
    Reaction,
    Redaction,
    TextMessage,
    Undecryptable,
    parse_event,
)
from bot.matrix.power import CREATOR_POWER, power_level


def raw(event_type: str, content: dict[str, object], **extra: object) -> dict[str, object]:
    return {"type": event_type, "event_id": "$e", "sender": "@a:x", "origin_server_ts": 1000,
            "content": content, **extra}


def test_text_message_and_its_reply_target() -> None:
    event = parse_event("!r", raw("m.room.message", {
        "msgtype": "m.text", "body": "!help",
        "m.relates_to": {"m.in_reply_to": {"event_id": "$orig"}}}))
    assert isinstance(event, TextMessage)
    assert (event.body, event.reply_to, event.kind) == ("!help", "$orig", "message")


def test_notices_and_edits_are_not_read_as_commands() -> None:
    assert parse_event("!r", raw("m.room.message", {"msgtype": "m.notice", "body": "!x"})) is None
    edit = {"msgtype": "m.text", "body": "* !x", "m.relates_to": {"rel_type": "m.replace",
                                                                    "event_id": "$o"}}
    assert parse_event("!r", raw("m.room.message", edit)) is None


def test_reaction_without_variation_selector() -> None:
    for key in ("✅", "✅\ufe0f"):
        event = parse_event("!r", raw("m.reaction", {"m.relates_to": {
            "rel_type": "m.annotation", "event_id": "$ann", "key": key}}))
        assert event == Reaction("!r", "$e", "@a:x", event.timestamp, "$ann", "✅")  # type: ignore[union-attr]


def test_redaction_in_both_places() -> None:
    assert isinstance(parse_event("!r", raw("m.room.redaction", {}, redacts="$r")), Redaction)
    assert isinstance(parse_event("!r", raw("m.room.redaction", {"redacts": "$r"})), Redaction)


def test_poll_responses_in_unstable_and_stable_form() -> None:
    relates = {"rel_type": "m.reference", "event_id": "$poll"}
    unstable = parse_event("!r", raw("org.matrix.msc3381.poll.response", {
        "m.relates_to": relates, "org.matrix.msc3381.poll.response": {"answers": ["ja"]}}))
    stable = parse_event("!r", raw("m.poll.response", {
        "m.relates_to": relates, "m.selections": ["nein"]}))
    assert isinstance(unstable, PollResponse) and unstable.answer_ids == ("ja",)
    assert isinstance(stable, PollResponse) and stable.answer_ids == ("nein",)
    assert unstable.poll_event_id == stable.poll_event_id == "$poll"


def test_membership_and_undecryptable() -> None:
    member = parse_event("!r", raw("m.room.member", {"membership": "join"}, state_key="@b:x"))
    assert member == MembershipChange("!r", "$e", "@a:x", member.timestamp, "@b:x", "join")  # type: ignore[union-attr]
    assert isinstance(parse_event("!r", raw("m.room.encrypted", {})), Undecryptable)


def test_garbage_is_ignored() -> None:
    assert parse_event("!r", {"type": "m.room.message"}) is None
    assert parse_event("!r", raw("m.room.message", {"msgtype": "m.text", "body": 5})) is None
    assert parse_event("!r", raw("m.reaction", {"m.relates_to": "x"})) is None


def state(version: str, users: dict[str, int], creator: str = "@c:x") -> list[dict[str, object]]:
    return [
        {"type": "m.room.create", "state_key": "", "sender": creator,
         "content": {"room_version": version}},
        {"type": "m.room.power_levels", "state_key": "",
         "content": {"users": users, "users_default": 0}},
    ]


def test_power_levels_classic_rooms() -> None:
    levels = state("10", {"@c:x": 100, "@mod:x": 50})
    assert power_level("@c:x", levels) == 100
    assert power_level("@mod:x", levels) == 50
    assert power_level("@nobody:x", levels) == 0


def test_power_levels_version_12_creators_outrank_everyone() -> None:
    levels = state("12", {"@mod:x": 50})
    assert power_level("@c:x", levels) == CREATOR_POWER
    assert power_level("@mod:x", levels) == 50


def test_shapes_a_homeserver_may_refuse_but_another_may_pass_are_read_safely() -> None:
    """What Synapse refuses from its own users (a message without a body or with a number
    for one, a relation to an unknown event or across rooms, a reaction without a key) may
    still come over federation: read as nothing, or as an event the handlers then find no
    target for — never an exception."""
    shapes = [
        ("m.room.message", {"msgtype": "m.text"}),
        ("m.room.message", {"msgtype": "m.text", "body": 12345}),
        ("m.room.message", {"msgtype": "m.text", "body": ["!hilfe"]}),
        ("m.room.message", {"body": "!hilfe"}),
        ("org.matrix.msc3381.poll.response", {"m.relates_to": {
            "rel_type": "m.reference", "event_id": "$elsewhere"},
            "org.matrix.msc3381.poll.response": {"answers": ["x"]}}),
        ("m.reaction", {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$nothing"}}),
        ("m.reaction", {"m.relates_to": {"rel_type": "m.annotation", "key": 5}}),
        ("m.room.redaction", {"redacts": 7}),
        ("m.room.member", {"membership": ["join"]}),
    ]
    for event_type, content in shapes:
        event = parse_event("!r", raw(event_type, content))
        assert event is None or event.event_id == "$e"

