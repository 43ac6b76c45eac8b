"""MS Project XML (MSPDI, also written by ProjectLibre and TaskJuggler) → an egovplan roadmap.

- Tasks become projects; summary tasks of outline level 1 become phases (with their dates) and
  their sub-tasks the phase's projects; deeper summary tasks are left out (reported).
- Durations (`PT…H…M…S`, working time) become whole months with the file's own `MinutesPerDay`
  and `DaysPerMonth` (rounded to the nearest month; each rounding reported); a task without a
  duration is measured from its start and finish (calendar months).
- `PredecessorLink` types (0 FF, 1 FS, 2 SF, 3 SS) and lags (tenths of minutes; elapsed lag
  formats count calendar time) are kept, rounded to whole months.
- Constraints: start-no-earlier-than → `not_before`; must-start-on → `not_before` (reported as
  loosened); finish-no-later-than and deadlines → `finish_by`; other constraints are dropped
  (reported).
- The project's start → `roadmap.start`.

XML is parsed with defusedxml: a file with entity expansion or external entities is refused
with an error, never expanded or fetched.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from egovplan.findings import Finding
from egovplan.importers.csv_import import Imported
from egovplan.model.types import format_month
from egovplan.template import slug

_TYPES = {"0": "FF", "1": "FS", "2": "SF", "3": "SS"}
_DURATION = re.compile(r"^-?PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$")
#: Lag formats that count calendar (elapsed) time rather than working time.
_ELAPSED = {"4", "6", "8", "10", "12", "36", "38", "40", "42", "44"}
CALENDAR_MONTH_MINUTES = 365.25 / 12 * 24 * 60


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Any, name: str) -> list[Any]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: Any, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return None


def _month(stamp: str) -> int:
    moment = datetime.fromisoformat(stamp)
    return moment.year * 12 + moment.month - 1


def read_mspdi(raw: bytes, path: str, *, start: int | None, roadmap_id: str | None,
               title: str | None) -> Imported:
    from defusedxml import DefusedXmlException, ElementTree  # only when importing XML

    result = Imported(None)
    try:
        root = ElementTree.fromstring(raw, forbid_dtd=False, forbid_entities=True,
                                   forbid_external=True)
    except DefusedXmlException as refused:
        result.findings.append(Finding("import", "error", f"refused: {refused} (entity "
                                       "expansion and external entities are not allowed)",
                                       path))
        return result
    except ElementTree.ParseError as broken:
        line, column = getattr(broken, "position", (None, None))
        result.findings.append(Finding("import", "error", f"not well-formed XML: {broken}",
                                       path, line, None if column is None else column + 1))
        return result
    if _local(root.tag) != "Project":
        result.findings.append(Finding("import", "error", "not MS Project XML: the root "
                                       f"element is <{_local(root.tag)}>, not <Project>", path))
        return result
    minutes_per_day = float(_text(root, "MinutesPerDay") or 480)
    days_per_month = float(_text(root, "DaysPerMonth") or 20)
    month_minutes = minutes_per_day * days_per_month
    project_start = _text(root, "StartDate")
    if start is None:
        if not project_start:
            result.findings.append(Finding("import", "error", "the file has no <StartDate>: "
                                           "give --start YYYY-MM", path))
            return result
        start = _month(project_start)
    tasks_element = next(iter(_children(root, "Tasks")), None)
    tasks = [] if tasks_element is None else _children(tasks_element, "Task")
    by_uid: dict[str, str] = {}
    phases: dict[str, dict[str, Any]] = {}
    projects: dict[str, dict[str, Any]] = {}
    current_phase: str | None = None
    links: list[tuple[str, Any]] = []
    for task in tasks:
        uid = _text(task, "UID") or ""
        name = _text(task, "Name") or ""
        level = int(_text(task, "OutlineLevel") or "1")
        summary = _text(task, "Summary") == "1"
        if uid == "0" or (not name and level == 0):
            continue  # the project summary task
        if summary:
            if level == 1:
                phase_id = _unique(slug(name, f"phase-{uid}"), phases)
                phases[phase_id] = {"title": name,
                                    "start": format_month(_month(_text(task, "Start") or "")),
                                    "end": format_month(_month(_text(task, "Finish") or ""))}
                current_phase = phase_id
            else:
                result.notes.append(f"summary task '{name}' (outline level {level}) left out: "
                                    "its sub-tasks are imported")
            continue
        if level == 1:
            current_phase = None
        project_id = _unique(slug(name, f"task-{uid}"), projects)
        by_uid[uid] = project_id
        project: dict[str, Any] = {"title": name or project_id}
        if current_phase is not None:
            project["phase"] = current_phase
        project["duration"] = _duration(task, month_minutes, name, result)
        _constraints(task, project, name, result)
        projects[project_id] = project
        links += [(project_id, link) for link in _children(task, "PredecessorLink")]
    for project_id, link in links:
        pred = by_uid.get(_text(link, "PredecessorUID") or "")
        if pred is None:
            result.notes.append(f"a dependency of '{project_id}' on a task that is not "
                                "imported (a summary task?) was dropped")
            continue
        kind = _TYPES.get(_text(link, "Type") or "1", "FS")
        tenths = float(_text(link, "LinkLag") or 0)
        elapsed = (_text(link, "LagFormat") or "") in _ELAPSED
        lag_minutes = tenths / 10
        lag = round(lag_minutes / (CALENDAR_MONTH_MINUTES if elapsed else month_minutes))
        if lag_minutes and abs(lag * (CALENDAR_MONTH_MINUTES if elapsed else month_minutes)
                               - lag_minutes) > 1:
            result.notes.append(f"lag of '{project_id}' on '{pred}' rounded to {lag} months")
        entry: Any = pred if kind == "FS" and not lag else {"id": pred, "type": kind, "lag": lag}
        if not (kind == "FS" and not lag):
            entry = {key: value for key, value in entry.items()
                     if not (key == "lag" and value == 0)}
        projects[project_id].setdefault("depends_on", []).append(entry)
    data: dict[str, Any] = {
        "format": 1,
        "roadmap": {"id": slug(roadmap_id or _text(root, "Name") or path.rsplit("/", 1)[-1]),
                    "title": title or _text(root, "Title") or _text(root, "Name") or path,
                    "start": format_month(start)},
    }
    if phases:
        data["phases"] = phases
    data["projects"] = projects
    result.data = data
    return result


def _unique(base: str, taken: dict[str, Any]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _duration(task: Any, month_minutes: float, name: str, result: Imported) -> int:
    if _text(task, "Milestone") == "1":
        return 0
    text = _text(task, "Duration")
    if text:
        match = _DURATION.match(text)
        if match:
            hours, minutes, seconds = (float(part or 0) for part in match.groups())
            total = hours * 60 + minutes + seconds / 60
            months = total / month_minutes
            rounded = max(round(months), 1) if total > 0 else 0
            if abs(rounded - months) > 0.01:
                result.notes.append(f"duration of '{name}' rounded from {months:.2f} to "
                                    f"{rounded} months")
            return rounded
    first, last = _text(task, "Start"), _text(task, "Finish")
    if first and last:
        span = (datetime.fromisoformat(last) - datetime.fromisoformat(first)).total_seconds()
        months = span / 60 / CALENDAR_MONTH_MINUTES
        result.notes.append(f"'{name}' has no duration: measured from its start and finish, "
                            f"{months:.2f} → {max(round(months), 0)} months")
        return max(round(months), 0)
    result.notes.append(f"'{name}' has no duration, start or finish: a milestone")
    return 0


def _constraints(task: Any, project: dict[str, Any], name: str, result: Imported) -> None:
    kind = _text(task, "ConstraintType") or "0"
    date = _text(task, "ConstraintDate")
    if date and kind in ("2", "4"):
        project["not_before"] = format_month(_month(date))
        if kind == "2":
            result.notes.append(f"'{name}': must-start-on loosened to not_before")
    elif date and kind == "7":
        project["finish_by"] = format_month(_month(date))
    elif kind not in ("0", "1") and date:
        result.notes.append(f"'{name}': constraint type {kind} dropped")
    deadline = _text(task, "Deadline")
    if deadline:
        month = _month(deadline)
        current = project.get("finish_by")
        if current is None or month < _month(current + "-01T00:00:00"):
            project["finish_by"] = format_month(month)
