"""CPM exactly per the contract: hand-computed cases, then general properties."""

from __future__ import annotations

import pytest

from egovplan import api
from egovplan.analysis.cpm import compute
from tests.helpers import report


def times(body: str) -> dict[str, tuple[int, int, int, int, int, int]]:
    """id → (ES, EF, LS, LF, total float, free float), in months from 2000-01."""
    schedule = report(body).schedule
    return {
        project_id: (schedule.es[i], schedule.ef[i], schedule.ls[i], schedule.lf[i],
                     schedule.total_float[i], schedule.free_float[i])
        for i, project_id in enumerate(schedule.network.ids)
    }


def two(duration_a: int, duration_b: int, dependency: str) -> str:
    return f"""
    [projects.a]
    title = "A"
    duration = {duration_a}
    [projects.b]
    title = "B"
    duration = {duration_b}
    depends_on = [{dependency}]
    """


@pytest.mark.parametrize(
    ("body", "expected_a", "expected_b"),
    [
        # FS: b starts when a finishes
        (two(3, 2, '"a"'), (0, 3, 0, 3, 0, 0), (3, 5, 3, 5, 0, 0)),
        # FS with a lag of 2 months, and with a lead of one quarter (capped at month 0)
        (two(3, 2, '{ id = "a", lag = 2 }'), (0, 3, 0, 3, 0, 0), (5, 7, 5, 7, 0, 0)),
        (two(6, 2, '{ id = "a", lag = "-1q" }'), (0, 6, 0, 6, 0, 0), (3, 5, 4, 6, 1, 1)),
        # SS + 1: b may start a month after a starts
        (two(4, 2, '{ id = "a", type = "SS", lag = 1 }'), (0, 4, 0, 4, 0, 0), (1, 3, 2, 4, 1, 1)),
        # FF: b finishes no earlier than a
        (two(4, 2, '{ id = "a", type = "FF" }'), (0, 4, 0, 4, 0, 0), (2, 4, 2, 4, 0, 0)),
        # FF whose bound is negative: b starts at month 0, a has slack
        (two(1, 5, '{ id = "a", type = "FF" }'), (0, 1, 4, 5, 4, 4), (0, 5, 0, 5, 0, 0)),
        # SF + 4: b finishes no earlier than 4 months after a starts
        (two(3, 2, '{ id = "a", type = "SF", lag = 4 }'), (0, 3, 0, 3, 0, 0), (2, 4, 2, 4, 0, 0)),
        # SS with a negative lag is capped at month 0 too
        # (free float is the slack of the outgoing constraint, as the contract defines it)
        (two(2, 3, '{ id = "a", type = "SS", lag = -2 }'), (0, 2, 1, 3, 1, 2), (0, 3, 0, 3, 0, 0)),
    ],
    ids=["FS", "FS+2", "FS-1q", "SS+1", "FF", "FF-negative-bound", "SF+4", "SS-2"],
)
def test_dependency_types(
    body: str, expected_a: tuple[int, ...], expected_b: tuple[int, ...]
) -> None:
    result = times(body)
    assert result["a"] == expected_a
    assert result["b"] == expected_b


def test_not_before_and_phase_start_delay_the_start() -> None:
    result = times("""
    [phases.p]
    start = "2000-06"
    end = "2000-12"
    [projects.a]
    title = "A"
    duration = 2
    not_before = "2000-04"
    [projects.b]
    title = "B"
    duration = 1
    phase = "p"
    [projects.c]
    title = "C"
    duration = 1
    phase = "p"
    not_before = "2000-08"
    """)
    assert result["a"][:2] == (3, 5)
    assert result["b"][:2] == (5, 6)
    assert result["c"][:2] == (7, 8)


def test_missed_deadline_gives_negative_float_along_the_chain() -> None:
    result = times("""
    [projects.a]
    title = "A"
    duration = 4
    [projects.b]
    title = "B"
    duration = 6
    depends_on = ["a"]
    finish_by = "2000-08"
    """)
    # b must finish in 2000-08 (LF = month 8, exclusive) but EF = 10: float −2 for both
    assert result["b"] == (4, 10, 2, 8, -2, 0)
    assert result["a"] == (0, 4, -2, 2, -2, 0)


def test_deadline_that_is_met_limits_late_dates_only() -> None:
    result = times("""
    [projects.a]
    title = "A"
    duration = 2
    finish_by = "2000-05"
    [projects.b]
    title = "B"
    duration = 10
    """)
    assert result["a"] == (0, 2, 3, 5, 3, 8)


def test_milestone_dates_are_shown_as_the_month_that_ends() -> None:
    rep = report("""
    [projects.work]
    title = "Work"
    duration = "2y"
    [projects.done]
    title = "Done"
    duration = 0
    depends_on = ["work"]
    [projects.kickoff]
    title = "Kick-off"
    duration = 0
    """)
    schedule = rep.schedule
    index = schedule.network.index
    assert schedule.es[index["done"]] == 24
    assert schedule.shown_start(index["done"]) == "2001-12"
    assert schedule.shown_finish(index["done"]) == "2001-12"
    assert schedule.shown_start(index["kickoff"]) == "2000-01"
    assert schedule.shown_finish(index["work"]) == "2001-12"
    assert schedule.shown_plan_finish() == "2001-12"


def test_empty_roadmap_has_an_empty_schedule() -> None:
    rep = report("")
    assert rep.schedule.finish == 0
    assert rep.paths.paths == []
    assert rep.paths.count == 0


def test_a_long_plan_within_the_calendar_is_valid() -> None:
    """Durations that add up past the year 9999, in parallel: the cheap bound cannot clear the
    file, the schedule does (it ends in 3000), and the checks' schedule is the one reused."""
    projects = "".join(f'[projects.p{i}]\ntitle = "P{i}"\nduration = 12000\n' for i in range(12))
    checked = api.check_bytes(
        ('format = 1\n[roadmap]\nid = "long"\ntitle = "Long"\nstart = "2000-01"\n'
         + projects + '[projects.last]\ntitle = "L"\nduration = 0\nfinish_by = "2999-12"\n'
         'depends_on = ["p0"]\n').encode())
    assert checked.valid, checked.findings
    assert checked.roadmap is not None
    assert checked.network is not None
    kept = checked.network.schedule  # computed by the date-out-of-range check
    assert kept is not None
    schedule = compute(checked.roadmap, checked.network)
    assert schedule is kept
    assert schedule is compute(checked.roadmap, checked.network)
    assert schedule.shown_plan_finish() == "2999-12"


def test_networks_with_their_schedules_compare_without_recursion() -> None:
    body = '[projects.a]\ntitle = "A"\nduration = 2\n'
    first, second = report(body).schedule.network, report(body).schedule.network
    assert first.schedule is not None
    assert second.schedule is not None
    assert first == second  # the kept schedule, which points back at its network, is not compared


def test_a_phase_called_unphased_keeps_the_unphased_projects_apart() -> None:
    """A project outside every phase window goes to a group of its own, listed last, even
    where a phase is declared with the id "unphased"."""
    result = report("""
[phases.unphased]
title = "A phase called unphased"
start = "2000-01"
end = "2000-02"
[projects.a]
title = "A"
phase = "unphased"
duration = 2
[projects.b]
title = "B"
duration = 2
depends_on = ["a"]
""")
    assert [(group.id, group.title, group.projects) for group in result.groups] == [
        ("unphased", "A phase called unphased", [0]), ("unphased-2", "Unphased", [1])]
    assert result.member_of == ["unphased", "unphased-2"]
