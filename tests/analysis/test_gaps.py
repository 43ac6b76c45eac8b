"""The gap report on the Korea roadmaps, and general claims about it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egovplan import api
from tests.helpers import HEADER

from ..conftest import ROOT


def gaps_of(path: str) -> list[tuple[str, tuple[str, ...]]]:
    checked = api.check_file(ROOT / path)
    return [(f.code, f.subject) for f in api.gaps(checked).findings]


def test_seed_roadmap_shows_the_documents_holes() -> None:
    found = gaps_of("roadmaps/korea-egov-seed.toml")
    assert ("declared-count", ("goals",)) in found
    assert ("declared-count", ("measures",)) in found
    assert ("numbering-hole", ("services", "services.3")) in found
    assert [code for code, _ in found].count("numbering-hole") == 1


def test_completed_roadmap_resolves_them() -> None:
    assert gaps_of("roadmaps/korea-egov.toml") == []


def test_seed_messages_say_what_is_missing() -> None:
    checked = api.check_file(ROOT / "roadmaps" / "korea-egov-seed.toml")
    messages = {f.message for f in api.gaps(checked).findings}
    assert "goal 'services' numbers its measures 1, 2, 4: 3 is missing" in messages
    assert "the source declares 3 goals; the roadmap holds 2 (1 missing)" in messages
    assert "the source declares 11 measures; the roadmap holds 6 (5 missing)" in messages


GOALS = """
[goals.g]
title = "Goal"
"""


@st.composite
def served_roadmaps(draw: st.DrawFn) -> tuple[str, str, str]:
    """A roadmap with no gaps; the index of a project that alone serves a measure, and the
    text without that project."""
    measures = draw(st.integers(1, 5))
    text = HEADER + GOALS
    for number in range(1, measures + 1):
        text += f'[goals.g.measures.{number}]\ntitle = "M{number}"\n'
    projects = []
    for number in range(1, measures + 1):
        extra = draw(st.integers(0, 2))  # more projects serving the same measure
        projects += [number] * (1 + extra)
    order = draw(st.permutations(projects))
    blocks = [f'[projects.p{i}]\ntitle = "P{i}"\nduration = {1 + i % 4}\n'
              f'serves = ["g.{measure}"]\n' for i, measure in enumerate(order)]
    alone = [i for i, measure in enumerate(order) if order.count(measure) == 1]
    if not alone:
        return text + "".join(blocks), "", ""
    removed = draw(st.sampled_from(alone))
    without = text + "".join(block for i, block in enumerate(blocks) if i != removed)
    return text + "".join(blocks), f"g.{order[removed]}", without


@settings(max_examples=100, deadline=None)
@given(served_roadmaps())
def test_removing_the_only_project_of_a_measure_adds_exactly_that_gap(
    case: tuple[str, str, str]
) -> None:
    full, measure, without = case
    before = api.gaps(api.check_bytes(full.encode())).findings
    assert before == []
    if not measure:
        return
    after = api.gaps(api.check_bytes(without.encode())).findings
    assert [(f.code, f.subject) for f in after] == [("measure-without-projects", (measure,))]


def test_a_missed_deadline_counts_months_from_the_month_shown() -> None:
    """A milestone at the plan's very start is shown in its first month (2025-06): the message
    counts five months from 2025-01 to that month, not four."""
    text = ('format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2025-06"\n'
            '[projects.m]\ntitle = "M"\nduration = 0\nfinish_by = "2025-01"\n'
            '[projects.p]\ntitle = "P"\nduration = 3\nfinish_by = "2025-07"\n')
    checked = api.check_bytes(text.encode())
    messages = [f.message for f in api.gaps(checked).findings if f.code == "deadline-missed"]
    assert messages == [
        "project 'm' is reached in 2025-06 at the earliest, 5 months after its deadline 2025-01",
        "project 'p' finishes in 2025-08 at the earliest, 1 month after its deadline 2025-07",
    ]


def test_gaps_counted_only_are_not_located() -> None:
    """`validate` counts a valid file's gaps and shows none of them: it asks for them without
    positions, and the text is not scanned for any (on a large roadmap with many gaps, that
    scan was most of `validate`'s time). Everything else about each gap is the same."""
    path = ROOT / "roadmaps" / "korea-egov-seed.toml"
    counted = api.check_file(path)
    unlocated = api.gaps(counted, located=False)
    assert counted.source is not None
    assert counted.source.locator._scan is None
    located = api.gaps(api.check_file(path))
    assert unlocated.findings
    assert [(f.code, f.severity, f.message, f.subject) for f in unlocated.findings] == [
        (f.code, f.severity, f.message, f.subject) for f in located.findings]
    assert all(f.line is None and f.column is None for f in unlocated.findings)
    assert any(f.line is not None for f in located.findings)
    assert (unlocated.errors, unlocated.warnings) == (located.errors, located.warnings)


def test_every_gap_code_can_be_ignored() -> None:
    """`ignore = [...]` and `--ignore` accept exactly the codes the gap checks report (a code
    added to the checks once was not accepted)."""
    from typing import get_args

    from egovplan.analysis.gaps import GAPS
    from egovplan.model.roadmap import GapCode

    assert set(get_args(GapCode)) == set(GAPS)


def test_duplicate_dependency_is_ignored_by_option_and_by_the_file(tmp_path: object) -> None:
    from pathlib import Path

    from ..conftest import run_cli

    source = ROOT / "tests" / "roadmaps" / "gaps" / "duplicate-dependency-positive.toml"
    assert run_cli("gaps", "--strict", str(source)).code == 1  # a warning, failing --strict
    result = run_cli("gaps", "--strict", "--ignore", "duplicate-dependency", str(source))
    assert result.code == 0, result.err
    assert "0 gaps" in result.out
    assert "suppressed: duplicate-dependency ×1 (--ignore)" in result.out
    text = source.read_text(encoding="utf-8").replace(
        'start = "2024-01"', 'start = "2024-01"\nignore = ["duplicate-dependency"]', 1)
    path = Path(str(tmp_path)) / "ignored.toml"
    path.write_text(text, encoding="utf-8")
    assert run_cli("validate", "--strict", str(path)).code == 0
    assert run_cli("gaps", "--strict", str(path)).code == 0


def test_a_measure_numbered_past_any_count_is_not_counted() -> None:
    """Python will not read a number of more than 4,300 digits; such a key (or any of more
    than 18 digits) is not counted for numbering, and the rest still is."""
    huge = "9" * 5000
    text = HEADER + (
        '[goals.g]\ntitle = "G"\n'
        '[goals.g.measures.1]\ntitle = "M1"\n[goals.g.measures.3]\ntitle = "M3"\n'
        f'[goals.g.measures.{huge}]\ntitle = "Big"\n'
        f'[goals.g.measures.{"0" * 30}19]\ntitle = "Nineteen"\n'
        f'[projects.a]\ntitle = "A"\nduration = 1\nserves = ["g.1", "g.3", "g.{huge}"]\n')
    checked = api.check_bytes(text.encode())
    messages = [f.message for f in api.gaps(checked).findings if f.code == "numbering-hole"]
    assert messages == ["goal 'g' numbers its measures 1, 3, " + "0" * 30 + "19: 2, 4–18 "
                        "are missing"]


def _over_capacity(body: str) -> list[str]:
    checked = api.check_bytes((HEADER + 'ignore = ["project-without-measures"]\n' + body).encode())
    assert checked.roadmap is not None, checked.findings
    return [f.message for f in api.gaps(checked).findings if f.code == "over-capacity"]


def test_over_capacity_tolerates_rounding_relative_to_the_capacity() -> None:
    budget = ('[resources.budget]\ncapacity = {capacity}\n'
              '[projects.a]\ntitle = "A"\nduration = 2\nuses = {{ budget = {a} }}\n'
              '[projects.b]\ntitle = "B"\nduration = 2\nuses = {{ budget = {b} }}\n')
    # sums that are the capacity but for the rounding of binary fractions: no finding
    assert _over_capacity(budget.format(capacity=64158076.4, a=41952490.1, b=22205586.3)) == []
    assert _over_capacity(budget.format(capacity=0.3, a=0.1, b=0.2)) == []
    # tiny capacities are checked too (an absolute tolerance of 1e-9 once swallowed them)
    assert _over_capacity(budget.format(capacity=1e-10, a=1e-10, b=1e-10)) == [
        "resource 'budget' is over capacity in 2000-01 – 2000-02 (2 months): up to 2e-10 of "
        "1e-10 used, 1e-10 over"]
    assert _over_capacity(budget.format(capacity=0.3, a=0.15, b=0.150000001)) != []
    # the excess without the subtraction's float noise (was "9.99999999998e-05 over")
    assert _over_capacity(budget.format(capacity=10, a=5, b=5.0001)) == [
        "resource 'budget' is over capacity in 2000-01 – 2000-02 (2 months): up to 10.0001 of "
        "10 used, 0.0001 over"]


def test_over_capacity_sums_exactly_so_a_huge_use_ending_leaves_no_trace() -> None:
    """In floating point, 1e17 + 1 - 1e17 is 0: the months after the huge use ended once
    looked free though the small one alone was over."""
    body = ('[resources.r]\ncapacity = 0.5\n'
            '[projects.big]\ntitle = "Big"\nduration = 2\nuses = { r = 1e17 }\n'
            '[projects.small]\ntitle = "Small"\nduration = 6\nuses = { r = 1 }\n')
    [message] = _over_capacity(body)
    assert message.startswith("resource 'r' is over capacity in 2000-01 – 2000-06 (6 months)")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5),
                          st.floats(1e-12, 1e18, allow_nan=False)), min_size=1, max_size=6))
