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

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

from rich.cells import set_cell_size
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
    """A project's id in bold over its title, `note` before the title (both already `safe`:
    on one line). Rich draws it as a `CellText`; `RowsTable` breaks its lines itself, by the
    same rules."""

    project_id: str
    title: str
    note: str = ""

    def __rich__(self) -> CellText:
        cell = CellText(self.project_id, style="bold")
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
        if table_width > options.max_width:  # Rich would narrow columns: it lays it out
            yield from self._laid_out_by_rich(console, options)
            return
        heading = list(Segment.split_lines(console.render(table, options)))
        rows = _Rows(self, console, options.update(width=table_width, height=None,
                                                   highlight=table.highlight), padded)
        lines = chain(heading[:-1], rows.lines(), heading[-1:])  # the bottom edge last
        new_line = Segment.line()
        if console.color_system is None:  # only the text is written: each line in one piece
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
    heading shown, padding (0, 1) but at the outer edges, nothing between rows, no width,
    footer or caption of its own."""
    return (table.box is not None and table.show_edge and table.show_header
            and not table.show_footer and not table.show_lines and not table.leading
            and not table.row_styles and not table.caption and table.width is None
            and not table.expand and table.min_width is None and not table.pad_edge
            and not table.collapse_padding and tuple(table.padding) == (0, 1, 0, 1)
            and all(column.vertical == "top" for column in table.columns))


#: A short string's cell: the probe's segments before the string, the string's style, its
#: width and justification, and the segments after it (None: Rich renders the string).
_Probe = tuple[list[Segment], Style | None, int, str, list[Segment]] | None
#: What a name cell's segments are made of, read off a probe Rich renders: the id's style,
#: the title's, the style of the spaces after the title, and what each line ends with (the
#: cell's right padding); None where Rich made the probe of other pieces.
_NameStyles = tuple[Style | None, Style | None, Style | None, list[Segment]] | None
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
                                       height=None, highlight=column.highlight)
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
        self.names: dict[str | None, _NameStyles] = {}
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
            if style_name not in self.names:
                self.names[style_name] = _name_styles(self.render(index, _NAME_PROBE, row_style))
            styles = self.names[style_name]
            if styles is not None:
                return _name_lines(cell, self.widths[index] - len(styles[3]), styles)
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
    if (len(probe) == 2 and len(probe[0]) >= 1 and probe[0][0].text.startswith("i ")
            and len(probe[1]) == len(probe[0]) + 1 and probe[1][0].text == "t"
            and probe[1][1].text.strip() == "" and probe[0][1:] == probe[1][2:]
            and not any(segment.control for line in probe for segment in line)):
        return probe[0][0].style, probe[1][0].style, probe[1][1].style, probe[0][1:]
    return None


def _name_lines(cell: NameCell, width: int,
                styles: tuple[Style | None, Style | None, Style | None, list[Segment]]) -> Lines:
    """A name cell's lines as Rich draws them, `width` cells of text (and the padding)."""
    id_style, title_style, pad_style, tail = styles
    lines = [[Segment(line + " " * pad, id_style), *tail]
             for line, pad in wrapped(cell.project_id, width)]
    for line, pad in wrapped(cell.note + cell.title, width):
        pieces = [Segment(line, title_style)] if line else []
        if pad:
            pieces.append(Segment(" " * pad, pad_style))
        lines.append([*pieces, *tail])
    return lines
