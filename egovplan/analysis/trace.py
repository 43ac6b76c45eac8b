"""Traceability: goal → measure → projects, coverage per goal and per domain, and the reverse
view project → measures."""

from __future__ import annotations

from dataclasses import dataclass

from egovplan.analysis.cpm import Schedule


@dataclass(frozen=True)
class ProjectRef:
    """A project as the matrix shows it."""

    id: str
    title: str
    kind: str | None
    phase: str | None
    start: str
    finish: str


@dataclass(frozen=True)
class MeasureRow:
    goal: str
    measure: str
    title: str
    projects: list[ProjectRef]

    @property
    def reference(self) -> str:
        return f"{self.goal}.{self.measure}"


@dataclass(frozen=True)
class GoalCoverage:
    goal: str
    title: str
    measures: list[MeasureRow]

    @property
    def served(self) -> int:
        return sum(1 for row in self.measures if row.projects)

    @property
    def held(self) -> int:
        return len(self.measures)


@dataclass(frozen=True)
class DomainCoverage:
    domain: str
    title: str
    projects: list[str]


@dataclass(frozen=True)
class Trace:
    goals: list[GoalCoverage]
    domains: list[DomainCoverage]
    #: project id → the measure references it serves, for every project (file order)
    reverse: list[tuple[ProjectRef, list[str]]]
    declared_measures: int | None
    declared_goals: int | None

    @property
    def measures_served(self) -> int:
        return sum(goal.served for goal in self.goals)

    @property
    def measures_held(self) -> int:
        return sum(goal.held for goal in self.goals)


def trace(schedule: Schedule) -> Trace:
    """The traceability matrix of a scheduled roadmap."""
    roadmap = schedule.roadmap
    refs = {
        project_id: ProjectRef(project_id, project.title, project.kind, project.phase,
                               schedule.shown_start(index), schedule.shown_finish(index))
        for index, (project_id, project) in enumerate(roadmap.projects.items())
    }
    serving: dict[str, list[ProjectRef]] = {}
    for project_id, project in roadmap.projects.items():
        for reference in dict.fromkeys(project.serves):  # a measure listed twice serves once
            serving.setdefault(reference, []).append(refs[project_id])
    goals = [
        GoalCoverage(goal_id, goal.title, [
            MeasureRow(goal_id, measure_id, measure.title,
                       serving.get(f"{goal_id}.{measure_id}", []))
            for measure_id, measure in goal.measures.items()
        ])
        for goal_id, goal in roadmap.goals.items()
    ]
    # each project's domains read once (not every project for each domain), in file order
    in_domain: dict[str, list[str]] = {domain_id: [] for domain_id in roadmap.domains}
    for project_id, project in roadmap.projects.items():
        for domain_id in dict.fromkeys(project.domains):
            if domain_id in in_domain:
                in_domain[domain_id].append(project_id)
    domains = [DomainCoverage(domain_id, title, in_domain[domain_id])
               for domain_id, title in roadmap.domains.items()]
    reverse = [(refs[project_id], list(dict.fromkeys(project.serves)))
               for project_id, project in roadmap.projects.items()]
    declared = roadmap.roadmap.declared
    return Trace(goals, domains, reverse,
                 None if declared is None else declared.measures,
                 None if declared is None else declared.goals)
