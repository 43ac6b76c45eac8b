"""The phase tables' rows, written by egovplan (`egovplan.render.rows`), are Rich's, byte for
byte: in colour and without, on a UTF-8 and an ASCII console, at widths where the table fits
and where Rich lays it out itself, for generated ids and titles in every script."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest
import tomli_w
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich.console import Console

from egovplan import api
from egovplan.analysis.report import schedule_report
from egovplan.cli import _print_uncut
from egovplan.render import rows, terminal
from egovplan.render.rows import NameCell, RowsTable, wrapped
from egovplan.render.terminal import Chart, phase_tables, schedule_view
from egovplan.render.wrap import CellText
from tests.helpers import report


class _Ascii(io.StringIO):
    """A stream that says it takes ASCII only: Rich draws tables with ASCII boxes."""

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "ascii"


def _render(parts: Sequence[object], width: int, colours: str | None, *, ascii_only: bool = False,
            fast: bool = True) -> str:
    """`parts` printed as the command line prints them (`fast`), or all by Rich, each part
    cropped at the console's width as Rich crops (a table wider than the console runs past)."""
    rows.ENABLED = terminal.FAST_CHART = fast
    try:
        out = _Ascii() if ascii_only else io.StringIO()
        console = Console(file=out, width=width, color_system=colours,  # type: ignore[arg-type]
                          force_terminal=colours is not None, highlight=False, markup=False,
                          emoji=False)
        for part in parts:
            if fast:
                _print_uncut(console, part)
            else:
                # as the command line printed parts before: a table with a width of its own
                # beyond the console's runs past its edge; the chart was a `Text`
                table_width = None if isinstance(part, Chart) else getattr(part, "width", None)
                console.print(part, crop=not (table_width is not None and table_width > width))
        return out.getvalue()
    finally:
        rows.ENABLED = terminal.FAST_CHART = True


def _both(parts: Sequence[object], width: int, colours: str | None, *,
          ascii_only: bool = False) -> tuple[str, str]:
    return (_render(parts, width, colours, ascii_only=ascii_only),
            _render(parts, width, colours, ascii_only=ascii_only, fast=False))


#: Characters titles are drawn from: Latin, Hangul, ideographs, kana, the ideographic space,
#: Chinese punctuation and brackets, wide and zero-width characters, an emoji with its joiner
#: and variation selector, a combining accent, markup-like brackets and colons.
_TITLE_CHARACTERS = (list("abcXYZ019 -_.,()[]:/") + list("주민등록행정전산망")
                     + list("民生服务网络") + list("アイウ")
                     + ["\u3000", "、", "。", "（", "）", "「", "」", "ー"]
                     + ["\U0001F468", "\u200d", "\U0001F469", "\ufe0f", "\u0301", "é", "\u00a0"])
_titles = st.text(alphabet=st.sampled_from(_TITLE_CHARACTERS), max_size=70)
_ids = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,55}", fullmatch=True)


@st.composite
def _roadmaps(draw: st.DrawFn) -> dict[str, object]:
    ids = draw(st.lists(_ids, min_size=1, max_size=7, unique=True))
    projects: dict[str, dict[str, object]] = {}
    for number, project_id in enumerate(ids):
        project: dict[str, object] = {
            "title": draw(_titles),
            "duration": draw(st.sampled_from([0, 1, 7, 30, 400, 11000])),
            "phase": draw(st.sampled_from(["one", "two"])),
        }
        kind = draw(st.sampled_from([None, "priority", "support"]))
        if kind:
            project["kind"] = kind
        if number and draw(st.booleans()):
            project["depends_on"] = [draw(st.sampled_from(ids[:number]))]
        if draw(st.booleans()):
            project["finish_by"] = "2001-06"  # floats below zero, some wide
        projects[project_id] = project
    return {
        "format": 1,
        "roadmap": {"id": "t", "title": draw(_titles), "start": "2000-01"},
        "phases": {"one": {"title": "첫 단계 One", "start": "2000-01", "end": "2003-12"},
                   "two": {"start": "2004-01", "end": "2009-12"},
                   "empty": {"start": "2010-01", "end": "2010-12"}},
        "projects": projects,
    }


def _report(document: dict[str, object]) -> object:
    checked = api.check_bytes(tomli_w.dumps(document).encode())
    # deadlines before chains of 1,000-year projects can reach before the year 1
    assume(checked.roadmap is not None)
    assert checked.roadmap is not None
    return schedule_report(checked.roadmap)


@settings(max_examples=150, deadline=None)
@given(document=_roadmaps(), width=st.integers(min_value=30, max_value=220),
       colours=st.sampled_from([None, "standard", "truecolor"]), ascii_only=st.booleans())
