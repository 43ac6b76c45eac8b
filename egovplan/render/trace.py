"""`egovplan trace` as terminal tables, JSON, Markdown and CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from egovplan.analysis.trace import ProjectRef, Trace
from egovplan.render.jsonout import dumps
from egovplan.render.schedule import md_escape, neutralise
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


def view(trace: Trace) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(f"Coverage: {coverage_line(trace)}", style="bold")]
    for goal in trace.goals:
        table = Table(title=f"Goal {goal.goal}: {goal.title} — {goal.served}/{goal.held} "
                      "measures served", title_justify="left", title_style="bold",
                      box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("Measure", overflow="fold")
        table.add_column("Project", overflow="fold")
        table.add_column("Kind", no_wrap=True)
        table.add_column("Phase", no_wrap=True)
        table.add_column("Dates", no_wrap=True)
        for row in goal.measures:
            label = CellText(row.reference, style="bold")
            label.append("\n" + row.title, style="not bold")
            if not row.projects:
                table.add_row(label, Text("no project", style="bold red"), "", "", "")
            for number, ref in enumerate(row.projects):
                name = CellText(ref.id, style="bold")
                name.append("\n" + ref.title, style="not bold")
                table.add_row(label if number == 0 else "", name, ref.kind or "—",
                              ref.phase or "—", f"{ref.start} – {ref.finish}")
        if not goal.measures:
            table.add_row(Text("no measures", style="bold red"), "", "", "", "")
        parts.append(table)
    if trace.domains:
        domains = Table(title="Domains", title_justify="left", title_style="bold",
                        box=box.SIMPLE_HEAD, pad_edge=False)
        domains.add_column("Domain", overflow="fold")
        domains.add_column("Projects", justify="right")
        for domain in trace.domains:
            count = len(domain.projects)
            domains.add_row(CellText(f"{domain.domain}: {domain.title}"),
                            str(count) if count else Text("0", style="bold red"))
        parts.append(domains)
    reverse = Table(title="Projects → measures", title_justify="left", title_style="bold",
                    box=box.SIMPLE_HEAD, pad_edge=False)
    reverse.add_column("Project", overflow="fold")
    reverse.add_column("Serves", overflow="fold")
    for ref, serves in trace.reverse:
        reverse.add_row(ref.id, ", ".join(serves) if serves else Text("—", style="dim"))
    parts.append(reverse)
    return parts


def to_markdown(trace: Trace) -> str:
    lines = ["# Traceability", "", f"Coverage: {coverage_line(trace)}."]
    for goal in trace.goals:
        lines += ["", f"## Goal {md_escape(goal.goal)}: {md_escape(goal.title)} "
                      f"({goal.served}/{goal.held} measures served)", ""]
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
    lines += ["", "## Projects → measures", "", "| Project | Serves |", "|---|---|"]
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
