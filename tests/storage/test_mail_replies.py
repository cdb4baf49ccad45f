"""Calendar replies by email applied on SQLite and PostgreSQL, as the four calendar programs
write them: an answer counts as a reaction would, once, and only when it can be trusted. And
members' names, which answers, invitations and calendars show instead of Matrix ids."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import vobject
from sqlalchemy import func, select

from bot.pipeline import OutboxEffects
from commands import build_command_tree
from commands.framework import CommandDispatcher
from commands.framework.context import CalendarSettings
from commands.mail_replies import MailInSettings, handle_mail
from domain.group import GroupDefaults
from domain.itip import MailOutcome, read_mail
from storage import Database
from storage.models import InboundMail, Meeting, OutboxMessage, OutgoingMail, RsvpRecord
from tests.support.commands import ROOM, Runner
from tests.support.itip_mail import BERLIN, CLIENTS, outlook

ORGANIZER = "kimbot@stadt.example"
CALENDAR = CalendarSettings(organizer=f"mailto:{ORGANIZER}", organizer_name="kimbot",
                            mail=True)
ANNA = "anna.weber@jobcenter.example"
BEN = "ben.kurz@jobcenter.example"


class MailRunner(Runner):
    """Commands with invitations by mail, and mails coming back."""

    def __init__(self, database: Database) -> None:
        super().__init__(database)
        self.dispatcher = CommandDispatcher(build_command_tree(), prefix="!",
                                            defaults=GroupDefaults(), clock=lambda: self.now,
                                            calendar=CALENDAR)
        self.settings = MailInSettings(calendar=CALENDAR)

    async def deliver_invitations(self) -> None:
        """What the mailer does once the mail server took them."""
        async with self.database.unit_of_work() as uow:
            for mail in await uow.mail.due(self.now, limit=1000):
                await uow.mail.delivered(mail.id, self.now)

    async def mail(self, raw: bytes, *, via: str = "lmtp") -> MailOutcome | None:
        async with self.database.unit_of_work() as uow:
            mail = read_mail(raw)
            effects = OutboxEffects(uow, f"mail:{mail.key}", lambda: self.now)
            return await handle_mail(uow, effects, mail, via=via, now=self.now,
                                     settings=self.settings)

    async def sent_mail(self) -> list[OutgoingMail]:
        async with self.database.unit_of_work() as uow:
            return list((await uow.session.scalars(
                select(OutgoingMail).order_by(OutgoingMail.id))).all())

    async def meeting_uid(self, number: int = 1) -> str:
        async with self.database.unit_of_work() as uow:
            uid = await uow.session.scalar(select(Meeting.uid).where(Meeting.number == number))
            assert uid is not None
            return uid

    async def answers(self) -> list[tuple[str, str, str, str | None]]:
        async with self.database.unit_of_work() as uow:
            rows = (await uow.session.scalars(select(RsvpRecord).order_by(RsvpRecord.id))).all()
            return [(r.user_id, r.answer.value, r.via, r.comment) for r in rows]

    async def room_lines(self) -> list[str]:
        async with self.database.unit_of_work() as uow:
            rows = (await uow.session.scalars(select(OutboxMessage).where(
                OutboxMessage.room_id == ROOM).order_by(OutboxMessage.id))).all()
            return [r.content["body"] for r in rows]


async def group_with_addresses(run: MailRunner) -> None:
    await run("@coord:x", "!setup Lenkungsgruppe")
    await run("@coord:x", f"!member add @anna:x org=Jobcenter email={ANNA}")
    await run("@coord:x", f"!member add @ben:x org=Jobcenter deputy-of=@anna:x email={BEN}")
    await run("@coord:x", "!member add @carla:x org=Sozialamt email=carla@stadt.example")


async def meeting_mailed(run: MailRunner,
                         command: str = "!termin ansetzen 10.12.2026 14:00") -> str:
    """The group, a meeting, its invitations delivered; the meeting's UID."""
    await group_with_addresses(run)
    await run("@coord:x", command)
    await run.deliver_invitations()
    return await run.meeting_uid()


def reply(client: str, uid: str, partstat: str, *, attendee: str = ANNA,
          stamp: datetime | None = None, **extra: object) -> bytes:
    return CLIENTS[client](uid=uid, attendee=attendee, name="Dr. Anna Weber",
                           partstat=partstat, stamp=stamp or datetime(2026, 11, 25, 11, 0,
                                                                      tzinfo=UTC),
                           organizer=ORGANIZER, **extra)


