"""Pydantic models of roadmap format 1 (see docs/format.md and the contract it follows).

The models check each value on its own: types, ids, months, durations, unknown keys. Whether a
reference points at something that exists is the business of `egovplan.checks`, which sees the
whole roadmap at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import (
    Annotated,
    Any,
    Literal,
    NamedTuple,
    Required,  # pydantic needs these before Python 3.12
)

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, with_config
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

from egovplan.model.types import Duration, Lag, Month, Slug, toml_type

DependencyType = Literal["FS", "SS", "FF", "SF"]
Kind = Literal["priority", "support"]
KINDS: tuple[Kind, ...] = ("priority", "support")

NonNegative = Annotated[float, Field(ge=0)]
Reference = Annotated[str, Field(min_length=1)]
UserData = dict[str, Any]


class _Object(BaseModel):
    """Every object of the format: unknown keys rejected, a free `x` table allowed."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        allow_inf_nan=False,
        hide_input_in_errors=True,
        defer_build=True,
    )

    x: UserData | None = Field(default=None, description="free data of the user's own")


@with_config(ConfigDict(extra="forbid", strict=True, allow_inf_nan=False,
                         hide_input_in_errors=True))
class DependencyTable(TypedDict, total=False):
    """`{ id, type, lag }` as written: this project's link to a project it depends on.

    A typed dict rather than a model: a large roadmap holds hundreds of thousands of these,
    and a dict is validated in half the time and memory of a model instance."""

    id: Required[Reference]
    type: DependencyType
    lag: Lag
    x: UserData


class Dependency(NamedTuple):
    """A dependency with its defaults filled in: the project depended on, type, lag (months)."""

    id: str
    type: DependencyType = "FS"
    lag: int = 0


#: A dependency as written: a project id (finish-to-start, no lag), or a table. The model keeps
#: it as written; `Project.dependencies` gives every item as a `Dependency`.
DependencyItem = Annotated[Reference | DependencyTable, Field(union_mode="left_to_right")]
#: The names pydantic gives the two branches of that union in an error's location.
STRING_BRANCH, TABLE_BRANCH = "constrained-str", "DependencyTable"


class Estimate(_Object):
    """Three-point duration estimate, for risk analysis."""

    optimistic: Duration
    likely: Duration
    pessimistic: Duration


class Project(_Object):
    title: str
    kind: Kind | None = Field(default=None, description="absent: unclassified")
    serves: list[Reference] = Field(default_factory=list, description='"<goal>.<measure>"')
    phase: Reference | None = None
    domains: list[Reference] = Field(default_factory=list)
    duration: Duration
    depends_on: list[DependencyItem] = Field(default_factory=list)
    not_before: Month | None = None
    finish_by: Month | None = None
    cost: NonNegative | None = None
    uses: dict[Reference, NonNegative] = Field(default_factory=dict)
    estimate: Estimate | None = None
    agency: str | None = None

    @property
    def is_milestone(self) -> bool:
        return self.duration == 0

    @cached_property
    def dependencies(self) -> list[Dependency]:
        """Every `depends_on` item as a `Dependency`, in the order written."""
        return [
            Dependency(item) if isinstance(item, str)
            else Dependency(item["id"], item.get("type", "FS"), item.get("lag", 0))
            for item in self.depends_on
        ]


class Measure(_Object):
    title: str
    description: str | None = None


class Goal(_Object):
    title: str
    description: str | None = None
    measures: dict[Slug, Measure] = Field(default_factory=dict)


class Phase(_Object):
    title: str | None = None
    start: Month
    end: Month = Field(description="the last month of the phase (inclusive)")


class Resource(_Object):
    title: str | None = None
    unit: str | None = None
    capacity: Annotated[float, Field(gt=0)]


class Declared(_Object):
    goals: Annotated[int, Field(ge=0)] | None = None
    measures: Annotated[int, Field(ge=0)] | None = None
    domains: Annotated[int, Field(
        ge=0, description="domains the source promises (an egovplan extension)")] | None = None


#: The codes of the coverage gaps (egovplan.analysis.gaps registers a check for each).
GapCode = Literal[
    "goal-without-measures", "measure-without-projects", "project-without-measures",
    "numbering-hole", "declared-count", "domain-without-projects", "phase-without-projects",
    "phase-overrun", "deadline-missed", "priority-after-support", "over-capacity",
    "duplicate-dependency", "duplicate-reference", "duplicate-number",
    "duration-outside-estimate",
]


