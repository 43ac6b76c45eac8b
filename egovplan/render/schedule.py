"""`egovplan schedule` and `egovplan critical-path` as JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from egovplan.analysis.level import Leveling
from egovplan.analysis.paths import CriticalPaths
from egovplan.analysis.report import ScheduleReport
from egovplan.findings import Finding
from egovplan.model.build import validate_fields
from egovplan.model.roadmap import Dependency, Project
from egovplan.model.types import format_month
from egovplan.numbers import format_number, plural
from egovplan.render.jsonout import Fragment, dumps, dumps_bytes, indented
from egovplan.render.safe import neutralise, safe


def years(months: int) -> str:
    return f"{months / 12:,.1f}"


def kind_label(kind: str | None) -> str:
    return kind or "unclassified"


def project_rows(report: ScheduleReport) -> list[dict[str, Any]]:
    """One dict per project, in file order: the contract's keys and a few more."""
    schedule = report.schedule
    return rows_of(list(schedule.roadmap.projects.items()), report.member_of, schedule.start,
                   schedule.es, schedule.ef, schedule.ls, schedule.lf, schedule.total_float,
                   schedule.free_float)


def rows_of(items: list[tuple[str, Project]], member_of: list[str], start: int,
            es: list[int], ef: list[int], ls: list[int], lf: list[int], total: list[int],
            free: list[int]) -> list[dict[str, Any]]:
    """`project_rows` of the projects `items` (id and model) with their groups and schedule
    (`start`, month 0; the other lists, in the order of `items`)."""
    rows = model_rows(items)
    fill_rows(rows, member_of, start, es, ef, ls, lf, total, free)
    return rows


def model_rows(items: list[tuple[str, Project]]) -> list[dict[str, Any]]:
    """The rows of the projects `items` with what their models say, the schedule's keys in
    place (in the contract's order) and `None` until `fill_rows` fills them."""
    month = format_month
    return [
        {
            "id": project_id,
            "title": project.title,
            "phase": project.phase,
            "group": None,
            "kind": project.kind,
            "start": None,
            "finish": None,
            "duration": project.duration,
            "total_float": None,
            "free_float": None,
            "critical": None,
            "milestone": project.duration == 0,
            "late_start": None,
            "late_finish": None,
            "not_before": None if project.not_before is None else month(project.not_before),
            "finish_by": None if project.finish_by is None else month(project.finish_by),
        }
        for project_id, project in items
    ]


def fill_rows(rows: list[dict[str, Any]], member_of: list[str], start: int, es: list[int],
              ef: list[int], ls: list[int], lf: list[int], total: list[int],
              free: list[int]) -> None:
    """`model_rows`'s rows given their groups and schedule (as `rows_of` takes them)."""
    month = format_month
    # `shown_start`, `shown_finish` and `shown_last` written out: a function call per project
    # and date cost more than the rest of this (a test keeps the two equal)
    starts = [month(start + (s if f > s else s - 1 if s else 0))
              for s, f in zip(es, ef, strict=True)]
    finishes = [month(start + (f - 1 if f > 0 else 0)) for f in ef]
    late_starts = [month(start + (s if f > s else s - 1 if s else 0))
                   for s, f in zip(ls, lf, strict=True)]
    late_finishes = [month(start + (f - 1 if f > s else s - 1 if s else 0))
                     for s, f in zip(ls, lf, strict=True)]
    for row, group, first, last, float_total, float_free, late_first, late_last in zip(
            rows, member_of, starts, finishes, total, free, late_starts, late_finishes,
            strict=True):
        row["group"] = group
        row["start"] = first
        row["finish"] = last
        row["total_float"] = float_total
        row["free_float"] = float_free
        row["critical"] = float_total <= 0
        row["late_start"] = late_first
        row["late_finish"] = late_last


#: The keys of a project the rows show as written.
ROW_KEYS = ("title", "phase", "kind", "duration", "not_before", "finish_by")


