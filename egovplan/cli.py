"""The command line: parse options, call the api, pick a renderer, map the result to an exit code.

Exit codes, for every command: 0 done and nothing wrong; 1 the input has errors; 2 a usage error
(bad option, missing file); 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import enum
import io
import math
import os
import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TextIO, cast

import typer

from egovplan import __version__, entry
from egovplan.entry import DEFAULT_MAX_BYTES, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, write_utf8
from egovplan.entry import RESULTS as _RESULTS
from egovplan.entry import default_format as _default_format
from egovplan.entry import expand as _expand
from egovplan.entry import usage_error as _usage_error
from egovplan.entry import write_ci_format as _write_ci_format
from egovplan.numbers import plural
from egovplan.render.safe import safe

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType
    from typing import Any

    from rich.console import Console

    from egovplan.analysis.cpm import Schedule
    from egovplan.analysis.diff import RoadmapDiff
    from egovplan.analysis.phases import GroupBy
    from egovplan.analysis.risk import Distribution, RiskReport
    from egovplan.api import Checked
    from egovplan.findings import Finding

app = typer.Typer(
    name="egovplan",
    help="Plan public-sector policy roadmaps: validate, schedule, find gaps, compare versions.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ValidateFormat(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"egovplan {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", help="Show the version and exit.", callback=_version,
                     is_eager=True),
    ] = False,
) -> None:
    """Plan public-sector policy roadmaps: validate, schedule, find gaps, compare versions."""


def _utf8(value: str) -> str:
    """An option's text, refused when it is not valid UTF-8 (bytes the terminal sent in
    another encoding reach Python as lone surrogates, which no file can hold)."""
    from egovplan.loader.reader import readable_name

    shown = readable_name(value)
    if shown != value:
        raise typer.BadParameter(f"'{shown}' is not valid UTF-8 text (the terminal's "
                                 "encoding?)")
    return value


def _shown_path(path: Path) -> str:
    """A path as a message shows it: undecodable bytes as U+FFFD, control characters
    escaped, quoted for a shell where it needs to be."""
    from egovplan.loader.reader import readable_name

    return shlex.quote(safe(readable_name(path)))


def _file_name(value: str) -> Path:
    """A file name as given; an empty one is a usage error (as a path it would read as `.`,
    the current directory, and be reported as a directory)."""
    if not value:
        raise typer.BadParameter("a file name cannot be empty")
    return Path(value)


FilesArgument = Annotated[
    list[Path],
    typer.Argument(help="Roadmap files (TOML, format 1), or directories to search for *.toml.",
                   metavar="PATH", show_default=False, parser=_file_name),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Fail (exit 1) on warnings too, not only errors.")
]
ExitZeroOption = Annotated[
    bool, typer.Option("--exit-zero",
                       help="Report, but exit 0 whatever is found (usage errors still exit 2).")
]


class _StandardOutput(type(Path())):  # type: ignore[misc]  # PosixPath or WindowsPath
    """`-o -`: standard output. A path of its own class, since `Path("./-")`, a file named
    "-" in the current directory, is equal to `Path("-")` and prints as `-`."""


def _output_name(value: str | Path) -> Path:
    """An output file's name as given; `-` exactly is standard output. A file named "-"
    (`./-`) is given by its full path, so that messages do not name it `-`. (typer passes a
    default, `init`'s `roadmap.toml`, through this too, as the `Path` it is.)"""
    if isinstance(value, Path):
        return value
    if value == "-":
        return _StandardOutput(value)
    import os

    if value.endswith(("/", os.sep)):  # Path() would drop it, and a file would be written
        raise typer.BadParameter(f"'{value}' ends with '/', which names a directory: give the "
                                 "file's name")
    path = _file_name(value)
    return path.absolute() if str(path) == "-" else path


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard "
                 "output ('-': standard output); an existing file is replaced only with "
                 "--force.", parser=_output_name),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")]


def _file_or_stdout(output: Path | None) -> Path | None:
    """`-o -` is standard output, as for most tools (`-o ./-` is a file named "-")."""
    return None if isinstance(output, _StandardOutput) else output


def _write(path: Path, text: str, *, force: bool, protect: tuple[Path, ...] = ()) -> None:
    """Write a file as `egovplan.writer` does, or exit 2 saying why it was refused."""
    from egovplan.writer import write_atomically

    _or_refuse(lambda: write_atomically(path, text, force=force, protect=protect))


def _check_writable(path: Path, *, force: bool, protect: tuple[Path, ...]) -> None:
    """Exit 2 now if `_write` would refuse `path`, before doing the work whose result it is."""
    from egovplan.writer import check_writable

    _or_refuse(lambda: check_writable(path, force=force, protect=protect))


def _or_refuse(action: Callable[[], None]) -> None:
    from egovplan.writer import RefusedError

    try:
        action()
    except RefusedError as error:
        _usage_error(str(error))
        raise typer.Exit(EXIT_USAGE) from None


_WHOLE = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _number(*, low: float, high: float | None = None, whole: bool = True) -> Callable[[object],
                                                                                     float]:
    """The reader of a numeric option, with its range: it says what is wrong in plain words
    ("must be 0 or more, not -1"; typer's own reading says it in pydantic's)."""

    def read(value: object) -> float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            number, text = value, str(value)
        else:
            text = str(value)
            pattern = _WHOLE if whole else _DECIMAL
            if not pattern.fullmatch(text):
                raise typer.BadParameter(
                    f"must be {'a whole number' if whole else 'a number'}, not '{text}'")
            number = int(text) if whole else float(text)
        if not math.isfinite(number):  # `1e400` reads as infinity
            raise typer.BadParameter(f"must be a finite number, {low:g} or more, not {text}")
        if number < low:
            raise typer.BadParameter(f"must be {low:g} or more, not {text}")
        if high is not None and number > high:
            raise typer.BadParameter(f"must be at most {high:,}, not {text}")
        return number

    return read


