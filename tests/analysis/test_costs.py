"""`egovplan cost`: costs added up, in all and by year, phase, agency, domain and kind."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egovplan import api
from egovplan.analysis.costs import GROUPINGS, cost_report
from egovplan.analysis.cpm import compute
from egovplan.graph import build_network
from tests.helpers import HEADER

from ..conftest import ROOT, run_cli


def report_of(text: str, by: str):  # type: ignore[no-untyped-def]
    checked = api.check_bytes(text.encode())
    assert checked.roadmap is not None, checked.findings
    return cost_report(compute(checked.roadmap, build_network(checked.roadmap)), by)  # type: ignore[arg-type]


def example(by: str):  # type: ignore[no-untyped-def]
    return report_of((ROOT / "examples" / "costs.toml").read_text(encoding="utf-8"), by)


@pytest.mark.parametrize(("by", "rows"), [
    # identity 24 in 2025; benefits 36 from 2025-07 for 12 months: 18 and 18; hometax 18 from
    # 2026-07 for 12 months: 9 and 9; the launch's 0.5 in 2027
    ("year", [("2025", 42.0, 2), ("2026", 27.0, 2), ("2027", 9.5, 2)]),
    # the launch has no phase: it counts where the phased schedule shows it, in the roll-out
    ("phase", [("build", 60.0, 2), ("rollout", 18.5, 2)]),
    ("agency", [("Ministry of Health and Welfare", 36.0, 1),
                ("Ministry of the Interior and Safety", 24.0, 1),
                ("National Tax Service", 18.0, 1), ("", 0.5, 1)]),
    ("domain", [("welfare", 60.0, 2), ("tax", 42.0, 2), ("", 0.5, 1)]),
    ("kind", [("priority", 60.0, 2), ("support", 18.0, 1), ("", 0.5, 1)]),
])
def test_the_examples_costs(by: str, rows: list[tuple[str, float, int]]) -> None:
    report = example(by)
    assert (report.total, report.costed, report.uncosted) == (78.5, 4, ["survey"])
    assert [(row.key, row.cost, row.projects) for row in report.rows] == rows
    assert report.overlapping is (by == "domain")


def test_a_cost_is_spread_over_the_months_its_project_works() -> None:
    report = report_of(HEADER.replace('start = "2000-01"', 'start = "2000-07"')
                       + '[projects.a]\ntitle = "A"\nduration = 24\ncost = 2.4\n'
                       '[projects.m]\ntitle = "M"\nduration = 0\ncost = 1\ndepends_on = ["a"]\n',
                       "year")
    # 2000-07 … 2002-06: 6, 12 and 6 months; the milestone is shown in 2002-06
    assert [(row.key, row.cost) for row in report.rows] == [
        ("2000", pytest.approx(0.6)), ("2001", pytest.approx(1.2)), ("2002", pytest.approx(1.6))]


@st.composite
def roadmaps(draw: st.DrawFn) -> str:
    count = draw(st.integers(0, 8))
    text = HEADER + '[domains]\nd1 = "D1"\nd2 = "D2"\n[phases.p]\ntitle = "P"\n' \
        'start = "2000-01"\nend = "2001-12"\n'
    for index in range(count):
        text += f'[projects.p{index}]\ntitle = "P{index}"\n'
        text += f"duration = {draw(st.integers(0, 40))}\n"
        if draw(st.booleans()):
            text += f"cost = {draw(st.floats(0, 1e6, allow_nan=False))!r}\n"
        if draw(st.booleans()):
            text += 'phase = "p"\n'
        if draw(st.booleans()):
            text += f'kind = "{draw(st.sampled_from(["priority", "support"]))}"\n'
        agency = draw(st.sampled_from(["", "A", " A ", "B"]))
        if agency:
            text += f'agency = "{agency}"\n'
        domains = draw(st.lists(st.sampled_from(["d1", "d2"]), unique=True))
        if domains:
            text += f"domains = {json.dumps(domains)}\n"
        if index and draw(st.booleans()):
            text += f'depends_on = ["p{draw(st.integers(0, index - 1))}"]\n'
        text += f'not_before = "{2000 + draw(st.integers(0, 3))}-0{draw(st.integers(1, 9))}"\n'
    return text


@settings(max_examples=150, deadline=None)
@given(roadmaps())
def test_every_grouping_adds_up_to_the_total(text: str) -> None:
    """Every cost is counted once in every grouping but by domain (where a project counts in
    each of its domains), by year spread over months that add up to it."""
    checked = api.check_bytes(text.encode())
    assert checked.roadmap is not None, checked.findings
    projects = checked.roadmap.projects
    for by in GROUPINGS:
        report = report_of(text, by)
        assert report.costed + len(report.uncosted) == len(projects)
        assert report.total == math.fsum(p.cost or 0 for p in projects.values())
        added = math.fsum(row.cost for row in report.rows)
        if by == "domain":
            assert added == pytest.approx(math.fsum(
                (p.cost or 0) * max(1, len(set(p.domains)))
                for p in projects.values() if p.cost is not None), rel=1e-12, abs=1e-6)
        else:
            assert added == pytest.approx(report.total, rel=1e-12, abs=1e-6)
        assert len({row.key for row in report.rows}) == len(report.rows)
        assert all(row.projects > 0 for row in report.rows)


def test_cli_text() -> None:
    run = run_cli("cost", "examples/costs.toml")
    assert run.code == 0
    assert run.out == (
        "Total 78.5 for 4 projects with a cost; no cost given for 1: survey\n"
        "\n"
        " Year   Cost   Share   Projects\n"
        " ──────────────────────────────\n"
        " 2025     42   53.5%          2\n"
        " 2026     27   34.4%          2\n"
        " 2027    9.5   12.1%          2\n"
        "\n")


def test_cli_json_csv_and_markdown() -> None:
    document = json.loads(run_cli("cost", "examples/costs.toml", "--by", "domain", "-f",
                                  "json").out)
    assert document["by"] == "domain"
    assert (document["total"], document["projects_with_cost"]) == (78.5, 4)
    assert document["projects_without_cost"] == ["survey"]
    assert document["overlapping"] is True
    assert document["rows"][0] == {"key": "welfare", "title": "Welfare (복지)", "cost": 60.0,
                                   "share": 60 / 78.5, "projects": 2}
    assert document["rows"][-1]["key"] is None
    rows = list(csv.reader(io.StringIO(run_cli("cost", "examples/costs.toml", "--by", "agency",
                                               "-f", "csv").out)))
    assert rows[0] == ["agency", "title", "cost", "projects"]
    assert rows[1] == ["Ministry of Health and Welfare", "Ministry of Health and Welfare",
                       "36", "1"]
    assert rows[-1] == ["", "no agency", "0.5", "1"]
    markdown = run_cli("cost", "examples/costs.toml", "--by", "phase", "-f", "markdown").out
    assert markdown == (
        "# Costs by phase\n\n"
        "Total 78.5 for 4 projects with a cost; no cost given for 1: survey.\n\n"
        "| Phase | Title | Cost | Share | Projects |\n"
        "|---|---|--:|--:|--:|\n"
        "| `build` | Build | 60 | 76.4% | 2 |\n"
        "| `rollout` | Roll-out | 18.5 | 23.6% | 2 |\n")


def test_a_roadmap_without_costs_says_so() -> None:
    run = run_cli("cost", "roadmaps/korea-egov-seed.toml")
    assert run.code == 0
    assert run.out.startswith("Total 0 for 0 projects with a cost; no cost given for ")
    assert "no project has a cost" in run.out


def test_an_invalid_roadmap_is_reported_not_added_up() -> None:
    run = run_cli("cost", "tests/roadmaps/invalid/unknown-domain.toml")
    assert run.code == 1
    assert "error unknown-domain" in run.out + run.err
    assert "Total" not in run.out


def test_costs_near_the_largest_float(tmp_path: Path) -> None:
    """Two costs of 1e308 crashed (fsum's overflow, exit 3); one of 1.5e308 made every year
    infinite (cost × months overflowed before the division)."""
    one = report_of(HEADER.replace('"2000-01"', '"2025-07"')
                    + '[projects.a]\ntitle = "A"\nduration = 24\ncost = 1.5e308\n', "year")
    assert [(row.key, row.cost) for row in one.rows] == [
        ("2025", 1.5e308 / 24 * 6), ("2026", 1.5e308 / 24 * 12), ("2027", 1.5e308 / 24 * 6)]
    two = report_of(HEADER + '[projects.a]\ntitle = "A"\nduration = 1\ncost = 1e308\n'
                    '[projects.b]\ntitle = "B"\nduration = 1\ncost = 1e308\n', "kind")
    assert (two.total, two.rows[0].cost) == (math.inf, math.inf)
    path = tmp_path / "big.toml"
    path.write_text(HEADER + '[projects.a]\ntitle = "A"\nduration = 1\ncost = 1e308\n'
                    '[projects.b]\ntitle = "B"\nduration = 1\ncost = 1e308\n'
                    '[projects.c]\ntitle = "C"\nduration = 1\ncost = 5\nkind = "support"\n',
                    encoding="utf-8")
    run = run_cli("cost", str(path), "--by", "kind")
    assert run.code == 0, run.err
    assert run.out.startswith("Total inf for 3 projects with a cost")
    assert "(unclassified)" in run.out
    assert " support " in run.out
    assert "nan" not in run.out  # a share of an infinite total is none to give
    assert "0.0%" not in run.out  # (a finite cost of an infinite total is no share either)
    shares = [row["share"] for row in json.loads(
        run_cli("cost", str(path), "--by", "kind", "-f", "json").out)["rows"]]
    assert shares == [None, None]


def test_agencies_are_shown_safely_and_amounts_in_digits(tmp_path: Path) -> None:
    text = (HEADER + '[projects.a]\ntitle = "A"\nduration = 7\ncost = 1_250_000_000_000.5\n'
            'agency = "MOIS\\u001b[2J\\u202eevil"\n'
            '[projects.b]\ntitle = "B"\nduration = 1\ncost = 3_000_000_000_000\n'
            'agency = "no agency"\n[projects.c]\ntitle = "C"\nduration = 1\ncost = 1\n')
    path = tmp_path / "agencies.toml"
    path.write_text(text, encoding="utf-8")
    run = run_cli("cost", str(path), "--by", "agency", env={"COLUMNS": "120"})
    assert run.code == 0, run.err
    assert "\x1b" not in run.out
    assert "\u202e" not in run.out
    assert "MOIS\\x1b[2J\\u202eevil" in run.out
    assert "Total 4,250,000,000,001.5 for 3 projects" in run.out  # not 4.25e+12
    from egovplan.numbers import grouped

    assert grouped(1_000_000_000_000_007.0) == "1,000,000,000,000,007"  # not 1e+15
    assert grouped(0.000123456789012) == "0.000123456789012"  # 12 significant digits
    assert " no agency " in run.out
    assert "(no agency)" in run.out


def test_level_spreads_costs_over_the_leveled_months(tmp_path: Path) -> None:
    """`--level`: the leveled schedule moves a project into 2026, and its cost with it."""
    early = run_cli("cost", "examples/resources.toml", "-f", "json")
    leveled = run_cli("cost", "examples/resources.toml", "--level", "-f", "json")
    assert (early.code, leveled.code) == (0, 0)
    assert [row["key"] for row in json.loads(early.out)["rows"]] == ["2025"]
    rows = json.loads(leveled.out)["rows"]
    assert [(row["key"], row["cost"]) for row in rows] == [("2025", 13.5), ("2026", 1.5)]
    # a project larger than its resource cannot be leveled: reported, exit 1
    path = tmp_path / "big.toml"
    path.write_text(HEADER + '[resources.r]\ncapacity = 1\n[projects.a]\ntitle = "A"\n'
                    'duration = 1\ncost = 3\nuses = { r = 2 }\n', encoding="utf-8")
    run = run_cli("cost", str(path), "--level")
    assert run.code == 1
    assert "error over-capacity" in run.err


def _table_widths(out: str) -> set[int]:
    """The widths of the tables' rule lines (`─`), each table's width."""
    return {len(line.strip()) for line in out.splitlines() if set(line.strip()) == {"─"}}


@pytest.mark.parametrize("columns", [30, 40, 50, 59])
def test_a_narrow_terminal_never_gets_a_wider_table(columns: int) -> None:
    """Under 60 columns the table was drawn 60 cells wide whatever it held (the years' table
    31 cells at 60 columns, 59 at 50); now a table that fits keeps its own width, and one that
    does not is laid out in at most 60 cells."""
    by_year = run_cli("cost", "examples/costs.toml", env={"COLUMNS": str(columns)})
    wide = run_cli("cost", "examples/costs.toml", env={"COLUMNS": "100"})
    assert by_year.code == 0, by_year.err
    assert _table_widths(by_year.out) == _table_widths(wide.out) == {30}
    by_agency = run_cli("cost", "examples/costs.toml", "--by", "agency",
                        env={"COLUMNS": str(columns)})
    assert by_agency.code == 0, by_agency.err
    (width,) = _table_widths(by_agency.out)
    assert width < 60
    assert "Ministry of Health and Welfare" in by_agency.out  # not folded letter by letter
