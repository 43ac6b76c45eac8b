"""The critical path method, exactly as the format's contract defines it.

Months are offsets from `roadmap.start` (month 0). A project with early start `ES` and duration
`d` works in months `ES … ES+d−1`; `EF = ES + d` is exclusive. The forward pass walks projects in
topological order, the backward pass in reverse; both are plain loops over precomputed integer
arrays, linear in projects + dependencies, with no recursion.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from egovplan.graph import Link, Network
from egovplan.model.roadmap import Roadmap
from egovplan.model.types import format_month


class CycleError(ValueError):
    """The network has a dependency cycle, so it has no schedule (validation reports it).
    `cycle`: the ids of one cycle, each depending on the next and the last on the first."""

    def __init__(self, cycle: list[str]) -> None:
        super().__init__(cycle)  # `args` is what pickling and copying build it from again
        self.cycle = cycle

    def __str__(self) -> str:
        shown = " → ".join(f"'{project}'" for project in [*self.cycle, *self.cycle[:1]])
        return f"the roadmap has a dependency cycle: {shown} (each depends on the next)"


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
    #: The plan's finish: the largest early finish (exclusive), 0 for an empty roadmap.
    finish: int
    # not an argument: `dataclasses.replace` (a leveled schedule) starts it afresh
    _driving_from: dict[int, dict[int, Link]] = field(default_factory=dict, init=False,
                                                      repr=False, compare=False)

    def driving_from(self, index: int) -> dict[int, Link]:
        """The first link from each project that drives project `index`, worked out once per
        project: many critical paths through a project of many predecessors each ask."""
        found = self._driving_from.get(index)
        if found is None:
            found = {}
            for link in self.driving(index):
                found.setdefault(link.pred, link)
            self._driving_from[index] = found
        return found

    def drives(self, link: Link) -> bool:
        """Whether `link` drives its successor (its bound is the successor's early start): one
        link, in constant time, where `driving` lists all of a project's."""
        return bound_of(link, self.es, self.network.durations) == self.es[link.succ]

    def driving(self, index: int) -> list[Link]:
        """The incoming links that drive project `index`: their bound is its early start."""
        es, durations = self.es, self.network.durations
        return [link for link in self.network.incoming[index]
                if bound_of(link, es, durations) == es[index]]

    @property
    def start(self) -> int:
        """Month 0 as an absolute month number."""
        return self.roadmap.start

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
    """The month offset shown as a project's start: `ES`, or for a milestone the month before
    (month 0 for a milestone at month 0; a late start that a deadline puts before the plan's
    start is shown as the month before it too)."""
    return es if ef > es else (es - 1 if es else 0)


def shown_last(start: int, finish: int) -> int:
    """The month offset shown as the last month of a project from `start` to the exclusive
    `finish`: the month before `finish`, or for a milestone its shown start. Unlike
    `shown_finish` it is not held at month 0: a late finish that a deadline before the plan's
    start makes negative is shown as the month it is."""
    return finish - 1 if finish > start else shown_start(start, finish)


def shown_finish(ef: int) -> int:
    """The month offset shown as a finish: the month before the exclusive `EF` (0 at least)."""
    return max(ef - 1, 0)


def _lower_bounds(roadmap: Roadmap, network: Network) -> list[int]:
    """Each project's earliest start from `not_before` and its phase's start (at least 0), as
    `network` took the projects' values (`Network.columns`)."""
    start = roadmap.start
    phase_starts = {phase_id: phase.start - start for phase_id, phase in roadmap.phases.items()
                    if phase.start > start}  # a phase that starts before the plan: no bound
    bounds: list[int] = []
    append = bounds.append
    columns = network.columns
    # plain comparisons: a `max` call per project cost more than the rest of this loop
    for phase, not_before in zip(columns.phase, columns.not_before, strict=True):
        bound = 0 if phase is None else phase_starts.get(phase, 0)
        if not_before is not None and not_before - start > bound:
            bound = not_before - start
        append(bound)
    return bounds


def _deadlines(roadmap: Roadmap, network: Network) -> dict[int, int]:
    """The latest exclusive finish, as a month offset, of each project with a `finish_by` (as
    `network` took the projects' values)."""
    start = roadmap.start
    return {
        index: finish_by - start + 1
        for index, finish_by in enumerate(network.columns.finish_by)
        if finish_by is not None
    }


def bound_of(link: Link, start: list[int], durations: list[int]) -> int:
    """The earliest start that `link` allows its successor, given every project's start."""
    pred, succ, kind, lag, _ = link
    if kind == "FS":
        return start[pred] + durations[pred] + lag
    if kind == "SS":
        return start[pred] + lag
    if kind == "FF":
        return start[pred] + durations[pred] + lag - durations[succ]
    return start[pred] + lag - durations[succ]


def free_floats(network: Network, es: list[int], ef: list[int], finish: int) -> list[int]:
    """The contract's free float of every project, for any start and finish months (a leveled
    schedule's, say). `compute` works out the same in its backward pass, for speed; a test
    keeps the two equal."""
    free = []
    for node, links in enumerate(network.outgoing):
        slack = None
        for _, succ, kind, lag, _ in links:
            if kind == "FS":
                gap = es[succ] - lag - ef[node]
            elif kind == "SS":
                gap = es[succ] - lag - es[node]
            elif kind == "FF":
                gap = ef[succ] - lag - ef[node]
            else:
                gap = ef[succ] - lag - es[node]
            slack = gap if slack is None else min(slack, gap)
        free.append(finish - ef[node] if slack is None else slack)
    return free


def late_finishes(roadmap: Roadmap, network: Network, order: list[int],
                  finish: int) -> list[int]:
    """The contract's late finish of every project for a plan that ends at `finish` (a
    leveled plan's, say): its deadline and what its successors' late dates allow, visiting
    projects in reverse topological `order`. `compute` works out the same in its backward pass,
    for speed; a test keeps the two equal."""
    durations = network.durations
    lf = [finish] * len(durations)
    for node, deadline in _deadlines(roadmap, network).items():
        if deadline < finish:
            lf[node] = deadline
    for node in reversed(order):
        late = lf[node]
        for _, succ, kind, lag, _ in network.outgoing[node]:
            if kind == "FS":
                allowed = lf[succ] - durations[succ] - lag
            elif kind == "SS":
                allowed = lf[succ] - durations[succ] - lag + durations[node]
            elif kind == "FF":
                allowed = lf[succ] - lag
            else:
                allowed = lf[succ] - lag + durations[node]
            if allowed < late:
                late = allowed
        lf[node] = late
    return lf


def compute(roadmap: Roadmap, network: Network) -> Schedule:
    """Early and late dates and floats of every project (computed once per network and
    roadmap: the result is kept on the network, and nothing changes it)."""
    kept = network.schedule
    if kept is not None and kept.roadmap is roadmap:
        return kept
    network.schedule = _compute(roadmap, network)
    return network.schedule


def _compute(roadmap: Roadmap, network: Network) -> Schedule:
    order, leftover = network.topological_order()
    if leftover:
        from egovplan.graph import find_cycles

        groups = find_cycles(network, leftover, 1)
        raise CycleError([network.ids[node] for node in groups[0].cycles[0]] if groups else [])
    durations = network.durations
    incoming, outgoing = network.incoming, network.outgoing
    es = _lower_bounds(roadmap, network)
    ef = list(durations)
    # forward pass (plain comparisons: builtin min/max calls cost more than the arithmetic)
    for node in order:
        d = durations[node]
        best = es[node]
        for pred, _, kind, lag, _ in incoming[node]:
            if kind == "FS":
                bound = ef[pred] + lag
            elif kind == "SS":
                bound = es[pred] + lag
            elif kind == "FF":
                bound = ef[pred] + lag - d
            else:
                bound = es[pred] + lag - d
            if bound > best:
                best = bound
        es[node] = best
        ef[node] = best + d

    finish = max(ef, default=0)
    deadlines = _deadlines(roadmap, network)
    size = len(durations)
    lf = [finish] * size
    for node, deadline in deadlines.items():
        if deadline < finish:
            lf[node] = deadline
    ls = [0] * size
    free = [0] * size
    # backward pass
    for node in reversed(order):
        d = durations[node]
        late = lf[node]
        slack = None
        for _, succ, kind, lag, _ in outgoing[node]:
            if kind == "FS":
                allowed = ls[succ] - lag
                gap = es[succ] - lag - ef[node]
            elif kind == "SS":
                allowed = ls[succ] - lag + d
                gap = es[succ] - lag - es[node]
            elif kind == "FF":
                allowed = lf[succ] - lag
                gap = ef[succ] - lag - ef[node]
            else:
                allowed = lf[succ] - lag + d
                gap = ef[succ] - lag - es[node]
            if allowed < late:
                late = allowed
            if slack is None or gap < slack:
                slack = gap
        lf[node] = late
        ls[node] = late - d
        free[node] = finish - ef[node] if slack is None else slack
    total = [late_start - early for late_start, early in zip(ls, es, strict=True)]
    return Schedule(roadmap, network, order, es, ef, ls, lf, total, free, finish)
