"""The critical path method, exactly as the format's contract defines it.

Months are offsets from `roadmap.start` (month 0). A project with early start `ES` and duration
`d` works in months `ES … ES+d−1`; `EF = ES + d` is exclusive. The forward pass walks projects in
topological order, the backward pass in reverse; both are plain loops over precomputed integer
arrays, linear in projects + dependencies, with no recursion.
"""

from __future__ import annotations

from dataclasses import dataclass

from egovplan.graph import Network
from egovplan.model.roadmap import Roadmap
from egovplan.model.types import format_month

FS, SS, FF, SF = 0, 1, 2, 3
TYPE_CODES = {"FS": FS, "SS": SS, "FF": FF, "SF": SF}


class CycleError(ValueError):
    """The network has a dependency cycle, so it has no schedule (validation reports it)."""


@dataclass(frozen=True, slots=True)
class Times:
    """One project's schedule, in month offsets from the plan's start."""

    es: int
    ef: int
    ls: int
    lf: int
    total_float: int
    free_float: int

    @property
    def critical(self) -> bool:
        return self.total_float <= 0


@dataclass
class Schedule:
    """The CPM schedule of one roadmap; per-project arrays indexed like `network.ids`."""

    roadmap: Roadmap
    network: Network
    order: list[int]
    es: list[int]
    ef: list[int]
    ls: list[int]
    lf: list[int]
    total_float: list[int]
    free_float: list[int]
    #: For each project, the positions (in `network.incoming[i]`) of the links that drive it.
    driving: list[list[int]]
    #: The plan's finish: the largest early finish (exclusive), 0 for an empty roadmap.
    finish: int

    @property
    def start(self) -> int:
        """Month 0 as an absolute month number."""
        return self.roadmap.start

    def times(self, index: int) -> Times:
        return Times(self.es[index], self.ef[index], self.ls[index], self.lf[index],
                     self.total_float[index], self.free_float[index])

    def is_critical(self, index: int) -> bool:
        return self.total_float[index] <= 0

    def shown_start(self, index: int) -> str:
        """The first month of work as `YYYY-MM` (for a milestone, the month it ends)."""
        return format_month(self.start + shown_start(self.es[index], self.ef[index]))

    def shown_finish(self, index: int) -> str:
        """The last month of work as `YYYY-MM` (for a milestone, the month it ends)."""
        return format_month(self.start + shown_finish(self.ef[index]))

    def shown_plan_finish(self) -> str:
        return format_month(self.start + shown_finish(self.finish))


def shown_start(es: int, ef: int) -> int:
    """The month offset shown as a project's start: `ES`, or for a milestone the month before."""
    return es if ef > es else max(es - 1, 0)


def shown_finish(ef: int) -> int:
    """The month offset shown as a finish: the month before the exclusive `EF` (0 at least)."""
    return max(ef - 1, 0)


def _lower_bounds(roadmap: Roadmap) -> list[int]:
    """Each project's earliest start from `not_before` and its phase's start (at least 0)."""
    start = roadmap.start
    phases = roadmap.phases
    bounds = []
    for project in roadmap.projects.values():
        bound = 0
        if project.not_before is not None:
            bound = max(bound, project.not_before - start)
        if project.phase is not None and project.phase in phases:
            bound = max(bound, phases[project.phase].start - start)
        bounds.append(bound)
    return bounds


def _deadlines(roadmap: Roadmap) -> list[int | None]:
    """Each project's latest exclusive finish from `finish_by`, as a month offset."""
    start = roadmap.start
    return [
        None if project.finish_by is None else project.finish_by - start + 1
        for project in roadmap.projects.values()
    ]


def compute(roadmap: Roadmap, network: Network) -> Schedule:
    """Early and late dates, floats and driving links of every project."""
    order, leftover = network.topological_order()
    if leftover:
        raise CycleError("the roadmap has a dependency cycle")
    size = len(network)
    durations = network.durations
    # per project: incoming links as parallel tuples (pred, type code, lag)
    incoming = [
        [(link.pred, TYPE_CODES[link.type], link.lag) for link in links]
        for links in network.incoming
    ]
    outgoing = [
        [(link.succ, TYPE_CODES[link.type], link.lag) for link in links]
        for links in network.outgoing
    ]
    es = _lower_bounds(roadmap)
    ef = [0] * size
    driving: list[list[int]] = [[] for _ in range(size)]
    for node in order:
        d = durations[node]
        bounds = []
        best = es[node]
        for pred, kind, lag in incoming[node]:
            if kind == FS:
                bound = ef[pred] + lag
            elif kind == SS:
                bound = es[pred] + lag
            elif kind == FF:
                bound = ef[pred] + lag - d
            else:
                bound = es[pred] + lag - d
            bounds.append(bound)
            best = max(best, bound)
        es[node] = best
        ef[node] = best + d
        driving[node] = [position for position, bound in enumerate(bounds) if bound == best]

    finish = max(ef, default=0)
    deadlines = _deadlines(roadmap)
    lf = [0] * size
    ls = [0] * size
    free = [0] * size
    for node in reversed(order):
        d = durations[node]
        late = finish
        deadline = deadlines[node]
        if deadline is not None:
            late = min(late, deadline)
        slack: int | None = None
        for succ, kind, lag in outgoing[node]:
            if kind == FS:
                late = min(late, ls[succ] - lag)
                gap = es[succ] - lag - ef[node]
            elif kind == SS:
                late = min(late, ls[succ] - lag + d)
                gap = es[succ] - lag - es[node]
            elif kind == FF:
                late = min(late, lf[succ] - lag)
                gap = ef[succ] - lag - ef[node]
            else:
                late = min(late, lf[succ] - lag + d)
                gap = ef[succ] - lag - es[node]
            slack = gap if slack is None else min(slack, gap)
        lf[node] = late
        ls[node] = late - d
        free[node] = finish - ef[node] if slack is None else slack
    total = [ls[node] - es[node] for node in range(size)]
    return Schedule(roadmap, network, order, es, ef, ls, lf, total, free, driving, finish)
