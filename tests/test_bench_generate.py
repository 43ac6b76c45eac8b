"""bench/generate.py: the synthetic roadmaps the benchmarks measure."""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from generate import roadmap as synthetic

from egovplan import api


def _network(text: str) -> list[tuple[str, int, object]]:
    model = api.check_bytes(text.encode()).roadmap
    assert model is not None
    return [(project_id, project.duration, project.depends_on)
            for project_id, project in model.projects.items()]


def test_estimates_and_resources_leave_the_network_as_it_is() -> None:
    """They draw from a stream of their own: `risk.py` and `--level` figures are for the same
    network as `run.py`'s."""
    plain = synthetic(300, 5)
    extra = synthetic(300, 5, estimates=True, resources=True)
    assert "estimate = " in extra
    assert "uses = " in extra
    assert _network(extra) == _network(plain)
    assert synthetic(300, 5, estimates=True) == synthetic(300, 5, estimates=True)
    assert _network(synthetic(300, 6)) != _network(plain)
