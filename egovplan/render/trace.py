"""`egovplan trace` as terminal tables, JSON, Markdown and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from functools import partial
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from egovplan.analysis.trace import GoalCoverage, ProjectRef, Trace
from egovplan.render.jsonout import dumps
from egovplan.render.rows import (
    NameCell,
    Row,
    RowsTable,
    laid_out_widths,
    measured_widths,
    unpadded,
)
from egovplan.render.safe import neutralise, safe
from egovplan.render.schedule import md_escape
from egovplan.render.wrap import CellText


def _project(ref: ProjectRef) -> dict[str, Any]:
    return {"id": ref.id, "title": ref.title, "kind": ref.kind, "phase": ref.phase,
            "start": ref.start, "finish": ref.finish}


def coverage_line(trace: Trace) -> str:
    declared = ("" if trace.declared_measures is None
                else f" of {trace.declared_measures} declared")
    return (f"{trace.measures_served} of {trace.measures_held} measures served"
            f" ({trace.measures_held} held{declared})")


def to_json(trace: Trace) -> str:
    document = {
        "coverage": {
            "measures_served": trace.measures_served,
            "measures_held": trace.measures_held,
            "measures_declared": trace.declared_measures,
            "goals_held": len(trace.goals),
            "goals_declared": trace.declared_goals,
        },
        "goals": [
            {
                "id": goal.goal,
                "title": goal.title,
                "measures_served": goal.served,
                "measures_held": goal.held,
                "measures": [
                    {"id": row.measure, "reference": row.reference, "title": row.title,
                     "projects": [_project(ref) for ref in row.projects]}
                    for row in goal.measures
                ],
            }
            for goal in trace.goals
        ],
        "domains": [
            {"id": domain.domain, "title": domain.title, "projects": domain.projects}
            for domain in trace.domains
        ],
        "projects": [
            {**_project(ref), "serves": serves} for ref, serves in trace.reverse
        ],
    }
    return dumps(document)


#: The measure and project columns are as wide as their widest reference or id (up to this
#: many cells, beyond which ids fold); titles wrap under them.
MAX_ID_WIDTH = 48


def _widths(trace: Trace) -> tuple[int, int, int, int]:
    """The cells the measure, project, kind and phase columns need to keep their ids whole."""
    rows = [row for goal in trace.goals for row in goal.measures]
    refs = [ref for row in rows for ref in row.projects]
    measure = max([cell_len(row.reference) for row in rows] + [len("no measures")])
    project = max([cell_len(ref.id) for ref in refs] + [len("no project")])
    kind = max([cell_len(ref.kind or "—") for ref in refs] + [len("Kind")])
    phase = max([cell_len(ref.phase or "—") for ref in refs] + [len("Phase")])
    return min(measure, MAX_ID_WIDTH), min(project, MAX_ID_WIDTH), kind, phase


def _goal_rows(goal: GoalCoverage, narrow: bool) -> list[Row]:
    """A goal's measures and their projects, as a goal table's rows: five cells, or
    (`narrow`) two, the kind, phase and dates under each project's id."""
    rows: list[Row] = []
    columns = 2 if narrow else 5
    for row in goal.measures:
        label = NameCell(row.reference, safe(row.title))
        if not row.projects:
            rows.append(([label, Text("no project", style="bold red"),
                          *[""] * (columns - 2)], None))
        for number, ref in enumerate(row.projects):
            dates = f"{ref.start} – {ref.finish}"
            detail = f"{ref.kind or '—'} · {ref.phase or '—'} · {dates}" if narrow else None
            name = NameCell(ref.id, safe(ref.title), detail=detail)
            cells = [] if narrow else [ref.kind or "—", ref.phase or "—", dates]
            rows.append(([label if number == 0 else "", name, *cells], None))
    if not goal.measures:
        rows.append(([Text("no measures", style="bold red"), *[""] * (columns - 1)], None))
    return rows


def _goal_table(widths: tuple[int, int, int, int], narrow: tuple[int, int] | None = None,
                given: list[int] | None = None) -> Table:
    """A goal table's columns (no rows): five, or (`narrow`: the widths of the measure and
    project columns) two; `given`: every column's width (five or two), as Rich lays out the
    table."""
    measure_width, project_width, _, _ = widths
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False,
                  width=sum(narrow) + 7 if narrow else None)
    if narrow:
        table.add_column("Measure", width=narrow[0], overflow="fold")
        table.add_column("Project", width=narrow[1], overflow="fold")
    elif given:  # five columns, or two
        table.add_column("Measure", width=given[0], overflow="fold")
        table.add_column("Project", width=given[1], overflow="fold")
        for name, width in zip(["Kind", "Phase", "Dates"], given[2:], strict=False):
            table.add_column(name, width=width, no_wrap=True)
    else:
        table.add_column("Measure", min_width=measure_width, overflow="fold")
        table.add_column("Project", min_width=project_width, overflow="fold")
        table.add_column("Kind", no_wrap=True)
        table.add_column("Phase", no_wrap=True)
        table.add_column("Dates", no_wrap=True)
    return table


