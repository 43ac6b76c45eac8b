"""User text as a terminal or a CI log shows it.

A title may hold control characters: TOML's `\\u001b` writes an escape character, and a
multi-line string writes line breaks. Written raw, an escape sequence recolours the terminal,
moves the cursor or sets the window's title, and a line break starts a line that can pass for
one of egovplan's own (`plan.toml:1:1: error …`). Every human format writes user text through
`safe`; formats with escapes of their own for line breaks (GitHub annotations, Graphviz labels)
use `controls_escaped` for the rest; JSON, CSV and SARIF escape text their own way.
"""

from __future__ import annotations

import re

#: Control characters; the line and paragraph separators (which some terminals and editors
#: break lines at); and the bidirectional embeddings, overrides and isolates, which reorder
#: the text around them as shown ("Trojan Source": a title could show another id, or hide a
#: path in a message). The bidirectional marks (U+200E, U+200F), which reorder nothing but
#: neutral characters beside them, are kept for right-to-left titles.
_CONTROL = re.compile("\r\n|[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SPACES = {"\r\n": " ", "\n": " ", "\r": " ", "\t": " ", "\v": " ", "\f": " ",
           "\u2028": " ", "\u2029": " "}


def _escaped(char: str) -> str:
    """`\\x1b` for a control character, `\\u202e` beyond Latin-1."""
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    return _SPACES.get(char) or _escaped(char)


def safe(text: str) -> str:
    """`text` on one line, with nothing a terminal would act on: line breaks and tabs as
    spaces, every other control character escaped as `\\x1b` is (and the bidirectional
    overrides as `\\u202e`)."""
    return _CONTROL.sub(_shown, text) if _CONTROL.search(text) else text


#: How a line that a CI runner reads as a command begins: GitHub Actions' workflow commands
#: (`::error file=…::`, `::stop-commands::`) and their older form (`##[error]`), after blanks.
_COMMAND_STARTS = ("::", "##[")


def line_start_path(path: str) -> str:
    """`safe(path)` for the start of a log line: a relative name that would start a CI
    runner's command (a file named `::error file=README.md::x.toml` in a pull request) gets
    `./` before it, which names the same file."""
    shown = safe(path)
    return "./" + shown if shown.lstrip().startswith(_COMMAND_STARTS) else shown


def controls_escaped(text: str, keep: str = "\n\r") -> str:
    """`text` with every control character escaped as `\\x1b` is, except those in `keep` (which
    the format escapes its own way)."""
    if not _CONTROL.search(text):
        return text
    return "".join(char if char in keep or not _CONTROL.fullmatch(char)
                   else _escaped(char) for char in text)


#: What a spreadsheet runs as a formula when a cell starts with it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Text that a spreadsheet would run as a formula is prefixed with `'`; so is text whose
    quotes come before such a start (`'=1`), so that `import`, which takes one quote from
    each, gives back what was written."""
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_START) else cell
