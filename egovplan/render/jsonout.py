"""One JSON writer for every machine format: orjson, indented by two spaces.

orjson writes the same text as `json.dumps(…, ensure_ascii=False, indent=2)` (tested), about
twenty times faster, which matters for a roadmap of 100,000 projects.
"""

from __future__ import annotations

from typing import Any

import orjson


def dumps(document: Any) -> str:
    """`document` as indented JSON text ending in a newline."""
    return dumps_bytes(document).decode()


def dumps_bytes(document: Any, *, newline: bool = True) -> bytes:
    """`document` as indented UTF-8 JSON ending in a newline (unless not `newline`), as
    bytes."""
    if not newline:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2)
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