@pytest.mark.parametrize("client", sorted(CLIENTS))
async def test_a_reply_answers_as_a_reaction_would(database: Database, client: str) -> None:
    run = MailRunner(database)
    uid = await meeting_mailed(run)

    outcome = await run.mail(reply(client, uid, "ACCEPTED", comment="Komme etwas später"))
    assert outcome is MailOutcome.APPLIED
    assert await run.answers() == [("@anna:x", "yes", "email", "Komme etwas später")]
    [line] = [b for b in await run.room_lines() if "über den Kalender" in b]
    assert line == ("@anna:x (Jobcenter) hat über den Kalender zugesagt: Termin Nr. 1, "
                    "Donnerstag, 10. Dezember 2026, 14:00–15:30 Uhr.")
    attendance = await run("@coord:x", "!termin teilnahme 1")
    assert "Jobcenter: @anna:x – Zusage („Komme etwas später“)" in attendance
    assert "1 von 2 Stimmen zugesagt" in attendance
    shown = await run("@coord:x", "!termin zeigen 1")
    assert "Antworten per E-Mail: 1 übernommen." in shown


async def test_the_same_mail_twice_applies_once(database: Database) -> None:
    run = MailRunner(database)
    raw = reply("thunderbird", await meeting_mailed(run), "DECLINED")
    assert await run.mail(raw) is MailOutcome.APPLIED
    assert await run.mail(raw, via="imap") is None
    assert await run.answers() == [("@anna:x", "no", "email", None)]
    asks = [b for b in await run.room_lines() if "Können Sie den Sitz vertreten" in b]
    assert len(asks) == 1, "the deputy is asked once"


async def test_the_latest_answer_wins_by_its_stamp(database: Database) -> None:
    run = MailRunner(database)
    uid = await meeting_mailed(run)
    early, late = (datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
                   datetime(2026, 11, 25, 9, 30, tzinfo=UTC))
    assert await run.mail(reply("outlook", uid, "ACCEPTED", stamp=late)) is MailOutcome.APPLIED
    # The earlier answer arrives later (a mail queue somewhere): it does not count.
    assert await run.mail(reply("google", uid, "DECLINED", stamp=early)) \
        is MailOutcome.SUPERSEDED
    assert "Jobcenter: @anna:x – Zusage" in await run("@coord:x", "!termin teilnahme 1")
    # A reaction after the mail's moment replaces it, as any later answer would.
    run.now += timedelta(minutes=5)
    await run("@anna:x", "!zusage 1 vielleicht")
    assert "Jobcenter: @anna:x – vielleicht" in await run("@coord:x", "!termin teilnahme 1")


async def test_one_date_of_a_series_and_the_whole_series(database: Database) -> None:
    run = MailRunner(database)
    uid = await meeting_mailed(run, "!termin ansetzen 10.12.2026 14:00 repeat=monthly "
                                    "until=10.3.2027")
    january = datetime(2027, 1, 10, 14, 0, tzinfo=BERLIN)
    assert await run.mail(reply("outlook", uid, "DECLINED", date=january)) \
        is MailOutcome.APPLIED
    assert "@anna:x – Absage" in await run("@coord:x", "!termin teilnahme 1 on=10.1.2027")
    assert "@anna:x – keine Antwort" in await run("@coord:x",
                                                   "!termin teilnahme 1 on=10.12.2026")
    # Carla accepts the whole series from Apple Calendar: every date still to come.
    whole = reply("apple", uid, "ACCEPTED", attendee="carla@stadt.example",
                  typed_as="Carla@Stadt.example")
    assert await run.mail(whole) is MailOutcome.APPLIED
    for day in ("10.12.2026", "10.1.2027", "10.3.2027"):
        assert "@carla:x – Zusage" in await run("@coord:x", f"!termin teilnahme 1 on={day}")
    [line] = [b for b in await run.room_lines() if "@carla:x (Sozialamt)" in b]
    assert "(und 3 weitere Termine der Serie)" in line
    not_a_date = datetime(2027, 1, 11, 14, 0, tzinfo=BERLIN)
    assert await run.mail(reply("thunderbird", uid, "ACCEPTED", date=not_a_date,
                                stamp=datetime(2026, 11, 25, 12, 0, tzinfo=UTC))) \
        is MailOutcome.UNKNOWN_DATE


