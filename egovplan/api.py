"""The library face of egovplan: load → check → analyse in a few calls.

    import egovplan
    roadmap = egovplan.load("roadmaps/korea-egov.toml")
    report = egovplan.schedule(roadmap)

`check_file` is what `egovplan validate` runs: it never raises for bad content, it returns every
finding. `load` raises `RoadmapError` (holding those findings) when the file has errors.
"""

from __future__ import annotations

import operator
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, SupportsIndex

from egovplan.findings import Finding, sort_key
from egovplan.loader.reader import (
    DEFAULT_MAX_BYTES,
    FileUnreadableError,
    Source,
    parse,
    read_bytes,
    readable_name,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    from egovplan.analysis.costs import CostGrouping, CostReport
    from egovplan.analysis.cpm import Schedule
    from egovplan.analysis.diff import GapImpact, RoadmapDiff
    from egovplan.analysis.gaps import GapReport, Places
    from egovplan.analysis.phases import GroupBy
    from egovplan.analysis.report import ScheduleReport
    from egovplan.graph import Network
    from egovplan.model.roadmap import Roadmap


def bind_type_names() -> None:
    """Import the names this module's annotations use (imported above only for type
    checkers, so that the command line starts without them), so that
    `typing.get_type_hints(Checked)` and tools built on it (pydantic's `TypeAdapter`, a
    documentation generator) can read them. `import egovplan` does it when one of its names
    is first used; a program importing `egovplan.api` itself may call it."""
    if "Roadmap" in globals():
        return
    from collections.abc import Iterable
    from typing import Any

    from egovplan.analysis.costs import CostGrouping, CostReport
    from egovplan.analysis.cpm import Schedule
    from egovplan.analysis.diff import GapImpact, RoadmapDiff
    from egovplan.analysis.gaps import GapReport, Places
    from egovplan.analysis.phases import GroupBy
    from egovplan.analysis.report import ScheduleReport
    from egovplan.graph import Network
    from egovplan.model.roadmap import Roadmap

    globals().update(
        Iterable=Iterable, Any=Any, CostGrouping=CostGrouping, CostReport=CostReport,
        GapImpact=GapImpact, RoadmapDiff=RoadmapDiff, GapReport=GapReport, Places=Places,
        GroupBy=GroupBy, ScheduleReport=ScheduleReport, Network=Network, Roadmap=Roadmap,
        Schedule=Schedule)
    # a result's own classes: `Network` (`report.schedule.network`) names `Schedule`, which
    # its module imports for type checkers only (the graph is built before any schedule)
    import egovplan.graph

    vars(egovplan.graph).setdefault("Schedule", Schedule)


__all__ = [
    "Checked",
    "FileUnreadableError",
    "RoadmapError",
    "check_bytes",
    "check_file",
    "check_spec",
    "cost",
    "diff",
    "gaps",
    "load",
    "schedule",
]


@dataclass
class Checked:
    """One file after every check: its model when it has no errors, and all its findings."""

    path: str
    source: Source | None
    roadmap: Roadmap | None
    findings: list[Finding] = field(default_factory=list)
    network: Network | None = None

    @property
    def valid(self) -> bool:
        return self.roadmap is not None and not any(f.is_error for f in self.findings)


class RoadmapError(Exception):
    """A roadmap file has errors; `findings` says which."""

    def __init__(self, checked: Checked) -> None:
        self.checked = checked
        self.findings = [f for f in checked.findings if f.is_error]
        first = self.findings[0] if self.findings else None
        where = f"{first.path}:{first.line}" if first and first.line else checked.path
        detail = f": {first.message}" if first else ""
        more = f" (and {len(self.findings) - 1} more)" if len(self.findings) > 1 else ""
        super().__init__(f"{where}{detail}{more}")

    def __reduce__(self) -> tuple[type[RoadmapError], tuple[Checked], dict[str, Any]]:
        # made again from what it was made of (the default passes the message to
        # `__init__`): pickled to a process pool's caller, copied, it stays a RoadmapError,
        # with what was added to it since (notes, attributes)
        return type(self), (self.checked,), dict(vars(self))


def check_bytes(raw: bytes, path: str | os.PathLike[str] = "<string>") -> Checked:
    """Every finding for a roadmap given as bytes."""
    if not isinstance(raw, bytes | bytearray):
        hint = " (encode a text: text.encode('utf-8'))" if isinstance(raw, str) else ""
        raise TypeError(f"check_bytes() takes bytes, not {type(raw).__name__}{hint}")
    if isinstance(path, os.PathLike):  # shown as `check_file` shows a file's name
        path = readable_name(path)
    if not isinstance(path, str):  # the name every finding and output carries
        raise TypeError(f"check_bytes(raw, path) takes the path as a str or a Path, not "
                        f"{type(path).__name__}")
    return _check_bytes(raw, path)


def _check_bytes(raw: bytes, path: str,
                 early: Callable[[Roadmap, Network, Source], None] | None = None) -> Checked:
    """`check_bytes`; `early`, when given, is called with the model, its graph and the
    source once both are built from a complete model (nothing repaired, no error found in the
    model), before the checks: the command line starts work there that only a valid file
    needs, to overlap with the checks (`egovplan.entry.HelpedJson`)."""
    source = parse(raw, path, validate=_validate_projects, validate_json=_validate_json)
    try:
        return _checked(source, path, early)
    finally:
        # a parsing helper kept for a job that `early` did not take (an invalid file, or a
        # run stopped short by Ctrl-C or an error): stopped and waited for, whatever happened
        if source.helper is not None:
            source.helper.stop()
            source.helper = None


def _checked(source: Source, path: str,
             early: Callable[[Roadmap, Network, Source], None] | None) -> Checked:
    from egovplan.checks import Context, run_checks
    from egovplan.graph import build_network
    from egovplan.model.build import build

    if source.data is None:
        return Checked(path, source, None, sorted(source.findings, key=sort_key))
    validated = build(source.data, source.locator, path, source.projects,
                      whole=source.complete_data)
    source.projects = None
    # (syntax findings beside data: months written bare, read past as meant; see `parse`)
    findings = [*source.findings, *validated.findings]
    network = None
    # The parsed TOML is a third of the memory on a large roadmap. A complete model holds
    # everything in it, so it is released at once, and the graph and the checks reuse its
    # memory instead of asking the system for more; the checks of a salvaged model need it
    # (for the ids written with invalid content, which the model left out).
    parsed = source.data if validated.repaired else None
    source.data = source.complete = None
    if validated.model is not None:
        network = build_network(validated.model)
        if early is not None and not validated.repaired and not any(
                finding.is_error for finding in findings):
            early(validated.model, network, source)  # the helper is its now
            source.helper = None
        context = Context(validated.model, source.locator, path, validated.repaired,
                          network=network, raw=parsed)
        findings += run_checks(context)
    findings.sort(key=sort_key)
    valid = not any(f.is_error for f in findings)
    return Checked(path, source, validated.model if valid else None, findings,
                   network if valid else None)


def _validate_projects(projects: dict[str, Any]) -> dict[str, Any] | None:
    """`egovplan.model.build.validate_projects`, imported when first needed: a large file's
    parsing helper is already at work by then, and the import (pydantic, the model) overlaps
    with it (see `egovplan.loader.pieces`)."""
    from egovplan.model.build import validate_projects

    return validate_projects(projects)


def _validate_json(blob: bytes) -> dict[str, Any] | None:
    """`_validate_projects` of projects sent as JSON by the parsing helper."""
    from egovplan.model.build import validate_projects_json

    return validate_projects_json(blob)


def check_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Checked:
    """Every finding for the roadmap file at `path`.

    Raises `FileUnreadableError` when there is no readable file there.
    """
    return _check_file(path, max_bytes)


def _check_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES,
                early: Callable[[Roadmap, Network, Source], None] | None = None) -> Checked:
    """`check_file`, with `_check_bytes`'s `early`."""
    if isinstance(path, str) and not path:  # as a `Path`, "." (a directory): say what it is
        raise FileUnreadableError("a file name cannot be empty")
    max_bytes = _check_max_bytes(max_bytes)
    # a file name that is not valid UTF-8 is shown with U+FFFD where its bytes do not decode
    # (every output format must be able to carry it)
    shown = readable_name(path)
    raw = read_bytes(Path(path), max_bytes)
    if isinstance(raw, Finding):
        return Checked(shown, None, None, [raw])
    return _check_bytes(raw, shown, early)


