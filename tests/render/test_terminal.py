"""Exact expected output of the human formats, at a fixed width, without colour."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from egovplan.render.schedule import to_markdown
from egovplan.render.terminal import critical_path_view, phase_tables, schedule_view
from tests.conftest import run_cli
from tests.helpers import report

ROADMAP = """
[phases.build]
title = "Build"
start = "2000-01"
end = "2000-12"

[projects.registry]
title = "주민등록 registry"
kind = "priority"
phase = "build"
duration = 4

[projects.portal]
title = "民生 portal"
kind = "support"
phase = "build"
duration = 3
depends_on = [{ id = "registry", type = "SS", lag = 1 }]

[projects.launch]
title = "Launch"
duration = 0
depends_on = ["registry", "portal"]
"""


def render(parts: list[object], width: int = 72) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, highlight=False)
    for part in parts:
        console.print(part)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"


def test_schedule_table_and_gantt() -> None:
    text = render(schedule_view(report(ROADMAP), width=72, show_gantt=True))
    assert text == textwrap.dedent("""\
        Test (t)
        Start          2000-01
        Finish         2000-04 (4 months, 0.3 years)
        Projects       3 (1 milestone)
        Critical path  registry → launch (1 of 2 critical paths)

        Build (2000-01 – 2000-12)

         Project           Kind       Start     Finish    Months   Float   Crit
         ──────────────────────────────────────────────────────────────────────
         registry          priority   2000-01   2000-04        4       0    ●
         주민등록
         registry
         portal            support    2000-02   2000-04        3       0    ●
         民生 portal
         launch            —          2000-04   2000-04        0       0    ●
         Launch

        Timeline
                          2000
        Build             ├────────────────────────────────────────────────────┤
        주민등록 registry ██████████████████                                   ┆
        民生 portal       ┆   ██████████████                                   ┆
        Launch            ┆                 ◆                                  ┆
        █ critical  ▒ other  · total float  ◆ milestone  ┆ phase window
        """)


def test_summary_when_max_paths_lists_none() -> None:
    text = render(schedule_view(report(ROADMAP, max_paths=0), width=72, show_gantt=False))
    assert "Critical path  not listed (2 critical paths)\n" in text


def test_critical_path_view() -> None:
    text = render(critical_path_view(report(ROADMAP)), width=100)
    assert "2 critical paths" in text
    assert "Path 1: portal → launch" not in text
    assert "Path 1: registry → launch" in text
    assert "Path 2: registry → portal → launch" in text
    assert "SS+1m after registry" in text


def test_markdown_schedule() -> None:
    assert to_markdown(report(ROADMAP)) == textwrap.dedent("""\
        # Test

        - Start: 2000-01
        - Finish: 2000-04 (4 months, 0.3 years)
        - Projects: 3 (1 milestone)
        - Critical path: registry → launch (1 of 2 critical paths)

        ## Build (2000-01 – 2000-12)

        | ID | Title | Kind | Start | Finish | Months | Float | Critical |
        |---|---|---|---|---|--:|--:|:-:|
        | registry | 주민등록 registry | priority | 2000-01 | 2000-04 | 4 | 0 | ● |
        | portal | 民生 portal | support | 2000-02 | 2000-04 | 3 | 0 | ● |
        | launch | Launch | unclassified | 2000-04 | 2000-04 | 0 | 0 | ● |
        """)


LONG_IDS = """
[projects.eleven-initiatives-selected]
title = "Eleven e-government initiatives selected"
duration = 0

[projects.government-public-key-infrastructure]
title = "Electronic signature and e-seal: government PKI"
duration = 19
depends_on = [{ id = "eleven-initiatives-selected", lag = 1 }]

