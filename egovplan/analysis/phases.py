"""The phased schedule: projects grouped by phase (or by dependency wave), in reading order.

Grouping by phase: a project's own `phase`; a project without one goes to the first declared
phase whose window holds the month its start is shown in, else to "unphased". Phases are listed
by start month, then in file order; "unphased" comes last. Within a group, priority projects come
first, then support, then unclassified, each ordered by early start, then file order.

Grouping by wave: a project's wave is the length of its longest chain of predecessors (wave 0 has
none). A roadmap without phases is grouped by wave.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from egovplan.analysis.cpm import Schedule, shown_start

GroupBy = Literal["phase", "wave"]
#: The id of the group of projects outside every phase (ids of phases are slugs; a phase
#: declared with this id would still be a separate group).
UNPHASED = "unphased"
_KIND_ORDER = {"priority": 0, "support": 1, None: 2}


@dataclass(frozen=True)
class Group:
    """One section of the phased schedule."""

    id: str
    title: str
    #: The window of a declared phase, as absolute months (inclusive); `None` otherwise.
    window: tuple[int, int] | None
    projects: list[int]


def assign_phases(schedule: Schedule) -> list[str | None]:
    """The phase every project is shown under (`None`: unphased)."""
    roadmap = schedule.roadmap
    windows = [(phase_id, phase.start, phase.end) for phase_id, phase in roadmap.phases.items()]
    groups: list[str | None] = []
    for index, project in enumerate(roadmap.projects.values()):
        if project.phase is not None and project.phase in roadmap.phases:
            groups.append(project.phase)
            continue
        month = schedule.start + shown_start(schedule.es[index], schedule.ef[index])
        holder = next((pid for pid, first, last in windows if first <= month <= last), None)
        groups.append(holder)
    return groups


def waves(schedule: Schedule) -> list[int]:
    """Each project's wave: the length of its longest chain of predecessors."""
    incoming = schedule.network.incoming
    wave = [0] * len(incoming)
    for node in schedule.order:
        links = incoming[node]
        if links:
            wave[node] = 1 + max(wave[link.pred] for link in links)
    return wave


def _ordered(schedule: Schedule, members: list[int]) -> list[int]:
    projects = list(schedule.roadmap.projects.values())
    return sorted(members, key=lambda i: (_KIND_ORDER[projects[i].kind], schedule.es[i], i))


def group(schedule: Schedule, by: GroupBy | None = None) -> list[Group]:
    """The schedule's sections, each with its projects in reading order."""
    roadmap = schedule.roadmap
    if by is None:
        by = "phase" if roadmap.phases else "wave"
    if by == "wave":
        wave = waves(schedule)
        members: dict[int, list[int]] = {}
        for index, number in enumerate(wave):
            members.setdefault(number, []).append(index)
        return [
            Group(f"wave-{number}", f"Wave {number}", None, _ordered(schedule, members[number]))
            for number in sorted(members)
        ]
    assigned = assign_phases(schedule)
    by_phase: dict[str | None, list[int]] = {}
    for index, phase_id in enumerate(assigned):
        by_phase.setdefault(phase_id, []).append(index)
    ordered_phases = sorted(
        enumerate(roadmap.phases.items()), key=lambda item: (item[1][1].start, item[0])
    )
    groups = [
        Group(phase_id, phase.title or phase_id, (phase.start, phase.end),
              _ordered(schedule, by_phase.get(phase_id, [])))
        for _, (phase_id, phase) in ordered_phases
    ]
    if None in by_phase:
        groups.append(Group(UNPHASED, "Unphased", None, _ordered(schedule, by_phase[None])))
    return groups
