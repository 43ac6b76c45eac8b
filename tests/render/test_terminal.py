"""Exact expected output of the human formats, at a fixed width, without colour."""

from __future__ import annotations

import io
import textwrap

from rich.console import Console

from egovplan.render.schedule import to_markdown
from egovplan.render.terminal import critical_path_view, schedule_view
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