async def test_what_cannot_be_trusted_is_not_applied_and_is_counted(database: Database) -> None:
    run = MailRunner(database)
    uid = await meeting_mailed(run)
    stamps = iter(datetime(2026, 11, 25, 9, n, tzinfo=UTC) for n in range(30))

    def mail(**kwargs: object) -> bytes:
        kwargs.setdefault("attendee", ANNA)
        return outlook(uid=kwargs.pop("uid", uid), name="X", stamp=next(stamps),
                       organizer=ORGANIZER, **kwargs)  # type: ignore[arg-type]

    forged = mail(partstat="ACCEPTED", sender="mallory@evil.example")
    assert await run.mail(forged) is MailOutcome.SENDER_MISMATCH
    stranger = mail(partstat="ACCEPTED", attendee="someone@else.example")
    assert await run.mail(stranger) is MailOutcome.UNKNOWN_ATTENDEE
    unknown = mail(partstat="ACCEPTED", uid="not-ours@elsewhere")
    assert await run.mail(unknown) is MailOutcome.UNKNOWN_MEETING
    request = mail(partstat="ACCEPTED", method="REQUEST")
    assert await run.mail(request) is MailOutcome.NOT_AN_ANSWER
    plain = b"From: anna.weber@jobcenter.example\r\nMessage-ID: <p@x>\r\n\r\nDanke!\r\n"
    assert await run.mail(plain) is MailOutcome.NO_CALENDAR
    assert await run.answers() == []
    # Moved: SEQUENCE 1. A reply to the first invitation (SEQUENCE 0) is noted, not taken.
    await run("@coord:x", "!termin verlegen 1 11.12.2026 10:00")
    await run.deliver_invitations()
    assert await run.mail(mail(partstat="DECLINED", sequence=0)) is MailOutcome.STALE
    assert await run.answers() == []
    shown = await run("@coord:x", "!termin zeigen 1")
    assert "1 Antworten per E-Mail zu einer älteren Fassung der Einladung nicht übernommen." \
        in shown
    # The forged sender's and the stranger's; the rest name no meeting of the group.
    assert "2 Antworten per E-Mail nicht zugeordnet." in shown
    async with database.unit_of_work() as uow:
        assert await uow.session.scalar(select(func.count(InboundMail.id))) == 6
    # Cancelled meanwhile: an answer to it is noted, not taken (and not "nicht zugeordnet").
    await run("@coord:x", "!termin absagen 1 Krankheit")
    assert await run.mail(mail(partstat="ACCEPTED", sequence=2)) is MailOutcome.CANCELLED
    assert await run.answers() == []
    assert "2 Antworten per E-Mail nicht zugeordnet." in await run("@coord:x",
                                                                 "!termin zeigen 1")


async def test_an_address_the_invitation_did_not_go_to_is_not_believed(
    database: Database
) -> None:
    run = MailRunner(database)
    await group_with_addresses(run)
    await run("@coord:x", "!termin ansetzen 10.12.2026 14:00")
    # Invitations still waiting for the mail server: nothing was sent to anyone yet.
    uid = await run.meeting_uid()
    assert await run.mail(reply("google", uid, "ACCEPTED")) is MailOutcome.NOT_SENT_THERE


async def test_authentication_results_when_the_operator_asks_for_them(
    database: Database
) -> None:
    run = MailRunner(database)
    run.settings = MailInSettings(calendar=CALENDAR, require_authentication=True)
    uid = await meeting_mailed(run)
    unsigned = reply("outlook", uid, "ACCEPTED")
    assert await run.mail(unsigned) is MailOutcome.UNAUTHENTICATED
    signed = reply("outlook", uid, "ACCEPTED", message_id="<signed@x>", extra_headers={
        "Authentication-Results": "mx.stadt.example; dkim=pass header.d=jobcenter.example"})
    assert await run.mail(signed) is MailOutcome.APPLIED


