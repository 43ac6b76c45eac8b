"""egovplan and TaskJuggler agree on early starts (run when tj3 is installed)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from compare_taskjuggler import egovplan_starts, network, taskjuggler_starts

pytestmark = pytest.mark.skipif(shutil.which("tj3") is None,
                                reason="TaskJuggler (tj3) is not installed")


@pytest.mark.parametrize(("size", "seed"), [(20, 1), (60, 2), (150, 3)])
def test_same_early_starts_as_taskjuggler(size: int, seed: int) -> None:
    net = network(size, seed)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        _, _, ours, months = egovplan_starts(folder, net)
        _, _, theirs = taskjuggler_starts(folder, net, months)
    assert ours == theirs
