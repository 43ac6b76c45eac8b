"""Monte Carlo risk against analytic answers."""

from __future__ import annotations

import json
import math
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egovplan.analysis.cpm import compute
from egovplan.analysis.risk import simulate
from egovplan.graph import build_network
from tests.helpers import HEADER, report, roadmap

from ..conftest import run_cli


def run(body: str, iterations: int = 40_000, seed: int = 3, distribution: str = "pert"):  # type: ignore[no-untyped-def]
    model = roadmap(body)
    return simulate(compute(model, build_network(model)), iterations=iterations, seed=seed,
                    distribution=distribution)  # type: ignore[arg-type]


ONE = """
[projects.a]
title = "A"
duration = 6
estimate = { optimistic = 4, likely = 6, pessimistic = 14 }
"""


def test_single_project_pert_mean_and_percentiles() -> None:
    result = run(ONE)
    assert result.mean_months == pytest.approx((4 + 4 * 6 + 14) / 6, abs=0.05)
    # PERT-beta: alpha = 1 + 4 (6-4)/10 = 1.8, beta = 1 + 4 (14-6)/10 = 4.2, on [4, 14]
    reference = 4 + 10 * np.random.default_rng(99).beta(1.8, 4.2, 400_000)
    for p in (10, 50, 80, 95):
        assert result.percentiles[p] == pytest.approx(np.percentile(reference, p), abs=0.08)


def test_single_project_triangular_percentiles() -> None:
    result = run(ONE, distribution="triangular")
    low, mode, high = 4, 6, 14

    def quantile(q: float) -> float:  # the triangular distribution's inverse CDF
        split = (mode - low) / (high - low)
        if q < split:
            return low + math.sqrt(q * (high - low) * (mode - low))
        return high - math.sqrt((1 - q) * (high - low) * (high - mode))

    assert result.mean_months == pytest.approx((low + mode + high) / 3, abs=0.05)
    for p in (10, 50, 80, 95):
        assert result.percentiles[p] == pytest.approx(quantile(p / 100), abs=0.08)


def test_a_chain_adds_the_means() -> None:
    result = run("""
    [projects.a]
    title = "A"
    duration = 6
    estimate = { optimistic = 4, likely = 6, pessimistic = 14 }
    [projects.b]
    title = "B"
    duration = 3
    depends_on = ["a"]
    estimate = { optimistic = 2, likely = 3, pessimistic = 10 }
    """)
    assert result.mean_months == pytest.approx((4 + 24 + 14) / 6 + (2 + 12 + 10) / 6, abs=0.06)
    assert [p.criticality for p in result.projects] == [1.0, 1.0]


def test_two_parallel_projects_give_the_maximum() -> None:
    result = run("""
    [projects.a]
    title = "A"
    duration = 6
    estimate = { optimistic = 4, likely = 6, pessimistic = 14 }
    [projects.b]
    title = "B"
    duration = 6
    estimate = { optimistic = 5, likely = 6, pessimistic = 8 }
    """)
    rng = np.random.default_rng(5)
    a = 4 + 10 * rng.beta(1.8, 4.2, 400_000)
    b = 5 + 3 * rng.beta(1 + 4 / 3, 1 + 8 / 3, 400_000)
    assert result.mean_months == pytest.approx(np.maximum(a, b).mean(), abs=0.05)
    chance = {p.id: p.criticality for p in result.projects}
    assert chance["a"] + chance["b"] == pytest.approx(1.0, abs=0.01)
    assert chance["a"] == pytest.approx(float(np.mean(a >= b)), abs=0.02)
    assert {p.id: p.sensitivity for p in result.projects}["a"] > 0.5


