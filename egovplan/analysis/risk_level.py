"""Schedule risk under resource limits: `egovplan risk --level`.

Each iteration draws durations as `egovplan risk` does, then schedules them with the *policy*
of the deterministic leveled schedule rather than re-optimising: the projects are taken in one
fixed order — the order in which `schedule --level`'s serial scheme placed them — and each is
placed by the serial schedule-generation scheme as early as its dependencies, `not_before`, its
phase start and every resource's spare capacity in every month it works allow. This is the
activity-list policy of stochastic resource-constrained scheduling: the plan fixes who gets
capacity first; the dates follow from the durations. With fixed durations it reproduces
`schedule --level` exactly.

Drawn durations stay fractions of months, as in `egovplan risk`, so that where no resource
holds anything back the two give the same dates. Capacity is counted per month: a project uses
its amounts in every month its work touches (from the month its start falls in to the month its
work ends in), and a project held back starts at the beginning of the first month with room.
All iterations are placed together: each step is an operation on arrays of every iteration (in
blocks, to bound memory).

A project is *critical* in an iteration when a chain of tight links joins it to the plan's
finish: a dependency that sets its successor's start, or a resource hand-over — the project
ends in the month in which a resource-delayed project placed after it starts, and uses a
resource that had no room for that project in the month before.
"""

from __future__ import annotations

import heapq
from dataclasses import replace
from typing import TYPE_CHECKING

from egovplan.analysis.level import Leveling, _Problem
from egovplan.analysis.phases import assign_phases
from egovplan.analysis.risk import (
    EPSILON,
    Distribution,
    RiskReport,
    Tally,
    link_bound,
    sample_durations,
    summarise,
)
from egovplan.numbers import capacity_limit

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from egovplan.analysis.cpm import Schedule

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]
    Bools = npt.NDArray[np.bool_]

#: Iterations placed together at most; bounds memory to a few arrays of BLOCK × months.
BLOCK = 4096
#: Bytes of resource use (iterations × months × resources) a block may hold: a plan of
#: centuries is placed in blocks of fewer iterations (the same results, in less memory).
BLOCK_BYTES = 256 * 2**20


