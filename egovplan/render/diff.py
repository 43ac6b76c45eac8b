"""`egovplan diff` as coloured text, JSON and Markdown (for a pull-request comment)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text

from egovplan.analysis.diff import (
    Changed,
    FloatChange,
    LinkChange,
    RoadmapDiff,
    ScheduleImpact,
    _freeze,
)
from egovplan.findings import Finding, count
from egovplan.numbers import difference, format_number, grouped, plural
from egovplan.render.jsonout import dumps
from egovplan.render.safe import line_start_path, safe
from egovplan.render.schedule import md_code as code
from egovplan.render.schedule import md_escape
from egovplan.render.validation import FileResult, finding_line

#: GitHub refuses comments longer than this many characters.
MARKDOWN_LIMIT = 65_536


def _value(value: Any, *, quoted: bool = False) -> str:
    """A value as a change shows it: strings as they are (`quoted`: in double quotes, as TOML
    writes them, and absence as `(absent)`, for values that would otherwise read alike)."""
    if value is None:
        return "(absent)" if quoted else "—"
    if isinstance(value, bool):  # as TOML writes it
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_value(item, quoted=quoted) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(str(k), quoted=quoted)} = {_value(v, quoted=quoted)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, float):  # every digit it has, and none it has not (1e+29, not 1000…)
        return format_number(value, exact=True)
    if quoted and isinstance(value, str):
        return _toml_string(value)
    return safe(str(value))


#: TOML's short escapes; other white space but the plain space is written `\uXXXX`.
_TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n",
                 "\f": "\\f", "\r": "\\r"}


def _toml_string(text: str) -> str:
    """`text` in double quotes as TOML writes it, with every white space but the plain space
    escaped (`\\n`, `\\t`, `\\u3000`: quoted because they read alike, two values must not
    look the same because `safe` showed a line break as a space or a no-break space looks
    like one), other control characters as `safe` does."""
    escaped = "".join(
        _TOML_ESCAPES.get(char) or (f"\\u{ord(char):04X}" if char.isspace() and char != " "
                                    else char)
        for char in text)
    return '"' + safe(escaped) + '"'


def _key(key: str, *, quoted: bool) -> str:
    """A table's key; `quoted`: as TOML writes it, in quotes unless it is a bare key."""
    if quoted and not re.fullmatch(r"[A-Za-z0-9_-]+", key):
        return _toml_string(key)
    return safe(key)


def _values(old: Any, new: Any) -> tuple[str, str, bool]:
    """Two values of a change, quoted where they would read alike though they differ
    (`"1"` and `1`, an absent value and `"—"`, and texts that differ only in their spaces,
    line breaks or tabs, which a reader does not see: `"Goal G"` and `"Goal  G"`); and
    whether they were."""
    shown = _value(old), _value(new)
    if _alike(*shown) or _hides(old, new) or any(ARROW in value for value in shown):
        return _value(old, quoted=True), _value(new, quoted=True), True
    return shown[0], shown[1], False


#: What separates a field's old value from its new one; a value holding it is quoted, so that
#: `title: A → B → C` cannot be read two ways.
ARROW = "→"


def _alike(old: str, new: str) -> bool:
    return " ".join(old.split()) == " ".join(new.split())


def _hides(old: Any, new: Any) -> bool:
    """Whether an entry of two tables (or lists of one length) reads alike on both sides
    though it changed: `{ s = "1", n = 1 }` → `{ s = 1, n = 2 }` showed `s = 1` twice."""
    if isinstance(old, dict) and isinstance(new, dict):
        pairs = [(old[key], new[key]) for key in old.keys() & new.keys()]
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        pairs = list(zip(old, new, strict=True))
    else:
        return False
    # changed as the diff compares values (`_freeze`: a nan equals a nan, `true` is not `1`)
    return any(_freeze(a) != _freeze(b) and (_alike(_value(a), _value(b)) or _hides(a, b))
               for a, b in pairs)


