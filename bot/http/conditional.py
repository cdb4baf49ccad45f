"""Conditional and compressed answers, shared by the feeds and the web pages."""

from __future__ import annotations


def etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def coded_etag(etag: str, gzipped: bool) -> str:
    """The tag of the body as sent: a strong tag names one representation, so the gzip body
    has a tag of its own (RFC 9110, 8.8.3) — `"…"` becomes `"…-gz"`."""
    return f'{etag[:-1]}-gz"' if gzipped else etag


def unchanged(etag: str, if_none_match: str) -> bool:
    """Whether the client holds either form of the current body (`If-None-Match`): a client
    that once fetched without gzip and now accepts it need not fetch again."""
    held = etags(if_none_match)
    return etag in held or coded_etag(etag, True) in held


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


