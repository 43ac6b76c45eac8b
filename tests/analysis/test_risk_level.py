"""`risk --level`: every iteration's schedule checked by an independent feasibility checker."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from egovplan.analysis.cpm import compute
from egovplan.analysis.level import _Problem, level
from egovplan.analysis.risk import sample_durations, simulate
from egovplan.analysis.risk_level import _Block, activity_order, simulate_leveled
from egovplan.graph import build_network
from egovplan.model.roadmap import Roadmap
from tests.helpers import check_feasible, roadmap

from ..conftest import ROOT, run_cli


def cpm_finish(model: Roadmap, durations: list[float]) -> float:
    """The unconstrained finish for these durations (a plain fixed-point forward pass)."""
    begin = model.roadmap.start
    ids = list(model.projects)
    start: dict[str, float] = dict.fromkeys(ids, 0)
    for _ in range(len(ids) + 1):
        for index, (project_id, project) in enumerate(model.projects.items()):
            d = durations[index]
            low: float = 0
            if project.not_before is not None:
                low = max(low, project.not_before - begin)
            if project.phase is not None:
                low = max(low, model.phases[project.phase].start - begin)
            for dep in project.dependencies:
                pd = durations[ids.index(dep.id)]
                ps = start[dep.id]
                low = max(low, {"FS": ps + pd + dep.lag, "SS": ps + dep.lag,
                                "FF": ps + pd + dep.lag - d, "SF": ps + dep.lag - d}[dep.type])
            start[project_id] = low
    return max((start[i] + durations[n] for n, i in enumerate(ids)), default=0)


@st.composite
def uncertain_resource_roadmaps(draw: st.DrawFn) -> str:
    size = draw(st.integers(1, 8))
    capacity = draw(st.integers(1, 6))
    lines = ['[resources.team]', f"capacity = {capacity}",
             "[phases.p]", 'start = "2000-03"', 'end = "2003-12"']
    for index in range(size):
        duration = draw(st.integers(0, 6))
        lines += [f"[projects.p{index}]", f'title = "P{index}"', f"duration = {duration}",
                  f"uses = {{ team = {draw(st.integers(0, capacity))} }}",
                  f'kind = "{draw(st.sampled_from(["priority", "support"]))}"']
        if duration and draw(st.booleans()):
            low = draw(st.integers(1, duration))
            high = draw(st.integers(duration, duration + 6))
            lines.append(f"estimate = {{ optimistic = {low}, likely = {duration}, "
                         f"pessimistic = {high} }}")
        if index and draw(st.booleans()):
            pred = draw(st.integers(0, index - 1))
            kind = draw(st.sampled_from(["FS", "SS", "FF", "SF"]))
            lines.append(f'depends_on = [{{ id = "p{pred}", type = "{kind}", '
                         f"lag = {draw(st.integers(-6, 4))} }}]")
        if draw(st.booleans()):
            lines.append('phase = "p"')
        if draw(st.booleans()):
            lines.append(f'not_before = "2000-0{draw(st.integers(1, 9))}"')
    return "\n".join(lines) + "\n"


def placed(model: Roadmap, iterations: int, seed: int = 0) -> tuple[_Block, list[int]]:
    """One block of leveled iterations, as `simulate_leveled` places them."""
    schedule = compute(model, build_network(model))
    leveling = level(schedule, effort=8)
    problem = _Problem(schedule)
    drawn = sample_durations(schedule, iterations, np.random.default_rng(seed), "pert")
    block = _Block(problem, drawn, 2 * leveling.finish + 12)
    order = leveling.order
    for node in order:
        block.place(node)
    return block, order


@settings(max_examples=60, deadline=None)
@given(uncertain_resource_roadmaps(), st.integers(0, 2**16))
def test_every_iteration_is_feasible_and_never_earlier_than_cpm(text: str, seed: int) -> None:
    model = roadmap(text)
    block, _ = placed(model, 12, seed)
    for column in range(block.width):
        starts = [float(s) for s in block.start[:, column]]
        durations = [float(d) for d in block.durations[:, column]]
        check_feasible(model, starts, durations)
        finish = max((s + d for s, d in zip(starts, durations, strict=True)), default=0)
        assert finish >= cpm_finish(model, durations) - 1e-9


@settings(max_examples=60, deadline=None)
@given(uncertain_resource_roadmaps())
def test_fixed_durations_reproduce_schedule_level(text: str) -> None:
    model = roadmap(text.replace("estimate =", "# estimate ="))
    schedule = compute(model, build_network(model))
    leveling = level(schedule, effort=8)
    block, _ = placed(model, 3)
    for column in range(3):
        assert [int(s) for s in block.start[:, column]] == leveling.starts
    result = simulate_leveled(schedule, leveling, iterations=50)
    assert result.percentiles[50] == result.percentiles[95] == leveling.finish


@settings(max_examples=60, deadline=None)
@given(uncertain_resource_roadmaps(), st.integers(0, 2**16))
def test_with_room_for_everything_level_changes_nothing(text: str, seed: int) -> None:
    """Where no resource holds anything back, `risk --level` is `risk`: the same drawn
    durations give the same finishes, percentiles, deadline chances and critical projects
    (durations are not rounded to whole months)."""
    model = roadmap(re.sub(r"capacity = \d+", "capacity = 1000", text))
    schedule = compute(model, build_network(model))
    plain = simulate(schedule, iterations=64, seed=seed)
    leveled = simulate_leveled(schedule, level(schedule, effort=8), iterations=64, seed=seed)
    assert leveled.durations == plain.durations
    assert leveled.percentiles == plain.percentiles
    assert leveled.deadlines == plain.deadlines
    assert [p.criticality for p in leveled.projects] == [p.criticality for p in plain.projects]


def test_a_lead_that_the_leveled_start_order_would_break() -> None:
    # found in review: p2 starts before p0 in the leveled schedule, yet p0 must be placed
    # first, since p1 (which starts first of all, by a lead of 4) waits for it; placing by
    # start order would let p2 take p1's room. The leveling's own placing order keeps it.
    model = roadmap("""
    [resources.team]
    capacity = 2
    [projects.p0]
    title = "P0"
    duration = 2
    uses = { team = 1 }
    not_before = "2000-04"
    [projects.p1]
    title = "P1"
    duration = 1
    uses = { team = 2 }
    depends_on = [{ id = "p0", type = "FS", lag = -4 }]
    [projects.p2]
    title = "P2"
    duration = 3
    uses = { team = 1 }
    """)
    schedule = compute(model, build_network(model))
    leveling = level(schedule)
    assert leveling.starts == [3, 1, 2]
    assert leveling.order.index(0) < leveling.order.index(2)
    result = simulate_leveled(schedule, leveling, iterations=20)
    assert result.percentiles[95] == leveling.finish == 5


def test_activity_order_puts_predecessors_first() -> None:
    model = roadmap("""
    [projects.a]
    title = "A"
    duration = 4
    [projects.b]
    title = "B"
    duration = 2
    depends_on = [{ id = "a", type = "SS", lag = -3 }]
    """)
    schedule = compute(model, build_network(model))
    problem = _Problem(schedule)
    # b may start before a (a lead), yet a is placed first: b's bound needs a's start
    assert activity_order(problem, [3, 0]) == [0, 1]


CONTENTION = """
[resources.team]
capacity = 10
[projects.parking-app]
title = "Parking app"
duration = 6
uses = { team = 6 }
[projects.traffic-sensors]
title = "Traffic sensors"
duration = 12
uses = { team = 4 }
[projects.open-data-portal]
title = "Open data portal"
duration = 9
uses = { team = 5 }
"""


def test_criticality_follows_resource_hand_overs() -> None:
    # the portal waits for the app's developers: app → portal is the critical chain, though
    # no dependency joins them; the sensors have room to spare
    model = roadmap(CONTENTION)
    schedule = compute(model, build_network(model))
    result = simulate_leveled(schedule, level(schedule), iterations=100)
    assert result.leveled
    criticality = {p.id: p.criticality for p in result.projects}
    assert criticality == {"parking-app": 1.0, "traffic-sensors": 0.0, "open-data-portal": 1.0}
    assert result.percentiles[10] == 15


def test_criticality_through_dependencies_and_resources() -> None:
    # the portal now also waits for a design; the app takes the team first (0-6), the
    # portal follows it (6-15) and a launch follows the portal (15-16)
    text = CONTENTION.replace("duration = 9\n", 'duration = 9\ndepends_on = ["design"]\n')
    model = roadmap(text + """
    [projects.design]
    title = "Design"
    duration = 2
    [projects.launch]
    title = "Launch"
    duration = 1
    depends_on = ["open-data-portal"]
    """)
    schedule = compute(model, build_network(model))
    result = simulate_leveled(schedule, level(schedule), iterations=10)
    criticality = {p.id: p.criticality for p in result.projects}
    # app → portal (resource hand-over) → launch (dependency); the design is done early
    assert criticality == {"parking-app": 1.0, "traffic-sensors": 0.0,
                           "open-data-portal": 1.0, "design": 0.0, "launch": 1.0}
    assert result.percentiles[50] == 16


def test_a_hand_over_counts_only_through_the_resource_that_held_back() -> None:
    # b waits for a's r0; x shares only r1 with b, which always had room: x is not critical
    model = roadmap("""
    [resources.r0]
    capacity = 1
    [resources.r1]
    capacity = 1
    [projects.a]
    title = "A"
    duration = 3
    uses = { r0 = 1 }
    [projects.x]
    title = "X"
    duration = 3
    uses = { r1 = 0.1 }
    [projects.b]
    title = "B"
    duration = 2
    uses = { r0 = 1, r1 = 0.1 }
    """)
    schedule = compute(model, build_network(model))
    result = simulate_leveled(schedule, level(schedule), iterations=10)
    assert {p.id: p.criticality for p in result.projects} == {"a": 1.0, "x": 0.0, "b": 1.0}


def test_uncertainty_under_leveling_moves_the_finish() -> None:
    text = CONTENTION.replace(
        "duration = 6\n", "duration = 6\nestimate = { optimistic = 4, likely = 6, "
        "pessimistic = 14 }\n", 1)
    model = roadmap(text)
    schedule = compute(model, build_network(model))
    result = simulate_leveled(schedule, level(schedule), iterations=4000, seed=1)
    # the leveled order gives the team to the portal (0-9) and the sensors first; the app
    # waits for the portal: the finish is 9 + the app's drawn length (not rounded), or the
    # sensors' 12
    drawn = sample_durations(schedule, 4000, np.random.Generator(np.random.PCG64(1)), "pert")
    expected = np.maximum(drawn[0] + 9, 12)
    assert result.mean_months == float(expected.mean())
    sensitivity = {p.id: p.sensitivity for p in result.projects}
    assert sensitivity["parking-app"] > 0.9


def test_cli_risk_level_json_is_deterministic_and_marked() -> None:
    path = str(ROOT / "examples" / "resources.toml")
    first = run_cli("risk", "--level", "-n", "500", "--format", "json", path)
    second = run_cli("risk", "--level", "-n", "500", "--format", "json", path)
    assert first.code == 0, first.err
    assert first.out == second.out
    document = json.loads(first.out)
    assert document["leveled"] is True
    assert document["finish"]["p50"] == "2026-03"
    plain = json.loads(run_cli("risk", "-n", "500", "--format", "json", path).out)
    assert plain["leveled"] is False
    assert plain["finish"]["p50"] == "2025-12"


def test_cli_risk_level_of_an_oversized_project(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "big.toml"
    path.write_text('format = 1\n[roadmap]\nid = "r"\ntitle = "R"\nstart = "2020-01"\n'
                    "[resources.team]\ncapacity = 2\n"
                    '[projects.a]\ntitle = "A"\nduration = 3\nuses = { team = 5 }\n',
                    encoding="utf-8")
    result = run_cli("risk", "--level", str(path))
    assert result.code == 1
    assert "alone uses 5 of resource 'team'" in result.err


def test_phase_chances_under_level_take_the_leveled_phases(tmp_path: Path) -> None:
    """C, in no phase, starts inside phase one unleveled but after it leveled: as in
    `schedule --level`, it is not the phase's, and the phase (A and B, fixed durations) ends
    in time in every iteration."""
    from tests.conftest import run_cli

    text = """format = 1