def _months(delta: int) -> str:
    """A signed number of months: "+1 month", "-3 months"."""
    return f"{delta:+d} month{'' if abs(delta) == 1 else 's'}"


def _link(link: tuple[str, int] | None) -> str:
    if link is None:
        return "—"
    kind, lag = link
    return f"{kind}{lag:+d}m" if lag else kind


def link_text(change: LinkChange, name: Callable[[str], str] = str) -> str:
    """A changed dependency as a line; `name` writes the project's id (Markdown: a code
    span)."""
    pred = name(change.pred)
    if change.old is None:
        return f"+ depends on {pred} ({_link(change.new)})"
    if change.new is None:
        return f"- no longer depends on {pred} ({_link(change.old)})"
    return f"~ dependency on {pred}: {_link(change.old)} → {_link(change.new)}"


def summary_line(diff: RoadmapDiff) -> str:
    parts = [f"{len(diff.added)} added", f"{len(diff.removed)} removed",
             f"{len(diff.renamed)} renamed", f"{len(diff.changed)} changed"]
    text = ", ".join(parts)
    if diff.schedule is not None:
        s = diff.schedule
        text += (f"; finish {s.old_finish} → {s.new_finish} ({_months(s.delta_months)})"
                 if s.delta_months else f"; finish unchanged ({s.new_finish})")
    if diff.cost is not None and diff.cost.old != diff.cost.new:
        text += f"; cost {_cost(diff)}"
    if diff.gaps is not None:
        text += (f"; {plural(len(diff.gaps.only_new), 'new gap')}, "
                 f"{len(diff.gaps.only_resolved)} resolved")
        if diff.gaps.changed:
            text += f", {len(diff.gaps.changed)} changed"
        if diff.gaps.suppressed:
            text += f", {len(diff.gaps.suppressed)} suppressed"
    return text


def _cost(diff: RoadmapDiff) -> str:
    """The total cost old → new with the change (`1,200 → 1,350 (+150)`), or the total and
    "(unchanged)"."""
    assert diff.cost is not None  # noqa: S101 - only where there is one
    old, new = diff.cost.old, diff.cost.new
    if old == new:
        return f"{grouped(new)} (unchanged)"
    change = difference(new, old)
    return f"{grouped(old)} → {grouped(new)} ({'+' if change > 0 else ''}{grouped(change)})"


def _schedule_changed(schedule: ScheduleImpact) -> bool:
    """Whether the schedule impact has anything to say."""
    return bool(
        schedule.moved or schedule.delta_months or schedule.became_critical
        or schedule.no_longer_critical
        or schedule.critical_path_changed or schedule.less_float
        or _path_counts(schedule))


def _path_counts(schedule: ScheduleImpact) -> str:
    """"4 → 1" when the number of critical paths changed, else nothing."""
    old, new = schedule.path_counts
    if old == new:
        return ""
    return f"{_count(old)} → {_count(new)}"


def _count(paths: int | None) -> str:
    return "more than can be counted" if paths is None else f"{paths:,}"


def _less_float(changes: list[FloatChange], name: Callable[[str], str] = str) -> str:
    """Projects with less total float: `ppss (2 → 1)`, …"""
    return ", ".join(f"{name(change.id)} ({change.old:+d} → {change.new:+d})"
                     if change.new < 0 or change.old < 0
                     else f"{name(change.id)} ({change.old} → {change.new})"
                     for change in changes)


