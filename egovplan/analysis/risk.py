"""Schedule risk: Monte Carlo completion dates from three-point estimates.

Each iteration draws a duration for every project with an `estimate` — PERT-beta by default
(mean (o + 4l + p) / 6), triangular on request — keeps the fixed duration of the others, and
runs the full CPM (all dependency types, lags, `not_before`, phase starts, `finish_by`). The
iterations are vectorised with numpy: one forward and one backward pass over the projects, each
step an operation on arrays of all iterations at once.

Durations drawn are fractions of months; the month a finish is shown in is the month in which
the work ends (the finish rounded up, less one), so a roadmap without estimates gives exactly
the dates of `egovplan schedule`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

from egovplan.analysis.cpm import Schedule, _deadlines, _lower_bounds
from egovplan.analysis.phases import assign_phases
from egovplan.model.types import format_month

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Array = TypeVar("Array", npt.NDArray[np.float64], npt.NDArray[np.int64])

Distribution = Literal["pert", "triangular"]
PERCENTILES = (10, 50, 80, 95)
EPSILON = 1e-9


@dataclass(frozen=True)
class DeadlineChance:
    id: str
    kind: Literal["project", "phase"]
    deadline: str
    probability: float


@dataclass(frozen=True)
class ProjectRisk:
    id: str
    title: str
    criticality: float
    #: Spearman's rank correlation of the project's duration with the plan's duration
    #: (0 for a project without an estimate).
    sensitivity: float
    mean_duration: float


@dataclass(frozen=True)
class RiskReport:
    iterations: int
    seed: int
    distribution: Distribution
    start: int
    #: The plan's duration in months (exclusive finish) in each iteration, sorted.
    durations: list[float]
    percentiles: dict[int, float]
    mean_months: float
    deadlines: list[DeadlineChance]
    projects: list[ProjectRisk]
    #: whether each iteration was leveled (`risk --level`, see `risk_level`)
    leveled: bool = False

    def shown_month(self, months: float) -> str:
        """The month in which a finish `months` after the start falls, as `YYYY-MM`."""
        return format_month(self.start + max(_ceil(months) - 1, 0))


def _ceil(value: float) -> int:
    whole = int(value)
    return whole + 1 if value - whole > EPSILON else whole


def sample_durations(schedule: Schedule, iterations: int, rng: np.random.Generator,
                     distribution: Distribution) -> Floats:
    """Durations, shape (projects, iterations)."""
    import numpy as np

    projects = list(schedule.roadmap.projects.values())
    out = np.empty((len(projects), iterations))
    for index, project in enumerate(projects):
        estimate = project.estimate
        if estimate is None or estimate.pessimistic == estimate.optimistic:
            out[index] = project.duration if estimate is None else estimate.likely
            continue
        low, mode, high = estimate.optimistic, estimate.likely, estimate.pessimistic
        if distribution == "triangular":
            out[index] = rng.triangular(low, mode, high, iterations)
        else:
            alpha = 1 + 4 * (mode - low) / (high - low)
            beta = 1 + 4 * (high - mode) / (high - low)
            out[index] = low + (high - low) * rng.beta(alpha, beta, iterations)
    return out


#: Cells (projects × iterations) the passes over the network hold at once: a large roadmap is
#: simulated in blocks of iterations, each with its own arrays of early and late dates (the
#: same results: every step is an operation on each iteration alone), so that beside the drawn
#: durations (8 bytes a cell) a block takes at most about 170 MB.
BLOCK_CELLS = 2**22


def simulate(schedule: Schedule, *, iterations: int = 10_000, seed: int = 0,
             distribution: Distribution = "pert") -> RiskReport:
    import numpy as np

    rng = np.random.Generator(np.random.PCG64(seed))
    size = len(schedule.network)
    durations = sample_durations(schedule, iterations, rng, distribution)
    lower = _lower_bounds(schedule.roadmap, schedule.network)
    deadlines = _deadlines(schedule.roadmap, schedule.network)
    tally = Tally(schedule, iterations, assign_phases(schedule))
    width = max(1, BLOCK_CELLS // max(size, 1))
    for first in range(0, iterations, width):
        drawn = durations[:, first:first + width]
        ef, finish, critical = _passes(schedule, drawn, lower, deadlines)
        tally.add(first, ef, finish, critical)
    return summarise(schedule, seed, distribution, durations, tally)


def _passes(schedule: Schedule, durations: Floats, lower: list[int], deadlines: dict[int, int]
            ) -> tuple[Floats, Floats, npt.NDArray[np.bool_]]:
    """The forward and backward passes over some iterations (columns of `durations`): the
    early finishes, the plan's finish and the critical projects."""
    import numpy as np

    network = schedule.network
    size, iterations = durations.shape
    es = np.zeros((size, iterations))
    ef = np.zeros((size, iterations))
    for node in schedule.order:
        best = np.full(iterations, float(lower[node]))
        d = durations[node]
        for pred, _, kind, lag, _ in network.incoming[node]:
            np.maximum(best, link_bound(kind, lag, es[pred], ef[pred], d), out=best)
        es[node] = best
        ef[node] = best + d
    finish = ef.max(axis=0) if size else np.zeros(iterations)
    lf = np.empty((size, iterations))
    ls = np.empty((size, iterations))
    for node in reversed(schedule.order):
        late = finish.copy()
        if node in deadlines:
            np.minimum(late, deadlines[node], out=late)
        d = durations[node]
        for _, succ, kind, lag, _ in network.outgoing[node]:
            if kind == "FS":
                allowed = ls[succ] - lag
            elif kind == "SS":
                allowed = ls[succ] - lag + d
            elif kind == "FF":
                allowed = lf[succ] - lag
            else:
                allowed = lf[succ] - lag + d
            np.minimum(late, allowed, out=late)
        lf[node] = late
        ls[node] = late - d
    return ef, finish, (ls - es) <= EPSILON


