"""Coverage gaps: everything a roadmap leaves uncovered or cannot keep.

Each gap check is a small function registered in `GAPS` with its stable code, its default
severity and a docstring (the documentation of the code, docs/gaps.md). A check looks at a valid
roadmap and its early schedule and reports through a `GapContext`.

Severities: a gap is an *error* when the roadmap breaks its own promises or cannot be carried
out as written — a goal or measure with nothing under it, a hole in the numbering, counts that
differ from those declared, a missed deadline, a project running past its phase, a resource
over capacity. It is a *warning* when the roadmap is merely incomplete in a way that may be
intended: a project that serves no measure, a domain or phase with no project, a priority
project waiting for a support project.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from egovplan.analysis.cpm import Schedule, shown_finish, shown_start
from egovplan.findings import Finding, Severity
from egovplan.loader.locator import Locator, PathElement
from egovplan.model.roadmap import Roadmap
from egovplan.model.types import format_month, shown
from egovplan.numbers import capacity_limit, difference, format_number, plural

KeyPath = tuple[PathElement, ...]


@dataclass
class GapContext:
    roadmap: Roadmap
    schedule: Schedule
    locator: Locator
    path: str
    findings: list[Finding] = field(default_factory=list)
    code: str = ""
    #: Whether findings get their line and column (locating scans the whole text once: on a
    #: large roadmap with many gaps, most of the time a caller that only counts them saves).
    located: bool = True
    #: How a date of the schedule is qualified: the early schedule's are the earliest.
    when: str = "at the earliest"
    #: Where each finding reported unlocated would be located (by the finding's `id`), for a
    #: caller that locates only some of them (`locate`).
    places: Places | None = None

    def report(self, message: str, where: KeyPath | None, *, subject: tuple[str, ...],
               key: bool = True) -> None:
        line = column = None
        if where is not None and self.located:
            line, column = self.locator.nearest(where, prefer_key=key)
        finding = Finding(self.code, GAPS[self.code].severity, message, self.path, line, column,
                          subject)
        if where is not None and not self.located and self.places is not None:
            self.places[id(finding)] = (self.locator, where, key)
        self.findings.append(finding)


#: A finding's `id` → the locator of its file, its key path, and whether its key is meant.
Places = dict[int, tuple[Locator, KeyPath, bool]]


def locate(finding: Finding, places: Places) -> Finding:
    """`finding` with the line and column it would have had if located when found."""
    place = places.get(id(finding))
    if place is None:
        return finding
    locator, where, key = place
    line, column = locator.nearest(where, prefer_key=key)
    return replace(finding, line=line, column=column)


@dataclass(frozen=True)
class GapCheck:
    code: str
    severity: Severity
    function: Callable[[GapContext], None]

    @property
    def description(self) -> str:
        return (self.function.__doc__ or "").strip()


GAPS: dict[str, GapCheck] = {}


def gap(code: str, severity: Severity) -> Callable[[Callable[[GapContext], None]],
                                                   Callable[[GapContext], None]]:
    def register(function: Callable[[GapContext], None]) -> Callable[[GapContext], None]:
        GAPS[code] = GapCheck(code, severity, function)
        return function

    return register


@gap("goal-without-measures", "error")
def goals_without_measures(ctx: GapContext) -> None:
    """A goal with no measures: nothing says how it will be reached."""
    for goal_id, goal in ctx.roadmap.goals.items():
        if not goal.measures:
            ctx.report(f"goal '{shown(goal_id)}' ({goal.title}) has no measures",
                       ("goals", goal_id), subject=(goal_id,))


@gap("measure-without-projects", "error")
def measures_without_projects(ctx: GapContext) -> None:
    """A measure that no project serves: promised, but nothing delivers it."""
    served = {ref for project in ctx.roadmap.projects.values() for ref in project.serves}
    for goal_id, goal in ctx.roadmap.goals.items():
        for measure_id, measure in goal.measures.items():
            reference = f"{goal_id}.{measure_id}"
            if reference not in served:
                ctx.report(f"measure '{shown(reference)}' ({measure.title}) is served by no "
                           "project",
                           ("goals", goal_id, "measures", measure_id), subject=(reference,))


@gap("project-without-measures", "warning")
def projects_without_measures(ctx: GapContext) -> None:
    """A project (not a milestone) that serves no measure: work that no goal asks for."""
    for project_id, project in ctx.roadmap.projects.items():
        if not project.serves and project.duration > 0:
            ctx.report(f"project '{shown(project_id)}' ({project.title}) serves no measure",
                       ("projects", project_id), subject=(project_id,))


#: A numbering hole lists at most this many missing references in its subject.
MAX_LISTED_HOLES = 50


def missing_ranges(numbers: list[int]) -> list[tuple[int, int]]:
    """The runs (first, last) of whole numbers from 1 up to the largest of `numbers` that
    `numbers` lacks; linear in len(numbers), whatever their size."""
    ranges, expected = [], 1
    for number in sorted(set(numbers)):
        if number > expected:
            ranges.append((expected, number - 1))
        expected = number + 1
    return ranges


def _ranges_text(ranges: list[tuple[int, int]], width: int = 0) -> str:
    return ", ".join(f"{a:0{width}d}" if a == b else f"{a:0{width}d}–{b:0{width}d}"
                     for a, b in ranges)


#: Longer measure numbers are not counted by `numbering-hole`.
MAX_MEASURE_DIGITS = 18


@gap("numbering-hole", "error")
def numbering_holes(ctx: GapContext) -> None:
    """A goal's numbered measures do not run 1, 2, 3, … without a gap: a measure is missing
    (1, 2, 4: 3 is missing). Measure keys that are not numbers are not counted; one finding
    per goal lists every missing number (runs as ranges: 5–9). Nor are numbers of more than
    18 digits (leading zeros aside): no goal has a quintillion measures, and Python refuses to
    read a number of thousands of digits."""
    for goal_id, goal in ctx.roadmap.goals.items():
        keys = [key for key in goal.measures
                if key.isdigit() and len(key.lstrip("0")) <= MAX_MEASURE_DIGITS]
        ranges = missing_ranges([int(key) for key in keys])
        if not ranges:
            continue
        count = sum(b - a + 1 for a, b in ranges)
        listed = ", ".join(sorted(keys, key=int))
        verb = "is" if count == 1 else "are"
        # keys all written to one width with leading zeros (01, 02, 04): the missing ones too
        width = len(keys[0]) if len({len(key) for key in keys}) == 1 and any(
            key.startswith("0") for key in keys) else 0
        references = (f"{goal_id}.{n:0{width}d}" for a, b in ranges for n in range(a, b + 1))
        ctx.report(
            f"goal '{shown(goal_id)}' numbers its measures {listed}: {_ranges_text(ranges, width)} "
            f"{verb} missing",
            ("goals", goal_id),
            subject=(goal_id, *itertools.islice(references, MAX_LISTED_HOLES)),
        )


@gap("declared-count", "error")
def declared_counts(ctx: GapContext) -> None:
    """`roadmap.declared` promises more (or fewer) goals, measures or domains than the file
    holds."""
    declared = ctx.roadmap.roadmap.declared
    if declared is None:
        return
    held = {
        "goals": len(ctx.roadmap.goals),
        "measures": sum(len(goal.measures) for goal in ctx.roadmap.goals.values()),
        "domains": len(ctx.roadmap.domains),
    }
    for what, promised in (("goals", declared.goals), ("measures", declared.measures),
                           ("domains", declared.domains)):
        if promised is None or promised == held[what]:
            continue
        difference = promised - held[what]
        detail = (f"{difference} missing" if difference > 0
                  else f"{-difference} more than declared")
        ctx.report(
            f"the source declares {plural(promised, what[:-1])}; the roadmap holds "
            f"{held[what]} ({detail})",
            ("roadmap", "declared", what), key=False, subject=(what,),
        )


@gap("domain-without-projects", "warning")
def domains_without_projects(ctx: GapContext) -> None:
    """A declared domain that no project serves."""
    used = {domain for project in ctx.roadmap.projects.values() for domain in project.domains}
    for domain_id, title in ctx.roadmap.domains.items():
        if domain_id not in used:
            ctx.report(f"domain '{shown(domain_id)}' ({title}) is served by no project",
                       ("domains", domain_id), subject=(domain_id,))


@gap("phase-without-projects", "warning")
def phases_without_projects(ctx: GapContext) -> None:
    """A phase with no project in it: none names it, and none without a phase starts in its
    window (the month its start is shown in; with overlapping phases, a project counts for
    every window that holds its start)."""
    schedule, roadmap = ctx.schedule, ctx.roadmap
    named = {project.phase for project in roadmap.projects.values()}
    unphased_starts = sorted({
        schedule.start + shown_start(schedule.es[index], schedule.ef[index])
        for index, project in enumerate(roadmap.projects.values())
        if project.phase is None or project.phase not in roadmap.phases
    })
    for phase_id, phase in roadmap.phases.items():
        position = bisect.bisect_left(unphased_starts, phase.start)
        holds = position < len(unphased_starts) and unphased_starts[position] <= phase.end
        if phase_id not in named and not holds:
            ctx.report(f"phase '{shown(phase_id)}' ({phase.title or phase_id}) has no projects",
                       ("phases", phase_id), subject=(phase_id,))


@gap("phase-overrun", "error")
def phase_overruns(ctx: GapContext) -> None:
    """A project of a phase (its `phase` names it) that finishes after the phase ends."""
    schedule = ctx.schedule
    phases = ctx.roadmap.phases
    for index, (project_id, project) in enumerate(ctx.roadmap.projects.items()):
        if project.phase is None or project.phase not in phases:
            continue
        end = phases[project.phase].end
        # the month the work ends in against the phase's last month, as for deadlines (a
        # milestone at the plan's very start ends in the month before it), counted from the
        # month shown
        if schedule.start + schedule.ef[index] - 1 > end:
            finish = schedule.start + shown_finish(schedule.ef[index])
            verb = "is reached" if project.duration == 0 else "finishes"
            ctx.report(
                f"project '{shown(project_id)}' {verb} in {format_month(finish)}, "
                f"{plural(finish - end, 'month')} after its phase '{shown(project.phase)}' ends "
                f"({format_month(end)})",
                ("projects", project_id, "phase"), key=False,
                subject=(project_id, project.phase),
            )


@gap("deadline-missed", "error")
def deadlines_missed(ctx: GapContext) -> None:
    """A project whose early finish is later than its `finish_by`: the deadline cannot be met
    however well everything goes."""
    schedule = ctx.schedule
    for index, (project_id, project) in enumerate(ctx.roadmap.projects.items()):
        if project.finish_by is None:
            continue
        # the early finish (exclusive) against the month after the deadline
        late = schedule.start + schedule.ef[index] - 1 - project.finish_by
        if late > 0:
            finish = schedule.start + shown_finish(schedule.ef[index])
            verb = "is reached" if project.duration == 0 else "finishes"
            # counted from the month shown (a milestone at the plan's very start is shown in
            # its first month, one after the month it ends)
            ctx.report(
                f"project '{shown(project_id)}' {verb} in {format_month(finish)} {ctx.when}, "
                f"{plural(finish - project.finish_by, 'month')} after its deadline "
                f"{format_month(project.finish_by)}",
                ("projects", project_id, "finish_by"), key=False,
                subject=(project_id,),
            )


@gap("priority-after-support", "warning")
def priority_after_support(ctx: GapContext) -> None:
    """A priority project that depends on a support project: what is to be launched first
    waits for what was only to be supported."""
    projects = ctx.roadmap.projects
    for project_id, project in projects.items():
        if project.kind != "priority":
            continue
        seen: set[str] = set()
        for index, dependency in enumerate(project.dependencies):
            other = projects.get(dependency.id)
            if other is not None and other.kind == "support" and dependency.id not in seen:
                seen.add(dependency.id)
                ctx.report(
                    f"priority project '{shown(project_id)}' depends on support project "
                    f"'{shown(dependency.id)}'",
                    ("projects", project_id, "depends_on", index), key=False,
                    subject=(project_id, dependency.id),
                )


@gap("duplicate-dependency", "warning")
def duplicate_dependencies(ctx: GapContext) -> None:
    """A dependency written twice in one project's `depends_on`: the same project, type and
    lag again. The schedule is the same with one, so the second is likely a slip (a different
    id meant). Not in the contract's list: egovplan's own."""
    for project_id, project in ctx.roadmap.projects.items():
        if len(project.depends_on) < 2:
            continue
        first: dict[tuple[str, str, int], int] = {}
        for index, dependency in enumerate(project.dependencies):
            if dependency not in first:
                first[dependency] = index
                continue
            ctx.report(
                f"project '{shown(project_id)}' depends on '{shown(dependency.id)}' twice, the "
                f"same way (depends_on items {first[dependency] + 1} and {index + 1})",
                ("projects", project_id, "depends_on", index), key=False,
                subject=(project_id, dependency.id),
            )


@gap("duplicate-reference", "warning")
def duplicate_references(ctx: GapContext) -> None:
    """A measure reference written twice in one project's `serves`, or a domain twice in its
    `domains`. Coverage is the same with one, so the second is likely a slip (another
    measure or domain meant). Not in the contract's list: egovplan's own."""
    for project_id, project in ctx.roadmap.projects.items():
        for key, names, what in (("serves", project.serves, "serves"),
                                 ("domains", project.domains, "is in domain")):
            if len(names) < 2:
                continue
            first: dict[str, int] = {}
            for index, name in enumerate(names):
                if name not in first:
                    first[name] = index
                    continue
                ctx.report(
                    f"project '{shown(project_id)}' {what} '{shown(name)}' twice ({key} items "
                    f"{first[name] + 1} and {index + 1})",
                    ("projects", project_id, key, index), key=False,
                    subject=(project_id, name),
                )


@gap("duplicate-number", "warning")
def duplicate_numbers(ctx: GapContext) -> None:
    """Two measures of a goal whose keys are the same number written differently (`1` and
    `01`): each is a measure of its own, with a reference of its own (`g.1`, `g.01`), but a
    numbering counts them once, so one of them is likely misnumbered. Not in the contract's
    list: egovplan's own."""
    for goal_id, goal in ctx.roadmap.goals.items():
        first: dict[str, str] = {}
        for key in goal.measures:
            if not key.isdigit():
                continue
            number = key.lstrip("0") or "0"
            if number not in first:
                first[number] = key
                continue
            ctx.report(
                f"goal '{shown(goal_id)}' has measures '{shown(first[number])}' and "
                f"'{shown(key)}': both are number {number}",
                ("goals", goal_id, "measures", key),
                subject=(f"{goal_id}.{first[number]}", f"{goal_id}.{key}"),
            )


