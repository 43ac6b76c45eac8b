"""General claims about schedules, checked on random acyclic roadmaps (Hypothesis)."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass

from hypothesis import example, given, settings
from hypothesis import strategies as st

from egovplan.analysis.cpm import (
    Schedule,
    free_floats,
    late_finishes,
    shown_finish,
    shown_last,
    shown_start,
)
from egovplan.analysis.report import ScheduleReport
from egovplan.model.types import format_month
from egovplan.render.schedule import project_rows, to_json
from tests.helpers import report

TYPES = ["FS", "SS", "FF", "SF"]


@dataclass
class Spec:
    durations: list[int]
    links: list[tuple[int, int, str, int]]  # pred, succ, type, lag
    not_before: dict[int, int]
    finish_by: dict[int, int]

    def toml(self) -> str:
        lines = []
        for node, duration in enumerate(self.durations):
            lines += [f"[projects.p{node}]", f'title = "P{node}"', f"duration = {duration}"]
            deps = [f'{{ id = "p{pred}", type = "{kind}", lag = {lag} }}'
                    for pred, succ, kind, lag in self.links if succ == node]
            if deps:
                lines.append(f"depends_on = [{', '.join(deps)}]")
            if node in self.not_before:
                lines.append(f'not_before = "{2000 + self.not_before[node] // 12}-'
                             f'{self.not_before[node] % 12 + 1:02d}"')
            if node in self.finish_by:
                lines.append(f'finish_by = "{2000 + self.finish_by[node] // 12}-'
                             f'{self.finish_by[node] % 12 + 1:02d}"')
        return "\n".join(lines) + "\n"


@st.composite
def specs(draw: st.DrawFn, *, constraints: bool = True, deadlines: bool = False) -> Spec:
    size = draw(st.integers(1, 12))
    durations = draw(st.lists(st.integers(0, 8), min_size=size, max_size=size))
    pairs = [(a, b) for b in range(size) for a in range(b)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3 * size)) if pairs else []
    links = [(a, b, draw(st.sampled_from(TYPES)), draw(st.integers(-3, 3))) for a, b in chosen]
    not_before: dict[int, int] = {}
    finish_by: dict[int, int] = {}
    if constraints:
        not_before = draw(st.dictionaries(st.integers(0, size - 1), st.integers(0, 20),
                                          max_size=2))
    if deadlines:
        finish_by = draw(st.dictionaries(st.integers(0, size - 1), st.integers(0, 30),
                                         max_size=3))
    return Spec(durations, links, not_before, finish_by)


def bound(schedule: Schedule, pred: int, succ: int, kind: str, lag: int) -> int:
    d = schedule.network.durations[succ]
    return {
        "FS": schedule.ef[pred] + lag,
        "SS": schedule.es[pred] + lag,
        "FF": schedule.ef[pred] + lag - d,
        "SF": schedule.es[pred] + lag - d,
    }[kind]


def reference_early_starts(spec: Spec) -> list[int]:
    """An independent computation: relax every constraint until nothing changes."""
    es = [spec.not_before.get(node, 0) for node in range(len(spec.durations))]
    changed = True
    while changed:
        changed = False
        for pred, succ, kind, lag in spec.links:
            ef_pred = es[pred] + spec.durations[pred]
            d = spec.durations[succ]
            need = {"FS": ef_pred + lag, "SS": es[pred] + lag,
                    "FF": ef_pred + lag - d, "SF": es[pred] + lag - d}[kind]
            if need > es[succ]:
                es[succ] = need
                changed = True
    return es


def build(spec: Spec, max_paths: int = 10) -> ScheduleReport:
    return report(spec.toml(), max_paths=max_paths)


@settings(max_examples=150, deadline=None)
@given(specs(deadlines=True))
def test_early_schedule_respects_every_dependency(spec: Spec) -> None:
    schedule = build(spec).schedule
    for pred, succ, kind, lag in spec.links:
        assert schedule.es[succ] >= bound(schedule, pred, succ, kind, lag)
    for node, month in spec.not_before.items():
        assert schedule.es[node] >= month


@settings(max_examples=150, deadline=None)
@given(specs(deadlines=True))
def test_no_project_could_start_earlier(spec: Spec) -> None:
    schedule = build(spec).schedule
    assert schedule.es == reference_early_starts(spec)
    for node in range(len(spec.durations)):
        lower = spec.not_before.get(node, 0)
        if schedule.es[node] > lower:
            tight = [link for link in spec.links if link[1] == node
                     and bound(schedule, *link) == schedule.es[node]]
            assert tight, f"p{node} starts later than any constraint requires"
            assert schedule.driving(node)


@settings(max_examples=150, deadline=None)
@given(specs())
def test_float_is_never_negative_without_deadlines(spec: Spec) -> None:
    schedule = build(spec).schedule
    assert all(value >= 0 for value in schedule.total_float)
    assert all(value >= 0 for value in schedule.free_float)


@settings(max_examples=150, deadline=None)
@given(specs(deadlines=True))
def test_late_schedule_respects_every_dependency_and_deadline(spec: Spec) -> None:
    schedule = build(spec).schedule
    for pred, succ, kind, lag in spec.links:
        d = spec.durations[succ]
        late_bound = {"FS": schedule.lf[pred] + lag, "SS": schedule.ls[pred] + lag,
                      "FF": schedule.lf[pred] + lag - d, "SF": schedule.ls[pred] + lag - d}[kind]
        assert schedule.ls[succ] >= late_bound
    for node, month in spec.finish_by.items():
        assert schedule.lf[node] <= month + 1
    assert all(lf <= schedule.finish for lf in schedule.lf)


@settings(max_examples=150, deadline=None)
@given(specs(constraints=False))
def test_longest_path_spans_the_plan(spec: Spec) -> None:
    rep = build(spec)
    schedule = rep.schedule
    assert rep.paths.paths, "a non-empty roadmap has a critical path"
    first = rep.paths.paths[0]
    assert schedule.es[first[0]] == 0
    assert schedule.ef[first[-1]] == schedule.finish


@settings(max_examples=150, deadline=None)
@given(specs(deadlines=True))
def test_paths_are_chains_of_critical_driving_links(spec: Spec) -> None:
    rep = build(spec, max_paths=50)
    schedule = rep.schedule
    network = schedule.network
    seen = []
    for path in rep.paths.paths:
        assert all(schedule.total_float[node] <= 0 for node in path)
        assert not schedule.driving(path[0])
        assert schedule.ef[path[-1]] == schedule.finish
        for pred, succ in itertools.pairwise(path):
            drivers = {link.pred for link in schedule.driving(succ)}
            assert pred in drivers
        key = (schedule.es[path[0]], [network.ids[node] for node in path])
        seen.append(key)
    assert seen == sorted(seen), "paths are ordered by first start, then by ids"
    assert len(set(map(str, seen))) == len(seen)
    if rep.paths.count is not None and rep.paths.count <= 50:
        assert len(rep.paths.paths) == rep.paths.count


@settings(max_examples=50, deadline=None)
@given(specs(deadlines=True))
def test_output_is_identical_across_runs(spec: Spec) -> None:
    assert to_json(build(spec)) == to_json(build(spec))


@settings(max_examples=100, deadline=None)
@given(specs(deadlines=True))
def test_free_floats_agrees_with_the_backward_pass(spec: Spec) -> None:
    schedule = build(spec).schedule
    assert free_floats(schedule.network, schedule.es, schedule.ef,
                       schedule.finish) == schedule.free_float


@settings(max_examples=100, deadline=None)
@given(specs(deadlines=True))
def test_late_finishes_agrees_with_the_backward_pass(spec: Spec) -> None:
    schedule = build(spec).schedule
    assert late_finishes(schedule.roadmap, schedule.network, schedule.order,
                         schedule.finish) == schedule.lf


def month_number(text: str) -> int:
    year, month = text.rsplit("-", 1)
    return int(year) * 12 + int(month) - 1


@settings(max_examples=150, deadline=None)
@given(specs(deadlines=True))
# a deadline in the plan's first month puts the late finish of what precedes it before the start
@example(Spec([3, 3], [(0, 1, "FS", 0)], {}, {1: 0}))
@example(Spec([6, 0, 3], [(0, 1, "FS", 0), (1, 2, "FS", 0)], {}, {2: 0}))
def test_shown_late_dates_span_the_duration(spec: Spec) -> None:
    """Late dates are shown as early dates are: a project of d > 0 months shows its late
    finish d − 1 months after its late start, even before the plan's start (a deadline can put
    it there)."""
    result = build(spec)
    document = json.loads(to_json(result))
    schedule = result.schedule
    for node, row in enumerate(document["projects"]):
        if row["duration"] == 0:  # a milestone: the month before its late start (0 at 0)
            late = schedule.ls[node]
            assert month_number(row["late_start"]) == month_number(row["late_finish"]) \
                == month_number(document["start"]) + (late - 1 if late else 0), row
        else:
            assert month_number(row["late_finish"]) - month_number(row["late_start"]) \
                == row["duration"] - 1, row
            assert month_number(row["finish"]) - month_number(row["start"]) \
                == row["duration"] - 1, row


@settings(max_examples=150, deadline=None)
@given(specs(deadlines=True))
def test_rows_show_dates_as_the_schedule_does(spec: Spec) -> None:
    """The JSON and CSV rows write `shown_start`, `shown_finish` and `shown_last` out for
    speed: they show every date as those functions do (deadlines give negative late dates)."""
    report_ = build(spec)
    schedule = report_.schedule
    for index, row in enumerate(project_rows(report_)):
        es, ef, ls, lf = (schedule.es[index], schedule.ef[index], schedule.ls[index],
                          schedule.lf[index])
        assert row["start"] == format_month(schedule.start + shown_start(es, ef))
        assert row["finish"] == format_month(schedule.start + shown_finish(ef))
        assert row["late_start"] == format_month(schedule.start + shown_start(ls, lf))
        assert row["late_finish"] == format_month(schedule.start + shown_last(ls, lf))


@settings(max_examples=150, deadline=None)
@given(specs(deadlines=True), st.lists(st.sampled_from(["priority", "support", None]),
                                       max_size=12), st.sampled_from(["phase", "wave"]))
def test_groups_list_their_projects_in_reading_order(spec: Spec, kinds: list[str | None],
                                                     by: str) -> None:
    """Each group lists its projects priority first, then support, then unclassified, each
    by early start, then in file order (the sort key is one number per project: the same
    order as those tuples)."""
    text = spec.toml()
    for node, kind in enumerate(kinds[:len(spec.durations)]):
        if kind is not None:
            text = text.replace(f"[projects.p{node}]\n", f'[projects.p{node}]\nkind = "{kind}"\n')
    report_ = report(text, by=by)
    schedule = report_.schedule
    rank = {"priority": 0, "support": 1, None: 2}
    projects = list(schedule.roadmap.projects.values())
    listed = []
    for group in report_.groups:
        keys = [(rank[projects[node].kind], schedule.es[node], node) for node in group.projects]
        assert keys == sorted(keys)
        assert all(report_.member_of[node] == group.id for node in group.projects)
        listed += group.projects
    assert sorted(listed) == list(range(len(projects)))
