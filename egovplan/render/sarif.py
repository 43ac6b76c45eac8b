"""Findings as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One rule per finding code; results carry the level, the message, the file as a URI relative to
the directory egovplan ran in, the region (line and column) and a `partialFingerprints` entry
that does not depend on the line, so that a finding keeps its identity when the lines above it
move.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from egovplan import __version__
from egovplan.analysis.gaps import GAPS
from egovplan.checks import CHECKS
from egovplan.codes import READING_AND_SCHEMA
from egovplan.findings import Finding
from egovplan.render.jsonout import dumps

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: A line a message names ("first on line 12"): not part of a finding's identity.
_LINE = re.compile(r"\bline \d+")
_LEVELS = {"error": "error", "warning": "warning"}


def all_codes() -> dict[str, tuple[str, str]]:
    """Every finding code → (default severity, what it finds)."""
    codes = {code: ("error", text) for code, text in READING_AND_SCHEMA.items()}
    for code, function in CHECKS.items():
        codes[code] = ("error", " ".join((function.__doc__ or code).split()))
    for code, check in GAPS.items():
        codes[code] = (check.severity, " ".join(check.description.split()))
    return codes


@functools.cache
def _where(path: str, cwd: str) -> tuple[str | None, str]:
    """Where `path` is, seen from the directory `cwd`: relative to it (`None` when outside it)
    and as a `file:` URI. The file is named as given, its directories as the system finds
    them (`.`, `..` and linked directories resolved), so that the spellings of one path inside
    `cwd` are one name (`here/x.toml`, `here` a link to `.`, is `x.toml`). Where that leaves
    `cwd` (a linked directory pointing outside the checkout), a path without `..` keeps the
    name it is written with (`data/x.toml`: GitHub reads the checkout's names), and outside
    `cwd` such a path, made absolute, is its URI (`/dev/stdin` and `/dev/fd/0` stay themselves;
    resolved, they name this process's pipe, another one each run). A path with `..` is only
    ever what the system finds (`link/../x.toml` is not the checkout's `x.toml` when `link`
    points elsewhere). Cached for one document (`document` clears it): each file's findings
    all ask."""
    named = Path(path)
    physical = Path(os.path.realpath(named.parent)) / named.name
    written = physical if ".." in named.parts else Path(os.path.normpath(Path(cwd, path)))
    for candidate in (physical, written):
        try:
            return candidate.relative_to(cwd).as_posix(), written.as_uri()
        except ValueError:
            continue
    return None, written.as_uri()


def _cwd() -> str:
    """The working directory, as the cache's key (a string: `Path.cwd()` builds a path each
    time, a third of the time of a SARIF document of many findings)."""
    return os.getcwd()  # noqa: PTH109


def uri(path: str) -> str:
    """`path` as a URI reference relative to the current directory where it can be (else a
    `file:` URI): spaces, '%', ':' (a first segment would read as a scheme), ',' and non-ASCII
    characters percent-encoded, as SARIF requires."""
    relative, absolute = _where(path, _cwd())
    return absolute if relative is None else quote(relative, safe="/")


def fingerprint(finding: Finding, occurrence: int = 1) -> str:
    """Stable across line moves: the code, the file and the subject (or the message), and
    for the second and later finding with all three the same (`depends_on = ["a", "a"]`), its
    place among them, so that code scanning keeps one alert each. The path is hashed as
    written, not percent-encoded (fingerprints from before the encoding hold). A message
    stands in for a finding without a subject (a syntax error, a key written twice), with the
    lines it names left out ("first on line N"), so that it too survives lines moving, and
    without what follows its first "; " (a did-you-mean that other ids in the file decide, the
    keys allowed, which a later egovplan may extend), so that it survives those changing; a
    syntax error whole (its hint depends on its own line alone)."""
    relative, absolute = _where(finding.path, _cwd())
    identity = "\x1f".join([finding.code, absolute if relative is None else relative,
                            "\x1e".join(finding.subject) or _message_identity(finding)])
    if occurrence > 1:
        identity += f"\x1f{occurrence}"
    return hashlib.sha256(identity.encode()).hexdigest()[:32]


def _message_identity(finding: Finding) -> str:
    """What identifies a finding without a subject: its message without the lines it names;
    a file's one `too-large` by its code alone (its message gives the file's size, which
    every edit changes)."""
    if finding.code == "too-large":
        return ""
    # a syntax error's hint names its key and what to write (the same wherever it moves),
    # where without it two bare months would be told apart only by their order
    message = finding.message if finding.code == "toml-syntax" else (
        finding.message.split("; ", 1)[0])
    return _LINE.sub("line N", message)


def document(findings: Sequence[Finding]) -> dict[str, Any]:
    _where.cache_clear()  # links may have changed since the last document of this process
    codes = all_codes()
    used = sorted({finding.code for finding in findings} | set(codes))
    index = {code: number for number, code in enumerate(used)}
    rules = [
        {
            "id": code,
            "name": "".join(part.title() for part in code.split("-")),
            "shortDescription": {"text": codes.get(code, ("error", code))[1]},
            "defaultConfiguration": {"level": _LEVELS[codes.get(code, ("error", ""))[0]]},
        }
        for code in used
    ]
    results = []
    seen: Counter[str] = Counter()
    for finding in findings:
        base = fingerprint(finding)
        seen[base] += 1
        location: dict[str, Any] = {"artifactLocation": {"uri": uri(finding.path)}}
        if finding.line is not None:
            location["region"] = {"startLine": finding.line,
                                  "startColumn": finding.column or 1}
        results.append({
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": _LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"egovplanFinding/v1": fingerprint(finding, seen[base])},
        })
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "egovplan",
                "version": __version__,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def to_sarif(findings: Sequence[Finding]) -> str:
    return dumps(document(findings))
