"""Fault points, for the reliability suite: stopping the bot dead at an exact moment.

`KIMBOT_FAULT=after_commit:3` makes the process kill itself (SIGKILL: no clean-up, no flush,
as a power cut or the OOM killer would) the third time it passes `fault_point("after_commit")`.
The suite uses it for the moments a signal from outside cannot hit on purpose:

- `after_commit` — an event's or a timed job's transaction has committed, its messages are in
  the outbox and not yet sent;
- `after_send` — the homeserver has accepted a message, the outbox does not know yet;
- `mail_received` — a mail that came back has been read, nothing of it is stored yet;
- `sync_received` — a sync response has been read, nothing of it is handled yet;
- `identity_stored` — a new cross-signing identity's private keys are in secret storage, its
  public keys not yet published;
- `identity_published` — they are published, the device is not signed yet.

Without the variable (as in every real deployment) a fault point is one comparison.
"""

from __future__ import annotations

import os
import signal

_PLAN: dict[str, int] = {}
for _entry in filter(None, os.environ.get("KIMBOT_FAULT", "").split(",")):
    _name, _, _count = _entry.partition(":")
    _PLAN[_name.strip()] = int(_count or 1)


def fault_point(name: str) -> None:
    """Die here if the fault plan says so."""
    if not _PLAN or name not in _PLAN:
        return
    _PLAN[name] -= 1
    if _PLAN[name] <= 0:
        os.kill(os.getpid(), signal.SIGKILL)
