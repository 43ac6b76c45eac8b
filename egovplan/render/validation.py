"""`egovplan validate` results as text and JSON."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import Any, Protocol

from egovplan.findings import Finding, count
from egovplan.numbers import plural
from egovplan.render.jsonout import dumps
from egovplan.render.safe import line_start_path, safe


class FileResult(Protocol):
    """What a renderer needs of one checked file."""

    @property
    def path(self) -> str: ...

    @property
    def valid(self) -> bool: ...

    @property
    def findings(self) -> list[Finding]: ...


def finding_line(finding: Finding) -> str:
    """`path:line:col: severity code: message`, the form editors and CI logs understand."""
    where = line_start_path(finding.path)
    if finding.line is not None:
        where += f":{finding.line}:{finding.column or 1}"
    # one finding, one line, and no control character of the roadmap's text reaches the log
    return f"{where}: {finding.severity} {finding.code}: {safe(finding.message)}"


def file_summary(result: FileResult, gaps: tuple[int, int] | None = None) -> str:
    errors = count(result.findings, "error")
    warnings = count(result.findings, "warning")
    if errors:
        state = "invalid"
    elif warnings:
        state = "valid, with warnings"
    else:
        state = "valid"
    parts = [plural(errors, "error"), plural(warnings, "warning")] if errors or warnings else []
    path = line_start_path(result.path)
    text = f"{path}: {state}" + (f" ({', '.join(parts)})" if parts else "")
    if gaps is not None and any(gaps):
        text += (f"; {plural(sum(gaps), 'coverage gap')} ({plural(gaps[0], 'error')}, "
                 f"{plural(gaps[1], 'warning')}): see `egovplan gaps {shlex.quote(path)}`")
    return text


#: Each valid file's coverage gaps (errors, warnings), by `id()` of its result: two files
#: may show the same name (bytes that are not UTF-8 shown as U+FFFD, a line break in a name
#: shown as a space), and each must get its own counts.
GapCounts = dict[int, tuple[int, int]]


def text(results: Sequence[FileResult], gaps: GapCounts | None = None) -> str:
    """Every finding, one per line, then a line per file and a total."""
    gaps = gaps or {}
    lines = [finding_line(finding) for result in results for finding in result.findings]
    if lines:
        lines.append("")
    lines += [file_summary(result, gaps.get(id(result))) for result in results]
    if len(results) > 1:
        valid = sum(1 for result in results if result.valid)
        errors = sum(count(result.findings, "error") for result in results)
        warnings = sum(count(result.findings, "warning") for result in results)
        lines.append(
            f"{plural(len(results), 'file')} checked: {valid:,} valid, "
            f"{len(results) - valid:,} invalid; {plural(errors, 'error')}, "
            f"{plural(warnings, 'warning')}"
        )
    return "\n".join(lines) + "\n"


def validation_document(results: Sequence[FileResult],
                        gaps: GapCounts | None = None) -> dict[str, Any]:
    """The contract's `validate` document, as data."""
    gaps = gaps or {}
    files = []
    for result in results:
        entry: dict[str, Any] = {
            "path": result.path,
            "valid": result.valid,
            "errors": count(result.findings, "error"),
            "warnings": count(result.findings, "warning"),
            "findings": [
                {
                    "code": finding.code,
                    "severity": finding.severity,
                    "line": finding.line,
                    "column": finding.column,
                    "message": finding.message,
                    "subject": list(finding.subject),
                }
                for finding in result.findings
            ],
        }
        if id(result) in gaps:
            entry["gaps"] = {"errors": gaps[id(result)][0], "warnings": gaps[id(result)][1]}
        files.append(entry)
    return {"files": files}


def to_json(results: Sequence[FileResult], gaps: GapCounts | None = None) -> str:
    """The contract's `validate` document."""
    return dumps(validation_document(results, gaps))