class RoadmapInfo(_Object):
    id: Slug
    title: str
    start: Month = Field(description="month 0 of the plan")
    source: str | None = None
    declared: Declared | None = None
    ignore: list[GapCode] = Field(
        default_factory=list,
        description="gap codes accepted for this roadmap (an egovplan extension)",
    )


def _format_version(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError(
            "format_type", "format must be the integer 1, not {found}",
            {"found": toml_type(value, month_hint=False)},
        )
    if value != 1:
        raise PydanticCustomError(
            "unsupported_format",
            "format {value} is not supported: this egovplan reads format 1",
            {"value": value},
        )
    return value


class ProjectColumns(NamedTuple):
    """Each project's value of a field, by index in file order (`project_columns`)."""

    phase: list[str | None]
    kind: list[Kind | None]
    duration: list[int]
    not_before: list[int | None]
    finish_by: list[int | None]
    depends_on: list[list[DependencyItem]]
    serves: list[list[str]]
    domains: list[list[str]]
    uses: list[dict[str, float]]
    estimate: list[Estimate | None]

    @classmethod
    def empty(cls) -> ProjectColumns:
        """Columns of no project: a list of its own for each field."""
        return cls(*([] for _ in cls._fields))


class Roadmap(_Object):
    """One roadmap file."""

    format: Annotated[Literal[1], BeforeValidator(_format_version)]
    schema_: str | None = Field(default=None, alias="$schema", description="for editors")
    roadmap: RoadmapInfo
    domains: dict[Slug, str] = Field(default_factory=dict)
    resources: dict[Slug, Resource] = Field(default_factory=dict)
    phases: dict[Slug, Phase] = Field(default_factory=dict)
    goals: dict[Slug, Goal] = Field(default_factory=dict)
    projects: dict[Slug, Project] = Field(default_factory=dict)

    model_config = ConfigDict(populate_by_name=True)

    @property
    def start(self) -> int:
        return self.roadmap.start

    def measure_references(self) -> dict[str, tuple[str, str]]:
        """Every measure's reference `"<goal>.<measure>"` → (goal id, measure id)."""
        return {
            f"{goal_id}.{measure_id}": (goal_id, measure_id)
            for goal_id, goal in self.goals.items()
            for measure_id in goal.measures
        }

    def user_data(self) -> Iterator[tuple[tuple[str | int, ...], UserData]]:
        """Every `x` table in the roadmap, with the key path of the object holding it."""
        objects: list[tuple[tuple[str | int, ...], _Object | None]] = [
            ((), self), (("roadmap",), self.roadmap),
            (("roadmap", "declared"), self.roadmap.declared),
        ]
        objects += [(("resources", key), value) for key, value in self.resources.items()]
        objects += [(("phases", key), value) for key, value in self.phases.items()]
        for goal_id, goal in self.goals.items():
            objects.append((("goals", goal_id), goal))
            objects += [(("goals", goal_id, "measures", k), m) for k, m in goal.measures.items()]
        for path, obj in objects:
            if obj is not None and obj.x is not None:
                yield path, obj.x
        for project_id, project in self.projects.items():
            if project.x is not None:
                yield ("projects", project_id), project.x
            if project.estimate is not None and project.estimate.x is not None:
                yield ("projects", project_id, "estimate"), project.estimate.x
            for index, dependency in enumerate(project.depends_on):
                if not isinstance(dependency, str) and "x" in dependency:
                    yield ("projects", project_id, "depends_on", index), dependency["x"]


def project_columns(roadmap: Roadmap) -> ProjectColumns:
    """The values of `roadmap`'s projects, one list per field, in file order, gathered in one
    pass. On a large roadmap each pass over the projects costs mostly the reaching of each
    project's object in memory (about 0.4 µs a project, far more than reading a value from a
    list), so the graph keeps these (`egovplan.graph.Network.columns`, taken when the graph is
    built, as its durations are) and the loops that see every project (the schedule's bounds,
    the sections, the checks) read them."""
    columns = ProjectColumns.empty()
    # one loop of appends: twice as fast as transposing a list of tuples
    phase, kind, duration = columns.phase.append, columns.kind.append, columns.duration.append
    not_before, finish_by = columns.not_before.append, columns.finish_by.append
    depends_on, serves = columns.depends_on.append, columns.serves.append
    domains, uses = columns.domains.append, columns.uses.append
    estimate = columns.estimate.append
    for project in roadmap.projects.values():
        phase(project.phase)
        kind(project.kind)
        duration(project.duration)
        not_before(project.not_before)
        finish_by(project.finish_by)
        depends_on(project.depends_on)
        serves(project.serves)
        domains(project.domains)
        uses(project.uses)
        estimate(project.estimate)
    return columns
