"""The dependency graph of a roadmap.

The graph is held twice over, each form where it is cheapest: as integer arrays (projects in
file order, each with its incoming links) that the schedule's loops walk in linear time, and,
built on demand, as a `networkx.DiGraph` for graph algorithms (cycle enumeration, exports).
`networkx` takes about a quarter of a second to import, so it is imported only when a
`DiGraph` is asked for: validating a small roadmap never pays for it.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, NamedTuple

from egovplan.model.roadmap import ProjectColumns, Roadmap, project_columns

if TYPE_CHECKING:
    import networkx as nx

    from egovplan.analysis.cpm import Schedule

LinkType = Literal["FS", "SS", "FF", "SF"]


class Link(NamedTuple):
    """Project `pred` must come before project `succ` as `type` with `lag` says.

    A named tuple: roadmaps hold hundreds of thousands of links, and the schedule's loops
    unpack them."""

    pred: int
    succ: int
    type: LinkType
    lag: int
    #: The index of this link in the successor's `depends_on` list.
    position: int


@dataclass
class Network:
    """Projects (by index, in file order) and the links between the ones that exist."""

    ids: list[str]
    index: dict[str, int]
    durations: list[int]
    links: list[Link]
    incoming: list[list[Link]] = field(default_factory=list)
    outgoing: list[list[Link]] = field(default_factory=list)
    #: Dependencies left out: (project, position in its `depends_on`, the id it names) for ids
    #: that name no project, and for a project naming itself.
    unknown: list[tuple[int, int, str]] = field(default_factory=list)
    itself: list[tuple[int, int]] = field(default_factory=list)
    #: The projects' values as the graph was built from them (`project_columns`); empty
    #: lists for a network made by hand.
    columns: ProjectColumns = field(default_factory=ProjectColumns.empty, repr=False,
                                    compare=False)
    _order: tuple[list[int], list[int]] | None = field(default=None, repr=False)
    #: The early schedule, once computed (`egovplan.analysis.cpm.compute` keeps it here, so
    #: that the checks and the schedule share it).
    schedule: Schedule | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.incoming:
            self.incoming = [[] for _ in self.ids]
            self.outgoing = [[] for _ in self.ids]
            incoming, outgoing = self.incoming, self.outgoing
            for link in self.links:
                incoming[link[1]].append(link)
                outgoing[link[0]].append(link)

    def __len__(self) -> int:
        return len(self.ids)

    def topological_order(self) -> tuple[list[int], list[int]]:
        """Kahn's order, ties in file order; and the projects left over, which lie on or
        behind a cycle (empty when the graph is acyclic). Computed once."""
        if self._order is None:
            self._order = self._kahn()
        return self._order

    def _kahn(self) -> tuple[list[int], list[int]]:
        remaining = [len(links) for links in self.incoming]
        outgoing = self.outgoing
        queue = deque(node for node, count in enumerate(remaining) if count == 0)
        order: list[int] = []
        append, popleft = order.append, queue.popleft
        while queue:
            node = popleft()
            append(node)
            for link in outgoing[node]:
                succ = link[1]
                remaining[succ] -= 1
                if not remaining[succ]:
                    queue.append(succ)
        if len(order) == len(self.ids):
            return order, []
        placed = set(order)
        return order, [node for node in range(len(self.ids)) if node not in placed]

    def to_networkx(self, nodes: list[int] | None = None) -> nx.DiGraph[str]:
        """A `networkx.DiGraph` keyed by project id (of `nodes` only, when given)."""
        import networkx as nx

        graph: nx.DiGraph[str] = nx.DiGraph()
        chosen = range(len(self.ids)) if nodes is None else nodes
        keep = set(chosen)
        graph.add_nodes_from(self.ids[node] for node in chosen)
        graph.add_edges_from(
            (self.ids[link.pred], self.ids[link.succ], {"type": link.type, "lag": link.lag})
            for link in self.links
            if link.pred in keep and link.succ in keep
        )
        return graph


def build_network(roadmap: Roadmap) -> Network:
    """The network of `roadmap`'s projects; links to unknown projects and to the project
    itself are left out (the checks report them)."""
    ids = list(roadmap.projects)
    index = {project_id: number for number, project_id in enumerate(ids)}
    columns = project_columns(roadmap)
    durations = list(columns.duration)
    links: list[Link] = []
    incoming: list[list[Link]] = []
    outgoing: list[list[Link]] = [[] for _ in ids]
    unknown: list[tuple[int, int, str]] = []
    itself: list[tuple[int, int]] = []
    lookup, new = index.get, tuple.__new__
    for succ, depends_on in enumerate(columns.depends_on):
        mine: list[Link] = []
        for position, item in enumerate(depends_on):
            if isinstance(item, str):
                name, kind, lag = item, "FS", 0
            else:
                name, kind, lag = item["id"], item.get("type", "FS"), item.get("lag", 0)
            pred = lookup(name)
            if pred is None:
                unknown.append((succ, position, name))
            elif pred == succ:
                itself.append((succ, position))
            else:
                link = new(Link, (pred, succ, kind, lag, position))
                mine.append(link)
                outgoing[pred].append(link)
        incoming.append(mine)
        links += mine
    return Network(ids, index, durations, links, incoming, outgoing, unknown, itself,
                   columns=columns)


@dataclass(frozen=True)
class CycleGroup:
    """The projects of one strongly connected component and the elementary cycles among them,
    each in depends-on order (each project depends on the next, the last on the first),
    starting at its project that comes first in the file."""

    members: list[int]
    cycles: list[list[int]]
    #: Whether the component holds more cycles than are listed.
    more: bool


def find_cycles(network: Network, leftover: list[int], per_component: int) -> list[CycleGroup]:
    """The cycles among `leftover` projects, at most `per_component` from each strongly
    connected component, components in file order."""
    import networkx as nx

    graph = network.to_networkx(leftover)
    components = sorted(
        sorted(network.index[node] for node in component)
        for component in nx.strongly_connected_components(graph) if len(component) > 1
    )
    groups = []
    for members in components:
        subgraph = graph.subgraph(network.ids[node] for node in members)
        found = _shortest_cycles(subgraph, per_component + 1)
        cycles = []
        for cycle in found:
            nodes = [network.index[node] for node in reversed(cycle)]
            first = nodes.index(min(nodes))
            cycles.append(nodes[first:] + nodes[:first])
        cycles.sort(key=lambda cycle: (len(cycle), cycle))
        groups.append(CycleGroup(members, cycles[:per_component], len(cycles) > per_component))
    return groups


#: The breadth-first searches for short cycles in one group of projects that depend on each
#: other stop after this much work in all (links followed, and the lengths of the cycles
#: found): a group of thousands of projects is searched from its first projects in file order
#: only.
CYCLE_SEARCH_BUDGET = 2_000_000


def _shortest_cycles(graph: nx.DiGraph[str], wanted: int) -> list[list[str]]:
    """Elementary cycles of a strongly connected `graph`, the shortest among them first found:
    from each project in turn (in file order, within `CYCLE_SEARCH_BUDGET`, which counts the
    links followed and the cycles' lengths), a breadth-first search finds the shortest ways
    back to it (one through each dependent at the least distance), each a cycle;
    then the first `wanted` cycles of Johnson's algorithm are added, so that at least `wanted`
    are returned wherever the group holds that many (and every cycle where it holds fewer).
    Both cost time linear in the group's size for each search or cycle (a bounded search for
    the shortest cycles of all, as once used, could take minutes on a ring of 800 projects)."""
    import networkx as nx

    nodes = list(graph)
    successors = {node: list(graph.successors(node)) for node in nodes}
    found: dict[tuple[str, ...], list[str]] = {}

    def keep(cycle: list[str]) -> None:
        first = cycle.index(min(cycle))
        found.setdefault(tuple(cycle[first:] + cycle[:first]), cycle)

    spent = 0
    for start in nodes:
        if spent > CYCLE_SEARCH_BUDGET:
            break
        parent: dict[str, str | None] = {start: None}
        depth = {start: 0}
        queue: list[str] = [start]
        closing: list[str] = []
        for node in queue:  # the queue grows as it is read: breadth first
            if closing and depth[node] > depth[closing[0]]:
                break  # every way back found from here on would be longer
            for after in successors[node]:
                spent += 1
                if after == start:
                    closing.append(node)
                elif after not in parent:
                    parent[after] = node
                    depth[after] = depth[node] + 1
                    queue.append(after)
        for last in closing:  # the shortest ways back only, each a cycle as long as any
            path: list[str] = []
            step: str | None = last
            while step is not None:
                path.append(step)
                step = parent[step]
            spent += len(path)
            keep(path[::-1])
    for cycle in itertools.islice(nx.simple_cycles(graph), wanted):
        keep(cycle)
    return sorted(found.values(), key=len)
