"""`egovplan cost` as a terminal table, JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
import math
from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from egovplan.analysis.costs import CostReport
from egovplan.numbers import format_number, grouped, plural
from egovplan.render.jsonout import dumps
from egovplan.render.safe import neutralise, safe
from egovplan.render.schedule import md_escape

#: Each grouping's column heading.
HEADINGS = {"year": "Year", "phase": "Phase", "agency": "Agency", "domain": "Domain",
            "kind": "Kind"}


def share_of(cost: float, total: float) -> float | None:
    """`cost`'s fraction of `total`; `None` where there is none to give (no total, or an
    infinite one)."""
    share = cost / total if 0 < total < math.inf else math.nan
    return share if math.isfinite(share) else None


def _share(cost: float, total: float) -> str:
    share = share_of(cost, total)
    return "—" if share is None else f"{share:.1%}"


def summary(report: CostReport) -> str:
    """`Total 78.5 for 4 projects; no cost given for 1: survey`."""
    line = f"Total {grouped(report.total)} for {plural(report.costed, 'project')} with a cost"
    if report.uncosted:
        shown = ", ".join(report.uncosted[:10]) + (", …" if len(report.uncosted) > 10 else "")
        line += f"; no cost given for {len(report.uncosted):,}: {shown}"
    return line


def overlap_note(report: CostReport) -> str:
    return ("A project in several domains counts in each: the rows add up to more than the "
            "total." if report.overlapping else "")


#: Under this many columns the table is laid out as at this width (running past the edge,
#: which wraps it) rather than squeezed until its names fold letter by letter.
MIN_WIDTH = 60


def _narrow_width(table: Table, width: int) -> int | None:
    """The width of `table` on a terminal `width` columns wide (under `MIN_WIDTH`): its own
    width where it fits, else as much of `MIN_WIDTH` as it needs."""
    from rich.console import Console
    from rich.measure import Measurement

    console = Console(width=MIN_WIDTH)
    natural = Measurement.get(console, console.options, table).maximum
    return None if natural <= width else min(natural, MIN_WIDTH)


def view(report: CostReport, width: int) -> list[RenderableType]:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    heading = HEADINGS[report.by]
    table.add_column(heading, overflow="fold")
    if report.by in ("phase", "domain"):
        table.add_column("Title", overflow="fold", ratio=1)
    table.add_column("Cost", justify="right", no_wrap=True)
    table.add_column("Share", justify="right", no_wrap=True)
    table.add_column("Projects", justify="right", no_wrap=True)
    for row in report.rows:
        # an agency is free text: its control characters escaped; the row of none in brackets,
        # so that an agency named "no agency" is not taken for it
        key = Text(safe(row.key)) if row.key else Text(f"({row.title})", style="dim")
        cells: list[RenderableType] = [key]
        if report.by in ("phase", "domain"):
            cells.append(Text(safe(row.title) if row.key else ""))
        cells += [grouped(row.cost), _share(row.cost, report.total), f"{row.projects:,}"]
        table.add_row(*cells)
    if not report.rows:
        table.add_row(Text("no project has a cost", style="italic"),
                      *[""] * (len(table.columns) - 1))
    if width < MIN_WIDTH:
        table.width = _narrow_width(table, width)
    parts: list[RenderableType] = [Text(safe(summary(report))), table]
    if report.overlapping:
        parts.append(Text(overlap_note(report)))
    return parts


def to_json(report: CostReport) -> str:
    document: dict[str, Any] = {
        "by": report.by,
        "total": report.total,
        "projects_with_cost": report.costed,
        "projects_without_cost": report.uncosted,
        "overlapping": report.overlapping,
        "rows": [{"key": row.key or None, "title": row.title, "cost": row.cost,
                  "share": share_of(row.cost, report.total),
                  "projects": row.projects} for row in report.rows],
    }
    return dumps(document)


def to_csv(report: CostReport) -> str:
    """One row per group, the costs with every digit (`repr`), as spreadsheets read them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([report.by, "title", "cost", "projects"])
    for row in report.rows:
        writer.writerow([neutralise(row.key), neutralise(row.title),
                         format_number(row.cost, exact=True), row.projects])
    return out.getvalue()


def to_markdown(report: CostReport) -> str:
    heading = HEADINGS[report.by]
    lines = [f"# Costs by {report.by}", "", f"{md_escape(summary(report))}.", "",
             f"| {heading} | Title | Cost | Share | Projects |", "|---|---|--:|--:|--:|"]
    for row in report.rows:
        key = f"`{row.key}`" if row.key and report.by in ("phase", "domain") else \
            md_escape(row.key or f"({row.title})")
        title = md_escape(row.title) if row.key and report.by in ("phase", "domain") else ""
        lines.append(f"| {key} | {title} | {grouped(row.cost)} | "
                     f"{_share(row.cost, report.total)} | {row.projects:,} |")
    if report.overlapping:
        lines += ["", overlap_note(report)]
    return "\n".join(lines) + "\n"