def block_width(horizon: int, resources: int) -> int:
    """How many iterations to place together for a plan of `horizon` months."""
    return max(16, min(BLOCK, BLOCK_BYTES // (8 * max(horizon, 1) * max(resources, 1))))


def activity_order(problem: _Problem, starts: list[int]) -> list[int]:
    """Every project once, predecessors first, otherwise by leveled start (then priority class
    and file order): the order for leveled starts that come with none (CP-SAT's)."""
    remaining = [len(links) for links in problem.incoming]
    ready = [(starts[n], problem.kind[n], n) for n in range(problem.size) if remaining[n] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, _, node = heapq.heappop(ready)
        order.append(node)
        for link in problem.outgoing[node]:
            remaining[link.succ] -= 1
            if remaining[link.succ] == 0:
                heapq.heappush(ready, (starts[link.succ], problem.kind[link.succ], link.succ))
    return order


def months_worked(start: Floats, duration: Floats) -> tuple[Ints, Ints]:
    """The months a project's work touches, as `[first, stop)`: from the month its start falls
    in to the month its work ends in; none for a milestone (or a draw of no length)."""
    import numpy as np

    first = np.floor(start + EPSILON).astype(np.int64)
    stop = np.ceil(start + duration - EPSILON).astype(np.int64)
    return first, np.where(duration > EPSILON, np.maximum(stop, first + 1), first)


class _Block:
    """The serial scheme for a block of iterations at once."""

    def __init__(self, problem: _Problem, durations: Floats, horizon: int) -> None:
        import numpy as np

        self.problem = problem
        self.width = durations.shape[1]
        self.rows = np.arange(self.width)
        self.durations = durations
        self.start = np.zeros_like(durations)
        self.used = [np.zeros((self.width, horizon)) for _ in problem.resources]
        #: no month from this one on is used by anything placed so far
        self.busy = 0
        #: resource → project → the iterations in which that resource held the project back
        self.blocked: list[dict[int, Bools]] = [{} for _ in problem.resources]

    def _grow(self, end: int) -> None:
        import numpy as np

        horizon = self.used[0].shape[1] if self.used else end
        if end > horizon:
            extra = max(end - horizon, horizon // 2)
            self.used = [np.pad(row, ((0, 0), (0, extra))) for row in self.used]

    def place(self, node: int) -> None:
        import numpy as np

        problem, start, durations = self.problem, self.start, self.durations
        earliest = np.full(self.width, float(max(problem.lower[node], 0)))
        d = durations[node]
        for pred, _, kind, lag, _ in problem.incoming[node]:
            np.maximum(earliest, link_bound(kind, lag, start[pred], start[pred] + durations[pred],
                                            d), out=earliest)
        demand = problem.demand[node]
        if not demand or not (d > EPSILON).any():
            start[node] = earliest
            return
        # only months from the earliest candidate start's to the last month anything uses can
        # be full; after that every project fits (none is larger than a capacity)
        low = int(np.floor(earliest + EPSILON).min())
        high = max(self.busy, low + 1)
        self._grow(high)
        bad = np.zeros((self.width, high - low), dtype=bool)
        limits = [(resource, amount, capacity_limit(problem.capacity[resource]))
                  for resource, amount in demand]
        for resource, amount, limit in limits:
            bad |= self.used[resource][:, low:high] + amount > limit
        # the last month at or before each month that has no room for this project
        last_bad = np.maximum.accumulate(np.where(bad, np.arange(low, high), -1), axis=1)
        rows = self.rows
        first, stop = months_worked(earliest, d)
        working = stop > first
        # the months a project held back works: it starts at the beginning of a month
        whole = np.maximum(np.ceil(d - EPSILON), 1).astype(np.int64)
        unmoved = first
        while True:  # each round jumps past the last full month of every blocked window
            # (a window of no months reads column -1: never blocked)
            blocking = last_bad[rows, np.minimum(stop, high) - 1 - low]
            blocked = working & (blocking >= first)
            if not blocked.any():
                break
            stop = np.where(blocked, blocking + 1 + whole, stop)
            first = np.where(blocked, blocking + 1, first)
        delayed = first > unmoved
        start[node] = np.where(delayed, first, earliest)
        if delayed.any():  # which resources had no room in the month before each start
            before = np.maximum(first - 1, 0)
            for resource, amount, limit in limits:
                full = self.used[resource][rows, before] + amount > limit
                self.blocked[resource][node] = delayed & full
        lowest, last = int(first.min()), int(stop.max())
        self._grow(last)
        self.busy = max(self.busy, last)
        months = np.arange(lowest, last)
        working = (months >= first[:, None]) & (months < stop[:, None])
        for resource, amount in demand:
            self.used[resource][:, lowest:last] += amount * working

    def critical(self, order: list[int], finish: Floats) -> Bools:
        """Each project's criticality in each iteration (see the module's docstring)."""
        import numpy as np

        problem, start, durations = self.problem, self.start, self.durations
        end = start + durations
        critical: Bools = end >= finish - EPSILON
        first, stop = months_worked(start, durations)
        horizon = int(stop.max(initial=0)) + 2
        rows = self.rows
        # every link runs forward in the placing order: a dependency from predecessor to
        # successor, a hand-over from a project placed earlier to the one it held back; so one
        # pass backwards over that order settles every project
        starting = [np.zeros((self.width, horizon), dtype=bool) for _ in problem.resources]
        for node in reversed(order):
            row = critical[node]
            for _, succ, kind, lag, _ in problem.outgoing[node]:
                bound = link_bound(kind, lag, start[node], end[node], durations[succ])
                row |= critical[succ] & (bound >= start[succ] - EPSILON)
            demand = problem.demand[node]
            if demand:
                working = stop[node] > first[node]
                # held back a critical project starting in the month after its work ends
                for resource, _ in demand:
                    row |= working & starting[resource][rows, stop[node]]
                for resource, _ in demand:  # critical and held back by this resource
                    held = self.blocked[resource].get(node)
                    if held is not None:
                        hit = row & held
                        starting[resource][rows[hit], first[node][hit]] = True
        return critical


def simulate_leveled(schedule: Schedule, leveling: Leveling, *, iterations: int = 10_000,
                     seed: int = 0, distribution: Distribution = "pert") -> RiskReport:
    """`simulate` with the leveled schedule's policy in every iteration."""
    import numpy as np

    rng = np.random.Generator(np.random.PCG64(seed))
    problem = _Problem(schedule)
    drawn = sample_durations(schedule, iterations, rng, distribution)
    order = leveling.order or activity_order(problem, leveling.starts)
    size = problem.size
    # a project outside every phase goes to the phase its leveled start is in, as in
    # `schedule --level`
    durations = schedule.network.durations
    leveled_dates = replace(schedule, es=list(leveling.starts),
                            ef=[s + d for s, d in zip(leveling.starts, durations, strict=True)])
    tally = Tally(schedule, iterations, assign_phases(leveled_dates))
    horizon = 2 * leveling.finish + 12
    width = block_width(horizon, len(problem.resources))
    for first in range(0, iterations, width):
        block = _Block(problem, drawn[:, first:first + width], horizon)
        for node in order:
            block.place(node)
        end = block.start + block.durations
        last = end.max(axis=0) if size else np.zeros(block.width)
        tally.add(first, end, last, block.critical(order, last))
    return summarise(schedule, seed, distribution, drawn, tally, leveled=True)