class HelperRows:
    """The parsing helper's job for `egovplan schedule --format json` (`pieces.LATER`; see
    `egovplan.entry.HelpedJson`): the JSON rows of the projects the helper parsed.

    It keeps each piece's projects as parsed (extracting what the rows show while the helper
    is still parsing would slow the parse, which egovplan waits for), and validates only what
    the rows show (`ROW_KEYS`) with the model's own fields (`validate_fields`): egovplan's
    process validates every project whole, and the rows are used only when it finds the file valid,
    so the values are the model's."""

    @staticmethod
    def keep(projects: dict[str, Any]) -> dict[str, Any]:
        """One piece's projects as parsed, kept whole."""
        return projects

    @staticmethod
    def prepare(kept: dict[str, Any]) -> tuple[list[str], list[int], list[dict[str, Any]]]:
        """Before the schedule is known, of one piece's projects as parsed: the ids, the
        durations and the rows with what the models say (`model_rows`). Raises
        `pydantic.ValidationError` when what the rows show is not valid."""
        projects = validate_fields(kept, ROW_KEYS)
        return (list(projects), [project.duration for project in projects.values()],
                model_rows(list(projects.items())))

    @staticmethod
    def finish(prepared: list[tuple[list[str], list[int], list[dict[str, Any]]]],
               asked: tuple[Any, ...]) -> bytes:
        """The rows of every piece filled in, as `projects_json`. `asked` (what `HelpedJson`
        sends): the number of the projects and the hash of their ids in order (the helper is
        forked, so its strings hash as egovplan's do), month 0, and each project's early
        start, late start, free float and group. The early and late finishes and the total
        float follow from those as `egovplan.analysis.cpm` computes them (`EF = ES + d`,
        `LF = LS + d`, total float `LS − ES`). Raises `ValueError` when the projects are not
        the schedule's, in its order."""
        ids = [project_id for piece in prepared for project_id in piece[0]]
        durations = [duration for piece in prepared for duration in piece[1]]
        rows = [row for piece in prepared for row in piece[2]]
        count, digest, start, es, ls, free, member_of = asked
        if len(ids) != count or len(es) != count or hash(tuple(ids)) != digest:
            raise ValueError("the helper's projects are not the schedule's")
        ef = [s + d for s, d in zip(es, durations, strict=True)]
        lf = [s + d for s, d in zip(ls, durations, strict=True)]
        total = [late - early for late, early in zip(ls, es, strict=True)]
        fill_rows(rows, member_of, start, es, ef, ls, lf, total, free)
        return projects_json(rows)


#: How `projects_json` begins and ends around the rows.
_PROJECTS_BEFORE, _PROJECTS_AFTER = b'{\n  "projects": ', b"\n}"


def projects_json(rows: list[dict[str, Any]]) -> bytes:
    """`{"projects": rows}` as indented JSON: the rows as the schedule's document holds them
    (`_rows_inside` takes them out without copying them)."""
    return indented({"projects": rows})


def _rows_inside(written: bytes) -> memoryview:
    """The JSON array of rows inside `projects_json`'s bytes."""
    if not written.startswith(_PROJECTS_BEFORE) or not written.endswith(_PROJECTS_AFTER):
        raise ValueError("not the JSON of projects_json")
    return memoryview(written)[len(_PROJECTS_BEFORE):-len(_PROJECTS_AFTER)]


def path_ids(report: ScheduleReport, paths: CriticalPaths) -> list[list[str]]:
    ids = report.schedule.network.ids
    return [[ids[node] for node in path] for path in paths.paths]


def to_json(report: ScheduleReport) -> str:
    """The contract's `schedule` document, as text."""
    return dumps(document(report))


def to_json_bytes(report: ScheduleReport) -> bytes:
    """The same, as UTF-8 bytes: what the CLI writes (no decoding and encoding again of a
    large roadmap's tens of megabytes)."""
    return dumps_bytes(document(report))


#: How the schedule's document ends after its rows.
_DOCUMENT_END = b"\n}\n"


def to_json_parts(report: ScheduleReport,
                  helped: bytes | None = None) -> list[bytes | memoryview]:
    """`to_json_bytes`, in parts to be written one after the other. `helped`: the rows of
    every project as `projects_json` (`HelperRows`): then the document is written around
    them, without copying them."""
    try:
        rows = None if helped is None else _rows_inside(helped)
    except ValueError:  # not what the helper writes (it never should be): all made here
        rows = None
    if rows is None:
        return [to_json_bytes(report)]
    # the document is written as `to_json_bytes` writes it, its rows left out: the rows
    # come last, so the rest is a head before them and the end after
    around = dumps_bytes(document(report, Fragment(b"[]")))
    if not around.endswith(b"[]" + _DOCUMENT_END):
        raise ValueError("the schedule's document does not end with its projects")
    return [memoryview(around)[:-len(b"[]" + _DOCUMENT_END)], rows, _DOCUMENT_END]