class Tally:
    """What the report needs of the iterations, gathered block by block (`add`): the plan's
    finish in each, how often each project was critical, and how often each deadline was met
    (a project's `finish_by`, a phase's end by the projects of `members`, the phase each
    project is shown under)."""

    def __init__(self, schedule: Schedule, iterations: int, members: list[str | None]) -> None:
        import numpy as np

        roadmap = schedule.roadmap
        self.iterations = iterations
        self.finish = np.zeros(iterations)
        self.critical = np.zeros(len(schedule.network), dtype=np.int64)
        start = roadmap.start
        #: (id, kind, deadline, the rows whose latest early finish must meet it, the limit)
        self.deadlines: list[tuple[str, Literal["project", "phase"], int, list[int], int]] = []
        for index, (project_id, project) in enumerate(roadmap.projects.items()):
            if project.finish_by is not None:
                self.deadlines.append((project_id, "project", project.finish_by, [index],
                                       project.finish_by - start + 1))
        rows_of: dict[str | None, list[int]] = {}  # each project's phase read once
        for index, member in enumerate(members):
            rows_of.setdefault(member, []).append(index)
        for phase_id, phase in roadmap.phases.items():
            rows = rows_of.get(phase_id, [])
            if rows:
                self.deadlines.append((phase_id, "phase", phase.end, rows, phase.end - start + 1))
        self.met = [0] * len(self.deadlines)

    def add(self, first: int, ef: Floats, finish: Floats,
            critical: npt.NDArray[np.bool_]) -> None:
        """The iterations from `first` on: their early finishes (projects × iterations), the
        plan's finish in each, and which projects were critical in each."""
        import numpy as np

        self.finish[first:first + len(finish)] = finish
        self.critical += critical.sum(axis=1)
        for number, (_, _, _, rows, limit) in enumerate(self.deadlines):
            ends = ef[rows[0]] if len(rows) == 1 else ef[rows].max(axis=0)
            self.met[number] += int(np.count_nonzero(ends <= limit + EPSILON))

    def chances(self) -> list[DeadlineChance]:
        return [DeadlineChance(name, kind, format_month(deadline), met / self.iterations)
                for (name, kind, deadline, _, _), met in zip(self.deadlines, self.met,
                                                            strict=True)]


def summarise(schedule: Schedule, seed: int, distribution: Distribution, durations: Floats,
              tally: Tally, *, leveled: bool = False) -> RiskReport:
    """The report of simulated iterations: the drawn durations (projects × iterations) and
    the `tally` of every iteration."""
    import numpy as np

    finish = tally.finish
    return RiskReport(
        len(finish), seed, distribution, schedule.start,
        sorted(float(value) for value in finish),
        {p: float(np.percentile(finish, p)) for p in PERCENTILES},
        float(finish.mean()),
        tally.chances(),
        _project_risks(schedule, durations, finish, tally),
        leveled,
    )


def link_bound(kind: str, lag: int, start: Array, finish: Array, duration: Array) -> Array:
    """The earliest start a dependency allows its successor (of `duration`), given its
    predecessor's start and finish: arrays over iterations."""
    if kind == "FS":
        return finish + lag
    if kind == "SS":
        return start + lag
    if kind == "FF":
        return finish + lag - duration
    return start + lag - duration


def _project_risks(schedule: Schedule, durations: Floats, finish: Floats,
                   tally: Tally) -> list[ProjectRisk]:
    import numpy as np

    finish_ranks = _ranks(finish)
    risks = []
    for index, (project_id, project) in enumerate(schedule.roadmap.projects.items()):
        row = durations[index]
        sensitivity = 0.0
        if project.estimate is not None and float(np.ptp(row)) > EPSILON \
                and float(np.ptp(finish)) > EPSILON:
            sensitivity = float(np.corrcoef(_ranks(row), finish_ranks)[0, 1])
        criticality = int(tally.critical[index]) / tally.iterations
        risks.append(ProjectRisk(project_id, project.title, criticality,
                                 round(sensitivity, 6), float(row.mean())))
    return risks


def _ranks(values: Floats) -> Floats:
    """Ranks from 0, tied values sharing the mean of their ranks (as Spearman's correlation
    takes them: a plan finish that ties in most iterations must not be ranked by iteration)."""
    import numpy as np

    order = np.argsort(values)  # not a stable sort: tied values get one rank, in any order
    ordered = values[order]
    firsts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    counts = np.diff(np.r_[firsts, len(values)])
    ranks = np.empty(len(values))
    ranks[order] = np.repeat(firsts + (counts - 1) / 2, counts)
    return ranks
