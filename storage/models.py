"""The tables kimbot keeps. Schema changes go through Alembic migrations (storage/migrations)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from domain.decision_log import entry_content, format_number
from domain.group import GroupKind, Language, MajorityRule, Publication
from domain.meetings import Repeat, RsvpAnswer
from domain.names import shown_name
from domain.roles import Notify, Role, may_vote
from domain.utc import as_utc
from domain.voting import Outcome, PollMode

#: Constraint names that are the same on SQLite and PostgreSQL, so migrations can name them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored as UTC on every backend (SQLite has no zone type)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return as_utc(value)


def _enum(enum: type[Any]) -> Enum:
    """An enum stored as its value in a plain string column (no database enum type)."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=20,
        values_callable=lambda members: [m.value for m in members],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Group(Base):
    """A room the bot has been set up in: one steering, working or project group."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[GroupKind] = mapped_column(_enum(GroupKind))
    timezone: Mapped[str] = mapped_column(String(64))
    language: Mapped[Language] = mapped_column(_enum(Language))
    quorum_percent: Mapped[int] = mapped_column(Integer)
    majority_rule: Mapped[MajorityRule] = mapped_column(_enum(MajorityRule))
    notice_days: Mapped[int] = mapped_column(Integer)
    circular_rule: Mapped[MajorityRule] = mapped_column(
        _enum(MajorityRule), server_default=MajorityRule.UNANIMOUS.value
    )
    circular_days: Mapped[int] = mapped_column(Integer, server_default="7")
    #: Whether the group's calendar feed names the attendees (the personal feeds always
    #: show only the member's own answer).
    feed_attendees: Mapped[bool] = mapped_column(Boolean, server_default=sa_true())
    #: How long before a meeting the room is reminded, e.g. "7d,1d".
    reminders: Mapped[str] = mapped_column(String(100), server_default="7d,1d")
    #: Whether an answer that came by email from a calendar program is told to the room.
    announce_mail_replies: Mapped[bool] = mapped_column(Boolean, server_default=sa_true())
    #: Whether a running open poll's status shows the interim tally (never for secret polls).
    live_tally: Mapped[bool] = mapped_column(Boolean, default=False,
                                             server_default=sa_false())
    #: How long before a poll's deadline the seats that have not voted are reminded, e.g.
    #: "24h"; "" for never.
    poll_nudge: Mapped[str] = mapped_column(String(20), default="", server_default="")
    #: Days after its meeting a report's file or text is removed; 0 keeps it.
    report_retention_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: How long members may object to a draft Niederschrift once it is posted (days).
    minutes_objection_days: Mapped[int] = mapped_column(Integer, default=14,
                                                        server_default="14")
    #: What the web server shows of the group: nothing, to members by token link, to anyone.
    publish: Mapped[Publication] = mapped_column(_enum(Publication), default=Publication.NONE,
                                                 server_default=Publication.NONE.value)
    #: Whether published pages and OParl name the members (else organisation and role only).
    publish_names: Mapped[bool] = mapped_column(Boolean, default=False,
                                                server_default=sa_false())
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Member(Base):
    """A person's membership in one group. Removed members stay, with `removed_at` set."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    user_id: Mapped[str] = mapped_column(String(255))
    organisation: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_enum(Role))
    #: Explicit voting right; None means "as the role implies" (see domain.roles.may_vote).
    voting: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    #: The name given with `name=`; the Matrix display name, refreshed as it changes.
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    matrix_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    #: Whether reminders also go to the member by email (`notify=email`).
    notify: Mapped[Notify] = mapped_column(_enum(Notify), server_default=Notify.MATRIX.value)
    deputy_of_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), nullable=True)
    deputy_rank: Mapped[int] = mapped_column(Integer, default=0)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    added_by: Mapped[str] = mapped_column(String(255))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    deputy_of: Mapped[Member | None] = relationship(remote_side=[id], lazy="joined", join_depth=2)

    @property
    def votes(self) -> bool:
        return may_vote(self.role, self.voting)

    @property
    def display_name(self) -> str:
        return shown_name(self.user_id, self.name, self.matrix_name)

    @property
    def active(self) -> bool:
        return self.removed_at is None


