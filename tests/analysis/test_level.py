"""Leveling: every leveled schedule checked by an independent feasibility checker."""

from __future__ import annotations

import json
import sys
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egovplan import api
from egovplan.analysis.cpm import compute, free_floats
from egovplan.analysis.level import Leveling, _place, _Usage, level
from egovplan.analysis.report import leveled_report
from egovplan.graph import build_network
from egovplan.model.roadmap import Roadmap
from tests.helpers import check_feasible, roadmap

from ..conftest import ROOT, run_cli

sys.path.insert(0, str(ROOT / "bench"))

from psplib import DATA, roadmap_from_sm


def check_leveling(model: Roadmap, leveling: Leveling) -> None:
    """Independent of the scheduler: dependencies, lower bounds and capacities all hold, and
    the reported finish is the last project's."""
    durations = [p.duration for p in model.projects.values()]
    check_feasible(model, leveling.starts, durations)
    assert leveling.finish == max((s + d for s, d in zip(leveling.starts, durations,
                                                          strict=True)), default=0)


def levelled(model: Roadmap, effort: int = 20) -> Leveling:
    return level(compute(model, build_network(model)), effort=effort)


@st.composite
def resource_roadmaps(draw: st.DrawFn) -> str:
    size = draw(st.integers(1, 9))
    capacity = draw(st.integers(2, 6))
    lines = ['[resources.team]', f"capacity = {capacity}",
             "[phases.p]", 'start = "2000-03"', 'end = "2003-12"']
    for index in range(size):
        lines += [f"[projects.p{index}]", f'title = "P{index}"',
                  f"duration = {draw(st.integers(0, 6))}",
                  f"uses = {{ team = {draw(st.integers(0, capacity))} }}",
                  f'kind = "{draw(st.sampled_from(["priority", "support"]))}"']
        if index and draw(st.booleans()):
            pred = draw(st.integers(0, index - 1))
            kind = draw(st.sampled_from(["FS", "SS", "FF", "SF"]))
            lines.append(f'depends_on = [{{ id = "p{pred}", type = "{kind}", '
                         f"lag = {draw(st.integers(-2, 2))} }}]")
        if draw(st.booleans()):
            lines.append('phase = "p"')
        if draw(st.booleans()):
            lines.append(f'not_before = "2000-0{draw(st.integers(1, 9))}"')
    return "\n".join(lines) + "\n"


@settings(max_examples=80, deadline=None)
@given(resource_roadmaps())
def test_leveling_is_feasible_and_never_earlier_than_cpm(text: str) -> None:
    model = roadmap(text)
    cpm = compute(model, build_network(model))
    result = level(cpm, effort=8)
    check_leveling(model, result)
    assert result.finish >= cpm.finish
    assert all(s >= e for s, e in zip(result.starts, cpm.es, strict=True))
    assert result.delays == [s - e for s, e in zip(result.starts, cpm.es, strict=True)]
    for name, usage in result.usage.items():
        assert max(usage, default=0) <= model.resources[name].capacity + 1e-9


@settings(max_examples=80, deadline=None)
@given(resource_roadmaps())
def test_a_leveled_project_slips_by_its_free_float_and_no_further(text: str) -> None:
    """A leveled free float counts resources too: moving one project later by up to its free
    float, everything else where it is, keeps every dependency and capacity; where resources
    cut the contract's free float short, one month more goes over a capacity."""
    model = roadmap(text)
    report, leveling = leveled_report(model, effort=8)
    assert not leveling.findings
    schedule = report.schedule
    durations = schedule.network.durations
    contract = free_floats(schedule.network, schedule.es, schedule.ef, schedule.finish)
    for node, free in enumerate(schedule.free_float):
        assert 0 <= free <= contract[node]
        for slip in range(free + 1):
            starts = list(schedule.es)
            starts[node] += slip
            check_feasible(model, starts, durations)
        if free < contract[node]:
            starts = list(schedule.es)
            starts[node] += free + 1
            with pytest.raises(AssertionError):
                check_feasible(model, starts, durations)


def test_a_project_a_resource_hands_over_from_has_no_free_float() -> None:
    # b waits for a's team: a, with no successor, could slip 6 months by its dependencies
    # alone, but not one month without taking b's team
    model = roadmap("""
    [resources.team]
    capacity = 1
    [projects.a]
    title = "A"
    duration = 6
    uses = { team = 1 }
    kind = "priority"
    [projects.b]
    title = "B"
    duration = 6
    uses = { team = 1 }
    kind = "support"
    [projects.c]
    title = "C"
    duration = 2
    """)
    report, _ = leveled_report(model)
    assert report.schedule.es == [0, 6, 0]
    assert report.schedule.total_float == [0, 0, 10]
    assert report.schedule.free_float == [0, 0, 10]


