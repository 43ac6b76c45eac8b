"""Checks that need the whole roadmap: references, phase windows, estimates and cycles.

Each check is a small function registered in `CHECKS` with a stable code and a docstring (the
docstrings are the documentation of the codes in docs/validation.md). A check gets the model and
a `Context` to report through; it never raises for bad input.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, Any

from egovplan.findings import Finding
from egovplan.graph import Network, build_network, find_cycles
from egovplan.loader.locator import Locator, PathElement, format_key_path
from egovplan.model.build import REMOVED
from egovplan.model.roadmap import Roadmap
from egovplan.model.types import format_month, shown
from egovplan.suggest import SuggestionBudget, Titles

if TYPE_CHECKING:
    from egovplan.analysis.cpm import Schedule

KeyPath = tuple[PathElement, ...]

#: At most this many dependency cycles are spelt out for each group of projects that depend on
#: each other; a finding says when a group holds more.
MAX_CYCLES_PER_GROUP = 5


@dataclass
class Context:
    """What a check reports through."""

    roadmap: Roadmap
    locator: Locator
    path: str
    repaired: set[KeyPath] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    network: Network | None = None
    suggest: SuggestionBudget = field(default_factory=SuggestionBudget)
    #: The TOML data as written: an entry whose own content is invalid (an id that is not a
    #: slug, say) is missing from the model but present here, and a reference to it is not
    #: reported as unknown on top of the entry's own error. `None` when the model is complete
    #: (nothing was repaired): then it holds every entry written.
    raw: dict[str, Any] | None = None
    _repaired_by_entry: dict[KeyPath, list[KeyPath]] | None = None
    _used: Used | None = None

    def graph(self) -> Network:
        if self.network is None:
            self.network = build_network(self.roadmap)
        return self.network

    def repaired_at(self, *path: PathElement) -> bool:
        """Whether the value at `path`, or a value inside or around it, was repaired: a check
        of it would see a placeholder, not what the user wrote."""
        if self._repaired_by_entry is None:
            self._repaired_by_entry = {}
            for loc in self.repaired:
                self._repaired_by_entry.setdefault(loc[:2], []).append(loc)
        candidates = [loc for short in ((), path[:1]) for loc in
                      self._repaired_by_entry.get(short, [])]
        candidates += self._repaired_by_entry.get(path[:2], [])
        return any(loc[: len(path)] == path or path[: len(loc)] == loc for loc in candidates)

    def used(self) -> Used:
        """What the projects refer to, gathered once (each check that needs one of these sets
        would otherwise walk every project again)."""
        if self._used is None:
            columns = self.graph().columns
            self._used = Used(
                set(chain.from_iterable(columns.serves)), set(columns.phase),
                set(chain.from_iterable(columns.domains)),
                set(chain.from_iterable(filter(None, columns.uses))),
                columns.estimate.count(None) < len(columns.estimate))
        return self._used

    def written(self, section: str) -> set[str]:
        """The ids written under `section`, valid or not."""
        if self.raw is None:
            return set(getattr(self.roadmap, section))
        table = self.raw.get(section)
        return set(table) if isinstance(table, dict) else set()

    def written_as_fixed(self, section: str) -> set[str]:
        """The ids under `section` written as they are, and the ids their `invalid-id`
        errors suggest (`[projects.Cloud]` → `cloud`): a reference to either is not reported
        as unknown on top of the entry's own error, since fixing that error resolves it."""
        if self.raw is None:
            return self.written(section)
        table = self.raw.get(section)
        return _as_fixed(list(table) if isinstance(table, dict) else [])

    def written_measures(self) -> set[str]:
        """The measure references the goals' measures make as written, and as their
        `invalid-id` errors would fix them (`[goals.Digital-Gov.measures.A1]` makes
        `digital-gov.a1` too), as `written_as_fixed` does for the other tables."""
        if self.raw is None:
            return set(self.roadmap.measure_references())
        goals = self.raw.get("goals")
        if not isinstance(goals, dict):
            return set()
        fixed_goals = _fixed_forms(list(goals))
        written: set[str] = set()
        for goal_id, goal in goals.items():
            measures = goal.get("measures") if isinstance(goal, dict) else None
            if isinstance(measures, dict):
                measure_ids = _as_fixed(list(measures))
                written.update(f"{form}.{measure_id}" for form in fixed_goals[goal_id]
                               for measure_id in measure_ids)
        return written

    def report(self, code: str, message: str, where: KeyPath, *, key: bool = False,
               subject: tuple[str, ...] = ()) -> None:
        line, column = self.locator.nearest(where, prefer_key=key)
        self.findings.append(Finding(code, "error", message, self.path, line, column, subject))


