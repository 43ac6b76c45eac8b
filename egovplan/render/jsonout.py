"""One JSON writer for every machine format: orjson, indented by two spaces (and the compact
JSON in which the parsing helper sends the pieces of a large roadmap, `egovplan.loader.pieces`).

orjson writes the same text as `json.dumps(…, ensure_ascii=False, indent=2)` (tested), about
twenty times faster, which matters for a roadmap of 100,000 projects.

This module is where egovplan imports orjson, with Ctrl-C held back: interrupted in the middle
of its import, orjson's module setup crashes the interpreter (a segfault; a review saw it in
42 of 100 interrupts timed at random during the import). Held back, the Ctrl-C arrives just
after, as the `KeyboardInterrupt` the command line turns into exit code 130.
"""

from __future__ import annotations

import signal
from typing import Any

_HELD = (signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
         if hasattr(signal, "pthread_sigmask") else None)
try:
    import orjson
finally:
    if _HELD is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, _HELD)

#: JSON text already written, put into a document as it is (`orjson.Fragment`).
Fragment = orjson.Fragment


def dumps(document: Any) -> str:
    """`document` as indented JSON text ending in a newline."""
    return dumps_bytes(document).decode()


def dumps_bytes(document: Any) -> bytes:
    """`document` as indented UTF-8 JSON ending in a newline, as bytes."""
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def indented(value: Any) -> bytes:
    """`value` as indented UTF-8 JSON, without the newline after it."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2)


def compact(value: Any) -> bytes:
    """`value` as compact UTF-8 JSON; raises `TypeError` for a date or time (and for what JSON
    cannot hold), which would otherwise be written as text."""
    return orjson.dumps(value, option=orjson.OPT_PASSTHROUGH_DATETIME)


def loads(blob: bytes) -> Any:
    """What `compact` wrote, read back."""
    return orjson.loads(blob)