def test_priority_projects_get_capacity_first() -> None:
    model = roadmap("""
    [resources.team]
    capacity = 5
    [projects.support-first-in-file]
    title = "Support"
    kind = "support"
    duration = 4
    uses = { team = 4 }
    [projects.priority]
    title = "Priority"
    kind = "priority"
    duration = 4
    uses = { team = 4 }
    """)
    result = levelled(model)
    check_leveling(model, result)
    assert result.starts == [4, 0]
    assert result.causes == ["team", None]


def test_what_a_priority_project_waits_for_gets_capacity_as_priority() -> None:
    """The groundwork of a priority project (unclassified) ranked after a support project
    that was ready at once: the support project took the team in month 3, when the priority
    project could have started, and the priority project waited (the finish the same)."""
    model = roadmap("""
    [resources.team]
    capacity = 1
    [projects.groundwork]
    title = "Groundwork"
    duration = 3
    uses = { team = 1 }
    [projects.help]
    title = "Support"
    kind = "support"
    duration = 1
    uses = { team = 1 }
    not_before = "2000-04"
    [projects.launch]
    title = "Priority"
    kind = "priority"
    duration = 4
    uses = { team = 1 }
    depends_on = ["groundwork"]
    """)
    result = levelled(model)
    check_leveling(model, result)
    assert result.starts == [0, 7, 3]
    assert result.causes == [None, "team", None]


def test_a_known_optimum() -> None:
    # three projects of 3 months needing 2 of a capacity of 3: only one at a time → 9 months;
    # a fourth needing 1 fits beside any of them
    model = roadmap("""
    [resources.r]
    capacity = 3
    [projects.a]
    title = "A"
    duration = 3
    uses = { r = 2 }
    [projects.b]
    title = "B"
    duration = 3
    uses = { r = 2 }
    [projects.c]
    title = "C"
    duration = 3
    uses = { r = 2 }
    [projects.d]
    title = "D"
    duration = 9
    uses = { r = 1 }
    """)
    result = levelled(model)
    check_leveling(model, result)
    assert result.finish == 9


def test_a_project_larger_than_a_capacity_is_an_error_not_a_hang() -> None:
    model = roadmap("""
    [resources.r]
    capacity = 3
    [projects.a]
    title = "A"
    duration = 3
    uses = { r = 4 }
    """)
    result = levelled(model)
    assert [f.code for f in result.findings] == ["over-capacity"]
    assert "alone uses 4" in result.findings[0].message


@pytest.mark.parametrize(("name", "optimum"), [("j301_1.sm", 43), ("j301_2.sm", 47),
                                               ("j3010_1.sm", 42)])
def test_psplib_instances_at_their_optimum(name: str, optimum: int) -> None:
    if not (DATA / name).exists():
        pytest.skip("the PSPLIB data is not beside the repository")
    checked = api.check_bytes(roadmap_from_sm((DATA / name).read_text()).encode())
    assert checked.roadmap is not None
    result = levelled(checked.roadmap, effort=60)
    check_leveling(checked.roadmap, result)
    assert result.finish == optimum


def test_cli_level_json_and_table() -> None:
    run = run_cli("schedule", "--level", "--format", "json", "examples/resources.toml")
    assert run.code == 0, run.err
    document = json.loads(run.out)
    assert document["leveled"] is True
    assert {"roadmap", "start", "finish", "critical_path", "projects", "usage"} <= set(document)
    delays = {p["id"]: (p["delay"], p["delay_cause"]) for p in document["projects"]}
    assert delays["parking-app"] == (9, "dev-team")
    for resource, months in document["usage"].items():
        assert all(m["used"] <= m["capacity"] + 1e-9 for m in months), resource
    table = run_cli("schedule", "--level", "examples/resources.toml")
    assert "Leveling: finish 2026-03 (15 months); 1 of 3 projects delayed" in table.out
    assert "dev-team (In-house development team): busiest month 10 of 12 developers" in table.out


