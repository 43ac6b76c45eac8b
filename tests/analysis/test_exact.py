"""Exact leveling (CP-SAT): feasible, never longer than the heuristic, optimal where known."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings

from egovplan import api
from egovplan.analysis.cpm import compute
from egovplan.analysis.level import level
from egovplan.graph import build_network
from tests.helpers import HEADER, roadmap

from ..conftest import ROOT, run_cli
from .test_level import check_leveling, resource_roadmaps

pytest.importorskip("ortools.sat.python.cp_model")

from egovplan.analysis.exact import ROUNDED_INFEASIBLE, ROUNDED_OVER, level_exact

sys.path.insert(0, str(ROOT / "bench"))

from psplib import DATA, roadmap_from_sm


@settings(max_examples=40, deadline=None)
@given(resource_roadmaps())
def test_exact_is_feasible_and_never_longer_than_the_heuristic(text: str) -> None:
    model = roadmap(text)
    cpm = compute(model, build_network(model))
    heuristic = level(cpm, effort=8)
    exact = level_exact(cpm, time_limit=2, effort=8)
    check_leveling(model, exact)
    assert cpm.finish <= exact.finish <= heuristic.finish
    assert exact.method == "cp-sat"
    if exact.optimal:  # nothing feasible is shorter: the heuristic with more effort agrees
        assert exact.finish <= level(cpm, effort=60).finish


def test_priority_projects_start_first_within_the_shortest_finish() -> None:
    # a and b each need the whole team for 3 months: either order takes 6 months; the priority
    # project goes first although it comes second in the file
    model = roadmap("""
    [resources.team]
    capacity = 2
    [projects.a]
    title = "A"
    kind = "support"
    duration = 3
    uses = { team = 2 }
    [projects.b]
    title = "B"
    kind = "priority"
    duration = 3
    uses = { team = 2 }
    """)
    exact = level_exact(compute(model, build_network(model)))
    assert exact.finish == 6
    assert exact.optimal
    assert exact.starts == [3, 0]
    assert exact.causes == ["team", None]


def test_fractional_amounts_never_overflow_a_capacity() -> None:
    # 0.1 + 0.2 > 0.3 in binary floating point: the scaled model must not place both at once
    # if that would exceed the capacity as the feasibility checker computes it
    model = roadmap("""
    [resources.budget]
    capacity = 0.3
    [projects.a]
    title = "A"
    duration = 2
    uses = { budget = 0.1 }
    [projects.b]
    title = "B"
    duration = 2
    uses = { budget = 0.2 }
    """)
    exact = level_exact(compute(model, build_network(model)))
    check_leveling(model, exact)


@pytest.mark.parametrize(("name", "optimum", "heuristic_at_effort_8"),
                         [("j3021_8.sm", 62, 71), ("j305_2.sm", 82, 88)])
def test_psplib_instances_the_heuristic_misses(name: str, optimum: int,
                                               heuristic_at_effort_8: int) -> None:
    if not DATA.exists():
        pytest.skip("the PSPLIB data is not beside the repository")
    checked = api.check_bytes(roadmap_from_sm((DATA / name).read_text()).encode())
    assert checked.roadmap is not None
    cpm = compute(checked.roadmap, build_network(checked.roadmap))
    assert level(cpm, effort=8).finish == heuristic_at_effort_8
    exact = level_exact(cpm, time_limit=4, effort=8)
    check_leveling(checked.roadmap, exact)
    assert exact.finish == optimum
    assert exact.optimal


def test_cli_exact_json_table_and_determinism() -> None:
    first = run_cli("schedule", "--level", "--exact", "--format", "json",
                    "examples/korea-egov-scenario.toml")
    assert first.code == 0, first.err
    document = json.loads(first.out)
    assert document["leveling"] == {"method": "cp-sat", "optimal": True}
    assert document["finish"] == "2004-03"  # the heuristic's finish, now proven shortest
    second = run_cli("schedule", "--level", "--exact", "--format", "json",
                     "examples/korea-egov-scenario.toml")
    assert second.out == first.out
    heuristic = json.loads(run_cli("schedule", "--level", "--format", "json",
                                   "examples/korea-egov-scenario.toml").out)
    assert heuristic["leveling"] == {"method": "heuristic", "optimal": None}
    table = run_cli("schedule", "--level", "--exact", "examples/resources.toml")
    assert "Leveling: finish 2026-03 (15 months); 1 of 3 projects delayed (CP-SAT: proven " \
           "shortest)" in table.out


def test_cli_exact_needs_level_and_ortools(tmp_path: Path) -> None:
    alone = run_cli("schedule", "--exact", "examples/resources.toml")
    assert (alone.code, alone.err) == (2, "egovplan: error: --exact needs --level\n")
    # a stand-in `ortools` package that fails to import, ahead of the real one
    fake = tmp_path / "ortools"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise ImportError('no OR-Tools here')\n")
    missing = run_cli("schedule", "--level", "--exact", "examples/resources.toml",
                      env={"PYTHONPATH": str(tmp_path)})
    assert missing.code == 2
    assert missing.err == ("egovplan: error: exact leveling needs OR-Tools: pip install "
                           "'egovplan[solver]'\n")


def test_a_budget_past_int64_millionths_is_solved() -> None:
    """Capacities above about 9.2e12 (a budget in KRW) overflowed CP-SAT's integers once
    scaled to millionths (an internal error): such a resource is scaled down instead."""
    model = roadmap("""
    [resources.budget]
    capacity = 10_000_000_000_000
    [projects.a]
    title = "A"
    duration = 3
    uses = { budget = 6_000_000_000_000 }
    [projects.b]
    title = "B"
    duration = 2
    uses = { budget = 5_000_000_000_000 }
    """)
    result = level_exact(compute(model, build_network(model)))
    assert (result.method, result.optimal, result.finish) == ("cp-sat", True, 5)
    assert sorted(result.starts) == [0, 2] or sorted(result.starts) == [0, 3]
    check_leveling(model, result)  # one after the other: together they are over


def test_amounts_near_the_largest_float_are_solved() -> None:
    """A capacity and uses of 1e308 summed to infinity, and the scale's logarithm of zero was
    an internal error (exit 3); the sum is now taken scaled down."""
    model = roadmap("""
    [resources.r]
    capacity = 1e308
    [projects.a]
    title = "A"
    duration = 1
    uses = { r = 1e308 }
    [projects.b]
    title = "B"
    duration = 2
    uses = { r = 1e308 }
    """)
    result = level_exact(compute(model, build_network(model)))
    assert (result.method, result.optimal, result.finish) == ("cp-sat", True, 3)
    check_leveling(model, result)


def test_amounts_that_rounding_makes_too_large_keep_the_heuristic_and_say_so() -> None:
    """Three uses of 0.333333333 fit a capacity of 1, but not once each is rounded up to whole
    millionths: CP-SAT finds no schedule, and the heuristic's is labelled as the heuristic's
    (it was called CP-SAT's, "not proven")."""
    model = roadmap("""
    [resources.team]
    capacity = 1
    [projects.a]
    title = "A"
    duration = 2
    uses = { team = 0.333333333 }
    [projects.b]
    title = "B"
    duration = 2
    uses = { team = 0.333333333 }
    [projects.c]
    title = "C"
    duration = 2
    uses = { team = 0.333333333 }
    """)
    result = level_exact(compute(model, build_network(model)))
    assert (result.method, result.optimal, result.starts) == ("heuristic", None, [0, 0, 0])
    assert result.note == ROUNDED_INFEASIBLE


def test_the_heuristics_schedule_says_why_exact_gave_it(tmp_path: Path) -> None:
    """Where `--exact` falls back to the heuristic, every format says why (it said nothing:
    the reader saw the heuristic's passes and no word of CP-SAT)."""
    path = tmp_path / "thirds.toml"
    path.write_text(HEADER + "".join(
        f'[projects.{name}]\ntitle = "{name.upper()}"\nduration = 2\n'
        'uses = { team = 0.333333333 }\n' for name in "abc")
        + "[resources.team]\ncapacity = 1\n", encoding="utf-8")
    document = json.loads(run_cli("schedule", "--level", "--exact", "-f", "json",
                                  str(path)).out)
    assert document["leveling"] == {"method": "heuristic", "optimal": None,
                                    "note": ROUNDED_INFEASIBLE}
    text = run_cli("schedule", "--level", "--exact", str(path), env={"COLUMNS": "200"}).out
    assert (f"0 of 3 projects delayed (best of 40 passes; {ROUNDED_INFEASIBLE})\n") in text
    markdown = run_cli("schedule", "--level", "--exact", "-f", "markdown", str(path)).out
    assert ("- Leveled: resource capacities respected (heuristic; "
            f"{ROUNDED_INFEASIBLE})\n") in markdown
    plain = json.loads(run_cli("schedule", "--level", "-f", "json", str(path)).out)
    assert plain["leveling"] == {"method": "heuristic", "optimal": None}


def test_ordinary_budgets_keep_millionths_and_an_exact_answer() -> None:
    """A capacity of seven million was once scaled down too (from about 1.1 million on), and
    rounding then made a project using the whole capacity too large for it: CP-SAT found no
    schedule and `--exact` fell back to the heuristic without a word."""
    model = roadmap("""
    [resources.budget]
    capacity = 7000000
    [projects.a]
    title = "A"
    duration = 2
    uses = { budget = 7000000 }
    [projects.b]
    title = "B"
    duration = 2
    uses = { budget = 3500000 }
    [projects.c]
    title = "C"
    duration = 2
    uses = { budget = 3500000 }
    """)
    result = level_exact(compute(model, build_network(model)))
    assert (result.method, result.optimal, result.finish) == ("cp-sat", True, 4)


def test_amounts_below_the_models_precision_never_pass_over_a_capacity() -> None:
    """Two uses of 1.0000005 millionths are over a capacity of 2 millionths, though rounded
    into the model's tolerance they fit: the answer is checked against the real amounts."""
    model = roadmap("""
    [resources.r]
    capacity = 0.000002
    [projects.a]
    title = "A"
    duration = 2
    uses = { r = 0.0000010000005 }
    [projects.b]
    title = "B"
    duration = 2
    uses = { r = 0.0000010000005 }
    """)
    result = level_exact(compute(model, build_network(model)))
    assert result.finish == 4
    assert (result.method, result.note) == ("heuristic", ROUNDED_OVER)
    check_leveling(model, result)
