"""Where each key and value of a TOML document is: key paths → line and column.

`tomllib` keeps no positions, so this module scans the text once more, on demand, and records
the offset of every key and every value by its key path (`("projects", "b", "depends_on", 0)`).
The scan is iterative (an explicit stack, no recursion), so a document nested 20,000 levels deep
costs memory, not a `RecursionError`. It assumes the text is TOML that `tomllib` accepted, but
it never loops or raises on anything else: it stops early and knows less.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import NamedTuple

PathElement = str | int
KeyPath = tuple[PathElement, ...]

#: Paths deeper than this are not recorded; their ancestors still are.
MAX_RECORDED_DEPTH = 128

_WS = re.compile(r"[ \t]*")
_WS_NL = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*""""{0,2}')
_ML_LITERAL = re.compile(r"'''(?:[^']|'(?!''))*''''{0,2}")
_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?"
)
_SCALAR = re.compile(r"[^\s,\]\}#]+")
_BASIC_TEXT = r'"(?:[^"\\\n]|\\.)*"'
_PLAIN_SCALAR = (_BASIC_TEXT + r"|'[^'\n]*'"
                 r"|[-+]?[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][-+]?[0-9_]+)?|true|false")
_PLAIN_PAIR = r"[A-Za-z0-9_-]+[ \t]*=[ \t]*(?:" + _PLAIN_SCALAR + r")"
_PLAIN_ITEM = (_BASIC_TEXT + r"|\{[ \t]*(?:" + _PLAIN_PAIR + r"(?:[ \t]*,[ \t]*" + _PLAIN_PAIR
               + r")*[ \t]*)?\}")
#: The lines most of a roadmap is made of, read in one match where the general reader takes a
#: dozen calls each (`_Scan._plain_line`): a bare key, then on the same line a one-line basic
#: or literal string, a decimal number or a boolean, or an array of one-line basic strings and
#: inline tables of such bare keys and values (`depends_on = ["a", { id = "b", lag = 1 }]`);
#: then only blanks before a comment or the line's end. Anything else is left to the general
#: reader, which reads these lines the same way (a test compares the two on every TOML file of
#: the repository and on generated lines).
_PLAIN_LINE = re.compile(
    r"([A-Za-z0-9_-]+)[ \t]*=[ \t]*"
    r"(?:(" + _PLAIN_SCALAR + r")"
    r"|(\[[ \t]*(?:(?:" + _PLAIN_ITEM + r")(?:[ \t]*,[ \t]*(?:" + _PLAIN_ITEM
    + r"))*[ \t]*,?[ \t]*)?\]))"
    r"(?=[ \t]*(?:[#\r\n]|\Z))"
)


def plain_line(text: str) -> bool:
    """Whether `text` (one line, from its key) is a whole one-line `key = value`, as
    `_PLAIN_LINE` reads it, with at most blanks and a comment after the value."""
    return _PLAIN_LINE.match(text) is not None  # (it looks ahead to a comment or the end)


#: An item of such an array, after the `[` or the comma before it: its start is group 1.
_PLAIN_ITEM_AT = re.compile(r"[ \t]*,?[ \t]*(" + _PLAIN_ITEM + ")")
#: A key and value of such an inline table: the key is group 1, the value group 2.
_PLAIN_PAIR_AT = re.compile(r"([A-Za-z0-9_-]+)[ \t]*=[ \t]*(" + _PLAIN_SCALAR + ")")
#: A `[projects.<bare id>` header at the start of a line (as pieces are cut before).
_PROJECT_HEADER = re.compile(r"^\[projects\.([A-Za-z0-9_-]+)[.\]]", re.MULTILINE)
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)")
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\",
                   "e": "\x1b"}


_TOO_DEEP = -1  # list indexes are never negative, so no lookup matches it


class Position(NamedTuple):
    """A 1-based line and column; the column counts Unicode code points."""

    line: int
    column: int