def text(diff: RoadmapDiff, old: str, new: str) -> Text:
    out = Text()
    out.append(f"{line_start_path(old)} → {safe(new)}\n", style="bold")
    out.append(summary_line(diff) + "\n")
    if not diff.changes:
        out.append("No semantic changes.\n", style="green")
    for entity in diff.added:
        out.append(f"+ {entity.kind} {entity.id}: {safe(entity.title)}\n", style="green")
    for entity in diff.removed:
        out.append(f"- {entity.kind} {entity.id}: {safe(entity.title)}\n", style="red")
    for renamed in diff.renamed:
        out.append(f"→ {renamed.kind} {renamed.old} renamed {renamed.new}: "
                   f"{safe(renamed.title)}\n", style="cyan")
    for changed in diff.changed:
        # the roadmap's own table is one of a kind: its id is not a name to repeat
        label = "roadmap" if changed.kind == "roadmap" else f"{changed.kind} {changed.id}"
        out.append(f"~ {label}: {safe(changed.title)}\n", style="yellow")
        for line in _change_lines(changed):
            out.append(f"    {line}\n")
    schedule = diff.schedule
    if schedule is not None and _schedule_changed(schedule):
        out.append("\nSchedule\n", style="bold")
        out.append(f"  finish: {schedule.old_finish} → {schedule.new_finish} "
                   f"({_months(schedule.delta_months)})\n" if schedule.delta_months
                   else f"  finish: {schedule.old_finish} (unchanged)\n")
        if schedule.critical_path_changed:
            out.append(f"  critical path was: {' → '.join(schedule.old_critical_path) or '—'}\n"
                       f"                now: {' → '.join(schedule.new_critical_path) or '—'}\n")
        if counts := _path_counts(schedule):
            out.append(f"  critical paths: {counts}\n")
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
        if schedule.less_float:
            out.append(f"  less float (months): {_less_float(schedule.less_float)}\n",
                       style="yellow")
    gaps = diff.gaps
    if gaps is not None and (gaps.new or gaps.resolved or gaps.changed or gaps.suppressed):
        out.append("\nGaps\n", style="bold")
        for finding in gaps.only_new:
            out.append(f"  + {finding.severity} {finding.code}: {safe(finding.message)}\n",
                       style="red")
        for finding in gaps.only_resolved:
            out.append(f"  - {finding.severity} {finding.code}: {safe(finding.message)}\n",
                       style="green")
        for was, now in gaps.changed:
            out.append(f"  ± {now.severity} {now.code}: {safe(now.message)}\n"
                       f"      was: {safe(was.message)}\n", style="yellow")
        for finding in gaps.suppressed:
            out.append(f"  ~ {finding.code} (now ignored): {safe(finding.message)}\n",
                       style="yellow")
    return out


def _field_lines(changed: Changed, *, markdown: bool = False) -> list[str]:
    """Each changed field as a line; in Markdown, quoted values are code spans (Markdown
    would run their spaces together)."""
    lines = []
    for change in changed.fields:
        old, new, quoted = _values(change.old, change.new)
        note = _normalization(change.old, change.new)
        if markdown:
            shown = (code(old), code(new)) if quoted else (md_escape(old), md_escape(new))
            lines.append(f"{md_escape(change.field)}: {shown[0]} → {shown[1]}{note}")
        else:
            lines.append(f"{change.field}: {old} → {new}{note}")
    return lines


def _normalization(old: Any, new: Any) -> str:
    """A note for two texts that differ only in how their letters are encoded (Korean
    written as composed syllables or as decomposed jamo, as text from macOS or a PDF may be):
    they look the same on both sides of the arrow."""
    if not (isinstance(old, str) and isinstance(new, str) and old != new
            and unicodedata.normalize("NFC", old) == unicodedata.normalize("NFC", new)):
        return ""
    return (f" (the same text in another Unicode form: {_form(old)} → {_form(new)}; "
            "NFC is the usual one)")


def _form(text: str) -> str:
    for form in ("NFC", "NFD"):
        if unicodedata.is_normalized(form, text):
            return form
    return "mixed"


