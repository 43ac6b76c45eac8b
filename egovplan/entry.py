"""The console script, and the fast paths of `egovplan validate`, of `egovplan schedule` in the
machine formats, and of `--version`.

CI runs `egovplan validate` on every commit, so it must start quickly. Importing typer (and
building its parameter adapters, a pydantic `TypeAdapter` for each option) costs about a third
of a small file's run; this module reads the common forms of a `validate` command line, and of
a `schedule --format json|csv|markdown` one, itself and runs them without typer. On a large
roadmap that also lets the parsing helper (`egovplan.loader.pieces`) start before pydantic and
the model are even imported. Anything else — `--help`, an unknown or malformed option, any
other command, `schedule`'s table or `--level` — goes to the typer application
(`egovplan.cli`), which gives the same results and the usual messages. The bodies read here
live here, and the typer commands call them, so both paths do the very same work.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import gc
import io
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast

from egovplan.render.safe import safe
from egovplan.streams import wait_out_full_pipes

if TYPE_CHECKING:
    from typing import Any

    from egovplan.analysis.phases import GroupBy
    from egovplan.analysis.report import ScheduleReport
    from egovplan.api import Checked
    from egovplan.findings import Finding
    from egovplan.graph import Network
    from egovplan.loader import pieces
    from egovplan.loader.reader import Source
    from egovplan.model.roadmap import Roadmap

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
DEFAULT_MAX_BYTES = 256 * 1024 * 1024  # mirrors egovplan.loader.reader, without importing it
VALIDATE_FORMATS = ("text", "json", "github", "sarif")
#: The formats of `schedule` run here (the table needs typer's application: its console).
SCHEDULE_MACHINE_FORMATS = ("json", "csv", "markdown")
GROUPINGS = ("phase", "wave")

#: Results kept alive until the process ends: freeing a large roadmap's millions of objects
#: when a command returns costs a noticeable part of the run, and `leave` needs none of it.
RESULTS: list[object] = []


def usage_error(message: str) -> None:
    _say("error", message)


def _say(level: str, message: str) -> None:
    """`egovplan: <level>: <message>` on stderr."""
    # a file name that is not UTF-8 shows U+FFFD where its bytes do not decode, as elsewhere
    try:
        shown = message.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that no undecodable byte stands for
        shown = message.encode("utf-8", "replace").decode("utf-8")
    sys.stderr.write(f"egovplan: {level}: {safe(shown)}\n")


def default_format(chosen: str | None) -> str:
    """The format asked for, else `github` inside GitHub Actions, else `text`."""
    if chosen is not None:
        return chosen
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def expand(paths: list[Path]) -> tuple[list[Path], bool]:
    """The files named, with each directory replaced by the `*.toml` files under it (sorted;
    hidden directories such as .git and .venv are skipped); and whether a path was missing."""
    files: list[Path] = []
    missing = False
    for path in paths:
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as error:  # a name too long for the system, say
            usage_error(f"{path}: cannot be read ({error.strerror})")
            missing = True
            continue
        if is_dir:
            found = [candidate for candidate in _toml_files(path) if _searched_file(candidate)]
            if not found:
                usage_error(f"{path}: a directory with no *.toml file in it")
                missing = True
            files += found
        elif exists:
            files.append(path)
        else:
            usage_error(f"{path}: no such file")
            missing = True
    return _once(files), missing


def _toml_files(root: Path) -> list[Path]:
    """The `*.toml` entries under `root`, sorted, as `root.rglob("*.toml")` finds them (links
    to directories are not followed), without those under a hidden directory or hidden
    themselves; a directory that cannot be listed (a path longer than the system takes, no
    permission) is passed over with a note, so that it does not stop every other file's
    check."""
    found: list[Path] = []
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = [(entry.name, _is_directory(entry)) for entry in listing]
        except OSError as error:
            _say("note", f"{directory}: cannot be read ({error.strerror or error}); skipped")
            continue
        for name, is_dir in entries:
            if name.startswith("."):
                continue
            if is_dir:
                pending.append(directory / name)
            if os.path.normcase(name).endswith(".toml"):
                found.append(directory / name)
    return sorted(found)


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _searched_file(candidate: Path) -> bool:
    """Whether a `*.toml` entry a directory search found is a file to check: a regular file,
    or a link to one. A directory named like a roadmap is passed over; a link to nothing, a
    loop of links, or a pipe, socket or device (which could block the run forever) is passed
    over with a note, so that one stray entry does not stop every other file's check."""
    try:
        mode = candidate.stat().st_mode  # through links
    except FileNotFoundError:
        try:
            why = f"a link to '{candidate.readlink()}', which does not exist"
        except OSError:  # gone since the search
            why = "no longer there"
    except OSError as error:  # a loop of links, say
        why = f"cannot be read ({error.strerror or error})"
    else:
        if stat.S_ISREG(mode):
            return True
        if stat.S_ISDIR(mode):
            return False
        why = "not a regular file"
    _say("note", f"{candidate}: {why}; skipped")
    return False