def test_rows_are_richs(document: dict[str, object], width: int, colours: str | None,
                        ascii_only: bool) -> None:
    result = _report(document)
    tables = phase_tables(result, width)  # type: ignore[arg-type]
    ours, richs = _both(list(tables), width, colours, ascii_only=ascii_only)
    assert ours == richs
    # the whole screen: the summary, the tables and the chart (Rich prints the chart as a
    # `Text`, cropped at the console's width)
    view = schedule_view(result, width=width, show_gantt=True)  # type: ignore[arg-type]
    ours, richs = _both(view, width, colours, ascii_only=ascii_only)
    assert ours == richs


@pytest.mark.parametrize("colours", [None, "truecolor"])
def test_rows_are_richs_at_every_width(colours: str | None) -> None:
    """The seed's tables at every width from 40 to 160 cells: the narrow layout, the wide one,
    and the widths where the table no longer fits and Rich lays it out."""
    from pathlib import Path

    checked = api.check_file(Path(__file__).parents[2] / "roadmaps" / "korea-egov-seed.toml")
    assert checked.roadmap is not None
    result = schedule_report(checked.roadmap)
    for width in range(40, 161):
        ours, richs = _both(schedule_view(result, width=width, show_gantt=True), width,
                            colours)
        assert ours == richs, width


def test_the_fast_rows_are_the_ones_written() -> None:
    """Where the table fits, the rows are egovplan's (Rich is asked for the heading only):
    a guard that the comparisons above compare two different layouts."""
    tables = phase_tables(report('[projects.a]\ntitle = "주민등록"\nduration = 3\n'), 100)
    table = tables[0]
    assert isinstance(table, RowsTable)
    console = Console(file=io.StringIO(), width=100, color_system=None)
    segments = list(console.render(table, console.options))
    assert not any(hasattr(segment, "columns") for segment in segments)
    # without colour, a row's line is one piece of text
    assert any(segment.text.startswith(" a ") and segment.text.rstrip().endswith("●")
               for segment in segments)
    rows.ENABLED = False
    try:
        assert not any(segment.text.startswith(" a ")
                       for segment in console.render(table, console.options))
    finally:
        rows.ENABLED = True


@settings(max_examples=400, deadline=None)
@given(text=_titles, width=st.integers(min_value=1, max_value=40))
def test_wrapped_breaks_lines_as_cell_text(text: str, width: int) -> None:
    console = Console(file=io.StringIO(), width=200, color_system=None)
    lines = CellText(text).wrap(console, width, justify="left", overflow="fold")
    assert [line + " " * pad for line, pad in wrapped(text, width)] == [
        line.plain for line in lines]


def test_a_name_cell_is_a_cell_text_to_rich() -> None:
    cell = NameCell("registry", "주민등록 registry", "● ")
    text = cell.__rich__()
    assert isinstance(text, CellText)
    assert text.plain == "registry\n● 주민등록 registry"


@settings(max_examples=1000, deadline=None)
@given(text=st.text() | _titles)
def test_cell_len_is_richs(text: str) -> None:
    from rich.cells import cell_len as rich_cell_len

    from egovplan.render.wrap import cell_len

    assert cell_len(text) == rich_cell_len(text)


@settings(max_examples=1000, deadline=None)
@given(columns=st.integers(min_value=1, max_value=40), data=st.data())
def test_bar_runs_are_the_cells_drawn_one_by_one(columns: int, data: st.DataObject) -> None:
    """The chart's bars, drawn cell by cell as they were: marks, then the bar (or a
    milestone) over them, then the float; trailing spaces dropped; equal cells in one run."""
    from itertools import groupby

    from egovplan.render.terminal import bar_runs

    marks = data.draw(st.sets(st.integers(min_value=-2, max_value=columns + 2), max_size=3))
    first = data.draw(st.integers(min_value=0, max_value=columns - 1))
    last = data.draw(st.integers(min_value=first + 1, max_value=columns))
    float_end = data.draw(st.integers(min_value=0, max_value=columns))
    glyph = data.draw(st.sampled_from(["█", "▒", "◆"]))
    style = data.draw(st.sampled_from(["bold red", "cyan"]))
    cells: list[tuple[str, str | None]] = [(" ", None)] * columns
    for mark in marks:
        if 0 <= mark < columns:
            cells[mark] = ("┆", "magenta")
    for column in range(first, last):
        cells[column] = (glyph, style)
    for column in range(last, float_end):
        cells[column] = ("·", "dim")
    used = len("".join(cell for cell, _ in cells).rstrip())
    expected = [(cell * len(list(run)), cell_style)
                for (cell, cell_style), run in groupby(cells[:used])]
    assert bar_runs(columns, marks, first, last, glyph, style, float_end) == expected