def _change_lines(changed: Changed) -> list[str]:
    return _field_lines(changed) + [link_text(link) for link in changed.links]


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
        # a renamed entity is, by id, one removed and one added: so it is in the contract's
        # lists, marked (`renamed_from`, `renamed_to`: egovplan extensions), and in `renamed`
        "added": [{"kind": e.kind, "id": e.id, "title": e.title} for e in diff.added] + [
            {"kind": r.kind, "id": r.new, "title": r.title, "renamed_from": r.old}
            for r in diff.renamed],
        "removed": [{"kind": e.kind, "id": e.id, "title": e.title} for e in diff.removed] + [
            {"kind": r.kind, "id": r.old, "title": r.title, "renamed_to": r.new}
            for r in diff.renamed],
        "renamed": [{"kind": r.kind, "old": r.old, "new": r.new, "title": r.title}
                    for r in diff.renamed],
        "changed": [
            {
                "kind": c.kind, "id": c.id, "title": c.title,
                "fields": [{"field": f.field, "old": _json_value(f.old),
                            "new": _json_value(f.new)} for f in c.fields],
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
                              "new": schedule.new_critical_path,
                              "changed": schedule.critical_path_changed},
            "moved": [
                {"id": s.id, "start": {"old": s.old_start, "new": s.new_start,
                                       "delta_months": s.start_delta},
                 "finish": {"old": s.old_finish, "new": s.new_finish,
                            "delta_months": s.finish_delta}}
                for s in schedule.moved
            ],
            "became_critical": schedule.became_critical,
            "no_longer_critical": schedule.no_longer_critical,
            "less_float": [{"id": change.id, "old": change.old, "new": change.new}
                           for change in schedule.less_float],
            "critical_paths": {"old": schedule.path_counts[0], "new": schedule.path_counts[1]},
        }
    if diff.cost is not None:  # an egovplan extension
        result["cost"] = {"old": diff.cost.old, "new": diff.cost.new,
                          "delta": difference(diff.cost.new, diff.cost.old)}
    if diff.gaps is not None:
        result["gaps"] = {"new": [_gap(f) for f in diff.gaps.new],
                          "resolved": [_gap(f) for f in diff.gaps.resolved],
                          "suppressed": [_gap(f) for f in diff.gaps.suppressed],
                          "changed": [{"old": _gap(was), "new": _gap(now)}
                                      for was, now in diff.gaps.changed]}
    return result


def _json_value(value: Any) -> Any:
    """A field's value for JSON: a NaN or infinite number in user data (which JSON cannot
    hold, and orjson would write as null) as TOML writes it: "nan", "inf", "-inf"."""
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if value != value else ("inf" if value > 0 else "-inf")
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    return value


def to_json(diff: RoadmapDiff, old: str, new: str) -> str:
    return dumps(document(diff, old, new))


# -- Markdown ----------------------------------------------------------------------------------

def _md_link(link: LinkChange) -> str:
    """A changed dependency as a Markdown list item's text: the id a code span, a leading `+`
    or `-` escaped."""
    text = link_text(link, code)
    return "\\" + text if text[:1] in "+-" else text


def to_markdown(diff: RoadmapDiff, old: str, new: str, limit: int = MARKDOWN_LIMIT) -> str:
    """A pull-request comment: a summary table, then details, cut to stay under `limit`
    characters (saying what was left out)."""
    head = [f"## Roadmap changes: {code(old)} → {code(new)}", "",
            "| | |", "|---|--:|",
            f"| added | {len(diff.added)} |", f"| removed | {len(diff.removed)} |",
            f"| renamed | {len(diff.renamed)} |", f"| changed | {len(diff.changed)} |"]
    schedule = diff.schedule
    if schedule is not None:
        change = (f"{schedule.old_finish} → {schedule.new_finish} "
                  f"({_months(schedule.delta_months)})" if schedule.delta_months
                  else f"{schedule.new_finish} (unchanged)")
        head.append(f"| finish | {change} |")
        head.append(f"| projects moved | {len(schedule.moved)} |")
    if diff.cost is not None:
        head.append(f"| cost | {_cost(diff)} |")
    if diff.gaps is not None:
        head.append(f"| new gaps | {len(diff.gaps.only_new)} |")
        head.append(f"| resolved gaps | {len(diff.gaps.only_resolved)} |")
        if diff.gaps.changed:
            head.append(f"| changed gaps | {len(diff.gaps.changed)} |")
        if diff.gaps.suppressed:
            head.append(f"| gaps now ignored | {len(diff.gaps.suppressed)} |")
    if not diff.changes:
        head += ["", "No semantic changes."]
    sections = _markdown_sections(diff)
    return _fit("\n".join(head) + "\n", sections, limit)