def _once(files: list[Path]) -> list[Path]:
    """`files` with a file named again (`roadmaps roadmaps/a.toml ./roadmaps/a.toml`, or a
    link to it) left out after its first naming: each is checked, and annotated, once. Where
    a link came first and the file itself is named too, the file's own name is kept in the
    link's place, at its own (a directory's files stay sorted): an annotation on a link (a
    one-line blob in git) would land on no line of the roadmap."""
    seen: dict[Path, int] = {}
    kept: list[Path | None] = []
    for path in files:
        try:
            identity = path.resolve()
        except (OSError, RuntimeError):  # a loop of links: it is reported when it is read
            identity = path.absolute()
        first = seen.get(identity)
        if first is None or (_is_link(kept[first]) and not _is_link(path)):
            if first is not None:
                kept[first] = None
            seen[identity] = len(kept)
            kept.append(path)
    return [path for path in kept if path is not None]


def _is_link(path: Path | None) -> bool:
    try:
        return path is not None and path.is_symlink()
    except OSError:
        return False


def write_ci_format(chosen: str, findings: list[Finding]) -> bool:
    """Write `findings` as SARIF (the whole output: True) or, for `github`, as workflow
    commands to be followed by the plain report (False); nothing for other formats."""
    if chosen == "sarif":
        from egovplan.render.sarif import to_sarif

        write_utf8(to_sarif(findings))
        return True
    if chosen == "github":
        from egovplan.render.github import workflow_commands

        # GitHub reads its logs as UTF-8, whatever the runner's own encoding (cp1252 on
        # Windows): the annotations and the report after them are written so, as JSON is
        with contextlib.suppress(AttributeError, ValueError, OSError):
            sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        sys.stdout.write(workflow_commands(findings))
    return False


def validate(paths: list[Path], output_format: str | None, *, strict: bool, exit_zero: bool,
             max_bytes: int) -> int:
    """`egovplan validate`: report every finding of every file; the exit code."""
    from egovplan import api
    from egovplan.render import validation

    chosen = default_format(output_format)
    files, missing = expand(paths)
    results: list[api.Checked] = []
    RESULTS.append(results)
    for file in files:
        try:
            results.append(api.check_file(file, max_bytes))
        except api.FileUnreadableError as error:
            usage_error(str(error))
            missing = True
    gap_counts = {
        id(result): (report.errors, report.warnings)
        for result in results if result.valid
        for report in [api.gaps(result, located=False)]  # counted only: no positions
    }
    findings = [finding for result in results for finding in result.findings]
    if missing and chosen in ("json", "sarif"):
        # no document for a run that could not read its files: uploaded, an empty SARIF
        # would close every open alert
        return EXIT_USAGE
    if chosen == "json":
        write_utf8(validation.to_json(results, gap_counts))
    elif not write_ci_format(chosen, findings) and results:
        sys.stdout.write(validation.text(results, gap_counts))
    if missing:
        return EXIT_USAGE
    failing = any(f.is_error or strict for f in findings)
    return EXIT_FINDINGS if failing and not exit_zero else EXIT_OK