def _check_max_bytes(max_bytes: object) -> int:
    """A limit is a whole number of bytes, 0 or more (a float such as `nan` compared as no
    limit, or as none at all)."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, SupportsIndex):
        # an integer of any kind (numpy's too), not a float, None or True
        raise TypeError(f"max_bytes takes a whole number of bytes (an int), not "
                        f"{type(max_bytes).__name__}")
    limit = operator.index(max_bytes)
    if limit < 0:
        raise ValueError(f"max_bytes cannot be negative, not {limit}")
    return limit


def schedule(roadmap: Roadmap, *, by: GroupBy | None = None,
             max_paths: int = 10) -> ScheduleReport:
    """The CPM schedule of a valid roadmap, its critical paths and its phased groups. A
    `Roadmap` built in Python (not checked) whose dependencies name an unknown project or the
    project itself raises `ValueError`; one with a dependency cycle, `CycleError` (a
    `ValueError` too)."""
    from egovplan.analysis.report import schedule_report
    from egovplan.graph import build_network
    from egovplan.model.roadmap import Roadmap

    if not isinstance(roadmap, Roadmap):
        raise TypeError("schedule() takes a Roadmap (from egovplan.load(path), or "
                        f"check_file(path).roadmap), not {type(roadmap).__name__}")
    network = build_network(roadmap)
    if network.unknown or network.itself:  # a model built in Python, not checked
        raise ValueError(_link_problems(roadmap, network))
    report = schedule_report(roadmap, network, by=by, max_paths=max_paths)
    _dates_shown(report.schedule)
    return report


def _dates_shown(schedule: Schedule) -> None:
    """A `Roadmap` built in Python (not checked) whose schedule needs a month outside
    0001-01 … 9999-12 raises `ValueError`, as `validate` reports `date-out-of-range`: no such
    date can be written `YYYY-MM`."""
    from egovplan.checks import FIRST_MONTH, LAST_MONTH, dates_outside

    for node, finish, late_start in dates_outside(schedule):
        project_id = schedule.network.ids[node]
        if finish > LAST_MONTH:
            raise ValueError(f"the roadmap cannot be scheduled: project '{project_id}' would "
                             f"finish in the year {finish // 12}, after 9999-12")
        raise ValueError(f"the roadmap cannot be scheduled: project '{project_id}' would "
                         f"have to start {FIRST_MONTH - late_start} months before 0001-01 "
                         "to meet the deadlines")


def cost(roadmap: Roadmap, *, by: CostGrouping = "year") -> CostReport:
    """The projects' costs added up, in all and by `by` (`"year"`, each cost spread over its
    project's months in the early schedule; `"phase"`, `"agency"`, `"domain"`, `"kind"`), as
    `egovplan cost` prints them. Takes what `schedule` takes and raises as it does."""
    from egovplan.analysis.costs import GROUPINGS, cost_report
    from egovplan.model.roadmap import Roadmap

    if not isinstance(roadmap, Roadmap):
        raise TypeError("cost() takes a Roadmap (from egovplan.load(path), or "
                        f"check_file(path).roadmap), not {type(roadmap).__name__}")
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}, not {by!r}")
    report = schedule(roadmap, max_paths=0)
    return cost_report(report.schedule, by)


def _link_problems(roadmap: Roadmap, network: Network) -> str:
    """What `validate` would say of dependencies that cannot be scheduled: each on an
    unknown project (with a did-you-mean, or the id whose title it is) or on the project
    itself, the first ten."""
    from egovplan.suggest import SuggestionBudget, Titles

    ids = network.ids
    count = len(network.unknown) + len(network.itself)
    titles, suggest = Titles.of(roadmap.projects), SuggestionBudget()
    problems = [f"project '{ids[succ]}' depends on unknown project '{name}'"
                f"{suggest(name, ids, exclude=ids[succ], titles=titles)}"
                for succ, _, name in network.unknown[:10]]
    problems += [f"project '{ids[node]}' depends on itself" for node, _ in network.itself]
    more = f" (and {count - 10} more)" if count > 10 else ""
    return "the roadmap cannot be scheduled: " + "; ".join(problems[:10]) + more


def gaps(checked: Checked, ignore: Iterable[str] = frozenset(), *,
         located: bool = True) -> GapReport:
    """The coverage gaps of a valid checked file (see docs/gaps.md), but those whose codes
    are in `ignore` (any iterable of codes; a generator is read once); with `located=False`,
    without their lines and columns (much faster on a large roadmap with many gaps, for a
    caller that only counts them)."""
    _expect_checked("gaps", checked)
    if isinstance(ignore, str):  # `in` a string matches a part of it: "hole" would pass
        raise TypeError("gaps(ignore=…) takes a set of gap codes, not a string")
    from egovplan.analysis.gaps import GAPS

    codes = frozenset(ignore)  # read once: a generator would be empty for the gaps
    unknown = sorted(codes - set(GAPS))
    if unknown:
        raise ValueError(f"unknown gap code(s) to ignore: {', '.join(map(repr, unknown))}; "
                         f"the codes are {', '.join(GAPS)}")
    return _gaps(checked, codes, located=located)


def _gaps(checked: Checked, codes: frozenset[str] = frozenset(), *, located: bool = True,
          places: Places | None = None) -> GapReport:
    from egovplan.analysis.cpm import compute
    from egovplan.analysis.gaps import find_gaps
    from egovplan.graph import build_network

    if checked.roadmap is None:
        raise RoadmapError(checked)
    if checked.source is None:  # a `Checked` made by hand: no text to locate gaps in
        raise ValueError("a Checked without its parsed source (made by hand, not by "
                         "check_file, check_bytes or check_spec) has no lines to report gaps "
                         "at: check the roadmap's text with check_bytes")
    network = checked.network or build_network(checked.roadmap)
    schedule = compute(checked.roadmap, network)
    return find_gaps(checked.roadmap, schedule, checked.source.locator, checked.path, codes,
                     located=located, places=places)


def check_spec(spec: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Checked:
    """Every finding for a roadmap named by a path, or by `REV:path` (read with `git show`)
    when no file has that name (a `Path` is always a file's)."""
    max_bytes = _check_max_bytes(max_bytes)
    if not isinstance(spec, str | Path):
        raise TypeError(f"check_spec() takes a path or 'REV:path' as a str, or a Path, "
                        f"not {type(spec).__name__}")
    if isinstance(spec, Path) or ":" not in spec or Path(spec).exists():
        return check_file(spec, max_bytes)
    from egovplan.loader.git import read_revision

    raw = read_revision(spec, max_bytes)
    # a name that is not UTF-8 is shown with U+FFFD, as check_file shows it
    shown = readable_name(spec)
    if isinstance(raw, Finding):
        return Checked(shown, None, None, [raw])
    return check_bytes(raw, shown)


def diff(old: Checked, new: Checked) -> RoadmapDiff:
    """What changed from `old` to `new` (both valid), with its schedule and gap impact."""
    from dataclasses import replace

    from egovplan.analysis.cpm import compute
    from egovplan.analysis.diff import (
        cost_impact,
        diff_and_renames,
        gap_impact,
        schedule_impact,
    )
    from egovplan.graph import build_network

    for side in (old, new):
        _expect_checked("diff", side)
    for side in (old, new):
        if side.roadmap is None:
            raise RoadmapError(side)
    assert old.roadmap is not None  # noqa: S101 - checked above
    assert new.roadmap is not None  # noqa: S101
    result, renames = diff_and_renames(old.roadmap, new.roadmap)
    old_schedule = compute(old.roadmap, old.network or build_network(old.roadmap))
    new_schedule = compute(new.roadmap, new.network or build_network(new.roadmap))
    # the gaps are compared unlocated, and only those the diff reports are located (on a
    # large roadmap with a gap for most projects, locating them all was half the diff's time)
    places: Places = {}
    impact = gap_impact(_gaps(old, located=False, places=places),
                        _gaps(new, located=False, places=places), renames)
    return replace(
        result,
        schedule=schedule_impact(old_schedule, new_schedule, renames["project"]),
        gaps=_located(impact, places),
        cost=cost_impact(old.roadmap, new.roadmap),
    )


def _located(impact: GapImpact, places: Places) -> GapImpact:
    """`impact` with every finding it holds located (one finding, one located copy: the
    changed pairs are told apart from the new and resolved gaps by identity)."""
    from egovplan.analysis.diff import GapImpact
    from egovplan.analysis.gaps import locate

    copies: dict[int, Finding] = {}

    def one(finding: Finding) -> Finding:
        if id(finding) not in copies:
            copies[id(finding)] = locate(finding, places)
        return copies[id(finding)]

    return GapImpact([one(f) for f in impact.new], [one(f) for f in impact.resolved],
                     [one(f) for f in impact.suppressed],
                     [(one(old), one(new)) for old, new in impact.changed])


def _expect_checked(function: str, value: object) -> None:
    if not isinstance(value, Checked):
        raise TypeError(f"{function}() takes what check_file(path) returns (a Checked), not "
                        f"{type(value).__name__}")


def load(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Roadmap:
    """The validated roadmap at `path` (refused past `max_bytes`, as `check_file`); raises
    `RoadmapError` if it has errors."""
    checked = check_file(path, max_bytes)
    if checked.roadmap is None:
        raise RoadmapError(checked)
    return checked.roadmap