def document(report: ScheduleReport, rows: Any = None) -> dict[str, Any]:
    """The contract's `schedule` document (with `rows` as its projects, when given)."""
    schedule = report.schedule
    paths = path_ids(report, report.paths)
    return {
        "roadmap": schedule.roadmap.roadmap.id,
        "title": schedule.roadmap.roadmap.title,
        "start": format_month(schedule.start),
        "finish": schedule.shown_plan_finish(),
        "duration_months": schedule.finish,
        "critical_path": paths[0] if paths else [],
        "critical_paths": {
            "count": report.paths.count,
            "truncated": report.paths.truncated,
            "paths": paths,
        },
        "grouped_by": report.grouped_by,
        "groups": [
            {
                "id": group.id,
                "title": group.title,
                "start": None if group.window is None else format_month(group.window[0]),
                "end": None if group.window is None else format_month(group.window[1]),
                "projects": [schedule.network.ids[i] for i in group.projects],
            }
            for group in report.groups
        ],
        "projects": project_rows(report) if rows is None else rows,
    }


CSV_COLUMNS = ["id", "title", "kind", "phase", "group", "start", "finish", "duration",
               "total_float", "free_float", "critical", "milestone", "late_start",
               "late_finish", "not_before", "finish_by"]
#: The export adds coverage (what each project serves, in which domains, and at what cost) and
#: what each depends on, as `egovplan import` reads them back.
COVERAGE_COLUMNS = ["serves", "domains", "agency", "cost", "depends_on"]


#: A leveled schedule adds, per project, the months it was delayed and the resource that did.
LEVELED_COLUMNS = ["delay", "delay_cause"]


def to_csv(report: ScheduleReport, *, coverage: bool = False,
           leveling: Leveling | None = None) -> str:
    """One row per project in phased order, RFC 4180 quoting, formulas neutralised; with
    `coverage`, the measures it serves, its domains, agency and cost too (lists joined by
    `;`); with `leveling`, each project's delay and its cause."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS + (COVERAGE_COLUMNS if coverage else [])
                    + (LEVELED_COLUMNS if leveling else []))
    rows = project_rows(report)
    projects = list(report.roadmap.projects.values())
    for group in report.groups:
        for index in group.projects:
            row = rows[index]
            cells = [_csv_cell(row[column]) for column in CSV_COLUMNS]
            if coverage:
                project = projects[index]
                cells += [neutralise(";".join(project.serves)),
                          neutralise(";".join(project.domains)),
                          neutralise(project.agency or ""),
                          "" if project.cost is None else format_number(project.cost, exact=True),
                          ";".join(map(_dependency_cell, project.dependencies))]
            if leveling:
                cells += [str(leveling.delays[index]), neutralise(leveling.causes[index] or "")]
            writer.writerow(cells)
    return out.getvalue()


def _dependency_cell(dependency: Dependency) -> str:
    """A dependency as `egovplan import` reads it: `a`, `a:SS`, `a:FS+3m`, `a:SF-1m`."""
    if dependency.type == "FS" and not dependency.lag:
        return dependency.id
    lag = f"{dependency.lag:+d}m" if dependency.lag else ""
    return f"{dependency.id}:{dependency.type}{lag}"


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell (on one line, control characters escaped; `~`
    strikes nothing through, and `@name` mentions nobody on GitHub: a word joiner, U+2060,
    which shows as nothing, after the `@`)."""
    text = safe(text).replace("&", "&amp;")  # `&lt;b&gt;` is shown as written, not as <b>
    for char in "\\|*_`[]<>#~":
        text = text.replace(char, "\\" + char)
    return " ".join(text.replace("@", "@\u2060").split())


def demoted(markdown: str) -> str:
    """`markdown` with each heading one level down (`# A` → `## A`), outside fenced blocks."""
    lines = markdown.split("\n")
    fenced = False
    for number, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            lines[number] = "#" + line
    return "\n".join(lines)


def md_code(text: str) -> str:
    """`text` as a Markdown code span (nothing inside is escaped; a backtick in it gets a
    longer fence), on one line."""
    text = safe(text)
    if "`" not in text:
        return f"`{text}`"
    fence = "`" * (max(len(run) for run in re.findall("`+", text)) + 1)
    return f"{fence} {text} {fence}"