def load_checked(file: Path, max_bytes: int, json_errors: bool,
                 early: Callable[[Roadmap, Network, Source], None] | None = None,
                 ) -> Checked | int:
    """The checked file when it is valid; else the exit code, its findings written: 2 when it
    cannot be read, 1 (with every finding) when it is invalid. With `json_errors` the findings
    go to stdout as `validate --format json` prints them, so that stdout still holds exactly
    one JSON document. `early`: see `egovplan.api._check_bytes`."""
    from egovplan import api

    try:
        checked = api._check_file(file, max_bytes, early)
    except api.FileUnreadableError as error:
        usage_error(str(error))
        return EXIT_USAGE
    RESULTS.append(checked)
    if not checked.valid:
        from egovplan.render import validation

        if json_errors:
            write_utf8(validation.to_json([checked]))
        else:
            sys.stderr.write(validation.text([checked]))
        return EXIT_FINDINGS
    return checked


def write_utf8(text: str) -> None:
    """A JSON (or SARIF) document to standard output, as UTF-8 whatever the locale's
    encoding (`PYTHONIOENCODING=ascii`): JSON is UTF-8 by its standard."""
    write_bytes(text.encode())


def write_bytes(data: bytes | memoryview) -> None:
    """UTF-8 output straight to standard output's bytes (after any text already written)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (a test harness, say)
        sys.stdout.write(bytes(data).decode())
        return
    sys.stdout.flush()
    buffer.write(data)


def schedule(file: Path, output_format: str, *, by: str | None, max_paths: int,
             max_bytes: int) -> int:
    """`egovplan schedule` in a machine format (json, csv, markdown), without leveling: the
    exit code."""
    group_by = cast("GroupBy | None", by)  # one of GROUPINGS, or None: read so already
    helped = HelpedJson(group_by, max_paths) if output_format == "json" else None
    try:
        return _schedule(file, output_format, group_by, max_paths, max_bytes, helped)
    finally:
        if helped is not None:
            helped.stop()


def _schedule(file: Path, output_format: str, group_by: GroupBy | None, max_paths: int,
              max_bytes: int, helped: HelpedJson | None) -> int:
    checked = load_checked(file, max_bytes, output_format == "json",
                           early=None if helped is None else helped.early)
    if isinstance(checked, int):
        return checked
    assert checked.roadmap is not None  # noqa: S101 - load_checked guarantees it
    from egovplan.analysis.report import schedule_report
    from egovplan.render import schedule as render

    report = helped.report if helped is not None else None
    if report is None or report.roadmap is not checked.roadmap:
        report = schedule_report(checked.roadmap, checked.network, by=group_by,
                                 max_paths=max_paths)
    RESULTS.append(report)
    if output_format == "json":
        for part in render.to_json_parts(report, None if helped is None else helped.rows(report)):
            write_bytes(part)
    elif output_format == "markdown":
        sys.stdout.write(render.to_markdown(report, None, []))
    else:
        sys.stdout.write(render.to_csv(report, leveling=None))
    return EXIT_OK


class HelpedJson:
    """`schedule --format json` of a large roadmap, most of its rows written by the parsing
    helper (`egovplan.loader.pieces`) while this process runs the checks.

    Once the helper has sent its pieces it has nothing to do, while this process builds the
    graph and the schedule, runs the checks and writes the JSON: a third of the run on one
    core. So the helper is given a job (`pieces.LATER`, `egovplan.render.schedule.HelperRows`):
    it keeps the projects it parsed, validates what their rows show (with the model's own
    fields) and makes the rows without the schedule's values, and waits. As soon as the
    model and its graph are built (`early`), before the checks, this process computes the
    schedule and each project's section and sends the helper its projects' early start, late
    start, free float and section; then it computes the rest of the report (what the command
    computes after the checks, the same functions on the same model) and runs the checks,
    while the helper fills in its rows (`fill_rows`, as for the rows made here) and writes
    them out. A valid file's JSON is then written around the helper's rows (`rows`,
    `to_json_parts`; the helper parses every piece, so it makes every row): the same bytes
    as without the helper (tested). An invalid file's schedule, computed early, is thrown
    away with the helper; whatever goes wrong in the helper only means the rows are all made
    here.
    """

    def __init__(self, by: GroupBy | None, max_paths: int) -> None:
        from egovplan.loader import pieces

        self.by, self.max_paths = by, max_paths
        self.helper: pieces.Helper | None = None
        #: The report whose rows the helper was asked for.
        self.report: ScheduleReport | None = None
        pieces.LATER = _HelperRows()

    def early(self, roadmap: Roadmap, network: Network, source: Source) -> None:
        """The schedule of the model (complete, not yet checked), and the helper asked for
        its rows; nothing when there is no helper, or the graph cannot be scheduled (the
        checks will say why)."""
        self.helper = source.helper
        if self.helper is None or network.unknown or network.itself or \
                network.topological_order()[1]:
            return
        from egovplan.analysis.cpm import compute
        from egovplan.analysis.phases import sections_of
        from egovplan.analysis.report import schedule_report

        try:
            # the helper (which parsed every piece: it holds every project) asked as soon as
            # what the rows show is known, then the rest
            schedule = compute(roadmap, network)
            member_of = sections_of(schedule, self.by)
            asked = self.helper.ask((len(network.ids), hash(tuple(network.ids)),
                                     schedule.start, schedule.es, schedule.ls,
                                     schedule.free_float, member_of))
            report = schedule_report(roadmap, network, by=self.by, max_paths=self.max_paths,
                                     member_of=member_of)
        except Exception:  # noqa: BLE001 - an invalid roadmap's: the checks will say why
            return
        if asked:
            self.report = report

    def rows(self, report: ScheduleReport) -> bytes | None:
        """For `to_json_parts`: the helper's rows of every project of `report`; `None` when
        the helper has none for it."""
        if self.helper is None or report is not self.report:
            return None
        return self.helper.answer()

    def stop(self) -> None:
        from egovplan.loader import pieces

        pieces.LATER = None
        if self.helper is not None:
            self.helper.stop()


class _HelperRows:
    """`egovplan.render.schedule.HelperRows`, imported in the helper once it has sent its
    pieces (this process, which forks it, has not imported the render yet, nor pydantic: the
    helper starts sooner, and parses without importing them)."""

    def keep(self, projects: dict[str, Any]) -> Any:
        return projects  # as `HelperRows.keep` (nothing imported while the helper parses)

    def prepare(self, kept: Any) -> Any:
        from egovplan.render.schedule import HelperRows

        return HelperRows.prepare(kept)

    def finish(self, prepared: Any, asked: Any) -> bytes:
        from egovplan.render.schedule import HelperRows

        return HelperRows.finish(prepared, asked)


def _whole_number(value: str, low: int) -> int | None:
    """`value` as a number of `low` or more when it is plain ASCII digits of a sane length;
    `None` leaves anything else (a 5,000-digit number, say) to typer's reading."""
    if not value.isascii() or not value.isdigit() or len(value) > 18 or int(value) < low:
        return None
    return int(value)


