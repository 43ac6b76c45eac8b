"""Tiny builders so that each test case is a line or two."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from pathlib import Path

from egovplan import api
from egovplan.analysis.report import ScheduleReport, schedule_report
from egovplan.model.roadmap import Roadmap

HEADER = """\
format = 1
[roadmap]
id = "t"
title = "Test"
start = "2000-01"
"""


def roadmap(body: str, *, header: str = HEADER) -> Roadmap:
    """A valid roadmap from TOML text (the header is added); fails the test if invalid."""
    checked = api.check_bytes((header + textwrap.dedent(body)).encode())
    assert checked.roadmap is not None, [f"{f.line}: {f.message}" for f in checked.findings]
    return checked.roadmap


def report(body: str, **options: object) -> ScheduleReport:
    return schedule_report(roadmap(body), **options)  # type: ignore[arg-type]


def findings(text: str) -> list[tuple[int | None, str]]:
    """(line, code) of every finding for a TOML text."""
    checked = api.check_bytes(textwrap.dedent(text).encode())
    return [(f.line, f.code) for f in checked.findings]


def check_feasible(model: Roadmap, starts: Sequence[float], durations: Sequence[float]) -> None:
    """Independent of the scheduler: dependencies, lower bounds and capacities all hold for
    these starts and durations (in months; fractions of months count in every month they
    touch)."""
    begin = model.roadmap.start
    ids = list(model.projects)
    at = dict(zip(ids, starts, strict=True))
    length = dict(zip(ids, durations, strict=True))
    tolerance = 1e-9
    for project_id, project in model.projects.items():
        s, d = at[project_id], length[project_id]
        assert s >= 0
        if project.not_before is not None:
            assert s >= project.not_before - begin
        if project.phase is not None:
            assert s >= model.phases[project.phase].start - begin
        for dep in project.dependencies:
            ps, pd = at[dep.id], length[dep.id]
            need = {"FS": ps + pd + dep.lag, "SS": ps + dep.lag,
                    "FF": ps + pd + dep.lag - d, "SF": ps + dep.lag - d}[dep.type]
            assert s >= need - tolerance, (project_id, dep)
    finish = max((at[i] + length[i] for i in ids), default=0)
    for name, resource in model.resources.items():
        for month in range(math.ceil(finish)):
            used = sum(p.uses.get(name, 0) for i, p in model.projects.items()
                       if length[i] > tolerance and at[i] < month + 1 - tolerance
                       and month < at[i] + length[i] - tolerance)
            assert used <= resource.capacity + 1e-9, (name, month, used)


def line_of(path: str, start: str) -> int:
    """The number (from 1) of the first line of the repository's file `path` that starts with
    `start`: a test names a line of a real roadmap by its text, not by a number that every
    edit of the file's comments moves."""
    lines = (Path(__file__).resolve().parent.parent / path).read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(start))