def _narrow_widths(widths: tuple[int, int, int, int],
                   terminal_width: int) -> tuple[int, int]:
    """The two-column layout's measure and project columns: the measure column takes up to a
    third of the terminal, the project column the rest (7 cells go to the edges and the rule
    between them), each at least as wide as its widest reference or id."""
    measure_width, project_width = widths[:2]
    measure_column = max(measure_width, min(terminal_width // 3, 30))
    project_column = max(project_width, terminal_width - measure_column - 7)
    measure_column = max(measure_width, min(measure_column,
                                            terminal_width - project_column - 7))
    return measure_column, project_column


def _goal_tables(trace: Trace, terminal_width: int) -> list[RenderableType]:
    """The goal tables: five columns where Rich lays them out with every date whole (Rich,
    not a sum of widths, knows how far each title's phrases let its column shrink), else two.

    Each table's rows are written as Rich writes them (`RowsTable`), with the widths Rich
    gives its columns: measured once, from a table of each column's widest cells."""
    widths = _widths(trace)
    narrow = _narrow_widths(widths, terminal_width)
    wide = [(goal, _goal_rows(goal, narrow=False)) for goal in trace.goals]
    laid_out = [measured_widths(partial(_goal_table, widths), rows, terminal_width)
                for _, rows in wide]
    dates = len("YYYY-MM – YYYY-MM")
    # the dates are whole where their column (the last, padded on its left) is wide enough
    # and ends in the terminal (the table's right edge, a space, may be cut)
    if all(not _has_projects(goal) or (found is not None and found[0][4] - 1 >= dates
                                        and found[1] - 1 <= terminal_width)
           for (goal, _), found in zip(wide, laid_out, strict=True)):
        return [_given_widths(partial(_goal_table, widths), rows, found, terminal_width)
                for (_, rows), found in zip(wide, laid_out, strict=True)]
    # two columns, in a table as wide as the two and its edges (so that it runs past a
    # narrower terminal); Rich expands columns to such a width: the widths it expands them to
    # are read, and where the table fits the terminal it is given those, without a width
    laid = laid_out_widths(_goal_table(widths, narrow), terminal_width)
    given = unpadded(laid[0]) if laid is not None and laid[1] <= terminal_width else None
    make = (partial(_goal_table, widths, given=given) if given is not None
            else partial(_goal_table, widths, narrow))
    return [RowsTable(make, _goal_rows(goal, narrow=True), given) for goal in trace.goals]


def _given_widths(make: Callable[..., Table], rows: list[Row],
                  found: tuple[list[int], int] | None, terminal_width: int) -> RowsTable:
    """`rows` in `make`'s table given the widths Rich lays it out with (`found`, from
    `measured_widths`: `make(given=…)` takes them), where it fits the terminal; a table wider
    than the terminal, or squeezed, is Rich's to lay out."""
    given = unpadded(found[0]) if found is not None and found[1] <= terminal_width else None
    if given is None:
        return RowsTable(make, rows, None)
    return RowsTable(partial(make, given=given), rows, given)


def _has_projects(goal: GoalCoverage) -> bool:
    return any(row.projects for row in goal.measures)


def view(trace: Trace, terminal_width: int = 100) -> list[RenderableType]:
    """The matrix as terminal tables, one per goal, then the domains and the reverse view.

    Kind, phase and dates have columns of their own where every table then fits with its
    references and ids whole (and its titles' phrases: Rich measures them); else they go under
    the project's id, on one line (`priority · phase-1 · 1987-01 – 1991-12`), above its title.
    Under that narrowest table the table keeps its width: lines run past the terminal's edge
    (which wraps them) rather than cut an id. Headings wrap at the terminal's width."""
    tables = _goal_tables(trace, terminal_width)
    parts: list[RenderableType] = [Text(f"Coverage: {coverage_line(trace)}", style="bold")]
    for goal, table in zip(trace.goals, tables, strict=True):
        parts.append(Text(f"Goal {goal.goal}: {safe(goal.title)} — {goal.served}/{goal.held} "
                          "measures served", style="bold"))
        parts.append(table)
    if trace.domains:
        parts.append(Text("Domains", style="bold"))
        domains = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        domains.add_column("Domain", overflow="fold")
        domains.add_column("Projects", justify="right")
        for domain in trace.domains:
            count = len(domain.projects)
            domains.add_row(CellText(f"{domain.domain}: {safe(domain.title)}"),
                            str(count) if count else Text("0", style="bold red"))
        parts.append(domains)
    parts.append(Text("Projects → measures", style="bold"))
    parts.append(_reverse_table(trace, terminal_width))
    return parts


#: The cells a two-column table takes beyond its columns (its edges and the rule between).
REVERSE_EDGES = 5


def _reverse_table(trace: Trace, terminal_width: int) -> RowsTable:
    """Projects → measures: each id and each reference whole (references wrap between each
    other); narrower than that, the table keeps that width and runs past the edge."""
    project = min(max([cell_len(ref.id) for ref, _ in trace.reverse] + [len("Project")]),
                  MAX_ID_WIDTH)
    serves = min(max([cell_len(item) for _, items in trace.reverse for item in items]
                     + [len("Serves")]), MAX_ID_WIDTH)
    widest = max([cell_len(", ".join(items)) for _, items in trace.reverse] + [serves])
    rows: list[Row] = [([ref.id, ", ".join(serves_of) if serves_of
                         else Text("—", style="dim")], None)
                       for ref, serves_of in trace.reverse]
    if not trace.reverse:
        rows.append(([Text("no projects", style="italic"), ""], None))
    if project + widest + REVERSE_EDGES <= terminal_width:  # (an id past MAX_ID_WIDTH folds)
        # Rich's widths, measuring each cell once (see `measured_widths`)
        found = measured_widths(_reverse_columns, rows, terminal_width)
        return _given_widths(_reverse_columns, rows, found, terminal_width)
    # widths of our own: Rich, squeezing the columns itself, crops a cell it could wrap
    serves = max(serves, terminal_width - project - REVERSE_EDGES)
    return RowsTable(partial(_reverse_columns, [project, serves], own_width=True), rows,
                     [project, serves])


def _reverse_columns(given: list[int] | None = None, *, own_width: bool = False) -> Table:
    """The reverse table's columns (no rows), of `given` widths or as Rich measures them;
    `own_width`: the table is as wide as its columns even past the terminal's edge."""
    reverse = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    if given is None:
        reverse.add_column("Project", overflow="fold")
        reverse.add_column("Serves", overflow="fold")
        return reverse
    if own_width:
        reverse.width = sum(given) + REVERSE_EDGES
    reverse.add_column("Project", width=given[0], overflow="fold")
    reverse.add_column("Serves", width=given[1], overflow="fold")
    return reverse


def to_markdown(trace: Trace) -> str:
    lines = ["# Traceability", "", f"Coverage: {coverage_line(trace)}."]
    for goal in trace.goals:
        lines += ["", f"## Goal {md_escape(goal.goal)}: {md_escape(goal.title)} "
                      f"({goal.served}/{goal.held} measures served)", ""]
        if not goal.measures:  # as the terminal says it, not a table with no rows
            lines.append("**no measures**")
            continue
        lines += ["| Measure | Project | Kind | Phase | Start | Finish |",
                  "|---|---|---|---|---|---|"]
        for row in goal.measures:
            measure = f"{md_escape(row.reference)} {md_escape(row.title)}"
            if not row.projects:
                lines.append(f"| {measure} | **no project** | | | | |")
            for ref in row.projects:
                lines.append(
                    f"| {measure} | {md_escape(ref.id)}: {md_escape(ref.title)} | "
                    f"{ref.kind or '—'} | {md_escape(ref.phase or '—')} | {ref.start} | "
                    f"{ref.finish} |"
                )
    if trace.domains:
        lines += ["", "## Domains", "", "| Domain | Projects |", "|---|--:|"]
        lines += [f"| {md_escape(d.domain)}: {md_escape(d.title)} | {len(d.projects)} |"
                  for d in trace.domains]
    lines += ["", "## Projects → measures", ""]
    if not trace.reverse:
        lines.append("_No projects._")
    else:
        lines += ["| Project | Serves |", "|---|---|"]
        lines += [f"| {md_escape(ref.id)} | {md_escape(', '.join(serves)) or '—'} |"
                  for ref, serves in trace.reverse]
    return "\n".join(lines) + "\n"


def to_csv(trace: Trace) -> str:
    """One row per (measure, project) pair; a measure no project serves has one empty row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["goal", "measure", "measure_title", "project", "project_title", "kind",
                     "phase", "start", "finish"])
    for goal in trace.goals:
        for row in goal.measures:
            cells = [goal.goal, row.reference, row.title]
            if not row.projects:
                writer.writerow([neutralise(cell) for cell in cells] + [""] * 6)
            for ref in row.projects:
                writer.writerow([neutralise(cell) for cell in [
                    *cells, ref.id, ref.title, ref.kind or "", ref.phase or "", ref.start,
                    ref.finish]])
    return out.getvalue()
