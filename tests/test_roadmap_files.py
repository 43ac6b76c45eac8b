"""Every example file is a test case (check-jsonschema style).

Each file in `tests/roadmaps/invalid/` states the findings it must produce in comments:

    # expect: 12:9 invalid-month
    # expect: 30 unknown-project

(line, optional column, code). The file must produce exactly those error findings, no more.
Every file in `tests/roadmaps/valid/`, `roadmaps/` and `examples/` must validate.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest

from egovplan import api

from .conftest import ROOT, TESTS

EXPECT = re.compile(r"^#\s*expect:\s*(\d+)(?::(\d+))?\s+([a-z-]+)\s*$", re.MULTILINE)

VALID = sorted([
    *(TESTS / "roadmaps" / "valid").glob("*.toml"),
    *(ROOT / "roadmaps").glob("*.toml"),
    *(ROOT / "examples").glob("*.toml"),
])
INVALID = sorted((TESTS / "roadmaps" / "invalid").glob("*.toml"))


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", VALID, ids=_name)
def test_valid_file_validates(path: Path) -> None:
    checked = api.check_file(path)
    errors = [f for f in checked.findings if f.is_error]
    assert errors == [], "\n".join(f"{f.line}:{f.column} {f.code} {f.message}" for f in errors)
    assert checked.valid


@pytest.mark.parametrize("path", INVALID, ids=_name)
def test_invalid_file_gives_its_findings(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    expected = sorted(
        (int(line), int(column) if column else None, code)
        for line, column, code in EXPECT.findall(text)
    )
    assert expected, f"{path.name} states no '# expect:' lines"
    checked = api.check_file(path)
    assert not checked.valid
    actual = sorted((f.line or 0, f.column, f.code) for f in checked.findings if f.is_error)
    assert _match(expected, actual), (
        f"expected {expected}\n got     {actual}\n"
        + "\n".join(f"{f.line}:{f.column} {f.code}: {f.message}" for f in checked.findings)
    )


def _match(expected: list[tuple[int, int | None, str]],
           actual: list[tuple[int, int | None, str]]) -> bool:
    """Each expectation matches one actual finding (column checked only when stated)."""
    if len(expected) != len(actual):
        return False
    remaining = list(actual)
    for line, column, code in expected:
        for candidate in remaining:
            if candidate[0] == line and candidate[2] == code and column in (None, candidate[1]):
                remaining.remove(candidate)
                break
        else:
            return False
    return True


@pytest.mark.parametrize("path", [*VALID, *INVALID], ids=_name)
def test_a_schedule_computed_before_the_checks_changes_no_finding(path: Path) -> None:
    """`schedule --format json` computes the schedule before the checks (`early`), and the
    checks then use it (`date-out-of-range` skips its cheap bounds): every file gives the
    same findings, in the same order, as when the checks come first."""
    from egovplan.analysis.cpm import compute

    computed = []

    def early(roadmap: object, network: object, source: object) -> None:
        with contextlib.suppress(ValueError):  # a cycle: the checks will report it
            computed.append(compute(roadmap, network))  # type: ignore[arg-type]

    raw = path.read_bytes()
    plain = api.check_bytes(raw, str(path))
    with_schedule = api._check_bytes(raw, str(path), early)
    assert with_schedule.findings == plain.findings
    assert [f.message for f in with_schedule.findings] == [f.message for f in plain.findings]
    date_files = {"date-after-year-9999.toml", "date-before-year-1.toml",
                  "date-out-of-range-where-it-leaves.toml"}
    if path.name in date_files:  # the check judged the schedule computed early
        assert computed, path.name
        assert any(f.code == "date-out-of-range" for f in with_schedule.findings)
