"""Resource leveling: a schedule in which no month uses more of a resource than its capacity.

The method is the serial schedule-generation scheme: projects are placed one at a time, each as
early as its dependencies (all four types, lags and leads), `not_before` and phase start allow
*and* every resource it uses has room in every month it works. The order comes from the
eligible projects (those whose predecessors are all placed): priority projects first, then
support, then unclassified — so priority projects get capacity before support projects; a
project takes the first class of those that depend on it, directly or not — and within a class
by a priority rule. Several passes (rules, then randomised orders biased towards
the rules, seeded) are tried and each is improved by forward-backward justification (shift every
project as late as possible, then as early as possible again, which often closes holes); the
shortest schedule wins, ties to the earliest pass. Everything is deterministic for a given
`effort` and `seed`.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field

from egovplan.analysis.cpm import Schedule, _lower_bounds, bound_of
from egovplan.findings import Finding
from egovplan.graph import Link
from egovplan.numbers import capacity_limit, format_number

_KIND_CLASS = {"priority": 0, "support": 1, None: 2}


@dataclass
class Leveling:
    """A leveled schedule: start months (offsets from the plan's start) of every project."""

    starts: list[int]
    finish: int
    #: Each project's delay against its unleveled early start, and the resource that caused
    #: it (`None` when it was not delayed, or only through its predecessors).
    delays: list[int]
    causes: list[str | None]
    #: resource → used amount in each month 0 … finish-1
    usage: dict[str, list[float]]
    #: Late starts under the same capacities and finish (from the backward pass).
    late_starts: list[int]
    findings: list[Finding] = field(default_factory=list)
    passes: int = 0
    #: How the starts were found: the heuristic's passes, or CP-SAT (`schedule --level
    #: --exact`), and whether CP-SAT proved them shortest (`None` for the heuristic).
    method: str = "heuristic"
    optimal: bool | None = None
    #: The order in which the serial scheme placed the projects to get these starts (the
    #: heuristic's; empty for CP-SAT): placing them again in it, with the same durations,
    #: gives the same starts (`risk --level` relies on it).
    order: list[int] = field(default_factory=list)
    #: Why CP-SAT's answer was not used, where `--exact` gives the heuristic's schedule.
    note: str | None = None


def _inherited_classes(own: list[int], order: list[int],
                       outgoing: list[list[Link]]) -> list[int]:
    """Each project's class for the placing order: its own, or the first class of anything
    that depends on it, directly or not (what a priority project needs before it can start is
    placed as a priority project: a support project must not take the capacity that the
    groundwork of a priority project was waiting for)."""
    ranks = list(own)
    for node in reversed(order):
        for link in outgoing[node]:
            if ranks[link.succ] < ranks[node]:
                ranks[node] = ranks[link.succ]
    return ranks


class _Problem:
    """Arrays for the scheduler: durations, demands, lower bounds, links, capacities."""

    def __init__(self, schedule: Schedule) -> None:
        roadmap = schedule.roadmap
        network = schedule.network
        self.size = len(network)
        self.durations = network.durations
        self.incoming = network.incoming
        self.outgoing = network.outgoing
        self.lower = _lower_bounds(roadmap, network)
        self.resources = list(roadmap.resources)
        self.capacity = [roadmap.resources[r].capacity for r in self.resources]
        position = {r: i for i, r in enumerate(self.resources)}
        self.demand: list[list[tuple[int, float]]] = [
            [(position[r], amount) for r, amount in project.uses.items()
             if r in position and amount > 0]
            for project in roadmap.projects.values()
        ]
        self.order = schedule.order
        self.kind = _inherited_classes([_KIND_CLASS[p.kind] for p in roadmap.projects.values()],
                                       self.order, self.outgoing)
        self.early = schedule.es
        self.late = schedule.ls
        self.ids = network.ids
        self.horizon = schedule.finish + sum(self.durations) + 1


class _Usage:
    """Per-resource use in each month, growing as needed."""

    def __init__(self, count: int, horizon: int) -> None:
        self.used = [[0.0] * horizon for _ in range(count)]

    def _ensure(self, end: int) -> None:
        for row in self.used:
            if len(row) < end:
                row.extend([0.0] * (end - len(row) + 64))

    def blocking(self, demand: list[tuple[int, float]], capacity: list[float], start: int,
                 duration: int) -> tuple[int, int] | None:
        """The first (month, resource) where `demand` does not fit from `start`, if any."""
        self._ensure(start + duration)
        limits = [(resource, amount, capacity_limit(capacity[resource]))
                  for resource, amount in demand]
        for month in range(start, start + duration):
            for resource, amount, limit in limits:
                if self.used[resource][month] + amount > limit:
                    return month, resource
        return None

    def first_fit(self, demand: list[tuple[int, float]], capacity: list[float], earliest: int,
                  duration: int) -> tuple[int, int | None]:
        """The first start from `earliest` where `demand` fits for `duration` months; and the
        resource that first pushed it later, if one did (at the first blocked month of its
        first window, the first in `demand` order).

        Each window is checked from its last month down, and only the months not already
        known to be free: at a blocked month the search jumps past it, so a crowded stretch
        costs one check per window's length of months, and no month is checked twice."""
        if duration == 0 or not demand:
            return earliest, None
        used = self.used
        start = known = earliest  # the months from `start` up to `known` are free
        if len(demand) == 1:
            ((resource, amount),) = demand
            row, limit = used[resource], capacity_limit(capacity[resource])
            size = len(row)
            while True:
                month = start + duration - 1
                if month >= size:
                    self._ensure(month + 1)
                    size = len(row)
                while month >= known and not row[month] + amount > limit:
                    month -= 1
                if month < known:
                    return start, None if start == earliest else resource
                known, start = start + duration, month + 1
        limits = [(used[resource], amount, capacity_limit(capacity[resource]))
                  for resource, amount in demand]
        size = len(used[0])
        while True:
            month = start + duration - 1
            if month >= size:
                self._ensure(month + 1)
                size = len(used[0])
            while month >= known:  # down to a month without room (written out: speed)
                for row, amount, limit in limits:
                    if row[month] + amount > limit:
                        break
                else:
                    month -= 1
                    continue
                break
            if month < known:
                break
            known, start = start + duration, month + 1
        if start == earliest:
            return start, None
        first = self.blocking(demand, capacity, earliest, duration)
        return start, None if first is None else first[1]

    def last_fit(self, demand: list[tuple[int, float]], capacity: list[float], lowest: int,
                 latest: int, duration: int) -> int | None:
        """The last start from `latest` down to `lowest` where `demand` fits for `duration`
        months, if any; found as `first_fit` finds the first, each window checked from its
        first month up."""
        if duration == 0 or not demand:
            return latest
        self._ensure(latest + duration)
        used = self.used
        start, known = latest, latest + duration  # the months from `known` up are free
        if len(demand) == 1:
            ((resource, amount),) = demand
            row, limit = used[resource], capacity_limit(capacity[resource])
            while start >= lowest:
                month = start
                while month < known and not row[month] + amount > limit:
                    month += 1
                if month >= known:
                    return start
                known, start = start, month - duration
            return None
        limits = [(used[resource], amount, capacity_limit(capacity[resource]))
                  for resource, amount in demand]
        while start >= lowest:
            month = start
            while month < known:  # up to a month without room
                for row, amount, limit in limits:
                    if row[month] + amount > limit:
                        break
                else:
                    month += 1
                    continue
                break
            if month >= known:
                return start
            known, start = start, month - duration
        return None

    def add(self, demand: list[tuple[int, float]], start: int, duration: int,
            sign: float = 1.0) -> None:
        end = start + duration
        self._ensure(end)
        for resource, amount in demand:
            row = self.used[resource]
            change = sign * amount
            row[start:end] = [used + change for used in row[start:end]]


def _place(problem: _Problem, usage: _Usage, node: int, earliest: int) -> tuple[int, int | None]:
    """The first start from `earliest` where the project fits; and the resource that first
    pushed it later, if one did."""
    return usage.first_fit(problem.demand[node], problem.capacity, earliest,
                           problem.durations[node])


def _serial(problem: _Problem, keys: list[tuple[float, ...]]
            ) -> tuple[list[int], list[int | None], list[int]]:
    """One pass of the serial scheme: eligible projects placed in the order of `keys`; their
    starts, the resource that first pushed each later, and the order they were placed in."""
    size = problem.size
    start = [0] * size
    cause: list[int | None] = [None] * size
    remaining = [len(links) for links in problem.incoming]
    eligible = [(keys[node], node) for node in range(size) if remaining[node] == 0]
    heapq.heapify(eligible)
    usage = _Usage(len(problem.resources), problem.horizon)
    durations = problem.durations
    placed: list[int] = []
    while eligible:
        _, node = heapq.heappop(eligible)
        placed.append(node)
        earliest = problem.lower[node]
        for link in problem.incoming[node]:
            earliest = max(earliest, bound_of(link, start, durations))
        start[node], cause[node] = _place(problem, usage, node, max(earliest, 0))
        usage.add(problem.demand[node], start[node], durations[node])
        for link in problem.outgoing[node]:
            remaining[link.succ] -= 1
            if remaining[link.succ] == 0:
                heapq.heappush(eligible, (keys[link.succ], link.succ))
    return start, cause, placed


def _makespan(problem: _Problem, start: list[int]) -> int:
    return max((s + d for s, d in zip(start, problem.durations, strict=True)), default=0)


def _backward(problem: _Problem, start: list[int], finish: int,
              pinned: frozenset[int] = frozenset(), *, keep_going: bool = False
              ) -> tuple[list[int], list[int]]:
    """Every project as late as it can go within `finish`: the serial scheme run backwards,
    each project placed once all its successors are (so that its latest start follows from
    theirs), the latest-finishing of those first. `pinned` projects stay at their forward
    starts (their months taken from the outset). Also returned: the projects that found no
    room left at all (projects placed before them took it) — the first only, unless
    `keep_going` (then each stays at its forward start, and the pass goes on)."""
    size = problem.size
    durations = problem.durations
    outgoing = problem.outgoing
    late = list(start)
    remaining = [len(links) for links in outgoing]

    def key(node: int) -> tuple[int, int, int]:  # the latest-finishing first
        return -(start[node] + durations[node]), -start[node], node

    eligible = [key(node) for node in range(size) if not remaining[node]]
    heapq.heapify(eligible)
    usage = _Usage(len(problem.resources), problem.horizon)
    for node in pinned:
        usage.add(problem.demand[node], start[node], durations[node])
    failed: list[int] = []
    while eligible:
        node = heapq.heappop(eligible)[2]
        if node in pinned:
            for link in problem.incoming[node]:
                remaining[link.pred] -= 1
                if not remaining[link.pred]:
                    heapq.heappush(eligible, key(link.pred))
            continue
        latest = finish - durations[node]
        for link in outgoing[node]:
            latest = min(latest, _latest_start(link, late, durations))
        latest = max(latest, start[node])  # never earlier than the forward schedule put it
        # the latest start from `latest` down to its forward start where it fits
        candidate = usage.last_fit(problem.demand[node], problem.capacity, start[node], latest,
                                   durations[node])
        if candidate is None:  # others took its room
            failed.append(node)
            if not keep_going:
                return late, failed
            candidate = start[node]
        else:
            usage.add(problem.demand[node], candidate, durations[node])
        late[node] = candidate
        for link in problem.incoming[node]:
            pred = link.pred
            remaining[pred] -= 1
            if not remaining[pred]:
                heapq.heappush(eligible, key(pred))
    return late, failed


def _latest_start(link: Link, late: list[int], durations: list[int]) -> int:
    """The latest start of `link.pred` that the placed successor allows."""
    pred, succ, kind, lag, _ = link
    if kind == "FS":
        return late[succ] - lag - durations[pred]
    if kind == "SS":
        return late[succ] - lag
    if kind == "FF":
        return late[succ] + durations[succ] - lag - durations[pred]
    return late[succ] + durations[succ] - lag


def late_starts(problem: _Problem, start: list[int], finish: int) -> list[int]:
    """The leveled late starts: `_backward`; where it finds a project with no room left (a
    successor placed first took the months the project cannot leave), that project keeps its
    forward start, its months taken from the outset, and the pass runs again, so that only
    such projects lose their float. Every such project a pass finds is pinned for the next, so
    that independent ones cost one pass more in all; where each pin only reveals the next (a
    chain of them), after `MAX_LATE_PASSES` passes every project keeps its forward start as
    its late start (no float anywhere: safe, if pessimistic) rather than costing a pass each."""
    pinned: set[int] = set()
    for _ in range(MAX_LATE_PASSES):
        late, failed = _backward(problem, start, finish, frozenset(pinned), keep_going=True)
        if not failed:
            return late
        pinned.update(failed)
    return list(start)


#: Backward passes `late_starts` makes at most.
MAX_LATE_PASSES = 16


#: Forward-backward rounds per pass, while each still shortens the schedule.
JUSTIFICATION_ROUNDS = 4


def _improve(problem: _Problem, start: list[int], placed: list[int]
             ) -> tuple[list[int], list[int]]:
    """Forward-backward justification, repeated while it helps: right-justify, then
    left-justify in the order of the right-justified starts. The starts, and the order the
    last forward pass placed them in."""
    best, finish = start, _makespan(problem, start)
    for _ in range(JUSTIFICATION_ROUNDS):
        backward, failed = _backward(problem, best, finish)
        # no right-justified schedule in this order: left-justify from the forward one
        right = list(best) if failed else backward
        keys: list[tuple[float, ...]] = [(problem.kind[n], float(s), float(n))
                                         for n, s in enumerate(right)]
        left, _, order = _serial(problem, keys)
        span = _makespan(problem, left)
        if span >= finish:
            return (best, placed) if span > finish else (left, order)
        best, finish, placed = left, span, order
    return best, placed


def _rule_keys(problem: _Problem, rule: str) -> list[tuple[float, ...]]:
    n = range(problem.size)
    if rule == "lst":
        return [(problem.kind[i], problem.late[i], problem.early[i], i) for i in n]
    if rule == "lft":
        return [(problem.kind[i], problem.late[i] + problem.durations[i], i) for i in n]
    if rule == "est":
        return [(problem.kind[i], problem.early[i], problem.late[i], i) for i in n]
    # most successors first
    return [(problem.kind[i], -len(problem.outgoing[i]), problem.late[i], i) for i in n]


def level(schedule: Schedule, *, effort: int = 40, seed: int = 0) -> Leveling:
    """The leveled schedule of `schedule`'s roadmap (see the module's docstring)."""
    problem = _Problem(schedule)
    findings = _oversized(problem, schedule)
    if findings:
        return Leveling(list(schedule.es), schedule.finish, [0] * problem.size,
                        [None] * problem.size, {}, list(schedule.ls), findings)
    rng = random.Random(seed)  # noqa: S311 - seeded orders for a heuristic, not secrets
    best: tuple[int, list[int], list[int | None], list[int]] | None = None
    rules = ["lst", "lft", "est", "successors"]
    passes = max(effort, 1)
    for number in range(passes):
        if number < len(rules):
            keys = _rule_keys(problem, rules[number])
        else:  # randomised, biased towards least late start
            keys = [(problem.kind[i], problem.late[i] + rng.random() * (1 + problem.durations[i]),
                     i) for i in range(problem.size)]
        start, cause, placed = _serial(problem, keys)
        improved, placed = _improve(problem, start, placed)
        if improved != start:
            start, cause = improved, _causes(problem, improved)
        span = _makespan(problem, start)
        if best is None or span < best[0]:
            best = (span, start, cause, placed)
    assert best is not None  # noqa: S101 - at least one pass ran
    _, start, cause, placed = best
    return leveling_of(problem, schedule, start, cause, passes, order=placed)


def leveling_of(problem: _Problem, schedule: Schedule, start: list[int],
                cause: list[int | None], passes: int = 0, *, order: list[int] | None = None,
                method: str = "heuristic", optimal: bool | None = None) -> Leveling:
    """The `Leveling` of feasible starts: delays and their causes, usage, late starts."""
    span = _makespan(problem, start)
    late = late_starts(problem, start, span)
    usage = _Usage(len(problem.resources), span + 1)
    for node in range(problem.size):
        usage.add(problem.demand[node], start[node], problem.durations[node])
    return Leveling(
        start, span,
        [s - e for s, e in zip(start, schedule.es, strict=True)],
        [None if c is None or s == e else problem.resources[c]
         for c, s, e in zip(cause, start, schedule.es, strict=True)],
        {r: row[:span] for r, row in zip(problem.resources, usage.used, strict=True)},
        late, [], passes, method, optimal, order or [],
    )


def _causes(problem: _Problem, start: list[int]) -> list[int | None]:
    """For a justified schedule: the resource that keeps each project from its precedence-
    feasible start, if one does."""
    usage = _Usage(len(problem.resources), problem.horizon)
    for node in range(problem.size):
        usage.add(problem.demand[node], start[node], problem.durations[node])
    causes: list[int | None] = []
    for node in range(problem.size):
        earliest = max([problem.lower[node], 0,
                        *(bound_of(link, start, problem.durations)
                          for link in problem.incoming[node])])
        if start[node] <= earliest or not problem.demand[node]:
            causes.append(None)
            continue
        usage.add(problem.demand[node], start[node], problem.durations[node], -1.0)
        blocked = usage.blocking(problem.demand[node], problem.capacity, earliest,
                                 problem.durations[node])
        usage.add(problem.demand[node], start[node], problem.durations[node])
        causes.append(None if blocked is None else blocked[1])
    return causes


def _oversized(problem: _Problem, schedule: Schedule) -> list[Finding]:
    """A project that alone uses more than a capacity can never be placed: an error."""
    findings = []
    projects = list(schedule.roadmap.projects.values())
    for node, demand in enumerate(problem.demand):
        estimate = projects[node].estimate
        if not problem.durations[node] and (estimate is None or not estimate.pessimistic):
            continue  # a milestone takes no month (nor can `risk` draw one): it uses nothing
        for resource, amount in demand:
            if amount > capacity_limit(problem.capacity[resource]):
                name = problem.resources[resource]
                findings.append(Finding(
                    "over-capacity", "error",
                    f"project '{problem.ids[node]}' alone uses {format_number(amount)} of "
                    f"resource '{name}' a month, more than its capacity "
                    f"{format_number(problem.capacity[resource])}: no leveling can fit it",
                    subject=(problem.ids[node], name),
                ))
    return findings
