"""Calendar replies written the way four calendar programs write them, for any meeting.

Each builder shapes the mail and its calendar after what the program is known to send (the
quirks are the point; the texts are ours): Outlook/Exchange — `multipart/alternative`
with text, HTML and an inline `text/calendar` in base64, `MAILTO:` in capitals, a Windows
zone name with its own VTIMEZONE, `COMMENT;LANGUAGE=de-DE`; Thunderbird — the calendar
inline (8bit) and again as an `invite.ics` attachment, `mailto:` and `Europe/Berlin`;
Apple Calendar — quoted-printable, a quoted CN, the address again in `EMAIL=`, and the
`mailto:` in the case the person once typed it; Google Calendar — times in UTC, a
`RECURRENCE-ID` in UTC too, `X-NUM-GUESTS`, the calendar inline in 7bit and as an
`application/ics` attachment.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from email import charset as email_charset
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import SMTP
from email.utils import format_datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")

WINDOWS_BERLIN = (
    "BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nBEGIN:STANDARD\r\n"
    "DTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
    "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r\n"
    "END:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
)
OLSON_BERLIN = (
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\n"
    "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
)

SUBJECTS = {"ACCEPTED": "Zugesagt", "DECLINED": "Abgelehnt", "TENTATIVE": "Mit Vorbehalt",
            "DELEGATED": "Delegiert"}


def fold(text: str) -> str:
    """Content lines folded at 75 octets, as RFC 5545 asks (and Outlook does mid-word)."""
    out = []
    for line in text.split("\r\n"):
        encoded = line.encode()
        while len(encoded) > 75:
            cut = 75
            while cut and (encoded[cut] & 0xC0) == 0x80:
                cut -= 1  # never inside a UTF-8 character
            out.append(encoded[:cut].decode())
            encoded = b" " + encoded[cut:]
        out.append(encoded.decode())
    return "\r\n".join(out)


def _local(moment: datetime) -> str:
    return moment.astimezone(BERLIN).strftime("%Y%m%dT%H%M%S")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def outlook(*, uid: str, attendee: str, name: str, partstat: str, stamp: datetime,
            sequence: int = 0, date: datetime | None = None, comment: str | None = None,
            organizer: str, summary: str = "Sitzung", method: str = "REPLY",
            delegated_to: str | None = None, sender: str | None = None,
            message_id: str | None = None, extra_headers: dict[str, str] | None = None,
            proposed: tuple[datetime, datetime] | None = None) -> bytes:
    lines = ["BEGIN:VCALENDAR", f"METHOD:{method}", "PRODID:Microsoft Exchange Server 2010",
             "VERSION:2.0", WINDOWS_BERLIN.rstrip("\r\n"), "BEGIN:VEVENT"]
    delegation = f";DELEGATED-TO=\"MAILTO:{delegated_to}\"" if delegated_to else ""
    lines.append(f"ATTENDEE;PARTSTAT={partstat}{delegation};CN={name}:MAILTO:{attendee}")
    if comment:
        lines.append(f"COMMENT;LANGUAGE=de-DE:{comment}")
    lines += [f"SUMMARY;LANGUAGE=de-DE:{SUBJECTS.get(partstat, 'Antwort')}: {summary}"]
    if proposed:
        lines += [f"DTSTART;TZID=W. Europe Standard Time:{_local(proposed[0])}",
                  f"DTEND;TZID=W. Europe Standard Time:{_local(proposed[1])}"]
    if date is not None:
        lines.append(f"RECURRENCE-ID;TZID=W. Europe Standard Time:{_local(date)}")
    lines += [f"UID:{uid}", "CLASS:PUBLIC", "PRIORITY:5", f"DTSTAMP:{_utc(stamp)}",
              "TRANSP:OPAQUE", f"SEQUENCE:{sequence}", "LOCATION:",
              "X-MICROSOFT-CDO-APPT-SEQUENCE:" + str(sequence),
              "X-MICROSOFT-CDO-OWNERAPPTID:-1234567", "END:VEVENT", "END:VCALENDAR", ""]
    calendar = fold("\r\n".join(lines))
    mail = MIMEMultipart("alternative")
    mail.attach(MIMEText(f"{SUBJECTS.get(partstat, 'Antwort')}: {summary}\n\n{comment or ''}",
                         "plain", "utf-8"))
    mail.attach(MIMEText(f"<html><body><p>{comment or ''}</p></body></html>", "html", "utf-8"))
    part = MIMEText(calendar, "calendar", "utf-8")  # base64, as Exchange sends it
    part.set_param("method", method)
    mail.attach(part)
    return _headers(mail, sender or attendee, organizer, f"{SUBJECTS.get(partstat, '')}: "
                    f"{summary}", stamp, message_id or f"<{uid[:8]}.{_utc(stamp)}@EXCH01.stadt>",
                    extra_headers, name=name)


def thunderbird(*, uid: str, attendee: str, name: str, partstat: str, stamp: datetime,
                sequence: int = 0, date: datetime | None = None, comment: str | None = None,
                organizer: str, summary: str = "Sitzung", sender: str | None = None,
                message_id: str | None = None,
                extra_headers: dict[str, str] | None = None) -> bytes:
    lines = ["BEGIN:VCALENDAR", "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN",
             "VERSION:2.0", "METHOD:REPLY", OLSON_BERLIN.rstrip("\r\n"), "BEGIN:VEVENT",
             "CREATED:20261130T090000Z", "LAST-MODIFIED:" + _utc(stamp),
             f"DTSTAMP:{_utc(stamp)}", f"UID:{uid}", f"SUMMARY:{summary}",
             f"ORGANIZER;CN=kimbot:mailto:{organizer}",
             f"ATTENDEE;CN={name};PARTSTAT={partstat};ROLE=REQ-PARTICIPANT;"
             f"RSVP=TRUE:mailto:{attendee}"]
    if date is not None:
        lines.append(f"RECURRENCE-ID;TZID=Europe/Berlin:{_local(date)}")
    if comment:
        lines.append(f"COMMENT:{comment}")
    lines += [f"SEQUENCE:{sequence}", "X-MOZ-RECEIVED-SEQUENCE:" + str(sequence),
              "X-MOZ-RECEIVED-DTSTAMP:" + _utc(stamp), "END:VEVENT", "END:VCALENDAR", ""]
    calendar = fold("\r\n".join(lines))
    mail = MIMEMultipart("mixed")
    mail.attach(MIMEText(f"{name} hat die Einladung zu „{summary}“ beantwortet.", "plain",
                         _unencoded()))
    _inline_and_attached(mail, mail, calendar)
    return _headers(mail, sender or attendee, organizer,
                    f"{SUBJECTS[partstat]}: {summary}", stamp,
                    message_id or f"<{uid[:6]}-{_utc(stamp)}@thunderbird.invalid>",
                    extra_headers, name=name)


def apple(*, uid: str, attendee: str, name: str, partstat: str, stamp: datetime,
          sequence: int = 0, date: datetime | None = None, comment: str | None = None,
          organizer: str, summary: str = "Sitzung", sender: str | None = None,
          message_id: str | None = None, typed_as: str | None = None,
          extra_headers: dict[str, str] | None = None) -> bytes:
    shown = typed_as or attendee  # the address as the person once typed it
    lines = ["BEGIN:VCALENDAR", "METHOD:REPLY", "VERSION:2.0",
             "PRODID:-//Apple Inc.//macOS 15.1//EN", "CALSCALE:GREGORIAN",
             OLSON_BERLIN.rstrip("\r\n"), "BEGIN:VEVENT",
             f"ATTENDEE;CN=\"{name}\";CUTYPE=INDIVIDUAL;EMAIL=\"{shown}\";"
             f"PARTSTAT={partstat}:mailto:{shown}",
             f"DTSTAMP:{_utc(stamp)}", f"SEQUENCE:{sequence}", f"SUMMARY:{summary}",
             f"UID:{uid}", f"ORGANIZER;CN=\"kimbot\":mailto:{organizer}"]
    if date is not None:
        lines.append(f"RECURRENCE-ID;TZID=Europe/Berlin:{_local(date)}")
    if comment:
        lines.append(f"COMMENT:{comment}")
    lines += ["X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC", "END:VEVENT", "END:VCALENDAR", ""]
    calendar = fold("\r\n".join(lines))
    mail = MIMEMultipart("mixed")
    mail.attach(MIMEText("", "plain", _quoted_printable()))
    part = MIMEText(calendar, "calendar", _quoted_printable())
    part.set_param("method", "REPLY")
    part.set_param("name", "iCal-20261201-101500.ics")
    part.add_header("Content-Disposition", "attachment", filename="iCal-20261201-101500.ics")
    mail.attach(part)
    return _headers(mail, sender or attendee, organizer,
                    f"Einladung: {summary} ({SUBJECTS[partstat]})", stamp,
                    message_id or f"<{_utc(stamp)}.{uid[:6]}@icloud.com>", extra_headers,
                    name=name)


def google(*, uid: str, attendee: str, name: str, partstat: str, stamp: datetime,
           sequence: int = 0, date: datetime | None = None, comment: str | None = None,
           organizer: str, summary: str = "Sitzung", sender: str | None = None,
           message_id: str | None = None,
           extra_headers: dict[str, str] | None = None) -> bytes:
    lines = ["BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
             "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:REPLY", "BEGIN:VEVENT"]
    if date is not None:
        lines.append(f"RECURRENCE-ID:{_utc(date)}")
    lines += [f"DTSTAMP:{_utc(stamp)}", f"ORGANIZER;CN=kimbot:mailto:{organizer}",
              f"UID:{uid}",
              f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};"
              f"CN={name};X-NUM-GUESTS=0:mailto:{attendee}"]
    if comment:
        lines.append(f"COMMENT:{comment}")
    lines += ["CREATED:20261130T090000Z", "LAST-MODIFIED:" + _utc(stamp),
              f"SEQUENCE:{sequence}", "STATUS:CONFIRMED", f"SUMMARY:{summary}",
              "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR", ""]
    calendar = fold("\r\n".join(lines))
    mail = MIMEMultipart("mixed")
    alternative = MIMEMultipart("alternative")
    alternative.attach(MIMEText(f"{name} hat diese Einladung angenommen.", "plain", "utf-8"))
    alternative.attach(MIMEText("<p>angenommen</p>", "html", "utf-8"))
    mail.attach(alternative)
    _inline_and_attached(alternative, mail, calendar)
    return _headers(mail, sender or attendee, organizer,
                    f"Angenommen: {summary}", stamp,
                    message_id or f"<calendar-{uid[:8]}-{_utc(stamp)}@google.com>",
                    extra_headers, name=name)


Builder = Callable[..., bytes]
CLIENTS: dict[str, Builder] = {"outlook": outlook, "thunderbird": thunderbird,
                               "apple": apple, "google": google}


def _headers(mail: MIMEMultipart, sender: str, organizer: str, subject: str, stamp: datetime,
             message_id: str, extra: dict[str, str] | None, *, name: str) -> bytes:
    for key, value in (extra or {}).items():
        mail[key] = value
    mail["From"] = f"{name} <{sender}>"
    mail["To"] = organizer
    mail["Subject"] = subject
    mail["Date"] = format_datetime(stamp)
    mail["Message-ID"] = message_id
    return mail.as_bytes(policy=SMTP)  # CRLF line ends, as mail travels


def _inline_and_attached(inline_in: MIMEMultipart, attached_to: MIMEMultipart,
                         calendar: str) -> None:
    """The calendar twice, as Thunderbird and Google send it: inline and as `invite.ics`."""
    inline = MIMEText(calendar, "calendar", _unencoded())
    inline.set_param("method", "REPLY")
    inline_in.attach(inline)
    attachment = MIMEApplication(calendar.encode(), "ics", name="invite.ics")
    attachment.add_header("Content-Disposition", "attachment", filename="invite.ics")
    attached_to.attach(attachment)


def _unencoded() -> email_charset.Charset:
    """UTF-8 as it is (8bit; 7bit where the text is ASCII)."""
    charset = email_charset.Charset("utf-8")
    charset.body_encoding = None
    return charset


def _quoted_printable() -> email_charset.Charset:
    charset = email_charset.Charset("utf-8")
    charset.body_encoding = email_charset.QP
    return charset
