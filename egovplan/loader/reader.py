"""Bytes → text → TOML data, every failure a located finding rather than an exception.

TOML is parsed with `rtoml` (Rust's `toml` crate): on a 100,000-project roadmap it is about
seven times faster than the standard library's `tomllib` (2 s against 15 s), and it reports
syntax errors with a line and column and refuses nesting deeper than 80 levels instead of
exhausting Python's stack. A large roadmap is parsed in pieces where that gives the same data
(`egovplan.loader.pieces`: half the time and memory).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from egovplan.findings import Finding
from egovplan.loader import pieces
from egovplan.loader.locator import Locator, format_key_path
from egovplan.render.safe import safe

#: Files larger than this are refused unless the caller raises the limit.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
#: Nesting deeper than this (tables, dotted keys, arrays, inline tables) is refused: no roadmap
#: needs it, and the parser stops there.
MAX_DEPTH = 80

_POSITION = re.compile(r"\s*at line (\d+) column (\d+)$")
_TOO_DEEP = ("recursion limit", "cannot recurse further")
_BOM = "\ufeff"


class FileUnreadableError(Exception):
    """The path cannot be read at all (missing, a directory, no permission): a usage error."""


@dataclass
class Source:
    """One roadmap file as read: its text, its TOML data when it parsed, and what went wrong.

    `data` is released (set to `None`) once the file has been checked: the model holds it.
    """

    path: str
    text: str
    data: dict[str, Any] | None
    findings: list[Finding] = field(default_factory=list)
    #: The projects as `parse`'s `validate` made them, piece by piece, while the text was
    #: parsed in pieces; `None` when it was not, or when a piece was not valid.
    projects: dict[str, Any] | None = None
    #: Where the pieces after the first start, when the text was parsed in pieces.
    cuts: list[int] | None = None
    #: The parsing helper, kept for the job `pieces.LATER` (see `egovplan.loader.pieces`);
    #: `None` when there is none. Whoever holds the source stops it (`pieces.Helper.stop`).
    helper: pieces.Helper | None = field(default=None, repr=False, compare=False)
    #: Puts into `data` the projects it lacks (`pieces.Parsed.complete`); `None` when `data`
    #: is whole. Call `complete_data`.
    complete: Callable[[], None] | None = field(default=None, repr=False, compare=False)
    _locator: Locator | None = field(default=None, repr=False)

    def complete_data(self) -> dict[str, Any] | None:
        """`data`, whole: with the projects of every piece (the ones validated from the
        helper's JSON are made only now, when something needs them as written)."""
        if self.complete is not None:
            self.complete()
            self.complete = None
        return self.data

    @property
    def locator(self) -> Locator:
        if self._locator is None:
            self._locator = Locator(self.text, self.cuts)
        return self._locator


def readable_name(name: str | os.PathLike[str]) -> str:
    """A file name (or an argument) as every output can carry it: bytes that are not UTF-8
    (which Python holds as lone surrogates) shown as U+FFFD."""
    return os.fsencode(name).decode("utf-8", "replace")


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | Finding:
    """The file's bytes, or a finding when it is larger than `max_bytes`.

    Never more than `max_bytes + 1` bytes are read, whatever the path names: a regular file is
    measured first, and a device, pipe or `/dev/stdin` is read only up to the limit (so
    `/dev/zero` is refused, not read until memory runs out).

    Raises `FileUnreadableError` when there is no readable file at `path`.
    """
    try:
        with path.open("rb") as stream:
            status = os.fstat(stream.fileno())
            if stat.S_ISDIR(status.st_mode):
                raise FileUnreadableError(f"{path}: is a directory, not a roadmap file")
            regular = stat.S_ISREG(status.st_mode)
            if regular and status.st_size > max_bytes:
                return too_large(path, f"the file is {status.st_size:,} bytes, over the limit of "
                                        f"{max_bytes:,} bytes")
            # bounded even for a regular file: one may grow while it is read, or report no
            # size at all (/proc)
            data = _read_at_most(stream, max_bytes + 1)
    except FileNotFoundError as error:
        raise FileUnreadableError(f"{path}: no such file") from error
    except PermissionError as error:
        raise FileUnreadableError(f"{path}: permission denied") from error
    except IsADirectoryError as error:
        raise FileUnreadableError(f"{path}: is a directory, not a roadmap file") from error
    except OSError as error:
        raise FileUnreadableError(f"{path}: cannot be read ({error.strerror})") from error
    if len(data) > max_bytes:
        # a stream, or a file that grew while it was read
        return too_large(path, f"the input is longer than the limit of {max_bytes:,} bytes")
    return data


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to `limit` bytes of a stream, read in pieces (a huge limit allocates nothing)."""
    pieces, total = [], 0
    while total < limit:
        piece = stream.read(min(1 << 20, limit - total))
        if not piece:
            break
        pieces.append(piece)
        total += len(piece)
    return b"".join(pieces)


def too_large(path: Path | str, what: str) -> Finding:
    return Finding(
        "too-large", "error",
        f"{what}; raise it with --max-bytes (max_bytes= from Python) if the file is really a "
        "roadmap",
        str(path),
    )


def parse(raw: bytes, path: str = "<string>", *,
          validate: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None,
          validate_json: Callable[[bytes], dict[str, Any] | None] | None = None) -> Source:
    """Decode and parse `raw`; any failure becomes a finding on the returned source.

    A large text is parsed in pieces (`egovplan.loader.pieces`); `validate`, when given, then
    validates each piece's projects as soon as they are parsed (its result is the source's
    `projects`), and `validate_json` those of a piece sent as JSON by the parsing helper (then
    the source's `data` may lack them until `Source.complete_data` is called)."""
    import rtoml

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return Source(path, "", None, [_not_utf8(raw, error, path)])
    text = text.removeprefix(_BOM)
    source = Source(path, text, None)
    if len(text) > pieces.PIECE_CHARACTERS:
        parsed = pieces.load(text, validate=validate, validate_json=validate_json,
                             parallel=pieces.PARALLEL, later=pieces.LATER)
        if parsed is not None:
            source.data, source.projects, source.cuts = parsed.data, parsed.validated, parsed.cuts
            source.helper, source.complete = parsed.helper, parsed.complete
            return source
    try:
        source.data = rtoml.loads(text)
    except rtoml.TomlParsingError as error:
        source.findings.append(_syntax_finding(str(error), source))
        source.data = _past_slips(source)
    return source


#: How many slips `parse` reads past (months written bare, keys set twice), in a text of up
#: to a million characters (each costs a parse of the whole text); in a longer one, three.
MAX_SLIPS = 100


def _past_slips(source: Source) -> dict[str, Any] | None:
    """The data of `source`'s text read past the two slips whose errors say what to write:
    a month written bare, quoted as meant (`start = 2025-01`), and a one-line key set twice,
    its second writing left out. Then the errors after the first are found in the same
    run, each further slip and any other syntax error added to `source.findings`, and, where
    the text then parses, the schema's and the checks' findings from this data. `None` when
    an error is neither."""
    import rtoml

    text = source.text
    mended: set[int] = set()  # the lines quoted or left out
    for _ in range(MAX_SLIPS if len(text) <= pieces.PIECE_CHARACTERS else 3):
        last = source.findings[-1]
        line = last.line
        fixed = None
        if line is not None and line not in mended:
            if " is set twice, first on line " in last.message:
                fixed = _without_line(text, line)
            elif _MONTH_HINT in last.message:  # the month's own error, its hint given
                fixed = _quote_month(text, line)
        if line is None or fixed is None:
            return None
        text = fixed
        mended.add(line)
        try:
            return rtoml.loads(text)
        except rtoml.TomlParsingError as error:
            found = _syntax_finding(str(error), source)  # (hints read the line as written)
            if found.line in mended:
                # an error the mending made, or one after the slip on its line (a control
                # character in its comment): its column is the mended text's; the slip's
                # own finding stands for the line
                return None
            source.findings.append(found)
    return None


def _without_line(text: str, line: int) -> str | None:
    """`text` with `line` blanked (its line break kept, so that the lines after it keep their
    numbers), where it is one whole `key = value` (a value over several lines is not left
    out: what follows its first line would read as an error of its own); else `None`."""
    from egovplan.loader.locator import plain_line

    span = _line_span(text, line)
    if span is None or not plain_line(text[span[0]:span[1]].removesuffix("\r").lstrip(" \t")):
        return None
    return text[:span[0]] + text[span[1]:]


def _quote_month(text: str, line: int) -> str | None:
    """`text` with the month written bare on `line` quoted; `None` when the line holds no
    bare month that is a month."""
    span = _line_span(text, line)
    if span is None:
        return None
    start, end = span
    written = text[start:end]
    month = _BARE_MONTH.fullmatch(written.removesuffix("\r"))
    meant = None if month is None else _month_of(month)
    if month is None or meant is None:
        return None
    first, after = month.span(2)
    return text[:start] + written[:first] + f'"{meant}"' + written[after:] + text[end:]


#: Byte-order marks of the wide encodings (the longer first: UTF-32's begins as UTF-16's).
_WIDE_MARKS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
               (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def _hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


def _han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _japanese(char: str) -> bool:
    return "\u3040" <= char <= "\u30ff" or _han(char)


#: What a Korean, Chinese or Japanese editor saves in when not UTF-8, each with the script
#: most of a text in it is written in: a file whose letters, so decoded, are mostly of that
#: script is most likely in it.
_LEGACY: tuple[tuple[str, str, Callable[[str], bool]], ...] = (
    ("cp949", "Korean", _hangul), ("gb18030", "Chinese, simplified", _han),
    ("big5", "Chinese, traditional", _han), ("shift_jis", "Japanese", _japanese))


#: How much of a file the encoding guess reads (a file of any size is judged by its start).
_GUESSED_BYTES = 1 << 16


def guess_encoding(raw: bytes) -> tuple[str, bool] | None:
    """What a text that is not UTF-8 looks like it is in, as a message says it, and whether
    the whole file is in that form (UTF-16 or -32: no byte of it is where UTF-8 would put
    it, so a line and column mean nothing); `None` where nothing fits. Judged by the first
    64 KB. A Western text (its bytes past ASCII mostly one at a time, and letters in cp1252:
    an accented letter among plain ones) is named cp1252; legacy CJK encodings overlap
    (most Korean text decodes as Chinese too), so up to three that decode the start into
    letters mostly of their script are named, each with how its first line that is not
    ASCII reads: the user sees which is right."""
    for mark, name in _WIDE_MARKS:
        if raw.startswith(mark):
            return f"{name} (its byte-order mark says so)", True
    head = raw[:_GUESSED_BYTES]
    zeros = head[:4096].count(0) / max(1, len(head[:4096]))
    if zeros >= 0.6:
        return "UTF-32, or not a text file at all (most of its bytes are 0)", True
    if zeros >= 0.25:
        return "UTF-16 (every other byte is 0)", True
    line = next((line for line in head.splitlines() if not line.isascii()), b"")
    runs = re.findall(rb"[\x80-\xff]+", head)
    western = head.decode("cp1252", errors="replace")
    accents = [char for char in western if char >= "\x80"]
    if runs and sum(1 for run in runs if len(run) == 1) * 2 >= len(runs) and sum(
            1 for char in accents if char.isalpha()) * 10 >= len(accents) * 9:
        # (Big5's and GBK's second bytes are often ASCII too, but read as cp1252 their
        # first ones are mostly symbols, not letters)
        return f"cp1252 (Western European: {_reading(line, 'cp1252')})", False
    readings = []
    for codec, language, in_script in _LEGACY:
        decoder = codecs.getincrementaldecoder(codec)("strict")
        try:
            decoded = decoder.decode(head, final=len(head) == len(raw))
        except UnicodeDecodeError:
            continue
        letters = in_script_count = 0
        private = False
        for char in decoded:
            if char >= "\x80":
                if char.isalpha():
                    letters += 1
                    in_script_count += in_script(char)
                elif "\ue000" <= char <= "\uf8ff":  # private use: a misreading
                    private = True
                    break
        if letters >= 2 and in_script_count * 2 >= letters and not private:
            readings.append(f"{codec} ({language}: {_reading(line, codec)})")
    if not readings:
        return None
    return " or ".join(readings[:3]), False


def _reading(line: bytes, codec: str) -> str:
    """How `line` reads in `codec`, clipped, on one line."""
    written = line.decode(codec, errors="replace").strip()
    return safe(written if len(written) <= 40 else written[:40] + "…")


def _not_utf8(raw: bytes, error: UnicodeDecodeError, path: str) -> Finding:
    """The finding of a roadmap that is not UTF-8, saying what it looks like it is in."""
    guess = guess_encoding(raw)
    if guess is None:
        return encoding_finding(raw, error, path)
    looks, whole = guess
    if whole:
        return Finding("encoding", "error", f"the file is not UTF-8: it is {looks}; save the "
                       "file as UTF-8", path, 1, 1)
    return encoding_finding(raw, error, path,
                            advice=f"it may be {looks}: save the file as UTF-8")


def encoding_finding(raw: bytes, error: UnicodeDecodeError, path: str, *,
                     encoding: str = "utf-8", advice: str = "save the file as UTF-8") -> Finding:
    """Where `raw` stops being `encoding` (UTF-8 unless said), as a finding; the line and
    column are counted in what decodes before that byte."""
    try:
        before = raw[: error.start].decode(encoding, errors="replace").removeprefix(_BOM)
    except (UnicodeError, LookupError):  # a codec without "replace" (`idna`): bytes counted
        before = raw[: error.start].decode("latin-1")
    line = before.count("\n") + 1  # a byte-order mark is not a column, as everywhere else
    column = len(before) - before.rfind("\n")
    name = "UTF-8" if encoding == "utf-8" else encoding
    return Finding(
        "encoding", "error",
        f"the file is not {name}: byte 0x{raw[error.start]:02x} at offset {error.start} "
        f"cannot be decoded; {advice}",
        path, line, column,
    )


def _syntax_finding(message: str, source: Source) -> Finding:
    line: int | None = None
    column: int | None = None
    if match := _POSITION.search(message):
        line, column = int(match.group(1)), int(match.group(2))
        message = message[: match.start()]
    if any(marker in message for marker in _TOO_DEEP):
        if line is None:
            line, column = source.locator.first_deeper_than(MAX_DEPTH)
        return Finding(
            "too-deep", "error",
            f"values are nested more than {MAX_DEPTH} levels deep; no roadmap needs that",
            source.path, line, column,
        )
    if message.strip() == "duplicate key" and line is not None and column is not None:
        found = source.locator.duplicate_at(line, column)
        if found is not None:
            path, first, kind = found
            name = format_key_path(path)
            message = {
                "table": f"the table [{name}] is written twice, first on line {first.line}: "
                         "write its keys under one header",
                "dotted": f"the table [{name}] was made by a dotted key on line {first.line}, "
                          "and a header cannot open it again: write its keys one way, all "
                          "under the header or all as dotted keys",
                "outside": f"the table [{name}] has its header on line {first.line}, and a "
                           "dotted key outside it cannot add to it: write the key under that "
                           "header",
                "key": f"{name} is set twice, first on line {first.line}: a key holds one "
                       "value (remove one, or rename it)",
            }[kind]
    if line is not None and column is not None:
        text = _line_of(source.text, line)
        hint = _syntax_hint(message, text, column)
        # the character the parser stopped at, or, where it stopped past the line's end
        # (`［projects.a］`), the first on the line outside a string; one before where it
        # stopped was read (in a multi-line string, say), one after is not this error's cause
        if not hint and _LOOKALIKE.search(text) and (lookalike := _lookalike(text)) is not None \
                and (lookalike[0] == column or column > len(text)):
            column, hint = lookalike
        message += hint
    return Finding("toml-syntax", "error", f"TOML syntax: {message}", source.path, line, column)


#: What an IME types for TOML's punctuation (full-width forms, typographic and CJK quotes and
#: brackets, the ideographic space) → what TOML takes.
_LOOKALIKES = {
    **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
    "\u3000": " ", "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "「": '"', "」": '"',
    "『": '"', "』": '"', "【": "[", "】": "]", "〔": "[", "〕": "]", "、": ",", "。": ".",
}


_LOOKALIKE = re.compile("[" + re.escape("".join(_LOOKALIKES)) + "]")


def _lookalike(text: str) -> tuple[int, str] | None:
    """The column of the first character on a line that does not parse which an IME typed
    for TOML's own punctuation, outside a string, and what to write instead; `None` where
    there is none."""
    quote = ""
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 2  # an escape: the next character is the string's
                continue
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            return None
        elif char in _LOOKALIKES:
            meant = _LOOKALIKES[char]
            what = "the ideographic space" if char == "\u3000" else f"'{char}'"
            return index + 1, (f"; {what} (U+{ord(char):04X}) is not TOML's: write "
                               f"{'a space' if meant == ' ' else repr(meant)}")
        index += 1
    return None



#: A month written bare, as TOML cannot read it (`start = 2025-01`): TOML's dates have days.
_BARE_MONTH = re.compile(r"\s*([A-Za-z0-9_.\"'-]+)\s*=\s*([0-9]{4}-[0-9]{1,2})\s*(?:#.*)?")
#: The keys that take a month: only their bare months are hinted at and read past (a
#: `duration = 2025-01` is no month meant).
_MONTH_KEYS = frozenset({"start", "end", "not_before", "finish_by"})
_MONTH_HINT = "; a month is a string"
#: What ends a bare key's part: a dot, a bracket, an equals sign, a quote or a space.
_KEY_PART_END = frozenset('.[]=\'" \t')


def _month_of(bare: re.Match[str]) -> str | None:
    """The month `"YYYY-MM"` a `_BARE_MONTH` match is written for; `None` for no month."""
    year, _, number = bare.group(2).partition("-")
    return f"{year}-{int(number):02d}" if int(year) >= 1 and 1 <= int(number) <= 12 else None


def _syntax_hint(message: str, text: str, column: int) -> str:
    """What was probably meant, for the two slips a planner new to TOML makes most: a month
    not quoted, and an id in Korean or Chinese written as a bare key."""
    if (month := _BARE_MONTH.fullmatch(text)) and "date" in message \
            and month.group(1).strip("\"'").rpartition(".")[2] in _MONTH_KEYS:
        if meant := _month_of(month):  # (`2025-13` would be no better)
            return f'{_MONTH_HINT}: write {month.group(1)} = "{meant}"'
        return '; a month is a string "YYYY-MM" (months 01 to 12)'
    # a table's header (`[projects.클라우드]`): the key is an id; a key of a table's own
    # (`제목 = "x"`) is a field name, for which the message says enough
    if "unquoted key" in message and 0 < column <= len(text) \
            and text.lstrip().startswith("[") and not text[column - 1].isascii():
        first = last = column - 1
        while first > 0 and text[first - 1] not in _KEY_PART_END:
            first -= 1
        while last + 1 < len(text) and text[last + 1] not in _KEY_PART_END:
            last += 1
        from egovplan.template import slug  # only for a message

        part = text[first:last + 1]
        made = slug(part, "")
        return ("; a bare key takes ASCII letters, digits, '-' and '_'"
                + (f": an id such as '{made}' (the name '{part}' goes in its title)" if made
                   else ": give it an id of those, and the name in its title"))
    return ""


def _line_of(text: str, line: int) -> str:
    """The text of line `line` (1-based) of `text`, without its line break."""
    span = _line_span(text, line)
    return "" if span is None else text[span[0]:span[1]].removesuffix("\r")


def _line_span(text: str, line: int) -> tuple[int, int] | None:
    """Where line `line` (1-based) of `text` starts and ends (before its `\\n`); `None` when
    the text has fewer lines."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    end = text.find("\n", start)
    return start, len(text) if end < 0 else end


def first_too_deep(value: object, limit: int) -> tuple[str | int, ...] | None:
    """The path, relative to `value`, of the first item (in document order) nested more than
    `limit` levels below it; `None` when there is none. Iterative, so any depth is safe."""
    stack: list[tuple[object, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        if len(path) > limit:
            return path
        if isinstance(item, dict):
            stack.extend((child, (*path, key)) for key, child in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((item[i], (*path, i)) for i in reversed(range(len(item))))
    return None
