from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from bot.matrix.events import TextMessage
from bot.pipeline import OutboxEffects
from domain.group import GroupDefaults, GroupKind
from domain.roles import Role
from i18n import Rendered
from storage import Database

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


async def _group(db: Database, room: str = "!r:x") -> int:
    async with db.unit_of_work() as uow:
        group = await uow.groups.create(room, "Lenkungsgruppe", GroupKind.STEERING,
                                        created_by="@c:x", now=NOW, defaults=GroupDefaults())
        return group.id


async def test_group_roundtrip_keeps_enums_and_aware_times(database: Database) -> None:
    await _group(database)
    async with database.unit_of_work() as uow:
        group = await uow.groups.by_room("!r:x")
        assert group is not None
        assert group.kind is GroupKind.STEERING
        assert group.created_at == NOW and group.created_at.tzinfo is not None


async def test_one_group_per_room(database: Database) -> None:
    await _group(database)
    with pytest.raises(IntegrityError):
        await _group(database)


async def test_removed_member_keeps_row_and_is_taken_up_again(database: Database) -> None:
    await _group(database)
    async with database.unit_of_work() as uow:
        group = await uow.groups.by_room("!r:x")
        assert group is not None
        member = await uow.members.add(
            group, "@a:x", organisation="Jobcenter", role=Role.MEMBER, voting=None, email=None,
            deputy_of=None, deputy_rank=0, added_by="@c:x", now=NOW)
        first_id = member.id
        await uow.members.remove(member, NOW + timedelta(days=1))
    async with database.unit_of_work() as uow:
        group = await uow.groups.by_room("!r:x")
        assert group is not None
        assert await uow.members.active(group) == []
        removed = await uow.members.find(group, "@a:x")
        assert removed is not None and removed.removed_at == NOW + timedelta(days=1)
        again = await uow.members.add(
            group, "@a:x", organisation="Sozialamt", role=Role.ADVISOR, voting=None, email=None,
            deputy_of=None, deputy_rank=0, added_by="@c:x", now=NOW + timedelta(days=2))
        assert again.id == first_id and again.active and again.organisation == "Sozialamt"


async def test_deputies_in_rank_order(database: Database) -> None:
    await _group(database)
    async with database.unit_of_work() as uow:
        group = await uow.groups.by_room("!r:x")
        assert group is not None
        principal = await uow.members.add(
            group, "@p:x", organisation="Jobcenter", role=Role.MEMBER, voting=None, email=None,
            deputy_of=None, deputy_rank=0, added_by="@c:x", now=NOW)
        for rank, user in [(1, "@d2:x"), (0, "@d1:x")]:
            await uow.members.add(
                group, user, organisation="Jobcenter", role=Role.MEMBER, voting=None,
                email=None, deputy_of=principal, deputy_rank=rank, added_by="@c:x", now=NOW)
    async with database.unit_of_work() as uow:
        group = await uow.groups.by_room("!r:x")
        assert group is not None
        principal = await uow.members.find(group, "@p:x")
        assert principal is not None
        assert [d.user_id for d in await uow.members.deputies_of(principal)] == ["@d1:x", "@d2:x"]
        deputy = await uow.members.find(group, "@d2:x")
        assert deputy is not None and deputy.deputy_of is not None
        assert deputy.deputy_of.user_id == "@p:x"


