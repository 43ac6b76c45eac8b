"""A semantic diff of two roadmaps: what changed, and what it does to the plan.

Entities (the roadmap's own keys, domains, resources, phases, goals, measures, projects) are
matched by id. Values are compared as the model holds them — durations in months, months as
numbers, `serves` and `domains` as sets, dependencies as (project, type, lag) — so that changes
of form only (reordered tables, comments, `24` against `"2y"`, `"a"` against `{ id = "a" }`)
are no change. An entity whose id changed but whose content did not is *renamed*; references to
it elsewhere are followed through the rename, so a renamed phase does not also change every
project in it.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from egovplan.analysis.cpm import Schedule, shown_finish, shown_start
from egovplan.analysis.gaps import GapReport
from egovplan.analysis.paths import critical_paths
from egovplan.findings import Finding
from egovplan.model.roadmap import Project, Roadmap
from egovplan.model.types import format_month, shown

KINDS = ("roadmap", "domain", "resource", "phase", "goal", "measure", "project")


@dataclass(frozen=True)
class Entity:
    kind: str
    id: str
    title: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class LinkChange:
    """A dependency of a project on `pred`: (type, lag) before and after (`None`: absent)."""

    pred: str
    old: tuple[str, int] | None
    new: tuple[str, int] | None


@dataclass(frozen=True)
class Changed:
    kind: str
    id: str
    title: str
    fields: list[FieldChange]
    links: list[LinkChange] = field(default_factory=list)


@dataclass(frozen=True)
class Renamed:
    kind: str
    old: str
    new: str
    title: str


@dataclass(frozen=True)
class Shift:
    """A project whose dates moved: shown start and finish, old and new (`YYYY-MM`)."""

    id: str
    old_start: str
    new_start: str
    old_finish: str
    new_finish: str
    start_delta: int
    finish_delta: int


@dataclass(frozen=True)
class FloatChange:
    """A project with less total float than before (months; not one that became critical,
    which is listed as such)."""

    id: str
    old: int
    new: int


@dataclass(frozen=True)
class CostImpact:
    """The sum of the projects' `cost` in the old roadmap and in the new."""

    old: float
    new: float


def cost_impact(old: Roadmap, new: Roadmap) -> CostImpact | None:
    """Each side's total cost (summed exactly, as `egovplan cost` does), or `None` where
    neither side gives any project a cost."""
    olds = [p.cost for p in old.projects.values() if p.cost is not None]
    news = [p.cost for p in new.projects.values() if p.cost is not None]
    if not olds and not news:
        return None
    return CostImpact(math.fsum(olds), math.fsum(news))


@dataclass(frozen=True)
class ScheduleImpact:
    old_finish: str
    new_finish: str
    delta_months: int
    #: Each roadmap's first critical path, as `schedule` gives it (each in its own ids).
    old_critical_path: list[str]
    new_critical_path: list[str]
    moved: list[Shift]
    became_critical: list[str]
    no_longer_critical: list[str]
    #: Whether the critical path changed: either side's first path is not a critical path of
    #: the other (read through the renames). Not merely `old != new`: a rename can reorder
    #: two tied paths by id, which changes no path.
    critical_path_changed: bool = False
    #: Projects in both roadmaps whose total float fell (and that did not become critical),
    #: most float lost first: slack the change used up.
    less_float: list[FloatChange] = field(default_factory=list)
    #: How many critical paths each roadmap has (`None`: more than can be counted).
    path_counts: tuple[int | None, int | None] = (1, 1)


@dataclass(frozen=True)
class GapImpact:
    new: list[Finding]
    resolved: list[Finding]
    #: Gaps of the old roadmap that the new one still has, but suppresses (its `ignore`).
    suppressed: list[Finding] = field(default_factory=list)
    #: (old, new): a gap about the same entity whose details changed (a numbering hole of
    #: 2–3 now of 2 alone; an over-capacity run a month longer). Each is in `resolved` and in
    #: `new` too (by code and subject they differ); `only_new` and `only_resolved` leave them
    #: out, for a reader.
    changed: list[tuple[Finding, Finding]] = field(default_factory=list)

    @property
    def only_new(self) -> list[Finding]:
        paired = {id(new) for _, new in self.changed}
        return [finding for finding in self.new if id(finding) not in paired]

    @property
    def only_resolved(self) -> list[Finding]:
        paired = {id(old) for old, _ in self.changed}
        return [finding for finding in self.resolved if id(finding) not in paired]