def to_markdown(report: ScheduleReport, leveling: Leveling | None = None,
                gaps: list[Finding] | None = None) -> str:
    """The phased schedule as Markdown; with `leveling`, the leveled dates, a Delay column and
    the deadlines and phase ends they break (`gaps`)."""
    schedule = report.schedule
    info = schedule.roadmap.roadmap
    rows = project_rows(report)
    lines = [f"# {md_escape(info.title)}", ""]
    lines += [f"- {label}: {value}" for label, value in summary_items(report)]
    if leveling is not None:
        lines.append(f"- Leveled: resource capacities respected ({leveling.method}"
                     + (", proven shortest" if leveling.optimal else "")
                     + (f"; {md_escape(leveling.note)}" if leveling.note else "") + ")")
    for group in report.groups:
        lines += ["", f"## {md_escape(group_heading(group.title, group.window))}", ""]
        if not group.projects:
            lines.append("_No projects._")
            continue
        delay = " Delay |" if leveling else ""
        lines.append(f"| ID | Title | Kind | Start | Finish | Months | Float | Critical |{delay}")
        lines.append("|---|---|---|---|---|--:|--:|:-:|" + ("--:|" if leveling else ""))
        for index in group.projects:
            row = rows[index]
            delayed = ""
            if leveling:
                cause = leveling.causes[index]
                delayed = f" {leveling.delays[index]}" + (
                    f" ({md_escape(cause)})" if cause else "") + " |"
            lines.append(
                f"| {md_escape(row['id'])} | {md_escape(row['title'])} | "
                f"{kind_label(row['kind'])} | {row['start']} | {row['finish']} | "
                f"{row['duration']} | {row['total_float']} | {'●' if row['critical'] else ''} |"
                + delayed
            )
    if gaps:
        lines += ["", "## What the leveled dates break", ""]
        lines += [f"- **{f.severity}** `{f.code}`: {md_escape(f.message)}" for f in gaps]
    return "\n".join(lines) + "\n"


def timeline_range(report: ScheduleReport) -> tuple[int, int]:
    """The months (offsets, end exclusive) a timeline spans: the plan and every phase window."""
    schedule = report.schedule
    start = schedule.start
    windows = [(g.window[0] - start, g.window[1] - start + 1) for g in report.groups if g.window]
    low = min([0, *(first for first, _ in windows)])
    high = max([schedule.finish, 1, *(last for _, last in windows)])
    return low, high


def group_heading(title: str, window: tuple[int, int] | None) -> str:
    if window is None:
        return safe(title)
    return f"{safe(title)} ({format_month(window[0])} – {format_month(window[1])})"


def summary_items(report: ScheduleReport) -> list[tuple[str, str]]:
    schedule = report.schedule
    projects = schedule.roadmap.projects
    milestones = sum(1 for project in projects.values() if project.duration == 0)
    paths = path_ids(report, report.paths)
    if paths:
        critical = " → ".join(paths[0])
    elif report.paths.count != 0:  # there are some, but --max-paths 0 lists none
        total = (f"more than {10**18:,}" if report.paths.count is None
                 else f"{report.paths.count:,}")
        critical = f"not listed ({total} critical path{'' if report.paths.count == 1 else 's'})"
    else:
        critical = "none"
    return [
        ("Start", format_month(schedule.start)),
        ("Finish", f"{schedule.shown_plan_finish()} ({plural(schedule.finish, 'month')}, "
                   f"{years(schedule.finish)} years)"),
        ("Projects", f"{len(projects):,} ({plural(milestones, 'milestone')})"),
        ("Critical path", f"{critical}{count_note(report.paths) if paths else ''}"),
    ]


def count_note(paths: CriticalPaths) -> str:
    if paths.count is None:
        return f" (1 of more than {10**18:,} critical paths)"
    if paths.count > 1:
        return f" (1 of {paths.count:,} critical paths)"
    return ""


# -- critical-path ------------------------------------------------------------------------------

def path_steps(report: ScheduleReport, path: list[int]) -> list[dict[str, Any]]:
    """Each step of a path with its dates and the dependency that drives it."""
    schedule = report.schedule
    network = schedule.network
    steps = []
    previous: int | None = None
    for node in path:
        via = None
        if previous is not None:
            link = schedule.driving_from(node)[previous]
            via = {"from": network.ids[previous], "type": link.type, "lag": link.lag}
        steps.append({
            "id": network.ids[node],
            "title": schedule.roadmap.projects[network.ids[node]].title,
            "start": schedule.shown_start(node),
            "finish": schedule.shown_finish(node),
            "duration": network.durations[node],
            "total_float": schedule.total_float[node],
            "via": via,
        })
        previous = node
    return steps


def critical_path_json(report: ScheduleReport) -> str:
    """The contract's `critical-path` document."""
    schedule = report.schedule
    document = {
        "finish": schedule.shown_plan_finish(),
        "duration": schedule.finish,
        "paths": path_ids(report, report.paths),
        "count": report.paths.count,
        "truncated": report.paths.truncated,
        "steps": [path_steps(report, path) for path in report.paths.paths],
    }
    return dumps(document)