async def test_active_members_and_the_sender_know_their_principals(database: Database) -> None:
    """The flat reads on the reply path (`active`, `with_member`) set each deputy's principal
    from what they read — also a principal no longer among the active members, read apart."""
    await _group(database)
    async with database.unit_of_work() as uow:
        group = await uow.groups.by_room("!r:x")
        assert group is not None
        add = uow.members.add
        principal = await add(group, "@p:x", organisation="Jobcenter", role=Role.MEMBER,
                              voting=None, email=None, deputy_of=None, deputy_rank=0,
                              added_by="@c:x", now=NOW)
        gone = await add(group, "@g:x", organisation="Caritas", role=Role.MEMBER, voting=None,
                         email=None, deputy_of=None, deputy_rank=0, added_by="@c:x", now=NOW)
        for user, of in [("@d:x", principal), ("@e:x", gone)]:
            await add(group, user, organisation=of.organisation, role=Role.MEMBER, voting=None,
                      email=None, deputy_of=of, deputy_rank=0, added_by="@c:x", now=NOW)
        gone.removed_at = NOW  # as an older version or a hand-edited database may leave it
    async with database.unit_of_work() as uow:
        group, sender = await uow.groups.with_member("!r:x", "@e:x")
        assert group is not None and sender is not None
        assert sender.deputy_of is not None and sender.deputy_of.user_id == "@g:x"
        principals = {m.user_id: m.deputy_of.user_id if m.deputy_of else None
                      for m in await uow.members.active(group)}
        assert principals == {"@p:x": None, "@d:x": "@p:x", "@e:x": "@g:x"}
    async with database.unit_of_work() as uow:
        group = await uow.groups.by_room("!r:x")
        assert group is not None
        principals = {m.user_id: m.deputy_of.user_id if m.deputy_of else None
                      for m in await uow.members.active(group)}
        assert principals == {"@p:x": None, "@d:x": "@p:x", "@e:x": "@g:x"}
        _, principal_as_sender = await uow.groups.with_member("!r:x", "@p:x")
        assert principal_as_sender is not None and principal_as_sender.deputy_of is None


async def test_journal_outbox_and_sync_position(database: Database) -> None:
    async with database.unit_of_work() as uow:
        assert not await uow.journal.seen("$1")
        await uow.journal.claim("$1", "!r:x", "message", NOW, NOW)
        await uow.outbox.enqueue("txn-1", "!r:x", "m.room.message", {"body": "ä"}, NOW)
        await uow.outbox.enqueue("txn-1", "!r:x", "m.room.message", {"body": "again"}, NOW)
        await uow.sync.set("s1", NOW)
        await uow.sync.set("s2", NOW)
    async with database.unit_of_work() as uow:
        assert await uow.journal.seen("$1")
        pending = await uow.outbox.pending()
        assert [(m.txn_id, m.content) for m in pending] == [("txn-1", {"body": "ä"})]
        await uow.outbox.mark_sent_many([(pending[0].txn_id, "$sent", NOW)])
        assert await uow.sync.get() == "s2"
    async with database.unit_of_work() as uow:
        assert await uow.outbox.pending() == []
        sent = await uow.outbox.by_txn("txn-1")
        assert sent is not None and (sent.sent_event_id, sent.attempts) == ("$sent", 1)
        assert await uow.journal.prune(NOW + timedelta(seconds=1)) == 1
        assert not await uow.journal.seen("$1")


async def test_marking_many_sent_wipes_secrets_and_files(database: Database) -> None:
    async with database.unit_of_work() as uow:
        await uow.outbox.enqueue("plain", "!r:x", "m.room.message", {"body": "Antwort"}, NOW,
                                 attachment=b"BEGIN:VCALENDAR")
        await uow.outbox.enqueue("secret", None, "m.room.message", {"body": "https://…/t.ics"},
                                 NOW, to_user="@anna:x", scrub=True)
        await uow.outbox.mark_sent_many([("plain", "$1", NOW), ("secret", "$2", NOW)])
    async with database.unit_of_work() as uow:
        plain, secret = await uow.outbox.by_txn("plain"), await uow.outbox.by_txn("secret")
        assert plain is not None and secret is not None
        assert (plain.content, plain.attachment, plain.sent_event_id) == (
            {"body": "Antwort"}, None, "$1")
        assert (secret.content, secret.sent_event_id) == ({"scrubbed": True}, "$2")
        assert await uow.outbox.pending() == []


