"""`egovplan diff` as coloured text, JSON and Markdown (for a pull-request comment)."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from egovplan.analysis.diff import Changed, LinkChange, RoadmapDiff
from egovplan.findings import Finding
from egovplan.render.jsonout import dumps
from egovplan.render.schedule import md_escape

#: GitHub refuses comments longer than this many characters.
MARKDOWN_LIMIT = 65_536


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _link(link: tuple[str, int] | None) -> str:
    if link is None:
        return "—"
    kind, lag = link
    return f"{kind}{lag:+d}m" if lag else kind


def link_text(change: LinkChange) -> str:
    if change.old is None:
        return f"+ depends on {change.pred} ({_link(change.new)})"
    if change.new is None:
        return f"- no longer depends on {change.pred} ({_link(change.old)})"
    return f"~ dependency on {change.pred}: {_link(change.old)} → {_link(change.new)}"


def _plural(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def summary_line(diff: RoadmapDiff) -> str:
    parts = [f"{len(diff.added)} added", f"{len(diff.removed)} removed",
             f"{len(diff.renamed)} renamed", f"{len(diff.changed)} changed"]
    text = ", ".join(parts)
    if diff.schedule is not None:
        s = diff.schedule
        text += (f"; finish {s.old_finish} → {s.new_finish} ({s.delta_months:+d} months)"
                 if s.delta_months else f"; finish unchanged ({s.new_finish})")
    if diff.gaps is not None:
        text += (f"; {_plural(len(diff.gaps.new), 'new gap')}, "
                 f"{len(diff.gaps.resolved)} resolved")
    return text


def text(diff: RoadmapDiff, old: str, new: str) -> Text:
    out = Text()
    out.append(f"{old} → {new}\n", style="bold")
    out.append(summary_line(diff) + "\n")
    if not diff.changes:
        out.append("No semantic changes.\n", style="green")
    for entity in diff.added:
        out.append(f"+ {entity.kind} {entity.id}: {entity.title}\n", style="green")
    for entity in diff.removed:
        out.append(f"- {entity.kind} {entity.id}: {entity.title}\n", style="red")
    for renamed in diff.renamed:
        out.append(f"→ {renamed.kind} {renamed.old} renamed {renamed.new}: {renamed.title}\n",
                   style="cyan")
    for changed in diff.changed:
        out.append(f"~ {changed.kind} {changed.id}: {changed.title}\n", style="yellow")
        for line in _change_lines(changed):
            out.append(f"    {line}\n")
    schedule = diff.schedule
    if schedule is not None and (schedule.moved or schedule.delta_months
                                 or schedule.old_critical_path != schedule.new_critical_path):
        out.append("\nSchedule\n", style="bold")
        out.append(f"  finish: {schedule.old_finish} → {schedule.new_finish} "
                   f"({schedule.delta_months:+d} months)\n" if schedule.delta_months
                   else f"  finish: {schedule.old_finish} (unchanged)\n")
        if schedule.old_critical_path != schedule.new_critical_path:
            out.append(f"  critical path: {' → '.join(schedule.old_critical_path) or '—'}\n"
                       f"             → {' → '.join(schedule.new_critical_path) or '—'}\n")
        for shift in schedule.moved:
            out.append(f"  {shift.id}: {shift.old_start}–{shift.old_finish} → "
                       f"{shift.new_start}–{shift.new_finish} "
                       f"(start {shift.start_delta:+d}, finish {shift.finish_delta:+d})\n")
        if schedule.became_critical:
            out.append(f"  became critical: {', '.join(schedule.became_critical)}\n",
                       style="red")
        if schedule.no_longer_critical:
            out.append(f"  no longer critical: {', '.join(schedule.no_longer_critical)}\n",
                       style="green")
    if diff.gaps is not None and (diff.gaps.new or diff.gaps.resolved):
        out.append("\nGaps\n", style="bold")
        for finding in diff.gaps.new:
            out.append(f"  + {finding.severity} {finding.code}: {finding.message}\n",
                       style="red")
        for finding in diff.gaps.resolved:
            out.append(f"  - {finding.code}: {finding.message}\n", style="green")
    return out


def _change_lines(changed: Changed) -> list[str]:
    lines = [f"{change.field}: {_value(change.old)} → {_value(change.new)}"
             for change in changed.fields]
    return lines + [link_text(link) for link in changed.links]


# -- JSON --------------------------------------------------------------------------------------

def _gap(finding: Finding) -> dict[str, Any]:
    return {"code": finding.code, "severity": finding.severity,
            "subject": list(finding.subject), "message": finding.message,
            "line": finding.line}


def document(diff: RoadmapDiff, old: str, new: str) -> dict[str, Any]:
    """The contract's `diff` document."""
    schedule = diff.schedule
    result: dict[str, Any] = {
        "old": old,
        "new": new,
        "changes": diff.changes,
        "added": [{"kind": e.kind, "id": e.id, "title": e.title} for e in diff.added],
        "removed": [{"kind": e.kind, "id": e.id, "title": e.title} for e in diff.removed],
        "renamed": [{"kind": r.kind, "old": r.old, "new": r.new, "title": r.title}
                    for r in diff.renamed],
        "changed": [
            {
                "kind": c.kind, "id": c.id, "title": c.title,
                "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in c.fields],
                "links": [{"id": link.pred,
                           "old": None if link.old is None else
                           {"type": link.old[0], "lag": link.old[1]},
                           "new": None if link.new is None else
                           {"type": link.new[0], "lag": link.new[1]}}
                          for link in c.links],
            }
            for c in diff.changed
        ],
    }
    if schedule is not None:
        result["schedule"] = {
            "finish": {"old": schedule.old_finish, "new": schedule.new_finish,
                       "delta_months": schedule.delta_months},
            "critical_path": {"old": schedule.old_critical_path,
                              "new": schedule.new_critical_path},
            "moved": [
                {"id": s.id, "start": {"old": s.old_start, "new": s.new_start,
                                       "delta_months": s.start_delta},
                 "finish": {"old": s.old_finish, "new": s.new_finish,
                            "delta_months": s.finish_delta}}
                for s in schedule.moved
            ],
            "became_critical": schedule.became_critical,
            "no_longer_critical": schedule.no_longer_critical,
        }
    if diff.gaps is not None:
        result["gaps"] = {"new": [_gap(f) for f in diff.gaps.new],
                          "resolved": [_gap(f) for f in diff.gaps.resolved]}
    return result


