"""Table rows laid out by egovplan, segment for segment as Rich lays them out, for speed.

Rich builds a table's rows cell by cell, measuring, wrapping and padding every cell's text
through a dozen objects: the phase tables of 10,000 projects took 7 s. `RowsTable` lets a
Rich `Table` draw only its title and heading, and writes the rows itself as
`rich.table.Table._render` does, between the box's edges, each cell shaped to the row's height:

- a cell of a short string (a month, a number) is made from a probe Rich renders once per
  column and row style: the probe's segments, with the string justified in its place;
- a project's name cell (`NameCell`: the id over the title) is broken into lines by the rules
  of `CellText` (`wrapped`), its segments styled as Rich styles a probe's;
- anything else, and any string the probe cannot stand for (markup, spaces at its ends, wider
  than the column), is rendered by Rich.

It does so only where every column's width is given and the table fits the console, so that
the widths are known without measuring cells; anywhere else Rich lays out the whole table. On
a console without colour (a pipe, a file) each line is written as one piece of text. Tests
compare the two, colour and plain, for generated titles at many widths.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

from rich.box import Box
from rich.cells import set_cell_size
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style

from egovplan.render.wrap import SPACES, CellText, cell_len, divide

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table

#: Off: every table's rows are laid out by Rich (the reference the tests compare with).
ENABLED = True


@dataclass(frozen=True)
class NameCell:
    """An id in bold over its title, `note` before the title, and `detail` (if any) on a line
    of its own between them (all already `safe`: on one line). Rich draws it as a `CellText`;
    `RowsTable` breaks its lines itself, by the same rules."""

    project_id: str
    title: str
    note: str = ""
    detail: str | None = None

    def __rich__(self) -> CellText:
        cell = CellText(self.project_id, style="bold")
        if self.detail is not None:
            cell.append("\n" + self.detail, style="not bold")
        cell.append("\n" + self.note + self.title, style="not bold")
        return cell


def wrapped(text: str, width: int) -> list[tuple[str, int]]:
    """The lines `CellText` breaks one line of `text` into in a column of `width` cells
    (left-justified, folded): each without the spaces it ended with, and the spaces that pad
    it to `width`."""
    if cell_len(text) <= width:  # one line (as `divide` finds, word by word)
        line = text.rstrip()
        return [(line, width - cell_len(line))]
    lead = len(text) - len(text.lstrip("".join(SPACES)))
    if lead:  # as CellText.wrap: spaces would start a blank line
        text = text[lead:]
    offsets = divide(text, width)
    lines = []
    for start, end in zip([0, *offsets], [*offsets, len(text)], strict=True):
        line = text[start:end].rstrip()
        size = cell_len(line)
        if size > width:  # a character wider than the column (as Rich's `Text.truncate`)
            line, size = set_cell_size(line, width), width
        lines.append((line, width - size))
    return lines


Row = tuple[list["RenderableType"], str | None]  # the cells, and the row's style
Lines = list[list[Segment]]


class RowsTable:
    """A table made by `make` (its columns, no rows) with `rows` added, laid out as Rich
    would. `widths`: every column's width without padding, when all are given (else None:
    Rich lays the table out)."""

    def __init__(self, make: Callable[[], Table], rows: list[Row],
                 widths: list[int] | None) -> None:
        self.make, self.rows, self.widths = make, rows, widths
        self.heading = make()
        #: The table's own width (None: as wide as its columns): what `_print_uncut` reads.
        self.width = self.heading.width

    def whole(self) -> Table:
        """The same table with its rows, for Rich to lay out."""
        table = self.make()
        for cells, style in self.rows:
            table.add_row(*cells, style=style)
        return table

    #: Its lines are never wider than the console (see `cropped`): `console.print` need not
    #: measure them again (`crop=False`), which took as long as writing them.
    crops_itself = True

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table, widths = self.heading, self.widths
        if widths is None or not ENABLED or not self.rows or not _plain_layout(table):
            yield from self._laid_out_by_rich(console, options)
            return
        last = len(widths) - 1
        # each column's width with its padding (none at the table's outer edges)
        padded = [width + (index > 0) + (index < last) for index, width in enumerate(widths)]
        table_width = sum(padded) + 2 + last  # the edges and the lines between columns
        # Rich would narrow columns to fit the console: it lays out (a table of a width of
        # its own is one Rich expands: not a `_plain_layout`)
        if table_width > options.max_width:
            yield from self._laid_out_by_rich(console, options)
            return
        heading = list(Segment.split_lines(console.render(table, options)))
        if Segment.get_line_length(heading[-1]) != table_width:
            # Rich gave the columns other widths than these (Rich before 15 padded the outer
            # edges even without `pad_edge`): it lays out the rows too
            yield from self._laid_out_by_rich(console, options)
            return
        rows = _Rows(self, console, options.update(width=table_width, height=None,
                                                   highlight=table.highlight), padded)
        lines = chain(heading[:-1], rows.lines(), heading[-1:])  # the bottom edge last
        new_line = Segment.line()
        if console.color_system is None and not console.record:  # only the text is written
            # each line in one piece
            for line in lines:
                yield Segment("".join([segment.text for segment in line]))
                yield new_line
        else:
            for line in lines:
                yield from line
                yield new_line


    def _laid_out_by_rich(self, console: Console,
                          options: ConsoleOptions) -> Iterator[Segment | Table]:
        if self.width is not None and self.width > options.max_width:
            yield self.whole()  # to run past the terminal's edge (`_print_uncut`)
        else:
            yield from cropped(console.render(self.whole(), options), options.max_width)


def cropped(segments: Iterable[Segment], width: int) -> Iterator[Segment]:
    """`segments` in lines cut at `width` cells, as `console.print` cuts them (`crop=True`)."""
    for line in Segment.split_and_crop_lines(segments, width, pad=False):
        yield from line


def _plain_layout(table: Table) -> bool:
    """Whether `table` is laid out as `RowsTable` lays out rows: a box with its edges, the
    heading shown, padding (0, 1) but at the outer edges, nothing between rows, no footer or
    caption, not expanded."""
    return (table.box is not None and table.show_edge and table.show_header
            and not table.show_footer and not table.show_lines and not table.leading
            and not table.row_styles and not table.caption
            and not table.expand and table.min_width is None and not table.pad_edge
            and not table.collapse_padding and tuple(table.padding) == (0, 1, 0, 1)
            and all(column.vertical == "top" for column in table.columns))


#: A short string's cell: the probe's segments before the string, the string's style, its
#: width and justification, and the segments after it (None: Rich renders the string).
_Probe = tuple[list[Segment], Style | None, int, str, list[Segment]] | None
#: What a name cell's segments are made of, read off a probe Rich renders: the id's style,
#: the title's, the style of the spaces after the title, and what each line starts and ends
#: with (the cell's padding); None where Rich made the probe of other pieces.
_NameStyles = tuple[Style | None, Style | None, Style | None, list[Segment],
                    list[Segment]] | None
_NAME_PROBE = NameCell("i", "t")


class _Rows:
    """The lines of one table's rows."""

    def __init__(self, table: RowsTable, console: Console, options: ConsoleOptions,
                 widths: list[int]) -> None:
        self.table, self.console, self.widths = table, console, widths
        heading = table.heading
        columns = heading.columns
        last = len(columns) - 1
        get_style = console.get_style
        self.column_styles = [get_style(column.style or "") for column in columns]
        self.justify = [column.justify for column in columns]
        self.options = [options.update(width=width, justify=column.justify,
                                       no_wrap=column.no_wrap, overflow=column.overflow,
                                       height=None,
                                       highlight=getattr(column, "highlight", None))
                        for width, column in zip(widths, columns, strict=True)]
        self.pads = [(0, 1 if index < last else 0, 0, 1 if index else 0)
                     for index in range(len(columns))]
        border = get_style(heading.style or "") + get_style(heading.border_style or "")
        box = heading.box.substitute(  # type: ignore[union-attr]  # a box: `_plain_layout`
            options, safe=console.safe_box if heading.safe_box is None else heading.safe_box)
        self.edges = [(Segment(box.mid_left, border), Segment(box.mid_right, border),
                       Segment(box.mid_vertical, border)),
                      (Segment(box.foot_left, border), Segment(box.foot_right, border),
                       Segment(box.foot_vertical, border))]
        self.row_styles: dict[str | None, Style] = {}
        self.strings: dict[tuple[int, str, str | None], Lines] = {}
        self.probes: dict[tuple[int, str | None], _Probe] = {}
        self.names: dict[tuple[int, str | None], _NameStyles] = {}
        self.blanks: dict[tuple[int, str | None], list[Segment]] = {}

    def render(self, index: int, cell: RenderableType, row_style: Style) -> Lines:
        """A cell as Rich renders it in column `index`."""
        return self.console.render_lines(Padding(cell, self.pads[index]), self.options[index],
                                         style=self.column_styles[index] + row_style)

    def lines(self) -> Iterator[list[Segment]]:
        final = len(self.table.rows) - 1
        for number, (cells, style_name) in enumerate(self.table.rows):
            row_style = self.row_styles.get(style_name)
            if row_style is None:
                row_style = self.row_styles[style_name] = Style.null() + (
                    Style.null() if style_name is None else self.console.get_style(style_name))
            rendered = [self.cell(index, cell, style_name, row_style)
                        for index, cell in enumerate(cells)]
            height = max(len(lines) for lines in rendered)
            for index, lines in enumerate(rendered):
                if len(lines) < height:  # as Rich's `Segment.align_top`: blank lines below
                    key = (index, style_name)
                    blank = self.blanks.get(key)
                    if blank is None:
                        blank = self.blanks[key] = [Segment(
                            " " * self.widths[index], self.column_styles[index] + row_style)]
                    rendered[index] = lines + [blank] * (height - len(lines))
            left, right, vertical = self.edges[number == final]
            divider = (vertical if vertical.text.strip()
                       else Segment(vertical.text, row_style.background_style + vertical.style))
            for line in range(height):
                segments = [left]
                for index, lines in enumerate(rendered):
                    if index:
                        segments.append(divider)
                    segments += lines[line]
                segments.append(right)
                yield segments

    def cell(self, index: int, cell: RenderableType, style_name: str | None,
             row_style: Style) -> Lines:
        """A cell's lines, each exactly its column's width (as `Console.render_lines` pads
        them)."""
        if isinstance(cell, str):
            key = (index, cell, style_name)
            lines = self.strings.get(key)
            if lines is None:
                lines = self.strings[key] = self.string(index, cell, style_name, row_style)
            return lines
        if isinstance(cell, NameCell):
            name_key = (index, style_name)
            if name_key not in self.names:
                self.names[name_key] = _name_styles(self.render(index, _NAME_PROBE, row_style))
            styles = self.names[name_key]
            if styles is not None:
                padding = sum(len(segment.text) for segment in styles[3] + styles[4])
                return _name_lines(cell, self.widths[index] - padding, styles)
        return self.render(index, cell, row_style)

    def string(self, index: int, text: str, style_name: str | None, row_style: Style) -> Lines:
        """A short string's cell: the probe's, with `text` in its place."""
        key = (index, style_name)
        if key not in self.probes:
            self.probes[key] = _string_probe(self.render(index, "x", row_style),
                                             self.justify[index])
        probe = self.probes[key]
        if (probe is None or not text.isprintable() or text != text.strip()
                or "[" in text or ":" in text):  # no markup or emoji codes to read
            return self.render(index, text, row_style)
        before, style, width, justify, after = probe
        room = width - cell_len(text)
        if room < 0:
            return self.render(index, text, row_style)
        if justify == "right":
            text = " " * room + text
        elif justify == "center":
            text = " " * (room // 2) + text + " " * (room - room // 2)
        else:
            text += " " * room
        return [[*before, Segment(text, style), *after]]


def _string_probe(probe: Lines, justify: str) -> _Probe:
    """How Rich drew "x" in a column: one line, "x" (justified) in one segment, spaces in
    the others."""
    if len(probe) != 1 or justify not in ("left", "right", "center", "default"):
        return None
    line = probe[0]
    holding = [number for number, segment in enumerate(line) if "x" in segment.text]
    if (len(holding) != 1 or line[holding[0]].text.strip() != "x"
            or any(segment.text.strip() or segment.control for segment in line
                   if "x" not in segment.text)):
        return None
    at = holding[0]
    shown = line[at].text
    expected = {"right": shown.rstrip() == shown,
                "center": shown.index("x") == (len(shown) - 1) // 2}
    if not expected.get(justify, shown.startswith("x")):
        return None
    return line[:at], line[at].style, len(shown), justify, line[at + 1:]


def _name_styles(probe: Lines) -> _NameStyles:
    """Read off a probe ("i" over "t"): [head] "i" and spaces [tail] over [head] "t", spaces
    [tail], where head and tail (the cell's padding) are the same spaces on both lines."""
    if len(probe) != 2 or any(segment.control for line in probe for segment in line):
        return None
    first, second = probe
    at = next((n for n, segment in enumerate(first) if segment.text.startswith("i")), None)
    if (at is None or first[at].text.strip() != "i" or len(second) != len(first) + 1
            or first[:at] != second[:at] or first[at + 1:] != second[at + 2:]
            or second[at].text != "t" or second[at + 1].text.strip()
            or any(segment.text.strip() for segment in first[:at] + first[at + 1:])):
        return None
    return (first[at].style, second[at].style, second[at + 1].style, first[:at],
            first[at + 1:])


def _name_lines(cell: NameCell, width: int, styles: tuple[Style | None, Style | None,
                                                         Style | None, list[Segment],
                                                         list[Segment]]) -> Lines:
    """A name cell's lines as Rich draws them, `width` cells of text (and the padding)."""
    id_style, title_style, pad_style, head, tail = styles
    lines = [[*head, Segment(line + " " * pad, id_style), *tail]
             for line, pad in wrapped(cell.project_id, width)]
    texts = [cell.note + cell.title] if cell.detail is None else [cell.detail,
                                                                   cell.note + cell.title]
    for text in texts:
        for line, pad in wrapped(text, width):
            pieces = [Segment(line, title_style)] if line else []
            if pad:
                pieces.append(Segment(" " * pad, pad_style))
            lines.append([*head, *pieces, *tail])
    return lines


def measured_widths(make: Callable[[], Table], rows: list[Row],
                    width: int) -> tuple[list[int], int] | None:
    """The layout of `make()` with `rows` as Rich lays it out `width` cells wide (see
    `laid_out_widths`), measuring each cell once (Rich measures every cell each time it prints
    the table). Rich sizes a column by its cells' largest least width and largest greatest
    width, so a table of two rows, one of each column's cell of the largest least width and
    one of the largest greatest width, is laid out alike: that table is drawn."""
    from rich.console import Console

    if not rows:
        return None
    console = Console(file=io.StringIO(), width=width, color_system=None, markup=False,
                      emoji=False, highlight=False)
    probe = make()
    options = console.options  # a property that asks the terminal's size each time
    extremes: list[list[RenderableType]] = [[], []]
    for column in range(len(probe.columns)):
        cells = [cells[column] for cells, _ in rows]
        measured = [Measurement.get(console, options, cell) for cell in cells]
        extremes[0].append(cells[max(range(len(cells)), key=lambda n: measured[n].minimum)])
        extremes[1].append(cells[max(range(len(cells)), key=lambda n: measured[n].maximum)])
    for cells in extremes:
        probe.add_row(*cells)
    return laid_out_widths(probe, width)


def laid_out_widths(table: Table, width: int) -> tuple[list[int], int] | None:
    """The widths of `table`'s columns with their padding as Rich lays it out in a console
    `width` cells wide (a squeezed column can be narrower than its padding), and the table's
    own width (more than `width` where Rich's columns keep their least widths past it): read
    from the rule under its heading, drawn with a box whose rule marks where columns meet (a
    box's characters take no room of their own: the widths are those of any box). None where
    that cannot be read. `table` is drawn with that box."""
    from rich.console import Console

    table.box = _RULED
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, markup=False, emoji=False,
                      highlight=False, legacy_windows=False, safe_box=False)
    console.print(table, crop=False)
    last = len(table.columns) - 1
    for line in out.getvalue().splitlines():
        runs = line[1:-1].split("+") if line[:1] == " " and line[-1:] == " " else []
        if len(runs) == last + 1 and all(set(run) <= {"-"} for run in runs) and "-" in line:
            return [len(run) for run in runs], len(line)
    return None


def unpadded(widths: list[int]) -> list[int] | None:
    """Padded column widths without their padding (none at the outer edges); None where a
    column is narrower than its padding (`RowsTable` cannot lay that out)."""
    last = len(widths) - 1
    inner = [width - (index > 0) - (index < last) for index, width in enumerate(widths)]
    return inner if min(inner, default=0) >= 0 else None


#: A box of spaces but for the rule under the heading, `-` with `+` where columns meet.
_RULED = Box("    \n    \n -+ \n    \n    \n    \n    \n    \n", ascii=True)