def via_label(via: dict[str, Any] | None, held: str = "") -> str:
    """What drives a step: its dependency on the step before, or, for the first, that it
    starts the path, and what holds it there (`held`, from `held_by`) if anything does."""
    if via is None:
        return f"starts the path ({held})" if held else "starts the path"
    lag = via["lag"]
    lag_text = f"{lag:+d}m" if lag else ""
    return f"{via['type']}{lag_text} after {via['from']}"


def held_by(report: ScheduleReport, node: int) -> str:
    """Why a project that starts a path starts when it does, where that is after the plan's
    start: its `not_before`, or its phase's start ("" at the plan's start)."""
    schedule = report.schedule
    if schedule.es[node] == 0:
        return ""
    start = schedule.start + schedule.es[node]
    project = schedule.roadmap.projects[schedule.network.ids[node]]
    # a milestone is shown in the month before the one it is reached at
    reached = ", reached as it begins" if project.duration == 0 else ""
    if project.not_before == start:
        return f"not before {format_month(start)}{reached}"
    phase = schedule.roadmap.phases.get(project.phase or "")
    if phase is not None and phase.start == start:
        return f"its phase '{project.phase}' starts {format_month(start)}{reached}"
    return ""


def critical_path_markdown(report: ScheduleReport) -> str:
    schedule = report.schedule
    lines = [
        f"# Critical paths of {md_escape(schedule.roadmap.roadmap.title)}", "",
        f"Finish {schedule.shown_plan_finish()} ({plural(schedule.finish, 'month')}); "
        f"{path_count_text(report.paths)}.",
    ]
    for number, path in enumerate(report.paths.paths, start=1):
        lines += ["", f"## Path {number}", "",
                  "| Step | ID | Title | Start | Finish | Months | Driven by |",
                  "|--:|---|---|---|---|--:|---|"]
        for step_number, step in enumerate(path_steps(report, path), start=1):
            held = held_by(report, path[0]) if step_number == 1 else ""
            lines.append(
                f"| {step_number} | {md_escape(step['id'])} | {md_escape(step['title'])} | "
                f"{step['start']} | {step['finish']} | {step['duration']} | "
                f"{md_escape(via_label(step['via'], held))} |"
            )
    return "\n".join(lines) + "\n"


def path_count_text(paths: CriticalPaths) -> str:
    listed = (f"the first {len(paths.paths)} shown" if paths.paths
              else "none shown (--max-paths 0)")
    if paths.count is None:
        return f"more than {10**18:,} critical paths, {listed}"
    shown = f", {listed}" if paths.truncated else ""
    return f"{paths.count:,} critical path{'s' if paths.count != 1 else ''}{shown}"


def critical_path_csv(report: ScheduleReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["path", "step", "id", "title", "start", "finish", "duration",
                     "driven_by", "type", "lag"])
    for number, path in enumerate(report.paths.paths, start=1):
        for step_number, step in enumerate(path_steps(report, path), start=1):
            via = step["via"] or {}
            writer.writerow([
                number, step_number, neutralise(step["id"]), neutralise(step["title"]),
                step["start"], step["finish"], step["duration"],
                neutralise(via.get("from", "")), via.get("type", ""), via.get("lag", ""),
            ])
    return out.getvalue()


# -- leveled schedules -------------------------------------------------------------------------

def leveled_document(report: ScheduleReport, leveling: Leveling,
                     gaps: list[Finding] | None = None) -> dict[str, Any]:
    """The contract's `schedule --level` document: the schedule's keys with leveled dates,
    `"leveled": true`, a `delay` (and `delay_cause`) per project, `usage` per resource, and
    the deadlines and phase ends the leveled dates break (`gaps`)."""
    schedule = report.schedule
    leveled: dict[str, Any] = document(report)
    for row, delay, cause in zip(leveled["projects"], leveling.delays, leveling.causes,
                                 strict=True):
        row["delay"] = delay
        row["delay_cause"] = cause
    resources = schedule.roadmap.resources
    leveled["leveled"] = True
    leveled["leveling"] = {"method": leveling.method, "optimal": leveling.optimal}
    if leveling.note:
        leveled["leveling"]["note"] = leveling.note
    leveled["gaps"] = [
        {"code": f.code, "severity": f.severity, "subject": list(f.subject),
         "message": f.message, "line": f.line}
        for f in gaps or []
    ]
    leveled["usage"] = {
        name: [{"month": format_month(schedule.start + month), "used": float(f"{used:.12g}"),
                "capacity": resources[name].capacity}
               for month, used in enumerate(row)]
        for name, row in leveling.usage.items()
    }
    return leveled


def leveled_json(report: ScheduleReport, leveling: Leveling,
                 gaps: list[Finding] | None = None) -> str:
    return dumps(leveled_document(report, leveling, gaps))
