"""`egovplan schedule` and `critical-path` for people: rich tables and a terminal Gantt chart.

Renderers here return rich renderables; the CLI prints them. Widths are measured in terminal
cells (as `rich.cells.cell_len` measures them), so CJK titles, two cells per character, stay
aligned.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group as RenderGroup
from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from egovplan.analysis.level import Leveling
from egovplan.analysis.report import ScheduleReport
from egovplan.model.types import format_month
from egovplan.numbers import eighths, format_number, plural
from egovplan.render.rows import NameCell, Row, RowsTable, cropped
from egovplan.render.safe import safe
from egovplan.render.schedule import (
    group_heading,
    held_by,
    path_count_text,
    path_ids,
    path_steps,
    project_rows,
    summary_items,
    timeline_range,
    via_label,
)
from egovplan.render.wrap import cell_len, clusters

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions

CRITICAL_STYLE = "bold red"
BAR_STYLE = "cyan"
PHASE_STYLE = "magenta"
GLYPH_CRITICAL, GLYPH_BAR, GLYPH_FLOAT, GLYPH_MILESTONE = "█", "▒", "·", "◆"
GLYPH_PHASE_MARK = "┆"
MAX_LABEL = 30


def summary(report: ScheduleReport) -> RenderableType:
    info = report.roadmap.roadmap
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")  # an id too long for the line is folded, not cut
    for label, value in summary_items(report):
        grid.add_row(label, value)
    heading = f"{safe(info.title)} ({info.id})" if info.title.strip() else info.id
    return RenderGroup(Text(heading, style="bold"), grid)


def _name_cell(project_id: str, title: str, note: str = "") -> Text:
    """The id in bold over the title: both stay readable in a narrow terminal (the title's
    lines break between Chinese characters too: `CellText`). `note` goes before the title."""
    return NameCell(project_id, safe(title), note).__rich__()


#: The project column is as wide as its widest id or title, up to this many cells.
MAX_PROJECT_WIDTH = 48
#: The narrowest project column: ids and titles fold over lines below this.
MIN_PROJECT_WIDTH = 12
#: The cells the other columns of a phase table take, with the space between columns.
OTHER_COLUMNS_WIDTH = 57
#: Where that would cut an id (or not fit at all), the kind and the critical marker move into
#: the project cell, before the title: the other columns then take this many cells.
NARROW_OTHER_COLUMNS_WIDTH = 39
#: A critical-path table keeps ids whole where the terminal has room besides the dates, the
#: months, the step number and the space around columns; "Driven by" takes at least 10 cells.
PATH_OTHER_COLUMNS_WIDTH = 37
MIN_DRIVEN_WIDTH = 10
#: Where that would cut an id, "Driven by" goes under the project's title: the project column
#: gains the driven-by column's cells and the space before it.
NARROW_PATH_GAIN = 3


def _cuts_ids(room: int, longest_id: int) -> bool:
    """Whether a project column of `room` cells would cut ids as long as `longest_id` (that
    it could keep whole: no column is wider than MAX_PROJECT_WIDTH) or be under its least."""
    return room < max(MIN_PROJECT_WIDTH, min(longest_id, MAX_PROJECT_WIDTH))


def _kind_line(row: dict[str, Any]) -> str:
    """What goes before the title in the narrow layout: the critical marker and the kind."""
    marker = "● " if row["critical"] else ""
    return marker + (f"{row['kind']} · " if row["kind"] else "")


#: Whether phase tables give Rich the widths of their small columns (off: Rich measures every
#: cell, for the test that the two lay tables out alike).
GIVE_WIDTHS = True


def phase_tables(report: ScheduleReport, terminal_width: int = 100) -> list[RenderableType]:
    """One table per group, all with the same columns and widths, fitting the terminal.

    The kind and `●` have columns of their own where the project column can then keep every id
    whole; else they go before the title, which gives the project column 18 more cells. Under
    the narrowest table (50 cells) the table keeps that width: lines run past the terminal's
    edge (which wraps them) rather than lose a column."""
    rows = project_rows(report)
    # a float of more than five characters (-11999) widens its column in every table alike
    float_width = max([5] + [len(str(row["total_float"])) for row in rows])
    narrow = _cuts_ids(terminal_width - OTHER_COLUMNS_WIDTH - (float_width - 5),
                       max((cell_len(row["id"]) for row in rows), default=0))
    others = (NARROW_OTHER_COLUMNS_WIDTH if narrow else OTHER_COLUMNS_WIDTH) + float_width - 5
    widest = max((max(cell_len(row["id"]),
                      cell_len((_kind_line(row) if narrow else "") + safe(row["title"])))
                  for row in rows), default=MIN_PROJECT_WIDTH)
    width = max(MIN_PROJECT_WIDTH, min(MAX_PROJECT_WIDTH, widest, terminal_width - others))
    tables: list[RenderableType] = []
    # the table's right edge is a space Rich drops where the terminal has no room
    table_width = width + others - 1 if width + others - 1 > terminal_width else None
    # where the table runs past the edge (or only its right edge, a space, does), its heading
    # goes above it and wraps at the terminal's width, as the summary does: as the table's
    # title it wrapped in the table's width, and Rich cut what passed the edge (a heading's
    # last character, at a table one cell too wide); the same Text (Rich adds no style of its
    # own to a title given as a Text)
    heading_above = width + others > terminal_width
    for group in report.groups:
        heading = Text(group_heading(group.title, group.window), style="bold")
        if heading_above:
            tables.append(heading)
        # Rich measures every cell of a column without a width (a third of a large table's
        # time): where the table fits as laid out (no width of its own), the widths it would
        # measure are given instead (the kind, at most "priority"; months `YYYY-MM`; at most
        # 12,000 months; the widest float)
        fixed = table_width is None and GIVE_WIDTHS
        make = partial(_phase_table, None if heading_above else heading, table_width, width,
                       float_width, narrow, fixed)
        table_rows: list[Row] = []
        for index in group.projects:
            row = rows[index]
            style = CRITICAL_STYLE if row["critical"] else None
            numbers = [row["start"], row["finish"], str(row["duration"]), str(row["total_float"])]
            if narrow:
                table_rows.append(
                    ([NameCell(row["id"], safe(row["title"]), _kind_line(row)), *numbers], style))
            else:
                table_rows.append(([NameCell(row["id"], safe(row["title"])), row["kind"] or "—",
                                    *numbers, "●" if row["critical"] else ""], style))
        if not group.projects:
            table_rows.append(([Text("no projects", style="italic"),
                                *[""] * (len(make().columns) - 1)], None))
        given = ([width, 7, 7, 6, float_width] if narrow
                 else [width, 8, 7, 7, 6, float_width, 4]) if fixed else None
        tables.append(RowsTable(make, table_rows, given))
    return tables


def _phase_table(heading: Text | None, table_width: int | None, width: int, float_width: int,
                 narrow: bool, fixed: bool) -> Table:
    """One phase's table: its title and columns, no rows."""
    table = Table(
        # a Text, not a string: a console's markup and emoji codes never read a title
        title=heading, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
        width=table_width,
    )
    table.add_column("Project", min_width=width, max_width=width, overflow="fold")
    if not narrow:
        table.add_column("Kind", no_wrap=True, min_width=8, width=8 if fixed else None)
    table.add_column("Start", no_wrap=True, min_width=7, width=7 if fixed else None)
    table.add_column("Finish", no_wrap=True, min_width=7, width=7 if fixed else None)
    table.add_column("Months", justify="right", no_wrap=True, width=6 if fixed else None)
    table.add_column("Float", justify="right", no_wrap=True, min_width=float_width,
                     width=float_width if fixed else None)
    if not narrow:
        table.add_column("Crit", justify="center", no_wrap=True, width=4 if fixed else None)
    return table