def _unescape(body: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uUx" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _SIMPLE_ESCAPES.get(code, code)

    return _ESCAPE.sub(one, body)


def _extend(path: KeyPath, element: PathElement) -> KeyPath:
    """`path` + `element`, or, past the recorded depth, a path no lookup can ask for."""
    if len(path) < MAX_RECORDED_DEPTH - 1:
        return (*path, element)
    return (*path[: MAX_RECORDED_DEPTH - 1], _TOO_DEEP)


class _Scan:
    """One pass over the text, filling `keys` and `values` with offsets."""

    def __init__(self, text: str, *, plain_lines: bool = True) -> None:
        self.text = text
        #: Whether plain lines are read by `_PLAIN_LINE` (off: by the general reader alone,
        #: for the test that compares the two).
        self.plain_lines = plain_lines
        self.keys: dict[KeyPath, int] = {}
        self.values: dict[KeyPath, int] = {}
        self.deep_offsets: dict[int, int] = {}  # nesting depth → first offset that reached it
        self.max_depth = 0
        self.table: KeyPath = ()
        self.arrays_of_tables: dict[KeyPath, int] = {}
        #: Keys and tables written twice: (path, offset of the second, offset of the first,
        #: what was written twice: "key", "table" (two headers), "dotted" (a header opening
        #: a table a dotted key made) or "outside" (a dotted key adding to a header's table)).
        self.duplicates: list[tuple[KeyPath, int, int, str]] = []
        #: Tables a dotted key made (`estimate.likely = 1` makes `estimate`), which no header
        #: may open again: their offsets.
        self.dotted_tables: dict[KeyPath, int] = {}
        #: Tables a `[header]` opened, which no dotted key from outside may add to.
        self.header_tables: dict[KeyPath, int] = {}

    # -- small readers -------------------------------------------------------------------------
    def _skip(self, pattern: re.Pattern[str], i: int) -> int:
        match = pattern.match(self.text, i)
        return match.end() if match else i

    def _peek(self, i: int) -> str:
        return self.text[i] if i < len(self.text) else ""

    def _key(self, i: int) -> tuple[list[tuple[str, int]], int]:
        """Read a dotted key at `i`: its parts with their offsets, and the offset after it."""
        parts: list[tuple[str, int]] = []
        while True:
            i = self._skip(_WS, i)
            start = i
            for pattern, quoted in ((_BARE_KEY, False), (_BASIC, True), (_LITERAL, True)):
                match = pattern.match(self.text, i)
                if match:
                    raw = match.group()
                    part = raw if not quoted else raw[1:-1]
                    if raw.startswith('"'):
                        part = _unescape(part)
                    parts.append((part, start))
                    i = match.end()
                    break
            else:
                return parts, i
            i = self._skip(_WS, i)
            if self._peek(i) != ".":
                return parts, i
            i += 1

    def _record(self, target: dict[KeyPath, int], path: KeyPath, offset: int) -> None:
        if len(path) <= MAX_RECORDED_DEPTH:
            target.setdefault(path, offset)

    def _record_key(self, base: KeyPath, parts: list[tuple[str, int]]) -> KeyPath:
        path = base
        for level, (part, offset) in enumerate(parts, start=len(base) + 1):
            path = _extend(path, part)
            self._record(self.keys, path, offset)
            self._note_depth(level, offset)
        return path

    def _note_depth(self, depth: int, offset: int) -> None:
        while self.max_depth < depth:
            self.max_depth += 1
            self.deep_offsets[self.max_depth] = offset

    # -- the document --------------------------------------------------------------------------
    def run(self) -> None:
        i, n = 0, len(self.text)
        plain = _PLAIN_LINE.match if self.plain_lines else None
        while i < n:
            i = self._skip(_WS_NL, i)
            if i >= n:
                return
            if self.text[i] == "[":
                after = self._header(i)
            elif plain is not None and len(self.table) < MAX_RECORDED_DEPTH - 2 and (
                    line := plain(self.text, i)):
                after = self._plain_line(line)
            else:
                after = self._key_value(i)
            if after <= i:
                return  # not TOML we understand: stop rather than guess
            i = after

    def _header(self, i: int) -> int:
        is_array = self.text.startswith("[[", i)
        parts, j = self._key(i + (2 if is_array else 1))
        if not parts:
            return i
        path: KeyPath = ()
        for level, (part, offset) in enumerate(parts, start=1):
            path = _extend(path, part)
            self._record(self.keys, path, offset)
            self._note_depth(level, offset)
            last = level == len(parts)
            if path in self.arrays_of_tables and not (last and is_array):
                path = _extend(path, self.arrays_of_tables[path])
        if not is_array and path in self.values:
            self.duplicates.append((path, parts[-1][1], self.values[path], "table"))
        elif not is_array and path in self.dotted_tables:
            self.duplicates.append((path, parts[-1][1], self.dotted_tables[path], "dotted"))
        if is_array:
            number = self.arrays_of_tables.get(path, -1) + 1
            self.arrays_of_tables[path] = number
            path = _extend(path, number)
            self._record(self.keys, path, i)
        self._record(self.values, path, i)
        if not is_array:
            self.header_tables.setdefault(path, i)
        self.table = path
        j = self._skip(_WS, j)
        return j + (2 if is_array else 1)

    def _key_value(self, i: int) -> int:
        parts, j = self._key(i)
        if not parts:
            return i
        whole = self.table
        reopened = False
        for part, offset in parts[:-1]:
            whole = _extend(whole, part)
            self.dotted_tables.setdefault(whole, offset)
            if reopened:
                continue
            if whole in self.header_tables:  # `[a.b]`, then `b.c = 1` under `[a]`
                self.duplicates.append((whole, parts[0][1], self.header_tables[whole],
                                        "outside"))
                reopened = True
            elif whole in self.values:  # `b = { c = 1 }`, then `b.d = 2`
                self.duplicates.append((whole, parts[0][1], self.values[whole], "key"))
                reopened = True
        whole = _extend(whole, parts[-1][0])
        if whole in self.keys:
            self.duplicates.append((whole, parts[0][1], self.keys[whole], "key"))
        path = self._record_key(self.table, parts)
        j = self._skip(_WS, j)
        if self._peek(j) != "=":
            return i
        return self._value(path, self._skip(_WS, j + 1))

    def _plain_line(self, line: re.Match[str]) -> int:
        """Record a line `_PLAIN_LINE` matched, as `_key_value` would, and return its end."""
        path = (*self.table, line.group(1))
        start = line.start()
        if path in self.keys:
            self.duplicates.append((path, start, self.keys[path], "key"))
        else:
            self.keys[path] = start
        if len(path) > self.max_depth:
            self._note_depth(len(path), start)
        if line.start(3) < 0:  # not an array
            self.values.setdefault(path, line.start(2))
            return line.end()
        offset = line.start(3)
        self.values.setdefault(path, offset)
        depth, values, keys = len(path), self.values, self.keys
        position, end, index = offset + 1, line.end(3) - 1, 0
        text = self.text
        while (item := _PLAIN_ITEM_AT.match(text, position, end)) is not None:
            at = item.start(1)
            element = (*path, index)
            values.setdefault(element, at)
            if depth + 1 > self.max_depth:
                self._note_depth(depth + 1, at)
            if text[at] == "{":
                for pair in _PLAIN_PAIR_AT.finditer(text, at + 1, item.end(1) - 1):
                    member = (*element, pair.group(1))
                    keys.setdefault(member, pair.start(1))
                    if depth + 2 > self.max_depth:
                        self._note_depth(depth + 2, pair.start(1))
                    values.setdefault(member, pair.start(2))
            position, index = item.end(), index + 1
        return line.end()

    def _scalar_end(self, i: int) -> int:
        for pattern in (_ML_BASIC, _ML_LITERAL, _BASIC, _LITERAL, _DATETIME, _SCALAR):
            match = pattern.match(self.text, i)
            if match:
                return match.end()
        return i

    def _value(self, path: KeyPath, i: int) -> int:
        """Read one value (maybe an array or inline table holding more) for `path` at `i`."""
        stack: list[tuple[str, KeyPath, list[int]]] = []  # (kind, path, [next index])
        base_depth = len(path)
        while True:
            self._record(self.values, path, i)
            self._note_depth(base_depth + len(stack), i)
            char = self._peek(i)
            if char in "[{":
                kind = "array" if char == "[" else "table"
                stack.append((kind, path, [0]))
                i = self._skip(_WS_NL, i + 1)
                closer = "]" if kind == "array" else "}"
                if self._peek(i) != closer:
                    if kind == "array":
                        path = self._child(path, 0)
                        continue
                    nested = self._inline_key(path, i)
                    if nested is None:
                        return i
                    path, i = nested
                    continue
                i += 1
                stack.pop()
            else:
                end = self._scalar_end(i)
                if end <= i:
                    return i
                i = end
            # after a value: close finished containers, or move to the next element
            while True:
                if not stack:
                    return i
                kind, container, counter = stack[-1]
                i = self._skip(_WS_NL, i)
                char = self._peek(i)
                closer = "]" if kind == "array" else "}"
                if char == ",":
                    i = self._skip(_WS_NL, i + 1)
                    if self._peek(i) == closer:  # a trailing comma
                        i += 1
                        stack.pop()
                        continue
                    if kind == "array":
                        counter[0] += 1
                        path = self._child(container, counter[0])
                        break
                    nested = self._inline_key(container, i)
                    if nested is None:
                        return i
                    path, i = nested
                    break
                if char == closer:
                    i += 1
                    stack.pop()
                    continue
                return i

    def _child(self, path: KeyPath, index: int) -> KeyPath:
        return _extend(path, index)

    def _inline_key(self, table: KeyPath, i: int) -> tuple[KeyPath, int] | None:
        parts, j = self._key(i)
        if not parts:
            return None
        path = self._record_key(table, parts)
        j = self._skip(_WS, j)
        if self._peek(j) != "=":
            return None
        return path, self._skip(_WS, j + 1)


class Locator:
    """Maps key paths to positions in one TOML text, scanning it the first time it is asked.

    A text parsed in pieces (`egovplan.loader.pieces`: each piece after the first holds only
    whole `[projects.<id>]` tables, no project in two pieces) is given with its `cuts`; then a
    position under `projects.<id>` is looked up in a scan of that project's piece only, and
    any other outside `projects` in a scan of the first piece, which hold every key such a
    path or its ancestors can find: the same answers, without scanning a large roadmap
    whole for a few findings. Anything else (a project whose header is not written as a bare
    `[projects.<id>` at the start of a line) is looked up in a scan of the whole text."""

    def __init__(self, text: str, cuts: list[int] | None = None) -> None:
        self._text = text
        self._scan: _Scan | None = None
        self._line_starts: list[int] | None = None
        self._cuts = cuts or None
        #: where each piece starts, and the text's end
        self._starts = [0, *cuts, len(text)] if cuts else []
        #: project id → the piece holding its header (bare ids only), found on first use
        self._homes: dict[str, int] | None = None
        self._pieces: dict[int, _Scan] = {}

    def _scanned(self) -> _Scan:
        if self._scan is None:
            self._scan = _Scan(self._text)
            self._scan.run()
        return self._scan

    def position(self, offset: int) -> Position:
        """The line and column of a character offset."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        line = bisect.bisect_right(self._line_starts, offset)
        return Position(line, offset - self._line_starts[line - 1] + 1)

    def key(self, path: Sequence[PathElement]) -> Position | None:
        """Where the key of `path` is written (for a table, its header)."""
        offset = self._scanned().keys.get(tuple(path))
        return None if offset is None else self.position(offset)

    def value(self, path: Sequence[PathElement]) -> Position | None:
        """Where the value of `path` starts (for a table, its header)."""
        offset = self._scanned().values.get(tuple(path))
        return None if offset is None else self.position(offset)

    def header_line(self, path: Sequence[PathElement]) -> int | None:
        """The line of the `[header]` that opened the table at `path`; `None` where no
        header did (an inline table, a table a dotted key made) or nothing is recorded."""
        scan, start = self._scan_for(path)
        offset = scan.header_tables.get(tuple(path))
        return None if offset is None else self.position(start + offset).line

    def number_text(self, path: Sequence[PathElement]) -> str | None:
        """The text a number at `path` is written as (`1e-400`), or `None` when no value is
        recorded there."""
        scan, start = self._scan_for(path)
        offset = scan.values.get(tuple(path))
        if offset is None:
            return None
        match = _SCALAR.match(self._text, start + offset)
        return match.group() if match else None

    def nearest(self, path: Sequence[PathElement], *, prefer_key: bool = False) -> Position:
        """The position of `path`, else of its nearest recorded ancestor, else line 1, column 1."""
        scan, start = self._scan_for(path)
        first, second = (scan.keys, scan.values) if prefer_key else (scan.values, scan.keys)
        current = tuple(path)[: MAX_RECORDED_DEPTH - 1]
        while current:
            offset = first.get(current, second.get(current))
            if offset is not None:
                return self.position(start + offset)
            current = current[:-1]
        return Position(1, 1)

    def _scan_for(self, path: Sequence[PathElement]) -> tuple[_Scan, int]:
        """A scan that records `path` and its ancestors as the whole text's scan does, and the
        offset of its text in the whole."""
        if self._cuts is None or self._scan is not None:
            return self._scanned(), 0
        if not path or path[0] != "projects":
            return self._piece(0)
        if len(path) >= 2 and isinstance(path[1], str):
            home = self._project_homes().get(path[1])
            if home is not None:
                scan, start = self._piece(home)
                if ("projects", path[1]) in scan.keys:
                    return scan, start
        return self._scanned(), 0  # not where its header says (or no header): the whole text

    def _piece(self, number: int) -> tuple[_Scan, int]:
        starts = self._starts
        scan = self._pieces.get(number)
        if scan is None:
            scan = self._pieces[number] = _Scan(self._text[starts[number]:starts[number + 1]])
            scan.run()
        return scan, starts[number]

    def _project_homes(self) -> dict[str, int]:
        if self._homes is None:
            assert self._cuts is not None  # noqa: S101 - only called with pieces
            self._homes = {}
            for match in _PROJECT_HEADER.finditer(self._text):
                # the first header of an id wins; a line that only looks like one (inside a
                # multi-line string) is caught by the check that the piece records the id
                self._homes.setdefault(match.group(1),
                                       bisect.bisect_right(self._cuts, match.start()))
        return self._homes

    def duplicate_at(self, line: int, column: int) -> tuple[KeyPath, Position, str] | None:
        """The key or table written twice whose second writing is at `line`, `column` (or
        else on that line): its path, the position of the first writing, and what was written
        twice (`"key"`, `"table"`, `"dotted"`, `"outside"`: see `duplicates`); `None` when
        none is."""
        found = [(path, self.position(second), self.position(first), kind)
                 for path, second, first, kind in self._scanned().duplicates]
        for path, second, first, kind in sorted(found,
                                                key=lambda item: item[1] != (line, column)):
            if second.line == line:
                return path, first, kind
        return None

    def first_deeper_than(self, depth: int) -> Position:
        """Where nesting (tables, dotted keys, arrays) first goes deeper than `depth` levels."""
        offset = self._scanned().deep_offsets.get(depth + 1)
        return Position(1, 1) if offset is None else self.position(offset)


def format_key_path(path: Sequence[PathElement]) -> str:
    """A key path as it would be written in TOML: `projects.b.depends_on[0].id`."""
    from egovplan.model.types import MAX_QUOTED  # (only for messages, as `_quote`)

    text = ""
    for element in path:
        if isinstance(element, int):
            text += f"[{element}]"
            continue
        # a bare key past what a message quotes cut as a quoted one is (`"ppp… (3,000 …)"`)
        key = element if _BARE_KEY.fullmatch(element) and len(element) <= MAX_QUOTED \
            else _quote(element)
        text += f".{key}" if text else key
    return text


def _quote(key: str) -> str:
    from egovplan.model.types import clipped

    escaped = clipped(key).replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'