def test_fixed_durations_give_exactly_the_cpm_result() -> None:
    body = """
    [projects.a]
    title = "A"
    duration = 7
    [projects.b]
    title = "B"
    duration = 2
    depends_on = [{ id = "a", type = "SS", lag = 3 }]
    finish_by = "2000-04"
    """
    result = run(body, iterations=50)
    schedule = report(body).schedule
    assert set(result.durations) == {float(schedule.finish)}
    assert result.shown_month(result.percentiles[50]) == schedule.shown_plan_finish()
    assert result.deadlines[0].probability == 0.0  # b finishes in 2000-05, after 2000-04
    assert [p.criticality for p in result.projects] == [
        1.0 if schedule.total_float[i] <= 0 else 0.0 for i in range(2)]


def test_same_seed_same_output_and_json_contract() -> None:
    first = run_cli("risk", "--format", "json", "--seed", "7", "-n", "2000",
                    "examples/estimates.toml")
    second = run_cli("risk", "--format", "json", "--seed", "7", "-n", "2000",
                     "examples/estimates.toml")
    assert first.code == 0, first.err
    assert first.out == second.out
    document = json.loads(first.out)
    assert {"iterations", "seed", "finish", "deadlines", "projects"} <= set(document)
    assert set(document["finish"]) >= {"p10", "p50", "p80", "p95", "mean_months"}
    assert document["iterations"] == 2000
    for project in document["projects"]:
        assert {"id", "criticality", "sensitivity"} <= set(project)
    other = run_cli("risk", "--format", "json", "--seed", "8", "-n", "2000",
                    "examples/estimates.toml")
    assert other.out != first.out


@pytest.mark.parametrize("output_format", ["text", "markdown", "csv"])
def test_risk_formats(output_format: str) -> None:
    run_ = run_cli("risk", "--format", output_format, "-n", "1000", "examples/estimates.toml")
    assert run_.code == 0, run_.err
    assert run_.out.strip()


def test_risk_runs_on_every_roadmap_and_example() -> None:
    from ..conftest import ROOT

    for path in [*sorted((ROOT / "roadmaps").glob("*.toml")),
                 *sorted((ROOT / "examples").glob("*.toml"))]:
        result = run_cli("risk", "--format", "json", "-n", "200", str(path))
        assert result.code == 0, (path, result.err)
        assert json.loads(result.out)["iterations"] == 200


def test_sensitivity_is_spearmans_with_tied_finishes_sharing_their_rank() -> None:
    """In most iterations the plan ends with Build (no estimate), so finishes tie: ranked by
    iteration, they pulled the pilot's correlation down (0.45 instead of 0.68)."""
    from egovplan.analysis.risk import sample_durations

    model = roadmap("""
    [projects.build]
    title = "Build"
    duration = 10
    [projects.pilot]
    title = "Pilot"
    duration = 8
    estimate = { optimistic = 6, likely = 8, pessimistic = 14 }
    """)
    schedule = compute(model, build_network(model))
    report = simulate(schedule, iterations=2000, seed=0)
    drawn = sample_durations(schedule, 2000, np.random.Generator(np.random.PCG64(0)), "pert")
    pilot = [float(value) for value in drawn[1]]
    finish = [max(10.0, value) for value in pilot]

    def average_ranks(values: list[float]) -> list[float]:
        ordered = sorted(values)
        first = {}
        for index, value in enumerate(ordered):
            first.setdefault(value, index)
        last = {value: index for index, value in enumerate(ordered)}
        return [(first[value] + last[value]) / 2 for value in values]

    x, y = average_ranks(pilot), average_ranks(finish)
    mean_x, mean_y = sum(x) / len(x), sum(y) / len(y)
    covariance = sum((a - mean_x) * (b - mean_y) for a, b in zip(x, y, strict=True))
    spearman = covariance / (sum((a - mean_x) ** 2 for a in x)
                             * sum((b - mean_y) ** 2 for b in y)) ** 0.5
    assert sum(value == 10.0 for value in finish) > 1000  # mostly tied
    sensitivity = {p.id: p.sensitivity for p in report.projects}
    assert sensitivity["pilot"] == round(spearman, 6)
    assert sensitivity["pilot"] > 0.6


