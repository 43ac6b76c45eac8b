"""Everything `egovplan schedule` and `critical-path` show, computed once."""

from __future__ import annotations

from dataclasses import dataclass

from egovplan.analysis.cpm import Schedule, compute
from egovplan.analysis.paths import CriticalPaths, critical_paths
from egovplan.analysis.phases import Group, GroupBy, group
from egovplan.graph import Network, build_network
from egovplan.model.roadmap import Roadmap


@dataclass(frozen=True)
class ScheduleReport:
    schedule: Schedule
    paths: CriticalPaths
    groups: list[Group]
    grouped_by: GroupBy
    #: The id of the group each project (by index) is shown under.
    member_of: list[str]

    @property
    def roadmap(self) -> Roadmap:
        return self.schedule.roadmap

    @property
    def critical_path(self) -> list[str]:
        """The first critical path, as project ids (empty for an empty roadmap)."""
        ids = self.schedule.network.ids
        return [ids[node] for node in self.paths.paths[0]] if self.paths.paths else []


def schedule_report(roadmap: Roadmap, network: Network | None = None, *,
                    by: GroupBy | None = None, max_paths: int = 10) -> ScheduleReport:
    schedule = compute(roadmap, network or build_network(roadmap))
    grouped_by: GroupBy = by or ("phase" if roadmap.phases else "wave")
    grouping = group(schedule, grouped_by)
    return ScheduleReport(schedule, critical_paths(schedule, max_paths), grouping.groups,
                          grouped_by, grouping.member_of)
