"""`egovplan cost`: the projects' `cost` added up, in all and by year, phase, agency, domain
or kind.

By year, a project's cost is spread evenly over the months it works in the (early) schedule,
so that a 24-month project of 2.4 billion starting in July puts 0.6 in its first year, 1.2 in
its second and 0.6 in its third; a milestone's cost falls in the month it is shown in. By phase,
a project counts under the phase the phased schedule shows it in (its own, or for a project
without one the phase whose window holds its start, as `egovplan schedule` groups it). The
other groupings count each project's cost once in its group, but by domain, where a project in
two domains counts in both (each row says what the domain's projects cost; the rows then add
up to more than the total, and the report says so). Projects without a `cost` are counted and
named, never taken as free.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from egovplan.analysis.cpm import Schedule, shown_finish
from egovplan.analysis.phases import assign_phases

if TYPE_CHECKING:
    from egovplan.model.roadmap import Project

CostGrouping = Literal["year", "phase", "agency", "domain", "kind"]
GROUPINGS: tuple[CostGrouping, ...] = ("year", "phase", "agency", "domain", "kind")

#: The row of the projects a grouping does not place (no phase, no agency, no domain).
NONE_KEY = ""


@dataclass(frozen=True)
class CostRow:
    #: The year (`2025`), phase id, agency, domain id or kind; "" for none.
    key: str
    #: What the row is called: the phase's or domain's title, "no phase", "unclassified" …
    title: str
    cost: float
    #: How many projects with a cost count in the row (by year: that work in it).
    projects: int


@dataclass(frozen=True)
class CostReport:
    by: CostGrouping
    total: float
    #: Projects with a cost (0 included).
    costed: int
    #: The ids of the projects without a `cost`, in file order.
    uncosted: list[str]
    rows: list[CostRow]
    #: Whether a project counts in several rows (by domain), so the rows add up to more.
    overlapping: bool


def cost_report(schedule: Schedule, by: CostGrouping = "year") -> CostReport:
    roadmap = schedule.roadmap
    projects = list(roadmap.projects.values())
    ids = schedule.network.ids
    costed = [index for index, project in enumerate(projects) if project.cost is not None]
    uncosted = [ids[index] for index, project in enumerate(projects) if project.cost is None]
    total = _sum(projects[index].cost or 0.0 for index in costed)
    amounts: dict[str, list[float]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    overlapping = False
    shown_under = assign_phases(schedule) if by == "phase" else []
    for index in costed:
        cost = projects[index].cost or 0.0
        if by == "year":
            for year, share in _by_year(schedule, index, cost):
                amounts[year].append(share)
                counts[year] += 1
            continue
        keys = [shown_under[index] or NONE_KEY] if by == "phase" else _keys(projects[index], by)
        overlapping = overlapping or len(keys) > 1
        for key in keys:
            amounts[key].append(cost)
            counts[key] += 1
    rows = [CostRow(key, _title(schedule, by, key), _sum(amounts[key]), counts[key])
            for key in _ordered(schedule, by, amounts)]
    return CostReport(by, total, len(costed), uncosted, rows, overlapping)


def _sum(values: Iterable[float]) -> float:
    """The exact sum (`math.fsum`), or infinity where it is past the largest float (two costs
    of 1e308), which `fsum` raises on."""
    try:
        return math.fsum(values)
    except OverflowError:
        return math.inf


def _by_year(schedule: Schedule, index: int, cost: float) -> list[tuple[str, float]]:
    """(year, the part of `cost` spent in it), the cost spread evenly over the months the
    project works; a milestone's in the year of the month it is shown in."""
    duration = schedule.network.durations[index]
    first = schedule.start + schedule.es[index]
    if duration == 0:
        return [(str((schedule.start + shown_finish(schedule.ef[index])) // 12), cost)]
    last = first + duration  # exclusive
    parts = []
    year = first // 12
    while year * 12 < last:
        months = min(last, (year + 1) * 12) - max(first, year * 12)
        parts.append((str(year), cost / duration * months))  # (cost * months may overflow)
        year += 1
    return parts


def _keys(project: Project, by: CostGrouping) -> list[str]:
    """The rows a project counts in (agencies written alike, `MOIS` and ` MOIS `, are one)."""
    if by == "agency":
        agency = " ".join((project.agency or "").split())
        return [agency or NONE_KEY]
    if by == "kind":
        return [project.kind or NONE_KEY]
    return list(dict.fromkeys(project.domains)) or [NONE_KEY]


def _ordered(schedule: Schedule, by: CostGrouping, amounts: dict[str, list[float]]) -> list[str]:
    """The rows' keys: years in order; phases and domains in file order; kinds priority,
    support, unclassified; agencies by name; the row of none last."""
    roadmap = schedule.roadmap
    if by == "year":
        return sorted(amounts, key=int)
    if by == "phase":
        order = list(roadmap.phases)
    elif by == "domain":
        order = list(roadmap.domains)
    elif by == "kind":
        order = ["priority", "support"]
    else:
        order = sorted(key for key in amounts if key != NONE_KEY)
    return [key for key in order if key in amounts] + ([NONE_KEY] if NONE_KEY in amounts else [])


def _title(schedule: Schedule, by: CostGrouping, key: str) -> str:
    roadmap = schedule.roadmap
    if key == NONE_KEY:
        return {"phase": "no phase", "agency": "no agency", "domain": "no domain",
                "kind": "unclassified", "year": ""}[by]
    if by == "phase":
        return roadmap.phases[key].title or key
    if by == "domain":
        return roadmap.domains[key]
    return key