[projects.egov-framework-complete]
title = "E-government framework completed"
duration = 0
depends_on = ["government-public-key-infrastructure"]
"""


def test_critical_path_at_80_columns() -> None:
    """A 36-cell id and a "Driven by" column of 10 cells do not fit in 80: rather than cut the
    id, each step's driven-by label goes under its title; titles wrap at spaces."""
    text = render(critical_path_view(report(LONG_IDS), width=80), width=80)
    assert text == textwrap.dedent("""\
        Critical paths of Test: finish 2001-08 (20 months); 1 critical path.
        Path 1: eleven-initiatives-selected → government-public-key-infrastructure →
        egov-framework-complete

         #   Project                                         Start     Finish    Months
         ──────────────────────────────────────────────────────────────────────────────
         1   eleven-initiatives-selected                     2000-01   2000-01        0
             Eleven e-government initiatives selected
             starts the path
         2   government-public-key-infrastructure            2000-02   2001-08       19
             Electronic signature and e-seal: government
             PKI
             driven by: FS+1m after
             eleven-initiatives-selected
         3   egov-framework-complete                         2001-08   2001-08        0
             E-government framework completed
             driven by: FS after
             government-public-key-infrastructure

        """)


def test_critical_path_at_90_columns_has_room_for_a_driven_by_column() -> None:
    text = render(critical_path_view(report(LONG_IDS), width=90), width=90)
    assert text.split("complete\n\n", 1)[1].splitlines()[:5] == [
        " #   Project                                Start     Finish    Months   Driven by",
        " " + "─" * 88,
        " 1   eleven-initiatives-selected            2000-01   2000-01        0   starts the path",
        "     Eleven e-government initiatives",
        "     selected",
    ]


def test_critical_path_columns_fit_every_width() -> None:
    """At any width no line is longer than the terminal and nothing is cut off at its edge:
    every project id and every driven-by label is there, whole or folded over lines (in its
    own column, or under the title where a column for it would cut an id)."""
    built = report(LONG_IDS)
    for width in range(47, 161, 3):
        text = render(critical_path_view(built, width=width), width=width)
        lines = text.splitlines()
        assert max(map(cell_len, lines)) <= width, width
        header = next(line for line in lines if "Months" in line)
        body = lines[lines.index(header) + 2:]
        project, start = header.index("Project"), header.index("Start")
        projects = "".join(line[project:start].strip() for line in body)
        if "Driven by" in header:
            labels = "".join(line[header.index("Driven by"):].strip() for line in body)
        else:
            labels = projects
        for project_id in ("eleven-initiatives-selected", "government-public-key-infrastructure",
                           "egov-framework-complete"):
            assert project_id in projects, (width, projects)
        for label in ("startsthepath", "FS+1maftereleven-initiatives-selected",
                      "FSaftergovernment-public-key-infrastructure"):
            assert label in labels.replace(" ", ""), (width, labels)
        # from 71 cells, where the narrow layout has room for it, the 36-cell id is never cut
        assert width < 71 or "government-public-key-infrastructure" in "\n".join(body), width


def test_critical_path_keeps_a_very_long_id_whole_where_there_is_room() -> None:
    project_id = "national-digital-identity-wallet-pilot-rollout"  # 46 cells
    text = render(critical_path_view(report(f"""
        [projects.{project_id}]
        title = "Wallet pilot"
        duration = 6
        [projects.launch]
        title = "Launch"
        duration = 2
        depends_on = ["{project_id}"]
        """), width=100), width=100)
    assert f" 1   {project_id}   2000-01" in text
    assert max(map(len, text.splitlines())) <= 100


def test_a_narrow_terminal_moves_kind_and_marker_into_the_project_cell() -> None:
    """Under 69 cells the seven columns cannot fit: the critical marker and the kind go before
    the title, so that Float is not cut off at the terminal's edge."""
    text = render(schedule_view(report(ROADMAP), width=55, show_gantt=False), width=55)
    assert text.split("paths)\n\n", 1)[1] == textwrap.dedent("""\
        Build (2000-01 – 2000-12)

         Project            Start     Finish    Months   Float
         ─────────────────────────────────────────────────────
         registry           2000-01   2000-04        4       0
         ● priority ·
         주민등록
         registry
         portal             2000-02   2000-04        3       0
         ● support · 民生
         portal
         launch             2000-04   2000-04        0       0
         ● Launch

        """)


