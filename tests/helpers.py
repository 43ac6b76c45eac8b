"""Tiny builders so that each test case is a line or two."""

from __future__ import annotations

import textwrap

from egovplan import api
from egovplan.analysis.report import ScheduleReport, schedule_report
from egovplan.model.roadmap import Roadmap

HEADER = """\
format = 1
[roadmap]
id = "t"
title = "Test"
start = "2000-01"
"""


def roadmap(body: str, *, header: str = HEADER) -> Roadmap:
    """A valid roadmap from TOML text (the header is added); fails the test if invalid."""
    checked = api.check_bytes((header + textwrap.dedent(body)).encode())
    assert checked.roadmap is not None, [f"{f.line}: {f.message}" for f in checked.findings]
    return checked.roadmap


def report(body: str, **options: object) -> ScheduleReport:
    return schedule_report(roadmap(body), **options)  # type: ignore[arg-type]


def findings(text: str) -> list[tuple[int | None, str]]:
    """(line, code) of every finding for a TOML text."""
    checked = api.check_bytes(textwrap.dedent(text).encode())
    return [(f.line, f.code) for f in checked.findings]
