"""Conditional and compressed answers, shared by the feeds and the web pages."""

from __future__ import annotations


def etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def accepts_gzip(header: str) -> bool:
    """Whether `Accept-Encoding` admits gzip (`gzip;q=0` refuses it)."""
    for part in header.split(","):
        coding, _, params = part.partition(";")
        if coding.strip().lower() not in {"gzip", "x-gzip"}:
            continue
        name, _, value = params.strip().partition("=")
        if name.strip().lower() != "q":
            return True
        try:
            return float(value) > 0
        except ValueError:
            return False
    return False