def test_resource_usage_is_the_exact_sum_of_each_month(projects: list[tuple[int, int, float]]
                                                       ) -> None:
    from fractions import Fraction

    from egovplan.analysis.gaps import resource_usage

    body = "[resources.r]\ncapacity = 1\n" + "".join(
        f'[projects.p{n}]\ntitle = "P"\nduration = {d}\nnot_before = "2000-0{s + 1}"\n'
        f"uses = {{ r = {amount!r} }}\n" for n, (s, d, amount) in enumerate(projects))
    checked = api.check_bytes((HEADER + body).encode())
    assert checked.roadmap is not None, checked.findings
    schedule = api.schedule(checked.roadmap).schedule
    usage = resource_usage(checked.roadmap, schedule, "r")
    assert len(usage) == schedule.finish
    for month, used in enumerate(usage):
        exact = sum((Fraction(amount) for s, d, amount in projects if s <= month < s + d),
                    Fraction(0))
        assert used == float(exact)


def test_a_milestone_at_the_plans_start_meets_a_bound_of_the_month_before_both_ways() -> None:
    """`phase-overrun` and `deadline-missed` judge alike: a milestone at month 0 ends at the
    boundary with the month before the plan (the contract's `EF`), meeting both."""
    def codes(end: str) -> list[str]:
        body = (f'[phases.p0]\ntitle = "Before"\nstart = "1999-01"\nend = "{end}"\n'
                f'[projects.m]\ntitle = "M"\nduration = 0\nfinish_by = "{end}"\nphase = "p0"\n')
        checked = api.check_bytes((HEADER + body).encode())
        assert checked.roadmap is not None, checked.findings
        return sorted(f.code for f in api.gaps(checked).findings
                      if f.code in ("phase-overrun", "deadline-missed"))

    assert codes("1999-12") == []
    assert codes("1999-11") == ["deadline-missed", "phase-overrun"]