def _read_words(arguments: list[str], flags: set[str],
                valued: set[str]) -> tuple[list[Path], set[str], dict[str, str]] | None:
    """The paths, the `flags` given and the values of the `valued` options (the last of each,
    as typer takes them; `-f` stands for `--format`) of a command line in a form the fast
    paths read: options spelt whole, with their value after a space or `=`, and `--`.
    `None` for anything else (`--help`, an unknown option, a short-flag cluster such as
    `-fjson`, the file name `-`), which goes to typer."""
    paths: list[Path] = []
    given: set[str] = set()
    values: dict[str, str] = {}
    position = 0
    only_paths = False
    while position < len(arguments):
        word = arguments[position]
        position += 1
        if only_paths or not word.startswith("-") or word == "-":
            if word in ("-", ""):
                return None  # not a file name typer would take as one (`""` it refuses)
            paths.append(Path(word))
        elif word == "--":
            only_paths = True
        elif word in flags:
            given.add(word)
        else:
            name, equals, value = word.partition("=")
            name = "--format" if name == "-f" and not equals else name
            if name not in valued:
                return None
            if not equals:
                if position == len(arguments):
                    return None
                value = arguments[position]
                position += 1
            values[name] = value
    return paths, given, values


def parse_schedule(arguments: list[str]) -> Callable[[], int] | None:
    """The `schedule` run that `arguments` (after the word `schedule`) ask for, when they are
    in a form read here: one file, `--format` json, csv or markdown, and any of `--by`,
    `--max-paths`, `--max-bytes`, `--gantt`/`--no-gantt` (which the machine formats ignore);
    `None` sends them to typer."""
    words = _read_words(arguments, {"--gantt", "--no-gantt"},
                        {"--format", "--by", "--max-paths", "--max-bytes"})
    if words is None:
        return None
    files, _, values = words
    output_format, by = values.get("--format"), values.get("--by")
    max_paths = _whole_number(values.get("--max-paths", "10"), 0)
    max_bytes = _whole_number(values.get("--max-bytes", str(DEFAULT_MAX_BYTES)), 1)
    if len(files) != 1 or output_format not in SCHEDULE_MACHINE_FORMATS or (
            by is not None and by not in GROUPINGS) or max_paths is None or max_bytes is None:
        return None
    return lambda: schedule(files[0], output_format, by=by, max_paths=max_paths,
                            max_bytes=max_bytes)