def invalid_markdown(invalid: Sequence[FileResult], old: str, new: str) -> str:
    """The pull-request comment when a side does not validate: which, and every finding."""
    lines = [f"## Roadmap changes: {code(old)} → {code(new)}", ""]
    for result in invalid:
        errors = count(result.findings, "error")
        lines += [f"Not compared: {code(result.path)} does not validate "
                  f"({plural(errors, 'error')}).", ""]
        lines += [f"- {code(finding_line(finding))}" for finding in result.findings]
        lines.append("")
    return _cut("\n".join(lines))


def _cut(comment: str) -> str:
    """A comment of findings kept under GitHub's limit, whole lines only."""
    if len(comment) <= MARKDOWN_LIMIT:
        return comment
    kept = comment[:MARKDOWN_LIMIT - 200].rsplit("\n", 1)[0]
    return kept + "\n\n> Too many findings for one comment: run `egovplan validate`.\n"


def _markdown_sections(diff: RoadmapDiff) -> list[tuple[str, list[str]]]:
    """Sections of list items (or table rows); a line indented by two spaces continues the
    item before it. What the change does comes first (the schedule's finish and critical
    path, then the gaps, then the projects that moved), the entities changed after it: a
    comment too large for GitHub is cut from its end, so the impact is what stays."""
    sections: list[tuple[str, list[str]]] = []
    schedule = diff.schedule
    if schedule is not None and _schedule_changed(schedule):
        finish = (f"{schedule.old_finish} → {schedule.new_finish} "
                  f"({_months(schedule.delta_months)})" if schedule.delta_months
                  else f"{schedule.new_finish} (unchanged)")
        lines = [f"- finish: {finish}"]
        if schedule.critical_path_changed:
            lines.append(f"- critical path was: {_md_path(schedule.old_critical_path)}")
            lines.append(f"- critical path now: {_md_path(schedule.new_critical_path)}")
        if counts := _path_counts(schedule):
            lines.append(f"- critical paths: {counts}")
        if schedule.became_critical:
            lines.append(f"- became critical: {_md_list(schedule.became_critical)}")
        if schedule.no_longer_critical:
            lines.append(f"- no longer critical: {_md_list(schedule.no_longer_critical)}")
        if schedule.less_float:
            shown = _less_float(schedule.less_float[:MD_LISTED], code)
            more = len(schedule.less_float) - MD_LISTED
            lines.append(f"- less float (months): {shown}"
                         + (f", … and {more:,} more" if more > 0 else ""))
        sections.append(("Schedule", lines))
    if diff.gaps is not None and diff.gaps.only_new:
        sections.append(("New gaps", [f"- **{f.severity}** `{f.code}`: {md_escape(f.message)}"
                                      for f in diff.gaps.only_new]))
    if diff.gaps is not None and diff.gaps.changed:
        sections.append(("Changed gaps", [
            line for was, now in diff.gaps.changed
            for line in (f"- **{now.severity}** `{now.code}`: {md_escape(now.message)}",
                         f"  (was: {md_escape(was.message)})")]))
    if diff.gaps is not None and diff.gaps.only_resolved:
        sections.append(("Resolved gaps", [
            f"- **{f.severity}** `{f.code}`: {md_escape(f.message)}"
            for f in diff.gaps.only_resolved]))
    if diff.gaps is not None and diff.gaps.suppressed:
        sections.append(("Gaps now ignored", [f"- `{f.code}`: {md_escape(f.message)}"
                                              for f in diff.gaps.suppressed]))
    if schedule is not None and schedule.moved:
        lines = ["| project | start | finish |", "|---|---|---|"]
        lines += [f"| {code(s.id)} | {s.old_start} → {s.new_start} "
                  f"({s.start_delta:+d}) | {s.old_finish} → {s.new_finish} "
                  f"({s.finish_delta:+d}) |" for s in schedule.moved]
        sections.append(("Projects moved", lines))
    if diff.added:
        sections.append(("Added", [f"- {e.kind} {code(e.id)}: {md_escape(e.title)}"
                                   for e in diff.added]))
    if diff.removed:
        sections.append(("Removed", [f"- {e.kind} {code(e.id)}: {md_escape(e.title)}"
                                     for e in diff.removed]))
    if diff.renamed:
        sections.append(("Renamed", [f"- {r.kind} {code(r.old)} → {code(r.new)}: "
                                     f"{md_escape(r.title)}" for r in diff.renamed]))
    if diff.changed:
        lines = []
        for changed in diff.changed:
            lines.append(f"- roadmap: {md_escape(changed.title)}" if changed.kind == "roadmap"
                         else f"- {changed.kind} {code(changed.id)}: "
                              f"{md_escape(changed.title)}")
            lines += [f"  - {line}" for line in _field_lines(changed, markdown=True)]
            lines += [f"  - {_md_link(link)}" for link in changed.links]
        sections.append(("Changed", lines))
    return sections


