"""What the bot sends fits into a room event (64 KiB), however large the group."""

from __future__ import annotations

import json

from bot.matrix.outgoing import TEXT_BUDGET, edit, legacy_body, matrix_event, text_message
from commands.framework.effects import ImageMessage, PollEnd, PollStart
from i18n import Rendered


def test_a_short_reply_keeps_both_forms() -> None:
    content = text_message(Rendered("3 von 5 Stimmen", "<b>3</b> von 5 Stimmen"), reply_to="$c")
    assert content["body"] == "3 von 5 Stimmen"
    assert content["formatted_body"] == "<b>3</b> von 5 Stimmen"
    assert content["m.relates_to"] == {"m.in_reply_to": {"event_id": "$c"}}


def test_a_long_reply_drops_its_html_before_any_text() -> None:
    plain = "\n".join(f"• Organisation {n:04d}: @mitglied{n:04d}:stadt.example" for n in range(500))
    markup = plain.replace("\n", "<br/>") * 2
    content = text_message(Rendered(plain, markup))
    assert content["body"] == plain
    assert "formatted_body" not in content and "format" not in content


def test_a_huge_reply_is_cut_at_a_line_end_keeps_its_summary_and_fits_an_encrypted_event(
) -> None:
    lines = [f"• Organisation {n:04d}: @mitglied{n:04d}:stadt.example — zugesagt"
             for n in range(3000)]
    summary = "600 von 1000 Stimmen zugesagt — beschlussfähig ab 501."
    content = text_message(Rendered("\n".join([*lines, summary]), ""), reply_to="$c",
                     mentions=("@koord:x",))
    body = content["body"]
    assert body.endswith(f"\n…\n{summary}")
    kept = body.removesuffix(f"\n…\n{summary}").split("\n")
    assert kept == lines[: len(kept)], "whole lines, in order"
    assert len(body.encode()) <= TEXT_BUDGET
    # Base64 of the encrypted payload makes it a third larger; the event must stay < 64 KiB.
    assert len(json.dumps(content).encode()) * 4 / 3 < 65_536


def test_a_reply_is_a_notice_that_mentions_no_one() -> None:
    content = text_message(Rendered("• @anna:x – Zusage", ""), reply_to="$c")
    assert content["msgtype"] == "m.notice"
    assert content["m.mentions"] == {}, "no legacy highlight for names in a listing"


def test_a_reply_that_names_no_one_goes_without_mentions() -> None:
    content = text_message(Rendered("Punkt Nr. 3 ist angelegt.", ""), reply_to="$c",
                           names_someone=False)
    assert "m.mentions" not in content
    meant = text_message(Rendered("Erinnerung", ""), mentions=("@anna:x",), names_someone=False)
    assert meant["m.mentions"] == {"user_ids": ["@anna:x"]}, "whom it is meant for stays"


def test_a_message_for_someone_is_text_so_that_their_client_notifies_them() -> None:
    # Clients' default push rules drop every m.notice before looking at its mentions.
    content = text_message(Rendered("Erinnerung: Punkt Nr. 3 ist fällig.", ""),
                           mentions=("@anna:x", "@ben:x"))
    assert content["msgtype"] == "m.text"
    assert content["m.mentions"] == {"user_ids": ["@anna:x", "@ben:x"]}


def test_an_edit_mentions_no_one_again() -> None:
    content = edit("$status", Rendered("Stand: 4 von 5", ""))
    assert content["msgtype"] == content["m.new_content"]["msgtype"] == "m.notice"
    assert content["m.mentions"] == content["m.new_content"]["m.mentions"] == {}


def test_a_poll_that_names_someone_highlights_no_one() -> None:
    # A poll is no notice: without the field, the legacy rules would highlight a member whose
    # name is in its question (its fallback body).
    poll = PollStart("Vorsitz für @anna:x?", (("yes", "Ja"), ("no", "Nein")),
                     Rendered("Abstimmung: Vorsitz für @anna:x? Ja / Nein", ""))
    assert "@anna:x" in legacy_body(poll)
    _, content, _ = matrix_event(poll, names_someone=True)
    assert content["m.mentions"] == {}
    _, unnamed, _ = matrix_event(poll, names_someone=False)
    assert "m.mentions" not in unnamed


def test_results_and_images_follow_the_same_rule() -> None:
    end = PollEnd("$poll", Rendered("Ergebnis: angenommen", ""))
    assert legacy_body(end) == "Ergebnis: angenommen"
    assert matrix_event(end, names_someone=True)[1]["m.mentions"] == {}
    chart = ImageMessage("prognose-1.png", b"png", 10, 10, "Prognose Termin Nr. 1")
    assert legacy_body(chart) == "Prognose Termin Nr. 1"
    assert "m.mentions" not in matrix_event(chart, names_someone=False)[1]
