"""`egovplan risk` as text (with a histogram and an S-curve), JSON, Markdown and CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from egovplan.analysis.risk import PERCENTILES, RiskReport
from egovplan.numbers import eighths
from egovplan.render.jsonout import dumps
from egovplan.render.safe import neutralise
from egovplan.render.schedule import md_escape

_BLOCKS = " ▁▂▃▄▅▆▇█"


def document(report: RiskReport) -> dict[str, Any]:
    """The contract's `risk` document (and the distribution used)."""
    return {
        "iterations": report.iterations,
        "seed": report.seed,
        "distribution": report.distribution,
        "leveled": report.leveled,
        "finish": {
            **{f"p{p}": report.shown_month(report.percentiles[p]) for p in PERCENTILES},
            "mean_months": round(report.mean_months, 6),
        },
        # the contract's deadlines are the projects' `finish_by`; a phase's end (the chance
        # that its projects finish in it) is an egovplan extension, kept apart so that a
        # phase and a project of one id never share a list
        "deadlines": [
            {"id": d.id, "kind": d.kind, "finish_by": d.deadline,
             "probability": round(d.probability, 6)}
            for d in report.deadlines if d.kind == "project"
        ],
        "phase_ends": [
            {"id": d.id, "end": d.deadline, "probability": round(d.probability, 6)}
            for d in report.deadlines if d.kind == "phase"
        ],
        "projects": [
            {"id": p.id, "criticality": round(p.criticality, 6),
             "sensitivity": p.sensitivity, "mean_duration": round(p.mean_duration, 6)}
            for p in report.projects
        ],
    }


def to_json(report: RiskReport) -> str:
    return dumps(document(report))


def _iterations(report: RiskReport) -> str:
    noun = "iteration" if report.iterations == 1 else "iterations"
    return f"leveled {noun}" if report.leveled else noun


def _ranked(report: RiskReport) -> list[Any]:
    return sorted(report.projects, key=lambda p: (-abs(p.sensitivity), -p.criticality, p.id))


def view(report: RiskReport, width: int) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(
        f"{report.iterations:,} {_iterations(report)} ({report.distribution}, seed "
        f"{report.seed}): "
        f"mean duration {report.mean_months:.1f} months", style="bold")]
    finish = Table.grid(padding=(0, 2))
    finish.add_column(style="bold")
    finish.add_column()
    for p in PERCENTILES:
        finish.add_row(f"P{p}", report.shown_month(report.percentiles[p]))
    parts.append(finish)
    if report.deadlines:
        table = Table(title="Chance of meeting each deadline", title_justify="left",
                      box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("Deadline of")
        table.add_column("By", no_wrap=True)
        table.add_column("Probability", justify="right")
        for chance in report.deadlines:
            table.add_row(f"{chance.kind} {chance.id}", chance.deadline,
                          f"{chance.probability:.1%}")
        parts.append(table)
    ranked = _ranked(report)
    shown = "" if len(ranked) <= MAX_RANKED else f" ({MAX_RANKED} of {len(ranked)})"
    table = Table(title=f"Projects: criticality and sensitivity{shown}", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Project", overflow="fold")
    table.add_column("Critical in", justify="right")
    table.add_column("Sensitivity", justify="right")
    for project in ranked[:MAX_RANKED]:
        table.add_row(project.id, f"{project.criticality:.1%}", f"{project.sensitivity:+.2f}")
    if not ranked:  # as `schedule` and `trace` say it
        table.add_row(Text("no projects", style="italic"), "", "")
    parts.append(table)
    parts.append(histogram(report, width))
    return parts


#: The text report's table of projects lists this many, the most sensitive first.
MAX_RANKED = 15


def histogram(report: RiskReport, width: int) -> Text:
    """The distribution of the plan's duration (bars) and its S-curve (the share of runs
    finished by each duration), over the range of durations seen."""
    values = report.durations
    low, high = values[0], values[-1]
    if high == low:  # no estimates, or one iteration: nothing to draw
        return Text(f"Plan duration: {low:.1f} months in every iteration", style="bold")
    columns = max(min(width - 12, 60), 10)
    span = (high - low) or 1.0
    counts = [0] * columns
    for value in values:
        counts[min(int((value - low) / span * columns), columns - 1)] += 1
    peak = max(counts) or 1
    text = Text("Plan duration, months\n", style="bold")
    text.append("frequency  " + "".join(_BLOCKS[eighths(c, peak)] for c in counts) + "\n",
                style="cyan")
    cumulative, curve = 0, []
    for count in counts:
        cumulative += count
        curve.append(_BLOCKS[eighths(cumulative, len(values))])
    text.append("S-curve    " + "".join(curve) + "\n", style="magenta")
    left, right = f"{low:.1f}", f"{high:.1f}"
    text.append(" " * 11 + left + " " * max(columns - len(left) - len(right), 1) + right,
                style="dim")
    return text


def to_markdown(report: RiskReport) -> str:
    lines = ["# Schedule risk", "",
             f"{report.iterations:,} {_iterations(report)} ({report.distribution}, seed "
             f"{report.seed}); "
             f"mean plan duration {report.mean_months:.1f} months.", "",
             "| Percentile | Finish |", "|---|---|"]
    lines += [f"| P{p} | {report.shown_month(report.percentiles[p])} |" for p in PERCENTILES]
    if report.deadlines:
        lines += ["", "| Deadline of | By | Probability |", "|---|---|--:|"]
        lines += [f"| {d.kind} {md_escape(d.id)} | {d.deadline} | {d.probability:.1%} |"
                  for d in report.deadlines]
    lines += ["", "| Project | Critical in | Sensitivity |", "|---|--:|--:|"]
    lines += [f"| {md_escape(p.id)} | {p.criticality:.1%} | {p.sensitivity:+.2f} |"
              for p in _ranked(report)]
    return "\n".join(lines) + "\n"


def to_csv(report: RiskReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["id", "title", "criticality", "sensitivity", "mean_duration"])
    for p in report.projects:
        writer.writerow([neutralise(p.id), neutralise(p.title), f"{p.criticality:.6f}",
                         f"{p.sensitivity:.6f}", f"{p.mean_duration:.6f}"])
    return out.getvalue()
