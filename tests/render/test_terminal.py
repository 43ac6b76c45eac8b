"""Exact expected output of the human formats, at a fixed width, without colour."""

from __future__ import annotations

import io
import textwrap

from rich.cells import cell_len
from rich.console import Console

from egovplan.render.schedule import to_markdown
from egovplan.render.terminal import critical_path_view, phase_tables, schedule_view
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
    """Ids are cut only where the terminal has no room for them (a 36-cell id and a
    "Driven by" column of 10 cells do not fit in 80); titles wrap at spaces."""
    text = render(critical_path_view(report(LONG_IDS), width=80), width=80)
    assert text == textwrap.dedent("""\
        Critical paths of Test: finish 2001-08 (20 months); 1 critical path.
        Path 1: eleven-initiatives-selected → government-public-key-infrastructure →
        egov-framework-complete

         #   Project                            Start     Finish    Months   Driven by
         ──────────────────────────────────────────────────────────────────────────────
         1   eleven-initiatives-selected        2000-01   2000-01        0   starts the
             Eleven e-government initiatives                                 path
             selected
         2   government-public-key-infrastruc   2000-02   2001-08       19   FS+1m
             ture                                                            after
             Electronic signature and e-seal:                                eleven-ini
             government PKI                                                  tiatives-s
                                                                             elected
         3   egov-framework-complete            2001-08   2001-08        0   FS after
             E-government framework completed                                government
                                                                             -public-ke
                                                                             y-infrastr
                                                                             ucture

        """)


def test_critical_path_columns_fit_every_width() -> None:
    """At any width no line is longer than the terminal and nothing is cut off at its edge:
    every project id and every "Driven by" label is there, whole or folded over lines."""
    built = report(LONG_IDS)
    for width in range(60, 161, 5):
        text = render(critical_path_view(built, width=width), width=width)
        lines = text.splitlines()
        assert max(map(len, lines)) <= width, width
        header = next(line for line in lines if "Driven by" in line)
        project, driven = header.index("Project"), header.index("Driven by")
        body = lines[lines.index(header) + 2:]
        projects = "".join(line[project:header.index("Start")].strip() for line in body)
        labels = "".join(line[driven:].strip() for line in body)
        for project_id in ("eleven-initiatives-selected", "government-public-key-infrastructure",
                           "egov-framework-complete"):
            assert project_id in projects, (width, projects)
        for label in ("startsthepath", "FS+1maftereleven-initiatives-selected",
                      "FSaftergovernment-public-key-infrastructure"):
            assert label in labels.replace(" ", ""), (width, labels)
        if width >= 37 + 1 + len("government-public-key-infrastructure") + 10:
            assert "government-public-key-infrastructure" in header + "\n".join(body)


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
    """Under 69 cells the seven columns cannot fit: the kind goes before the title and the
    critical marker before the id, so that Float is not cut off at the terminal's edge."""
    text = render(schedule_view(report(ROADMAP), width=55, show_gantt=False), width=55)
    assert text.split("paths)\n\n", 1)[1] == textwrap.dedent("""\
        Build (2000-01 – 2000-12)

         Project            Start     Finish    Months   Float
         ─────────────────────────────────────────────────────
         ●\u00a0registry         2000-01   2000-04        4       0
         priority ·
         주민등록
         registry
         ●\u00a0portal           2000-02   2000-04        3       0
         support · 民生
         portal
         ●\u00a0launch           2000-04   2000-04        0       0
         Launch

        """)


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
    """From 51 cells (phase tables) and 47 (critical paths) up, no line is longer than the
    terminal, and every id, float and driven-by label is there."""
    built, paths = report(ROADMAP), report(LONG_IDS)
    for width in range(51, 90):
        text = render(phase_tables(built, width), width=width)
        assert max(map(cell_len, text.splitlines())) <= width, width
        rows = [line.split() for line in text.splitlines()
                if line.startswith(" ") and "2000-0" in line]
        # the float: two columns after the finish
        assert [row[row.index("2000-04") + 2] for row in rows] == ["0", "0", "0"], width
        assert all(project in text for project in ("registry", "portal", "launch"))
    for width in range(47, 60):  # from 60 up: test_critical_path_columns_fit_every_width
        text = render(critical_path_view(paths, width=width), width=width)
        assert max(map(cell_len, text.splitlines())) <= width, width
        body = "".join(line[4:].split("  ")[0].strip() for line in
                       text.split("Months", 1)[1].splitlines()[2:])
        for expected in ("startsthepath", "FS+1maftereleven-initiatives-selected",
                         "FSaftergovernment-public-key-infrastructure",
                         "government-public-key-infrastructure"):
            assert expected in body.replace(" ", ""), (width, body)
