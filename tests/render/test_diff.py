"""The diff's human formats: exact text for a small change; a huge diff kept under GitHub's
comment limit."""

from __future__ import annotations

import io
import textwrap

from rich.console import Console

from egovplan import api
from egovplan.render.diff import MARKDOWN_LIMIT, text, to_markdown
from tests.helpers import HEADER

OLD = HEADER + """
[phases.build]
start = "2000-01"
end = "2000-12"
[projects.registry]
title = "Registry"
phase = "build"
duration = 4
[projects.portal]
title = "Portal"
phase = "build"
duration = 3
depends_on = ["registry"]
"""

NEW = HEADER + """
[phases.build]
start = "2000-01"
end = "2000-12"
[projects.registry]
title = "Registry"
phase = "build"
duration = "6m"
[projects.web-portal]
title = "Portal"
phase = "build"
duration = 3
depends_on = [{ id = "registry", type = "FS", lag = 0 }]
[projects.launch]
title = "Launch"
duration = 0
depends_on = ["web-portal"]
"""


def test_text() -> None:
    result = api.diff(api.check_bytes(OLD.encode(), "old.toml"),
                      api.check_bytes(NEW.encode(), "new.toml"))
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(text(result, "old.toml", "new.toml"),
                                                          end="")
    assert out.getvalue() == textwrap.dedent("""\
        old.toml → new.toml
        1 added, 0 removed, 1 renamed, 1 changed; finish 2000-07 → 2000-09 (+2 months); 0 new gaps, 0 resolved
        + project launch: Launch
        → project portal renamed web-portal: Portal
        ~ project registry: Registry
            duration: 4 → 6

        Schedule
          finish: 2000-07 → 2000-09 (+2 months)
          critical path: registry → web-portal
                     → registry → web-portal → launch
          registry: 2000-01–2000-04 → 2000-01–2000-06 (start +0, finish +2)
          web-portal: 2000-05–2000-07 → 2000-07–2000-09 (start +2, finish +2)
        """)


def big(size: int, suffix: str) -> str:
    return HEADER + "".join(
        f'[projects.p{i}]\ntitle = "Project number {i} {suffix}"\nduration = {1 + i % 5}\n'
        for i in range(size))


def test_a_huge_diff_fits_in_one_comment() -> None:
    old = api.check_bytes(big(3000, "old").encode(), "old.toml")
    new = api.check_bytes(big(3000, "new").encode(), "new.toml")
    markdown = to_markdown(api.diff(old, new), "old.toml", "new.toml")
    assert len(markdown) < MARKDOWN_LIMIT
    assert "| changed | 3000 |" in markdown
    assert "This diff is too large for one comment; left out: Changed:" in markdown
