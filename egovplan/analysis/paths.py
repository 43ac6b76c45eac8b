"""Critical paths: chains of critical projects joined by driving dependencies.

A path starts at a critical project that no dependency drives (it starts at month 0, at its
`not_before` or at its phase's start), follows driving dependencies between critical projects
and ends at a project whose early finish is the plan's finish. A path is extended as long as a
driving dependency leads on to a critical project from which the finish can still be reached,
so no reported path is a prefix of another.

Paths can be exponentially many. They are counted by dynamic programming over the DAG (capped
at `COUNT_CAP`) and enumerated lazily, in the contract's order: by the first project's start,
then by the ids along the path.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from egovplan.analysis.cpm import Schedule

#: Counts above this are reported as "more than" it rather than computed exactly.
COUNT_CAP = 10**18
#: The listed paths hold at most this many steps in all (projects, counted along each path):
#: a `--max-paths` beyond any count lists what fits in memory and output of some hundreds of
#: megabytes, not a number of paths that grows exponentially with the roadmap (2^70 for 70
#: pairs of parallel critical projects, which took 20 GB in a minute and wrote nothing).
MAX_LISTED_STEPS = 5_000_000


@dataclass(frozen=True)
class CriticalPaths:
    """The first `len(paths)` critical paths, and how many there are in all."""

    paths: list[list[int]]
    #: The number of critical paths, or `None` when there are more than `COUNT_CAP`.
    count: int | None

    @property
    def truncated(self) -> bool:
        return self.count is None or self.count > len(self.paths)


class _PathGraph:
    """The critical projects and the driving links between them, as successor lists."""

    def __init__(self, schedule: Schedule) -> None:
        network = schedule.network
        size = len(network)
        critical = [total <= 0 for total in schedule.total_float]
        self.next: list[list[int]] = [[] for _ in range(size)]
        self.driven = [False] * size
        for node in range(size):
            if not critical[node]:
                continue  # only critical projects can be on a path
            links = schedule.driving(node)
            self.driven[node] = bool(links)
            # a path is a chain of projects: two driving dependencies on the same project
            # (say FS and SS+3 on 'a') join the same two projects once
            for pred in dict.fromkeys(link.pred for link in links):
                if critical[pred]:
                    self.next[pred].append(node)
        # `good`: critical, and the plan's finish is reachable along driving links
        good = [False] * size
        for node in reversed(schedule.order):
            if critical[node]:
                self.next[node] = [succ for succ in self.next[node] if good[succ]]
                good[node] = bool(self.next[node]) or schedule.ef[node] == schedule.finish
        ids = network.ids
        for successors in self.next:
            successors.sort(key=ids.__getitem__)
        self.sources = sorted(
            (node for node in range(size) if good[node] and not self.driven[node]),
            key=lambda node: (schedule.es[node], ids[node]),
        )
        self.order = schedule.order
        self.good = good

    def count(self) -> int | None:
        paths = [0] * len(self.next)
        for node in reversed(self.order):
            if not self.good[node]:
                continue
            successors = self.next[node]
            total = sum(paths[succ] for succ in successors) if successors else 1
            paths[node] = min(total, COUNT_CAP + 1)
        total = min(sum(paths[node] for node in self.sources), COUNT_CAP + 1)
        return None if total > COUNT_CAP else total

    def walk(self) -> Iterator[list[int]]:
        """Every path, lazily, depth first, children in id order."""
        for source in self.sources:
            path = [source]
            stack = [iter(self.next[source])]
            while stack:
                if not self.next[path[-1]] and len(path) == len(stack):
                    yield list(path)
                succ = next(stack[-1], None)
                if succ is None:
                    stack.pop()
                    path.pop()
                    continue
                path.append(succ)
                stack.append(iter(self.next[succ]))


def critical_paths(schedule: Schedule, limit: int = 10) -> CriticalPaths:
    """The first `limit` critical paths in the contract's order, and their number; fewer
    when the paths would hold more than `MAX_LISTED_STEPS` steps in all (the first path is
    always listed)."""
    graph = _PathGraph(schedule)
    # a limit past what `islice` takes (a 20-digit --max-paths) is no limit at all
    stop = min(max(limit, 0), sys.maxsize)
    listed: list[list[int]] = []
    steps = 0
    for path in islice(graph.walk(), stop):
        steps += len(path)
        if listed and steps > MAX_LISTED_STEPS:
            break
        listed.append(path)
    return CriticalPaths(listed, graph.count())