@gap("duration-outside-estimate", "warning")
def durations_outside_estimates(ctx: GapContext) -> None:
    """A project whose `duration` is outside its own three-point `estimate` (shorter than the
    optimistic or longer than the pessimistic one): the schedule plans with the duration and
    `risk` draws from the estimate, so the two tell different stories (a 6-month duration
    with an estimate of 20–30 months finishes in the schedule years before risk's P50). Not
    in the contract's list: egovplan's own."""
    for project_id, project in ctx.roadmap.projects.items():
        estimate = project.estimate
        if estimate is None or estimate.optimistic <= project.duration <= estimate.pessimistic:
            continue
        ctx.report(
            f"project '{shown(project_id)}' has a duration of {plural(project.duration, 'month')}, "
            f"outside its estimate ({estimate.optimistic}–{estimate.pessimistic} months): the "
            "schedule and risk plan with different lengths",
            ("projects", project_id, "duration"), key=False,
            subject=(project_id,),
        )


@gap("over-capacity", "error")
def over_capacity(ctx: GapContext) -> None:
    """A month in which the early schedule uses more of a resource than its capacity.
    Consecutive months over capacity are reported together, with the largest excess."""
    users = users_by_resource(ctx.roadmap)
    for resource_id, resource in ctx.roadmap.resources.items():
        usage = resource_usage(ctx.roadmap, ctx.schedule, resource_id, users.get(resource_id, []))
        limit = capacity_limit(resource.capacity)
        for first, last in _runs([used > limit for used in usage]):
            peak = max(usage[first:last + 1])
            months = (format_month(ctx.schedule.start + first) if first == last else
                      f"{format_month(ctx.schedule.start + first)} – "
                      f"{format_month(ctx.schedule.start + last)}")
            unit = f" {resource.unit}" if resource.unit else ""
            ctx.report(
                f"resource '{shown(resource_id)}' is over capacity in {months} "
                f"({plural(last - first + 1, 'month')}): up to {format_number(peak)} of "
                f"{format_number(resource.capacity)}{unit} used, "
                f"{format_number(difference(peak, resource.capacity))} over",
                ("resources", resource_id),
                subject=(resource_id, format_month(ctx.schedule.start + first),
                         format_month(ctx.schedule.start + last)),
            )