async def test_delegation_counter_and_refresh(database: Database) -> None:
    run = MailRunner(database)
    uid = await meeting_mailed(run)
    delegated = reply("outlook", uid, "DELEGATED", delegated_to=BEN)
    assert await run.mail(delegated) is MailOutcome.APPLIED
    lines = await run.room_lines()
    assert any("@anna:x (Jobcenter) hat über den Kalender abgesagt" in b for b in lines)
    assert any("Können Sie den Sitz vertreten" in b and "@ben:x" in b for b in lines)

    proposal = outlook(uid=uid, attendee="carla@stadt.example", name="Carla",
                       partstat="TENTATIVE", method="COUNTER",
                       stamp=datetime(2026, 11, 25, 11, 5, tzinfo=UTC), organizer=ORGANIZER,
                       proposed=(datetime(2026, 12, 11, 9, 0, tzinfo=BERLIN),
                                 datetime(2026, 12, 11, 10, 30, tzinfo=BERLIN)),
                       comment="Am Donnerstag bin ich im Kreistag.")
    assert await run.mail(proposal) is MailOutcome.COUNTER
    [counter] = [b for b in await run.room_lines() if "schlägt" in b]
    assert "@carla:x (Sozialamt) schlägt für Termin Nr. 1" in counter
    assert "Freitag, 11. Dezember 2026, 09:00 Uhr" in counter
    assert "Am Donnerstag bin ich im Kreistag." in counter
    assert "Zum Verlegen: !termin verlegen 1 11.12.2026 09:00" in counter
    assert "@carla:x – keine Antwort" in await run("@coord:x", "!termin teilnahme 1")

    async with database.unit_of_work() as uow:
        before = await uow.session.scalar(select(func.count(OutgoingMail.id)))
    refresh = outlook(uid=uid, attendee=BEN, name="Ben", partstat="NEEDS-ACTION",
                      method="REFRESH", stamp=datetime(2026, 11, 25, 11, 10, tzinfo=UTC),
                      organizer=ORGANIZER)
    assert await run.mail(refresh) is MailOutcome.REFRESH
    async with database.unit_of_work() as uow:
        mails = (await uow.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id))).all()
    assert len(mails) == before + 1
    assert mails[-1].recipient == BEN and mails[-1].method == "REQUEST"
    assert b"UID:" + uid.encode() in mails[-1].calendar.replace(b"\r\n ", b"")


async def test_names_in_answers_and_in_the_calendar(database: Database) -> None:
    run = MailRunner(database)
    await group_with_addresses(run)
    changed = await run("@coord:x", '!mitglied ändern @anna:x name="Dr. Anna Weber"')
    assert "Name: Dr. Anna Weber" in changed
    assert "• Jobcenter: Dr. Anna Weber – Mitglied, Sitz" in await run("@coord:x",
                                                                       "!mitglied liste")
    shown = await run("@coord:x", "!mitglied zeigen @anna:x")
    assert shown.startswith("Dr. Anna Weber\nMatrix-ID: @anna:x\n")
    await run("@coord:x", "!termin ansetzen 10.12.2026 14:00")
    invitation = next(m for m in await run.sent_mail() if m.recipient == ANNA)
    event = vobject.readOne(invitation.calendar.decode()).vevent
    attendees = {a.value: a.params["CN"][0] for a in event.attendee_list}
    assert attendees[f"mailto:{ANNA}"] == "Dr. Anna Weber"
    assert attendees["mailto:carla@stadt.example"] == "@carla:x"  # no name known: the id
    assert event.organizer.value == f"mailto:{ORGANIZER}"
    await run.deliver_invitations()
    await run.mail(reply("outlook", await run.meeting_uid(), "ACCEPTED"))
    assert any(b.startswith("Dr. Anna Weber (Jobcenter) hat über den Kalender zugesagt")
               for b in await run.room_lines())
    assert "Jobcenter: Dr. Anna Weber – Zusage" in await run("@coord:x", "!termin teilnahme 1")
    await run("@coord:x", '!mitglied ändern @ben:x name="Ben Kurz"')
    run.now += timedelta(hours=1)
    await run("@anna:x", "!zusage 1 nein")
    [asked] = [b for b in await run.room_lines() if "Können Sie den Sitz vertreten" in b]
    assert "Ben Kurz" in asked and "Dr. Anna Weber" in asked, asked
    await run("@coord:x", "!mitglied ändern @anna:x name=-")
    assert "• Jobcenter: @anna:x – Mitglied, Sitz" in await run("@coord:x", "!mitglied liste")
