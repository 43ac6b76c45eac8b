"""Dependency cycles: which are spelt out, and that finding them costs linear time per search."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from egovplan import api
from egovplan.graph import _shortest_cycles


def _canonical(cycle: list[str]) -> tuple[str, ...]:
    first = cycle.index(min(cycle))
    return tuple(cycle[first:] + cycle[:first])


@st.composite
def strongly_connected(draw: st.DrawFn) -> nx.DiGraph[str]:
    """A strongly connected graph: a ring through every node, and chords."""
    size = draw(st.integers(2, 9))
    nodes = [f"n{number}" for number in range(size)]
    order = draw(st.permutations(nodes))
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(zip(order, order[1:] + order[:1], strict=True))
    pairs = st.tuples(st.sampled_from(nodes), st.sampled_from(nodes))
    graph.add_edges_from((a, b) for a, b in draw(st.lists(pairs, max_size=12)) if a != b)
    return graph


@settings(max_examples=300, deadline=None)
@given(strongly_connected(), st.integers(1, 7))
def test_the_cycles_found_are_real_the_shortest_first_and_enough(graph: nx.DiGraph[str],
                                                                 wanted: int) -> None:
    """Every cycle returned is an elementary cycle of the graph, none twice; the first is as
    short as any; at least `wanted` are returned when the graph has that many, else all; and
    the shortest cycle through each node is among them."""
    every = {_canonical(cycle) for cycle in nx.simple_cycles(graph)}
    found = _shortest_cycles(graph, wanted)
    keys = [_canonical(cycle) for cycle in found]
    assert len(set(keys)) == len(keys)
    assert set(keys) <= every
    assert [len(cycle) for cycle in found] == sorted(len(cycle) for cycle in found)
    assert len(found[0]) == min(len(cycle) for cycle in every)
    assert len(found) >= min(wanted, len(every))
    for node in graph:
        through = min(len(cycle) for cycle in every if node in cycle)
        assert any(node in cycle and len(cycle) == through for cycle in found)


def _ring(size: int, reach: int) -> str:
    text = 'format = 1\n[roadmap]\nid = "r"\ntitle = "Ring"\nstart = "2020-01"\n'
    for number in range(size):
        deps = ", ".join(f'"p{(number + step) % size}"' for step in range(1, reach + 1))
        text += f'[projects.p{number}]\ntitle = "P"\nduration = 1\ndepends_on = [{deps}]\n'
    return text


def test_a_ring_of_hundreds_of_projects_is_reported_at_once() -> None:
    """800 projects each depending on the next two: every cycle is about 400 long. A search
    for the shortest cycles by growing length bounds took over three minutes here; now the
    five shortest are spelt out (findings in file order) and one more says there are more."""
    checked = api.check_bytes(_ring(800, 2).encode(), "ring.toml")
    cycles = [f for f in checked.findings if f.code == "dependency-cycle"]
    assert len(cycles) == 6
    assert "depend on each other in more cycles than the 5 shown" in cycles[0].message
    # the two cycles of 400 steps of two, then three of the many with one step of one
    assert sorted(len(f.subject) for f in cycles[1:]) == [400, 400, 401, 401, 401]