#: The most leveling passes asked for (each pass places every project: 100,000 passes of a
#: small roadmap take minutes; more is a typing mistake, not a better schedule).
MAX_EFFORT = 100_000
#: The largest seed: JSON carries integers up to 64 bits (`risk` prints its seed).
MAX_SEED = 2**64 - 1
EffortOption = Annotated[
    int, typer.Option("--effort", parser=_number(low=1, high=MAX_EFFORT), metavar="N",
                      help="Leveling passes to try, 1 to 100,000 (more: better, slower).")
]
MaxBytesOption = Annotated[
    int,
    typer.Option("--max-bytes", parser=_number(low=1), metavar="BYTES",
                 help="Refuse files larger than this many bytes."),
]


@app.command()
def validate(
    paths: FilesArgument,
    output_format: Annotated[
        ValidateFormat | None,
        typer.Option("--format", "-f", help="Output format (default: github inside GitHub "
                     "Actions, else text)."),
    ] = None,
    strict: StrictOption = False,
    exit_zero: ExitZeroOption = False,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Check roadmap files and report every problem with its line and column.

    Exit 0 when every file is valid, 1 when any has an error (with --strict: or a warning),
    2 on a usage error.
    """
    raise typer.Exit(entry.validate(
        paths, None if output_format is None else output_format.value, strict=strict,
        exit_zero=exit_zero, max_bytes=max_bytes))


class GapsFormat(enum.StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    github = "github"
    sarif = "sarif"


def _gap_codes(values: list[str] | None) -> frozenset[str]:
    """The codes given to `--ignore`, checked: an unknown one is a usage error."""
    from typing import get_args

    from egovplan.model.roadmap import GapCode
    from egovplan.suggest import did_you_mean

    known = get_args(GapCode)
    for value in values or []:
        if value not in known:
            hint = did_you_mean(value, known)
            raise typer.BadParameter(
                f"unknown gap code '{value}'{hint}{' The' if hint else '; the'} codes are: "
                f"{', '.join(known)}", param_hint="'--ignore'",
            )
    return frozenset(values or [])


@app.command()
def gaps(
    paths: FilesArgument,
    output_format: Annotated[
        GapsFormat | None,
        typer.Option("--format", "-f", help="Output format (default: github inside GitHub "
                     "Actions, else text)."),
    ] = None,
    strict: StrictOption = False,
    exit_zero: ExitZeroOption = False,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", metavar="CODE",
                     help="Accept the gaps of this code (repeatable); shown as suppressed."),
    ] = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Report what the roadmap leaves uncovered: goals, measures, numbering, declared counts,
    domains, phases, deadlines, capacity.

    Exit 0 when no gap is an error (with --strict: no gap at all), 1 otherwise, 2 on a usage
    error. A file that does not validate is reported as `validate` does, and exits 1.
    """
    from egovplan import api
    from egovplan.render import gaps as render
    from egovplan.render import validation

    chosen = _default_format(output_format)
    ignored = _gap_codes(ignore)
    files, missing = _expand(paths)
    reports: list[render.FileGaps] = []
    invalid: list[api.Checked] = []
    _RESULTS.append((reports, invalid))
    for file in files:
        try:
            checked = api.check_file(file, max_bytes)
        except api.FileUnreadableError as error:
            _usage_error(str(error))
            missing = True
            continue
        if checked.valid and checked.roadmap is not None:
            reports.append(render.FileGaps(checked.path, checked.roadmap,
                                           api.gaps(checked, ignored)))
        else:
            invalid.append(checked)
    findings = [f for checked in invalid for f in checked.findings]
    findings += [f for report in reports for f in report.report.findings]
    if missing and chosen in ("json", "sarif"):  # no document for a run that could not read
        raise typer.Exit(EXIT_USAGE)
    if chosen == "json":
        write_utf8(render.to_json(reports, invalid))
    elif not _write_ci_format(chosen, findings):
        if invalid:
            sys.stderr.write(validation.text(invalid))
        if chosen == "markdown" and (reports or invalid):
            sys.stdout.write(render.to_markdown(reports, invalid))
        elif chosen != "markdown" and (reports or len(invalid) > 1):
            sys.stdout.write(render.text(reports, len(invalid)))
    if missing:
        raise typer.Exit(EXIT_USAGE)
    failing = bool(invalid) or any(
        r.report.errors or (strict and r.report.warnings) for r in reports)
    raise typer.Exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_OK)