def test_a_roadmap_without_projects_says_so(tmp_path: Path) -> None:
    """As `schedule` and `trace` do: not a table heading with no rows."""
    path = tmp_path / "empty.toml"
    path.write_text(HEADER, encoding="utf-8")
    run = run_cli("risk", "-n", "10", str(path))
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    heading = lines.index(" Project       Critical in   Sensitivity")
    assert lines[heading + 2] == " no projects"


@st.composite
def uncertain_roadmaps(draw: st.DrawFn) -> str:
    """Small roadmaps with estimates, all four link types, a phase and deadlines."""
    size = draw(st.integers(0, 9))
    lines = ["[phases.p]", 'start = "2000-03"', f'end = "200{draw(st.integers(1, 4))}-06"']
    for index in range(size):
        duration = draw(st.integers(0, 8))
        lines += [f"[projects.p{index}]", f'title = "P{index}"', f"duration = {duration}"]
        if duration and draw(st.booleans()):
            low = draw(st.integers(1, duration))
            high = draw(st.integers(duration, duration + 9))
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
            lines.append(f'finish_by = "200{draw(st.integers(0, 3))}-0{draw(st.integers(1, 9))}"')
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(uncertain_roadmaps(), st.integers(1, 40), st.integers(0, 2**16))
def test_blocks_of_iterations_give_the_same_report(text: str, cells: int, seed: int) -> None:
    """A large roadmap is simulated a block of iterations at a time (memory); every step is an
    operation on each iteration alone, so the report is the one of a single block."""
    from egovplan.analysis import risk

    model = roadmap(text)
    schedule = compute(model, build_network(model))
    whole = simulate(schedule, iterations=97, seed=seed)
    assert risk.BLOCK_CELLS // max(len(schedule.network), 1) >= 97  # one block
    with mock.patch.object(risk, "BLOCK_CELLS", cells):  # blocks of a few iterations
        assert simulate(schedule, iterations=97, seed=seed) == whole


def test_iterations_that_would_not_fit_in_memory_are_refused_first(
        capsys: pytest.CaptureFixture[str]) -> None:
    """`-n 10000000` on 300 projects asked numpy for 22.4 GiB and crashed (MemoryError, exit
    3). It is refused before the work, saying how many iterations fit."""
    import typer

    from egovplan import cli

    assert (cli._available_memory() or 0) > 0  # this machine tells
    with mock.patch.object(cli, "_available_memory", return_value=10**9):
        cli._check_risk_memory(300, 100_000)  # 240 MB of 800 MB: fine
        with pytest.raises(typer.Exit) as stopped:
            cli._check_risk_memory(300, 10_000_000)
    assert stopped.value.exit_code == 2
    assert capsys.readouterr().err == (
        "egovplan: error: --iterations 10,000,000 of 300 projects needs about 24.6 GB (8 bytes "
        "a project an iteration for the drawn durations, 64 an iteration besides), more than "
        "the 1.0 GB of memory available; at most 324,675 iterations fit\n")
    with mock.patch.object(cli, "_available_memory", return_value=None):
        cli._check_risk_memory(300, 10_000_000)  # unknown: not refused


def test_a_memory_error_in_the_simulation_is_a_usage_error(tmp_path: Path) -> None:
    """Whatever the check above could not foresee ends as a plain message, not a crash."""
    from typer.testing import CliRunner

    from egovplan import cli

    path = tmp_path / "est.toml"
    path.write_text('format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2000-01"\n'
                    '[projects.a]\ntitle = "A"\nduration = 2\n'
                    'estimate = { optimistic = 1, likely = 2, pessimistic = 4 }\n',
                    encoding="utf-8")
    with mock.patch("egovplan.analysis.risk.simulate", side_effect=MemoryError):
        result = CliRunner().invoke(cli.app, ["risk", str(path)])
    assert result.exit_code == 2
    assert "not enough memory to simulate 10,000 iterations of 1 project" in result.output
