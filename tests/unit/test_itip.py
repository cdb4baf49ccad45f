"""Reading calendar replies as Outlook, Thunderbird, Apple Calendar and Google Calendar
write them (tests/support/itip_mail.py), and what is not a reply."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.itip import (
    MAX_MAIL_BYTES,
    ReplyMethod,
    ReplyStatus,
    authenticated_domains,
    read_mail,
)
from tests.support.itip_mail import BERLIN, CLIENTS, outlook

UID = "kimbot-7f3a9c@stadt.example"
STAMP = datetime(2026, 12, 1, 10, 15, tzinfo=UTC)
DATE = datetime(2027, 1, 13, 14, 0, tzinfo=BERLIN)
COMMON = {"uid": UID, "name": "Dr. Anna Weber", "stamp": STAMP,
          "organizer": "kimbot@stadt.example"}


@pytest.mark.parametrize("client", sorted(CLIENTS))
@pytest.mark.parametrize("partstat", ["ACCEPTED", "DECLINED", "TENTATIVE"])
def test_every_client_s_reply_is_read(client: str, partstat: str) -> None:
    raw = CLIENTS[client](attendee="anna.weber@jobcenter.example", partstat=partstat,
                          sequence=2, comment="Ich komme später, ca. 14:30 Uhr", **COMMON)
    mail = read_mail(raw)
    [answer] = mail.answers  # an inline part and an attachment are one answer
    assert mail.sender == "anna.weber@jobcenter.example"
    assert mail.key.startswith("<") and mail.has_calendar
    assert answer.method is ReplyMethod.REPLY
    assert answer.uid == UID and answer.sequence == 2
    assert answer.attendee == "anna.weber@jobcenter.example"
    assert answer.status is ReplyStatus(partstat)
    assert answer.stamp == STAMP
    assert answer.recurrence_id is None
    assert answer.comment == "Ich komme später, ca. 14:30 Uhr"


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_one_date_of_a_series_is_named_in_any_zone_notation(client: str) -> None:
    raw = CLIENTS[client](attendee="anna.weber@jobcenter.example", partstat="DECLINED",
                          date=DATE, **COMMON)
    [answer] = read_mail(raw).answers
    assert answer.recurrence_id is not None
    assert answer.recurrence_id.astimezone(UTC) == DATE.astimezone(UTC)


def test_addresses_in_any_case_are_the_same_address() -> None:
    raw = CLIENTS["apple"](attendee="anna.weber@jobcenter.example", partstat="ACCEPTED",
                           typed_as="Anna.Weber@JobCenter.Example",
                           sender="ANNA.WEBER@jobcenter.example", **COMMON)
    mail = read_mail(raw)
    assert mail.sender == "anna.weber@jobcenter.example"
    assert mail.answers[0].attendee == "anna.weber@jobcenter.example"


def test_delegation_names_the_delegate() -> None:
    raw = outlook(attendee="anna.weber@jobcenter.example", partstat="DELEGATED",
                  delegated_to="Ben.Kurz@Jobcenter.example", **COMMON)
    [answer] = read_mail(raw).answers
    assert answer.status is ReplyStatus.DELEGATED
    assert answer.delegated_to == "ben.kurz@jobcenter.example"


def test_a_counter_proposal_carries_the_proposed_time() -> None:
    start = datetime(2027, 1, 14, 10, 0, tzinfo=BERLIN)
    end = datetime(2027, 1, 14, 12, 0, tzinfo=BERLIN)
    raw = outlook(attendee="anna.weber@jobcenter.example", partstat="TENTATIVE",
                  method="COUNTER", proposed=(start, end), **COMMON)
    [answer] = read_mail(raw).answers
    assert answer.method is ReplyMethod.COUNTER
    assert answer.proposed_start == start and answer.proposed_end == end


def test_what_is_not_a_reply_has_no_answers() -> None:
    request = outlook(attendee="anna.weber@jobcenter.example", partstat="ACCEPTED",
                      method="REQUEST", **COMMON)
    assert read_mail(request).answers == () and read_mail(request).has_calendar
    plain = b"From: a@b.example\r\nSubject: Hallo\r\nMessage-ID: <1@b>\r\n\r\nNur Text.\r\n"
    assert read_mail(plain).answers == () and not read_mail(plain).has_calendar
    broken = (b"From: a@b.example\r\nContent-Type: text/calendar; method=REPLY\r\n\r\n"
              b"BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:x\r\n")
    assert read_mail(broken).answers == ()


def test_a_mail_beyond_the_cap_is_not_read() -> None:
    mail = read_mail(b"x" * (MAX_MAIL_BYTES + 1))
    assert mail.too_large and mail.answers == () and mail.key.startswith("sha256:")


def test_a_mail_without_message_id_is_known_by_its_content() -> None:
    raw = b"From: a@b.example\r\n\r\nText\r\n"
    assert read_mail(raw).key == read_mail(raw).key != read_mail(raw + b"x").key


def test_authentication_results_name_the_domains_that_passed() -> None:
    headers = [
        "mx.stadt.example; dkim=pass header.d=jobcenter.example header.s=sel; "
        "spf=fail smtp.mailfrom=forged.example",
        "mx.stadt.example; spf=pass smtp.mailfrom=anna@caritas.example; dmarc=pass",
        "mx.stadt.example; dkim=fail header.d=bad.example",
    ]
    assert authenticated_domains(headers) == {"jobcenter.example", "caritas.example"}


@given(st.binary(max_size=4000))
def test_any_bytes_are_read_without_raising(raw: bytes) -> None:
    read_mail(raw)


@given(st.text(max_size=2000))
def test_any_calendar_text_is_read_without_raising(text: str) -> None:
    body = ("BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\n" + text).encode()
    read_mail(b"From: a@b.example\r\nContent-Type: text/calendar; method=REPLY\r\n"
              b"Content-Transfer-Encoding: 8bit\r\n\r\n" + body)
