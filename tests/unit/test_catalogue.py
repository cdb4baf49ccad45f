"""Every text exists in both languages, with the same parameters, and every key used exists."""

import re
import string
from enum import Enum
from pathlib import Path

import pytest

from commands import build_command_tree
from commands.reminder_flow import ReminderKind
from domain.group import GroupKind, Language, MajorityRule, Publication
from domain.items import ItemFilter
from domain.meetings import Repeat, RsvpAnswer
from domain.poll_status import TimeUnit
from domain.publication import MeetingState
from domain.roles import Access, Notify, Role
from domain.voting import Outcome, PollMode
from i18n import CATALOGUES, Code, Message, Renderer, UserRef, placeholders
from storage.models import ItemState

ROOT = Path(__file__).resolve().parents[2]


def _templates(entry: str | tuple[str, str]) -> list[str]:
    return list(entry) if isinstance(entry, tuple) else [entry]


def test_both_languages_have_the_same_keys() -> None:
    german, english = CATALOGUES[Language.DE], CATALOGUES[Language.EN]
    assert sorted(set(german) - set(english)) == []
    assert sorted(set(english) - set(german)) == []


@pytest.mark.parametrize("key", sorted(CATALOGUES[Language.DE]))
def test_same_parameters_in_both_languages(key: str) -> None:
    german = {p for t in _templates(CATALOGUES[Language.DE][key]) for p in placeholders(t)}
    english = {p for t in _templates(CATALOGUES[Language.EN][key]) for p in placeholders(t)}
    assert german == english


@pytest.mark.parametrize("language", list(Language))
def test_templates_use_plain_named_fields_only(language: Language) -> None:
    """The renderer fills `{name}` fields (no attribute access, conversion or format spec):
    a field it cannot fill must show up here, not in a reply."""
    odd = [
        (key, field)
        for key, entry in CATALOGUES[language].items()
        for template in _templates(entry)
        for _, field, spec, conversion in string.Formatter().parse(template)
        if field is not None and (not field.isidentifier() or spec or conversion)
    ]
    assert odd == []


def test_nested_messages_render_the_same_in_both_forms() -> None:
    renderer = Renderer(Language.DE)
    line = Message("help.line", command=Code("!hilfe"), summary=Message("help.help"))
    text = renderer("help.overview", commands=[line, line])
    assert text.plain.count("!hilfe") >= 2
    assert text.html.count("<code>!hilfe</code>") >= 2


def test_every_key_the_code_names_exists() -> None:
    pattern = re.compile(r'(?:UserError|Message|Reply\.of|\.then|renderer)\(\s*"([a-z_.-]+)"')
    used = set()
    for package in ("commands", "domain", "bot", "i18n"):
        for path in (ROOT / package).rglob("*.py"):
            used |= set(pattern.findall(path.read_text()))
    assert used, "the pattern found nothing: the test would prove nothing"
    missing = sorted(k for k in used if k not in CATALOGUES[Language.DE])
    assert missing == []


@pytest.mark.parametrize(("prefix", "values"), [
    ("status.reminder.", [kind.value for kind in ReminderKind]),
    ("meeting.answer.", [answer.value for answer in RsvpAnswer]),
    ("mail.reply.", [answer.value for answer in RsvpAnswer]),
    ("meeting.repeat.", [repeat.value for repeat in Repeat]),
    ("web.state.", [state.value for state in MeetingState]),
    ("web.outcome.", [outcome.value for outcome in Outcome]),
    ("help.access.", [access.value for access in Access]),
    ("poll.left.", [unit.value for unit in TimeUnit]),
], ids=lambda value: value if isinstance(value, str) else "")
def test_every_key_made_from_an_enum_value_exists(prefix: str, values: list[str]) -> None:
    """Keys the code builds from an enum's value (`f"status.reminder.{kind.value}"`) escape
    the test above; a missing one turned `!status` into an internal error."""
    missing = [prefix + value for value in values if prefix + value not in CATALOGUES[Language.DE]]
    assert missing == []


#: The enums whose values the renderer names from the catalogue (`enum.Role.member`).
NAMED_ENUMS: tuple[type[Enum], ...] = (
    GroupKind, ItemFilter, ItemState, Language, MajorityRule, Notify, Outcome, PollMode,
    Publication, Repeat, Role, RsvpAnswer,
)


def test_an_enum_named_in_the_catalogue_is_named_in_full() -> None:
    """A value without its entry would show up raw („simple“) in a German answer."""
    named = {key.split(".")[1] for key in CATALOGUES[Language.DE] if key.startswith("enum.")}
    assert named == {enum.__name__ for enum in NAMED_ENUMS}
    missing = [f"enum.{enum.__name__}.{member.value}" for enum in NAMED_ENUMS for member in enum
               if f"enum.{enum.__name__}.{member.value}" not in CATALOGUES[Language.DE]]
    assert missing == []


@pytest.mark.parametrize("spec", build_command_tree().specs, ids=lambda s: s.name)
def test_every_command_has_help_details_and_an_example(spec: object) -> None:
    key = spec.help_key  # type: ignore[attr-defined]
    for language in Language:
        catalogue = CATALOGUES[language]
        for prefix in ("help.", "example."):
            assert prefix + key in catalogue
        assert f"help.{key}.details" in catalogue


def test_html_escapes_user_input_once_and_plain_text_keeps_it() -> None:
    renderer = Renderer(Language.DE)
    text = renderer("member.added", user=UserRef("@a:b.de"), org="<b>Jobcenter</b> & Co",
                    role="member", votes=True)
    assert "<b>Jobcenter</b> & Co" in text.plain
    assert "&lt;b&gt;Jobcenter&lt;/b&gt; &amp; Co" in text.html
    assert '<a href="https://matrix.to/#/@a:b.de">@a:b.de</a>' in text.html


def test_code_is_monospace_in_html() -> None:
    text = Renderer(Language.EN)("usage.form", usage=Code("!member add <x>"))
    assert text.html == "Correct form: <code>!member add &lt;x&gt;</code>"


def test_dates_the_german_way() -> None:
    from datetime import UTC, datetime

    moment = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
    assert Renderer(Language.DE).datetime(moment) == "Donnerstag, 3. Dezember 2026, 14:00 Uhr"
    assert Renderer(Language.EN).datetime(moment) == "Thursday, 3 December 2026, 14:00"
