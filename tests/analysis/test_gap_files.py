"""Every file in tests/roadmaps/gaps/ is a test case for the gap report.

A file states the gaps it must produce, all of them, in comments:

    # expect-gap: 14 numbering-hole
    # expect-gap: none

(`none`: the file has no gap at all). `<code>-positive.toml` shows a gap of that code;
`<code>-negative.toml` is a near miss that must produce none.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from egovplan import api
from egovplan.analysis.gaps import GAPS

from ..conftest import ROOT, TESTS

FILES = sorted((TESTS / "roadmaps" / "gaps").glob("*.toml"))
EXPECT = re.compile(r"^#\s*expect-gap:\s*(?:(\d+)\s+([a-z-]+)|(none))\s*$", re.MULTILINE)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_gap_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    stated = EXPECT.findall(text)
    assert stated, f"{path.name} states no '# expect-gap:' lines"
    expected = sorted((int(line), code) for line, code, none in stated if not none)
    checked = api.check_file(path)
    assert checked.valid, [f.message for f in checked.findings]
    report = api.gaps(checked)
    got = sorted((f.line or 0, f.code) for f in report.findings)
    assert got == expected, "\n".join(f"{f.line}: {f.code}: {f.message}" for f in report.findings)


@pytest.mark.parametrize("code", sorted(GAPS))
def test_every_code_has_a_positive_and_a_negative_file(code: str) -> None:
    for kind in ("positive", "negative"):
        assert (TESTS / "roadmaps" / "gaps" / f"{code}-{kind}.toml").exists(), (code, kind)