class TraceFormat(enum.StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"


@app.command()
def trace(
    file: Annotated[
        Path, typer.Argument(help="A roadmap file (TOML, format 1).", metavar="FILE",
                             show_default=False, parser=_file_name),
    ],
    output_format: Annotated[
        TraceFormat, typer.Option("--format", "-f", help="Output format.")
    ] = TraceFormat.text,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Print the traceability matrix goal → measure → projects, coverage per goal and per
    domain, and the reverse view project → measures."""
    from egovplan.analysis.cpm import compute
    from egovplan.analysis.trace import trace as build_trace
    from egovplan.graph import build_network
    from egovplan.render import trace as render

    checked = _load_valid(file, max_bytes, output_format is TraceFormat.json)
    assert checked.roadmap is not None  # noqa: S101 - _load_valid guarantees it
    schedule = compute(checked.roadmap, checked.network or build_network(checked.roadmap))
    matrix = build_trace(schedule)
    _RESULTS.append(matrix)
    _show(matrix, output_format, render)


def _show(report: Any, output_format: TraceFormat, render: ModuleType) -> None:
    """`report` as `render` (a module of `view`, `to_json`, `to_markdown`, `to_csv`) writes
    it in `output_format`."""
    if output_format is TraceFormat.text:
        console = _console()
        for part in render.view(report, console.width):
            _print_uncut(console, part)
        return
    if output_format is TraceFormat.json:
        write_utf8(render.to_json(report))
        return
    writers = {TraceFormat.markdown: render.to_markdown, TraceFormat.csv: render.to_csv}
    sys.stdout.write(writers[output_format](report))


class CostBy(enum.StrEnum):
    year = "year"
    phase = "phase"
    agency = "agency"
    domain = "domain"
    kind = "kind"


@app.command()
def cost(
    file: Annotated[
        Path, typer.Argument(help="A roadmap file (TOML, format 1).", metavar="FILE",
                             show_default=False, parser=_file_name),
    ],
    by: Annotated[
        CostBy, typer.Option("--by", help="Group the costs by year (each spread over its "
                             "project's months), phase, agency, domain or kind.")
    ] = CostBy.year,
    level: Annotated[
        bool, typer.Option("--level", help="Spread the costs over the resource-leveled "
                           "schedule's months (as `schedule --level` gives them).")
    ] = False,
    output_format: Annotated[
        TraceFormat, typer.Option("--format", "-f", help="Output format.")
    ] = TraceFormat.text,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Add up the projects' costs, in all and by year, phase, agency, domain or kind; name the
    projects without a cost."""
    from egovplan.analysis.costs import cost_report
    from egovplan.analysis.cpm import compute
    from egovplan.graph import build_network
    from egovplan.render import costs as render

    json_errors = output_format is TraceFormat.json
    checked = _load_valid(file, max_bytes, json_errors)
    assert checked.roadmap is not None  # noqa: S101 - _load_valid guarantees it
    if level:
        from egovplan.analysis.report import leveled_report

        leveled, leveling = leveled_report(checked.roadmap, checked.network, max_paths=0)
        if leveling.findings:
            _report_schedule_errors(checked, leveling.findings, json_errors)
        _beyond_the_calendar(checked, leveled.schedule.finish, "the leveled plan", json_errors)
        schedule = leveled.schedule
    else:
        schedule = compute(checked.roadmap, checked.network or build_network(checked.roadmap))
    report = cost_report(schedule, by.value)
    _RESULTS.append(report)
    _show(report, output_format, render)


class DiffFormat(enum.StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def diff(
    specs: Annotated[
        list[str] | None,
        typer.Argument(help="OLD and NEW: two roadmap files, or git revisions REV:path.",
                       metavar="OLD NEW", show_default=False),
    ] = None,
    git: Annotated[
        str | None,
        typer.Option("--git", metavar="REV",
                     help="Compare FILE (the one argument) with its version at git revision "
                          "REV."),
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Output format.")
    ] = DiffFormat.text,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when there are semantic changes.")
    ] = False,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Exit 1 when NEW brings new gaps: 'new-errors' (a "
                     "missed deadline, a phase overrun …) or 'new-gaps' (warnings too)."),
    ] = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Compare two versions of a roadmap: entities added, removed, renamed and changed, and
    what that does to the schedule and to the gaps.

    Exit 0 (with --exit-code: 0 when nothing changed, 1 when something did), 1 when a side
    does not validate, 2 on a usage error.
    """
    from egovplan import api
    from egovplan.loader.git import revision_path
    from egovplan.render import diff as render
    from egovplan.render import validation

    names = list(specs or [])
    if "" in names:
        raise typer.BadParameter("a file name cannot be empty", param_hint="OLD NEW")
    if git is not None:
        if len(names) != 1:
            raise typer.BadParameter("with --git REV give exactly one FILE", param_hint="FILE")
        try:
            names = [revision_path(git, names[0]), names[0]]
        except api.FileUnreadableError as error:
            _usage_error(str(error))
            raise typer.Exit(EXIT_USAGE) from None
    if len(names) != 2:
        raise typer.BadParameter("give OLD and NEW (files or REV:path), or --git REV FILE",
                                 param_hint="OLD NEW")
    if _one_stream(names[0], names[1]):
        _usage_error(f"OLD and NEW are the same stream, '{safe(names[0])}', which can be read "
                     "only once (the second read would find it empty): save it to a file")
        raise typer.Exit(EXIT_USAGE)
    sides = []
    for name in names:
        try:
            sides.append(api.check_spec(name, max_bytes))
        except api.FileUnreadableError as error:
            _usage_error(str(error))
            raise typer.Exit(EXIT_USAGE) from None
    _RESULTS.append(sides)
    invalid = [side for side in sides if not side.valid]
    if invalid:
        if output_format is DiffFormat.json:
            write_utf8(validation.to_json(invalid))
        else:
            if output_format is DiffFormat.markdown:  # the comment says why there is no diff
                sys.stdout.write(render.invalid_markdown(invalid, *(s.path for s in sides)))
            sys.stderr.write(validation.text(invalid))
        raise typer.Exit(EXIT_FINDINGS)
    old, new = sides
    result = api.diff(old, new)
    _RESULTS.append(result)
    if output_format is DiffFormat.json:
        write_utf8(render.to_json(result, old.path, new.path))
    elif output_format is DiffFormat.markdown:
        sys.stdout.write(render.to_markdown(result, old.path, new.path))
    else:
        _console().print(render.text(result, old.path, new.path), end="", soft_wrap=True)
    raise typer.Exit(EXIT_FINDINGS if (exit_code and result.changes)
                     or _fails(result, fail_on) else EXIT_OK)


class FailOn(enum.StrEnum):
    new_errors = "new-errors"
    new_gaps = "new-gaps"


def _fails(result: RoadmapDiff, fail_on: FailOn | None) -> bool:
    """Whether the diff brings the gaps `--fail-on` names: new ones, or changed ones whose
    new side is (a deadline missed by more months is no new gap, but its change is one
    the pull request brings)."""
    if fail_on is None or result.gaps is None:
        return False
    brought = [*result.gaps.only_new, *(new for _, new in result.gaps.changed)]
    return any(fail_on is FailOn.new_gaps or gap.is_error for gap in brought)


@app.command()
def schema() -> None:
    """Print the JSON Schema of roadmap format 1 (for editors and other tools)."""
    from egovplan.model.schema import json_schema
    from egovplan.render.jsonout import dumps

    write_utf8(dumps(json_schema()))


class ExportFormat(enum.StrEnum):
    mermaid = "mermaid"
    dot = "dot"
    csv = "csv"
    markdown = "markdown"
    html = "html"


class ExportView(enum.StrEnum):
    dependencies = "dependencies"
    traceability = "traceability"


@app.command()
def export(
    ctx: typer.Context,
    file: FileArgument,
    to: Annotated[ExportFormat, typer.Option("--to", "-t", help="The format to export to.")],
    output: OutputOption = None,
    force: ForceOption = False,
    view: Annotated[
        ExportView, typer.Option("--view", help="What the dot graph draws.")
    ] = ExportView.dependencies,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Export the roadmap: a Mermaid Gantt chart, a Graphviz graph, CSV for spreadsheets, a
    Markdown report, or one self-contained HTML report."""
    from egovplan import api
    from egovplan.analysis.report import schedule_report
    from egovplan.analysis.trace import trace as build_trace
    from egovplan.render import dot, html, mermaid
    from egovplan.render import gaps as render_gaps
    from egovplan.render import schedule as render_schedule
    from egovplan.render import trace as render_trace
    _needs(ctx, "to dot", to is ExportFormat.dot, ["view"])
    output = _file_or_stdout(output)
    _needs(ctx, "output FILE", output is not None, ["force"])
    if output is not None:  # refuse before the work
        _check_writable(output, force=force, protect=(file,))
    checked = _load_valid(file, max_bytes, json_errors=False)
    assert checked.roadmap is not None  # noqa: S101 - _load_valid guarantees it
    report = schedule_report(checked.roadmap, checked.network)
    _RESULTS.append(report)
    if to is ExportFormat.mermaid:
        text = mermaid.gantt(report)
    elif to is ExportFormat.dot:
        text = (dot.traceability(build_trace(report.schedule), checked.roadmap.roadmap.title)
                if view is ExportView.traceability else dot.dependencies(report))
    elif to is ExportFormat.csv:
        # a byte-order mark first: without it Excel reads UTF-8 as the system's code page and
        # garbles Korean and Chinese titles (`schedule --format csv`, for programs, has none)
        text = "\ufeff" + render_schedule.to_csv(report, coverage=True)
    else:
        gap_report = api.gaps(checked)
        matrix = build_trace(report.schedule)
        if to is ExportFormat.html:
            risk, omitted = None, None
            if any(p.estimate is not None for p in checked.roadmap.projects.values()):
                from egovplan.analysis.cpm import shown_finish
                from egovplan.analysis.risk import simulate
                from egovplan.checks import LAST_MONTH

                risk = simulate(report.schedule, iterations=2_000, seed=0)
                slowest = math.ceil(risk.durations[-1]) if risk.durations else 0
                if checked.roadmap.start + shown_finish(slowest) > LAST_MONTH:
                    risk, omitted = None, ("the slowest simulated plan would finish after "
                                           "9999-12, and no date can be shown past the year "
                                           "9999 (`egovplan risk` refuses it too)")
                    sys.stderr.write(f"note: schedule risk left out of the report: {omitted}\n")
            text = html.report_html(report, gap_report, matrix, risk, omitted)
        else:
            # one document under the roadmap's title: each report after the schedule a
            # section of it, its own headings one level down
            text = "\n".join([
                render_schedule.to_markdown(report),
                "## Timeline\n", mermaid.markdown(report),
                render_schedule.demoted(render_schedule.critical_path_markdown(report)),
                render_schedule.demoted(render_gaps.to_markdown([render_gaps.FileGaps(
                    checked.path, checked.roadmap, gap_report)])),
                render_schedule.demoted(render_trace.to_markdown(matrix)),
            ])
    if output is None:
        write_utf8(text)  # as the file `-o` writes: UTF-8 (HTML and the CSV say so)
        return
    _write(output, text, force=force, protect=(file,))
    sys.stderr.write(f"wrote {_shown_path(output)}\n")


class RiskFormat(enum.StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"


class DistributionOption(enum.StrEnum):
    pert = "pert"
    triangular = "triangular"


@app.command()
def risk(
    ctx: typer.Context,
    file: FileArgument,
    iterations: Annotated[
        int, typer.Option("--iterations", "-n", metavar="N",
                          parser=_number(low=1, high=10_000_000),
                          help="Monte Carlo iterations, 1 to 10,000,000.")
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", parser=_number(low=0, high=MAX_SEED),
                                      metavar="N", help="The random seed, 0 to 2^64 - 1 "
                                      "(same seed, same output).")] = 0,
    distribution: Annotated[
        DistributionOption, typer.Option("--distribution", help="How durations are drawn "
                                         "from an estimate.")
    ] = DistributionOption.pert,
    output_format: Annotated[
        RiskFormat, typer.Option("--format", "-f", help="Output format.")
    ] = RiskFormat.text,
    level: Annotated[
        bool, typer.Option("--level", help="Level resources in every iteration, with the "
                           "priority order of `schedule --level`.")
    ] = False,
    effort: EffortOption = 40,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Monte Carlo schedule risk from three-point estimates: finish percentiles, the chance
    of meeting each deadline and phase end, criticality and sensitivity of each project."""
    from egovplan.analysis.cpm import compute
    from egovplan.graph import build_network
    from egovplan.render import risk as render

    _needs(ctx, "level", level, ["effort"])
    checked = _load_valid(file, max_bytes, output_format is RiskFormat.json)
    assert checked.roadmap is not None  # noqa: S101 - _load_valid guarantees it
    schedule = compute(checked.roadmap, checked.network or build_network(checked.roadmap))
    drawn: Distribution = (
        "pert" if distribution is DistributionOption.pert else "triangular")
    _check_risk_memory(len(checked.roadmap.projects), iterations)
    try:
        result = _simulate(schedule, checked, level=level, effort=effort, iterations=iterations,
                           seed=seed, distribution=drawn,
                           json_errors=output_format is RiskFormat.json)
    except MemoryError:  # what `_check_risk_memory` could not foresee
        _usage_error(f"not enough memory to simulate {plural(iterations, 'iteration')} of "
                     f"{plural(len(checked.roadmap.projects), 'project')}: give fewer "
                     "--iterations")
        raise typer.Exit(EXIT_USAGE) from None
    estimates = {project_id: project.estimate.pessimistic
                 for project_id, project in checked.roadmap.projects.items() if project.estimate}
    widest = max(estimates, key=estimates.__getitem__, default=None)  # the likeliest cause
    _beyond_the_calendar(checked, math.ceil(result.durations[-1]) if result.durations else 0,
                         "the slowest simulated plan", output_format is RiskFormat.json,
                         ("projects", widest, "estimate", "pessimistic") if widest else None,
                         f" (the largest pessimistic estimate is that of '{widest}')"
                         if widest else "")
    _RESULTS.append(result)
    if output_format is RiskFormat.text:
        console = _console()
        for part in render.view(result, console.width):
            console.print(part)
        return
    if output_format is RiskFormat.json:
        write_utf8(render.to_json(result))
        return
    writers = {RiskFormat.markdown: render.to_markdown, RiskFormat.csv: render.to_csv}
    sys.stdout.write(writers[output_format](result))


#: Of the memory the system says is available, the share `risk` may plan to take for the
#: durations it draws (8 bytes a project an iteration, held for the sensitivities).
RISK_MEMORY_SHARE = 0.8
#: What an iteration takes besides its drawn durations: the plan's finish as a number, as a
#: Python float in a sorted list (32 bytes), and its ranks (8 bytes each, twice).
RISK_ITERATION_BYTES = 64


def _available_memory() -> int | None:
    """The bytes of memory the system says are available now (Linux: `MemAvailable`), else
    its physical memory; `None` where neither is known."""
    try:
        with Path("/proc/meminfo").open(encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return None


def _check_risk_memory(projects: int, iterations: int) -> None:
    """Refuse, before the work, a simulation whose drawn durations alone would not fit in
    the memory available (10,000,000 iterations of 300 projects take 24 GB): a usage error
    saying how many iterations would fit."""
    per_iteration = 8 * max(projects, 1) + RISK_ITERATION_BYTES
    needed = per_iteration * iterations
    available = _available_memory()
    if available is None or needed <= RISK_MEMORY_SHARE * available:
        return
    fits = int(RISK_MEMORY_SHARE * available) // per_iteration
    _usage_error(
        f"--iterations {iterations:,} of {plural(projects, 'project')} needs about "
        f"{needed / 1e9:,.1f} GB (8 bytes a project an iteration for the drawn durations, "
        f"{RISK_ITERATION_BYTES} an iteration besides), "
        f"more than the {available / 1e9:,.1f} GB of memory available; at most "
        f"{fits:,} iterations fit")
    raise typer.Exit(EXIT_USAGE)


def _simulate(schedule: Schedule, checked: Checked, *, level: bool, effort: int,
              iterations: int, seed: int, distribution: Distribution,
              json_errors: bool) -> RiskReport:
    if level:
        from egovplan.analysis.level import level as level_schedule
        from egovplan.analysis.risk_level import simulate_leveled

        leveling = level_schedule(schedule, effort=effort)
        if leveling.findings:
            _report_schedule_errors(checked, leveling.findings, json_errors)
        return simulate_leveled(schedule, leveling, iterations=iterations, seed=seed,
                                distribution=distribution)
    from egovplan.analysis.risk import simulate

    return simulate(schedule, iterations=iterations, seed=seed, distribution=distribution)


@app.command()
def init(
    path: Annotated[
        Path, typer.Argument(help="Where to write the roadmap ('-': standard output).",
                             show_default=True, parser=_output_name),
    ] = Path("roadmap.toml"),
    title: Annotated[str, typer.Option("--title", help="The roadmap's title.",
                                       parser=_utf8)] = "My roadmap",
    roadmap_id: Annotated[str | None, typer.Option(
        "--id", help="The roadmap's id, a slug (default: made from the title).",
        parser=_utf8)] = None,
    start: Annotated[
        str | None, typer.Option("--start", metavar="YYYY-MM",
                                 help="The month the plan starts (default: this month).")
    ] = None,
    force: ForceOption = False,
) -> None:
    """Write a starter roadmap, with comments explaining each section, that validates and
    schedules as it is."""
    import datetime

    from pydantic_core import PydanticCustomError

    from egovplan.checks import LAST_MONTH
    from egovplan.model.types import format_month, is_slug, parse_month
    from egovplan.template import STARTER_MONTHS, letters_lost, slug, starter, suggested_id

    if roadmap_id is not None and not is_slug(roadmap_id):
        made = suggested_id(roadmap_id)
        raise typer.BadParameter(
            f"'{roadmap_id}' is not a slug: use lowercase letters, digits, '.', '_' and '-', "
            "starting with a letter or digit" + (f"; did you mean '{made}'?" if made else ""),
            param_hint="'--id'")
    if start is None:
        today = datetime.datetime.now(tz=datetime.UTC).date()
        month = today.year * 12 + today.month - 1
    else:
        try:
            month = parse_month(start)
        except PydanticCustomError as error:
            raise typer.BadParameter(error.message(), param_hint="'--start'") from None
        latest = LAST_MONTH - STARTER_MONTHS + 1
        if month > latest:
            raise typer.BadParameter(
                f"the starter roadmap runs {STARTER_MONTHS} months, so it must start by "
                f"{format_month(latest)} (no date can be shown past 9999-12)",
                param_hint="'--start'")
    # the name as a shell argument, on the comment's one line (whatever characters it holds)
    to_stdout = isinstance(path, _StandardOutput)  # `init -`: the starter on standard output
    text = starter(title, month, _shown_path(Path("roadmap.toml" if to_stdout else path.name)),
                   roadmap_id)
    lost = letters_lost(title) if roadmap_id is None else ""
    if lost:
        sys.stderr.write(f"note: the id '{slug(title)}' is made from the title, whose letters "
                         f"{safe(lost[:10])}{'…' if len(lost) > 10 else ''} no id can hold (an id "
                         "takes ASCII letters; Hangul is romanized): give --id to choose it\n")
    if to_stdout:
        sys.stdout.write(text)
        return
    _write(path, text, force=force)
    sys.stderr.write(f"wrote {_shown_path(path)}; next: egovplan schedule "
                     f"{_shown_path(path)}\n")


class ImportFormat(enum.StrEnum):
    csv = "csv"
    mspdi = "mspdi"


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="The plan to convert: a CSV file, or Microsoft Project XML "
                             "(MSPDI).", metavar="FILE", show_default=False,
                             parser=_file_name),
    ],
    from_: Annotated[
        ImportFormat | None,
        typer.Option("--from", help="The format of FILE (default: from its extension)."),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    start: Annotated[
        str | None, typer.Option("--start", metavar="YYYY-MM",
                                 help="The plan's start (default: the file's earliest date).")
    ] = None,
    roadmap_id: Annotated[str | None, typer.Option("--id", help="The roadmap's id.",
                                                   parser=_utf8)] = None,
    title: Annotated[str | None, typer.Option("--title", help="The roadmap's title.",
                                              parser=_utf8)] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", metavar="NAME", parser=_utf8,
                                 help="The CSV file's encoding, where it is not UTF-8 (a "
                                 "spreadsheet's own: cp949 Korean, gb18030 Chinese …; "
                                 "default: UTF-8, or UTF-16 by its byte-order mark).")
    ] = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Import a project list from a spreadsheet (CSV) or a plan from MS Project XML (mspdi) as
    a roadmap that validates.

    Prints what was imported and what was changed or dropped; a file that cannot be made valid
    is reported (exit 1) and not written.
    """
    from pydantic_core import PydanticCustomError

    from egovplan.importers import finish
    from egovplan.importers.csv_import import read_csv
    from egovplan.loader.reader import FileUnreadableError, read_bytes, readable_name
    from egovplan.model.types import parse_month
    from egovplan.render.validation import finding_line

    suffixes = {".csv": ImportFormat.csv, ".xml": ImportFormat.mspdi,
                ".mspdi": ImportFormat.mspdi}
    chosen = from_ or suffixes.get(file.suffix.lower())
    if chosen is None:
        raise typer.BadParameter(f"cannot tell the format of '{file.name}': give --from",
                                 param_hint="'--from'")
    if roadmap_id == "":
        raise typer.BadParameter("the roadmap's id cannot be empty", param_hint="'--id'")
    if encoding is not None:
        encoding = _text_encoding(encoding, chosen)
    month = None
    if start is not None:
        try:
            month = parse_month(start)
        except PydanticCustomError as error:
            raise typer.BadParameter(error.message(), param_hint="'--start'") from None
    try:
        raw = read_bytes(file, max_bytes)
    except FileUnreadableError as error:
        _usage_error(str(error))
        raise typer.Exit(EXIT_USAGE) from None
    if not isinstance(raw, bytes):
        sys.stderr.write(finding_line(raw) + "\n")
        raise typer.Exit(EXIT_FINDINGS)
    output = _file_or_stdout(output)
    _needs(ctx, "output FILE", output is not None, ["force"])
    if output is not None:  # refuse before the work, not after its notes
        _check_writable(output, force=force, protect=(file,))
    # a name that is not UTF-8 is shown with U+FFFD (and so made the roadmap's title and id)
    name = readable_name(file)
    if chosen is ImportFormat.mspdi:
        from egovplan.importers.mspdi import read_mspdi

        imported = read_mspdi(raw, name, start=month, roadmap_id=roadmap_id, title=title)
    else:
        imported = read_csv(raw, name, start=month, roadmap_id=roadmap_id, title=title,
                            encoding=encoding)
    result = (finish(imported.data, name, imported.notes,
                     derive_phase_windows=chosen is ImportFormat.csv
                     and not imported.windows_known)
              if imported.data is not None else None)
    findings = imported.findings or ([] if result is None else result.findings)
    for note in imported.notes:
        sys.stderr.write(f"note: {safe(note)}\n")
    if findings or result is None or result.text is None:
        for finding in findings:
            sys.stderr.write(finding_line(finding) + "\n")
        sys.stderr.write(f"{safe(name)}: not imported ({plural(len(findings), 'error')})\n")
        raise typer.Exit(EXIT_FINDINGS)
    count = result.text.count("\n[projects.")
    if output is None:
        write_utf8(result.text)  # TOML is UTF-8
    else:
        _write(output, result.text, force=force, protect=(file,))
    sys.stderr.write(f"imported {plural(count, 'project')} from {_shown_path(file)}"
                     + (f" into {_shown_path(output)}" if output else "") + "\n")


def _text_encoding(name: str, chosen: ImportFormat) -> str:
    """`--encoding`'s codec, by Python's name for it; refused for XML (which declares its
    own) and for codecs that do not decode bytes into text (`base64`, `rot13`)."""
    import codecs

    if chosen is ImportFormat.mspdi:
        raise typer.BadParameter("an XML file declares its own encoding: --encoding is for CSV "
                                 "files", param_hint="'--encoding'")
    try:
        info = codecs.lookup(name)
    except LookupError:
        info = None
    if info is not None:
        try:  # a codec that reads no bytes at all (`undefined`) is no encoding of a file; a
            # round trip, as UTF-32 reads no fewer than four bytes
            "id".encode(info.name).decode(info.name)
        except (UnicodeError, LookupError):
            info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise typer.BadParameter(f"unknown text encoding '{name}' (for example: utf-8, cp949, "
                                 "euc-kr, gb18030, big5, shift_jis, cp1252)",
                                 param_hint="'--encoding'")
    return info.name


class ScheduleFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class PathFormat(enum.StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class GroupByOption(enum.StrEnum):
    phase = "phase"
    wave = "wave"


FileArgument = Annotated[
    Path, typer.Argument(help="A roadmap file (TOML, format 1).", metavar="FILE",
                         show_default=False, parser=_file_name),
]
MaxPathsOption = Annotated[
    int, typer.Option("--max-paths", parser=_number(low=0), metavar="N",
                      help="Show at most this many critical paths (0 or more)."),
]


def _one_stream(first: str, second: str) -> bool:
    """Whether two paths name one stream that is not a file (`/dev/stdin` twice, a FIFO):
    what the first read takes, the second does not find."""
    import stat

    try:
        one, other = Path(first).stat(), Path(second).stat()
    except (OSError, ValueError):
        return False
    return (not stat.S_ISREG(one.st_mode) and (one.st_dev, one.st_ino)
            == (other.st_dev, other.st_ino))


def _needs(ctx: typer.Context, needed: str, present: bool, names: list[str]) -> None:
    """Exit 2 when an option that only means something with `--<needed>` is given without it
    (rather than ignore it silently)."""
    def on_command_line(name: str) -> bool:
        source = ctx.get_parameter_source(name)
        return source is not None and source.name == "COMMANDLINE"

    given = [f"--{name.replace('_', '-')}" for name in names if on_command_line(name)]
    if given and not present:
        _usage_error(f"{' and '.join(given)} {'needs' if len(given) == 1 else 'need'} "
                     f"--{needed}")
        raise typer.Exit(EXIT_USAGE)


def _load_valid(file: Path, max_bytes: int, json_errors: bool) -> Checked:
    """The checked file, or exit: 2 when it cannot be read, 1 (with every finding) when it is
    invalid (`egovplan.entry.load_checked`)."""
    checked = entry.load_checked(file, max_bytes, json_errors)
    if isinstance(checked, int):
        raise typer.Exit(checked)
    return checked


def _report_schedule_errors(checked: Checked, findings: list[Finding],
                            json_errors: bool) -> NoReturn:
    """A valid roadmap that still cannot be scheduled as asked (a project larger than a
    capacity, a leveled or simulated finish past 9999-12): its findings, as `validate` reports
    them, and exit 1."""
    from egovplan.render import validation

    found = [_at_uses(f, checked) for f in findings]
    checked.findings.extend(found)
    if json_errors:
        write_utf8(validation.to_json([checked]))
    else:
        sys.stderr.write("".join(validation.finding_line(f) + "\n" for f in found))
    raise typer.Exit(EXIT_FINDINGS)


def _beyond_the_calendar(checked: Checked, finish: int, what: str, json_errors: bool,
                         cause: tuple[str | int, ...] | None = None, hint: str = "") -> None:
    """Exit 1 with a `date-out-of-range` finding when a finish `finish` months after the plan's
    start (a leveled or simulated one: validation judged the early schedule) is after 9999-12;
    reported at the key path `cause` when one is known."""
    from egovplan.analysis.cpm import shown_finish
    from egovplan.checks import LAST_MONTH
    from egovplan.findings import Finding

    assert checked.roadmap is not None  # noqa: S101 - only valid roadmaps get here
    if checked.roadmap.start + shown_finish(finish) <= LAST_MONTH:
        return
    line = column = None
    if cause is not None and checked.source is not None:
        line, column = checked.source.locator.nearest(cause)
    # the project whose estimate or duration is the likeliest cause, as the subject
    subject = (str(cause[1]),) if cause is not None and len(cause) > 1 \
        and cause[0] == "projects" else ()
    _report_schedule_errors(checked, [Finding(
        "date-out-of-range", "error",
        f"{what} would finish after 9999-12: no date can be shown past the year 9999{hint}",
        checked.path, line, column, subject)], json_errors)


def _at_uses(finding: Finding, checked: Checked) -> Finding:
    """A leveling finding about (project, resource), at the project's use of the resource."""
    from dataclasses import replace

    located = finding.at(checked.path)
    if checked.source is not None and len(finding.subject) == 2:
        project, resource = finding.subject
        line, column = checked.source.locator.nearest(("projects", project, "uses", resource))
        located = replace(located, line=line, column=column)
    return located


def _print_uncut(console: Console, part: object) -> None:
    """Print `part`; a table given a width beyond the terminal's (under its narrowest) runs
    past the edge, which wraps it, rather than being cut there. Anything else is cropped as
    usual (a table one cell too wide loses only its right edge, a space)."""
    width = getattr(part, "width", None)
    uncut = isinstance(width, int) and width > console.width
    # a part that crops itself (phase tables, the chart) is not measured again line by line
    console.print(part, crop=not uncut and not getattr(part, "crops_itself", False))


def _console() -> Console:
    """Rich's console on standard output. Piped or redirected, lines lose the spaces Rich pads
    tables with to their full width (they make noisy diffs and CI logs)."""
    from rich.console import Console

    # no markup or emoji codes: user text is shown as written (`:100:` in `file:100:7` was an
    # emoji, as was `:smile:` in a title), whatever string reaches Rich
    if sys.stdout.isatty():
        console = Console(highlight=False, soft_wrap=False, markup=False, emoji=False)
    else:
        trimmed = cast("TextIO", _TrimmedLines(sys.stdout))  # a TextIOBase is a text stream
        console = Console(highlight=False, soft_wrap=False, file=trimmed, markup=False,
                          emoji=False)
    if console.width < 1:  # `COLUMNS=0`, which Rich takes as a width of nothing
        import shutil

        console.width = shutil.get_terminal_size().columns  # the terminal's, or 80
    # no terminal is wider; `COLUMNS=100000` drew a chart of that many cells a row (minutes)
    console.width = min(console.width, MAX_WIDTH)
    return console


#: The widest output drawn, in cells.
MAX_WIDTH = 1000


class _TrimmedLines(io.TextIOBase):
    """A text stream that writes each line to `target` without its trailing spaces (also
    those before the colour codes that close a line, when colour is forced)."""

    _CODE = re.compile(r"\x1b\[[0-9;]*m")

    def __init__(self, target: TextIO) -> None:
        self.target, self.pending = target, ""

    @property
    def encoding(self) -> str:  # type: ignore[override]  # what Rich checks to pick its boxes
        return getattr(self.target, "encoding", None) or "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        *lines, self.pending = (self.pending + text).split("\n")
        if lines:
            self.target.write("".join(self._trim(line) + "\n" for line in lines))
        return len(text)

    def _trim(self, line: str) -> str:
        """The line without the spaces at its end, keeping any colour codes among them.

        Peeled off from the end, space runs and codes in turn: a pattern searched for them
        (`( |code)+$`) tried every run of spaces inside the line too, which made a line as
        wide as a 10,000-column terminal's Gantt chart take seconds."""
        if "\x1b" not in line:
            return line.rstrip(" ")
        codes: list[str] = []
        end = len(line)
        while True:
            end = len(line[:end].rstrip(" "))
            opening = line.rfind("\x1b[", 0, end)
            if opening < 0 or not self._CODE.fullmatch(line, opening, end):
                break
            codes.append(line[opening:end])
            end = opening
        return line[:end] + "".join(reversed(codes))

    def flush(self) -> None:
        if self.pending:
            self.target.write(self.pending)
            self.pending = ""
        self.target.flush()


@app.command()
def schedule(
    ctx: typer.Context,
    file: FileArgument,
    by: Annotated[
        GroupByOption | None,
        typer.Option("--by", help="Group by phase or by dependency wave "
                     "(default: phase when the roadmap has phases, else wave)."),
    ] = None,
    output_format: Annotated[
        ScheduleFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ScheduleFormat.table,
    gantt: Annotated[
        bool, typer.Option("--gantt/--no-gantt", help="Draw the timeline (table format).")
    ] = True,
    max_paths: MaxPathsOption = 10,
    level: Annotated[
        bool, typer.Option("--level", help="Level resources: no month uses more than a "
                           "resource's capacity; priority projects first.")
    ] = False,
    effort: EffortOption = 40,
    seed: Annotated[int, typer.Option("--seed", parser=_number(low=0, high=MAX_SEED),
                                      metavar="N",
                                      help="Seed of the randomised passes, 0 to 2^64 - 1.")
                    ] = 0,
    exact: Annotated[
        bool, typer.Option("--exact", help="With --level: the shortest schedule by OR-Tools "
                           "CP-SAT, proven where the time allows (pip install "
                           "'egovplan[solver]').")
    ] = False,
    time_limit: Annotated[
        float, typer.Option("--time-limit", parser=_number(low=0.01, whole=False),
                            metavar="SECONDS",
                            help="With --exact: CP-SAT's deterministic time limit, 0.01 or "
                            "more (its own measure of work, the same answer on every "
                            "machine).")
    ] = 4.0,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Print the phased schedule: dates, floats, the critical path and a timeline."""
    from egovplan.analysis.report import leveled_report, schedule_report
    from egovplan.render import schedule as render
    from egovplan.render import validation

    _needs(ctx, "level", level, ["exact", "effort", "seed"])
    _needs(ctx, "exact", exact, ["time_limit"])
    if not level and output_format is not ScheduleFormat.table:
        # what the entry point runs itself for the command lines it reads
        code = entry.schedule(file, output_format.value, by=None if by is None else by.value,
                              max_paths=max_paths, max_bytes=max_bytes)
        if code:
            raise typer.Exit(code)
        return
    checked = _load_valid(file, max_bytes, output_format is ScheduleFormat.json)
    assert checked.roadmap is not None  # noqa: S101 - _load_valid guarantees it
    group_by: GroupBy | None = None
    if by is not None:
        group_by = "phase" if by is GroupByOption.phase else "wave"
    leveling = None
    if level:
        from egovplan.analysis.exact import SolverMissingError

        try:
            report, leveling = leveled_report(checked.roadmap, checked.network, by=group_by,
                                              max_paths=max_paths, effort=effort, seed=seed,
                                              exact=exact, time_limit=time_limit)
        except SolverMissingError as error:
            _usage_error(str(error))
            raise typer.Exit(EXIT_USAGE) from None
        if leveling.findings:
            _report_schedule_errors(checked, leveling.findings,
                                    output_format is ScheduleFormat.json)
        _beyond_the_calendar(checked, report.schedule.finish, "the leveled plan",
                             output_format is ScheduleFormat.json)
    else:
        report = schedule_report(checked.roadmap, checked.network, by=group_by,
                                 max_paths=max_paths)
    _RESULTS.append(report)
    leveled_gaps = []
    if leveling is not None and checked.source is not None:
        from egovplan.analysis.gaps import schedule_gaps

        # deadlines and phase ends the leveled dates break, reported as `gaps` reports them
        leveled_gaps = schedule_gaps(checked.roadmap, report.schedule, checked.source.locator,
                                     checked.path)
    if output_format is ScheduleFormat.table:
        from egovplan.render.terminal import leveling_view, schedule_view

        console = _console()
        for part in schedule_view(report, width=console.width, show_gantt=gantt):
            _print_uncut(console, part)
        if leveling is not None:
            for part in leveling_view(report, leveling, console.width):
                _print_uncut(console, part)
            for finding in leveled_gaps:
                console.print(validation.finding_line(finding), markup=False,
                              soft_wrap=True)
        return
    if output_format is ScheduleFormat.json and leveling is not None:
        write_utf8(render.leveled_json(report, leveling, leveled_gaps))
        return
    if output_format is ScheduleFormat.markdown:
        sys.stdout.write(render.to_markdown(report, leveling, leveled_gaps))
        return
    sys.stdout.write(render.to_csv(report, leveling=leveling))
    for finding in leveled_gaps:  # a table of projects has no room for them
        sys.stderr.write(validation.finding_line(finding) + "\n")


@app.command("critical-path")
def critical_path(
    file: FileArgument,
    output_format: Annotated[
        PathFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PathFormat.text,
    max_paths: MaxPathsOption = 10,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Print the critical paths: every step's dates and the dependency that drives it."""
    from egovplan.analysis.report import schedule_report
    from egovplan.render import schedule as render

    checked = _load_valid(file, max_bytes, output_format is PathFormat.json)
    assert checked.roadmap is not None  # noqa: S101 - _load_valid guarantees it
    report = schedule_report(checked.roadmap, checked.network, max_paths=max_paths)
    _RESULTS.append(report)
    if output_format is PathFormat.text:
        from egovplan.render.terminal import critical_path_view

        console = _console()
        for part in critical_path_view(report, console.width):
            _print_uncut(console, part)
        return
    if output_format is PathFormat.json:
        write_utf8(render.critical_path_json(report))
        return
    writers = {PathFormat.csv: render.critical_path_csv,
               PathFormat.markdown: render.critical_path_markdown}
    sys.stdout.write(writers[output_format](report))
