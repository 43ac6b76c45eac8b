"""A spreadsheet of projects (CSV) → an egovplan roadmap.

Columns (a header row names them; any order; all but `id`, `title` and `duration` optional):
`id, title, kind, phase, serves, domains, duration, depends_on, not_before, finish_by, cost,
agency`. List cells (`serves`, `domains`, `depends_on`) are separated by `;`. A dependency item
is `a` (finish-to-start), `a:SS`, `a:FS+3m`, `a:SS-1q` (type, then a signed lag).

Ids that are not slugs are made into slugs (and reported); phases, domains, goals and measures
that the projects name are declared (phases with the window of their projects' early dates).

Every problem is reported at the line of its row in the CSV and the number of its column, and
all of them in one run: a cell that cannot be read is reported here, and what can be read is
checked as `egovplan validate` checks a roadmap (negative costs, dependency cycles …), with each
finding placed back on its row. A file with any problem is not converted.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic_core import PydanticCustomError

from egovplan.findings import Finding, sort_key
from egovplan.importers.located import InputLocator, check_imported
from egovplan.loader.reader import encoding_finding
from egovplan.model.types import (
    LOCAL_KINDS,
    format_month,
    is_slug,
    parse_duration,
    parse_lag,
    parse_month,
    shown,
)
from egovplan.numbers import plural
from egovplan.render.safe import FORMULA_START
from egovplan.suggest import SuggestionBudget, Titles, did_you_mean
from egovplan.template import free_id, letters_lost, slug

if TYPE_CHECKING:
    from egovplan.analysis.cpm import Schedule

COLUMNS = ["id", "title", "kind", "phase", "serves", "domains", "duration", "depends_on",
           "not_before", "finish_by", "cost", "agency"]
REQUIRED = ("id", "title", "duration")
_QUOTED_CELL = re.compile(r'"(?:[^"]|"")*+"')  # possessive: `""` is never split
_CELL_END = re.compile(r"[,\r\n]")
_LINE_BREAK = re.compile(r"\r\n?|\n")
_DEPENDENCY = re.compile(r"(?P<id>[^:]+?)(?::(?P<type>FS|SS|FF|SF)(?P<lag>[+-][0-9]+[mqy]?)?)?")
#: The roadmap's start while a file without a date (and without --start) is checked: the file
#: is not converted, but its rows are still checked.
_PLACEHOLDER_START = parse_month("2000-01")


@dataclass
class Imported:
    """The roadmap data made from the file, and what happened on the way."""

    data: dict[str, Any] | None
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Whether the phases have their windows (else each gets its projects' early dates).
    windows_known: bool = False


@dataclass
class _Row:
    line: int  # where the row begins in the file
    end: int  # where it ends (a quoted cell may hold line breaks)
    number: int  # its row number in a spreadsheet (the header is row 1)
    cells: list[str]


class _CellError(Exception):
    """A cell that cannot be read; the message says why."""


@dataclass
class _Sheet:
    """The header of a file, and the findings reported against its cells."""

    path: str
    header: list[str]
    findings: list[Finding] = field(default_factory=list)
    #: The known columns → their 0-based index (the first, when the header repeats a name).
    fields: dict[str, int] = field(init=False)
    #: Did-you-mean for unknown ids: each search compares with every id, so a sheet full of
    #: unknown ids gets only the first ones (as `validate` does).
    suggest: SuggestionBudget = field(default_factory=SuggestionBudget)
    #: The cells holding a date (`2025-01-01`) read as its month: (line, column, cell, month).
    dates_read: list[tuple[int, str, str, int]] = field(default_factory=list)
    #: The header's line (after any blank lines the file starts with).
    header_line: int = 1

    def __post_init__(self) -> None:
        self.fields = {}
        for index, name in enumerate(self.header):
            if name in COLUMNS:
                self.fields.setdefault(name, index)
        #: Whether egovplan's own CSV export wrote the sheet.
        self.exported = is_export(self.header)
        #: The columns whose cells are taken as written, spaces too: the text ones of a
        #: sheet egovplan exported (which writes them as the roadmap holds them).
        self.verbatim = frozenset(TEXT_COLUMNS) if self.exported else frozenset()

    def read_month(self, line: int, name: str, cell: str) -> int:
        """`sheet_month` of a cell, a date read as its month recorded for the notes."""
        month = sheet_month(cell)
        if cell != format_month(month):
            self.dates_read.append((line, name, cell, month))
        return month

    def error(self, line: int | None, column: str | int | None, message: str) -> None:
        number = column if isinstance(column, int) else self.column(column)
        self.findings.append(Finding("import", "error", message, self.path, line, number))

    def column(self, name: str | None) -> int | None:
        """The 1-based number of the column `name` (its first, if the header repeats it)."""
        return self.header.index(name) + 1 if name in self.header else None

    def record(self, row: _Row) -> dict[str, str]:
        """The cells of a row by column name (a cell that egovplan's own export kept from
        running as a formula, `'=…`, loses that `'`)."""
        return {name: _unneutralised(row.cells[index] if name in self.verbatim
                                     else row.cells[index].strip())
                if index < len(row.cells) else ""
                for name, index in self.fields.items()}


#: The columns of egovplan's own CSV exports that the schedule computes. A sheet with all of
#: the first nine is taken for such an export: these are left out (noted), so that it imports
#: again; in any other sheet they are unknown columns (a planned start is `not_before`).
COMPUTED = ("group", "start", "finish", "total_float", "free_float", "critical", "milestone",
            "late_start", "late_finish", "delay", "delay_cause")


#: Columns of free text (kept as written in an exported sheet).
TEXT_COLUMNS = ("title", "agency")


def is_export(header: list[str]) -> bool:
    """Whether a sheet's header is that of egovplan's own CSV export."""
    return all(name in header for name in COMPUTED[:9])


#: Hints for columns of planned dates, which a roadmap holds as constraints.
_PLANNED = {"start": "; did you mean 'not_before' (a planned start is the earliest the project "
                     "may start)?",
            "finish": "; did you mean 'finish_by' (a planned finish is a deadline)?"}


def _exported_start(rows: list[_Row], sheet: _Sheet) -> int | None:
    """The earliest month of a `start` column (egovplan's export has one), if it has any."""
    if not sheet.exported:
        return None
    found = []
    for row in rows:
        with contextlib.suppress(_CellError):
            found.append(sheet_month(_exported_cells(row, sheet, ("start",))["start"]))
    return min(found, default=None)


def _exported_cells(row: _Row, sheet: _Sheet, names: tuple[str, ...]) -> dict[str, str]:
    """A row's cells of columns an export has and `sheet.record` leaves out (the computed
    ones), by name."""
    cells = {}
    for name in names:
        index = sheet.header.index(name)
        cells[name] = row.cells[index].strip() if index < len(row.cells) else ""
    return cells


def _check_exported_cells(rows: list[_Row], sheet: _Sheet) -> None:
    """The cells of an exported sheet that give its phases back (`start`, `finish`,
    `milestone`) must be readable where they are filled: a spreadsheet that saved `2023-01`
    as `Jan-23` would move a phase's window without a word."""
    for row in rows:
        cells = _exported_cells(row, sheet, ("start", "finish", "milestone"))
        for name in ("start", "finish"):
            if cells[name]:
                try:
                    sheet.read_month(row.line, name, cells[name])
                except _CellError as failure:
                    sheet.error(row.line, name, f"{name}: {failure}")
        if cells["milestone"].lower() not in ("", "true", "false"):
            sheet.error(row.line, "milestone", f"'{shown(cells['milestone'])}' in 'milestone' "
                        "is not true or false")


def _is_milestone(cells: dict[str, str]) -> bool:
    return cells["milestone"].lower() == "true"  # `TRUE` as a spreadsheet saves it


def _unneutralised(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START) \
        else cell


def _split(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(";") if item.strip()]


def read_csv(raw: bytes, path: str, *, start: int | None, roadmap_id: str | None,
             title: str | None, encoding: str | None = None) -> Imported:
    result = Imported(None)
    text = _decoded(raw, path, encoding, result)
    if text is None:
        return result
    rows, unread = _read_rows(text, path)
    blank = 0  # lines before the header with nothing in them (a sheet saved with a gap above)
    while blank < len(rows) and not any(cell.strip() for cell in rows[blank].cells):
        blank += 1
    if blank:
        rows = rows[blank:]
        result.notes.append(f"{plural(blank, 'empty line')} before the header: skipped")
    if not rows and not unread:
        result.findings = [Finding(
            "import", "error", "the file holds no rows: a sheet starts with a header row "
            f"naming its columns ({', '.join(REQUIRED)}, …), then a row a project", path, 1,
            None)]
        return result
    if not rows and unread:  # the header itself cannot be read
        first = unread[0].line or 1
        lines = text.splitlines()
        written = lines[first - 1] if first <= len(lines) else ""
        if hint := _other_separator(written):  # `"id,x";title;duration`: quoted, then `;`
            result.findings = [Finding(
                "import", "error", f"the header cannot be read as comma-separated values "
                f"({unread[0].message.removeprefix('the row cannot be read: ')}): {hint}",
                path, first, 1)]
            return result
    sheet = _Sheet(path, _header(rows), list(unread),
                   header_line=rows[0].line if rows else 1)
    if rows:
        result.notes += [f"the column '{written.strip()}' is read as '{name}'"
                         for written, name in zip(rows[0].cells, sheet.header, strict=False)
                         if written.strip().lower() != name]
    if not _check_header(sheet):  # not comma-separated: its rows would only add noise
        result.findings = sheet.findings
        return result
    computed = [name for name in sheet.header if name in COMPUTED] \
        if sheet.exported else []
    if computed:
        result.notes.append(f"the columns {', '.join(computed)} are computed by the schedule: "
                            "left out")
    if sheet.exported and "depends_on" not in sheet.header:
        result.notes.append("the sheet has no depends_on column (`schedule --format csv` "
                            "writes none; `export --to csv` does): the projects come without "
                            "their dependencies, so their schedule is not the sheet's")
    locator = InputLocator({name: index + 1 for name, index in sheet.fields.items()})
    projects, names, months = _projects(rows[1:], sheet, locator, result.notes,
                                        complete=not unread)
    notes: list[str] = []
    # no "no date to start the plan from" where a date cell was unread, or the header has an
    # unknown column (the dates may be in a column it misnamed)
    date_columns = {sheet.column("not_before"), sheet.column("finish_by"),
                    *((sheet.column("start"), sheet.column("finish")) if sheet.exported else ())}
    if sheet.exported:  # first: a start or finish unread is no "no date to start from"
        _check_exported_cells(rows[1:], sheet)
    exported = _exported_start(rows[1:], sheet) if start is None else None
    if exported is not None:  # a sheet egovplan exported: its plan started where it did
        start = exported
        notes.append(f"the plan starts in the sheet's earliest start, {format_month(start)} "
                     "(--start sets it)")
    elif start is None and months:
        start = min(months)
        notes.append(f"the plan starts in its earliest date, {format_month(start)} "
                     "(--start sets it)")
    elif start is None and not any(
            finding.column is not None
            and (finding.line == sheet.header_line or finding.column in date_columns)
            for finding in sheet.findings):
        sheet.error(sheet.header_line, None, "the file holds no date to start the plan from: "
                    "give --start YYYY-MM")
    if sheet.dates_read:
        line, name, cell, month = sheet.dates_read[0]
        count = len(sheet.dates_read)
        notes.append(f"{plural(count, 'date')} read as {'its' if count == 1 else 'their'} "
                     f"month{'' if count == 1 else 's'} (a spreadsheet saves a month it took "
                     f"for a date as one): '{shown(cell)}' in '{name}' on line {line} is "
                     f"{format_month(month)}")
    if roadmap_id is not None and not is_slug(roadmap_id):
        notes.append(f"the roadmap id '{roadmap_id}' (--id) is not a slug: made "
                     f"'{slug(roadmap_id)}'")
    elif roadmap_id is None and (lost := letters_lost(_stem(path))):
        notes.append(f"the roadmap id '{slug(_stem(path))}' is made from the file's name, whose "
                     f"letters {lost[:10]} no id can hold: give --id to choose it")
    data = _roadmap(projects, names, start or _PLACEHOLDER_START,
                    roadmap_id or slug(_stem(path)),
                    _stem(path) if title is None else title, notes)
    findings = sheet.findings + check_imported(data, locator, path)
    if findings:
        result.findings = sorted(findings, key=sort_key)
        return result
    result.notes += notes
    result.data = data
    if sheet.exported and "phases" in data:
        if not _exported_windows(data, rows[1:], sheet, start or _PLACEHOLDER_START):
            result.notes.append(
                "the phases' windows could not be read so that every project keeps the dates "
                "the sheet shows (too many phases start with a milestone in the plan's first "
                "month to try every reading): check the phases' start months")
        result.windows_known = True
    if sheet.exported:
        _widen_for_new_rows(data, rows[1:], sheet, result.notes)
    return result


def _widen_for_new_rows(data: dict[str, Any], rows: list[_Row], sheet: _Sheet,
                        notes: list[str]) -> None:
    """After the phases of an exported sheet have their windows: rows added to the sheet have
    no dates to read a window from, so a phase ends no earlier than its new projects finish
    (else each would overrun the window its other projects show, a `phase-overrun` the user
    never wrote), and a phase only new rows name gets their early dates; a row whose `start`
    is not what the schedule gives it (typed into a new row, or edited) is noted, since that
    column is computed, not read. Each change is said in a note."""
    # the rows' projects in order (every row with a cell made a project, its id made a slug
    # where it was not one; a sheet with an id twice is not imported)
    written = [row for row in rows if any(cell.strip() for cell in row.cells)]
    shown: dict[str, str] = {}  # dated rows (a start and a finish read): their start
    # each row's line and its computed cells as typed (a month, or true/false)
    typed: dict[str, tuple[int, dict[str, str]]] = {}
    for row, project_id in zip(written, data["projects"], strict=False):
        cells = _exported_cells(row, sheet, ("start", "finish", "milestone"))
        typed[project_id] = (row.line, cells)
        if _is_month_text(cells["start"]) and _is_month_text(cells["finish"]):
            shown[project_id] = cells["start"]
    from egovplan.analysis.cpm import shown_finish

    schedule = _schedule_of(data)
    if schedule is None:
        return
    index = {project_id: i for i, project_id in enumerate(schedule.network.ids)}
    dated_phases = {project.get("phase") for project_id, project in data["projects"].items()
                    if project_id in shown}
    widened: dict[str, list[str]] = {}
    for project_id, project in data["projects"].items():
        phase_id = project.get("phase")
        if project_id in shown or phase_id not in data.get("phases", {}):
            continue
        phase, i = data["phases"][phase_id], index[project_id]
        first = schedule.start + schedule.es[i]
        # the month its work ends, for a milestone the month it is shown in (the one before
        # it is reached), as phase-overrun counts it
        last = schedule.start + shown_finish(schedule.ef[i])
        if phase_id not in dated_phases:  # only new rows: their early dates
            if phase_id not in widened:
                phase["start"], phase["end"] = format_month(first), format_month(last)
            phase["start"] = format_month(min(first, parse_month(phase["start"])))
            phase["end"] = format_month(max(last, parse_month(phase["end"])))
            widened.setdefault(phase_id, []).append(project_id)
        elif last > parse_month(phase["end"]):
            phase["end"] = format_month(last)
            widened.setdefault(phase_id, []).append(project_id)
    for phase_id, ids in widened.items():
        window = data["phases"][phase_id]
        one = len(ids) == 1
        rows_text = f"new {'row' if one else 'rows'} without dates ({', '.join(ids)})"
        notes.append(
            f"the phase '{phase_id}' holds only {'a ' if one else ''}{rows_text}: its window "
            f"is {'that row' if one else 'their'}{chr(39) + 's' if one else ''} early dates, "
            f"{window['start']} – {window['end']}" if phase_id not in dated_phases else
            f"the phase '{phase_id}' now ends in {window['end']}, when its {rows_text} "
            f"finish{'es' if one else ''}: the sheet's other rows ended it earlier")
    moved = [difference for project_id, (line, cells) in typed.items() if project_id in index
             for difference in _computed_differences(schedule, index[project_id], project_id,
                                                     line, cells)]
    if moved:
        notes.append(f"the start, finish and milestone columns are computed, not read, and "
                     f"{plural(len(moved), 'cell')} {'shows' if len(moved) == 1 else 'show'} "
                     f"another value than the schedule gives: {'; '.join(moved[:5])}"
                     f"{'; …' if len(moved) > 5 else ''} (duration, depends_on, not_before and "
                     "finish_by set them)")


def _computed_differences(schedule: Schedule, node: int, project_id: str, line: int,
                          cells: dict[str, str]) -> list[str]:
    """The computed cells of a row (`start`, `finish`, `milestone`) that show another value
    than the imported roadmap's schedule gives its project: an edit that is not read."""
    found = []
    for name, given in (("start", schedule.shown_start(node)),
                        ("finish", schedule.shown_finish(node))):
        if _is_month_text(cells[name]) and format_month(sheet_month(cells[name])) != given:
            found.append(f"line {line}: '{project_id}' {name} {cells[name]}, scheduled {given}")
    milestone = cells["milestone"].lower()
    is_milestone = schedule.network.durations[node] == 0
    if milestone in ("true", "false") and (milestone == "true") != is_milestone:
        found.append(f"line {line}: '{project_id}' milestone {milestone}, its duration "
                     f"{schedule.network.durations[node]}")
    return found


def _is_month_text(cell: str) -> bool:
    if not cell:
        return False
    try:
        sheet_month(cell)
    except _CellError:
        return False
    return True


def _exported_windows(data: dict[str, Any], rows: list[_Row], sheet: _Sheet,
                      plan_start: int) -> bool:
    """Each phase of an exported sheet from its projects' dates there: from the earliest
    month one of them works (no project is held by the phase's start that was not before) to
    the latest it shows.

    A milestone is shown in the month before the one it is reached at, except at the plan's
    very start, where it cannot be shown earlier: one shown in the plan's first month was
    reached then or a month later. Where that decides a phase's start, the reading that
    gives back every project's dates as the sheet shows them is kept (tried in a schedule;
    failing that, "a month later" unless a project works from the first month). False when
    readings were tried and none gave every date back (too many such phases to try them all:
    `MAX_READINGS`)."""
    dated: list[tuple[dict[str, str], int, int]] = []
    for row in rows:
        cells = _exported_cells(row, sheet, ("id", "phase", "start", "finish", "milestone"))
        try:
            dated.append((cells, sheet_month(cells["start"]), sheet_month(cells["finish"])))
        except _CellError:
            continue

    def windows(reached_late: frozenset[str]) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        for cells, first, last in dated:
            phase = _as_id(cells["phase"])
            if _is_milestone(cells) and (first > plan_start or phase in reached_late):
                first += 1  # reached the month after it is shown
            if phase in found:
                first, last = min(first, found[phase][0]), max(last, found[phase][1])
            found[phase] = (first, last)
        return found

    def apply(found: dict[str, tuple[int, int]]) -> None:
        for phase_id, phase in data["phases"].items():
            if phase_id in found:
                first, last = found[phase_id]
                phase["start"], phase["end"] = format_month(first), format_month(max(first, last))

    ambiguous = sorted({_as_id(cells["phase"]) for cells, first, _ in dated
                        if _is_milestone(cells) and first == plan_start
                        and cells["phase"]})
    busy_at_start = any(first == plan_start and not _is_milestone(cells)
                        for cells, first, _ in dated)
    default = frozenset() if busy_at_start else frozenset(ambiguous)
    others = (frozenset(c) for size in range(len(ambiguous) + 1)
              for c in itertools.combinations(ambiguous, size))
    # each reading tried is a whole check and schedule: fewer on a large sheet
    tries = max(1, min(MAX_READINGS, READING_BUDGET // max(len(dated), 1)))
    candidates = [default, *itertools.islice((c for c in others if c != default), tries - 1)]
    if len(candidates) > 1:
        shown = {cells["id"]: (format_month(first), format_month(last))
                 for cells, first, last in dated}
        for candidate in candidates:
            apply(windows(candidate))
            if _shows(data, shown):
                return True
    apply(windows(default))
    return len(candidates) == 1  # a single reading: nothing to check it against


#: How many readings of milestones at the plan's start `_exported_windows` tries at most,
#: and how many rows × readings (each a check and a schedule of the sheet).
MAX_READINGS = 16
READING_BUDGET = 40_000


def _schedule_of(data: dict[str, Any]) -> Schedule | None:
    """The early schedule of imported data, as the roadmap written from it would have it;
    `None` where it does not validate or has a cycle (its findings are reported elsewhere)."""
    import tomli_w

    from egovplan import api
    from egovplan.analysis.cpm import CycleError, compute

    checked = api.check_bytes(tomli_w.dumps(data).encode())
    if checked.roadmap is None or checked.network is None:
        return None
    try:
        return compute(checked.roadmap, checked.network)
    except CycleError:
        return None


def _shows(data: dict[str, Any], shown: dict[str, tuple[str, str]]) -> bool:
    """Whether `data`, scheduled, shows every project of `shown` at its start and finish."""
    schedule = _schedule_of(data)
    if schedule is None:
        return False
    return all(shown[project_id] == (schedule.shown_start(i), schedule.shown_finish(i))
               for i, project_id in enumerate(schedule.network.ids) if project_id in shown)


def _as_id(text: str, what: str = "phase") -> str:
    """A phase's or a domain's (`what`) id from a cell: the cell itself when it is one
    already (`stage.1` and `stage-1` stay two), else made one (`Phase One` → `phase-one`,
    `복지` → `bokji`); a name with nothing an id can take (`电子政务`) gets one made from its
    hash (`domain-6f1c03a2`), the same wherever it is written."""
    if is_slug(text):
        return text
    made = slug(text, "")
    if made or not text.strip():
        return made or text
    import hashlib
    import unicodedata

    composed = unicodedata.normalize("NFC", text.strip())  # one id however it was typed
    return f"{what}-{hashlib.blake2s(composed.encode(), digest_size=4).hexdigest()}"


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


# -- rows ----------------------------------------------------------------------------------------

#: What a spreadsheet may have saved a sheet in where it was not UTF-8, tried in this order
#: to tell the user which reading looks right (`--encoding`); the first four decode only
#: text of their own scripts (and a few others'), the last nearly any bytes.
CANDIDATE_ENCODINGS = {
    "cp949": "Korean", "gb18030": "Chinese, simplified", "big5": "Chinese, traditional",
    "shift_jis": "Japanese", "cp1252": "Western European",
}
_UTF16_BOMS = {b"\xff\xfe\x00\x00": "utf-32", b"\x00\x00\xfe\xff": "utf-32",
               b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16"}


def _decoded(raw: bytes, path: str, encoding: str | None, result: Imported) -> str | None:
    """The file's text: UTF-8 (with or without a byte-order mark) unless `encoding` is given;
    UTF-16 or UTF-32 where its byte-order mark says so. A file that does not decode is a
    finding; with notes, when it is not UTF-8, on how it reads in the encodings a spreadsheet
    may have saved it in."""
    if encoding is None:
        encoding = next((name for bom, name in _UTF16_BOMS.items() if raw.startswith(bom)),
                        "utf-8")
        chosen = False
    else:
        chosen = True
    try:
        return raw.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as failure:
        _undecoded(raw, path, encoding, chosen, failure, result)
        return None
    except UnicodeError as failure:  # a codec that fails whole (`idna`): no byte to name
        result.findings.append(Finding("encoding", "error", f"the file cannot be read as "
                                       f"{encoding}: {failure}", path, 1, 1))
        return None


def _undecoded(raw: bytes, path: str, encoding: str, chosen: bool,
               failure: UnicodeDecodeError, result: Imported) -> None:
    """The findings (and, for UTF-8, the notes) of a file that does not decode."""
    if chosen:
        result.findings.append(encoding_finding(
            raw, failure, path, encoding=encoding,
            advice="give the encoding it was saved in with --encoding"))
        return
    result.findings.append(encoding_finding(
        raw, failure, path, encoding=encoding,
        advice="save it as UTF-8 ('CSV UTF-8' in a spreadsheet), or give the encoding it "
               "was saved in with --encoding"))
    if encoding == "utf-8":
        result.notes.extend(_readings(raw))


def _readings(raw: bytes) -> list[str]:
    """How the first line that is not ASCII reads in each candidate encoding that decodes the
    whole file: the user sees which one is right."""
    line = next((line for line in raw.splitlines() if not line.isascii()), b"")
    notes = []
    for name, language in CANDIDATE_ENCODINGS.items():
        try:
            raw.decode(name)
        except UnicodeDecodeError:
            continue
        notes.append(f"read as {name} ({language}), its first line that is not ASCII is "
                     f"'{shown(line.decode(name).strip())}': if that is right, give "
                     f"--encoding {name}")
    return notes


def _read_rows(text: str, path: str) -> tuple[list[_Row], list[Finding]]:
    """The rows of the file with the lines each spans, up to the first that cannot be read;
    and the findings saying why the rest of the file was not read (none when it was)."""
    rows: list[_Row] = []
    # strict: text after a closing quote (`"B"x`) is an error, not silently joined (`Bx`)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line, failed = 1, None
    # a cell as long as the file (a title of 140,000 characters that `export --to csv` wrote):
    # the module's limit, 131,072, is for the process, so it is raised for this read alone
    limit = csv.field_size_limit(max(len(text), 131_072))
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append(_Row(line, reader.line_num, number, cells))
            line = reader.line_num + 1
    except csv.Error as failure:
        failed = Finding("import", "error", f"the row cannot be read: {failure}", path, line)
    finally:
        csv.field_size_limit(limit)
    quote = _unclosed_quote(text)
    if quote is None:
        return rows, [] if failed is None else [failed]
    quote_line, column = quote
    # the row holding the quote swallowed the rest of the file: neither can be read
    rows = [row for row in rows if row.end < quote_line]
    header = _header(rows)
    cell = f"the '{header[column - 1]}' cell" if column <= len(header) else "a cell"
    return rows, [Finding(
        "import", "error",
        f"unterminated quote: the '\"' that opens {cell} here is never closed, so the rest of "
        "the file cannot be read; close it with another '\"' (a quote inside a quoted cell is "
        "written '\"\"')", path, quote_line, column)]


#: Column headings as Korean and Chinese (simplified and traditional) sheets write them →
#: egovplan's columns; compared with white space and case set aside and NFKC (`사업 명`,
#: `기간(개월)` as written in a ministry's sheet).
LOCAL_COLUMNS = {
    **dict.fromkeys(("아이디", "식별자", "코드", "사업코드", "编号", "編號", "代码", "代碼"), "id"),
    **dict.fromkeys(("사업명", "과제명", "제목", "명칭", "名称", "名稱", "项目名称", "項目名稱",
                     "标题", "標題"), "title"),
    **dict.fromkeys(("구분", "유형", "추진구분", "类型", "類型", "类别", "類別"), "kind"),
    **dict.fromkeys(("단계", "추진단계", "阶段", "階段"), "phase"),
    **dict.fromkeys(("분야", "领域", "領域"), "domains"),
    **dict.fromkeys(("기간", "기간(개월)", "소요기간", "사업기간", "工期", "周期", "週期",
                     "工期(月)"), "duration"),
    **dict.fromkeys(("선행", "선행사업", "선행과제", "前置", "前置任务", "前置任務", "依赖",
                     "依賴"), "depends_on"),
    **dict.fromkeys(("착수가능", "착수가능월", "最早开始", "最早開始"), "not_before"),
    **dict.fromkeys(("완료기한", "기한", "마감", "截止", "截止日期", "完成期限"), "finish_by"),
    **dict.fromkeys(("예산", "사업비", "비용", "预算", "預算", "费用", "費用"), "cost"),
    **dict.fromkeys(("기관", "주관기관", "담당기관", "部门", "部門", "牵头单位", "牽頭單位",
                     "主管部门", "主管部門"), "agency"),
}


def _header(rows: list[_Row]) -> list[str]:
    """The header's column names, lowercased; a Korean or Chinese heading as the column it
    names (`LOCAL_COLUMNS`)."""
    names = [cell.strip().lower() for cell in rows[0].cells] if rows else []
    return [LOCAL_COLUMNS.get(_heading_key(name), name) for name in names]


def _heading_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


def _unclosed_quote(text: str) -> tuple[int, int] | None:
    """Where a quoted cell that is never closed begins: its line and column number. A quote
    opens a cell only at the cell's start, `""` inside one is a quote, and what follows its
    closing quote up to the next comma belongs to the cell (as `csv` reads)."""
    i, column = 0, 1
    if '"' not in text:
        return None
    while i < len(text):
        if text[i] == '"':
            closed = _QUOTED_CELL.match(text, i)
            if closed is None:
                return sum(1 for _ in _LINE_BREAK.finditer(text, 0, i)) + 1, column
            i = closed.end()
        end = _CELL_END.search(text, i)
        i = len(text) if end is None else end.start()
        column = column + 1 if text.startswith(",", i) else 1
        i += 1
    return None


def _other_separator(header: str) -> str:
    """What to say of a header whose cells seem separated by something else than commas
    (`;`, a tab, `|`); nothing where none of those is in it."""
    separator = next((mark for mark in (";", "\t", "|") if mark in header), None)
    if separator is None:
        return ""
    mark = "a tab" if separator == "\t" else f"'{separator}'"
    return (f"its cells seem separated by {mark}; egovplan reads comma-separated values "
            "(save the sheet as CSV with commas)")


def _check_header(sheet: _Sheet) -> bool:
    """Report what is wrong with the header; `False` when the file is not comma-separated at
    all (then nothing else is worth reading)."""
    head = sheet.header_line
    if len(sheet.header) == 1 and (hint := _other_separator(sheet.header[0])):
        sheet.error(head, 1, f"the header is one column, '{sheet.header[0]}': {hint}")
        return False
    for required in REQUIRED:
        if required not in sheet.header:
            has = ", ".join(f"'{shown(name)}'" for name in sheet.header[:10])
            more = ", …" if len(sheet.header) > 10 else ""
            sheet.error(head, None, f"the header has no '{required}' column: it has {has}{more}; "
                                 f"egovplan reads the columns {', '.join(COLUMNS)}")
    exported = sheet.exported
    for number, name in enumerate(sheet.header, start=1):
        if name and name not in COLUMNS and not (exported and name in COMPUTED):
            hint = did_you_mean(name, COLUMNS) or _PLANNED.get(name, "")
            sheet.error(head, number, f"unknown column '{name}'{hint}{' The' if hint else '; the'} "
                                   f"columns are: {', '.join(COLUMNS)}")
        elif name and sheet.column(name) != number:
            sheet.error(head, number, f"the column '{name}' is named twice (first in column "
                                   f"{sheet.column(name)})")
    return True


# -- projects ------------------------------------------------------------------------------------

@dataclass
class _Ids:
    """Each row's project id, and what the file's own ids became."""

    of_row: dict[int, str] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    first_line: dict[str, int] = field(default_factory=dict)
    #: The ids by the titles of their rows, for a `depends_on` cell that names a title.
    titles: Titles = field(default_factory=lambda: Titles(list))


#: For each column whose items become declared ids: each id → the text first written for it.
Names = dict[str, dict[str, str]]


def _projects(rows: list[_Row], sheet: _Sheet, locator: InputLocator, notes: list[str], *,
              complete: bool) -> tuple[dict[str, dict[str, Any]], Names, list[int]]:
    """The projects of the rows (the first row of an id that is used twice), the phases and
    domains they name, and the months they name; every cell that cannot be read is reported
    on `sheet`."""
    rows = [row for row in rows if any(cell.strip() for cell in row.cells)]
    records = [sheet.record(row) for row in rows]
    ids = _ids(rows, records, sheet, notes)
    projects: dict[str, dict[str, Any]] = {}
    names: Names = {"phase": {}, "domains": {}}
    #: (column, id) → every spelling that made the id, in the order first written
    spellings: dict[tuple[str, str], dict[str, None]] = {}
    months: list[int] = []
    for row, record in zip(rows, records, strict=True):
        _check_width(row, sheet)
        project_id = ids.of_row[row.line]
        project = _project(record, row.line, sheet, ids, months, complete=complete)
        if ids.first_line[project_id] != row.line:
            # a second row of an id (reported) is checked as a project of its own, so that
            # the rest of its row is checked too; nothing is written
            project_id = _unused(f"{project_id}.line-{row.line}", ids.first_line)
        projects[project_id] = project
        _place(locator, row.line, project_id, project, sheet)
        for column, written in names.items():
            cell = record.get(column, "")
            what = "phase" if column == "phase" else "domain"
            for text in [cell] if column == "phase" and cell else _split(cell):
                written.setdefault(_as_id(text, what), text)
                spellings.setdefault((column, _as_id(text, what)), {})[text.strip()] = None
    for (column, made), texts in spellings.items():
        what = "phase" if column == "phase" else "domain"
        if len(texts) > 1:
            listed = ", ".join(f"'{text}'" for text in texts)
            notes.append(f"{listed} in '{column}' are taken as one {what}, '{made}'")
        elif not slug(next(iter(texts)), ""):
            notes.append(f"the {what} '{next(iter(texts))}' has no letter an id can take "
                         f"(ASCII letters, or Hangul romanized): its id is '{made}'")
    return projects, names, months


def _check_width(row: _Row, sheet: _Sheet) -> None:
    """A row with cells past the header's last column: most often a comma inside an unquoted
    cell, which shifts every cell after it."""
    width = len(sheet.header)
    if any(cell.strip() for cell in row.cells[width:]):
        sheet.error(row.line, width + 1, f"the row has {len(row.cells)} cells but the header "
                                         f"{width} columns: a cell holding a comma must be "
                                         "quoted (\"a, b\")")


def _unused(candidate: str, taken: dict[str, int]) -> str:
    while candidate in taken:
        candidate += "-"
    return candidate


def _ids(rows: list[_Row], records: list[dict[str, str]], sheet: _Sheet,
         notes: list[str]) -> _Ids:
    ids = _Ids()
    # an id made for a row never takes one another row has, or was made for another spelling
    taken = {record.get("id", "") for record in records if is_slug(record.get("id", ""))}
    for index, (row, record) in enumerate(zip(rows, records, strict=True), start=1):
        original = record.get("id", "")
        if is_slug(original):
            made = original
        elif original and original in ids.renamed:  # the same id written twice: reported
            made = ids.renamed[original]
        else:
            made = free_id(slug(original, f"project-{index}"), taken)
            taken.add(made)
        if made != original and "id" in sheet.header:
            ids.renamed[original] = made
            notes.append(f"row {row.number}: id '{original}' became '{made}'")
        ids.of_row[row.line] = made
        if made in ids.first_line:
            sheet.error(row.line, "id", f"id '{made}' is used twice (first on line "
                                        f"{ids.first_line[made]})")
        ids.first_line.setdefault(made, row.line)
    ids.titles = Titles(lambda: [
        (ids.of_row[row.line], record.get("title") or None)
        for row, record in zip(rows, records, strict=True)
        if ids.first_line[ids.of_row[row.line]] == row.line])
    return ids


def _place(locator: InputLocator, line: int, project_id: str, project: dict[str, Any],
           sheet: _Sheet) -> None:
    """Record where the project (its fields are the columns of its line) and what it declares
    were read."""
    locator.put(("projects", project_id), line, sheet.column("id") or 1)
    if "phase" in project:
        locator.put(("phases", project["phase"]), line, sheet.column("phase") or 1)
    for domain in project.get("domains", []):
        locator.put(("domains", domain), line, sheet.column("domains") or 1)
    for reference in project.get("serves", []):
        locator.put(("goals", reference.rpartition(".")[0]), line, sheet.column("serves") or 1)


def _project(record: dict[str, str], line: int, sheet: _Sheet, ids: _Ids, months: list[int],
             *, complete: bool) -> dict[str, Any]:
    project: dict[str, Any] = {"title": record.get("title", "")}
    # (a sheet egovplan exported may hold an empty title: the format allows one)
    if "title" in record and not project["title"] and not sheet.exported:
        sheet.error(line, "title", "a project needs a title")
    # a placeholder when the cell cannot be read: its error is reported, nothing is written
    project["duration"] = 0
    for name, read in _READERS.items():
        if name not in record or not (record[name] or name == "duration"):
            continue
        if name == "depends_on":  # needs the file's ids
            dependencies = _dependencies(record[name], line, sheet, ids, complete=complete)
            if dependencies:
                project[name] = dependencies
            continue
        try:
            project[name] = read(record[name])
        except _CellError as failure:
            sheet.error(line, name, str(failure))
    for name in ("not_before", "finish_by"):
        if name in project:
            months.append(parse_month(project[name]))
            if project[name] != record[name]:
                sheet.dates_read.append((line, name, record[name], months[-1]))
    return project


#: A duration in Korean or Chinese units (`1년`, `18개월`, `2분기`, `1年`, `3个月`, `2季度`).
_LOCAL_DURATION = re.compile(r"([0-9]+) ?(년|개월|달|분기|年|个月|個月|月|季度)")
_LOCAL_UNITS = {"년": "y", "年": "y", "분기": "q", "季度": "q"}  # the rest are months


def _duration(cell: str) -> int:
    if not cell:
        raise _CellError("a project needs a duration: whole months (24), or \"18m\", \"2q\", "
                         "\"5y\"; 0 for a milestone")
    if local := _LOCAL_DURATION.fullmatch(cell):
        cell = local.group(1) + _LOCAL_UNITS.get(local.group(2), "m")
    try:
        return parse_duration(int(cell) if cell.isascii() and cell.isdigit() else cell)
    except PydanticCustomError as failure:
        raise _CellError(f"duration: {failure.message()}") from None


def _kind(cell: str) -> str:
    if cell in LOCAL_KINDS:
        return LOCAL_KINDS[cell]
    if cell.lower() not in ("priority", "support"):
        raise _CellError(f"kind must be 'priority' or 'support', not '{cell}'"
                         f"{did_you_mean(cell, ('priority', 'support'))}")
    return cell.lower()


#: A date as a spreadsheet saves a month it took for one (`2025-01` typed, `2025-01-01`
#: saved): `2025-01-01`, `2025/1/1`, `2025.1.1` or `2025. 1. 1.` (a Korean sheet's), with a
#: time after it (`2025-01-01 0:00`, `2025. 1. 1. 오전 12:00:00`, `2025/1/1 上午 12:00:00`,
#: `1/1/2025 12:00 AM`'s time) or not; the year first, so that no order is guessed.
#: A time is a clock's: a morning/afternoon marker before it or after it (not both), then an
#: hour of 0 to 12 (`오전 0:00:00`, `0:00 AM` are written too); without one, 0 to 23; minutes
#: and seconds 00 to 59.
_SHEET_DATE = re.compile(
    r"([0-9]{4})([-/.]) ?([0-9]{1,2})\2 ?([0-9]{1,2})\.?"
    r"(?:[ T](?:(?:오전|오후|上午|下午|[AaPp][Mm]) ?(?:0?[0-9]|1[0-2]):_MS"
    r"|(?:0?[0-9]|1[0-2]):_MS ?[AaPp][Mm]|(?:[01]?[0-9]|2[0-3]):_MS))?"
    .replace("_MS", r"[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?"))


def sheet_month(cell: str) -> int:
    """The month of a cell: `YYYY-MM`, or a date a spreadsheet made of it (`_SHEET_DATE`), read
    as its month. Raises `_CellError` saying what to write."""
    import datetime

    if date := _SHEET_DATE.fullmatch(cell):
        year, month, day = int(date.group(1)), int(date.group(3)), int(date.group(4))
        try:
            datetime.date(year, month, day)
        except ValueError as failure:
            raise _CellError(f"'{shown(cell)}' is not a date: {failure}") from None
        if year < 1:
            raise _CellError(f"'{shown(cell)}' is not a month: the year must be 0001 to 9999")
        return year * 12 + month - 1
    try:
        return parse_month(cell)
    except PydanticCustomError as failure:
        hint = "" if _MONTH_LIKE.fullmatch(cell) else " (a spreadsheet may have changed it)"
        raise _CellError(f"{failure.message()}{hint}") from None


#: A cell written as a month, wrong only in its numbers (`2025-13`).
_MONTH_LIKE = re.compile(r"[0-9]{4}-[0-9]{2}")


def _month(name: str) -> Callable[[str], str]:
    def read(cell: str) -> str:
        try:
            return format_month(sheet_month(cell))
        except _CellError as failure:
            raise _CellError(f"{name}: {failure}") from None

    return read


#: A number as a cost is written (ASCII digits; `inf` and `nan` too, reported by the checks).
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?i:inf|"
                     r"infinity|nan)")
#: Thousands separators, where a cost has them: groups of three digits, as in 1,250,000.5.
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")


def _cost(cell: str) -> float:
    if "," in cell:
        if not _GROUPED.fullmatch(cell.strip()):
            raise _CellError(f"cost must be a number, not '{cell}' (commas only between "
                             "groups of three digits, as in 1,250,000; the decimal mark is a "
                             "point)")
        cell = cell.replace(",", "")
    if not _NUMBER.fullmatch(cell.strip()):  # float() takes "１２" and "1_000" too
        raise _CellError(f"cost must be a number, not '{cell}'")
    return float(cell)


#: How each cell is read, in the order the keys are written.
_READERS: dict[str, Callable[[str], Any]] = {
    "kind": _kind,
    "phase": lambda cell: _as_id(cell, "phase"),
    "serves": _split,
    "domains": lambda cell: [_as_id(item, "domain") for item in _split(cell)],
    "duration": _duration,
    "depends_on": _split,  # read by `_dependencies`
    "not_before": _month("not_before"),
    "finish_by": _month("finish_by"),
    "cost": _cost,
    "agency": str,
}


def _dependencies(cell: str, line: int, sheet: _Sheet, ids: _Ids, *,
                  complete: bool) -> list[Any]:
    """The dependency items of a `depends_on` cell; each one that cannot be read, or names no
    project of the file, is reported and left out."""
    dependencies: list[Any] = []
    for item in _split(cell):
        try:
            dependency = _dependency(item, ids.renamed)
        except _CellError as failure:
            sheet.error(line, "depends_on", str(failure))
            continue
        target = dependency if isinstance(dependency, str) else dependency["id"]
        if target not in ids.first_line:
            if complete:  # else the project may be in the part of the file not read
                hint = sheet.suggest(target, ids.first_line, exclude=ids.of_row.get(line),
                                     titles=ids.titles)
                sheet.error(line, "depends_on", f"unknown project '{target}' in depends_on"
                                                f"{hint}")
            continue
        dependencies.append(dependency)
    return dependencies


def _dependency(item: str, renamed: dict[str, str]) -> str | dict[str, Any]:
    match = _DEPENDENCY.fullmatch(item)
    if match is None:
        raise _CellError(f"'{item}' is not a dependency: write a, a:SS, a:FS+3m or a:SS-1q")
    target = renamed.get(match["id"].strip(), match["id"].strip())
    if match["type"] is None:
        return target
    entry: dict[str, Any] = {"id": target, "type": match["type"]}
    if match["lag"]:
        lag = match["lag"].lstrip("+")
        try:
            entry["lag"] = parse_lag(int(lag) if lag.lstrip("-").isdigit() else lag)
        except PydanticCustomError as failure:
            raise _CellError(f"lag in '{item}': {failure.message()}") from None
    return entry


# -- the roadmap ---------------------------------------------------------------------------------

def _roadmap(projects: dict[str, dict[str, Any]], names: Names, start: int, roadmap_id: str,
             title: str, notes: list[str]) -> dict[str, Any]:
    """The roadmap holding `projects`, with the phases, domains, goals and measures they name
    declared (each phase and domain titled as first written); `notes` say what was declared."""
    data: dict[str, Any] = {
        "format": 1,
        "roadmap": {"id": slug(roadmap_id), "title": title, "start": format_month(start)},
    }
    goals = _goals(projects)
    if goals:
        measures = sum(len(goal["measures"]) for goal in goals.values())
        notes.append(f"declared {len(goals)} goal(s) and {measures} measure(s) from the "
                     "references in 'serves' (titles are the references)")
    if names["domains"]:
        data["domains"] = dict(names["domains"])  # in the order the sheet first names them
        notes.append(f"declared {len(names['domains'])} domain(s) named in 'domains'")
    if names["phase"]:
        data["phases"] = {phase: {"title": name, "start": format_month(start),
                                  "end": format_month(start)}
                          for phase, name in names["phase"].items()}  # as first named
        notes.append(f"declared {len(names['phase'])} phase(s) named in 'phase', each with "
                     "the window of its projects' early dates")
    if goals:
        data["goals"] = goals
    data["projects"] = projects
    return data


def _goals(projects: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The goals and measures that the `serves` references name. A reference that is not
    `<goal>.<measure>` declares nothing: validation reports it on its cell."""
    goals: dict[str, dict[str, Any]] = {}
    for reference in sorted({m for p in projects.values() for m in p.get("serves", [])}):
        goal, _, measure = reference.rpartition(".")
        if goal and is_slug(goal) and is_slug(measure):
            goals.setdefault(goal, {"title": goal, "measures": {}})["measures"][measure] = {
                "title": reference}
    return goals
