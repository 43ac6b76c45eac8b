"""`egovplan gaps` as text, JSON and Markdown."""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass

from egovplan.analysis.gaps import GapReport
from egovplan.findings import Finding
from egovplan.model.roadmap import Roadmap
from egovplan.numbers import plural
from egovplan.render.jsonout import dumps
from egovplan.render.safe import line_start_path, safe
from egovplan.render.schedule import md_code, md_escape
from egovplan.render.validation import FileResult, finding_line, validation_document


@dataclass(frozen=True)
class FileGaps:
    """One file's gap report, with what the renderers need to group it."""

    path: str
    roadmap: Roadmap
    report: GapReport


def _goal_of(finding: Finding, references: dict[str, tuple[str, str]],
             goals: Container[str]) -> str | None:
    """The goal a gap belongs to: the goal itself, or the goal of the measure it names (by
    the roadmap's own (goal, measure) pairs, as either id may hold a dot)."""
    if not finding.subject:
        return None
    subject = finding.subject[0]
    if finding.code in ("goal-without-measures", "numbering-hole"):
        return subject if subject in goals else None
    if finding.code == "measure-without-projects" and subject in references:
        return references[subject][0]
    return None


def grouped(result: FileGaps) -> list[tuple[str, list[Finding]]]:
    """Sections in reading order: one per goal (in file order), then one per other code."""
    by_goal: dict[str, list[Finding]] = {goal: [] for goal in result.roadmap.goals}
    by_code: dict[str, list[Finding]] = {}
    references = result.roadmap.measure_references()
    for finding in result.report.findings:
        goal_id = _goal_of(finding, references, result.roadmap.goals)
        if goal_id is not None:
            by_goal[goal_id].append(finding)
        else:
            by_code.setdefault(finding.code, []).append(finding)
    sections = [
        (f"Goal {goal_id}: {safe(result.roadmap.goals[goal_id].title)}", findings)
        for goal_id, findings in by_goal.items() if findings
    ]
    sections += [(f"{code} ({len(findings)})", findings) for code, findings in by_code.items()]
    return [(title, sorted(findings, key=lambda f: (f.line or 0, f.column or 0)))
            for title, findings in sections]


def summary(result: FileGaps) -> str:
    report = result.report
    text = (f"{line_start_path(result.path)}: {plural(len(report.findings), 'gap')} "
            f"({plural(report.errors, 'error')}, {plural(report.warnings, 'warning')})")
    if report.suppressed:
        parts = [f"{code} ×{number} ({source})"
                 for code, (number, source) in sorted(report.suppressed.items())]
        text += f"; suppressed: {', '.join(parts)}"
    return text


def text(results: Sequence[FileGaps], invalid: int = 0) -> str:
    """Each file's gaps by code and its summary line; with several files (`invalid` of them
    did not validate and are reported apart), a total."""
    lines: list[str] = []
    for result in results:
        for title, findings in grouped(result):
            lines.append(f"{title}")
            lines += [f"  {finding_line(finding)}" for finding in findings]
        lines.append(summary(result))
        lines.append("")
    if len(results) + invalid > 1:
        found = sum(len(result.report.findings) for result in results)
        errors = sum(result.report.errors for result in results)
        warnings = sum(result.report.warnings for result in results)
        total = (f"{plural(len(results) + invalid, 'file')} checked: "
                 f"{plural(found, 'gap')} ({plural(errors, 'error')}, "
                 f"{plural(warnings, 'warning')})")
        lines += [total + (f"; {invalid:,} invalid (not checked for gaps)" if invalid else ""),
                  ""]
    return "\n".join(lines)


def to_json(results: Sequence[FileGaps], invalid: Sequence[FileResult] = ()) -> str:
    """The contract's `gaps` document (`gaps` holds every file's gaps), with a summary per
    file; a file that does not validate is listed with its findings, as `validate` lists it."""
    document = {
        "gaps": [
            {
                "code": finding.code,
                "severity": finding.severity,
                "subject": list(finding.subject),
                "message": finding.message,
                "line": finding.line,
                "column": finding.column,
                "path": finding.path,
            }
            for result in results for finding in result.report.findings
        ],
        "files": [
            {
                "path": result.path,
                "errors": result.report.errors,
                "warnings": result.report.warnings,
                "suppressed": {code: {"count": number, "by": source}
                               for code, (number, source) in
                               sorted(result.report.suppressed.items())},
            }
            for result in results
        ],
    }
    if invalid:
        document["invalid"] = validation_document(invalid)["files"]
    return dumps(document)


def _item(finding: Finding) -> str:
    """A finding as a Markdown list item, at its line where it has one."""
    where = f"line {finding.line}: " if finding.line else ""
    return f"- {where}**{finding.severity}** `{finding.code}`: {md_escape(finding.message)}"


def to_markdown(results: Sequence[FileGaps], invalid: Sequence[FileResult] = ()) -> str:
    """Each file's gaps; then each file that does not validate (not checked for gaps), with
    its findings, so that a comment made of this says so."""
    lines: list[str] = []
    for result in results:
        report = result.report
        lines += [f"# Coverage gaps: {md_escape(result.roadmap.roadmap.title)}", "",
                  f"{md_code(result.path)}: {plural(len(report.findings), 'gap')} "
                  f"({plural(report.errors, 'error')}, {plural(report.warnings, 'warning')})."]
        if report.suppressed:
            lines.append("")
            lines += [f"- suppressed: `{code}` ×{number} ({source})"
                      for code, (number, source) in sorted(report.suppressed.items())]
        counts: dict[str, list[Finding]] = {}
        for finding in report.findings:
            counts.setdefault(finding.code, []).append(finding)
        if counts:
            lines += ["", "| Code | Severity | Count |", "|---|---|--:|"]
            lines += [f"| `{code}` | {found[0].severity} | {len(found)} |"
                      for code, found in counts.items()]
        for title, findings in grouped(result):
            lines += ["", f"## {md_escape(title)}", ""]
            lines += [_item(finding) for finding in findings]
        lines.append("")
    for failed in invalid:
        errors = sum(1 for finding in failed.findings if finding.is_error)
        lines += [f"# Not checked for gaps: {md_code(failed.path)}", "",
                  f"The file does not validate ({plural(errors, 'error')}):", ""]
        lines += [_item(finding) for finding in failed.findings]
        lines.append("")
    return "\n".join(lines)
