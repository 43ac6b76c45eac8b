"""The Korea budget-and-risk scenario: current, faithful to the roadmap, and it levels."""

from __future__ import annotations

import json
import subprocess
import sys

from egovplan import api

from .conftest import ROOT, run_cli

SCENARIO = "examples/korea-egov-scenario.toml"


def test_the_scenario_is_what_its_script_writes_today() -> None:
    done = subprocess.run([sys.executable, "examples/korea_scenario.py", "--check"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_scenario_keeps_the_roadmaps_projects_and_adds_only_budget_and_estimates() -> None:
    real = api.load(ROOT / "roadmaps" / "korea-egov.toml")
    scenario = api.load(ROOT / SCENARIO)
    assert list(scenario.projects) == list(real.projects)
    assert scenario.phases == real.phases
    for project_id, project in real.projects.items():
        copy = scenario.projects[project_id]
        assert copy.model_copy(update={"uses": {}, "estimate": None}) == project, project_id
        if project.duration:
            assert copy.estimate is not None
            assert copy.estimate.optimistic < copy.estimate.likely == project.duration \
                < copy.estimate.pessimistic
    spending = [p for p in scenario.projects.values() if p.uses]
    assert len(spending) == 11
    # the eleven shares add up to the sourced total, 290 billion KRW (each monthly amount is
    # rounded to 0.001: at most 0.0005 × 19 months off per initiative)
    total = sum(p.uses["budget"] * p.duration for p in spending)
    assert abs(total - 290) <= 11 * 19 * 0.0005
    assert scenario.resources["budget"].capacity == round(290 / 24, 2)


def test_the_scenario_levels_within_its_budget() -> None:
    run = run_cli("schedule", "--level", "--format", "json", SCENARIO)
    assert run.code == 0, run.err
    document = json.loads(run.out)
    assert document["finish"] == "2004-03"
    capacity = round(290 / 24, 2)
    assert all(m["used"] <= capacity + 1e-9 for m in document["usage"]["budget"])
    delayed = {p["id"]: p["delay_cause"] for p in document["projects"] if p["delay"]}
    assert delayed == {"e-document-distribution": "budget", "ppss": "budget",
                       "e-procurement": "budget", "egov-framework-complete": None}
    # the unleveled schedule is the roadmap's own: finished in 2002-12
    plain = json.loads(run_cli("schedule", "--format", "json", SCENARIO).out)
    assert plain["finish"] == "2002-12"


def test_the_scenarios_risk_with_and_without_leveling() -> None:
    plain = json.loads(run_cli("risk", "-n", "2000", "--format", "json", SCENARIO).out)
    leveled = json.loads(run_cli("risk", "--level", "-n", "2000", "--format", "json",
                                 SCENARIO).out)
    assert plain["finish"]["p50"] < leveled["finish"]["p50"]
    phases = {d["id"]: d["probability"] for d in leveled["phase_ends"]}
    assert set(phases) == {"nbis-1", "nbis-2", "egov-11"}
    # with the budget, three initiatives can never finish by the end of 2002
    projects = {d["id"]: d["probability"] for d in leveled["deadlines"]}
    assert {d["kind"] for d in leveled["deadlines"]} == {"project"}
    assert projects["e-procurement"] == projects["ppss"] == 0.0
    assert phases["egov-11"] == 0.0