def _fixed_forms(keys: list[str]) -> dict[str, list[str]]:
    """Each of a table's `keys` with the id its `invalid-id` error suggests, if any, after it:
    never an id the table holds, nor one suggested before (`Land Registry` beside
    `land-registry` → `land-registry-2`), as the errors suggest them."""
    from egovplan.model.types import is_slug
    from egovplan.template import free_id, suggested_id

    taken = {key for key in keys if is_slug(key)}
    numbers: dict[str, int] = {}  # (so that many keys making one id are numbered in one pass)
    forms: dict[str, list[str]] = {}
    for key in keys:
        forms[key] = [key]
        if key not in taken and (made := suggested_id(key)):
            made = free_id(made, taken, numbers)
            taken.add(made)
            forms[key].append(made)
    return forms


def _as_fixed(keys: list[str]) -> set[str]:
    """`keys` and the ids their `invalid-id` errors suggest (see `_fixed_forms`)."""
    return {form for forms in _fixed_forms(keys).values() for form in forms}


@dataclass(frozen=True)
class Used:
    """The measure references, phases, domains and resources the projects name (`None` among
    the phases for a project with none), and whether any project has an estimate."""

    serves: set[str]
    phases: set[str | None]
    domains: set[str]
    resources: set[str]
    estimates: bool


Check = Callable[[Context], None]
CHECKS: dict[str, Check] = {}


