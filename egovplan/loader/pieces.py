"""Parsing a large roadmap in pieces: the same data as one parse, in half the time and memory.

`rtoml` builds Rust's whole document tree before it makes the Python objects, so a parse of a
24 MB roadmap peaks at about 850 MB, and half its time goes to the kernel handing it fresh
memory. A roadmap's bulk is its `[projects.<id>]` tables, so `loads` parses the text in pieces
of about a megabyte, each starting at such a header, and puts the pieces' projects together:
the memory of one piece's tree is reused by the next.

The result is the one parse's, or `None` (then the caller parses the whole text: its errors
are the ones reported, exactly as before). TOML lets a later part of a file change what an
earlier part means only through tables both name, so `loads` gives up unless:

- the first piece parses with a fresh `[projects.<probe>]` header after it: so it ends outside
  any string or array, and the `projects` table can still take new sub-tables (it was not
  written inline, `projects = { … }`, nor as an array of tables);
- every later piece parses alone, and each of its table headers (each line that starts with
  `[`, after any spaces) names a table under `projects.`, not `projects` itself, nor an array
  of tables: so each later piece only adds sub-tables of `projects`, and starts where the one
  before ends, outside any value;
- no two pieces name the same project (a project's tables are all in one piece: no cut
  falls before a header that names the same project as the header above it).

Any other file, and any file with an error, is parsed whole: a large file with a syntax error
near its end costs nearly two parses. Tests compare the two on random documents built to break
exactly these rules (and a review compared them on 3.5 million generated documents).
"""

from __future__ import annotations

import re
from typing import Any

#: The size of a piece, in characters (about a megabyte); a text no longer is parsed whole.
PIECE_CHARACTERS = 1 << 20
_HEADER = "\n[projects."
#: A line that starts a table header other than `[projects.<…>…]` (or a line inside a value
#: that looks like one: then the text is parsed whole too). Searched from the newline before
#: the second piece: a pattern that starts with a newline is found fast.
_OTHER_HEADER = re.compile(r"\n[ \t]*\[(?![ \t]*projects[ \t]*\.)")
_PROBE = "egovplan-piece-probe"
#: A header's first key after `[projects.`, as spelt.
_KEY = re.compile(r"[^.\]\n]*")


def _project(text: str, header: int) -> str | None:
    """The project key as spelt in the `[projects.…]` header at `header` (the newline before
    it), up to its first dot: the same for a project's table and its sub-tables
    (`[projects.a.estimate]`, as tomli-w writes them), which must stay in one piece. A quoted
    id with a dot is cut short, so two such projects may look like one: then no cut falls
    between them, which is only a missed cut."""
    if header < 0:
        return None
    # `_KEY` matches everywhere (at worst nothing)
    return _KEY.match(text, header + len(_HEADER)).group()  # type: ignore[union-attr]


def loads(text: str, piece: int = PIECE_CHARACTERS) -> dict[str, Any] | None:
    """The data of `text` parsed in pieces of about `piece` characters, or `None` when it
    cannot be parsed so (see the module's docstring)."""
    import rtoml

    cuts = []
    position = piece
    while position < len(text):
        found = text.find(_HEADER, position)
        if found < 0:
            break
        if _project(text, found) == _project(text, text.rfind(_HEADER, 0, found)):
            position = found + 1  # a sub-table of the project above: its piece goes on
            continue
        cuts.append(found + 1)
        position = found + 1 + piece
    if not cuts or _PROBE in text or _OTHER_HEADER.search(text, cuts[0] - 1) is not None:
        return None
    try:
        data: dict[str, Any] = rtoml.loads(f"{text[:cuts[0]]}[projects.{_PROBE}]\n")
        projects = data.get("projects")
        if not isinstance(projects, dict) or projects.get(_PROBE) != {}:
            return None
        del projects[_PROBE]
        for start, end in zip(cuts, [*cuts[1:], len(text)], strict=True):
            more = rtoml.loads(text[start:end])
            added = more.get("projects")
            if len(more) != 1 or not isinstance(added, dict) or not projects.keys().isdisjoint(
                    added):
                return None
            projects.update(added)
    except rtoml.TomlParsingError:
        return None
    return data
