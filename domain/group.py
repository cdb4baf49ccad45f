"""Settings a group carries: kind, language, time zone and its rules of procedure."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class GroupKind(StrEnum):
    STEERING = "steering"  # Lenkungsgruppe
    WORKING = "working"  # Arbeitsgruppe
    PROJECT = "project"  # Projektgruppe


GROUP_KIND_ALIASES: dict[str, GroupKind] = {
    "lenkungsgruppe": GroupKind.STEERING,
    "arbeitsgruppe": GroupKind.WORKING,
    "projektgruppe": GroupKind.PROJECT,
}


class Language(StrEnum):
    DE = "de"
    EN = "en"


LANGUAGE_ALIASES: dict[str, Language] = {
    "deutsch": Language.DE,
    "german": Language.DE,
    "englisch": Language.EN,
    "english": Language.EN,
}


class Publication(StrEnum):
    """What of a group's record the bot's web server shows (OParl and pages)."""

    NONE = "none"  # nothing: every address of the group is the same 404 as an unknown one
    MEMBERS = "members"  # to its members, through a personal token link (`!web`)
    PUBLIC = "public"  # to anyone


PUBLICATION_ALIASES: dict[str, Publication] = {
    "keine": Publication.NONE,
    "nichts": Publication.NONE,
    "mitglieder": Publication.MEMBERS,
    "öffentlich": Publication.PUBLIC,
    "oeffentlich": Publication.PUBLIC,
}


class MajorityRule(StrEnum):
    SIMPLE = "simple"
    ABSOLUTE = "absolute"
    TWO_THIRDS = "two-thirds"
    UNANIMOUS = "unanimous"


MAJORITY_RULE_ALIASES: dict[str, MajorityRule] = {
    "einfach": MajorityRule.SIMPLE,
    "absolut": MajorityRule.ABSOLUTE,
    "zweidrittel": MajorityRule.TWO_THIRDS,
    "zwei-drittel": MajorityRule.TWO_THIRDS,
    "einstimmig": MajorityRule.UNANIMOUS,
}


@dataclass(frozen=True)
class GroupDefaults:
    """What a group starts with when `!setup` creates it (SPEC.md defaults)."""

    kind: GroupKind = GroupKind.STEERING
    timezone: str = "Europe/Berlin"
    language: Language = Language.DE
    quorum_percent: int = 50  # quorate with *more than* this share of the voting seats
    majority_rule: MajorityRule = MajorityRule.SIMPLE
    notice_days: int = 7  # Ladungsfrist
    #: Umlaufverfahren: adopted when no seat objects (and the quorum answered) by the deadline.
    circular_rule: MajorityRule = MajorityRule.UNANIMOUS
    circular_days: int = 7