def to_json(diff: RoadmapDiff, old: str, new: str) -> str:
    return dumps(document(diff, old, new))


# -- Markdown ----------------------------------------------------------------------------------

def to_markdown(diff: RoadmapDiff, old: str, new: str, limit: int = MARKDOWN_LIMIT) -> str:
    """A pull-request comment: a summary table, then details, cut to stay under `limit`
    characters (saying what was left out)."""
    head = [f"## Roadmap changes: `{md_escape(old)}` → `{md_escape(new)}`", "",
            "| | |", "|---|--:|",
            f"| added | {len(diff.added)} |", f"| removed | {len(diff.removed)} |",
            f"| renamed | {len(diff.renamed)} |", f"| changed | {len(diff.changed)} |"]
    schedule = diff.schedule
    if schedule is not None:
        head.append(f"| finish | {schedule.old_finish} → {schedule.new_finish} "
                    f"({schedule.delta_months:+d} months) |")
        head.append(f"| projects moved | {len(schedule.moved)} |")
    if diff.gaps is not None:
        head.append(f"| new gaps | {len(diff.gaps.new)} |")
        head.append(f"| resolved gaps | {len(diff.gaps.resolved)} |")
    if not diff.changes:
        head += ["", "No semantic changes."]
    sections = _markdown_sections(diff)
    return _fit("\n".join(head) + "\n", sections, limit)


def _markdown_sections(diff: RoadmapDiff) -> list[tuple[str, list[str]]]:
    sections: list[tuple[str, list[str]]] = []
    if diff.added:
        sections.append(("Added", [f"- {e.kind} `{md_escape(e.id)}`: {md_escape(e.title)}"
                                   for e in diff.added]))
    if diff.removed:
        sections.append(("Removed", [f"- {e.kind} `{md_escape(e.id)}`: {md_escape(e.title)}"
                                     for e in diff.removed]))
    if diff.renamed:
        sections.append(("Renamed", [f"- {r.kind} `{md_escape(r.old)}` → `{md_escape(r.new)}`"
                                     for r in diff.renamed]))
    if diff.changed:
        lines = []
        for changed in diff.changed:
            lines.append(f"- {changed.kind} `{md_escape(changed.id)}`")
            lines += [f"  - {md_escape(line)}" for line in _change_lines(changed)]
        sections.append(("Changed", lines))
    schedule = diff.schedule
    if schedule is not None and (schedule.moved or schedule.delta_months
                                 or schedule.old_critical_path != schedule.new_critical_path):
        lines = [f"- finish: {schedule.old_finish} → {schedule.new_finish} "
                 f"({schedule.delta_months:+d} months)",
                 f"- critical path: {md_escape(' → '.join(schedule.old_critical_path) or '—')}"
                 f" ⇒ {md_escape(' → '.join(schedule.new_critical_path) or '—')}"]
        if schedule.became_critical:
            lines.append(f"- became critical: {md_escape(', '.join(schedule.became_critical))}")
        if schedule.no_longer_critical:
            lines.append("- no longer critical: "
                         f"{md_escape(', '.join(schedule.no_longer_critical))}")
        if schedule.moved:
            lines += ["", "| project | start | finish |", "|---|---|---|"]
            lines += [f"| `{md_escape(s.id)}` | {s.old_start} → {s.new_start} "
                      f"({s.start_delta:+d}) | {s.old_finish} → {s.new_finish} "
                      f"({s.finish_delta:+d}) |" for s in schedule.moved]
        sections.append(("Schedule", lines))
    if diff.gaps is not None and diff.gaps.new:
        sections.append(("New gaps", [f"- **{f.severity}** `{f.code}`: {md_escape(f.message)}"
                                      for f in diff.gaps.new]))
    if diff.gaps is not None and diff.gaps.resolved:
        sections.append(("Resolved gaps", [f"- `{f.code}`: {md_escape(f.message)}"
                                           for f in diff.gaps.resolved]))
    return sections


def _fit(head: str, sections: list[tuple[str, list[str]]], limit: int) -> str:
    out = head
    left_out: list[str] = []
    for title, lines in sections:
        block_head = f"\n### {title}\n\n"
        reserve = 400  # room for the note on what was left out
        if len(out) + len(block_head) + reserve > limit:
            left_out.append(f"{title} ({len(lines)} lines)")
            continue
        out += block_head
        for index, line in enumerate(lines):
            if len(out) + len(line) + 1 + reserve > limit:
                left_out.append(f"{title}: {len(lines) - index} of {len(lines)} lines")
                break
            out += line + "\n"
    if left_out:
        out += ("\n> This diff is too large for one comment; left out: "
                + "; ".join(left_out) + ". Run `egovplan diff` for the whole of it.\n")
    return out