class SyncState(Base):
    """Where the bot resumes its sync after a restart (one row)."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    next_batch: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class KnownRoom(Base):
    """Rooms whose history the bot has passed; events before `joined_at` are not answered."""

    __tablename__ = "known_rooms"

    room_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HandledEvent(Base):
    """The journal of events the bot has handled: the guarantee that each is handled once.

    It holds ids and kinds only, never message text or ballots.
    """

    __tablename__ = "handled_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), unique=True)
    room_id: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(40))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    handled_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class OutboxMessage(Base):
    """A message the bot has decided to send, committed with the effects that caused it.

    It is sent after the commit with `txn_id` as Matrix transaction id, so sending it again
    after a crash does not show a second message.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    txn_id: Mapped[str] = mapped_column(String(64), unique=True)
    #: The room to send to; None for a direct message to `to_user` (room found or made on send).
    room_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    to_user: Mapped[str | None] = mapped_column(String(255), nullable=True)
    event_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: A file to upload first; its content URI goes into `content["url"]`.
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    #: Holds a secret (a feed link): its content is wiped once it is sent.
    scrub: Mapped[bool] = mapped_column(Boolean, server_default=sa_false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)
    #: Reactions name the event they react to: found by it, also in a long outbox.
    sent_event_id: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[bool] = mapped_column(Boolean, default=False)


class DirectRoom(Base):
    """The direct-message room the bot uses with one person."""

    __tablename__ = "direct_rooms"

    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255))


class PollState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Poll(Base):
    """A decision poll in a group's room, numbered per group."""

    __tablename__ = "polls"
    __table_args__ = (UniqueConstraint("group_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text)
    #: [[answer id, label], …] in the order shown; Ja/Nein/Enthaltung polls use domain.voting ids.
    options: Mapped[list[list[str]]] = mapped_column(JSON)
    yes_no: Mapped[bool] = mapped_column(Boolean)
    rule: Mapped[MajorityRule] = mapped_column(_enum(MajorityRule))
    quorum_percent: Mapped[int] = mapped_column(Integer)
    mode: Mapped[PollMode] = mapped_column(_enum(PollMode))
    secret: Mapped[bool] = mapped_column(Boolean, default=False)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    state: Mapped[PollState] = mapped_column(_enum(PollState), index=True)
    #: Transaction id of the poll's start event; its event id is found in the outbox.
    start_txn_id: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closed_by: Mapped[str | None] = mapped_column(String(255), nullable=True)
    #: A mandate to open as an item if the poll is adopted (`then=`, `assign=`/`org=`, `due=`).
    then_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    then_owner_user: Mapped[str | None] = mapped_column(String(255), nullable=True)
    then_owner_org: Mapped[str | None] = mapped_column(String(200), nullable=True)
    then_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: The report the question is about (`report=R`), named in its decision.
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), nullable=True)
    #: Date finding: the slots (ISO times) and the meeting to schedule from the best one.
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    #: Transaction id of the poll's status message (edited as seats vote); None for date
    #: finding and for polls started before there were status messages.
    status_txn_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: How many edits of the status were queued, and a digest of the text last queued: an
    #: edit is sent only when the text changed, and each has a transaction id of its own.
    status_revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    status_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)

    group: Mapped[Group] = relationship(lazy="joined")

    @property
    def answer_ids(self) -> list[str]:
        return [answer_id for answer_id, _ in self.options]

    def label(self, answer_id: str) -> str:
        return dict((a, label) for a, label in self.options).get(answer_id, answer_id)