def test_cli_level_of_an_oversized_project(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "big.toml"
    path.write_text('format = 1\n[roadmap]\nid = "b"\ntitle = "B"\nstart = "2000-01"\n'
                    '[resources.r]\ncapacity = 1\n[projects.a]\ntitle = "A"\nduration = 2\n'
                    'uses = { r = 2 }\n')
    run = run_cli("schedule", "--level", str(path))
    assert run.code == 1
    assert "alone uses 2 of resource 'r'" in run.err
    assert f"{path}:11:14: error over-capacity" in run.err  # at its use of the resource
    document = json.loads(run_cli("schedule", "--level", "--format", "json", str(path)).out)
    [finding] = document["files"][0]["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("over-capacity", 11, 14)


def test_deadlines_that_leveling_breaks_are_reported(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "tight.toml"
    path.write_text('format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2000-01"\n'
                    '[resources.team]\ncapacity = 1\n'
                    '[projects.a]\ntitle = "A"\nkind = "priority"\nduration = 3\n'
                    'uses = { team = 1 }\n'
                    '[projects.b]\ntitle = "B"\nkind = "support"\nduration = 3\n'
                    'uses = { team = 1 }\nfinish_by = "2000-03"\n')
    early = run_cli("gaps", str(path)).out  # the unleveled schedule: over capacity, in time
    assert "over-capacity" in early
    assert "deadline-missed" not in early
    table = run_cli("schedule", "--level", str(path))
    assert table.code == 0
    # (its dates are the leveled schedule's, not the earliest)
    assert ("error deadline-missed: project 'b' finishes in 2000-06 in the leveled schedule, "
            "3 months after its deadline 2000-03") in table.out
    document = json.loads(run_cli("schedule", "--level", "--format", "json", str(path)).out)
    assert [g["code"] for g in document["gaps"]] == ["deadline-missed"]
    # the broken deadline shows as negative float, as in the unleveled schedule
    rows = {row["id"]: row for row in document["projects"]}
    assert (rows["b"]["start"], rows["b"]["finish"]) == ("2000-04", "2000-06")
    assert (rows["b"]["total_float"], rows["b"]["late_finish"]) == (-3, "2000-03")
    assert rows["b"]["critical"] is True
    assert (rows["a"]["total_float"], rows["a"]["critical"]) == (0, True)
    # CSV: the delay and its cause per row; the broken deadline on stderr (no room in a table)
    sheet = run_cli("schedule", "--level", "--format", "csv", str(path))
    assert sheet.code == 0
    header, *lines = sheet.out.splitlines()
    assert header.endswith(",delay,delay_cause")
    assert [line.rsplit(",", 2)[1:] for line in lines] == [["0", ""], ["3", "team"]]
    assert "error deadline-missed: project 'b' finishes in 2000-06" in sheet.err
    # Markdown: said to be leveled, a Delay column, and what the leveled dates break
    markdown = run_cli("schedule", "--level", "--format", "markdown", str(path)).out
    assert "- Leveled: resource capacities respected (heuristic)" in markdown
    assert "| Critical | Delay |" in markdown
    assert "| 3 (team) |" in markdown
    assert ("## What the leveled dates break\n\n- **error** `deadline-missed`: project 'b' "
            "finishes in 2000-06") in markdown


@st.composite
def roadmaps_with_deadlines(draw: st.DrawFn) -> str:
    text = draw(resource_roadmaps())
    projects = text.count("[projects.")
    chosen = draw(st.sets(st.integers(0, projects - 1), max_size=3))
    for index in sorted(chosen):
        month = draw(st.integers(1, 12))
        text = text.replace(f'title = "P{index}"\n',
                            f'title = "P{index}"\nfinish_by = "2000-{month:02d}"\n', 1)
    return text


@settings(max_examples=60, deadline=None)
@given(roadmaps_with_deadlines())
def test_leveled_late_dates_honour_deadlines(text: str) -> None:
    """Late dates of a leveled schedule: never after a deadline, nor after what a successor's
    late dates allow; and equal to the resource-constrained backward pass where no deadline
    binds (without deadlines, always)."""
    model = roadmap(text)
    report, leveling = leveled_report(model, effort=8)
    schedule = report.schedule
    durations = schedule.network.durations
    assert schedule.es == leveling.starts
    for node, project in enumerate(model.projects.values()):
        assert schedule.ls[node] <= leveling.late_starts[node]
        assert schedule.lf[node] == schedule.ls[node] + durations[node]
        assert schedule.total_float[node] == schedule.ls[node] - schedule.es[node]
        if project.finish_by is not None:
            assert schedule.lf[node] <= project.finish_by - model.start + 1
    for pred, succ, kind, lag, _ in schedule.network.links:
        start_bound = {"FS": schedule.lf[pred] + lag, "SS": schedule.ls[pred] + lag,
                       "FF": schedule.lf[pred] + lag - durations[succ],
                       "SF": schedule.ls[pred] + lag - durations[succ]}[kind]
        assert start_bound <= schedule.ls[succ]
    if all(project.finish_by is None for project in model.projects.values()):
        assert schedule.ls == leveling.late_starts


@pytest.mark.parametrize(("args", "what"), [
    (["schedule", "--level"], "the leveled plan"),
    (["risk", "-n", "200"], "the slowest simulated plan"),
])
def test_a_plan_pushed_past_the_year_9999_is_refused(args: list[str], what: str,
                                                     tmp_path: object) -> None:
    """Validation judges the early schedule; leveling and simulation can run later still."""
    from pathlib import Path

    path = Path(str(tmp_path)) / "late.toml"
    path.write_text('format = 1\n[roadmap]\nid = "l"\ntitle = "L"\nstart = "9990-01"\n'
                    '[resources.r]\ncapacity = 1\n'
                    '[projects.a]\ntitle = "A"\nduration = "6y"\nuses = { r = 1 }\n'
                    '[projects.b]\ntitle = "B"\nduration = "6y"\nuses = { r = 1 }\n'
                    'estimate = { optimistic = "1y", likely = "6y", pessimistic = "30y" }\n')
    assert run_cli("validate", str(path)).code == 0
    run = run_cli(*args, str(path))
    assert run.code == 1, run.out
    assert f"error date-out-of-range: {what} would finish after 9999-12" in run.err
    if args[0] == "risk":  # at the likeliest cause: the largest pessimistic estimate
        assert f"{path}:16:62: error date-out-of-range" in run.err
        assert "(the largest pessimistic estimate is that of 'b')" in run.err


@st.composite
def usage_states(draw: st.DrawFn) -> tuple[_Usage, list[tuple[int, float]], list[float], int, int]:
    """A partly filled usage table, a demand on it, capacities, an earliest start and a
    duration."""
    resources = draw(st.integers(1, 3))
    months = draw(st.integers(1, 30))
    capacity = [float(draw(st.integers(1, 4))) for _ in range(resources)]
    usage = _Usage(resources, months)
    for row, limit in zip(usage.used, capacity, strict=True):
        for month in range(months):
            row[month] = float(draw(st.integers(0, int(limit))))
    demand = [(r, float(draw(st.integers(1, int(capacity[r])))))
              for r in range(resources) if draw(st.booleans())]
    return usage, demand, capacity, draw(st.integers(0, months)), draw(st.integers(0, 12))


def _fits(usage: _Usage, demand: list[tuple[int, float]], capacity: list[float], start: int,
          duration: int) -> bool:
    usage._ensure(start + duration)
    return all(usage.used[r][m] + amount <= capacity[r] + 1e-9
               for m in range(start, start + duration) for r, amount in demand)


@settings(max_examples=500, deadline=None)
@given(usage_states(), st.integers(0, 40))
def test_the_search_for_room_finds_what_a_month_by_month_search_finds(
        state: tuple[_Usage, list[tuple[int, float]], list[float], int, int],
        below: int) -> None:
    """Placing a project (the first start from its earliest where it fits, and the resource
    that pushed it later) and the backward pass's search (the last start from a latest down
    to a lowest) jump over blocked months without checking a month twice: they find exactly
    what trying every start finds."""
    usage, demand, capacity, earliest, duration = state
    first = next(s for s in range(earliest, earliest + 100)
                 if _fits(usage, demand, capacity, s, duration))
    blocked = usage.blocking(demand, capacity, earliest, duration)
    problem = SimpleNamespace(durations=[duration], demand=[demand], capacity=capacity)
    start, cause = _place(problem, usage, 0, earliest)  # type: ignore[arg-type]
    assert start == first
    assert cause == (None if blocked is None else blocked[1])
    if blocked is not None:  # the first blocked month of the first window, first resource
        month, resource = blocked
        assert all(_fits(usage, demand, capacity, m, 1) for m in range(earliest, month))
        assert usage.used[resource][month] + dict(demand)[resource] > capacity[resource] + 1e-9
    lowest = max(0, earliest - below)
    last = usage.last_fit(demand, capacity, lowest, earliest, duration)
    assert last == next((s for s in range(earliest, lowest - 1, -1)
                         if _fits(usage, demand, capacity, s, duration)), None)


def test_leveling_centuries_long_projects_takes_no_time_per_month() -> None:
    """Two 600-year projects on one team: one after the other. The search for room jumps over
    blocked months (month by month, this took minutes)."""
    model = roadmap("""
        [resources.team]
        capacity = 1
        [projects.a]
        title = "A"
        duration = "600y"
        uses = { team = 1 }
        [projects.b]
        title = "B"
        duration = "600y"
        uses = { team = 1 }
        """)
    result = levelled(model, effort=40)
    check_leveling(model, result)
    assert sorted(result.starts) == [0, 7200]
    assert result.finish == 14400
    assert result.late_starts == result.starts


@settings(max_examples=80, deadline=None)
@given(roadmaps_with_deadlines())
def test_leveling_with_room_for_everything_changes_nothing(text: str) -> None:
    """Where every capacity holds every project at once, the leveled schedule is the
    unleveled one: the same dates, floats and critical paths (also for successors a
    predecessor ties with, or finishes before, through SS, FF and SF links and leads)."""
    model = roadmap(text.replace("[resources.team]\ncapacity = ", "[resources.team]\n"
                                 "capacity = 1000\n# was ", 1))
    plain = api.schedule(model)
    leveled, leveling = leveled_report(model, effort=4)
    assert leveling.starts == plain.schedule.es
    for name in ("es", "ef", "ls", "lf", "total_float", "free_float", "finish"):
        assert getattr(leveled.schedule, name) == getattr(plain.schedule, name), name
    assert leveled.paths == plain.paths


def test_a_predecessor_finishing_before_its_successor_keeps_its_float_when_leveled() -> None:
    """`p` starts with `q` (SS): leveling's backward pass once placed `p` before `q` and left
    it where it was, critical; it can slip as far as `q` can."""
    model = roadmap('[projects.w]\ntitle = "W"\nduration = 6\n'
                    '[projects.p]\ntitle = "P"\nduration = 2\n'
                    '[projects.q]\ntitle = "Q"\nduration = 2\n'
                    'depends_on = [{ id = "p", type = "SS" }]\n'
                    '[projects.m0]\ntitle = "M0"\nduration = 0\n'
                    '[projects.m1]\ntitle = "M1"\nduration = 0\ndepends_on = ["m0"]\n')
    report, _ = leveled_report(model)
    assert report.schedule.total_float == [0, 4, 4, 6, 6]


def test_a_milestone_uses_nothing_whatever_it_says_it_uses() -> None:
    """A milestone takes no month: its `uses` is over no capacity (as `gaps` says), unless
    `risk` could draw it a duration from its estimate."""
    text = ('[resources.team]\ncapacity = 10\n'
            '[projects.a]\ntitle = "A"\nduration = 3\nuses = { team = 10 }\n'
            '[projects.m]\ntitle = "M"\nduration = 0\nuses = { team = 100 }\n'
            'depends_on = ["a"]\n')
    result = levelled(roadmap(text))
    assert (result.findings, result.starts, result.finish) == ([], [0, 3], 3)
    drawn = levelled(roadmap(text.replace(
        'duration = 0\n', 'duration = 0\nestimate = { optimistic = 0, likely = 1, '
        'pessimistic = 2 }\n')))
    assert [f.code for f in drawn.findings] == ["over-capacity"]


def test_leveling_tolerates_rounding_relative_to_the_capacity() -> None:
    budget = ('[resources.budget]\ncapacity = {capacity}\n'
              '[projects.a]\ntitle = "A"\nduration = 2\nuses = {{ budget = {a} }}\n'
              '[projects.b]\ntitle = "B"\nduration = 2\nuses = {{ budget = {b} }}\n')
    # the sum is the capacity but for binary rounding: both fit at once
    assert levelled(roadmap(budget.format(capacity=64158076.4, a=41952490.1,
                                          b=22205586.3))).starts == [0, 0]
    assert levelled(roadmap(budget.format(capacity=0.3, a=0.1, b=0.2))).starts == [0, 0]
    # a billionth over a small capacity is over (an absolute 1e-9 once let it through)
    assert levelled(roadmap(budget.format(capacity=0.3, a=0.15, b=0.150000001))).starts == [0, 2]
    assert levelled(roadmap(budget.format(capacity=1e-10, a=1e-10, b=1e-10))).starts == [0, 2]


def test_leveled_usage_in_json_keeps_tiny_amounts_and_drops_noise(tmp_path: object) -> None:
    from pathlib import Path

    text = ('format = 1\n[roadmap]\nid = "r"\ntitle = "R"\nstart = "2020-01"\n'
            "[resources.tiny]\ncapacity = 1e-10\n[resources.team]\ncapacity = 0.3\n"
            '[projects.a]\ntitle = "A"\nduration = 1\nuses = { tiny = 1e-10, team = 0.1 }\n'
            '[projects.b]\ntitle = "B"\nduration = 1\nuses = { team = 0.2 }\n')
    path = Path(str(tmp_path)) / "r.toml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("schedule", "--level", "--format", "json", str(path))
    usage = json.loads(result.out)["usage"]
    assert usage["tiny"] == [{"month": "2020-01", "used": 1e-10, "capacity": 1e-10}]
    assert usage["team"] == [{"month": "2020-01", "used": 0.3, "capacity": 0.3}]


def test_a_backward_pass_with_no_room_costs_only_that_projects_float() -> None:
    """B, placed first backwards, takes the months A cannot leave (its `not_before` and the
    finish hold it there): A keeps its forward start. Every project once lost its float then,
    even a report that uses nothing and depends on nothing."""
    model = roadmap("""
    [resources.team]
    capacity = 1
    [projects.a]
    title = "A"
    duration = 2
    not_before = "2000-03"
    uses = { team = 1 }
    [projects.b]
    title = "B"
    duration = 2
    depends_on = [{ id = "a", type = "SF", lag = -2 }]
    uses = { team = 1 }
    [projects.report]
    title = "Report"
    duration = 1
    """)
    report, _ = leveled_report(model)
    assert report.schedule.es == [2, 0, 0]
    assert report.schedule.total_float == [0, 0, 3]
    assert "report" not in report.critical_path


@settings(max_examples=80, deadline=None)
@given(resource_roadmaps())
def test_a_free_standing_project_keeps_its_float_when_leveled(text: str) -> None:
    """One that uses nothing and is linked to nothing can slip to the plan's finish."""
    model = roadmap(text + '[projects.lone]\ntitle = "Lone"\nduration = 1\n')
    report, leveling = leveled_report(model, effort=8)
    assert not leveling.findings
    schedule = report.schedule
    lone = schedule.network.index["lone"]
    assert schedule.total_float[lone] == schedule.finish - schedule.ef[lone]


def test_leveling_near_the_largest_float_still_levels() -> None:
    text = ('[resources.team]\ncapacity = 1.7976931348623157e308\n'
            '[projects.a]\ntitle = "A"\nduration = 2\nuses = { team = 1e308 }\n'
            '[projects.b]\ntitle = "B"\nduration = 2\nuses = { team = 1e308 }\n')
    assert levelled(roadmap(text)).starts == [0, 2]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_held_free_floats_equal_a_month_by_month_search(data: st.DataObject) -> None:
    """The union-find over full months gives what walking month by month from each finish
    gives (the first version: slow where floats are long)."""
    from egovplan.analysis.report import held_free_floats
    from egovplan.numbers import capacity_limit

    horizon = data.draw(st.integers(1, 15))
    capacity = data.draw(st.sampled_from([0.5, 1, 2, 3]))
    amounts = st.sampled_from([0.25, 0.5, 1, 2])
    size = data.draw(st.integers(1, 8))
    es = [data.draw(st.integers(0, horizon - 1)) for _ in range(size)]
    ef = [s + data.draw(st.integers(0, 4)) for s in es]
    free = [data.draw(st.integers(-1, 20)) for _ in range(size)]
    uses = [{"r": data.draw(amounts)} if data.draw(st.booleans()) else {} for _ in range(size)]
    used = [data.draw(st.sampled_from([0, 0.25, 0.5, 1, 2, 3])) for _ in range(horizon)]
    model = SimpleNamespace(resources={"r": SimpleNamespace(capacity=capacity)},
                            projects={f"p{n}": SimpleNamespace(uses=u) for n, u in enumerate(uses)})
    expected = []
    for node in range(size):
        slip = free[node]
        if slip > 0 and ef[node] > es[node] and uses[node]:
            month = ef[node]
            while month - ef[node] < slip and not (
                    month < horizon and used[month] + uses[node]["r"] > capacity_limit(capacity)):
                month += 1
            slip = month - ef[node]
        expected.append(slip)
    assert held_free_floats(model, free, es, ef, {"r": used}) == expected  # type: ignore[arg-type]
