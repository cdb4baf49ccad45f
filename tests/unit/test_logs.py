"""The log as JSON lines: each line an object naming the work and room it belongs to."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_config
from bot.logs import JsonFormatter, working_on


def record(message: str, *args: object, exc: bool = False) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise ValueError("kaputt")
        except ValueError:
            exc_info = sys.exc_info()
    return logging.LogRecord("bot.handlers", logging.INFO, __file__, 1, message, args, exc_info)


def test_a_json_line_names_the_event_and_the_room() -> None:
    formatter = JsonFormatter()
    with working_on("$event1", "!room:example.org"):
        line = json.loads(formatter.format(record("command %s: %s", "poll", "done")))
    assert line["work"] == "$event1" and line["room"] == "!room:example.org"
    assert line["level"] == "INFO" and line["logger"] == "bot.handlers"
    assert line["message"] == "command poll: done" and line["time"].endswith("+00:00")
    outside = json.loads(formatter.format(record("started")))
    assert "work" not in outside and "room" not in outside


def test_an_exception_stays_inside_its_one_line() -> None:
    text = JsonFormatter().format(record("failed", exc=True))
    assert "\n" not in text and "ValueError: kaputt" in json.loads(text)["exception"]


def test_the_log_format_is_text_or_json(tmp_path: Path) -> None:
    def config(value: str) -> Path:
        path = tmp_path / "config.toml"
        path.write_text('[matrix]\nhomeserver = "https://matrix.example.org"\n'
                        'user_id = "@kimbot:example.org"\npassword = "x"\n'
                        f'[bot]\nlog_format = "{value}"\n')
        return path

    assert load_config(config("json")).bot.log_format == "json"
    with pytest.raises(ConfigError, match="log_format"):
        load_config(config("xml"))
