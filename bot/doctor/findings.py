"""One line of `kimbot doctor`: a check, whether it is ok, what was found, and the fix."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    check: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        if self.ok:
            return f"ok    {self.check}: {self.detail}"
        fix = f" — fix: {self.fix}" if self.fix else ""
        return f"FAIL  {self.check}: {self.detail}{fix}"


async def guarded(check: str, fix: str, work: Callable[[], Awaitable[Finding]]) -> Finding:
    """The check's finding; any error as a failed one, in a line, not a traceback."""
    try:
        return await work()
    except Exception as error:  # the operator gets the reason in one line
        return Finding(check, False, f"{type(error).__name__}: {error}".rstrip(": "), fix)