def users_by_resource(roadmap: Roadmap) -> dict[str, list[tuple[int, float]]]:
    """The projects (by index, in file order) that use each resource, with how much, read in
    one pass: for `resource_usage` of every resource (reading every project for each resource
    cost resources × projects)."""
    users: dict[str, list[tuple[int, float]]] = {}
    for index, project in enumerate(roadmap.projects.values()):
        for resource_id, amount in project.uses.items():
            users.setdefault(resource_id, []).append((index, amount))
    return users


def resource_usage(roadmap: Roadmap, schedule: Schedule, resource_id: str,
                   users: list[tuple[int, float]] | None = None) -> list[float]:
    """How much of a resource the early schedule uses in each month, from month 0 to the
    plan's finish (a difference array: linear in projects + months). Summed exactly, as whole
    multiples of the amounts' smallest binary fraction, so that no month keeps the rounding of
    another (a use of 1e17 ending does not take a use of 1 with it). `users`: the projects
    that use it, with how much (`users_by_resource`), where known; else every project is
    read."""
    if users is None:
        users = users_by_resource(roadmap).get(resource_id, [])
    spans = [(schedule.es[index], schedule.ef[index], amount) for index, amount in users
             if amount and schedule.ef[index] > schedule.es[index]]
    ratios = [float(amount).as_integer_ratio() for _, _, amount in spans]
    scale = max((denominator for _, denominator in ratios), default=1)  # powers of two
    change = [0] * (schedule.finish + 1)
    for (start, end, _), (numerator, denominator) in zip(spans, ratios, strict=True):
        whole = numerator * (scale // denominator)
        change[start] += whole
        change[end] -= whole
    usage, running = [], 0
    for delta in change[:-1]:
        running += delta
        try:
            usage.append(running / scale)
        except OverflowError:  # past the largest float (two uses of 1e308)
            usage.append(math.inf if running > 0 else -math.inf)
    return usage


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """The (first, last) indexes of each run of true flags."""
    runs, start = [], None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            runs.append((start, index - 1))
            start = None
    return runs


@dataclass(frozen=True)
class GapReport:
    """The gaps of one roadmap: those reported, and those suppressed (and by what)."""

    findings: list[Finding]
    #: code → (number suppressed, what suppressed them: "roadmap.ignore" or "--ignore")
    suppressed: dict[str, tuple[int, str]]
    #: The suppressed gaps themselves (`diff` tells a gap silenced from a gap resolved).
    suppressed_findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.is_error)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