def parse_validate(arguments: list[str]) -> Callable[[], int] | None:
    """The `validate` run that `arguments` (after the word `validate`) ask for, when they are
    in a form read here; `None` sends them to typer."""
    words = _read_words(arguments, {"--strict", "--exit-zero"}, {"--format", "--max-bytes"})
    if words is None:
        return None
    paths, given, values = words
    output_format = values.get("--format")
    max_bytes = _whole_number(values.get("--max-bytes", str(DEFAULT_MAX_BYTES)), 1)
    if not paths or max_bytes is None or (
            output_format is not None and output_format not in VALIDATE_FORMATS):
        return None
    return lambda: validate(paths, output_format, strict="--strict" in given,
                            exit_zero="--exit-zero" in given, max_bytes=max_bytes)


#: pydantic's plugin loader, which the command line replaces (`skip_pydantic_plugins`).
PLUGIN_LOADER = "pydantic.plugin._loader"


def skip_pydantic_plugins() -> None:
    """Let pydantic find no plugins in this process, without looking for any.

    pydantic looks up plugins (package entry points) when it builds its first validator, and
    importing the module that does so imports `importlib.metadata` (and with it `email`,
    `zipfile` …): about 40 ms of every run, a seventh of `egovplan validate`'s, though no plugin
    is installed. A pydantic plugin could only slow the command line down or send a roadmap's
    data elsewhere, so the command line (not the library) puts a loader of its own in the
    module's place, as typer turns plugins off while it builds its parameters. `get_plugins`
    is all that pydantic asks of it (a test reads pydantic's source to make sure); anything
    else is taken from the real module, loaded then."""
    if PLUGIN_LOADER in sys.modules:
        return  # pydantic has looked already (egovplan called from a program)
    import types

    loader = types.ModuleType(PLUGIN_LOADER, "No pydantic plugins in egovplan's command line.")
    real: list[types.ModuleType] = []

    def get_plugins() -> tuple[()]:
        return ()

    def other(name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)  # what the import system probes for
        if not real:
            from importlib.machinery import PathFinder
            from importlib.util import module_from_spec

            import pydantic.plugin

            spec = PathFinder.find_spec(PLUGIN_LOADER, pydantic.plugin.__path__)
            if spec is None or spec.loader is None:
                raise AttributeError(name)
            module = module_from_spec(spec)
            spec.loader.exec_module(module)
            real.append(module)
        return getattr(real[0], name)

    vars(loader).update(get_plugins=get_plugins, __getattr__=other)
    sys.modules[PLUGIN_LOADER] = loader