def test_the_narrow_layout_is_used_where_the_wide_one_would_cut_an_id() -> None:
    long_id = "agricultural-technology-information"  # 35 cells: 92 with the seven columns
    built = report(ROADMAP.replace("registry", long_id))
    assert "Kind" in render(phase_tables(built, 92), width=92)
    narrow = render(phase_tables(built, 91), width=91)
    assert "Kind" not in narrow
    assert f" {long_id}   " in narrow  # whole, with room to spare


def test_a_narrow_critical_path_puts_driven_by_under_the_title() -> None:
    text = render(critical_path_view(report(LONG_IDS), width=50), width=50)
    assert text.split("→\n", 2)[2] == textwrap.dedent("""\
        egov-framework-complete

         #   Project           Start     Finish    Months
         ────────────────────────────────────────────────
         1   eleven-initiati   2000-01   2000-01        0
             ves-selected
             Eleven
             e-government
             initiatives
             selected
             starts the path
         2   government-publ   2000-02   2001-08       19
             ic-key-infrastr
             ucture
             Electronic
             signature and
             e-seal:
             government PKI
             driven by:
             FS+1m after
             eleven-initiati
             ves-selected
         3   egov-framework-   2001-08   2001-08        0
             complete
             E-government
             framework
             completed
             driven by: FS
             after
             government-publ
             ic-key-infrastr
             ucture

        """)


def test_narrow_tables_fit_and_keep_everything() -> None:
    """From 50 cells up no line of a phase table is longer than the terminal, and every id and
    float is there (critical paths: test_critical_path_columns_fit_every_width)."""
    built = report(ROADMAP)
    for width in range(50, 90):
        text = render(phase_tables(built, width), width=width)
        assert max(map(cell_len, text.splitlines())) <= width, width
        rows = [line.split() for line in text.splitlines()
                if line.startswith(" ") and "2000-0" in line]
        # the float: two columns after the finish
        assert [row[row.index("2000-04") + 2] for row in rows] == ["0", "0", "0"], width
        assert all(project in text for project in ("registry", "portal", "launch"))


def test_under_the_narrowest_tables_nothing_is_cut() -> None:
    """Under 50 (schedule) and 47 cells (critical-path) the tables keep their narrowest width
    and run past the terminal's edge, which wraps them: no column is lost."""
    schedule = run_cli("schedule", "--no-gantt", "examples/minimal.toml", env={"COLUMNS": "40"})
    header = next(line for line in schedule.out.splitlines() if " Project " in line)
    assert header.split() == ["Project", "Start", "Finish", "Months", "Float"]
    assert " portal-launc   2024-01   2024-12       12       0\n h\n" in schedule.out
    path = run_cli("critical-path", "examples/minimal.toml", env={"COLUMNS": "30"})
    header = next(line for line in path.out.splitlines() if " Project " in line)
    assert header.split() == ["#", "Project", "Start", "Finish", "Months"]
    assert " 1   portal-launc   2024-01   2024-12       12\n     h\n" in path.out


def test_on_a_terminal_no_line_passes_the_edge_where_the_table_fits() -> None:
    """At 50 cells the narrow table fits but for its right edge (a space): Rich drops it. Were
    it printed uncropped, every line would be 51 cells and the terminal would wrap each one."""
    import fcntl
    import os
    import pty
    import re
    import struct
    import subprocess
    import termios

    from tests.conftest import ROOT, entry_point

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 50, 0, 0))  # 50 columns
    # not TERM=dumb: Rich gives a dumb terminal 80 columns whatever its size
    environment = {**os.environ, "NO_COLOR": "1", "TERM": "xterm"}
    environment.pop("COLUMNS", None)
    process = subprocess.Popen([*entry_point(), "schedule", "--no-gantt", "examples/minimal.toml"],
                               stdout=slave, stderr=subprocess.DEVNULL, cwd=ROOT, env=environment)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(master)
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in
             b"".join(chunks).decode().replace("\r", "").split("\n")]
    assert any("Float" in line for line in lines)
    assert max(map(cell_len, lines)) == 50


