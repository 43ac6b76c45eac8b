"""Importers: other formats → egovplan roadmaps, written with tomli-w, always valid."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import tomli_w

from egovplan.findings import Finding


@dataclass
class ImportResult:
    """The roadmap text (None when the file could not be made valid), what went wrong, and
    what was changed, dropped or rounded on the way."""

    text: str | None
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def finish(data: dict[str, object], path: str, notes: list[str], *,
           derive_phase_windows: bool = False) -> ImportResult:
    """Serialise imported data (which the importer has checked, with every finding placed in
    its input); with `derive_phase_windows`, give each phase the window of its projects'
    early dates; make sure the result validates (reporting, not writing, when it does not)."""
    from egovplan import api
    from egovplan.analysis.cpm import compute
    from egovplan.model.types import format_month

    text = tomli_w.dumps(data)
    checked = api.check_bytes(text.encode(), path)
    if checked.roadmap is None or checked.network is None:
        return ImportResult(None, _unplaced(checked.findings), notes)
    phases = data.get("phases")
    if derive_phase_windows and isinstance(phases, dict) and phases:
        schedule = compute(checked.roadmap, checked.network)
        members_of: dict[str | None, list[int]] = {}  # each project's phase read once
        for index, project in enumerate(checked.roadmap.projects.values()):
            members_of.setdefault(project.phase, []).append(index)
        for phase_id, phase in phases.items():
            members = members_of.get(phase_id, [])
            first = min(schedule.es[i] for i in members)
            last = max(max(schedule.ef[i] - 1, schedule.es[i]) for i in members)
            phase["start"] = format_month(schedule.start + first)
            phase["end"] = format_month(schedule.start + last)
        text = tomli_w.dumps(data)
        checked = api.check_bytes(text.encode(), path)
        if checked.roadmap is None:
            return ImportResult(None, _unplaced(checked.findings), notes)
    return ImportResult(text, [], notes)


def _unplaced(findings: list[Finding]) -> list[Finding]:
    """The errors of a roadmap that the importers checked (placed in the input) and still
    did not validate: a fault of the importer, said as such, never placed in a TOML text the
    user has not seen."""
    return [replace(f, line=None, column=None,
                    message=f"the imported roadmap does not validate (a fault of egovplan's "
                            f"importer; please report it): {f.message}")
            for f in findings if f.is_error]