def main() -> NoReturn:
    """The console script: never a traceback, whatever happens."""
    # A run is short and builds millions of objects that live to its end: the cyclic garbage
    # collector would only walk them again and again (a third of the time on a large roadmap).
    gc.disable()
    skip_pydantic_plugins()
    _stand_in_for_closed_streams()
    plain_glyphs_where_needed()
    wait_out_full_pipes()
    code = EXIT_OK
    try:
        readers = {"validate": parse_validate, "schedule": parse_schedule}
        reader = readers.get(sys.argv[1]) if len(sys.argv) > 1 else None
        run = reader(sys.argv[2:]) if reader is not None else None
        if sys.argv[1:] == ["--version"]:
            from egovplan import __version__

            sys.stdout.write(f"egovplan {__version__}\n")
        else:
            from egovplan.loader import pieces

            pieces.PARALLEL = True  # a large roadmap is parsed by a helper while validated
            if run is not None:
                code = run()
            else:
                from egovplan.cli import app

                app()
    except SystemExit as done:
        code = _exit_code(done)
    except KeyboardInterrupt:
        code = 130  # silently, as typer (click) does inside a command
    except BrokenPipeError:
        code = EXIT_FINDINGS  # the reader went away (`| head`): as typer (click) exits
    except OSError as error:
        if error.errno not in _WRITE_FAILURES:
            code = _internal_error(error)
        else:  # the output cannot be written (`> /dev/full`): the environment's, not a bug
            code = _write_failure(error)
    except UnicodeEncodeError as error:
        code = _encoding_failure(error)
    except Exception as error:  # noqa: BLE001 - the last line of defence against a traceback
        code = _internal_error(error)
    leave(code)


#: Errors of writing the output that come from where it goes, not from egovplan (EBADF: a
#: standard output closed by the shell, `>&-`).
_WRITE_FAILURES = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.ECONNRESET,
                   errno.EBADF}


class _Closed(io.TextIOBase):
    """Standard output when the shell closed it (`>&-`; Python then has no `sys.stdout`): a
    command that writes nothing there runs as usual, one that writes fails as writing to a
    closed descriptor does (exit 1, "Bad file descriptor")."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def flush(self) -> None:
        pass


#: egovplan's own marks (arrows, dashes, bullets, the bars of a histogram, the rules of a
#: chart) as ASCII, each one character wide as the mark is, so that tables stay aligned.
PLAIN_GLYPHS = {
    "→": ">", "←": "<", "—": "-", "–": "-", "…": ".", "×": "x", "·": ".", "●": "*", "◆": "*",
    "○": "o", "─": "-", "━": "=", "│": "|", "┃": "|", "┆": ":", "├": "|", "┤": "|",
    "▒": ":", "░": ".", "▁": "_", "▂": "_", "▃": "=", "▄": "=", "▅": "#", "▆": "#",
    "▇": "#", "█": "#", "±": "~", "✓": "v", "✗": "x",
    "≤": "<=", "≥": ">=",  # (only messages use these, where width does not matter)
}
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-", strict=True))


def _plain(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler `egovplan-plain` (standard output): the marks that the
    encoding cannot carry written as ASCII (`PLAIN_GLYPHS`; a power `10¹⁸` as `10^18`);
    anything else (a user's Korean title in ASCII, say) fails as with `strict`."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    plain = _as_plain(error.object, error.start, error.end)
    if plain is None:
        raise error
    return plain, error.end


def _plain_or_escaped(error: UnicodeError) -> tuple[str, int]:
    """`egovplan-plain-escaped` (standard error): the marks as ASCII, anything else escaped
    (`\uc5c6`), as Python writes standard error: a message is never lost to its text."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    plain = _as_plain(error.object, error.start, error.end)
    if plain is None:
        escaped = "".join(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
                          if code < 0x10000 else f"\\U{code:08x}"
                          for code in map(ord, error.object[error.start:error.end]))
        return escaped, error.end
    return plain, error.end


def _as_plain(text: str, start: int, end: int) -> str | None:
    """`text[start:end]` as ASCII, or `None` where it holds more than the marks."""
    run = text[start:end]
    if all(char in _SUPERSCRIPTS for char in run):
        # a power whose first digits the encoding carries (`¹` is in cp1252, `⁸` is not) is
        # written whole, `10¹⁸` as `10^18`, by the marks (below) that never use superscripts
        return "^" + "".join(_SUPERSCRIPTS[char] for char in run)
    if not all(char in PLAIN_GLYPHS for char in run):
        return None
    return "".join(PLAIN_GLYPHS[char] for char in run)