def test_the_time_axis_labels_round_years_where_every_year_would_not_fit() -> None:
    """A century-long plan is labelled every 10 years at years ending in 0; years are always
    four digits (0001)."""
    from egovplan.analysis.report import schedule_report
    from egovplan.render.terminal import gantt
    from tests.helpers import HEADER, roadmap

    long_plan = report('[projects.a]\ntitle = "Long"\nduration = 1200\n')
    axis = gantt(long_plan, 100).plain.splitlines()[0].split()
    assert axis == [str(year) for year in range(2000, 2100, 10)]
    ancient = roadmap('[projects.a]\ntitle = "Old"\nduration = 40\n',
                      header=HEADER.replace("2000-01", "0001-01"))
    axis = gantt(schedule_report(ancient), 80).plain.splitlines()[0].split()
    assert axis == ["0001", "0002", "0003", "0004"]


def test_a_plan_from_mid_year_labels_each_year_where_it_begins() -> None:
    """The year the plan starts in began before the chart: it is not put at the chart's left
    edge (where it took the room of the next year's label, which was then left out)."""
    from egovplan.analysis.report import schedule_report
    from egovplan.render.terminal import _axis, _Scale, gantt
    from tests.helpers import HEADER, roadmap

    plan = roadmap('[projects.a]\ntitle = "A"\nduration = 120\n'
                   '[projects.m]\ntitle = "M"\nduration = 0\ndepends_on = ["a"]\n',
                   header=HEADER.replace("2000-01", "2025-07"))
    axis = gantt(schedule_report(plan), 80).plain.splitlines()[0]
    assert axis.split() == [str(year) for year in range(2026, 2036)]
    start = 2025 * 12 + 6
    for low, span, columns in [(0, 126, 71), (0, 7, 40), (-3, 30, 60), (5, 200, 90)]:
        scale = _Scale(low, low + span, columns)
        line = _axis(scale, start)
        for year in map(int, line.split()):
            assert year * 12 >= start + low  # begins inside the chart
            assert line.index(f"{year:04d}") == scale.col(year * 12 - start)


def test_a_narrow_gantt_fits_and_wraps_its_legend() -> None:
    """At 40 cells the labels give way to the bars and the legend takes two lines."""
    from egovplan.render.terminal import gantt

    result = report('[projects.a]\ntitle = "민원서비스 혁신 (G4C) 단일창구 민원업무"\n'
                    'duration = 12\n')
    lines = gantt(result, 40).plain.splitlines()
    assert max(cell_len(line) for line in lines) <= 40
    assert lines[-2:] == ["█ critical  ▒ other  · total float", "◆ milestone  ┆ phase window"]


def test_phase_tables_give_rich_the_widths_it_would_measure(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The columns besides the project's get their widths from egovplan where they are their
    headings' (Rich measuring every cell took a third of a large table's time): the tables
    are exactly those Rich lays out measuring the cells itself, at every width (narrow ones
    give the table a width of its own), with a float wider than its heading in one table
    (-10,994 months), a dash for no kind, and an empty phase."""
    import egovplan.render.terminal as terminal

    wide = ROADMAP + """
[phases.empty]
start = "2001-01"
end = "2001-12"

