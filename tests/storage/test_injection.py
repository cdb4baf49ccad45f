"""Members' texts that try to be markup: a title that ends its event and starts a forged one, a
location that adds an attendee, HTML and `@room` in names, Markdown headings and links, a
spreadsheet formula, a line break meant to add a mail header. Each arrives as the text it is —
in the .ics files, the feed, the replies' HTML, the minutes, the exports and the mails —
read back by independent parsers (vobject, markdown-it, csv, email)."""

from __future__ import annotations

import csv
import email
import io
from email import policy

import vobject
from markdown_it import MarkdownIt
from sqlalchemy import select

from commands.framework.context import CalendarSettings
from domain.imip import invitation_mail
from storage import Database
from storage.models import OutboxMessage, OutgoingMail
from tests.storage.test_feed_cache import SHARED, group_with_feeds

TITLE = "Sitzung\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Gefälscht;X-A=1,2\\"
LOCATION = "Raum 1\nATTENDEE:mailto:evil@example.org\n# Überschrift"
ORG = "<script>alert(1)</script> @room **fett**"
DECISION = "=HYPERLINK(1+1) [klick](javascript:alert(1))"


async def test_members_texts_stay_text_everywhere(database: Database) -> None:
    run, cache = await group_with_feeds(database)
    run.dispatcher.calendar = CalendarSettings(mail=True)  # as with [smtp] configured
    await run("@coord:x", "!mitglied hinzufügen @eva:x email=eva@stadt.example "
                          f"org=„{ORG}“")
    scheduled = await run("@coord:x", f'!termin ansetzen 5.12.2026 14:00 title="{TITLE}" '
                                      f'location="{LOCATION}"')
    assert "ist angesetzt" in scheduled, scheduled
    for command in (f"!beschluss erfassen {DECISION}", "!termin anwesend 2 @anna:x @eva:x",
                    "!termin niederschrift 2", "!beschluss exportieren csv",
                    "!beschluss exportieren markdown"):
        reply = await run("@coord:x", command)
        assert "nicht" not in reply.split("\n")[0] or "Beschluss" in reply, (command, reply)
    async with database.unit_of_work() as uow:
        outbox = (await uow.session.scalars(select(OutboxMessage))).all()
        mails = (await uow.session.scalars(select(OutgoingMail))).all()

    # Calendars: one event per meeting, the title and location as typed, no forged attendee.
    files = {m.content["body"]: m.attachment for m in outbox if m.attachment is not None}
    invitation = next(data for name, data in files.items() if name.endswith(".ics")
                      and b"Gef" in data)
    for calendar in (vobject.readOne(invitation.decode()),
                     vobject.readOne((await cache.feed(SHARED)).body.decode())):  # type: ignore[union-attr]
        events = calendar.vevent_list
        forged = [e for e in events if e.summary.value == "Gefälscht;X-A=1,2\\"]
        assert forged == []
        mine = [e for e in events if e.summary.value == TITLE]
        assert len(mine) == 1 and mine[0].location.value == LOCATION
        addresses = {a.value for e in events for a in e.contents.get("attendee", [])}
        assert "mailto:evil@example.org" not in addresses

    # Replies' HTML: markup escaped; `@room` never a mention of the room.
    for message in outbox:
        html = message.content.get("formatted_body", "")
        assert "<script>" not in html
        assert message.content.get("m.mentions", {}).get("room") is not True

    # Minutes and the Markdown export: no heading, link or HTML from a member's text.
    markdown = MarkdownIt("commonmark")
    for name, data in files.items():
        if not name.endswith(".md"):
            continue
        tokens = markdown.parse(data.decode())
        inline = [c for t in tokens if t.type == "inline" for c in (t.children or [])]
        assert not [c for c in inline if c.type in ("link_open", "html_inline", "strong_open")]
        assert not [t for t in tokens if t.type == "html_block"]
        headings = [tokens[i + 1].content for i, t in enumerate(tokens)
                    if t.type == "heading_open"]
        assert not [h for h in headings if "Überschrift" in h], headings
        assert not [h for h in headings if "Gefälscht" in h
                    and not h.startswith("Niederschrift: Sitzung END:VEVENT")], headings

    # The CSV export: the formula is text.
    table = next(data for name, data in files.items() if name.endswith(".csv"))
    rows = list(csv.reader(io.StringIO(table.decode("utf-8-sig")), delimiter=";"))
    texts = [row[2] for row in rows[1:]]
    assert f"'{DECISION}" in texts and not [t for t in texts if t.startswith("=")]

    # Mails: the title's line breaks make no headers.
    invitations = [m for m in mails if m.recipient == "eva@stadt.example"]
    assert invitations
    for mail in invitations:
        built = invitation_mail(sender="kimbot@stadt.example", recipient=mail.recipient,
                                subject=mail.subject, text=mail.text, calendar=mail.calendar,
                                method=mail.method, sent_at=mail.created_at)
        parsed = email.message_from_bytes(built.as_bytes(), policy=policy.default)
        assert parsed["Subject"].startswith("Einladung") and "\n" not in parsed["Subject"]
        assert sorted(parsed.keys()) == sorted(["From", "To", "Subject", "Date", "Message-ID",
                                                "MIME-Version", "Content-Type"])
