"""OParl 1.1 as a client reads it: every object checked against the official schemas (a copy
in `oparl_schema/`), and a crawler that follows every link from `system`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).parent / "oparl_schema"
BASE = "https://schema.oparl.org/1.1/"


def _as_json_schema(node: Any) -> Any:
    """The schemas' own `"schema": "X.json"` (an embedded object) as a `$ref`."""
    if isinstance(node, dict):
        if node.get("type") == "object" and str(node.get("schema", "")).endswith(".json"):
            return {"$ref": node["schema"]}
        return {k: _as_json_schema(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_as_json_schema(v) for v in node]
    return node


def _checker() -> FormatChecker:
    checker = FormatChecker()

    @checker.checks("url")
    def url(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.netloc)

    @checker.checks("date-time", raises=ValueError)
    def date_time(value: object) -> bool:
        return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None

    @checker.checks("date", raises=ValueError)
    def day(value: object) -> bool:
        return not isinstance(value, str) or bool(date.fromisoformat(value))

    return checker


@cache
def validators() -> dict[str, Draft202012Validator]:
    """A validator per OParl type (`https://schema.oparl.org/1.1/Meeting` → …)."""
    schemas = {}
    for path in SCHEMAS.glob("*.json"):
        schema = _as_json_schema(json.loads(path.read_text(encoding="utf-8")))
        schema["$id"] = BASE + path.name
        schemas[path.stem] = schema
    registry: Registry[Any] = Registry().with_resources(
        (BASE + f"{name}.json", DRAFT202012.create_resource(schema))
        for name, schema in schemas.items())
    return {BASE + name: Draft202012Validator(schema, registry=registry,
                                              format_checker=_checker())
            for name, schema in schemas.items()}


def problems(found: dict[str, Any]) -> list[str]:
    """What is wrong with one object by its type's schema (embedded objects included)."""
    validator = validators().get(found.get("type", ""))
    if validator is None:
        return [f"unknown type {found.get('type')!r} in {found.get('id')}"]
    return [f"{found.get('id')}: {'/'.join(map(str, e.path))}: {e.message}"
            for e in validator.iter_errors(found)]


def embedded(found: Any) -> Iterator[dict[str, Any]]:
    """Every OParl object inside an answer (the answer itself, lists' entries, embedded)."""
    if isinstance(found, dict):
        if "type" in found and str(found["type"]).startswith(BASE):
            yield found
        for value in found.values():
            yield from embedded(value)
    elif isinstance(found, list):
        for value in found:
            yield from embedded(value)


def links(found: Any, base: str) -> Iterator[str]:
    """Every address under `base` an answer names."""
    if isinstance(found, dict):
        for value in found.values():
            yield from links(value, base)
    elif isinstance(found, list):
        for value in found:
            yield from links(value, base)
    elif isinstance(found, str) and found.startswith(base + "/"):
        yield found


@dataclass
class Crawl:
    """What a crawler found from an entry point: every answer by address, every object by id,
    the bodies of files, and every address that did not answer 200."""

    answers: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    broken: dict[str, int] = field(default_factory=dict)

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [o for o in self.objects.values() if o["type"] == BASE + kind]

    @property
    def text(self) -> str:
        """Everything the crawler read, as one text (to look for what must not be there)."""
        return "\n".join([*(json.dumps(a, ensure_ascii=False) for a in self.answers.values()),
                          *(f.decode("utf-8", "replace") for f in self.files.values())])


async def crawl(entry: str, *, limit: int = 5000) -> Crawl:
    """Follow every link under the entry point's base from `entry` (`…/system`)."""
    base = entry.rsplit("/", 1)[0]
    found = Crawl()
    waiting = [entry]
    async with aiohttp.ClientSession() as session:
        while waiting and len(found.answers) + len(found.files) < limit:
            url = waiting.pop()
            if url in found.answers or url in found.files or url in found.broken:
                continue
            async with session.get(url) as response:
                if response.status != 200:
                    found.broken[url] = response.status
                    continue
                if url.endswith("/download"):
                    found.files[url] = await response.read()
                    continue
                assert response.headers["Access-Control-Allow-Origin"] == "*"
                answer = await response.json()
            found.answers[url] = answer
            for item in embedded(answer):
                found.objects.setdefault(item["id"], item)
            waiting.extend(link for link in links(answer, base)
                           if link not in found.answers and link not in found.files)
    return found