def plain_glyphs_where_needed() -> None:
    """On a standard output or error whose encoding is not UTF-8 (`PYTHONIOENCODING=cp1252`,
    a Windows console, `LANG=C`), egovplan's own arrows, dashes and chart marks are written
    as ASCII rather than failing the whole output; text of the user's that the encoding
    cannot carry still fails, with its message (`_encoding_failure`)."""
    for stream, handler, name in ((sys.stdout, _plain, "egovplan-plain"),
                                  (sys.stderr, _plain_or_escaped, "egovplan-plain-escaped")):
        encoding = getattr(stream, "encoding", None)
        if not encoding:
            continue
        with contextlib.suppress(LookupError, AttributeError, ValueError, io.UnsupportedOperation):
            if codecs.lookup(encoding).name == "utf-8":
                continue
            codecs.register_error(name, handler)
            stream.reconfigure(errors=name)  # type: ignore[union-attr]


def _stand_in_for_closed_streams() -> None:
    """Streams the shell closed: standard output fails when written (`_Closed`); standard
    error, where nothing could be read anyway, takes messages to /dev/null."""
    if sys.stdout is None:
        sys.stdout = _Closed()
    if sys.stderr is None:
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - for the run


def _encoding_failure(error: UnicodeEncodeError) -> int:
    """Output that standard output's encoding cannot carry (`PYTHONIOENCODING=ascii` and a
    Korean title): say so, exit 1. Any other encoding error is a bug.

    Told by encoding the characters that failed in standard output's encoding again, not by
    the error's codec name: `PYTHONIOENCODING=latin-1` fails as `iso8859-1`, `cp1252` as
    `charmap` (both internal errors before)."""
    wanted = getattr(sys.stdout, "encoding", None) or ""
    failed = error.object[error.start:error.end]
    try:
        if codecs.lookup(wanted).name == "utf-8":  # it carries any text: ours was wrong
            return _internal_error(error)
        failed.encode(wanted)
    except UnicodeEncodeError:
        pass  # standard output's encoding cannot carry them: the user's setting
    except LookupError:
        return _internal_error(error)
    else:
        return _internal_error(error)
    command = next((word for word in sys.argv[1:] if not word.startswith("-")), "")
    json_hint = (" (or use --format json, which is always UTF-8)"
                 if command not in _WITHOUT_JSON else "")
    with contextlib.suppress(OSError, ValueError):
        os.write(2, f"egovplan: error: cannot write the output in {wanted}, the "
                    f"encoding of standard output: set PYTHONIOENCODING=utf-8{json_hint}\n"
                    .encode())
    return EXIT_FINDINGS


#: The commands that have no `--format json` to suggest when standard output cannot take text.
_WITHOUT_JSON = frozenset({"export", "import", "init"})


def _internal_error(error: Exception) -> int:
    sys.stderr.write(
        f"egovplan: internal error: {type(error).__name__}: {error}\n"
        "This is a bug in egovplan; please report it with the file that caused it.\n"
    )
    return EXIT_INTERNAL


def _write_failure(error: OSError) -> int:
    """Say that the output could not be written (once: stderr may be what failed)."""
    with contextlib.suppress(OSError, ValueError):
        os.write(2, f"egovplan: error: cannot write the output: {error.strerror}\n".encode())
    return EXIT_FINDINGS


def _exit_code(done: SystemExit) -> int:
    if done.code is None:
        return EXIT_OK
    if isinstance(done.code, int):
        return done.code
    sys.stderr.write(f"{done.code}\n")
    return EXIT_FINDINGS


def leave(code: int) -> NoReturn:
    """Flush and leave at once: tearing down a large roadmap's objects one by one at exit
    would take a second of its own, and there is nothing left to clean up."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # the reader went away before the end: as during the run
            code = code or EXIT_FINDINGS
        except OSError as error:  # a disk full, say
            code = code or _write_failure(error)
        except ValueError:  # a stream already closed
            pass
    os._exit(code)