def _fit(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` terminal cells; cut between characters as
    shown (a flag, an emoji with its joiners, a letter with its accents stay whole)."""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    end = used = 0
    for _, after, cells in clusters(text, 0, len(text)):
        if used + cells > width - 1:
            break
        end, used = after, used + cells
    out = text[:end] + "…"
    return out + " " * (width - cell_len(out))


class _Scale:
    """Month offsets → columns of the chart area."""

    def __init__(self, low: int, high: int, columns: int) -> None:
        self.low, self.span, self.columns = low, max(high - low, 1), columns

    def col(self, month: int) -> int:
        return min(max(round((month - self.low) * self.columns / self.span), 0), self.columns)


def gantt(report: ScheduleReport, width: int) -> Chart:
    """One bar per project, grouped as the schedule is, scaled to `width` cells."""
    schedule = report.schedule
    projects = list(schedule.roadmap.projects.values())
    start = schedule.start
    low, high = timeline_range(report)
    labels = [safe(g.title) for g in report.groups] + [
        safe(projects[i].title) for g in report.groups for i in g.projects]
    label_width = min(MAX_LABEL, max((cell_len(label) for label in labels), default=8))
    # labels give way to the bars in a narrow terminal, down to 8 cells
    label_width = max(min(label_width, width - 1 - MIN_BAR_COLUMNS), 8)
    columns = max(width - label_width - 1, 10)
    scale = _Scale(low, high, columns)
    lines: list[list[tuple[str, str | None]]] = [
        [(" " * (label_width + 1) + _axis(scale, start), "dim")]]
    widest = label_width + 1 + columns
    for group in report.groups:
        marks: set[int] = set()
        line: list[tuple[str, str | None]] = [(_fit(safe(group.title), label_width) + " ", "bold")]
        if group.window:
            # a window that starts at the chart's end is marked in its last column (it made
            # the line a cell longer than the chart)
            first = min(scale.col(group.window[0] - start), scale.columns - 1)
            last = scale.col(group.window[1] - start + 1)
            last = max(last, first + 1)
            marks = {first, last - 1}
            closing = "┤" if last - first > 1 else ""
            window = " " * first + "├" + "─" * max(last - first - 2, 0) + closing
            line.append((window, PHASE_STYLE))
            widest = max(widest, label_width + 1 + len(window))  # one cell a character
        lines.append(line)
        # the bar's glyphs take a cell each, and it is never longer than the axis
        lines.extend([(_fit(safe(projects[index].title), label_width) + " ", None),
                      *_bar(report, index, scale, marks)] for index in group.projects)
    for legend in _legend(width).split("\n"):
        lines.append([(legend, "dim")])
        widest = max(widest, cell_len(legend))
    return Chart(lines, widest)


class Chart:
    """The Gantt chart: lines of pieces of text, each in one style (None: none), `width`
    cells wide at most.

    Printed, it gives Rich its lines' segments as they are, as `text()` prints (a `Text` that
    crops lines: Rich measured each of a chart of 10,000 bars twice, over a second); without
    colour, each line in one piece. Where the console is narrower than the chart, the `Text`
    is printed (tests compare the two)."""

    #: Its lines are never wider than the console: `console.print` need not measure them.
    crops_itself = True

    def __init__(self, lines: list[list[tuple[str, str | None]]], width: int) -> None:
        self.lines, self.width = lines, width

    def text(self) -> Text:
        chart = Text(no_wrap=True, overflow="crop")
        for number, line in enumerate(self.lines):
            if number:
                chart.append("\n")
            for piece, style in line:
                chart.append(piece, style=style)
        return chart

    @property
    def plain(self) -> str:
        return "\n".join("".join(piece for piece, _ in line) for line in self.lines)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        if self.width > options.max_width or not FAST_CHART:
            yield from cropped(console.render(self.text(), options), options.max_width)
            return
        new_line = Segment.line()
        if console.color_system is None and not console.record:  # only the text is written
            # each line in one piece
            for line in self.lines:
                yield Segment("".join([piece for piece, _ in line]))
                yield new_line
            return
        styles: dict[str | None, Style | None] = {None: None}
        get_style = console.get_style
        for line in self.lines:
            for piece, style in line:
                if style is not None and style not in styles:
                    styles[style] = get_style(style)
                yield Segment(piece, styles[style])
            yield new_line


#: Off: the chart is printed as a `Text` (the reference the tests compare with).
FAST_CHART = True


#: The bars keep at least this many columns: labels are cut shorter first.
MIN_BAR_COLUMNS = 20


def _legend(width: int) -> str:
    """The glyphs' meanings, on as many lines as `width` needs."""
    items = [f"{GLYPH_CRITICAL} critical", f"{GLYPH_BAR} other", f"{GLYPH_FLOAT} total float",
             f"{GLYPH_MILESTONE} milestone", f"{GLYPH_PHASE_MARK} phase window"]
    lines = [items[0]]
    for item in items[1:]:
        if cell_len(lines[-1]) + 2 + cell_len(item) <= width:
            lines[-1] += "  " + item
        else:
            lines.append(item)
    return "\n".join(lines)


#: Years between labels of the time axis: the fewest that leave room for each label.
_YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)


def _axis(scale: _Scale, start: int) -> str:
    """Year labels (`YYYY`) at the columns where each year begins: every year where they fit,
    else every 2nd, 5th, 10th … year, at round years. Where no year begins at a column its
    label fits at (a plan of a few months), the first month (`YYYY-MM`) at the left edge."""
    line = [" "] * scale.columns
    first_year = (start + scale.low) // 12
    last_year = (start + scale.low + scale.span) // 12
    per_year = scale.columns * 12 / scale.span
    step = next((step for step in _YEAR_STEPS if step * per_year >= 5), _YEAR_STEPS[-1])
    free_from = 0
    for year in range(first_year + (-first_year) % step, last_year + 1, step):
        if year * 12 < start + scale.low:
            continue  # a year begun before the chart (a plan from July): not its left edge
        column = scale.col(year * 12 - start)
        label = f"{year:04d}"
        if column < free_from or column + len(label) > scale.columns:
            continue
        line[column:column + len(label)] = label
        free_from = column + len(label) + 1
    if not free_from:  # no year label fits: the chart's first month, at its left edge
        label = format_month(start + scale.low)
        label = label if len(label) <= scale.columns else label[:4]
        line[:len(label)] = label
    return "".join(line)


def _bar(report: ScheduleReport, index: int, scale: _Scale,
         marks: set[int]) -> list[tuple[str, str | None]]:
    """A project's bar, as runs of one glyph in one style (no spaces at its end)."""
    schedule = report.schedule
    critical = schedule.is_critical(index)
    es, ef, lf = schedule.es[index], schedule.ef[index], schedule.lf[index]
    style = CRITICAL_STYLE if critical else BAR_STYLE
    if ef == es:
        column = min(scale.col(es), scale.columns - 1)
        return bar_runs(scale.columns, marks, column, column + 1, GLYPH_MILESTONE, style, 0)
    first = min(scale.col(es), scale.columns - 1)
    last = max(scale.col(ef), first + 1)
    return bar_runs(scale.columns, marks, first, last,
                    GLYPH_CRITICAL if critical else GLYPH_BAR, style,
                    min(scale.col(lf), scale.columns))


def bar_runs(columns: int, marks: set[int], first: int, last: int, glyph: str, style: str,
             float_end: int) -> list[tuple[str, str | None]]:
    """The runs of a line of `columns` cells: `glyph` from `first` to `last` (exclusive), the
    float's glyph from `last` to `float_end`, phase marks at `marks` where neither is, spaces
    elsewhere; none at its end. Computed from where the runs change, not cell by cell (a
    test compares it with drawing every cell)."""
    def cell(column: int) -> tuple[str, str | None]:
        if first <= column < last:
            return glyph, style
        if last <= column < float_end:
            return GLYPH_FLOAT, "dim"
        if column in marks:
            return GLYPH_PHASE_MARK, PHASE_STYLE
        return " ", None

    shown_marks = [mark for mark in marks if 0 <= mark < columns]
    used = max([last, float_end, *(mark + 1 for mark in shown_marks)])
    changes = sorted({0, used, *(point for point in (first, last, float_end,
                                                     *shown_marks,
                                                     *(mark + 1 for mark in shown_marks))
                                 if 0 < point < used)})
    runs: list[tuple[str, str | None]] = []
    for begin, end in pairwise(changes):
        run_glyph, run_style = cell(begin)
        if runs and runs[-1][1] == run_style and runs[-1][0][0] == run_glyph:
            runs[-1] = (runs[-1][0] + run_glyph * (end - begin), run_style)
        else:
            runs.append((run_glyph * (end - begin), run_style))
    return runs


def schedule_view(report: ScheduleReport, *, width: int, show_gantt: bool) -> list[RenderableType]:
    """The whole `schedule` screen: summary, phased tables, and the Gantt chart."""
    parts: list[RenderableType] = [summary(report), Text(""), *phase_tables(report, width)]
    if show_gantt and report.schedule.roadmap.projects:
        parts += [Text("Timeline", style="bold"), gantt(report, width)]
    return parts


def critical_path_view(report: ScheduleReport, width: int = 100) -> list[RenderableType]:
    schedule = report.schedule
    parts: list[RenderableType] = [Text(
        f"Critical paths of {safe(schedule.roadmap.roadmap.title)}: finish "
        f"{schedule.shown_plan_finish()} ({plural(schedule.finish, 'month')}); "
        f"{path_count_text(report.paths)}.",
        style="bold",
    )]
    for number, (path, ids) in enumerate(zip(report.paths.paths, path_ids(report, report.paths),
                                             strict=True), start=1):
        table = Table(title=Text(f"Path {number}: {' → '.join(ids)}", style="table.title"),
                      title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("#", justify="right", no_wrap=True)
        # ids whole where the terminal has room (a title wraps at its spaces, an id is cut);
        # "Driven by" gets the rest, so that no column is cut at the terminal's edge; where an
        # id would be cut, the label goes under the title instead, giving ids 13 more cells
        steps = path_steps(report, path)
        labels = [via_label(step["via"], held_by(report, path[0]) if index == 0 else "")
                  for index, step in enumerate(steps)]
        digits = len(str(len(path)))
        room = width - PATH_OTHER_COLUMNS_WIDTH - digits
        narrow = _cuts_ids(room - MIN_DRIVEN_WIDTH,
                           max((cell_len(step["id"]) for step in steps), default=0))
        if narrow:  # "Driven by" goes under the title
            project_width, driven_width = max(MIN_PROJECT_WIDTH, room + NARROW_PATH_GAIN), 0
            if room + NARROW_PATH_GAIN < MIN_PROJECT_WIDTH:  # keep the columns, run past
                table.width = PATH_OTHER_COLUMNS_WIDTH + digits - NARROW_PATH_GAIN + \
                    MIN_PROJECT_WIDTH
        else:
            project_width, driven_width = _path_widths(steps, labels, room)
        table.add_column("Project", width=project_width, overflow="fold")
        table.add_column("Start", no_wrap=True, min_width=7)
        table.add_column("Finish", no_wrap=True, min_width=7)
        table.add_column("Months", justify="right", no_wrap=True)
        if not narrow:
            table.add_column("Driven by", width=driven_width, overflow="fold")
        for step_number, (step, label) in enumerate(zip(steps, labels, strict=True), start=1):
            cells = [step["start"], step["finish"], str(step["duration"])]
            if narrow:
                cell = _name_cell(step["id"], step["title"])
                cell.append(f"\ndriven by: {label}" if step["via"] else f"\n{label}",
                            style="not bold italic")
                table.add_row(str(step_number), cell, *cells)
            else:
                table.add_row(str(step_number), _name_cell(step["id"], step["title"]), *cells,
                              label)
        parts.append(table)
    return parts


def _path_widths(steps: list[dict[str, Any]], labels: list[str], room: int) -> tuple[int, int]:
    """The widths of a critical-path table's "Project" and "Driven by" columns within `room`
    cells: both natural where they fit; else ids whole first (a title wraps at its spaces, an
    id is cut), then the labels, then the titles get what is left. Fixed widths: left to
    itself, the table's layout could run past the terminal's edge and cut a label off."""
    ids = max((cell_len(step["id"]) for step in steps), default=0)
    titles = max((cell_len(safe(step["title"])) for step in steps), default=0)
    driven = max(map(cell_len, labels), default=0)
    project = max(12, ids, min(titles, MAX_PROJECT_WIDTH))
    if project + driven <= room:
        return project, driven
    shortest = max(12, min(ids, room - 10))
    driven = max(10, min(driven, room - shortest))
    return max(shortest, min(project, room - driven)), driven


_LEVELS = " ▁▂▃▄▅▆▇█"


def _how(leveling: Leveling) -> str:
    if leveling.method == "cp-sat":
        return ("CP-SAT: proven shortest" if leveling.optimal
                else "CP-SAT: the shortest found in the time limit, not proven")
    how = f"best of {leveling.passes} passes"
    return f"{how}; {leveling.note}" if leveling.note else how


def leveling_view(report: ScheduleReport, leveling: Leveling, width: int) -> list[RenderableType]:
    """What leveling did: each delayed project with its delay and the resource that caused it,
    then a histogram of each resource's use month by month against its capacity."""
    schedule = report.schedule
    ids = schedule.network.ids
    parts: list[RenderableType] = [Text(
        f"Leveling: finish {schedule.shown_plan_finish()} ({plural(leveling.finish, 'month')}); "
        f"{sum(1 for d in leveling.delays if d)} of {len(ids)} projects delayed "
        f"({_how(leveling)})", style="bold")]
    delayed = [(d, ids[i], c) for i, (d, c) in
               enumerate(zip(leveling.delays, leveling.causes, strict=True)) if d]
    if delayed:
        rows = [(project_id, plural(delay, "month"),
                 f"resource '{cause}'" if cause else "its predecessors' delays")
                for delay, project_id, cause in sorted(delayed, key=lambda r: (-r[0], r[1]))]
        # where the table does not fit, an id is kept whole where the reasons can wrap
        # between their words to make room: it is what a planner looks up (an edge, three
        # cells between columns, an edge; Rich would squeeze the widest column, the ids')
        longest = max(len("Project"), *(cell_len(row[0]) for row in rows))
        delay_width = max(len("Delay"), *(len(row[1]) for row in rows))
        reason = max(len("Because of"), *(cell_len(row[2]) for row in rows))
        word = max(len("Because"), *(cell_len(part) for row in rows for part in row[2].split()))
        fixed = 1 + 3 + delay_width + 3 + 1
        project_width = reason_width = table_width = None
        if fixed + longest + reason > width:
            project_width = max(min(longest, width - fixed - word),
                                min(longest, MIN_PROJECT_WIDTH))
            reason_width = max(width - fixed - project_width, word)
            # under its narrowest, the table runs past the edge rather than cut a column
            table_width = fixed + project_width + reason_width
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, width=table_width)
        table.add_column("Project", overflow="fold", width=project_width)
        table.add_column("Delay", justify="right", no_wrap=True)
        table.add_column("Because of", overflow="fold", width=reason_width)
        for row in rows:
            table.add_row(*row)
        parts.append(table)
    for name, usage in leveling.usage.items():
        resource = schedule.roadmap.resources[name]
        parts.append(histogram(name, usage, resource.capacity,
                               schedule.start, width,
                               title=resource.title, unit=resource.unit))
    return parts


def histogram(name: str, usage: list[float], capacity: float, start: int, width: int, *,
              title: str | None = None, unit: str | None = None) -> Text:
    """One resource's use per month as a bar chart scaled to its capacity (█ = full), with
    a year axis; each column shows the busiest month it covers. Headed by the resource's id,
    its title, and its peak and capacity in its unit."""
    columns = max(min(width - 2, len(usage)), 1)
    per = max(len(usage) / columns, 1.0)
    levels = []
    for column in range(columns):
        first, last = int(column * per), max(int((column + 1) * per), int(column * per) + 1)
        peak = max(usage[first:last], default=0.0)
        levels.append(peak)
    peak_all = max(usage, default=0.0)
    named = f"{name} ({' '.join(title.split())})" if title and title.strip() else name
    unit_text = f" {' '.join(unit.split())}" if unit and unit.strip() else ""
    text = Text(f"{named}: busiest month {format_number(peak_all)} of "
                f"{format_number(capacity)}{unit_text}\n", style="bold")
    bars = "".join(_LEVELS[eighths(level, capacity)] for level in levels)
    text.append(bars.rstrip() + "\n", style=BAR_STYLE)
    axis = [" "] * columns
    free_from = 0
    for month in range(len(usage)):
        if (start + month) % 12 == 0:
            column = int(month / per)
            label = str((start + month) // 12)
            if column >= free_from and column + len(label) <= columns:
                axis[column:column + len(label)] = label
                free_from = column + len(label) + 1
    text.append("".join(axis).rstrip(), style="dim")
    return text