#: The gaps that depend on the dates, which a leveled schedule can add.
SCHEDULE_GAPS = ("phase-overrun", "deadline-missed")


def schedule_gaps(roadmap: Roadmap, schedule: Schedule, locator: Locator,
                  path: str = "", *, when: str = "in the leveled schedule") -> list[Finding]:
    """The date-dependent gaps (`SCHEDULE_GAPS`) of a given schedule — a leveled one, say, its
    dates qualified by `when` (they are not the earliest)."""
    findings: list[Finding] = []
    for code in SCHEDULE_GAPS:
        ctx = GapContext(roadmap, schedule, locator, path, code=code, when=when)
        GAPS[code].function(ctx)
        findings += ctx.findings
    return findings


def find_gaps(roadmap: Roadmap, schedule: Schedule, locator: Locator, path: str = "",
              ignore: frozenset[str] = frozenset(), *, located: bool = True,
              places: Places | None = None) -> GapReport:
    """Every gap, in registration order, less those ignored (by `ignore` or by the file's own
    `roadmap.ignore`); without their lines and columns unless `located` (then, given
    `places`, where each would be located is kept there: see `locate`)."""
    in_file = frozenset(roadmap.roadmap.ignore)
    findings: list[Finding] = []
    hidden: list[Finding] = []
    suppressed: dict[str, tuple[int, str]] = {}
    for code, check in GAPS.items():
        ctx = GapContext(roadmap, schedule, locator, path, code=code, located=located,
                         places=places)
        check.function(ctx)
        if code in in_file or code in ignore:
            if ctx.findings:
                source = "roadmap.ignore" if code in in_file else "--ignore"
                suppressed[code] = (len(ctx.findings), source)
                hidden += ctx.findings
            continue
        findings += ctx.findings
    return GapReport(findings, suppressed, hidden)