@st.composite
def _traced(draw: st.DrawFn) -> dict[str, object]:
    """Goals with measures (some served by nothing, some goals with none) and projects
    serving them, titles from every script, ids of every length."""
    goals: dict[str, object] = {}
    references: list[str] = []
    for goal in range(draw(st.integers(1, 3))):
        measures = {}
        for number in range(1, draw(st.integers(0, 4)) + 1):
            measures[str(number)] = {"title": draw(_titles)}
            references.append(f"g{goal}.{number}")
        goals[f"g{goal}"] = {"title": draw(_titles), "measures": measures}
    projects: dict[str, object] = {}
    for project_id in draw(st.lists(_ids, min_size=1, max_size=6, unique=True)):
        project: dict[str, object] = {"title": draw(_titles),
                                      "duration": draw(st.integers(0, 40))}
        if references:
            project["serves"] = draw(st.lists(st.sampled_from(references), unique=True,
                                              max_size=3))
        kind = draw(st.sampled_from([None, "priority", "support"]))
        if kind:
            project["kind"] = kind
        if draw(st.booleans()):
            project["phase"] = "a-phase-with-a-long-id"
        projects[project_id] = project
    return {"format": 1, "roadmap": {"id": "t", "title": "T", "start": "2000-01"},
            "phases": {"a-phase-with-a-long-id": {"start": "2000-01", "end": "2010-12"}},
            "goals": goals, "projects": projects}


def _old_layout_is_wide(matrix: object, width: int) -> bool:
    """The rule before the goal tables' rows were egovplan's: five columns where every goal
    table, laid out by Rich measuring every cell and cut at the terminal's edge, shows the
    dates of a project whole."""
    from egovplan.render.trace import _goal_rows, _goal_table, _widths

    widths = _widths(matrix)  # type: ignore[arg-type]
    for goal in matrix.goals:  # type: ignore[attr-defined]
        refs = [ref for row in goal.measures for ref in row.projects]
        if not refs:
            continue
        table = _goal_table(widths)
        for cells, style in _goal_rows(goal, narrow=False):
            table.add_row(*cells, style=style)
        out = io.StringIO()
        Console(file=out, width=width, color_system=None, markup=False).print(table)
        if f"{refs[0].start} – {refs[0].finish}" not in out.getvalue():
            return False
    return True


@settings(max_examples=120, deadline=None)
@given(document=_traced(), width=st.integers(min_value=30, max_value=200),
       colours=st.sampled_from([None, "truecolor"]))
def test_trace_tables_are_richs(document: dict[str, object], width: int,
                               colours: str | None) -> None:
    """`trace`'s goal tables: the layout chosen as before (Rich measuring every cell); each
    table given the widths Rich gives it measuring every cell is laid out alike; and its rows
    written as Rich writes them."""
    from egovplan.analysis.trace import trace
    from egovplan.render.trace import (
        _goal_rows,
        _goal_table,
        _narrow_widths,
        _reverse_columns,
        _widths,
        view,
    )

    checked = api.check_bytes(tomli_w.dumps(document).encode())
    assume(checked.roadmap is not None)
    assert checked.roadmap is not None
    result = schedule_report(checked.roadmap)
    matrix = trace(result.schedule)
    parts = view(matrix, width)
    tables = [part for part in parts[:-1] if isinstance(part, RowsTable)]  # the goals'
    assert len(tables) == len(matrix.goals)
    wide = all(table.make().columns[-1].header == "Dates" for table in tables)
    assert wide == _old_layout_is_wide(matrix, width)
    if wide:
        widths = _widths(matrix)
        for goal, table in zip(matrix.goals, tables, strict=True):
            measured = _goal_table(widths)
            for cells, style in _goal_rows(goal, narrow=False):
                measured.add_row(*cells, style=style)
            ours, richs = (_render([table.whole()], width, None, fast=False),
                           _render([measured], width, None, fast=False))
            assert ours == richs
    else:  # two columns: given the widths Rich expands the table of its own width to
        widths = _widths(matrix)
        for goal, table in zip(matrix.goals, tables, strict=True):
            expanded = _goal_table(widths, narrow=_narrow_widths(widths, width))
            for cells, style in _goal_rows(goal, narrow=True):
                expanded.add_row(*cells, style=style)
            assert (_render([table.whole()], width, None, fast=False)
                    == _render([expanded], width, None, fast=False))
    # the reverse table: given the widths Rich measures, laid out alike
    reverse = parts[-1]
    assert isinstance(reverse, RowsTable)
    if reverse.widths is not None and reverse.width is None:
        measured = _reverse_columns()
        for cells, style in reverse.rows:
            measured.add_row(*cells, style=style)
        assert (_render([reverse.whole()], width, None, fast=False)
                == _render([measured], width, None, fast=False))
    ours, richs = _both(parts, width, colours)
    assert ours == richs