@dataclass(frozen=True)
class RoadmapDiff:
    added: list[Entity]
    removed: list[Entity]
    renamed: list[Renamed]
    changed: list[Changed]
    schedule: ScheduleImpact | None = None
    gaps: GapImpact | None = None
    #: The projects' total cost on each side, where either side has a cost.
    cost: CostImpact | None = None

    @property
    def changes(self) -> int:
        """The number of semantic changes (entities added, removed, renamed or changed)."""
        return len(self.added) + len(self.removed) + len(self.renamed) + len(self.changed)


# -- normalised content ----------------------------------------------------------------------

Content = dict[str, Any]
#: kind → old id → new id; also "reference": old measure reference → new (see
#: `reference_renames`)
Renames = dict[str, dict[str, str]]


def _month(value: int | None) -> str | None:
    return None if value is None else format_month(value)


#: The one NaN that user data's NaNs become, so that `x = { r = nan }` equals itself (two NaN
#: objects are unequal; containers compare their items by identity first).
_NAN = float("nan")


def _user(value: Any) -> Any:
    """User data (an `x` table) for comparison: every NaN in it is `_NAN`."""
    if value is None:
        return None
    if isinstance(value, float):
        return _NAN if value != value else value
    if isinstance(value, dict):
        return {key: _user(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_user(item) for item in value]
    return value


def _entities(roadmap: Roadmap) -> dict[str, dict[str, tuple[str, Content]]]:
    """kind → id → (title, content without references resolved)."""
    info = roadmap.roadmap
    declared = info.declared
    meta: Content = {
        "id": info.id, "title": info.title, "start": _month(info.start), "source": info.source,
        "declared goals": None if declared is None else declared.goals,
        "declared measures": None if declared is None else declared.measures,
        "declared domains": None if declared is None else declared.domains,
        "declared x": None if declared is None else _user(declared.x),
        "ignore": sorted(info.ignore), "x": _user(info.x), "top-level x": _user(roadmap.x),
    }
    found: dict[str, dict[str, tuple[str, Content]]] = {kind: {} for kind in KINDS}
    found["roadmap"]["roadmap"] = (info.title, meta)
    for domain_id, title in roadmap.domains.items():
        found["domain"][domain_id] = (title, {"title": title})
    for resource_id, resource in roadmap.resources.items():
        found["resource"][resource_id] = (resource.title or resource_id, {
            "title": resource.title, "unit": resource.unit, "capacity": resource.capacity,
            "x": _user(resource.x)})
    for phase_id, phase in roadmap.phases.items():
        found["phase"][phase_id] = (phase.title or phase_id, {
            "title": phase.title, "start": _month(phase.start), "end": _month(phase.end),
            "x": _user(phase.x)})
    for goal_id, goal in roadmap.goals.items():
        found["goal"][goal_id] = (goal.title, {
            "title": goal.title, "description": goal.description, "x": _user(goal.x)})
        for measure_id, measure in goal.measures.items():
            found["measure"][f"{goal_id}.{measure_id}"] = (measure.title, {
                "title": measure.title, "description": measure.description, "x": _user(measure.x)})
    for project_id, project in roadmap.projects.items():
        found["project"][project_id] = (project.title, _project_content(project))
    return found


def _project_content(project: Project) -> Content:
    estimate = project.estimate
    return {
        "title": project.title, "kind": project.kind, "phase": project.phase,
        "serves": sorted(set(project.serves)), "domains": sorted(set(project.domains)),
        "duration": project.duration, "not_before": _month(project.not_before),
        "finish_by": _month(project.finish_by), "cost": project.cost,
        "uses": dict(sorted(project.uses.items())),
        "estimate": None if estimate is None else
        [estimate.optimistic, estimate.likely, estimate.pessimistic],
        "estimate x": None if estimate is None else _user(estimate.x),
        "agency": project.agency, "x": _user(project.x),
        "depends_on": sorted({(d.id, d.type, d.lag) for d in project.dependencies}),
        # the user data of dependency tables: [project, type, lag, x] of each that has some
        "depends_on x": sorted(
            ([d.id, d.type, d.lag, _user(item["x"])]
             for d, item in zip(project.dependencies, project.depends_on, strict=True)
             if not isinstance(item, str) and "x" in item),
            key=lambda entry: entry[:3]),
    }


def _follow(content: Content, kind: str, renames: Renames) -> Content:
    """`content` of the old side with its references mapped through the renames."""
    if kind == "project":
        phases, domains = renames["phase"], renames["domain"]
        references, projects = renames.get("reference", {}), renames["project"]
        return {
            **content,
            "phase": renames.get("phase followed", phases).get(content["phase"],
                                                                content["phase"]),
            "serves": sorted({references.get(ref, ref) for ref in content["serves"]}),
            "domains": sorted({domains.get(ref, ref) for ref in content["domains"]}),
            "uses": dict(sorted((renames["resource"].get(r, r), amount)
                                for r, amount in content["uses"].items())),
            "depends_on": sorted((projects.get(pred, pred), kind, lag)
                                 for pred, kind, lag in content["depends_on"]),
            "depends_on x": sorted(
                ([projects.get(pred, pred), kind, lag, data]
                 for pred, kind, lag, data in content["depends_on x"]),
                key=lambda entry: entry[:3]),
        }
    return content


def reference_renames(old_references: dict[str, tuple[str, str]],
                      new_references: dict[str, tuple[str, str]],
                      renames: Renames) -> dict[str, str]:
    """Every measure reference of the old roadmap → the one it has in the new: the measure's
    own rename, else its goal's rename where the new roadmap holds the measure under the
    renamed goal, else itself (a measure removed keeps the id it had). Split by the old
    roadmap's own (goal, measure) pairs, as either id may hold a dot."""
    moved = {}
    for reference, (goal_id, measure_id) in old_references.items():
        if reference in renames["measure"]:
            moved[reference] = renames["measure"][reference]
            continue
        under_goal = f"{renames['goal'].get(goal_id, goal_id)}.{measure_id}"
        kept = under_goal in new_references and under_goal not in old_references
        moved[reference] = under_goal if kept else reference
    return moved


# -- the entity diff ---------------------------------------------------------------------------

def _find_renames(kind: str, old: dict[str, tuple[str, Content]],
                  new: dict[str, tuple[str, Content]], renames: Renames,
                  context: tuple[dict[str, Any], dict[str, Any]] | None = None) -> None:
    """Pair removed and added entities of one kind whose content is the same (each removed
    one, in file order, with the first added one not yet taken). Where several added ones
    have that content, the one whose `context` (what tells look-alikes apart: the projects
    that depend on a project, a goal's measures) is the removed one's is taken first, so
    that the pairs do not depend on the order of the tables. Projects are taken dependencies
    first, so that a renamed chain is found in one pass: each one's dependency is already
    known by its new id when its content is compared."""
    removed = [key for key in old if key not in new and key not in renames[kind]]
    taken = set(renames[kind].values())  # a set: `in` a dict's values is a linear search
    added = [key for key in new if key not in old and key not in taken]
    waiting: dict[Any, list[str]] = {}  # content → the added entities that have it, last first
    for new_id in reversed(added):
        waiting.setdefault(_freeze(new[new_id][1]), []).append(new_id)
    if kind == "project":
        removed = _dependencies_first(removed, old)
    agreeing: dict[Any, list[str]] = {}  # (content, context) → the same, where it matters:
    if context is not None:  # contents that several removed or several added entities have
        seen = Counter(_freeze(_follow(old[old_id][1], kind, renames)) for old_id in removed)
        for content, new_ids in waiting.items():
            if len(new_ids) > 1 or seen[content] > 1:
                for new_id in new_ids:  # last first, as in `waiting`
                    agreeing.setdefault((content, _freeze(context[1].get(new_id))),
                                        []).append(new_id)
    paired: set[str] = set()

    def take(candidates: list[str] | None) -> str | None:
        while candidates:  # those already paired by the other pass are dropped as met
            new_id = candidates.pop()
            if new_id not in paired:
                paired.add(new_id)
                return new_id
        return None

    # first the pairs whose context agrees too, then the rest in file order
    for first in ((True, False) if context is not None else (False,)):
        for old_id in removed:
            if old_id in renames[kind]:
                continue
            content = _freeze(_follow(old[old_id][1], kind, renames))
            if first:
                assert context is not None  # noqa: S101 - only with a context
                found = take(agreeing.get((content, _freeze(context[0].get(old_id)))))
            else:
                found = take(waiting.get(content))
            if found is not None:
                renames[kind][old_id] = found


def _followed(keys: dict[str, str], renamed: dict[str, str]) -> dict[str, str]:
    """What each old entity (`keys`: its name → its id before the renames) is called in the
    new roadmap: its new id where it was renamed or moved; `"<id> (removed)"` where it went
    away and another entity moved onto its id (`_find_moves`), which no id of the new
    roadmap is, so that what referred to it is changed; else its id."""
    targets = set(renamed.values())
    return {name: renamed.get(key, f"{key} (removed)" if key in targets else key)
            for name, key in keys.items()}


def _find_moves(kind: str, old: dict[str, tuple[str, Content]],
                new: dict[str, tuple[str, Content]], renames: Renames) -> None:
    """Entities of one kind renumbered onto ids the old roadmap uses too: the measures after
    one inserted (3 → 4, 4 → 5), two swapped. An old entity whose id now holds other content
    (or is gone) is paired with the new entity that has exactly its content and whose id held
    other content before (or none), where that content is one entity's on each side: no guess
    between look-alikes. (`_find_renames` pairs only ids that one side lacks.)"""
    moved = renames[kind]
    targets = set(moved.values())
    # each side's contents, frozen once (`_freeze`: equal exactly when the same, as `_same`)
    before = {key: _freeze(_follow(content, kind, renames)) for key, (_, content) in old.items()}
    after = {key: _freeze(content) for key, (_, content) in new.items()}
    leaving = [key for key in old if key not in moved and before[key] != after.get(key)]
    arriving = [key for key in new if key not in targets
                and (key not in old or key in moved or before[key] != after[key])]
    if not leaving or not arriving:
        return
    # a content is paired only where one entity of each whole side has it (two measures
    # alike, one of them moving, is a guess: left as the changes it shows)
    seen_old, seen_new = Counter(before.values()), Counter(after.values())
    by_content = {after[key]: key for key in arriving}
    for key in leaving:
        content = before[key]
        target = by_content.get(content)
        if seen_old[content] == 1 and seen_new[content] == 1 and target not in (None, key):
            moved[key] = target


def _dependents(projects: dict[str, tuple[str, Content]]) -> dict[str, list[Any]]:
    """Each project → the links to it, each (the dependent's title, kind and duration, the
    link's type and lag): what tells apart two projects alike in every field, whether or not
    their dependents were renamed too."""
    found: dict[str, list[Any]] = {}
    for title, content in projects.values():
        own = (title, content["kind"], content["duration"])
        for pred, kind, lag in content["depends_on"]:
            found.setdefault(pred, []).append((*own, kind, lag))
    return {pred: sorted(links, key=repr) for pred, links in found.items()}


def _measure_titles(roadmap: Roadmap) -> dict[str, list[str]]:
    """Each goal that has measures → their titles (from the goals themselves: a reference
    `goal.measure` cannot be split where both ids may hold dots)."""
    return {goal_id: sorted(measure.title for measure in goal.measures.values())
            for goal_id, goal in roadmap.goals.items() if goal.measures}


def _dependencies_first(ids: list[str], content: dict[str, tuple[str, Content]]) -> list[str]:
    """`ids` (projects) with each after those of them it depends on, otherwise in file order
    (Kahn's algorithm with a heap of file positions)."""
    position = {project_id: number for number, project_id in enumerate(ids)}
    waits_for = [0] * len(ids)
    followers: list[list[int]] = [[] for _ in ids]
    for number, project_id in enumerate(ids):
        for pred in {link[0] for link in content[project_id][1]["depends_on"]}:
            if pred in position and pred != project_id:
                waits_for[number] += 1
                followers[position[pred]].append(number)
    ready = [number for number, count in enumerate(waits_for) if count == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        number = heapq.heappop(ready)
        order.append(ids[number])
        for follower in followers[number]:
            waits_for[follower] -= 1
            if waits_for[follower] == 0:
                heapq.heappush(ready, follower)
    placed = set(order)  # a cycle (not in a valid roadmap): the rest in file order
    return order + [project_id for project_id in ids if project_id not in placed]


def _freeze(value: Any) -> Any:
    """A hashable stand-in for content, equal exactly when the content is the same: of the
    same types too (`true` is not `1`; a number is a number, `1` is `1.0`), every NaN alike,
    tables in any order."""
    if isinstance(value, dict):
        return ("table", frozenset((key, _freeze(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_freeze(item) for item in value))
    if isinstance(value, float) and value != value:
        return ("nan",)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return ("number", value)
    if isinstance(value, datetime | time):  # as written: the same instant at another offset
        return (type(value).__name__, value.isoformat())  # is a change, as a TOML file has it
    return (type(value).__name__, value)


def _same(old: Any, new: Any) -> bool:
    """Whether two contents are the same, types included (`_freeze`)."""
    return old is new or (old == new and _freeze(old) == _freeze(new))


def diff_and_renames(old: Roadmap, new: Roadmap) -> tuple[RoadmapDiff, Renames]:
    """Added, removed, renamed and changed entities, and the renames found (with
    "reference": every old measure reference → its reference in the new roadmap)."""
    before, after = _entities(old), _entities(new)
    renames: Renames = {kind: {} for kind in KINDS}
    for kind in ("domain", "resource", "phase"):
        _find_renames(kind, before[kind], after[kind], renames)
    _find_moves("phase", before["phase"], after["phase"], renames)
    _find_renames("goal", before["goal"], after["goal"], renames,
                  (_measure_titles(old), _measure_titles(new)))
    # a measure keeps its id when only its goal was renamed (and one that is gone, the id it
    # had, so that it is reported as removed or renamed under that id)
    old_references, new_references = old.measure_references(), new.measure_references()
    under_goals = reference_renames(old_references, new_references, renames)
    before["measure"] = {under_goals[ref]: value for ref, value in before["measure"].items()}
    _find_renames("measure", before["measure"], after["measure"], renames)
    _find_moves("measure", before["measure"], after["measure"], renames)
    # (the measures' renames are keyed by their references under the goals' new ids)
    renames["reference"] = _followed(under_goals, renames["measure"])
    renames["phase followed"] = _followed({key: key for key in before["phase"]},
                                          renames["phase"])
    contexts = (_dependents(before["project"]), _dependents(after["project"]))
    for _ in range(len(before["project"]) + 1):  # renames found may reveal more renames
        count = len(renames["project"])
        _find_renames("project", before["project"], after["project"], renames, contexts)
        if len(renames["project"]) == count:
            break
    result = RoadmapDiff([], [], [], [])
    for kind in KINDS:
        _compare_kind(kind, before[kind], after[kind], renames, result)
    return result, renames


def _compare_kind(kind: str, old: dict[str, tuple[str, Content]],
                  new: dict[str, tuple[str, Content]], renames: Renames,
                  result: RoadmapDiff) -> None:
    renamed = renames[kind]
    renamed_from = {new_id: old_id for old_id, new_id in renamed.items()}
    for old_id, (title, _) in old.items():
        if old_id in renamed:
            result.renamed.append(Renamed(kind, old_id, renamed[old_id], title))
        elif old_id not in new or old_id in renamed_from:  # (its id taken by one moved there)
            result.removed.append(Entity(kind, old_id, title))
    for new_id, (title, content) in new.items():
        old_id = renamed_from.get(new_id, new_id)
        if old_id not in old or (new_id not in renamed_from and new_id in renamed):
            result.added.append(Entity(kind, new_id, title))
            continue
        before = _follow(old[old_id][1], kind, renames)
        if not _same(before, content):
            result.changed.append(_changes(kind, new_id, title, before, content))


def _changes(kind: str, entity_id: str, title: str, old: Content, new: Content) -> Changed:
    fields = [FieldChange(name, old.get(name), new.get(name))
              for name in new if name != "depends_on" and not _same(old.get(name), new.get(name))]
    links: list[LinkChange] = []
    if kind == "project":
        links = _link_changes(old["depends_on"], new["depends_on"])
    return Changed(kind, entity_id, title, fields, links)


#: A link before and after (`None`: absent): its type and lag.
LinkPair = tuple[tuple[str, int] | None, tuple[str, int] | None]


def _link_changes(old: list[tuple[str, str, int]],
                  new: list[tuple[str, str, int]]) -> list[LinkChange]:
    def by_pred(links: list[tuple[str, str, int]]) -> dict[str, list[tuple[str, int]]]:
        grouped: dict[str, list[tuple[str, int]]] = {}
        for pred, kind, lag in links:
            grouped.setdefault(pred, []).append((kind, lag))
        return grouped

    before, after = by_pred(old), by_pred(new)
    changes: list[LinkChange] = []
    for pred in sorted(set(before) | set(after)):
        olds, news = before.get(pred, []), after.get(pred, [])
        # links on the same project: the same (type, lag) on both sides is no change; then a
        # link of the same type is taken to have changed its lag; what is left is paired in
        # order (a change of type), and the rest was added or removed
        for link in list(olds):
            if link in news:
                olds.remove(link)
                news.remove(link)
        pairs: list[LinkPair] = []
        for link in list(olds):
            same_type = next((other for other in news if other[0] == link[0]), None)
            if same_type is not None:
                pairs.append((link, same_type))
                olds.remove(link)
                news.remove(same_type)
        pairs += zip(olds, news, strict=False)
        pairs += [(link, None) for link in olds[len(news):]]
        pairs += [(None, link) for link in news[len(olds):]]
        changes += [LinkChange(pred, before_link, after_link)
                    for before_link, after_link in sorted(pairs, key=_link_order)]
    return changes


def _link_order(pair: LinkPair) -> tuple[int, str, int]:
    """Changes of one project's links in a stable order: by the old link, then the new."""
    link = pair[0] if pair[0] is not None else pair[1]
    assert link is not None  # noqa: S101 - a pair has one side at least
    return (0 if pair[0] is not None else 1, link[0], link[1])


# -- schedule and gap impact -------------------------------------------------------------------

#: How many of the new roadmap's critical paths are looked through for the old first one.
PATHS_COMPARED = 100


def schedule_impact(old: Schedule, new: Schedule, renames: dict[str, str]) -> ScheduleImpact:
    """How the plan's finish, the critical path and each project's dates moved."""
    old_found = critical_paths(old, PATHS_COMPARED)
    new_found = critical_paths(new, PATHS_COMPARED)
    old_paths, new_paths = old_found.paths, new_found.paths
    old_path = [old.network.ids[i] for i in old_paths[0]] if old_paths else []
    old_listed = [[renames.get(old.network.ids[i], old.network.ids[i]) for i in path]
                  for path in old_paths]  # in the new roadmap's names
    new_listed = [[new.network.ids[i] for i in path] for path in new_paths]
    new_path = new_listed[0] if new_listed else []
    # paths are ordered by start, then by id: a rename can reorder tied paths, which is no
    # change, as long as each first path is still critical on the other side
    changed = not (_still_critical(old_listed[0] if old_listed else [], new_listed)
                   and _still_critical(new_path, old_listed))
    old_index = {renames.get(pid, pid): i for i, pid in enumerate(old.network.ids)}
    moved, became, stopped, less = [], [], [], []
    for new_i, project_id in enumerate(new.network.ids):
        old_i = old_index.get(project_id)
        if old_i is None:
            continue
        start_delta = _offset(new, new_i, "start") - _offset(old, old_i, "start")
        finish_delta = _offset(new, new_i, "finish") - _offset(old, old_i, "finish")
        if start_delta or finish_delta:
            moved.append(Shift(project_id, old.shown_start(old_i), new.shown_start(new_i),
                               old.shown_finish(old_i), new.shown_finish(new_i),
                               start_delta, finish_delta))
        if new.is_critical(new_i) and not old.is_critical(old_i):
            became.append(project_id)
        else:
            if old.is_critical(old_i) and not new.is_critical(new_i):
                stopped.append(project_id)
            if new.total_float[new_i] < old.total_float[old_i]:
                less.append(FloatChange(project_id, old.total_float[old_i],
                                        new.total_float[new_i]))
    moved.sort(key=lambda s: (-max(abs(s.start_delta), abs(s.finish_delta)), s.id))
    less.sort(key=lambda change: (change.new - change.old, change.id))
    old_finish = old.start + max(old.finish - 1, 0)
    new_finish = new.start + max(new.finish - 1, 0)
    return ScheduleImpact(format_month(old_finish), format_month(new_finish),
                          new_finish - old_finish, old_path, new_path, moved, became, stopped,
                          changed, less, (old_found.count, new_found.count))


def _still_critical(path: list[str], listed: list[list[str]]) -> bool:
    """Whether `path` is one of the other side's critical paths `listed` (no path: whether
    that side has none either)."""
    return path in listed if path else not listed


def _offset(schedule: Schedule, index: int, which: str) -> int:
    """A project's shown start or finish as an absolute month number."""
    es, ef = schedule.es[index], schedule.ef[index]
    return schedule.start + (shown_start(es, ef) if which == "start" else shown_finish(ef))


#: What each place of a gap's subject names, by gap code (see egovplan.analysis.gaps): the
#: kind of rename it follows. "hole" is a reference to no measure (a numbering hole's missing
#: 'g.3', after the goal 'g'): it follows that goal's rename; "member" is what a project's
#: `serves` or `domains` names: a measure reference (with its dot) or a domain; "text" (a
#: count's name, a month) follows none.
_SUBJECT_KINDS: dict[str, tuple[str, ...]] = {
    "goal-without-measures": ("goal",),
    "measure-without-projects": ("reference",),
    "project-without-measures": ("project",),
    "numbering-hole": ("goal", "hole"),  # the goal, then each missing reference
    "declared-count": ("text",),
    "domain-without-projects": ("domain",),
    "phase-without-projects": ("phase",),
    "phase-overrun": ("project", "phase"),
    "deadline-missed": ("project",),
    "priority-after-support": ("project", "project"),
    "duplicate-dependency": ("project", "project"),
    "duplicate-reference": ("project", "member"),
    "duplicate-number": ("reference", "reference"),
    "duration-outside-estimate": ("project",),
    "over-capacity": ("resource", "text", "text"),
}

GapKey = tuple[str, tuple[str, ...]]


def _new_key(finding: Finding, renames: Renames) -> GapKey:
    """An old gap's code and subject in the new roadmap's names, each place of the subject
    by the renames of its own kind."""
    kinds = _SUBJECT_KINDS.get(finding.code)
    if kinds is None:  # a gap this version does not know: its subject is left as it is
        return finding.code, finding.subject
    subject = []
    for place, name in enumerate(finding.subject):
        kind = kinds[min(place, len(kinds) - 1)]
        if kind == "hole":
            goal = finding.subject[0]
            moved = renames["goal"].get(goal, goal)
            subject.append(moved + name[len(goal):] if name.startswith(goal + ".") else name)
        elif kind == "text":
            subject.append(name)
        elif kind == "member":  # a measure reference (it has a dot) or a domain id
            subject.append(renames["reference" if "." in name else "domain"].get(name, name))
        else:
            subject.append(renames.get(kind, {}).get(name, name))
    return finding.code, tuple(subject)


def gap_impact(old: GapReport, new: GapReport, renames: Renames) -> GapImpact:
    """Gaps introduced, resolved and newly suppressed, matched by code and subject (not by
    line). A gap of the old roadmap that the new one still has but no longer reports, as its
    code is now in `roadmap.ignore` (or `--ignore`), is suppressed, not resolved."""
    moved = [(finding, _new_key(finding, renames)) for finding in old.findings]
    old_keys = {key for _, key in moved}
    new_keys = {(f.code, f.subject) for f in new.findings}
    suppressed = {_entity(f.code, f.subject) for f in new.suppressed_findings}
    gone = [(finding, key) for finding, key in moved if key not in new_keys]
    introduced = [f for f in new.findings if (f.code, f.subject) not in old_keys]
    resolved = [(finding, key) for finding, key in gone if _entity(*key) not in suppressed]
    return GapImpact(
        introduced,
        [finding for finding, _ in resolved],
        [finding for finding, key in gone if _entity(*key) in suppressed],
        _changed(resolved, introduced) + _restated(moved, new.findings),
    )


def _changed(resolved: list[tuple[Finding, GapKey]],
             introduced: list[Finding]) -> list[tuple[Finding, Finding]]:
    """Resolved and new gaps about the same entity whose details differ (`_DETAILED`): a
    goal's numbering hole; a resource's over-capacity runs, each paired with the first new run
    whose months overlap its own (none: resolved, as it is)."""
    news: dict[GapKey, list[Finding]] = {}
    for finding in introduced:
        if finding.code in _DETAILED:
            news.setdefault(_entity(finding.code, finding.subject), []).append(finding)
    pairs, taken = [], set()
    for finding, key in resolved:
        if finding.code not in _DETAILED:
            continue
        for candidate in news.get(_entity(*key), []):
            if id(candidate) not in taken and _overlap(finding.code, key[1], candidate.subject):
                pairs.append((finding, candidate))
                taken.add(id(candidate))
                break
    return pairs


def _overlap(code: str, old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    """Whether two subjects of one entity are the same gap changed: any two numbering holes of
    a goal (it has one); over-capacity runs (resource, first, last month) whose months
    overlap."""
    if code != "over-capacity":
        return True
    return old[1] <= new[2] and new[1] <= old[2]  # YYYY-MM strings order as months


def _restated(moved: list[tuple[Finding, GapKey]],
              found: list[Finding]) -> list[tuple[Finding, Finding]]:
    """Gaps the same by code and subject whose details the subject does not hold changed: a
    numbering hole past its 50 listed references (2–99 now 2–199), an over-capacity run of
    the same months with another peak, a deadline missed by more or fewer months, a phase
    overrun by more or fewer, a declared count further off, another duration outside the
    estimate (`_RESTATED`). Told by the message, with the old ids of the entities it names
    read as their new ones (a rename alone changes nothing)."""
    by_key = {(f.code, f.subject): f for f in found if f.code in _RESTATED}
    pairs = []
    for finding, key in moved:
        now = by_key.get(key)
        if now is None or not finding.subject or not key[1]:
            continue
        if _held(finding.message, finding.subject) != _held(now.message, key[1]):
            pairs.append((finding, now))
    return pairs


def _held(message: str, subject: tuple[str, ...]) -> str:
    """`message` with the ids of `subject` it quotes, each at its own place (the messages
    name them in the subject's order), replaced by a mark of that place: the same gap under
    renamed ids reads the same, and a project renamed to its phase's id is not its phase."""
    parts, at = [], 0
    for place, name in enumerate(subject):
        quoted = f"'{shown(name)}'"  # as messages quote ids: a long one cut
        found = message.find(quoted, at)
        if found >= 0:
            parts += [message[at:found], f"\0{place}\0"]
            at = found + len(quoted)
    return "".join(parts) + message[at:]


#: Gaps whose subject holds details after the entity (a numbering hole's missing references,
#: an over-capacity's months): ignored, such a gap is suppressed whatever its details became.
_DETAILED = frozenset({"numbering-hole", "over-capacity"})
#: Gaps whose message holds details beyond the entities it names (months, counts), none of
#: them a title: where these changed, the gap is restated as changed (a title's change is the
#: entity's, not the gap's).
_RESTATED = _DETAILED | {"deadline-missed", "phase-overrun", "declared-count",
                         "duration-outside-estimate"}


def _entity(code: str, subject: tuple[str, ...]) -> GapKey:
    """A gap's code and the entity it is about (its whole subject, but for `_DETAILED`)."""
    return (code, subject[:1]) if code in _DETAILED else (code, subject)
