"""The one kind of finding that every stage reports with.

A TOML syntax error, a schema error, an unknown reference, a dependency cycle and a coverage gap
are all a `Finding`, so every output format handles one type.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one file.

    `line` and `column` are 1-based and count Unicode code points; they are `None` when the
    problem belongs to no single place (a file that is too large, a count the whole file
    misses).
    """

    code: str
    severity: Severity
    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None
    subject: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def at(self, path: str) -> Finding:
        """The same finding, reported for file `path`."""
        return replace(self, path=path)


def sort_key(finding: Finding) -> tuple[str, int, int, str, str]:
    """Order findings as a reader scans a file: by path, then position, then code."""
    return (
        finding.path,
        finding.line or 0,
        finding.column or 0,
        finding.code,
        finding.message,
    )


def count(findings: list[Finding], severity: Severity) -> int:
    return sum(1 for finding in findings if finding.severity == severity)