[projects.long]
title = "Long, with a deadline it cannot meet"
duration = 11000
finish_by = "2000-06"
"""
    given = report(wide)
    for width in (50, 64, 72, 100, 160):
        ours = render(phase_tables(given, width), width)
        monkeypatch.setattr(terminal, "GIVE_WIDTHS", False)
        measured = render(phase_tables(given, width), width)
        monkeypatch.undo()
        assert ours == measured, width
    assert "-10994" in ours
    assert "no projects" in ours
    # every table is as wide as the others, the float column too (only the one holding
    # -10994 was wider)
    rules = {line for line in render(phase_tables(given, 100), 100).splitlines()
             if line.startswith(" ─")}
    assert len(rules) == 1


def test_a_float_wider_than_its_heading_is_never_cut() -> None:
    """At 50 columns a six-character float (-11999) lost its last digit: the narrow layout
    counted five cells for it. At every width, the float is shown whole (printed as the
    command line prints tables, running past a terminal narrower than the narrowest table)."""
    from egovplan.cli import _print_uncut

    plan = report('[projects.digital-id-rollout]\ntitle = "National digital ID"\n'
                  'duration = "1000y"\nfinish_by = "2000-01"\n')
    for width in range(40, 101):
        out = io.StringIO()
        console = Console(file=out, width=width, color_system=None, highlight=False)
        for part in phase_tables(plan, width):
            _print_uncut(console, part)
        assert "-11999" in out.getvalue(), width


def test_a_chart_with_no_year_to_label_shows_its_first_month() -> None:
    """A nine-month plan from April: no year begins inside it, and its axis was blank."""
    from egovplan.analysis.report import schedule_report
    from egovplan.render.terminal import _axis, _Scale, gantt
    from tests.helpers import HEADER, roadmap

    plan = roadmap('[projects.a]\ntitle = "Procure"\nduration = 9\n',
                   header=HEADER.replace("2000-01", "2025-04"))
    axis = gantt(schedule_report(plan), 80).plain.splitlines()[0]
    assert axis.split() == ["2025-04"]
    assert axis.index("2025-04") == 9  # the left edge of the bars (labels take 8 cells, +1)
    # the only year begins in the last columns, where its label does not fit
    assert _axis(_Scale(0, 10, 40), 2020 * 12 + 2).split() == ["2020-03"]
    assert _axis(_Scale(0, 1, 5), 2020 * 12 + 11) == "2020 "  # too narrow for a month


def test_histograms_never_draw_a_use_or_a_run_as_blank() -> None:
    """5 of a capacity of 100 is under a sixteenth: it rounded to a blank bar; so did the
    rare long runs at the tail of `risk`'s distribution."""
    from egovplan.numbers import eighths
    from egovplan.render.terminal import histogram

    assert [eighths(v, 100) for v in (0, 1e-9, 5, 6.25, 50, 100, 150)] == [0, 1, 1, 1, 4, 8, 8]
    assert histogram("team", [5.0] * 6, 100, 2020 * 12, 80).plain.splitlines()[1] == "▁" * 6


def test_risk_says_how_many_projects_its_table_leaves_out() -> None:
    result = run_cli("risk", "-n", "200", "examples/korea-egov-scenario.toml",
                     env={"COLUMNS": "100"})
    assert result.code == 0, result.err
    assert "Projects: criticality and sensitivity (15 of 42)\n" in result.out
    small = run_cli("risk", "-n", "200", "examples/estimates.toml", env={"COLUMNS": "100"})
    assert "Projects: criticality and sensitivity\n" in small.out


def test_no_paths_asked_for_says_none_are_shown() -> None:
    """`--max-paths 0` said "the first 0 shown"."""
    result = run_cli("critical-path", "--max-paths", "0", "roadmaps/korea-egov.toml")
    assert "; 4 critical paths, none shown (--max-paths 0).\n" in result.out


def test_a_gantt_label_is_cut_between_characters_as_shown() -> None:
    """A flag is two code points, an accented letter may be two: the label was cut between
    them (`zzz…🇰…`, half a flag)."""
    from egovplan.render.terminal import _fit

    assert _fit("z" * 28 + "🇰🇷 flag", 30) == "z" * 28 + "… "
    assert _fit("z" * 27 + "🇰🇷 flag", 30) == "z" * 27 + "🇰🇷…"
    assert _fit("e\u0301" * 40, 10) == "e\u0301" * 9 + "…"
    assert cell_len(_fit("🇰🇷🇯🇵🇨🇳" * 5, 11)) == 11


