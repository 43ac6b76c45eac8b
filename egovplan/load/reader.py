"""Bytes → text → TOML data, every failure a located finding rather than an exception."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from egovplan.findings import Finding
from egovplan.load.locator import Locator

#: Files larger than this are refused unless the caller raises the limit.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
#: Nesting deeper than this (tables, dotted keys, arrays) is refused: no roadmap needs it, and
#: deeper data would exhaust the parser's stack.
MAX_DEPTH = 100

_TOMLLIB_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)$")
_TOMLLIB_END = re.compile(r"\(at end of document\)$")
_BOM = "\ufeff"


class FileUnreadableError(Exception):
    """The path cannot be read at all (missing, a directory, no permission): a usage error."""


@dataclass
class Source:
    """One roadmap file as read: its text, its TOML data when it parsed, and what went wrong."""

    path: str
    text: str
    data: dict[str, Any] | None
    findings: list[Finding] = field(default_factory=list)
    _locator: Locator | None = field(default=None, repr=False)

    @property
    def locator(self) -> Locator:
        if self._locator is None:
            self._locator = Locator(self.text)
        return self._locator


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | Finding:
    """The file's bytes, or a finding when it is larger than `max_bytes`.

    Raises `FileUnreadableError` when there is no readable file at `path`.
    """
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise FileUnreadableError(f"{path}: is a directory, not a roadmap file")
        if size > max_bytes:
            return Finding(
                "too-large", "error",
                f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes; "
                "raise it with --max-bytes if the file is really a roadmap",
                str(path),
            )
        return path.read_bytes()
    except FileNotFoundError as error:
        raise FileUnreadableError(f"{path}: no such file") from error
    except PermissionError as error:
        raise FileUnreadableError(f"{path}: permission denied") from error
    except IsADirectoryError as error:
        raise FileUnreadableError(f"{path}: is a directory, not a roadmap file") from error
    except OSError as error:
        raise FileUnreadableError(f"{path}: cannot be read ({error.strerror})") from error


def parse(raw: bytes, path: str = "<string>") -> Source:
    """Decode and parse `raw`; any failure becomes a finding on the returned source."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return Source(path, "", None, [_encoding_finding(raw, error, path)])
    text = text.removeprefix(_BOM)
    source = Source(path, text, None)
    try:
        source.data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        source.findings.append(_syntax_finding(error, source))
    except RecursionError:
        position = source.locator.first_deeper_than(MAX_DEPTH)
        source.findings.append(Finding(
            "too-deep", "error",
            f"values are nested more than {MAX_DEPTH} levels deep; no roadmap needs that",
            path, *position,
        ))
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        source.findings.append(_value_finding(error, source))
    return source


def _encoding_finding(raw: bytes, error: UnicodeDecodeError, path: str) -> Finding:
    before = raw[: error.start]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return Finding(
        "encoding", "error",
        f"the file is not UTF-8: byte 0x{raw[error.start]:02x} at offset {error.start} "
        "cannot be decoded; save the file as UTF-8",
        path, line, column,
    )


def _syntax_finding(error: tomllib.TOMLDecodeError, source: Source) -> Finding:
    message = str(error)
    line: int | None = None
    column: int | None = None
    if match := _TOMLLIB_POSITION.search(message):
        line, column = int(match.group(1)), int(match.group(2))
        message = message[: match.start()].rstrip()
    elif match := _TOMLLIB_END.search(message):
        line, column = source.locator.position(len(source.text))
        message = message[: match.start()].rstrip()
    return Finding(
        "toml-syntax", "error", f"TOML syntax: {_lower_first(message)}", source.path, line, column
    )


def _value_finding(error: ValueError, source: Source) -> Finding:
    line, column = None, None
    if match := re.search(r"[0-9][0-9_]{4000,}", source.text):
        line, column = source.locator.position(match.start())
    reason = "a number has too many digits" if "digits" in str(error) else str(error)
    return Finding("toml-syntax", "error", f"TOML syntax: {reason}", source.path, line, column)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def depth_exceeds(value: object, limit: int) -> bool:
    """Whether `value` nests dicts and lists more than `limit` levels deep (iteratively)."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return False