async def test_a_failed_unit_of_work_leaves_nothing(database: Database) -> None:
    with pytest.raises(RuntimeError):
        async with database.unit_of_work() as uow:
            await uow.journal.claim("$x", "!r:x", "message", NOW, NOW)
            raise RuntimeError("crash in the middle")
    async with database.unit_of_work() as uow:
        assert not await uow.journal.seen("$x")


async def test_an_answer_to_a_command_replies_to_it_and_mentions_no_one(
    database: Database,
) -> None:
    command = TextMessage(room_id="!r:x", event_id="$cmd", sender="@anna:x", timestamp=NOW,
                          body="!hilfe")
    async with database.unit_of_work() as uow:
        await OutboxEffects(uow, command.event_id, lambda: NOW, command).reply(
            Rendered("Befehle …", "<b>Befehle</b> …"))
    async with database.unit_of_work() as uow:
        [answer] = await uow.outbox.pending()
    assert answer.room_id == "!r:x"
    assert answer.content["m.relates_to"] == {"m.in_reply_to": {"event_id": "$cmd"}}
    assert answer.content["m.mentions"] == {}


async def test_a_mail_to_many_is_queued_once_per_key(database: Database) -> None:
    """An invitation to the whole group queues one mail per address, and queuing it again
    (the command handled a second time after a crash) adds none."""
    invited = {f"invitation:{n}@stadt.example": f"{n}@stadt.example" for n in range(40)}
    long_key = "invitation:" + "x" * 500
    async with database.unit_of_work() as uow:
        await uow.mail.queue("invitation:0@stadt.example", "0@stadt.example", "Einladung",
                             "früher", NOW)
    for _ in range(2):
        async with database.unit_of_work() as uow:
            await uow.mail.queue_to({**invited, long_key: "lang@stadt.example"}, "Einladung",
                                    "Text", NOW, calendar=b"BEGIN:VCALENDAR", method="REQUEST",
                                    meeting_id=None)
    async with database.unit_of_work() as uow:
        queued = await uow.mail.due(NOW, limit=100)
        await uow.mail.queue_to({}, "Einladung", "Text", NOW)
    assert sorted(mail.recipient for mail in queued) == sorted(
        [*invited.values(), "lang@stadt.example"])
    first = next(mail for mail in queued if mail.recipient == "0@stadt.example")
    assert first.text == "früher", "a key already queued keeps its mail"
    assert {mail.text for mail in queued if mail is not first} == {"Text"}
    assert all(mail.calendar == b"BEGIN:VCALENDAR" for mail in queued if mail is not first)


async def test_the_backlogs_count_what_waits_and_since_when(database: Database) -> None:
    """What `/metrics` reports for both queues: neither sent nor given up, oldest first."""
    async with database.unit_of_work() as uow:
        assert await uow.outbox.backlog() == (0, None)
        assert await uow.mail.backlog() == (0, None)
        for minutes, txn in ((30, "sent"), (20, "waiting"), (10, "given-up"), (5, "newest")):
            await uow.outbox.enqueue(txn, "!r:x", "m.room.message", {"body": txn},
                                     NOW - timedelta(minutes=minutes))
            await uow.mail.queue(txn, "a@stadt.example", "Einladung", txn,
                                 NOW - timedelta(minutes=minutes))
        await uow.outbox.mark_sent_many([("sent", "$1", NOW)])
        await uow.outbox.mark_attempt("given-up", give_up=True)
        mails = {mail.key: mail.id for mail in await uow.mail.due(NOW)}
        await uow.mail.delivered(mails["sent"], NOW)
        await uow.mail.attempt_failed(mails["given-up"], "550", retry_at=NOW, give_up=True)
    async with database.unit_of_work() as uow:
        waiting_since = NOW - timedelta(minutes=20)
        assert await uow.outbox.backlog() == (2, waiting_since)
        assert await uow.mail.backlog() == (2, waiting_since)
        assert (await uow.outbox.backlog())[1].tzinfo is not None, "aware, on SQLite too"
