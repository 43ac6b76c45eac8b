"""egovplan: a command-line planner for public-sector policy roadmaps.

    import egovplan
    roadmap = egovplan.load("roadmaps/korea-egov.toml")
    report = egovplan.schedule(roadmap)

The names of `__all__` (`load`, `check_file`, `check_bytes`, `check_spec`, `schedule`, `cost`,
`gaps`, `diff`, `Checked`, `RoadmapError`, `FileUnreadableError`, `Finding`, `Roadmap`,
`ScheduleReport`) are imported on first use, so that `egovplan --version` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load": "egovplan.api",
    "check_file": "egovplan.api",
    "check_bytes": "egovplan.api",
    "schedule": "egovplan.api",
    "cost": "egovplan.api",
    "gaps": "egovplan.api",
    "diff": "egovplan.api",
    "check_spec": "egovplan.api",
    "Checked": "egovplan.api",
    "RoadmapError": "egovplan.api",
    "FileUnreadableError": "egovplan.api",
    "Finding": "egovplan.findings",
    "Roadmap": "egovplan.model.roadmap",
    "ScheduleReport": "egovplan.analysis.report",
}
__all__ = [
    "Checked",
    "FileUnreadableError",
    "Finding",
    "Roadmap",
    "RoadmapError",
    "ScheduleReport",
    "__version__",
    "check_bytes",
    "check_file",
    "check_spec",
    "cost",
    "diff",
    "gaps",
    "load",
    "schedule",
]

if TYPE_CHECKING:
    from egovplan.analysis.report import ScheduleReport
    from egovplan.api import (
        Checked,
        FileUnreadableError,
        RoadmapError,
        check_bytes,
        check_file,
        check_spec,
        cost,
        diff,
        gaps,
        load,
        schedule,
    )
    from egovplan.findings import Finding
    from egovplan.model.roadmap import Roadmap


def __dir__() -> list[str]:
    """The module's names with those imported on first use (tab completion finds them)."""
    return sorted({*globals(), *_EXPORTS})


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(_EXPORTS[name])
        if _EXPORTS[name] == "egovplan.api":  # a library's use: its annotations readable
            module.bind_type_names()
        value = getattr(module, name)
        globals()[name] = value  # found here from now on, without this function
        return value
    raise AttributeError(f"module 'egovplan' has no attribute {name!r}")
