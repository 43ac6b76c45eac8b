"""A spreadsheet of projects (CSV) → an egovplan roadmap.

Columns (a header row names them; any order; all but `id`, `title` and `duration` optional):
`id, title, kind, phase, serves, domains, duration, depends_on, not_before, finish_by, cost,
agency`. List cells (`serves`, `domains`, `depends_on`) are separated by `;`. A dependency item
is `a` (finish-to-start), `a:SS`, `a:FS+3m`, `a:SS-1q` (type, then a signed lag).

Ids that are not slugs are made into slugs (and reported); phases, domains, goals and measures
that the projects name are declared (phases with the window of their projects' early dates).
Every problem is reported with its row and column; a file that cannot be made valid is not
written.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from egovplan.findings import Finding
from egovplan.model.types import is_slug, parse_duration, parse_lag, parse_month
from egovplan.template import slug

COLUMNS = ["id", "title", "kind", "phase", "serves", "domains", "duration", "depends_on",
           "not_before", "finish_by", "cost", "agency"]
_DEPENDENCY = re.compile(r"^(?P<id>[^:]+?)(?::(?P<type>FS|SS|FF|SF)(?P<lag>[+-]\d+[mqy]?)?)?$")


@dataclass
class Imported:
    """The roadmap data made from the file, and what happened on the way."""

    data: dict[str, Any] | None
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _split(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(";") if item.strip()]


def read_csv(raw: bytes, path: str, *, start: int | None, roadmap_id: str | None,
             title: str | None) -> Imported:
    result = Imported(None)

    def error(row: int, column: str | None, message: str) -> None:
        number = (COLUMNS.index(column) + 1) if column in COLUMNS and header else None
        if column is not None and header and column in header:
            number = header.index(column) + 1
        result.findings.append(Finding("import", "error", message, path, row, number))

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        result.findings.append(Finding("encoding", "error",
                                       f"the file is not UTF-8 (byte {failure.start})", path))
        return result
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    for required in ("id", "title", "duration"):
        if required not in header:
            error(1, None, f"the header has no '{required}' column (columns: "
                           f"{', '.join(COLUMNS)})")
    unknown = [name for name in header if name and name not in COLUMNS]
    for name in unknown:
        error(1, name, f"unknown column '{name}'; the columns are: {', '.join(COLUMNS)}")
    if result.findings:
        return result
    projects: dict[str, dict[str, Any]] = {}
    renamed: dict[str, str] = {}
    raw_rows = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        record = {name: (cells[i].strip() if i < len(cells) else "")
                  for i, name in enumerate(header)}
        original = record["id"]
        made = original if is_slug(original) else slug(original, f"project-{number - 1}")
        if made != original:
            renamed[original] = made
            result.notes.append(f"row {number}: id '{original}' became '{made}'")
        if made in projects:
            error(number, "id", f"id '{made}' is used twice")
            continue
        projects[made] = {}
        raw_rows.append((number, made, record))
    months: list[int] = []
    for number, project_id, record in raw_rows:
        project = _project(record, number, renamed, error, months)
        projects[project_id] = project
        for dependency in project.get("depends_on", []):
            target = dependency if isinstance(dependency, str) else dependency["id"]
            if target not in projects and target not in {r[1] for r in raw_rows}:
                error(number, "depends_on", f"unknown project '{target}' in depends_on")
    if result.findings:
        return result
    if start is None:
        if not months:
            error(1, None, "the file holds no date to start the plan from: give --start YYYY-MM")
            return result
        start = min(months)
        result.notes.append(f"the plan starts in its earliest date, "
                            f"{_month_text(start)} (--start sets it)")
    result.data = _roadmap(projects, start, roadmap_id or slug(path.rsplit("/", 1)[-1]
                                                                .rsplit(".", 1)[0]),
                           title or path.rsplit("/", 1)[-1], result)
    return result


def _month_text(month: int) -> str:
    from egovplan.model.types import format_month

    return format_month(month)


def _project(record: dict[str, str], row: int, renamed: dict[str, str], error: Any,
             months: list[int]) -> dict[str, Any]:
    project: dict[str, Any] = {"title": record.get("title", "")}
    if not project["title"]:
        error(row, "title", "a project needs a title")
    try:
        project["duration"] = parse_duration(_number_or_text(record.get("duration", "")))
    except Exception as failure:  # noqa: BLE001 - pydantic's error: report it on the cell
        error(row, "duration", f"duration: {_message(failure)}")
    kind = record.get("kind", "").lower()
    if kind in ("priority", "support"):
        project["kind"] = kind
    elif kind:
        error(row, "kind", f"kind must be 'priority' or 'support', not '{record['kind']}'")
    for name in ("phase",):
        if record.get(name):
            project[name] = slug(record[name], record[name])
    for name in ("serves", "domains"):
        items = _split(record.get(name, ""))
        if items:
            project[name] = items if name == "serves" else [slug(i, i) for i in items]
    dependencies = []
    for item in _split(record.get("depends_on", "")):
        match = _DEPENDENCY.match(item)
        if match is None:
            error(row, "depends_on", f"'{item}' is not a dependency: write a, a:SS, "
                                     "a:FS+3m or a:SS-1q")
            continue
        target = renamed.get(match["id"].strip(), match["id"].strip())
        if match["type"] is None:
            dependencies.append(target)
            continue
        entry: dict[str, Any] = {"id": target, "type": match["type"]}
        if match["lag"]:
            lag = match["lag"].lstrip("+")
            try:
                entry["lag"] = parse_lag(int(lag) if lag.lstrip("-").isdigit() else lag)
            except Exception as failure:  # noqa: BLE001
                error(row, "depends_on", f"lag in '{item}': {_message(failure)}")
        dependencies.append(entry)
    if dependencies:
        project["depends_on"] = dependencies
    for name in ("not_before", "finish_by"):
        if record.get(name):
            try:
                months.append(parse_month(record[name]))
                project[name] = record[name]
            except Exception as failure:  # noqa: BLE001
                error(row, name, f"{name}: {_message(failure)}")
    if record.get("cost"):
        try:
            project["cost"] = float(record["cost"].replace(",", ""))
        except ValueError:
            error(row, "cost", f"cost must be a number, not '{record['cost']}'")
    if record.get("agency"):
        project["agency"] = record["agency"]
    return project


def _number_or_text(cell: str) -> int | str:
    return int(cell) if cell.isdigit() else cell


def _message(failure: Exception) -> str:
    message = getattr(failure, "message", None)
    return message() if callable(message) else str(failure)


def _roadmap(projects: dict[str, dict[str, Any]], start: int, roadmap_id: str, title: str,
             result: Imported) -> dict[str, Any]:
    phases = sorted({p["phase"] for p in projects.values() if "phase" in p})
    domains = sorted({d for p in projects.values() for d in p.get("domains", [])})
    measures = sorted({m for p in projects.values() for m in p.get("serves", [])})
    goals: dict[str, dict[str, Any]] = {}
    for reference in measures:
        goal, _, measure = reference.rpartition(".")
        if not goal or not is_slug(goal) or not is_slug(measure):
            result.notes.append(f"measure reference '{reference}' is not '<goal>.<measure>': "
                                "left as written, so validation reports it")
            continue
        goals.setdefault(goal, {"title": goal, "measures": {}})["measures"][measure] = {
            "title": reference}
    if goals:
        result.notes.append(f"declared {len(goals)} goal(s) and {len(measures)} measure(s) "
                            "from the references in 'serves' (titles are the references)")
    data: dict[str, Any] = {
        "format": 1,
        "roadmap": {"id": slug(roadmap_id), "title": title, "start": _month_text(start)},
    }
    if domains:
        data["domains"] = {d: d for d in domains}
        result.notes.append(f"declared {len(domains)} domain(s) named in 'domains'")
    if phases:
        data["phases"] = {phase: {"title": phase, "start": _month_text(start),
                                  "end": _month_text(start)} for phase in phases}
        result.notes.append(f"declared {len(phases)} phase(s) named in 'phase', each with "
                            "the window of its projects' early dates")
    if goals:
        data["goals"] = goals
    data["projects"] = projects
    return data
