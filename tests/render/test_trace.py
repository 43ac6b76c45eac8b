"""The traceability matrix in a terminal: ids whole at every width, CJK aligned."""

from __future__ import annotations

import io
import textwrap

import pytest
from rich.cells import cell_len
from rich.console import Console

import egovplan
from egovplan.analysis.cpm import compute
from egovplan.analysis.trace import Trace, trace
from egovplan.graph import build_network
from egovplan.render.trace import view
from tests.helpers import HEADER

from ..conftest import ROOT


def matrix(roadmap: egovplan.Roadmap) -> Trace:
    return trace(compute(roadmap, build_network(roadmap)))


def shown(parts: list[object], width: int) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None)
    for part in parts:
        table_width = getattr(part, "width", None)
        console.print(part, crop=not (isinstance(table_width, int) and table_width > width))
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"


SMALL = HEADER + """
[goals.services]
title = "민원 서비스"
[goals.services.measures.1]
title = "단일창구"
[projects.resident-registration]
title = "주민등록 (居民)"
kind = "priority"
duration = 12
serves = ["services.1", "services.1"]
"""


def test_narrow_terminal_puts_kind_phase_and_dates_under_the_id() -> None:
    roadmap = egovplan.check_bytes(SMALL.encode()).roadmap
    assert roadmap is not None
    assert shown(view(matrix(roadmap), 40), 40) == textwrap.dedent("""\
        Coverage: 1 of 1 measures served (1
        held)
        Goal services: 민원 서비스 — 1/1
        measures served

         Measure         Project
         ──────────────────────────────────────
         services.1      resident-registration
         단일창구        priority · — · 2000-01
                         – 2000-12
                         주민등록 (居民)

        Projects → measures

         Project                 Serves
         ──────────────────────────────────
         resident-registration   services.1

        """)


def test_a_measure_listed_twice_serves_once() -> None:
    roadmap = egovplan.check_bytes(SMALL.encode()).roadmap
    assert roadmap is not None
    result = matrix(roadmap)
    assert [ref.id for ref in result.goals[0].measures[0].projects] == [
        "resident-registration"]
    assert result.reverse[0][1] == ["services.1"]


@pytest.mark.parametrize("width", [30, 44, 52, 60, 80, 99, 100, 105, 110, 119, 140])
def test_no_id_is_cut_at_any_width(width: int) -> None:
    """Every reference and project id of the Korea roadmap is on a line of its own making,
    whole; tables are no wider than the terminal unless the ids need it."""
    roadmap = egovplan.load(ROOT / "roadmaps" / "korea-egov.toml")
    result = matrix(roadmap)
    text = shown(view(result, width), width)
    words = {word for line in text.splitlines() for word in line.split()}
    ids = {ref.id for goal in result.goals for row in goal.measures for ref in row.projects}
    references = {row.reference for goal in result.goals for row in goal.measures}
    assert ids <= words
    assert references <= words
    if width >= 80:  # the dates on one line too, in their column or under the id
        dates = [f"{ref.start} – {ref.finish}" for goal in result.goals
                 for row in goal.measures for ref in row.projects]
        assert all(text.count(date) >= dates.count(date) for date in dates)
    widest = max(cell_len(line) for line in text.splitlines())
    longest = max(map(len, ids)) + max(map(len, references)) + 6  # the two columns, spaced
    assert widest <= max(width, longest)


@pytest.mark.parametrize("width", [40, 50, 60, 70, 80, 100, 140])
def test_a_goal_whose_first_measure_nothing_serves_still_shows_its_dates(width: int) -> None:
    """The layout check reads a project's dates, not the first row's (empty) dates cell."""
    roadmap = egovplan.check_bytes((HEADER + """
[goals.g0]
title = "Goal zero"
[goals.g0.measures.1]
title = "Nobody serves this measure"
[goals.g0.measures.2]
title = "Served"
[projects.a-rather-long-project-identifier]
title = "Project with a long identifier"
kind = "priority"
serves = ["g0.2"]
duration = 3
""").encode()).roadmap
    assert roadmap is not None
    text = shown(view(matrix(roadmap), width), width)
    assert "a-rather-long-project-identifier" in text
    assert "2000-01" in text
    assert "2000-03" in text
    if width >= 60:  # wide enough for the dates on one line, in their column or under the id
        assert "2000-01 – 2000-03" in text