class PollAnswer(Base):
    """An answer as it arrived (click or `!vote`); the last one of a person before closing counts.

    An empty `answer` is a withdrawn or spoiled answer.
    """

    __tablename__ = "poll_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"), index=True)
    user_id: Mapped[str] = mapped_column(String(255))
    answer: Mapped[str] = mapped_column(String(100))
    event_id: Mapped[str] = mapped_column(String(255), unique=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PollRefusal(Base):
    """People told that their answer to a poll does not count (so they are told only once)."""

    __tablename__ = "poll_refusals"
    __table_args__ = (UniqueConstraint("poll_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"))
    user_id: Mapped[str] = mapped_column(String(255))


class SecretVoter(Base):
    """That a seat has cast its ballot in a secret poll, and who cast it — never what.

    Kept apart from `SecretTally`, with no time and no order that could pair the two.
    """

    __tablename__ = "secret_voters"

    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"), primary_key=True)
    seat: Mapped[str] = mapped_column(String(255), primary_key=True)
    voter: Mapped[str] = mapped_column(String(255))


class SecretTally(Base):
    """The ballot box of a secret poll: one counter per answer, nothing per voter."""

    __tablename__ = "secret_tallies"

    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"), primary_key=True)
    answer: Mapped[str] = mapped_column(String(100), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class ItemState(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class Item(Base):
    """An open item (offener Punkt), numbered per group; owned by a member or an organisation.

    A mandate from a decision links to it (`decision_id`). Its history is `ItemEvent`s.
    """

    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("group_id", "number"),
        # A group's open items (`!status`, `!punkt liste`, reminders): a few among years of
        # done ones, found without reading the rest on either database, statistics or not.
        Index("ix_items_group_id_state", "group_id", "state", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    owner_user: Mapped[str | None] = mapped_column(String(255), nullable=True)
    owner_org: Mapped[str | None] = mapped_column(String(200), nullable=True)
    due: Mapped[date | None] = mapped_column(Date, nullable=True)
    state: Mapped[ItemState] = mapped_column(_enum(ItemState), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), nullable=True)
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    history: Mapped[list[ItemEvent]] = relationship(
        lazy="selectin", order_by="ItemEvent.id", cascade="all"
    )


class ItemEvent(Base):
    """One step in an item's life: created, assigned, due, note, done, dropped."""

    __tablename__ = "item_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    by: Mapped[str] = mapped_column(String(255))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Meeting(Base):
    """A meeting, or a series of them (`repeat`), numbered per group.

    Its occurrences are rows of their own (`Occurrence`), so answers, attendance and agenda
    belong to one date; a moved or cancelled date of a series is a changed occurrence, written
    to calendars as RECURRENCE-ID / EXDATE of the same UID.
    """

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("group_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(300), nullable=True)
    first_start: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_minutes: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64))
    repeat: Mapped[Repeat | None] = mapped_column(_enum(Repeat), nullable=True)
    repeat_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    uid: Mapped[str] = mapped_column(String(255), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    cancel_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: Occurrences of a series exist as rows up to here; later ones are added as time passes.
    materialized_until: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: Last change of anything a calendar shows (times, agenda, answers): the feeds' DTSTAMP.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: The video conference's address for a hybrid or online meeting (`online=`).
    online_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    #: The minute-taker (`!meeting scribe`), who may record in the meeting's sessions.
    scribe: Mapped[str | None] = mapped_column(String(255), nullable=True)

    group: Mapped[Group] = relationship(lazy="joined")


class Occurrence(Base):
    """One date of a meeting. `original_start` is its place in the series (RECURRENCE-ID)."""

    __tablename__ = "occurrences"
    __table_args__ = (UniqueConstraint("meeting_id", "original_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    original_start: Mapped[datetime] = mapped_column(UTCDateTime())
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Moved or cancelled on its own (not with the whole series).
    changed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: When the date got the start it has (scheduled or moved): reminders before it are void.
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime())

    meeting: Mapped[Meeting] = relationship(lazy="joined")


class AgendaEntry(Base):
    __tablename__ = "agenda_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), nullable=True)
    #: "coordinator", "member", "item-due", "circular"; all but the first two came on by itself.
    source: Mapped[str] = mapped_column(String(20))
    added_by: Mapped[str] = mapped_column(String(255))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: The TOP number fixed when a session began ("4"), or given to an entry added during
    #: it ("4a"); None before: entries are then numbered by position.
    label: Mapped[str | None] = mapped_column(String(10), nullable=True)
    #: The report this entry is for (`!report submit`), shown as its annex.
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), nullable=True)

    report: Mapped[Report | None] = relationship(lazy="joined")


class Report(Base):
    """A coordinating body's report (Berichterstattung) on a meeting's agenda: a file or a
    text, numbered per group, an annex (Anlage) of the meeting date it was submitted for."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("group_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id"), index=True)
    #: Its number among the annexes of that meeting date (Anlage 1, 2, …).
    annex: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str] = mapped_column(String(200))
    submitted_by: Mapped[str] = mapped_column(String(255))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: A report written in the command itself; else a file.
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    filename: Mapped[str | None] = mapped_column(String(255), nullable=True)
    mimetype: Mapped[str | None] = mapped_column(String(100), nullable=True)
    #: Loaded only when the file itself is sent (listings do not need it).
    content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))
    #: When its file or text was removed (the group's retention); number, title and digest stay.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    def citation(self) -> dict[str, Any]:
        """What a decision that cites the report records of it — and so hashes: a change to
        the report's file after the decision shows as a different digest."""
        return {"number": self.number, "title": self.title, "annex": self.annex,
                "organisation": self.organisation, "sha256": self.sha256}


class RosterImport(Base):
    """A roster file read and previewed (`!member import`), waiting for its confirmation."""

    __tablename__ = "roster_imports"

    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), primary_key=True)
    #: The lines to apply, as read: [{"line", "user_id", "organisation", "role", …}, …].
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    filename: Mapped[str] = mapped_column(String(255))
    read_by: Mapped[str] = mapped_column(String(255))
    read_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MeetingSession(Base):
    """A meeting held in the room (`!meeting start` … `!meeting end`): one per date."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id"), unique=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_by: Mapped[str] = mapped_column(String(255))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: The agenda entry being dealt with; None before the first `!next`.
    current_entry_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_entries.id"),
                                                         nullable=True)
    #: Transaction id of the start message: ✋ on it records presence.
    start_txn_id: Mapped[str] = mapped_column(String(64))
    #: Whether the session was quorate when last said (a change is announced).
    quorate: Mapped[bool] = mapped_column(Boolean, default=False)

    occurrence: Mapped[Occurrence] = relationship(lazy="joined")


class SessionPresence(Base):
    """One stay of a person in a session: arrived, and left (or not yet)."""

    __tablename__ = "session_presence"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    user_id: Mapped[str] = mapped_column(String(255))
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(255))


class SessionRecord(Base):
    """What was recorded under an agenda entry during a session: a statement, an action, a
    decision by consensus, a poll. Only what a command records is stored, never chat."""

    __tablename__ = "session_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_entries.id"), nullable=True)
    #: "info", "action", "agreed", "poll".
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), nullable=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), nullable=True)
    poll_id: Mapped[int | None] = mapped_column(ForeignKey("polls.id"), nullable=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), nullable=True)
    author: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: Taken back with `!undo` (kept, so the item or decision it made stays explained).
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class MeetingMessage(Base):
    """An announcement or update of an occurrence: reactions to it are answers."""

    __tablename__ = "meeting_messages"

    txn_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id"), index=True)


class RsvpRecord(Base):
    """An answer to an invitation as it arrived; the latest not withdrawn one counts."""

    __tablename__ = "rsvps"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id"), index=True)
    user_id: Mapped[str] = mapped_column(String(255))
    answer: Mapped[RsvpAnswer] = mapped_column(_enum(RsvpAnswer))
    event_id: Mapped[str] = mapped_column(String(255), unique=True)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Where the answer came from: "matrix" (a reaction or `!rsvp`) or "email" (a calendar
    #: program's reply), and what the person wrote with it (calendar replies' COMMENT).
    via: Mapped[str] = mapped_column(String(10), server_default="matrix")
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)


class Presence(Base):
    """Who actually came (`!meeting present`)."""

    __tablename__ = "presence"

    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    recorded_by: Mapped[str] = mapped_column(String(255))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DeputyRequest(Base):
    """Deputies asked to stand in for a principal who declined (asked once)."""

    __tablename__ = "deputy_requests"

    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)


class WebToken(Base):
    """A member's personal link to what a group publishes for its members (`!web`); kept, as
    feed tokens, only as its SHA-256."""

    __tablename__ = "web_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    user_id: Mapped[str] = mapped_column(String(255))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class CalendarToken(Base):
    """A secret feed address given to one member: their personal feed or the group's.

    Only the SHA-256 of the token is kept; the token itself is only ever in the direct
    message that gave it out.
    """

    __tablename__ = "calendar_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    user_id: Mapped[str] = mapped_column(String(255))
    personal: Mapped[bool] = mapped_column(Boolean)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    group: Mapped[Group] = relationship(lazy="joined")


#: The longest key `outgoing_mail` holds (the mail queue cuts longer ones).
MAIL_KEY_LENGTH = 400


class OutgoingMail(Base):
    """An invitation, update or cancellation by email (iMIP), kept until it is delivered."""

    __tablename__ = "outgoing_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What makes it unique (the message it accompanies and the recipient): queued once.
    key: Mapped[str] = mapped_column(String(MAIL_KEY_LENGTH), unique=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), nullable=True,
                                                   index=True)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    calendar: Mapped[bytes] = mapped_column(LargeBinary)
    method: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    failed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The Einladung (PDF) that goes with an invitation, attached beside the .ics.
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("invitation_letters.id"),
                                                  nullable=True)


class InvitationLetter(Base):
    """An Einladung as it was sent: the signed PDF of one meeting date, kept (the newest is
    the one the web and the mail show)."""

    __tablename__ = "invitation_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    filename: Mapped[str] = mapped_column(String(200))
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))


class MinutesVersion(Base):
    """A Niederschrift on its way to approval: a draft from when it is posted (objections
    until `objections_until`), approved by a decision; the approved PDF kept."""

    __tablename__ = "minutes"
    __table_args__ = (UniqueConstraint("occurrence_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id"))
    version: Mapped[int] = mapped_column(Integer)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    objections_until: Mapped[datetime] = mapped_column(UTCDateTime())
    #: The approval's TOP on the next meeting's agenda, once there is one.
    agenda_entry_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_entries.id"),
                                                        nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), nullable=True)
    filename: Mapped[str | None] = mapped_column(String(200), nullable=True)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: The poll the group approves them by (in the room or `mode=umlauf`), while one runs.
    poll_id: Mapped[int | None] = mapped_column(ForeignKey("polls.id"), nullable=True)
    #: A correction after approval is a new version naming the one it corrects, and what.
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("minutes.id"), nullable=True)
    correction: Mapped[str | None] = mapped_column(Text, nullable=True)

    occurrence: Mapped[Occurrence] = relationship(lazy="joined")


class MinutesObjection(Base):
    __tablename__ = "minutes_objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id"), index=True)
    user_id: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InboundMail(Base):
    """A mail that came back to the organizer address (LMTP or IMAP), journaled in the
    transaction that applied it: a mail delivered twice is handled once. Only what became
    of it is kept — never its text, its sender or its address."""

    __tablename__ = "inbound_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The Message-ID (or a hash of the mail where it has none).
    key: Mapped[str] = mapped_column(String(400), unique=True)
    via: Mapped[str] = mapped_column(String(10))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: `commands.mail_replies.MailOutcome`: applied, or why not.
    outcome: Mapped[str] = mapped_column(String(30))
    #: The meeting it named, where it named one of the bot's.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), nullable=True,
                                                   index=True)


class Person(Base):
    """A stable pseudonym for a person, used where a record must outlive their data.

    The decision log names voters and recorders by pseudonym, so that erasing a person's data
    (`!member remove … purge=yes`) removes `user_id` here and leaves every hashed entry as it was.
    """

    __tablename__ = "people"

    pseudonym: Mapped[str] = mapped_column(String(40), primary_key=True)
    user_id: Mapped[str | None] = mapped_column(String(255), unique=True, nullable=True)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class SentReminder(Base):
    """A reminder that has been sent (with its message, in one transaction): never twice."""

    __tablename__ = "sent_reminders"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AgendaProposal(Base):
    """A matter for the next meeting's agenda, waiting for the meeting to be scheduled
    (e.g. a written procedure that met an objection)."""

    __tablename__ = "agenda_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    #: Where it came from: "circular" (a written procedure that failed), later "item", "member".
    source: Mapped[str] = mapped_column(String(20))
    poll_id: Mapped[int | None] = mapped_column(ForeignKey("polls.id"), nullable=True)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    proposed_by: Mapped[str] = mapped_column(String(255))
    #: The occurrence whose agenda took it up; None while it waits for the next meeting.
    taken_up_by: Mapped[int | None] = mapped_column(ForeignKey("occurrences.id"), nullable=True)


class Decision(Base):
    """An entry of a group's decision log. Never changed or deleted once written.

    `hash` covers every column that says what was decided (see `hashed_content`) and the
    previous entry's hash, so a change made behind the bot's back is found by verifying.
    """

    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("group_id", "year", "sequence"),
        # A group's log in log order: its count and newest entries (`!beschluss liste`) and
        # its chain without a sort. (PostgreSQL may still walk the primary key backwards for
        # the newest: bench/RESULTS.md.)
        Index("ix_decisions_group_id_id", "group_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())
    outcome: Mapped[Outcome] = mapped_column(_enum(Outcome))
    poll_id: Mapped[int | None] = mapped_column(
        ForeignKey("polls.id"), nullable=True, unique=True
    )
    #: Rule, quorum and tally as applied; None for a decision recorded without a poll.
    counting: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    #: For open votes, who voted how: [{"seat", "organisation", "voter", "answer"}, …].
    votes: Mapped[list[dict[str, str]] | None] = mapped_column(JSON, nullable=True)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), nullable=True)
    #: The report the decision cites (`report=R`): its number, title and file digest are
    #: part of the hashed entry.
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    #: The document a decision approves (a Niederschrift): its name and SHA-256, hashed with
    #: the entry, so the log holds which file was approved.
    document: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True),
                                                            nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(255))
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    @property
    def number(self) -> str:
        return format_number(self.year, self.sequence)

    def hashed_content(self, corrects_number: str | None) -> dict[str, Any]:
        return entry_content(
            group_id=self.group_id, number=self.number, text=self.text,
            decided_at=self.decided_at, outcome=self.outcome.value, poll_id=self.poll_id,
            counting=self.counting, votes=self.votes, corrects=corrects_number,
            recorded_by=self.recorded_by, report=self.report, document=self.document)