[roadmap]
id = "x"
title = "X"
start = "2025-01"
[resources.team]
title = "T"
capacity = 1
[phases.one]
title = "One"
start = "2025-01"
end = "2025-09"
[projects.a]
title = "A"
kind = "priority"
phase = "one"
duration = 6
uses = { team = 1 }
[projects.b]
title = "B"
kind = "support"
phase = "one"
duration = 3
uses = { team = 1 }
[projects.c]
title = "C"
duration = 2
depends_on = ["b"]
"""
    path = tmp_path / "phases.toml"
    path.write_text(text, encoding="utf-8")
    document = json.loads(run_cli("risk", "--level", "--format", "json", str(path)).out)
    assert document["deadlines"] == []  # the contract's: the projects' finish_by
    assert document["phase_ends"] == [{"id": "one", "end": "2025-09", "probability": 1.0}]


def test_blocks_of_any_width_give_the_same_report(monkeypatch: object) -> None:
    """A plan of centuries is placed a few iterations at a time (memory); the iterations are
    independent, so the report is the same as in one block."""
    import pytest

    from egovplan.analysis import risk_level

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    text = CONTENTION.replace(
        "duration = 6\n", "duration = 6\nestimate = { optimistic = 4, likely = 6, "
        "pessimistic = 14 }\n", 1)
    model = roadmap(text)
    schedule = compute(model, build_network(model))
    leveling = level(schedule)
    whole = simulate_leveled(schedule, leveling, iterations=300, seed=3)
    assert risk_level.block_width(2 * leveling.finish + 12, 1) >= 300  # one block
    monkeypatch.setattr(risk_level, "BLOCK_BYTES", 8 * 42 * 17)  # 17 iterations a block
    assert risk_level.block_width(42, 1) == 17
    assert simulate_leveled(schedule, leveling, iterations=300, seed=3) == whole
    assert risk_level.block_width(10**9, 3) == 16  # never fewer than 16


def test_a_plan_of_centuries_is_placed_in_narrower_blocks() -> None:
    from egovplan.analysis.risk_level import BLOCK, block_width

    assert block_width(500, 2) == BLOCK
    assert block_width(48_000, 1) == 256 * 2**20 // (8 * 48_000)


def test_a_phase_and_a_project_of_one_id_never_share_the_deadlines(tmp_path: Path) -> None:
    """The contract's `deadlines` are the projects' `finish_by`: a phase `p` and a project `p`
    gave two entries of id "p" with contradicting chances; the phase's end is under
    `phase_ends`."""
    text = ('format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2000-01"\n'
            '[phases.p]\nstart = "2000-01"\nend = "2000-02"\n'
            '[projects.p]\ntitle = "P"\nduration = 3\nphase = "p"\nfinish_by = "2000-06"\n'
            'estimate = { optimistic = 3, likely = 3, pessimistic = 3 }\n')
    path = tmp_path / "same-id.toml"
    path.write_text(text, encoding="utf-8")
    document = json.loads(run_cli("risk", "-n", "100", "--format", "json", str(path)).out)
    assert document["deadlines"] == [
        {"id": "p", "kind": "project", "finish_by": "2000-06", "probability": 1.0}]
    assert document["phase_ends"] == [{"id": "p", "end": "2000-02", "probability": 0.0}]
