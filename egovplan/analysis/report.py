"""Everything `egovplan schedule` and `critical-path` show, computed once."""

from __future__ import annotations

from dataclasses import dataclass

from egovplan.analysis.cpm import Schedule, compute, free_floats, late_finishes
from egovplan.analysis.level import Leveling, level
from egovplan.analysis.paths import CriticalPaths, critical_paths
from egovplan.analysis.phases import Group, GroupBy, group
from egovplan.graph import Network, build_network
from egovplan.model.roadmap import Roadmap
from egovplan.numbers import capacity_limit


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
                    by: GroupBy | None = None, max_paths: int = 10,
                    member_of: list[str] | None = None) -> ScheduleReport:
    """`member_of`: each project's section, when already known (`phases.sections_of` of the
    same schedule and `by`)."""
    schedule = compute(roadmap, network or build_network(roadmap))
    return _report(schedule, by, max_paths, member_of)


def _report(schedule: Schedule, by: GroupBy | None, max_paths: int,
            member_of: list[str] | None = None) -> ScheduleReport:
    if by not in (None, "phase", "wave"):
        raise ValueError(f"by must be 'phase', 'wave' or None, not {by!r}")
    if isinstance(max_paths, bool) or not isinstance(max_paths, int) or max_paths < 0:
        raise ValueError(f"max_paths must be a whole number, 0 or more, not {max_paths!r}")
    roadmap = schedule.roadmap
    grouped_by: GroupBy = by or ("phase" if roadmap.phases else "wave")
    grouping = group(schedule, grouped_by, member_of)
    return ScheduleReport(schedule, critical_paths(schedule, max_paths), grouping.groups,
                          grouped_by, grouping.member_of)


def leveled_report(roadmap: Roadmap, network: Network | None = None, *,
                   by: GroupBy | None = None, max_paths: int = 10, effort: int = 40,
                   seed: int = 0, exact: bool = False,
                   time_limit: float = 4.0) -> tuple[ScheduleReport, Leveling]:
    """The schedule after resource leveling, as a report of the same shape: early dates are
    the leveled starts, late dates come from the leveled backward pass (same capacities, same
    finish) capped by the deadlines, floats and critical paths follow from them. With
    `exact`, CP-SAT levels (`egovplan.analysis.exact`; raises `SolverMissingError` without
    OR-Tools)."""
    early = compute(roadmap, network or build_network(roadmap))
    if exact:
        from egovplan.analysis.exact import level_exact

        leveling = level_exact(early, time_limit=time_limit, effort=effort, seed=seed)
    else:
        leveling = level(early, effort=effort, seed=seed)
    if leveling.findings:
        return _report(early, by, max_paths), leveling
    durations = early.network.durations
    es = leveling.starts
    ef = [s + d for s, d in zip(es, durations, strict=True)]
    # late dates: the leveled backward pass (capacities and dependencies, the leveled
    # finish), and no later than any deadline allows through the dependencies, so that a
    # leveled schedule that breaks a `finish_by` shows negative float
    deadline_lf = late_finishes(roadmap, early.network, early.order, leveling.finish)
    ls = [min(late, by_deadline - d) for late, by_deadline, d
          in zip(leveling.late_starts, deadline_lf, durations, strict=True)]
    lf = [s + d for s, d in zip(ls, durations, strict=True)]
    total = [late - start for late, start in zip(ls, es, strict=True)]
    free = held_free_floats(roadmap, free_floats(early.network, es, ef, leveling.finish),
                            es, ef, leveling.usage)
    leveled = Schedule(roadmap, early.network, early.order, es, ef, ls, lf, total, free,
                       leveling.finish)
    return _report(leveled, by, max_paths), leveling


def held_free_floats(roadmap: Roadmap, free: list[int], es: list[int], ef: list[int],
                     usage: dict[str, list[float]]) -> list[int]:
    """A leveled schedule's free floats: how far each project can slip, with every other
    project where it is, without moving a successor's early start (`free`, the contract's) and
    without any month going over a capacity: a project that uses a resource slips only up to
    the first month after its finish that has no room for it. `usage`: the leveled schedule's
    use of each resource in each month.

    Per resource, the projects are asked for largest amount first; a month stops counting as
    full once the amount asked fits it (months taken emptiest first), and "the first full month
    from here" is a find over the months still full (union-find with path halving): near-linear
    in projects + months, however long the floats."""
    resources = roadmap.resources
    held = list(free)
    asked: dict[str, list[tuple[float, int]]] = {}
    for node, project in enumerate(roadmap.projects.values()):
        if held[node] <= 0 or es[node] == ef[node]:
            continue
        for name, amount in project.uses.items():
            if name in resources and amount > 0:
                asked.setdefault(name, []).append((amount, node))
    for name, queries in asked.items():
        used, limit = usage[name], capacity_limit(resources[name].capacity)
        months = len(used)
        emptiest = sorted(range(months), key=used.__getitem__)
        #: month → itself while it is full for the amount asked, else a later month to look at
        onward = list(range(months + 1))
        freed = 0
        for amount, node in sorted(queries, key=lambda query: -query[0]):
            while freed < months and used[emptiest[freed]] + amount <= limit:
                month = emptiest[freed]
                onward[month] = month + 1
                freed += 1
            month = ef[node]
            if month >= months:
                continue
            while onward[month] != month:  # the first full month from the finish on
                onward[month] = onward[onward[month]]
                month = onward[month]
            if month < months:  # (none: every month after the plan's finish has room)
                held[node] = min(held[node], month - ef[node])
    return held
