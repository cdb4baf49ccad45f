"""What an operator watches (`GET /metrics`, Prometheus text format, `prometheus_client`).

Counters and histograms are updated where things happen; what lies in the database (the outbox
and mail queue backlogs) is read when the metrics are scraped. Each bot has a registry of its
own, so two bots in one process (tests) do not mix their figures. No label ever carries a user,
a room or a text: only kinds, command names and outcomes, which are few.
"""

from __future__ import annotations

from datetime import datetime

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Enum,
    Gauge,
    Histogram,
    generate_latest,
)

from commands.framework.context import Clock
from storage import Database

#: From a command's server timestamp to its reply leaving the bot (seconds).
LATENCY_BUCKETS = (0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.events = Counter("kimbot_events", "Events handled, by kind", ["kind"], registry=r)
        self.commands = Counter("kimbot_commands", "Commands, by name and outcome "
                                "(answered, refused, error)", ["command", "outcome"],
                                registry=r)
        self.reply_latency = Histogram(
            "kimbot_reply_latency_seconds", "From a command's server time to its reply's send",
            buckets=LATENCY_BUCKETS, registry=r)
        self.last_sync = Gauge("kimbot_last_sync_timestamp_seconds",
                               "When the last sync with the homeserver succeeded (Unix time)",
                               registry=r)
        self.sync_lag = Gauge("kimbot_sync_lag_seconds",
                              "Seconds since the last successful sync", registry=r)
        self.outbox_pending = Gauge("kimbot_outbox_pending", "Messages waiting to be sent",
                                    registry=r)
        self.outbox_oldest = Gauge("kimbot_outbox_oldest_age_seconds",
                                   "Age of the oldest message waiting to be sent", registry=r)
        self.mail_pending = Gauge("kimbot_mail_queue_pending", "Mails waiting to be delivered",
                                  registry=r)
        self.mail_oldest = Gauge("kimbot_mail_queue_oldest_age_seconds",
                                 "Age of the oldest mail waiting to be delivered", registry=r)
        self.jobs_planned = Gauge("kimbot_jobs_planned", "Timed jobs planned", registry=r)
        self.jobs_fired = Counter("kimbot_jobs_fired", "Timed jobs run, by kind", ["kind"],
                                  registry=r)
        self.feed_requests = Counter("kimbot_http_requests", "HTTP requests, by path kind and "
                                     "status", ["path", "status"], registry=r)
        self.undecryptable = Counter("kimbot_undecryptable_events",
                                     "Events the bot could not decrypt", registry=r)
        self.from_unsigned_device = Counter(
            "kimbot_unsigned_device_events",
            "Events ignored because their device is not cross-signed by its owner "
            '(trust = "cross-signed")', registry=r)
        self.device_cross_signed = Gauge(
            "kimbot_device_cross_signed",
            "1 if the bot's device is signed by the account's cross-signing identity",
            registry=r)
        self.homeserver_errors = Counter("kimbot_homeserver_errors",
                                         "Failed requests to the homeserver, by request",
                                         ["request"], registry=r)
        self.role = Enum("kimbot_role", "What this process does: waits as a standby, or "
                         "answers as the active instance", states=["starting", "standby",
                                                                   "active"], registry=r)
        self.homeserver_retries = Counter("kimbot_homeserver_retries",
                                          "Requests to the homeserver tried again", registry=r)

    def command_done(self, command: str | None, succeeded: bool, failed: bool) -> None:
        outcome = "error" if failed else "answered" if succeeded else "refused"
        self.commands.labels(command or "unknown", outcome).inc()

    def job_fired(self, cause: str) -> None:
        """`poll:42:deadline` → "poll-deadline", `reminder:meeting:…` → "reminder"."""
        parts = cause.split(":")
        kind = f"{parts[0]}-{parts[2]}" if parts[0] == "poll" and len(parts) > 2 else parts[0]
        self.jobs_fired.labels(kind).inc()

    async def render(self, database: Database, clock: Clock,
                     last_sync: datetime | None) -> bytes:
        """The text a scrape gets, with the backlogs read from the database now."""
        now = clock()
        async with database.unit_of_work() as uow:
            outbox, outbox_since = await uow.outbox.backlog()
            mail, mail_since = await uow.mail.backlog()
        self.outbox_pending.set(outbox)
        self.outbox_oldest.set((now - outbox_since).total_seconds() if outbox_since else 0)
        self.mail_pending.set(mail)
        self.mail_oldest.set((now - mail_since).total_seconds() if mail_since else 0)
        if last_sync is not None:
            self.last_sync.set(last_sync.timestamp())
            self.sync_lag.set((now - last_sync).total_seconds())
        return generate_latest(self.registry)