def test_over_capacity_of_whole_amounts_and_of_the_largest_capacities() -> None:
    """The tolerance is for the rounding of decimal amounts only: 5 won over ten billion is
    over; and a capacity near the largest float still limits (its limit once overflowed to
    infinity, which turned every check off)."""
    won = ('[resources.budget]\ncapacity = 10000000000\n'
           '[projects.a]\ntitle = "A"\nduration = 2\nuses = { budget = 6000000000 }\n'
           '[projects.b]\ntitle = "B"\nduration = 2\nuses = { budget = 4000000005 }\n')
    assert _over_capacity(won) == [
        "resource 'budget' is over capacity in 2000-01 – 2000-02 (2 months): up to "
        "10000000005 of 10000000000 used, 5 over"]
    largest = ('[resources.team]\ncapacity = 1.7976931348623157e308\n'
               '[projects.a]\ntitle = "A"\nduration = 2\nuses = { team = 1e308 }\n'
               '[projects.b]\ntitle = "B"\nduration = 2\nuses = { team = 1e308 }\n')
    assert len(_over_capacity(largest)) == 1


@pytest.mark.parametrize(("keys", "message", "subject"), [
    (["01", "02", "04"], "numbers its measures 01, 02, 04: 03 is missing", ("g", "g.03")),
    (["001", "005"], "numbers its measures 001, 005: 002–004 are missing",
     ("g", "g.002", "g.003", "g.004")),
    (["1", "2", "4"], "numbers its measures 1, 2, 4: 3 is missing", ("g", "g.3")),
    # widths differ: no one spelling to follow
    (["01", "2", "04"], "numbers its measures 01, 2, 04: 3 is missing", ("g", "g.3")),
])
def test_a_hole_is_spelled_as_the_goal_spells_its_keys(keys: list[str], message: str,
                                                       subject: tuple[str, ...]) -> None:
    """`g.3` named no reference of a goal whose keys are `01`, `02`, `04`: `g.03` does."""
    measures = "".join(f'[goals.g.measures.{key}]\ntitle = "M{key}"\n' for key in keys)
    serves = ", ".join(f'"g.{key}"' for key in keys)
    checked = api.check_bytes((HEADER + f'[goals.g]\ntitle = "G"\n{measures}'
                               f'[projects.a]\ntitle = "A"\nduration = 1\nserves = [{serves}]\n'
                               ).encode())
    holes = [f for f in api.gaps(checked).findings if f.code == "numbering-hole"]
    assert [(f.message, f.subject) for f in holes] == [(f"goal 'g' {message}", subject)]


@pytest.mark.parametrize("path", ["examples/korea-egov-scenario.toml", "examples/resources.toml"])
def test_resource_use_read_in_one_pass_is_the_same(path: str) -> None:
    """`users_by_resource` (every project read once, for all resources: reading every project
    for each resource was resources × projects) gives each resource's use as reading them all
    does."""
    from egovplan.analysis.cpm import compute
    from egovplan.analysis.gaps import resource_usage, users_by_resource

    checked = api.check_file(ROOT / path)
    assert checked.roadmap is not None
    assert checked.roadmap.resources
    schedule = compute(checked.roadmap, checked.network)
    users = users_by_resource(checked.roadmap)
    for name in checked.roadmap.resources:
        assert resource_usage(checked.roadmap, schedule, name, users.get(name, [])) == \
            resource_usage(checked.roadmap, schedule, name)