@pytest.mark.parametrize("width", [20, 30, 40, 50, 56, 60, 62, 64, 80, 100])
def test_the_reverse_view_keeps_every_reference_whole(width: int) -> None:
    """Projects → measures: every project's references, whole, under the heading (Rich,
    left to squeeze the columns itself, once cropped `efficiency.3` to `efficienc`)."""
    roadmap = egovplan.load(ROOT / "roadmaps" / "korea-egov.toml")
    result = matrix(roadmap)
    text = shown(view(result, width), width)
    reverse = text.split("Projects → measures", 1)[1]
    words = [word.rstrip(",") for line in reverse.splitlines() for word in line.split()]
    expected = [item for ref, serves in result.reverse for item in [ref.id, *serves]]
    assert [word for word in words if word in set(expected)] == expected
    widest = max(cell_len(line) for line in reverse.splitlines())
    longest_id = max(cell_len(ref.id) for ref, _ in result.reverse)
    longest_reference = max(cell_len(item) for _, serves in result.reverse for item in serves)
    assert widest <= max(width, longest_id + longest_reference + 5)


def test_markdown_says_a_goal_has_no_measures_instead_of_an_empty_table() -> None:
    from egovplan.render.trace import to_markdown

    roadmap = egovplan.load(ROOT / "roadmaps" / "korea-egov-seed.toml")
    result = matrix(roadmap)
    empty = [goal.goal for goal in result.goals if not goal.measures]
    markdown = to_markdown(result)
    sections = markdown.split("\n## ")
    for goal in result.goals:
        [section] = [s for s in sections if s.startswith(f"Goal {goal.goal}:")]
        if goal.goal in empty:
            assert section.splitlines()[2:] == ["**no measures**", ""]
        else:
            assert "| Measure | Project |" in section
    roadmap_text = HEADER + '[goals.empty]\ntitle = "Empty"\n'
    checked = egovplan.check_bytes(roadmap_text.encode())
    assert checked.roadmap is not None
    assert "## Goal empty: Empty (0/0 measures served)\n\n**no measures**\n" in to_markdown(
        matrix(checked.roadmap))


def test_an_id_longer_than_the_id_columns_folds_whole_in_the_reverse_view() -> None:
    long_id = "a-very-long-project-identifier-that-goes-on-and-on-for-seventy-chars"
    text = HEADER + (
        '[goals.g]\ntitle = "G"\n[goals.g.measures.1]\ntitle = "M"\n'
        '[goals.g.measures.2]\ntitle = "M2"\n'
        f'[projects.{long_id}]\ntitle = "A"\nduration = 1\nserves = ["g.1", "g.2"]\n'
        '[projects.b]\ntitle = "B"\nduration = 1\nserves = ["g.1"]\n')
    checked = egovplan.check_bytes(text.encode())
    assert checked.roadmap is not None
    shown_text = shown(view(matrix(checked.roadmap), 80), 80)
    reverse = shown_text.split("Projects → measures", 1)[1]
    assert "…" not in reverse
    assert "".join(line.split()[0] for line in reverse.splitlines()[4:6]) == long_id


def test_a_roadmap_without_projects_says_so() -> None:
    """The reverse table was an empty table under its heading."""
    from egovplan import api
    from egovplan.analysis.trace import trace as build_trace
    from egovplan.render.trace import to_markdown

    checked = api.check_bytes(b'format = 1\n[roadmap]\nid = "e"\ntitle = "E"\n'
                              b'start = "2025-01"\n')
    assert checked.roadmap is not None
    assert to_markdown(build_trace(api.schedule(checked.roadmap))).endswith(
        "## Projects → measures\n\n_No projects._\n")


def test_a_title_holding_a_projects_dates_does_not_hide_its_dates() -> None:
    """The five-column layout was chosen where a project's dates showed anywhere in a printed
    table: a title holding them passed with the Dates column cut, and the kind, phase and
    dates were shown nowhere. The two-column layout shows them under the id."""
    roadmap = egovplan.check_bytes((HEADER + """
[phases.ph]
title = "P"
start = "2000-01"
end = "2030-12"
[goals.g]
title = "G"
[goals.g.measures.1]
title = "Measure with a longish title here"
[projects.a-very-long-project-identifier-for-testing-purposes-xx]
title = "Deliver 2000-01 – 2000-12 wholeheartedly"
duration = 12
kind = "priority"
phase = "ph"
serves = ["g.1"]
""").encode()).roadmap
    assert roadmap is not None
    for width in (60, 80, 100):
        text = shown(view(matrix(roadmap), width), width)
        assert "priority · ph · 2000-01 – 2000-12" in text, width
