"""How a recorded decision reads: its number with the vote and verdict („Beschluss 2026/007:
mehrheitlich angenommen — Ja 7, Nein 2, …“), for the room, the minutes and the published
pages alike."""

from __future__ import annotations

from typing import Any

from domain.voting import Outcome, PollMode
from i18n import Message, Rendered, Renderer
from storage.models import Decision


def result_text(renderer: Renderer, decision: Decision) -> Rendered:
    """„Beschluss 2026/007: mehrheitlich angenommen — Ja 7, Nein 2, Enthaltung 1; 10 von 12
    Stimmen vertreten; beschlussfähig.“"""
    counting = decision.counting
    if counting is None:
        return renderer("decision.recorded.line", number=decision.number, text=decision.text)
    number: str | Message = decision.number
    if counting.get("mode") == PollMode.CIRCULAR.value:
        number = Message("decision.number.circular", number=decision.number)
    return renderer("decision.result", number=number, **_tally(renderer, decision, counting))


def tally_text(renderer: Renderer, decision: Decision) -> Rendered | None:
    """The vote alone, for a record that names the decision already: „einstimmig angenommen —
    Ja 9, Nein 0, Enthaltung 1; 10 von 12 Stimmen vertreten; beschlussfähig.“ (None for a
    decision taken without a vote.)"""
    if decision.counting is None:
        return None
    return renderer("decision.tally", **_tally(renderer, decision, decision.counting))


def _tally(renderer: Renderer, decision: Decision, counting: dict[str, Any]) -> dict[str, Any]:
    return {
        "verdict": _verdict(decision.outcome, counting),
        "counts": Rendered.join(
            (renderer("decision.count", label=label, n=n) for label, n in counting["counts"]),
            ", ",
            ", ",
        ),
        "represented": counting["represented"],
        "seats": counting["seats"],
        "quorate": Message("decision.quorate" if counting["quorate"] else "decision.not_quorate"),
    }


def _verdict(outcome: Outcome, counting: dict[str, Any]) -> Message:
    if outcome is Outcome.ADOPTED:
        key = "decision.verdict.unanimous" if counting["unanimous"] else "decision.verdict.adopted"
        if counting.get("winner"):
            return Message(key + ".option", option=counting["winner"])
        return Message(key)
    if outcome is Outcome.REJECTED:
        return Message("decision.verdict.rejected")
    return Message("decision.verdict.not_decided")
