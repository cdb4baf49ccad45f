"""Invitation mails: a mail sent again is recognisably the same mail."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.imip import invitation_mail

CALENDAR = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def mail(queued_as: str | None) -> str:
    built = invitation_mail(sender="kimbot@stadt.example", recipient="weber@stadt.example",
                            subject="Einladung", text="Guten Tag", calendar=CALENDAR,
                            method="REQUEST", sent_at=datetime(2026, 12, 1, tzinfo=UTC),
                            queued_as=queued_as)
    return str(built["Message-ID"])


def test_a_queued_mail_keeps_its_message_id_however_often_it_is_sent() -> None:
    first = mail("kimbot.mail.7.20261201080000")
    assert first == mail("kimbot.mail.7.20261201080000")
    assert first == "<kimbot.mail.7.20261201080000@stadt.example>"
    assert first != mail("kimbot.mail.8.20261201080000")


def test_a_mail_without_a_queue_entry_gets_a_fresh_message_id() -> None:
    assert mail(None) != mail(None)


def test_a_mail_without_calendar_is_plain_text() -> None:
    built = invitation_mail(sender="kimbot@stadt.example", recipient="weber@stadt.example",
                            subject="Erinnerung", text="Morgen um 14 Uhr.", calendar=b"",
                            method="", sent_at=datetime(2026, 12, 1, tzinfo=UTC))
    assert built.get_content_type() == "text/plain"
    assert built.get_content().strip() == "Morgen um 14 Uhr."