#: In a pull-request comment, a critical path shows its first and last projects this many
#: each, and a list of projects (became critical, less float …) its first this many: a
#: path of thousands of projects is one line no comment holds (`egovplan diff` and its JSON
#: have them all).
MD_PATH_ENDS = 10
MD_LISTED = 50


def _md_path(path: list[str]) -> str:
    if not path:
        return "—"
    if len(path) <= 2 * MD_PATH_ENDS + 1:
        return " → ".join(map(code, path))
    return (" → ".join(map(code, path[:MD_PATH_ENDS])) + " → … → "
            + " → ".join(map(code, path[-MD_PATH_ENDS:])) + f" ({len(path):,} projects)")


def _md_list(ids: list[str]) -> str:
    more = len(ids) - MD_LISTED
    return ", ".join(map(code, ids[:MD_LISTED])) + (f", … and {more:,} more" if more > 0 else "")


def _items(lines: list[str]) -> list[list[str]]:
    """Lines grouped into items: an item's continuation lines are indented; a blank line and a
    table's header and rule go with the row after them (no table is left without rows)."""
    items: list[list[str]] = []
    waiting: list[str] = []
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if not line or line.startswith("|---") or following.startswith("|---"):
            waiting.append(line)
        elif line.startswith("  ") and items and not waiting:
            items[-1].append(line)
        else:
            items.append([*waiting, line])
            waiting = []
    return items


def _fit(head: str, sections: list[tuple[str, list[str]]], limit: int) -> str:
    """The comment cut to `limit` characters between items (a section's heading only with
    its first item), saying what was left out. The sections come in order of weight and are
    filled in that order, an item at a time: an item that does not fit in what is left is
    left out, and the items after it are still tried (one critical path of 8,000 projects
    must not take the rest of the comment with it)."""
    reserve = 400  # room for the note on what was left out
    out = head
    left_out: list[str] = []
    for title, lines in sections:
        items = ["".join(line + "\n" for line in item) for item in _items(lines)]
        heading = f"\n### {title}\n\n"
        written = 0
        for text in items:
            start = heading if written == 0 else ""
            if len(out) + len(start) + len(text) + reserve > limit:
                continue
            out += start + text
            written += 1
        if written < len(items):
            total = plural(len(items), "item")
            left_out.append(f"{title} ({total})" if written == 0
                            else f"{title}: {len(items) - written} of {total}")
    if left_out:
        out += ("\n> This diff is too large for one comment; left out: "
                + "; ".join(left_out) + ". Run `egovplan diff` for the whole of it.\n")
    return out