def check(code: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[code] = function
        return function

    return register


def _all_known(used: set[Any], known: Collection[str]) -> bool:
    """Whether every value in `used` (a project's reference, gathered from all projects at
    once) is known, `None` (not given) or the placeholder of a repaired value: then a check
    need not look at each project."""
    used.discard(None)
    used.discard(REMOVED)
    return used.issubset(known)


@check("unknown-project")
def unknown_projects(ctx: Context) -> None:
    """A dependency names a project the roadmap does not have."""
    network = ctx.graph()
    if not network.unknown:
        return
    written = ctx.written_as_fixed("projects")
    titles = Titles.of(ctx.roadmap.projects)
    for node, index, name in network.unknown:
        if name in written or name == REMOVED:
            continue  # an entry with a schema error of its own: reported there
        project_id = network.ids[node]
        hint = _other_kind(ctx.roadmap, name) or ctx.suggest(
            name, network.index, exclude=project_id, titles=titles)
        ctx.report(
            "unknown-project",
            f"unknown project '{shown(name)}' in the dependencies of '{shown(project_id)}'"
            f"{hint}",
            ("projects", project_id, "depends_on", index, "id"), subject=(project_id, name),
        )


def _other_kind(roadmap: Roadmap, name: str) -> str:
    """What a dependency names when it names no project but a measure, phase, domain or
    resource of the roadmap, and where that belongs instead; else nothing."""
    if name in roadmap.phases:
        return f"; '{shown(name)}' is a phase: a project in it says `phase = \"{shown(name)}\"`"
    if name in roadmap.domains:
        return (f"; '{shown(name)}' is a domain: a project in it says "
                f"`domains = [\"{shown(name)}\"]`")
    if name in roadmap.resources:
        return (f"; '{shown(name)}' is a resource: a project using it says "
                f"`uses = {{ {format_key_path((name,))} = 1 }}`")
    goal_id, _, measure_id = name.rpartition(".")
    if goal_id in roadmap.goals and measure_id in roadmap.goals[goal_id].measures:
        return (f"; '{shown(name)}' is a measure: a project serving it says "
                f"`serves = [\"{shown(name)}\"]`")
    return ""


@check("self-dependency")
def self_dependencies(ctx: Context) -> None:
    """A project depends on itself."""
    network = ctx.graph()
    for node, index in network.itself:
        project_id = network.ids[node]
        ctx.report(
            "self-dependency", f"project '{shown(project_id)}' depends on itself",
            ("projects", project_id, "depends_on", index, "id"), subject=(project_id,),
        )


@check("ambiguous-measure")
def ambiguous_measures(ctx: Context) -> None:
    """Two measures share one reference `"<goal>.<measure>"` (goal `a.b` with measure `1`, goal
    `a` with measure `b.1`), so a project serving it would serve both."""
    first: dict[str, tuple[str, str]] = {}
    for goal_id, goal in ctx.roadmap.goals.items():
        if "." not in goal_id and not any("." in measure for measure in goal.measures):
            continue  # only a '.' inside an id can make two references alike
        for measure_id in goal.measures:
            reference = f"{goal_id}.{measure_id}"
            if reference not in first:
                first[reference] = (goal_id, measure_id)
                continue
            # reported at whichever of the two comes later in the file
            pair = sorted([first[reference], (goal_id, measure_id)], key=lambda ids: tuple(
                ctx.locator.nearest(("goals", ids[0], "measures", ids[1]), prefer_key=True)))
            (earlier_goal, earlier_measure), (later_goal, later_measure) = pair
            ctx.report(
                "ambiguous-measure",
                f"measure '{shown(later_measure)}' of goal '{shown(later_goal)}' and measure "
                f"'{shown(earlier_measure)}' of goal '{shown(earlier_goal)}' are both referred "
                f"to as '{shown(reference)}': rename one of them (a '.' inside a goal or measure "
                "id makes this possible)",
                ("goals", later_goal, "measures", later_measure), key=True,
                subject=(later_goal, later_measure),
            )


@check("unknown-measure")
def unknown_measures(ctx: Context) -> None:
    """A project serves a measure reference `"<goal>.<measure>"` that no goal holds."""
    references = ctx.roadmap.measure_references()
    written = ctx.written_measures()
    goals = ctx.roadmap.goals
    if _all_known(set(ctx.used().serves), references.keys() | written):
        return
    titles = Titles(lambda: ((f"{goal_id}.{measure_id}", measure.title)
                             for goal_id, goal in goals.items()
                             for measure_id, measure in goal.measures.items()))
    for project_id, project in ctx.roadmap.projects.items():
        for index, reference in enumerate(project.serves):
            if reference in references or reference in written or reference == REMOVED:
                continue
            goal_id, _, measure_id = reference.rpartition(".")
            if goal_id in goals:
                measures = list(goals[goal_id].measures)
                held = ", ".join(shown(key) for key in measures[:MAX_HELD_LISTED]) or "none"
                if len(measures) > MAX_HELD_LISTED:
                    held += f", … ({len(measures):,} in all)"
                detail = (f"goal '{shown(goal_id)}' has no measure '{shown(measure_id)}' "
                          f"(it has: {held})")
            elif not goal_id:
                detail = "a measure reference is \"<goal>.<measure>\", e.g. \"services.1\""
            else:
                detail = f"there is no goal '{shown(goal_id)}'"
            ctx.report(
                "unknown-measure",
                f"unknown measure '{shown(reference)}' served by '{shown(project_id)}': {detail}"
                f"{ctx.suggest(reference, references, titles=titles)}",
                ("projects", project_id, "serves", index), subject=(project_id, reference),
            )


#: An unknown-measure message lists at most this many of the goal's measures.
MAX_HELD_LISTED = 20


@check("unknown-phase")
def unknown_phases(ctx: Context) -> None:
    """A project belongs to a phase the roadmap does not declare."""
    phases = ctx.roadmap.phases
    written = ctx.written_as_fixed("phases") | {REMOVED}
    if _all_known(set(ctx.used().phases), written):
        return
    titles = Titles.of(phases)
    for project_id, project in ctx.roadmap.projects.items():
        if project.phase is not None and project.phase not in written:
            ctx.report(
                "unknown-phase",
                f"unknown phase '{shown(project.phase)}' for project '{shown(project_id)}'"
                f"{ctx.suggest(project.phase, phases, titles=titles)}",
                ("projects", project_id, "phase"), subject=(project_id, project.phase),
            )


@check("unknown-domain")
def unknown_domains(ctx: Context) -> None:
    """A project lists a domain the roadmap does not declare under `[domains]`."""
    domains = ctx.roadmap.domains
    written = ctx.written_as_fixed("domains")
    if _all_known(set(ctx.used().domains), written):
        return
    titles = Titles(domains.items)
    for project_id, project in ctx.roadmap.projects.items():
        for index, domain in enumerate(project.domains):
            if domain not in written and domain != REMOVED:
                ctx.report(
                    "unknown-domain",
                    f"unknown domain '{shown(domain)}' for project '{shown(project_id)}'"
                    f"{ctx.suggest(domain, domains, titles=titles)}",
                    ("projects", project_id, "domains", index), subject=(project_id, domain),
                )


@check("unknown-resource")
def unknown_resources(ctx: Context) -> None:
    """A project `uses` a resource the roadmap does not declare under `[resources]`."""
    resources = ctx.roadmap.resources
    written = ctx.written_as_fixed("resources")
    if _all_known(set(ctx.used().resources), written):
        return
    titles = Titles.of(resources)
    for project_id, project in ctx.roadmap.projects.items():
        for resource in project.uses:
            if resource not in written:
                ctx.report(
                    "unknown-resource",
                    f"unknown resource '{shown(resource)}' used by project '{shown(project_id)}'"
                    f"{ctx.suggest(resource, resources, titles=titles)}",
                    ("projects", project_id, "uses", resource), key=True,
                    subject=(project_id, resource),
                )


@check("phase-end-before-start")
def phase_windows(ctx: Context) -> None:
    """A phase ends before it starts."""
    for phase_id, phase in ctx.roadmap.phases.items():
        if phase.end < phase.start and not (
            ctx.repaired_at("phases", phase_id, "start")
            or ctx.repaired_at("phases", phase_id, "end")
        ):
            ctx.report(
                "phase-end-before-start",
                f"phase '{shown(phase_id)}' ends ({format_month(phase.end)}) before it starts "
                f"({format_month(phase.start)})",
                ("phases", phase_id, "end"), subject=(phase_id,),
            )


@check("invalid-estimate")
def estimates(ctx: Context) -> None:
    """A three-point estimate is not ordered optimistic ≤ likely ≤ pessimistic."""
    if not ctx.used().estimates:
        return
    for project_id, project in ctx.roadmap.projects.items():
        estimate = project.estimate
        if estimate is None or ctx.repaired_at("projects", project_id, "estimate"):
            continue
        if not estimate.optimistic <= estimate.likely <= estimate.pessimistic:
            ctx.report(
                "invalid-estimate",
                f"the estimate of '{shown(project_id)}' must have optimistic ≤ likely ≤ "
                f"pessimistic, not {estimate.optimistic} / {estimate.likely} / "
                f"{estimate.pessimistic} months",
                ("projects", project_id, "estimate"), subject=(project_id,),
            )


@check("dependency-cycle")
def cycles(ctx: Context) -> None:
    """Projects depend on each other in a circle, so none of them can start first."""
    network = ctx.graph()
    _, leftover = network.topological_order()
    if not leftover:
        return
    for group in find_cycles(network, leftover, MAX_CYCLES_PER_GROUP):
        for cycle in group.cycles:
            _report_cycle(ctx, [network.ids[node] for node in cycle])
        if group.more:
            members = [network.ids[node] for node in group.members]
            listed = ", ".join(f"'{shown(member)}'" for member in members[:8])
            ctx.report(
                "dependency-cycle",
                f"the {len(members)} projects {listed}{', …' if len(members) > 8 else ''} "
                f"depend on each other in more cycles than the {MAX_CYCLES_PER_GROUP} shown",
                ("projects", members[0]), key=True, subject=tuple(members),
            )


#: A link's lag (a C-level getter: the cheap bounds below sum it over every link).
_LAG = operator.itemgetter(3)
#: The first and last months a date can show: 0001-01 and 9999-12.
FIRST_MONTH, LAST_MONTH = 1 * 12, 9999 * 12 + 11


@check("date-out-of-range")
def date_range(ctx: Context) -> None:
    """The schedule would need a date outside the years 0001–9999: a project finishing after
    9999-12, or a deadline that needs a project to start before 0001-01."""
    network = ctx.graph()
    if _dates_repaired(ctx) or network.topological_order()[1]:
        return  # placeholders in what dates follow from, or a cycle: no schedule to judge
    roadmap = ctx.roadmap
    start = roadmap.start
    # cheap bounds first: along any chain a link moves a date by at most the duration of one
    # end plus its lag, so most roadmaps are shown to fit without a schedule (unless it was
    # computed already, before the checks: then `dates_outside` answers at once)
    kept = network.schedule
    if kept is None or kept.roadmap is not roadmap:
        reach = sum(network.durations) + sum(map(abs, map(_LAG, network.links)))
        columns = network.columns
        lowers = [month for month in columns.not_before if month is not None]
        lowers += [phase.start for phase in roadmap.phases.values()]
        latest_lower = max(0, max(lowers, default=start) - start)
        deadlines = [month for month in columns.finish_by if month is not None]
        if start + latest_lower + reach <= LAST_MONTH and (
                not deadlines or min(deadlines) - reach >= FIRST_MONTH):
            return
    from egovplan.analysis.cpm import compute, shown_start

    schedule = compute(roadmap, network)
    projects = roadmap.projects
    for node, finish, late_start in dates_outside(schedule):
        project_id = network.ids[node]
        # at the value that takes the project out of the years: its own duration where it
        # starts in them, its own deadline where that bounds it; else the project (its
        # dates follow from the projects before or after it)
        project = projects[project_id]
        if finish > LAST_MONTH:
            own = start + shown_start(schedule.es[node], schedule.ef[node]) <= LAST_MONTH \
                and not _finish_held(schedule, network, node)
            ctx.report(
                "date-out-of-range",
                f"project '{shown(project_id)}' would finish in the year {finish // 12}, after "
                "9999-12: no date can be shown past the year 9999",
                ("projects", project_id, *(("duration",) if own else ())), key=not own,
                subject=(project_id,),
            )
        elif late_start < FIRST_MONTH:
            own = project.finish_by is not None \
                and schedule.lf[node] == project.finish_by - start + 1
            met = "its deadline" if own else "the deadlines after it"
            ctx.report(
                "date-out-of-range",
                f"project '{shown(project_id)}' would have to start {FIRST_MONTH - late_start} "
                f"months before 0001-01 to meet {met}: no date can be shown before the year 1",
                ("projects", project_id, *(("finish_by",) if own else ())), key=not own,
                subject=(project_id,),
            )


def dates_outside(schedule: Schedule) -> Iterator[tuple[int, int, int]]:
    """Each project whose shown finish is after 9999-12 or shown late start before 0001-01:
    (its node, that finish, that late start, as absolute months). None, at once, where every
    date fits (a shown late start is at most a month before `LS`)."""
    from egovplan.analysis.cpm import shown_finish, shown_start

    start = schedule.start
    if start + shown_finish(schedule.finish) <= LAST_MONTH and \
            start + min(schedule.ls, default=0) - 1 >= FIRST_MONTH:
        return
    for node in range(len(schedule.network)):
        finish = start + shown_finish(schedule.ef[node])
        late_start = start + shown_start(schedule.ls[node], schedule.lf[node])
        if finish > LAST_MONTH or late_start < FIRST_MONTH:
            yield node, finish, late_start


def _finish_held(schedule: Schedule, network: Network, node: int) -> bool:
    """Whether a finish-to-finish or start-to-finish link sets the project's finish (its start
    then follows from its finish): shortening the project would not bring its finish back."""
    d = network.durations[node]
    for pred, _, kind, lag, _ in network.incoming[node]:
        if kind == "FF" and schedule.ef[pred] + lag - d == schedule.es[node]:
            return True
        if kind == "SF" and schedule.es[pred] + lag - d == schedule.es[node]:
            return True
    return False


#: The fields of a project its dates follow from.
_DATE_FIELDS = frozenset({"duration", "depends_on", "not_before", "finish_by", "phase"})


def _dates_repaired(ctx: Context) -> bool:
    """Whether a value the schedule's dates follow from was repaired (holds a placeholder):
    the plan's start, a phase, or a project's duration, dependencies, constraints or phase.
    An error elsewhere (an agency that is not a string, say) leaves the dates to be judged, so
    that a file's errors are reported in one run."""
    for loc in ctx.repaired:
        if not loc:
            return True  # the whole document: judge nothing
        section = loc[0]
        if section == "roadmap" and loc[1:2] in ((), ("start",)):
            return True
        if section == "phases" and (len(loc) < 3 or loc[2] in ("start", "end")):
            return True
        if section == "projects" and (len(loc) < 3 or loc[2] in _DATE_FIELDS):
            return True
    return False  # a title, an unknown key or section: no date follows from it


def _report_cycle(ctx: Context, ids: list[str]) -> None:
    def line(project_id: str) -> int:
        return ctx.locator.nearest(("projects", project_id), prefer_key=True).line

    steps = [f"'{shown(ids[0])}' (line {line(ids[0])}) depends on"]
    steps += [f"'{shown(other)}' (line {line(other)}), which depends on" for other in ids[1:]]
    message = f"dependency cycle: {' '.join(steps)} '{shown(ids[0])}'"
    first, second = ids[0], ids[1 % len(ids)]
    dependencies = ctx.roadmap.projects[first].dependencies
    index = next(i for i, dependency in enumerate(dependencies) if dependency.id == second)
    ctx.report("dependency-cycle", message, ("projects", first, "depends_on", index, "id"),
               subject=tuple(ids))


def run_checks(ctx: Context) -> list[Finding]:
    """Every registered check, in registration order; the findings they made."""
    for function in CHECKS.values():
        function(ctx)
    return ctx.findings