def test_risk_without_spread_says_so_instead_of_a_histogram() -> None:
    """No estimates (or one iteration): every run takes as long; the histogram was one full
    bar and a full S-curve over an axis from 192.0 to 192.0."""
    result = run_cli("risk", "roadmaps/korea-egov.toml")
    assert result.out.endswith("Plan duration: 192.0 months in every iteration\n")


def test_a_blank_roadmap_title_leaves_the_id_alone() -> None:
    """A title of only spaces printed ` (blank)`: the id stands alone."""
    from egovplan.analysis.report import schedule_report
    from tests.helpers import HEADER, roadmap

    plan = roadmap('[projects.a]\ntitle = ""\nduration = 1\n',
                   header=HEADER.replace('title = "Test"', 'title = "  "'))
    first = render(schedule_view(schedule_report(plan), width=72, show_gantt=False))
    assert first.splitlines()[0] == plan.roadmap.id


def test_a_path_that_starts_late_says_what_holds_it() -> None:
    """"starts the path" alone did not say why a path began years after the plan's start."""
    from egovplan.render.schedule import critical_path_markdown

    phase = run_cli("critical-path", "examples/costs.toml", env={"COLUMNS": "200"}).out
    assert "starts the path (its phase 'rollout' starts 2026-07)" in phase
    milestone = run_cli("critical-path", "roadmaps/korea-egov.toml", env={"COLUMNS": "200"}).out
    assert "starts the path (not before 2001-06, reached as it begins)" in milestone
    markdown = critical_path_markdown(report('[projects.a]\ntitle = "A"\nduration = 2\n'))
    assert "| starts the path |" in markdown  # at the plan's start: nothing holds it
    held = critical_path_markdown(report('[projects.a]\ntitle = "A"\nduration = 2\n'
                                         'not_before = "2000-04"\n'))
    assert "| starts the path (not before 2000-04) |" in held


def test_a_phase_starting_in_the_charts_last_column_is_marked_there() -> None:
    """Its window began one cell past the chart: the line was a cell too long and its `├`
    was cut (or wrapped onto a line of its own)."""
    from egovplan.render.terminal import gantt

    result = report('[phases.end]\ntitle = "End"\nstart = "2024-12"\nend = "2024-12"\n'
                    '[projects.a]\ntitle = "A"\nduration = 300\n')
    for width in (40, 80, 100):
        chart = gantt(result, width)
        lines = chart.plain.splitlines()
        assert max(cell_len(line) for line in lines) <= width
        assert chart.width <= width
        phase = next(line for line in lines if line.startswith("End"))
        assert phase.rstrip().endswith("├")
        assert render([chart], width).count("├") == 1


def _delay_table(out: str) -> list[str]:
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if (line.startswith(" Project ")
                 and "Delay" in line) or line.strip() == "Because")
    end = lines.index("", first)
    return lines[first:end]


@pytest.mark.parametrize("columns", range(30, 122, 7))
def test_the_delay_table_keeps_ids_whole_where_the_reasons_can_wrap(columns: int) -> None:
    """`schedule --level`: where the delay table does not fit, the reasons wrap between their
    words before an id is cut (`e-document-distributi` / `on` at 60 columns, where the whole
    table fits in 56 cells); under its narrowest it runs past the edge, no column cut."""
    import json

    scenario = "examples/korea-egov-scenario.toml"
    leveled = json.loads(run_cli("schedule", "--level", "--format", "json", scenario).out)
    delayed = [(p["id"], p["delay"]) for p in leveled["projects"] if p.get("delay")]
    assert delayed
    run = run_cli("schedule", "--level", "--no-gantt", scenario,
                  env={"COLUMNS": str(columns)})
    assert run.code == 0, run.err
    table = _delay_table(run.out)
    text = "\n".join(table)
    longest = max(len(project_id) for project_id, _ in delayed)
    # an edge, the ids, the Delay column ("17 months"), the widest word ("predecessors'"),
    # three cells between columns, an edge
    if 1 + longest + 3 + 9 + 3 + 13 + 1 <= columns:
        assert all(project_id in text for project_id, _ in delayed), text
        assert max(cell_len(line) for line in table) <= columns
    for _, delay in delayed:
        assert f"{delay} months" in text  # never cut
    assert "'budget'" in text
    assert "predecessors'" in text


