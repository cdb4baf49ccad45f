"""When an answer needs an empty `m.mentions`: exactly when a legacy mention rule could
highlight it for someone in the room."""

from __future__ import annotations

import json
import random
import re
import subprocess

from hypothesis import given
from hypothesis import strategies as st

from domain.mentions import RoomPerson, could_highlight
from domain.names import localpart
from tests.support.synapse import synapse_python

ROOM = [RoomPerson("@aweber:stadt.example", "Dr. Anna Weber"), RoomPerson("@bkoch:stadt.example"),
        RoomPerson("@kimbot:stadt.example", "KIM-Bot")]


def legacy_rule_fires(pattern: str, body: str) -> bool:
    """The legacy rules' word match as the spec describes it: the pattern as a whole word
    (bounded by the text's ends or non-word characters), case ignored."""
    return re.search(rf"(?:^|\W){re.escape(pattern)}(?:\W|$)", body, re.IGNORECASE) is not None


def test_a_name_inside_a_longer_word_is_no_mention() -> None:
    # „Ben“ in „angeben“ or „Anna“ in „Annahme“ highlights no one: the rules match words.
    assert not could_highlight("Bitte Gründe angeben; Annahme offen.",
                               [RoomPerson("@ben:stadt.example"), RoomPerson("@x:y", "Anna")])
    assert could_highlight("Frage an Ben.", [RoomPerson("@ben:stadt.example")])


def test_text_without_names_needs_no_mentions() -> None:
    assert not could_highlight("Punkt Nr. 12 ist angelegt: Bericht vorlegen.", ROOM)
    assert not could_highlight("Hilfe: !termin, !punkt, !abstimmung", [])


def test_a_display_name_a_localpart_or_at_room_would_highlight() -> None:
    assert could_highlight("Zusage: Dr. Anna Weber", ROOM)
    assert could_highlight("zusage: dr. anna weber", ROOM), "the rules ignore case"
    assert could_highlight("Absage: @bkoch:stadt.example", ROOM)
    assert could_highlight("Bitte alle (@room) lesen", [])


def test_turkish_dotted_and_dotless_i_are_matched_case_blind() -> None:
    # Case folding keeps „ı“ apart from „I“ and turns „İ“ into „i̇“; a case-blind match
    # (found by the property below: the name „ı“ in the text „I“) does not.
    assert could_highlight("Bitte IŞIK fragen", [RoomPerson("@x:stadt.example", "Işık")])
    assert could_highlight("Zusage: ipek", [RoomPerson("@x:stadt.example", "İpek")])
    assert could_highlight("I", [RoomPerson("@member:stadt.example", "ı")])
    assert not could_highlight("Bitte Işıklar prüfen", [RoomPerson("@x:stadt.example", "Işık")])


def test_the_sender_is_never_notified_of_its_own_message() -> None:
    assert not could_highlight("KIM-Bot antwortet", ROOM, sender="@kimbot:stadt.example")
    assert could_highlight("KIM-Bot antwortet", ROOM), "anyone else of that name would be"


def test_a_display_name_read_as_a_glob_counts_as_named() -> None:
    # Push rule patterns are globs: „A*“ would match „Anfrage“ without containing „A*“.
    assert could_highlight("Anfrage", [RoomPerson("@x:stadt.example", "A*")])


names = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), min_size=1,
                max_size=20).filter(str.strip)


@given(name=names, before=st.text(max_size=40), after=st.text(max_size=40),
       upper=st.booleans())
def test_whenever_a_legacy_rule_fires_the_mentions_are_kept(
    name: str, before: str, after: str, upper: bool
) -> None:
    body = before + (name.upper() if upper else name) + after
    person = RoomPerson("@member:stadt.example", name)
    if legacy_rule_fires(name, body) or legacy_rule_fires(localpart(person.user_id), body):
        assert could_highlight(body, [person])


@given(body=st.text(st.characters(codec="ascii", exclude_characters="@mM"), max_size=200))
def test_text_that_names_no_one_in_the_room_needs_no_mentions(body: str) -> None:
    # No „m“: neither the localpart „member“ nor the display name „Mia“ nor „@room“ can occur.
    assert not could_highlight(body, [RoomPerson("@member:stadt.example", "Mia")])


#: Synapse's own push rule evaluator (Rust, from the homeserver the tests run) deciding the
#: three legacy rules for each case: display name, localpart as a word of the body, „@room“.
SYNAPSE_RULES = """
import json, sys
from synapse.synapse_rust.push import PushRuleEvaluator
results = []
for body, user_id, name in json.load(sys.stdin):
    rules = PushRuleEvaluator({"content.body": body}, False, 3, 100, {"room": 50}, {}, False,
                              [], False, False, False)
    localpart = user_id[1:].partition(":")[0]
    results.append(
        rules.matches({"kind": "contains_display_name"}, user_id, name)
        or rules.matches({"kind": "event_match", "key": "content.body", "pattern": localpart},
                         user_id, name)
        or rules.matches({"kind": "event_match", "key": "content.body", "pattern": "@room"},
                         user_id, name))
print(json.dumps(results))
"""

#: Letters with case quirks, digits, the word character „_“ and separators.
ALPHABET = "abABäÄßİi1_ .@:-!"


def random_case(rng: random.Random, text: str) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c for c in text)


def legacy_cases(count: int) -> list[tuple[str, str, str | None]]:
    """Bodies that contain a name or localpart in some case, glued to other characters or not,
    and bodies that do not; names without glob characters."""
    rng = random.Random(5545)
    cases = []
    for _ in range(count):
        localpart = "".join(rng.choices("ab1_.-", k=rng.randint(1, 4)))
        name = "".join(rng.choices(ALPHABET, k=rng.randint(1, 5))) if rng.random() < 0.7 else None
        parts = ["".join(rng.choices(ALPHABET, k=rng.randint(0, 3)))]
        for _ in range(rng.randint(0, 2)):
            inserted = rng.choice([localpart, name or "x", "@room"])
            glue = "".join(rng.choices(ALPHABET, k=rng.randint(0, 3)))
            parts += [random_case(rng, inserted), glue]
        cases.append(("".join(parts), f"@{localpart}:stadt.example", name))
    return cases


def test_the_legacy_rules_as_synapse_evaluates_them() -> None:
    cases = legacy_cases(3000)
    decided = subprocess.run([synapse_python(), "-c", SYNAPSE_RULES], input=json.dumps(cases),
                             capture_output=True, text=True, check=True)
    fired = json.loads(decided.stdout)
    ours = [could_highlight(body, [RoomPerson(user, name)]) for body, user, name in cases]
    compared = list(zip(cases, fired, ours, strict=True))
    missed = [case for case, by_synapse, by_us in compared if by_synapse and not by_us]
    assert not missed, f"Synapse would highlight these, we would send no m.mentions: {missed[:5]}"
    assert sum(fired) > 500, "the cases exercise the rules"
    extra = [case for case, by_synapse, by_us in compared if by_us and not by_synapse]
    # Yes where Synapse says no only by case folding wider than the rules' (ß, İ).
    wider = {"\u00df", "\u0130"}
    assert all(wider & set(body + (name or "")) for body, _, name in extra), extra[:5]
