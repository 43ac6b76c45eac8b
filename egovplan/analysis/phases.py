"""The phased schedule: projects grouped by phase (or by dependency wave), in reading order.

Grouping by phase: a project's own `phase`; a project without one goes to the first declared
phase whose window holds the month its start is shown in, else to "unphased". Phases are listed
by start month, then in file order; "unphased" comes last. Within a group, priority projects come
first, then support, then unclassified, each ordered by early start, then file order.

Grouping by wave: a project's wave is the length of its longest chain of predecessors (wave 0 has
none). A roadmap without phases is grouped by wave.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from typing import Literal

from egovplan.analysis.cpm import Schedule, shown_start

GroupBy = Literal["phase", "wave"]
#: The id of the group of projects outside every phase; where a phase is declared with this
#: id, the group is "unphased-2" (or the next number free), so that it stays a group of its
#: own.
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
    phases = roadmap.phases
    windows = [(phase_id, phase.start, phase.end) for phase_id, phase in phases.items()]
    start, es, ef = schedule.start, schedule.es, schedule.ef
    # each project's own phase, where declared; the others by the month their start is
    # shown in
    groups: list[str | None] = list(schedule.network.columns.phase)
    for index in [index for index, phase in enumerate(groups) if phase not in phases]:
        month = start + shown_start(es[index], ef[index])
        groups[index] = next((pid for pid, first, last in windows if first <= month <= last),
                             None)
    return groups


def waves(schedule: Schedule) -> list[int]:
    """Each project's wave: the length of its longest chain of predecessors."""
    incoming = schedule.network.incoming
    wave = [0] * len(incoming)
    for node in schedule.order:
        links = incoming[node]
        if links:
            wave[node] = 1 + max(wave[link[0]] for link in links)
    return wave


@dataclass(frozen=True)
class Grouping:
    """The sections of the schedule, and the section of each project (by index)."""

    groups: list[Group]
    member_of: list[str]


def sections_of(schedule: Schedule, by: GroupBy | None = None) -> list[str]:
    """The id of the section each project (by index) is shown under: `group`'s `member_of`,
    on its own (the command line sends it to the parsing helper before the sections are
    sorted; see `egovplan.entry.HelpedJson`)."""
    roadmap = schedule.roadmap
    if (by or ("phase" if roadmap.phases else "wave")) == "wave":
        return [f"wave-{number}" for number in waves(schedule)]
    unphased = unphased_id(roadmap.phases)
    return [phase or unphased for phase in assign_phases(schedule)]


def group(schedule: Schedule, by: GroupBy | None = None,
          member_of: list[str] | None = None) -> Grouping:
    """The schedule's sections, each with its projects in reading order (`member_of`: what
    `sections_of` gives, when already known)."""
    roadmap = schedule.roadmap
    if by is None:
        by = "phase" if roadmap.phases else "wave"
    if member_of is None:
        member_of = sections_of(schedule, by)
    # reading order, (kind, early start, file order), as one number per project: a hundred
    # thousand numbers sort in two thirds of the time the same tuples take
    size = len(roadmap.projects)
    low = min(schedule.es, default=0)
    span = max(schedule.es, default=0) - low + 1
    order_key = [(_KIND_ORDER[kind] * span + es - low) * size + index
                 for index, (kind, es)
                 in enumerate(zip(schedule.network.columns.kind, schedule.es, strict=True))]
    sections: list[tuple[str, str, tuple[int, int] | None]]
    if by == "wave":
        sections = [(section, f"Wave {section.removeprefix('wave-')}", None)
                    for section in sorted(set(member_of), key=lambda w: int(w[5:]))]
    else:
        unphased = unphased_id(roadmap.phases)
        ordered = sorted(enumerate(roadmap.phases.items()),
                         key=lambda item: (item[1][1].start, item[0]))
        sections = [(phase_id, phase.title or phase_id, (phase.start, phase.end))
                    for _, (phase_id, phase) in ordered]
        if unphased in member_of:
            sections.append((unphased, "Unphased", None))
    members: dict[str, list[int]] = {section: [] for section, _, _ in sections}
    for index, section in enumerate(member_of):
        members[section].append(index)
    groups = [
        Group(section, title, window, sorted(members[section], key=order_key.__getitem__))
        for section, title, window in sections
    ]
    return Grouping(groups, member_of)


def unphased_id(phases: Container[str]) -> str:
    """The id of the group of projects outside every phase: "unphased", unless a phase has
    that id."""
    candidate, number = UNPHASED, 2
    while candidate in phases:
        candidate, number = f"{UNPHASED}-{number}", number + 1
    return candidate