@pytest.mark.parametrize("columns", range(30, 71, 3))
@pytest.mark.parametrize("title", [
    "abcdefghij abcdefghij abcdefghij abcdefghij abcdefghiXY and more words here",
    "(基础设施建设阶段，包括云计算、数据中心和网络安全体系的全面升级改造)",
])
def test_a_phase_heading_is_whole_and_within_the_terminal(tmp_path: Path, columns: int,
                                                          title: str) -> None:
    """A phase's heading wrapped in the table's width, and Rich cut what passed the terminal's
    edge: at 50 columns (the table one cell too wide, its right edge a space) a heading lost
    its last character, `(2025-01 – 2025-12`, or a Chinese character at the break; under 50
    columns it ran past the edge. Now it wraps at the terminal's width, every character kept."""
    path = tmp_path / "heading.toml"
    path.write_text(
        'format = 1\n[roadmap]\nid = "h"\ntitle = "H"\nstart = "2025-01"\n'
        f'[phases.p1]\ntitle = "{title}"\nstart = "2025-01"\nend = "2025-12"\n'
        '[projects.a]\ntitle = "x"\nduration = 3\nphase = "p1"\n', encoding="utf-8")
    run = run_cli("schedule", "--no-gantt", str(path), env={"COLUMNS": str(columns)})
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(title[:8]))
    heading = lines[first:lines.index("", first)]
    wanted = f"{title} (2025-01 – 2025-12)"
    assert "".join(heading).replace(" ", "") == wanted.replace(" ", "")
    assert max(cell_len(line) for line in heading) <= columns


@pytest.mark.parametrize("columns", range(37, 50, 3))
def test_a_delay_table_of_short_ids_fits_where_it_can(tmp_path: Path, columns: int) -> None:
    """Ids shorter than the narrowest Project column (12 cells) kept that column at 12, and
    the table ran past the edge of terminals it fits in from 37 columns."""
    path = tmp_path / "short.toml"
    path.write_text(
        'format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2024-01"\n'
        '[resources.r]\ntitle = "R"\ncapacity = 1\n'
        '[projects.a]\ntitle = "A"\nduration = 12\nuses = { r = 1 }\n'
        '[projects.b]\ntitle = "B"\nduration = 12\nuses = { r = 1 }\n'
        '[projects.c]\ntitle = "C"\nduration = 1\ndepends_on = ["a", "b"]\n', encoding="utf-8")
    run = run_cli("schedule", "--level", "--no-gantt", str(path), env={"COLUMNS": str(columns)})
    assert run.code == 0, run.err
    table = _delay_table(run.out)
    assert max(cell_len(line) for line in table) <= columns, "\n".join(table)
    assert table[2].split() == ["b", "12", "months", "resource", "'r'"]


def test_a_heading_above_its_table_is_styled_as_one_in_it() -> None:
    """Printed above a table that does not fit, a phase heading was bold italic (Rich's
    "table.title" style), where as the table's title it is bold."""
    def heading_start(columns: int) -> str:
        run = run_cli("schedule", "--no-gantt", "roadmaps/korea-egov.toml",
                      env={"COLUMNS": str(columns), "FORCE_COLOR": "1", "NO_COLOR": "",
                           "TERM": "xterm-256color"})
        assert run.code == 0, run.err
        line = next(line for line in run.out.splitlines() if "First national backbone" in line)
        return line[:line.index("First national backbone")]

    assert heading_start(45) == heading_start(120) == "\x1b[1m"
