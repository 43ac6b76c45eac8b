"""Exact leveling with OR-Tools CP-SAT: `egovplan schedule --level --exact`.

An optional extra (`pip install 'egovplan[solver]'`): for roadmaps of up to a few hundred
projects, CP-SAT finds the shortest leveled schedule and proves it shortest, or says that the
time it was given ran out first. The model is the heuristic's problem stated as constraints:

- a start month per project, at least its `not_before`, its phase start and 0;
- every dependency (all four types, lags and leads) as a linear inequality between starts;
- per resource, a cumulative constraint: in no month do the projects running use more than the
  capacity. Amounts are scaled to integers (millionths), each use rounded up and each capacity
  down, so that whatever CP-SAT accepts fits the real numbers;
- the heuristic's schedule (`egovplan.analysis.level`) as a hint and its length as an upper
  bound, so the answer is never longer.

It is solved twice: first for the shortest finish; then, with the finish held, for starts as
early as possible with priority projects weighted above support projects above unclassified
ones, so that capacity goes to priority projects first, as in the heuristic. One search worker
and a deterministic time limit (CP-SAT's own measure of work, not the clock) make the answer the
same on every run and every machine.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

from egovplan.analysis.level import Leveling, _causes, _Problem, level, leveling_of
from egovplan.numbers import capacity_limit

if TYPE_CHECKING:
    from egovplan.analysis.cpm import Schedule

#: Resource amounts are scaled to integers: millionths.
SCALE = 1_000_000
#: ... unless a resource's amounts together are so large that their millionths would not fit
#: CP-SAT's 64-bit integers: then they are scaled by a power of two (exact in floating
#: point) that keeps their sum, and the capacity, at most this.
LARGEST_SCALED = 2**60
#: The share of the time limit given to the first solve (the shortest finish); the rest goes
#: to the second (who starts first within it).
FIRST_SHARE = 0.8
#: Why `--exact` gives the heuristic's schedule (`Leveling.note`): CP-SAT sees every amount
#: as a whole number of millionths (or of a power of two), rounded up against a capacity
#: rounded down.
ROUNDED_INFEASIBLE = "--exact: CP-SAT has no schedule for the amounts rounded to millionths"
ROUNDED_OVER = "--exact: CP-SAT's schedule is over a capacity by less than a millionth"
#: Weights of the second objective: priority, support, unclassified.
_CLASS_WEIGHT = (1_000_000, 1_000, 1)


class SolverMissingError(RuntimeError):
    """OR-Tools is not installed."""

    def __init__(self) -> None:
        super().__init__("exact leveling needs OR-Tools: pip install 'egovplan[solver]'")


def level_exact(schedule: Schedule, *, time_limit: float = 10.0, effort: int = 40,
                seed: int = 0) -> Leveling:
    """The shortest leveled schedule CP-SAT finds within `time_limit` deterministic seconds
    (CP-SAT's measure of work; 80 % for the finish, 20 % for the order within it), starting
    from the heuristic's (`effort`, `seed`)."""
    try:
        from ortools.sat.python import cp_model
    except ImportError as error:
        raise SolverMissingError from error

    heuristic = level(schedule, effort=effort, seed=seed)
    if heuristic.findings:  # a project larger than a capacity: nothing to solve
        return heuristic
    problem = _Problem(schedule)
    durations = problem.durations
    horizon = heuristic.finish
    model = cp_model.CpModel()
    starts = []
    for node in range(problem.size):
        low = max(problem.lower[node], 0)
        starts.append(model.new_int_var(low, max(horizon - durations[node], low), f"s{node}"))
    for links in problem.incoming:
        for pred, succ, kind, lag, _ in links:
            if kind == "FS":
                model.add(starts[succ] >= starts[pred] + durations[pred] + lag)
            elif kind == "SS":
                model.add(starts[succ] >= starts[pred] + lag)
            elif kind == "FF":
                model.add(starts[succ] + durations[succ] >= starts[pred] + durations[pred] + lag)
            else:
                model.add(starts[succ] + durations[succ] >= starts[pred] + lag)
    for resource, capacity in enumerate(problem.capacity):
        # the sum of the capacity and every use, as its base-2 logarithm: summed 2⁻⁶⁰⁰ times
        # smaller, since near the largest float the sum itself is infinite
        shrunk = math.fsum(math.ldexp(amount, -600) for amount in (
            capacity, *(a for demand in problem.demand for r, a in demand if r == resource)))
        log_total = math.log2(shrunk) + 600 if shrunk > 0 else -math.inf
        scale: float = SCALE
        if log_total + math.log2(SCALE) > math.log2(LARGEST_SCALED):
            scale = math.ldexp(1.0, math.floor(math.log2(LARGEST_SCALED) - log_total))
        intervals, demands = [], []
        for node, demand in enumerate(problem.demand):
            amount = next((a for r, a in demand if r == resource), 0.0)
            if amount > 0 and durations[node] > 0:
                intervals.append(model.new_fixed_size_interval_var(
                    starts[node], durations[node], f"i{node}.{resource}"))
                demands.append(math.ceil(amount * scale - 1e-6))
        if intervals:
            model.add_cumulative(intervals, demands, math.floor(capacity * scale + 1e-6))
    finish = model.new_int_var(0, horizon, "finish")
    for node in range(problem.size):
        model.add(finish >= starts[node] + durations[node])
    for node, start in enumerate(heuristic.starts):
        model.add_hint(starts[node], start)

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = time_limit * FIRST_SHARE
    model.minimize(finish)
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        # the amounts rounded to whole millionths leave no schedule (a use of a third of a
        # capacity, three at once): the heuristic's schedule, said to be its
        return replace(heuristic, note=ROUNDED_INFEASIBLE)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # out of time before the hint was checked
        return replace(heuristic, method="cp-sat", optimal=False)
    optimal = status == cp_model.OPTIMAL
    shortest = int(solver.value(finish))
    best = [int(solver.value(start)) for start in starts]

    model.add(finish == shortest)
    model.clear_hints()  # type: ignore[no-untyped-call]
    for node, start in enumerate(best):
        model.add_hint(starts[node], start)
    model.minimize(sum(_CLASS_WEIGHT[problem.kind[node]] * starts[node]
                       for node in range(problem.size)))
    solver.parameters.max_deterministic_time = time_limit * (1 - FIRST_SHARE)
    if solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        best = [int(solver.value(start)) for start in starts]
    leveled = leveling_of(problem, schedule, best, _causes(problem, best), method="cp-sat",
                          optimal=optimal)
    # CP-SAT saw the amounts rounded to integers: amounts far below a millionth can fall
    # into the model's tolerance, and over a capacity
    if any(used > capacity_limit(capacity)
           for name, capacity in zip(problem.resources, problem.capacity, strict=True)
           for used in leveled.usage[name]):
        return replace(heuristic, note=ROUNDED_OVER)
    return leveled
