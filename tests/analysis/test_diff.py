"""The semantic diff: no change of form is a change; every mutation is reported exactly."""

from __future__ import annotations

import copy
from typing import Any

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from egovplan import api
from egovplan.analysis.diff import RoadmapDiff

from ..conftest import ROOT

Data = dict[str, Any]


@st.composite
def roadmap_data(draw: st.DrawFn) -> Data:
    size = draw(st.integers(1, 7))
    ids = [f"p{index}" for index in range(size)]
    projects: Data = {}
    for index, project_id in enumerate(ids):
        project: Data = {"title": draw(st.sampled_from(["Portal", "세무", "税务", "Registry"])),
                         "duration": draw(st.integers(0, 30)), "serves": ["g.1"]}
        earlier = ids[:index]
        if earlier:
            preds = draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2))
            project["depends_on"] = [
                {"id": pred, "type": draw(st.sampled_from(["FS", "SS", "FF", "SF"])),
                 "lag": draw(st.integers(-2, 3))}
                for pred in preds
            ]
        if draw(st.booleans()):
            project["kind"] = draw(st.sampled_from(["priority", "support"]))
        if draw(st.booleans()):
            project["phase"] = "ph"
        projects[project_id] = project
    return {
        "format": 1,
        "roadmap": {"id": "r", "title": "R", "start": "2000-01",
                    "declared": {"goals": 1, "measures": 1}},
        "phases": {"ph": {"title": "Phase", "start": "2000-01", "end": "2003-12"}},
        "goals": {"g": {"title": "Goal", "measures": {"1": {"title": "M"}}}},
        "projects": projects,
    }


def reformatted(data: Data) -> Data:
    """The same roadmap written differently: tables in reverse order, durations as years or
    quarters where they divide, plain FS dependencies as bare ids."""
    out: Data = {}
    for key in reversed(list(data)):
        out[key] = data[key]
    projects: Data = {}
    for project_id in reversed(list(data["projects"])):
        project = dict(reversed(list(data["projects"][project_id].items())))
        months = project["duration"]
        if months and months % 12 == 0:
            project["duration"] = f"{months // 12}y"
        elif months and months % 3 == 0:
            project["duration"] = f"{months // 3}q"
        deps = project.get("depends_on", [])
        project["depends_on"] = [
            dep["id"] if dep["type"] == "FS" and dep["lag"] == 0 else
            {"lag": f"{dep['lag']}m", "id": dep["id"], "type": dep["type"]}
            for dep in reversed(deps)
        ]
        projects[project_id] = project
    out["projects"] = projects
    return out


def check(data: Data) -> api.Checked:
    checked = api.check_bytes(tomli_w.dumps(data).encode())
    assert checked.valid, [f.message for f in checked.findings]
    return checked


def diff(old: Data, new: Data) -> RoadmapDiff:
    return api.diff(check(old), check(new))


@settings(max_examples=80, deadline=None)
@given(roadmap_data())
def test_a_roadmap_does_not_differ_from_itself_even_reformatted(data: Data) -> None:
    for other in (data, reformatted(data)):
        result = diff(data, other)
        assert result.changes == 0
        assert (result.added, result.removed, result.renamed, result.changed) == ([], [], [], [])
        assert result.schedule is not None
        assert result.schedule.moved == []
        assert result.schedule.delta_months == 0
        assert result.gaps is not None
        assert (result.gaps.new, result.gaps.resolved) == ([], [])


MUTATIONS = ["duration", "title", "add", "remove", "link", "rename", "goal-rename"]


@settings(max_examples=120, deadline=None)
@given(roadmap_data(), st.sampled_from(MUTATIONS), st.data())
def test_a_mutation_is_reported_exactly(data: Data, mutation: str, draws: st.DataObject) -> None:
    new = copy.deepcopy(data)
    projects = new["projects"]
    target = draws.draw(st.sampled_from(sorted(projects)))
    result_expected: tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]],
                           list[tuple[str, str]]]
    if mutation == "duration":
        projects[target]["duration"] += 5
        expected_changed = [("project", target)]
        result_expected = ([], [], [], expected_changed)
    elif mutation == "title":
        projects[target]["title"] += " (revised)"
        result_expected = ([], [], [], [("project", target)])
    elif mutation == "add":
        projects["extra"] = {"title": "Extra", "duration": 4, "serves": ["g.1"]}
        result_expected = ([("project", "extra")], [], [], [])
    elif mutation == "remove":
        dependents = [pid for pid, p in projects.items()
                      if any(d["id"] == target for d in p.get("depends_on", []))]
        if dependents:
            return  # removing it would leave references: not a valid roadmap
        del projects[target]
        result_expected = ([], [("project", target)], [], [])
    elif mutation == "link":
        first = sorted(projects)[0]
        if first == target or any(d["id"] == first for d in projects[target].get("depends_on", [])):
            return
        projects[target].setdefault("depends_on", []).append({"id": first, "type": "FS",
                                                               "lag": 0})
        result_expected = ([], [], [], [("project", target)])
    elif mutation == "goal-rename":  # the goal's measures and the projects' serves follow
        new["goals"] = {"goal" if gid == "g" else gid: goal for gid, goal in new["goals"].items()}
        for project in projects.values():
            project["serves"] = [f"goal.{ref.split('.', 1)[1]}" if ref.startswith("g.") else ref
                                 for ref in project["serves"]]
        result = diff(data, new)
        assert [(r.kind, r.old, r.new) for r in result.renamed] == [("goal", "g", "goal")]
        assert (result.added, result.removed, result.changed) == ([], [], [])
        return
    else:  # rename: same content, new id; references follow
        if any(p["title"] == projects[target]["title"] and p.get("duration") ==
               projects[target]["duration"] for pid, p in projects.items() if pid != target):
            return  # two identical projects: which one was renamed is ambiguous
        renamed = target + "-renamed"
        new["projects"] = {renamed if pid == target else pid: project
                           for pid, project in projects.items()}
        for project in new["projects"].values():
            for dep in project.get("depends_on", []):
                if dep["id"] == target:
                    dep["id"] = renamed
        result = diff(data, new)
        assert [(r.kind, r.old, r.new) for r in result.renamed] == [("project", target, renamed)]
        assert (result.added, result.removed, result.changed) == ([], [], [])
        return
    result = diff(data, new)
    added, removed, _, changed = result_expected
    assert [(e.kind, e.id) for e in result.added] == added
    assert [(e.kind, e.id) for e in result.removed] == removed
    assert result.renamed == []
    assert [(c.kind, c.id) for c in result.changed] == changed
    if mutation == "duration":
        (change,) = result.changed
        assert [(f.field, f.old, f.new) for f in change.fields] == [
            ("duration", data["projects"][target]["duration"],
             data["projects"][target]["duration"] + 5)]
    if mutation == "link":
        (change,) = result.changed
        assert [(link.pred, link.old, link.new) for link in change.links] == [
            (sorted(projects)[0], None, ("FS", 0))]


@settings(max_examples=80, deadline=None)
@given(roadmap_data(), st.data())
def test_schedule_impact_is_the_difference_of_the_schedules(data: Data,
                                                            draws: st.DataObject) -> None:
    new = copy.deepcopy(data)
    target = draws.draw(st.sampled_from(sorted(new["projects"])))
    new["projects"][target]["duration"] = draws.draw(st.integers(0, 40))
    old_checked, new_checked = check(data), check(new)
    result = api.diff(old_checked, new_checked)
    old_report = api.schedule(old_checked.roadmap)  # type: ignore[arg-type]
    new_report = api.schedule(new_checked.roadmap)  # type: ignore[arg-type]
    assert result.schedule is not None
    moved = {shift.id: shift for shift in result.schedule.moved}
    for index, project_id in enumerate(new_report.schedule.network.ids):
        old_start = old_report.schedule.shown_start(index)
        new_start = new_report.schedule.shown_start(index)
        old_finish = old_report.schedule.shown_finish(index)
        new_finish = new_report.schedule.shown_finish(index)
        if (old_start, old_finish) == (new_start, new_finish):
            assert project_id not in moved
        else:
            shift = moved[project_id]
            assert (shift.old_start, shift.new_start) == (old_start, new_start)
            assert (shift.old_finish, shift.new_finish) == (old_finish, new_finish)
            assert shift.start_delta == _months(new_start) - _months(old_start)
    assert result.schedule.new_finish == new_report.schedule.shown_plan_finish()
    assert result.schedule.delta_months == (
        _months(new_report.schedule.shown_plan_finish())
        - _months(old_report.schedule.shown_plan_finish()))
    deltas = [max(abs(s.start_delta), abs(s.finish_delta)) for s in result.schedule.moved]
    assert deltas == sorted(deltas, reverse=True)
    # less float: exactly the projects whose total float fell and that did not become
    # critical, most float lost first; and each side's number of critical paths
    old_schedule, new_schedule = old_report.schedule, new_report.schedule
    expected = {
        project_id: (old_schedule.total_float[index], new_schedule.total_float[index])
        for index, project_id in enumerate(new_schedule.network.ids)
        if new_schedule.total_float[index] < old_schedule.total_float[index]
        and project_id not in result.schedule.became_critical
    }
    assert {change.id: (change.old, change.new)
            for change in result.schedule.less_float} == expected
    lost = [change.old - change.new for change in result.schedule.less_float]
    assert lost == sorted(lost, reverse=True)
    for project_id in result.schedule.became_critical:
        index = new_schedule.network.index[project_id]
        assert new_schedule.is_critical(index)
        assert not old_schedule.is_critical(index)
    assert result.schedule.path_counts == (old_report.paths.count, new_report.paths.count)


def _months(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def test_seed_to_completed() -> None:
    result = api.diff(api.check_file(ROOT / "roadmaps" / "korea-egov-seed.toml"),
                      api.check_file(ROOT / "roadmaps" / "korea-egov.toml"))
    added = {(e.kind, e.id) for e in result.added}
    assert {("goal", "infrastructure"), ("measure", "services.3"),
            ("project", "g4c")} <= added
    assert result.gaps is not None
    assert {f.code for f in result.gaps.resolved} >= {"declared-count", "numbering-hole"}
    assert result.gaps.new == []


def test_a_goal_rename_moves_its_measures_gaps_and_references() -> None:
    """Renaming goal g to h changes nothing else: not the projects serving its measures (one of
    them with a dot in its id), nor the gaps about them."""
    def roadmap(goal: str) -> str:
        return (
            'format = 1\n[roadmap]\nid = "r"\ntitle = "R"\nstart = "2000-01"\n'
            f'[goals.{goal}]\ntitle = "Goal"\n'
            f'[goals.{goal}.measures."1.a"]\ntitle = "M1a"\n'
            f'[goals.{goal}.measures.2]\ntitle = "M2, served by nothing"\n'
            f'[goals.{goal}.measures.4]\ntitle = "M4, after a numbering hole"\n'
            f'[projects.p]\ntitle = "P"\nduration = 3\nserves = ["{goal}.1.a", "{goal}.4"]\n')

    old, new = (api.check_bytes(roadmap(goal).encode(), f"{goal}.toml") for goal in "gh")
    assert old.roadmap is not None
    assert new.roadmap is not None
    result = api.diff(old, new)
    assert [(r.kind, r.old, r.new) for r in result.renamed] == [("goal", "g", "h")]
    assert (result.added, result.removed, result.changed) == ([], [], [])
    assert result.gaps is not None
    assert (result.gaps.new, result.gaps.resolved) == ([], [])


def test_a_rename_of_a_long_id_changes_no_gap() -> None:
    """Messages cut an id past 80 characters (`shown`); the diff read an old message with the
    new id written whole, so renaming a 90-character goal or resource reported its numbering
    hole or over-capacity as changed."""
    def roadmap(goal: str, resource: str) -> str:
        return (
            'format = 1\n[roadmap]\nid = "r"\ntitle = "R"\nstart = "2000-01"\n'
            f'[resources.{resource}]\ntitle = "Staff"\ncapacity = 1\n'
            f'[goals.{goal}]\ntitle = "Goal"\n'
            f'[goals.{goal}.measures.1]\ntitle = "M1"\n'
            f'[goals.{goal}.measures.100]\ntitle = "M100"\n'
            f'[projects.p]\ntitle = "P"\nduration = 3\nserves = ["{goal}.1", "{goal}.100"]\n'
            f'uses = {{ {resource} = 1 }}\n'
            f'[projects.q]\ntitle = "Q"\nduration = 3\nuses = {{ {resource} = 1 }}\n')

    old, new = (api.check_bytes(roadmap(letter * 90, f"r{letter * 89}").encode(), "x.toml")
                for letter in "gh")
    result = api.diff(old, new)
    assert sorted((r.kind, len(r.new)) for r in result.renamed) == [("goal", 90),
                                                                     ("resource", 90)]
    assert result.gaps is not None
    codes = {finding.code for finding in api.gaps(new).findings}
    assert {"numbering-hole", "over-capacity"} <= codes
    assert (result.gaps.new, result.gaps.resolved, result.gaps.changed) == ([], [], [])


def test_every_gap_code_says_what_its_subject_names() -> None:
    """The diff reads an old gap's subject in the new file's names by what each place names;
    a new gap code must say so too, or its renames would go unnoticed."""
    from egovplan.analysis.diff import _SUBJECT_KINDS
    from egovplan.analysis.gaps import GAPS

    assert set(_SUBJECT_KINDS) == set(GAPS)


def test_a_rename_moves_only_gaps_about_its_own_kind() -> None:
    """A project renamed from 'health' to 'clinics' leaves the unused domain 'health' alone:
    its gap is the same gap before and after, not one resolved and one introduced."""
    def roadmap(project: str) -> str:
        return (
            'format = 1\n[roadmap]\nid = "r"\ntitle = "R"\nstart = "2000-01"\n'
            '[domains]\nhealth = "Health"\n'
            '[goals.g]\ntitle = "Goal"\n[goals.g.measures.1]\ntitle = "M"\n'
            f'[projects.{project}]\ntitle = "Clinic network"\nduration = 3\n'
            'serves = ["g.1"]\n')

    old, new = (api.check_bytes(roadmap(name).encode(), f"{name}.toml")
                for name in ("health", "clinics"))
    result = api.diff(old, new)
    assert [(r.kind, r.old, r.new) for r in result.renamed] == [
        ("project", "health", "clinics")]
    assert result.gaps is not None
    assert (result.gaps.new, result.gaps.resolved) == ([], [])


def test_duplicate_gaps_follow_renames_of_what_they_name() -> None:
    """A project serving a measure twice and in a domain twice, in a goal numbering two
    measures 1: renaming the domain and the goal moves those gaps with them (the same gaps
    before and after, none resolved or introduced)."""
    def roadmap(domain: str, goal: str) -> str:
        return (
            'format = 1\n[roadmap]\nid = "r"\ntitle = "R"\nstart = "2000-01"\n'
            f'[domains]\n{domain} = "Health"\n'
            f'[goals.{goal}]\ntitle = "Goal"\n[goals.{goal}.measures.1]\ntitle = "M1"\n'
            f'[goals.{goal}.measures.01]\ntitle = "M01"\n'
            '[projects.p]\ntitle = "Clinic network"\nduration = 3\n'
            f'serves = ["{goal}.1", "{goal}.01", "{goal}.1"]\n'
            f'domains = ["{domain}", "{domain}"]\n')

    old = api.check_bytes(roadmap("health", "g").encode(), "old.toml")
    new = api.check_bytes(roadmap("care", "h").encode(), "new.toml")
    codes = sorted(f.code for f in api.gaps(old).findings)
    assert codes == ["duplicate-number", "duplicate-reference", "duplicate-reference"]
    result = api.diff(old, new)
    assert sorted((r.kind, r.old, r.new) for r in result.renamed) == [
        ("domain", "health", "care"), ("goal", "g", "h")]
    assert result.gaps is not None
    assert (result.gaps.new, result.gaps.resolved) == ([], [])


HEADER = 'format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2024-01"\n'


def _diff(old: str, new: str) -> RoadmapDiff:
    before = api.check_bytes((HEADER + old).encode(), "old.toml")
    after = api.check_bytes((HEADER + new).encode(), "new.toml")
    assert before.roadmap is not None, before.findings
    assert after.roadmap is not None, after.findings
    return api.diff(before, after)


def _links(result: RoadmapDiff) -> list[tuple[str, Any, Any]]:
    return [(link.pred, link.old, link.new) for changed in result.changed
            for link in changed.links]


def test_removing_one_of_two_links_to_a_project_removes_just_that_one() -> None:
    """SS+FF on the same predecessor (an overlap), then the FF dropped: one link removed,
    the SS unchanged."""
    def roadmap(links: str) -> str:
        return ('[projects.a]\ntitle = "A"\nduration = 6\n'
                f'[projects.b]\ntitle = "B"\nduration = 6\ndepends_on = [{links}]\n')

    both = '{ id = "a", type = "SS", lag = 2 }, { id = "a", type = "FF", lag = 2 }'
    result = _diff(roadmap(both), roadmap('{ id = "a", type = "SS", lag = 2 }'))
    assert _links(result) == [("a", ("FF", 2), None)]
    # a lag changed on one of the two: that link's lag, not a change of type
    result = _diff(roadmap(both), roadmap(
        '{ id = "a", type = "SS", lag = 2 }, { id = "a", type = "FF", lag = 3 }'))
    assert _links(result) == [("a", ("FF", 2), ("FF", 3))]
    # the type of a single link changed
    result = _diff(roadmap('{ id = "a", type = "SS" }'), roadmap('{ id = "a", type = "FF" }'))
    assert _links(result) == [("a", ("SS", 0), ("FF", 0))]


GOAL_WITH_TWO = ('[goals.{goal}]\ntitle = "G"\n[goals.{goal}.measures.1]\ntitle = "M1"\n'
                 '[goals.{goal}.measures.{second}]\ntitle = "M2"\n')


def test_a_measure_gone_with_its_goal_renamed_keeps_its_own_id() -> None:
    """Goal g renamed h, measure g.2 dropped: removed is 'g.2' (h.2 is in neither file)."""
    old = ('[goals.g]\ntitle = "G"\n[goals.g.measures.1]\ntitle = "M1"\n'
           '[goals.g.measures.2]\ntitle = "M2"\n'
           '[projects.p]\ntitle = "P"\nduration = 1\nserves = ["g.1", "g.2"]\n')
    new = ('[goals.h]\ntitle = "G"\n[goals.h.measures.1]\ntitle = "M1"\n'
           '[projects.p]\ntitle = "P"\nduration = 1\nserves = ["h.1"]\n')
    result = _diff(old, new)
    assert [(e.kind, e.id) for e in result.removed] == [("measure", "g.2")]
    assert [(r.kind, r.old, r.new) for r in result.renamed] == [("goal", "g", "h")]
    [changed] = result.changed
    assert [(f.field, f.old, f.new) for f in changed.fields] == [
        ("serves", ["g.2", "h.1"], ["h.1"])]
    # renamed as well as its goal: from its own old id
    result = _diff(old, new.replace(
        'serves = ["h.1"]', 'serves = ["h.1", "h.3"]') + '[goals.h.measures.3]\ntitle = "M2"\n')
    assert [(r.kind, r.old, r.new) for r in result.renamed] == [
        ("goal", "g", "h"), ("measure", "g.2", "h.3")]
    assert (result.removed, result.changed) == ([], [])


def test_a_goal_rename_does_not_move_the_holes_of_a_goal_whose_id_it_begins() -> None:
    """Goals 'a' and 'a.b' (with a numbering hole): renaming 'a' leaves the hole of 'a.b'."""
    def roadmap(goal: str) -> str:
        return (f'[goals.{goal}]\ntitle = "A"\n[goals.{goal}.measures.1]\ntitle = "M"\n'
                '[goals."a.b"]\ntitle = "AB"\n[goals."a.b".measures.1]\ntitle = "M1"\n'
                '[goals."a.b".measures.3]\ntitle = "M3"\n'
                f'[projects.p]\ntitle = "P"\nduration = 1\n'
                f'serves = ["{goal}.1", "a.b.1", "a.b.3"]\n')

    result = _diff(roadmap("a"), roadmap("z"))
    assert [(r.kind, r.old, r.new) for r in result.renamed] == [("goal", "a", "z")]
    assert result.gaps is not None
    assert (result.gaps.new, result.gaps.resolved) == ([], [])


def test_user_data_with_nan_equals_itself() -> None:
    roadmap = '[projects.p]\ntitle = "P"\nduration = 1\nx = { ratio = nan, more = [nan] }\n'
    result = _diff(roadmap, roadmap)
    assert result.changes == 0


def test_a_gap_silenced_by_ignore_is_suppressed_not_resolved() -> None:
    roadmap = '[projects.p]\ntitle = "P"\nduration = 1\n'
    ignored = HEADER.replace('start = "2024-01"\n',
                             'start = "2024-01"\nignore = ["project-without-measures"]\n')
    before = api.check_bytes((HEADER + roadmap).encode(), "old.toml")
    after = api.check_bytes((ignored + roadmap).encode(), "new.toml")
    result = api.diff(before, after)
    assert result.gaps is not None
    assert result.gaps.resolved == []
    assert [f.code for f in result.gaps.suppressed] == ["project-without-measures"]
    # and back: un-ignoring shows it as new again
    back = api.diff(after, before)
    assert back.gaps is not None
    assert [f.code for f in back.gaps.new] == ["project-without-measures"]


def test_user_data_of_a_dependency_table_is_compared() -> None:
    def roadmap(note: str) -> str:
        return ('[projects.a]\ntitle = "A"\nduration = 1\n'
                '[projects.b]\ntitle = "B"\nduration = 1\n'
                f'depends_on = [{{ id = "a", type = "SS", x = {{ note = "{note}" }} }}]\n')

    assert _diff(roadmap("agreed"), roadmap("agreed")).changes == 0
    [changed] = _diff(roadmap("agreed"), roadmap("disputed")).changed
    assert [(f.field, f.old, f.new) for f in changed.fields] == [
        ("depends_on x", [["a", "SS", 0, {"note": "agreed"}]],
         [["a", "SS", 0, {"note": "disputed"}]])]
    assert changed.links == []


def test_user_data_of_declared_counts_and_estimates_is_compared() -> None:
    def roadmap(note: str) -> str:
        return ('[projects.a]\ntitle = "A"\nduration = 1\n'
                'estimate = { optimistic = 1, likely = 1, pessimistic = 2, '
                f'x = {{ source = "{note}" }} }}\n')

    def declared(note: str) -> str:
        return HEADER + f'declared = {{ goals = 0, x = {{ note = "{note}" }} }}\n' + \
            roadmap("same")

    [changed] = _diff(roadmap("survey"), roadmap("workshop")).changed
    assert [(f.field, f.old, f.new) for f in changed.fields] == [
        ("estimate x", {"source": "survey"}, {"source": "workshop"})]
    before = api.check_bytes(declared("old").encode(), "old.toml")
    after = api.check_bytes(declared("new").encode(), "new.toml")
    [changed] = api.diff(before, after).changed
    assert (changed.kind, [(f.field, f.old, f.new) for f in changed.fields]) == (
        "roadmap", [("declared x", {"note": "old"}, {"note": "new"})])
    assert api.diff(before, before).changes == 0


def test_user_data_true_is_not_one_but_one_is_one_point_zero() -> None:
    def roadmap(data: str) -> str:
        return f'[projects.a]\ntitle = "A"\nduration = 1\nx = {{ {data} }}\n'

    [changed] = _diff(roadmap("approved = true, budget = 0"),
                      roadmap("approved = 1, budget = false")).changed
    assert [f.field for f in changed.fields] == ["x"]
    assert _diff(roadmap("budget = 1"), roadmap("budget = 1.0")).changes == 0
    assert _diff(roadmap("tags = [true]"), roadmap("tags = [1]")).changes == 1
    # nor is a project whose user data says 1 where the other said true a rename of it
    renamed = _diff(roadmap("flag = true"), roadmap("flag = 1").replace("projects.a", "projects.b"))
    assert (len(renamed.renamed), len(renamed.added), len(renamed.removed)) == (0, 1, 1)


def test_user_data_dates_are_compared_as_written_offset_included() -> None:
    """`1979-05-27T07:32:00+09:00` and `1979-05-26T22:32:00Z` are one instant, and Python
    calls them equal: the diff said "No semantic changes" for a change of offset."""
    def roadmap(data: str) -> str:
        return f'[projects.a]\ntitle = "A"\nduration = 1\nx = {{ {data} }}\n'

    [changed] = _diff(roadmap("d = 1979-05-27T07:32:00+09:00"),
                      roadmap("d = 1979-05-26T22:32:00Z")).changed
    assert [f.field for f in changed.fields] == ["x"]
    assert _diff(roadmap("d = 1979-05-27T07:32:00+09:00"),
                 roadmap("d = 1979-05-27T07:32:00+09:00")).changes == 0
    assert _diff(roadmap("t = 07:32:00"), roadmap("t = 07:32:00.000")).changes == 0
    assert _diff(roadmap("d = 1979-05-27"), roadmap("d = 1979-05-28")).changes == 1


def test_a_renamed_chain_listed_backwards_is_found_in_full() -> None:
    """Each project depends on the one before, listed from the last: every rename is found
    (once one pass per link of the chain, cubic in its length)."""
    def chain(prefix: str, size: int = 300) -> str:
        return "".join(
            f'[projects.{prefix}{n}]\ntitle = "P{n}"\nduration = 1\n'
            + (f'depends_on = ["{prefix}{n - 1}"]\n' if n else "")
            for n in reversed(range(size)))

    result = _diff(chain("a"), chain("b"))
    assert (len(result.added), len(result.removed), len(result.changed)) == (0, 0, 0)
    assert sorted((r.old, r.new) for r in result.renamed) == sorted(
        (f"a{n}", f"b{n}") for n in range(300))


def test_a_rename_that_reorders_tied_critical_paths_changes_no_path() -> None:
    """Two parallel critical projects: renaming `legal-basis` to `statute` put the other
    first by id, and the diff reported a new critical path."""
    old = 'format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2025-01"\n' + (
        '[projects.legal-basis]\ntitle = "L"\nduration = 6\n'
        '[projects.network]\ntitle = "N"\nduration = 6\n')
    result = api.diff(api.check_bytes(old.encode(), "old.toml"),
                      api.check_bytes(old.replace("legal-basis", "statute").encode(), "new.toml"))
    assert [(r.old, r.new) for r in result.renamed] == [("legal-basis", "statute")]
    assert result.schedule is not None
    # each side's first path as `schedule` gives it (by start, then id), and no change
    assert result.schedule.old_critical_path == ["legal-basis"]
    assert result.schedule.new_critical_path == ["network"]
    assert result.schedule.critical_path_changed is False


def test_the_new_critical_path_is_the_one_schedule_gives() -> None:
    """A project grown to tie the plan's finish, starting earlier than the old path: the
    diff kept the old path as the new one (it was still critical), unlike `schedule`."""
    body = ('[projects.late]\ntitle = "Late"\nduration = 6\nnot_before = "2024-03"\n'
            '[projects.end]\ntitle = "End"\nduration = 0\ndepends_on = ["late"]\n'
            '[projects.other]\ntitle = "Other"\nduration = {months}\n')
    new = HEADER + body.format(months=8)
    result = _diff(body.format(months=4), body.format(months=8))
    assert result.schedule is not None
    checked = api.check_bytes(new.encode())
    assert checked.roadmap is not None
    report = api.schedule(checked.roadmap)
    assert result.schedule.new_critical_path == report.critical_path == ["other"]
    assert result.schedule.old_critical_path == ["late", "end"]
    assert result.schedule.critical_path_changed is True
    same = _diff(body.format(months=8), body.format(months=8).replace('"Other"', '"O"'))
    assert same.schedule is not None
    assert same.schedule.critical_path_changed is False


def test_a_detailed_gap_now_ignored_is_suppressed_whatever_its_details_became() -> None:
    """Measures 1 and 4 (2–3 missing), then 1 and 3 (2 missing) with `numbering-hole`
    ignored: the hole is now ignored, not resolved."""
    head = 'format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2025-01"\n'
    body = ('[goals.g]\ntitle = "G"\n[goals.g.measures.1]\ntitle = "M1"\n'
            '[goals.g.measures.{n}]\ntitle = "M"\n'
            '[projects.a]\ntitle = "A"\nduration = 1\nserves = ["g.1", "g.{n}"]\n')
    old = head + body.format(n=4)
    new = head.replace('start = "2025-01"\n', 'start = "2025-01"\nignore = ["numbering-hole"]\n') \
        + body.format(n=3)
    result = api.diff(api.check_bytes(old.encode(), "old.toml"),
                      api.check_bytes(new.encode(), "new.toml"))
    assert result.gaps is not None
    assert result.gaps.resolved == []
    assert [f.code for f in result.gaps.suppressed] == ["numbering-hole"]


def test_a_gap_whose_details_changed_is_one_changed_gap() -> None:
    """A numbering hole of 2–3 that is now of 2 alone, and an over-capacity run that grew by a
    month: each was told as one resolved and one new gap. JSON keeps both lists, as the
    contract defines them, and pairs them under `changed`."""
    body = ('[goals.g]\ntitle = "G"\n[goals.g.measures.1]\ntitle = "M1"\n{extra}'
            '[goals.g.measures.4]\ntitle = "M4"\n[resources.r]\ncapacity = 1\n'
            '[projects.a]\ntitle = "A"\nduration = {months}\nserves = ["g.1"]\nuses = {{ r = 1 }}\n'
            '[projects.b]\ntitle = "B"\nduration = {months}\nserves = ["g.4"]\n'
            'uses = {{ r = 1 }}\n')
    result = _diff(body.format(extra="", months=2),
                   body.format(extra='[goals.g.measures.3]\ntitle = "M3"\n', months=3))
    assert result.gaps is not None
    assert sorted((old.code, old.subject, new.subject) for old, new in result.gaps.changed) == [
        ("numbering-hole", ("g", "g.2", "g.3"), ("g", "g.2")),
        ("over-capacity", ("r", "2024-01", "2024-02"), ("r", "2024-01", "2024-03"))]
    # the new measure is served by nobody: a new gap of its own
    assert [f.code for f in result.gaps.only_new] == ["measure-without-projects"]
    assert result.gaps.only_resolved == []
    assert len(result.gaps.new) == 3  # the contract's lists hold the changed gaps too
    assert len(result.gaps.resolved) == 2


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 5), st.randoms(use_true_random=False), st.booleans())
def test_look_alikes_renamed_pair_by_what_depends_on_them_in_any_order(
        count: int, rng: Any, users_renamed: bool) -> None:
    """`count` projects alike in every field, each the dependency of a project of its own,
    all renamed (their dependents too, or not), their tables shuffled in the new file: each
    is paired with the new id its own dependent names (pairs once followed the tables'
    order), and nothing else changed."""
    head = 'format = 1\n[roadmap]\nid = "t"\ntitle = "T"\nstart = "2025-01"\n'

    def roadmap(names: list[str], order: list[int], user: str) -> str:
        alike = "".join(f'[projects.{names[i]}]\ntitle = "Review"\nduration = 1\n'
                        for i in order)
        users = "".join(f'[projects.{user}-{i}]\ntitle = "Use {i}"\nduration = {i + 2}\n'
                        f'depends_on = ["{names[i]}"]\n' for i in range(count))
        return head + alike + users

    order = list(range(count))
    shuffled = order[:]
    rng.shuffle(shuffled)
    old = roadmap([f"old-{i}" for i in order], order, "use")
    new = roadmap([f"new-{i}" for i in order], shuffled, "user" if users_renamed else "use")
    result = api.diff(api.check_bytes(old.encode(), "old.toml"),
                      api.check_bytes(new.encode(), "new.toml"))
    expected = [(f"old-{i}", f"new-{i}") for i in order]
    if users_renamed:
        expected += [(f"use-{i}", f"user-{i}") for i in order]
    assert sorted((r.old, r.new) for r in result.renamed) == sorted(expected)
    assert (result.added, result.removed, result.changed) == ([], [], [])


def test_over_capacity_runs_pair_by_their_months_and_restated_details_count() -> None:
    """Two runs, the first gone and the second a month longer: the second changed and the
    first resolved (runs were paired by position: the first "became" the second). A hole past
    its 50 listed references, and a run of the same months with another peak, changed too
    (they were not reported at all)."""
    runs = ('[resources.r]\ncapacity = {capacity}\n'
            '[projects.x1]\ntitle = "X1"\nduration = 2\nuses = {{ r = 1 }}\n'
            '[projects.x2]\ntitle = "X2"\nduration = 2\nuses = {{ r = {x2} }}\n'
            '[projects.y1]\ntitle = "Y1"\nduration = {y}\nnot_before = "2024-07"\n'
            'uses = {{ r = 1 }}\n'
            '[projects.y2]\ntitle = "Y2"\nduration = {y}\nnot_before = "2024-07"\n'
            'uses = {{ r = 1 }}\n')
    result = _diff(runs.format(capacity=1, x2=1, y=3), runs.format(capacity=1, x2=0, y=4))
    assert result.gaps is not None
    assert [(old.subject, new.subject) for old, new in result.gaps.changed] == [
        (("r", "2024-07", "2024-09"), ("r", "2024-07", "2024-10"))]
    assert [f.subject for f in result.gaps.only_resolved] == [("r", "2024-01", "2024-02")]
    peak = _diff(runs.format(capacity=1, x2=1, y=3), runs.format(capacity=1, x2=5, y=3))
    assert peak.gaps is not None
    assert [old.subject for old, _ in peak.gaps.changed] == [("r", "2024-01", "2024-02")]
    hole = ('[goals.g]\ntitle = "G"\n[goals.g.measures.1]\ntitle = "M"\n'
            '[goals.g.measures.{n}]\ntitle = "M"\n'
            '[projects.a]\ntitle = "A"\nduration = 1\nserves = ["g.1", "g.{n}"]\n')
    far = _diff(hole.format(n=100), hole.format(n=200))
    assert far.gaps is not None
    assert [(old.code, new.message) for old, new in far.gaps.changed] == [
        ("numbering-hole", "goal 'g' numbers its measures 1, 200: 2–199 are missing")]
    renamed = _diff(hole.format(n=100), hole.format(n=100).replace("goals.g", "goals.h")
                    .replace('"g.', '"h.'))
    assert renamed.gaps is not None
    assert renamed.gaps.changed == []  # a rename alone is no change of the gap


def _places(findings: list[Any]) -> list[tuple[str, tuple[str, ...], str, int | None,
                                              int | None]]:
    return [(f.code, f.subject, f.message, f.line, f.column) for f in findings]


@settings(max_examples=150, deadline=None)
@given(roadmap_data(), roadmap_data())
def test_the_diffs_gaps_are_located_as_when_every_gap_is(old: Data, new: Data) -> None:
    """The diff compares gaps unlocated and locates only those it reports: each at the line
    and column it has when every gap of both files is located first."""
    from egovplan.analysis.diff import diff_and_renames, gap_impact

    before, after = check(old), check(new)
    assert before.roadmap is not None
    assert after.roadmap is not None
    _, renames = diff_and_renames(before.roadmap, after.roadmap)
    expected = gap_impact(api.gaps(before), api.gaps(after), renames)
    result = api.diff(before, after).gaps
    assert result is not None
    for ours, eager in [(result.new, expected.new), (result.resolved, expected.resolved),
                        (result.suppressed, expected.suppressed),
                        (result.only_new, expected.only_new),
                        (result.only_resolved, expected.only_resolved)]:
        assert _places(ours) == _places(eager)
    assert [(_places([a]), _places([b])) for a, b in result.changed] == [
        (_places([a]), _places([b])) for a, b in expected.changed]


def test_deadlines_overruns_and_estimates_restated_are_changed_gaps() -> None:
    """A deadline missed by 4 months instead of 1, a phase overrun by another month, a
    duration outside its estimate that changed: each one changed gap (they were not reported
    at all); a title's change alone leaves them as they were."""
    body = ('[phases.p]\nstart = "2024-01"\nend = "2024-06"\n'
            '[projects.a]\ntitle = "{title}"\nduration = {months}\nphase = "p"\n'
            'finish_by = "2024-05"\nestimate = {{ optimistic = 1, likely = 2, pessimistic = 3 }}\n')
    result = _diff(body.format(title="A", months=7), body.format(title="A", months=9))
    assert result.gaps is not None
    assert sorted(old.code for old, _ in result.gaps.changed) == [
        "deadline-missed", "duration-outside-estimate", "phase-overrun"]
    assert (result.gaps.only_new, result.gaps.only_resolved) == ([], [])
    deadline = next(new for old, new in result.gaps.changed if old.code == "deadline-missed")
    assert "4 months after its deadline 2024-05" in deadline.message
    retitled = _diff(body.format(title="A", months=7), body.format(title="Ä", months=7))
    assert retitled.gaps is not None
    assert retitled.gaps.changed == []
    renamed = _diff(body.format(title="A", months=7),
                    body.format(title="A", months=7).replace("projects.a", "projects.b")
                    .replace("phases.p", "phases.q").replace('phase = "p"', 'phase = "q"'))
    assert renamed.gaps is not None
    assert [r.new for r in renamed.renamed] == ["q", "b"]
    assert renamed.gaps.changed == []  # both ids the phase-overrun names followed
    # a project renamed from its phase's id: the phase's id in the message is not the
    # project's (each id is read at its own place)
    shared = body.format(title="A", months=7).replace("projects.a", "projects.p")
    moved = _diff(shared, shared.replace("projects.p", "projects.p-system"))
    assert moved.gaps is not None
    assert [(r.old, r.new) for r in moved.renamed] == [("p", "p-system")]
    assert moved.gaps.changed == []


def test_goals_alike_pair_by_their_measures_whose_ids_hold_dots() -> None:
    """Two goals titled alike, told apart by their measures' titles, whose measure ids hold
    dots (`g1.x.1`: the goal is not what comes before the last dot)."""
    def body(first: str, second: str) -> str:
        return (f'[goals.{second}]\ntitle = "Goal"\n[goals.{second}.measures."y.1"]\n'
                f'title = "Schools"\n[goals.{first}]\ntitle = "Goal"\n'
                f'[goals.{first}.measures."x.1"]\ntitle = "Roads"\n'
                f'[projects.p]\ntitle = "P"\nduration = 1\n'
                f'serves = ["{first}.x.1", "{second}.y.1"]\n')
    result = _diff(body("g1", "g2"), body("h1", "h2"))
    assert sorted((r.kind, r.old, r.new) for r in result.renamed) == [
        ("goal", "g1", "h1"), ("goal", "g2", "h2")]
    assert (result.added, result.removed, result.changed) == ([], [], [])


def test_a_dependency_written_twice_is_no_change() -> None:
    body = '[projects.a]\ntitle = "A"\nduration = 1\n[projects.b]\ntitle = "B"\nduration = 1\n'
    result = _diff(body + 'depends_on = ["a"]\n', body + 'depends_on = ["a", { id = "a" }]\n')
    assert result.changed == []
    assert result.gaps is not None
    assert [f.code for f in result.gaps.new] == ["duplicate-dependency"]


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 6), st.data())
def test_measures_renumbered_are_moves_not_changes(size: int, draws: st.DataObject) -> None:
    """A measure inserted before others renumbers them (3 → 4, 4 → 5), and the projects'
    `serves` follow: one measure added and the others renamed, no project changed. Two
    measures swapped are two renames. (Before, each renumbered measure was a title change
    at its old number, and every project serving one was changed.)"""
    titles = [f"Measure {chr(65 + number)}" for number in range(size)]
    serving = draws.draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=4))

    def roadmap(order: list[str | None]) -> Data:
        measures = {str(number): {"title": title or "Inserted"}
                    for number, title in enumerate(order, start=1)}
        where = {title: number for number, title in enumerate(order, start=1)}
        return {
            "format": 1,
            "roadmap": {"id": "r", "title": "R", "start": "2000-01"},
            "goals": {"g": {"title": "Goal", "measures": measures}},
            "projects": {f"p{index}": {"title": f"P{index}", "duration": 2,
                                       "serves": [f"g.{where[titles[measure]]}"]}
                         for index, measure in enumerate(serving)},
        }

    old = roadmap(list(titles))
    at = draws.draw(st.integers(0, size))
    if draws.draw(st.booleans()):
        new = roadmap([*titles[:at], None, *titles[at:]])
        expected_added = [("measure", f"g.{at + 1}")]
        expected_renamed = [("measure", f"g.{number}", f"g.{number + 1}")
                            for number in range(at + 1, size + 1)]
    else:
        first, second = sorted(draws.draw(st.lists(st.integers(0, size - 1), min_size=2,
                                                   max_size=2, unique=True)))
        order = list(titles)
        order[first], order[second] = order[second], order[first]
        new = roadmap(order)
        expected_added = []
        expected_renamed = [("measure", f"g.{first + 1}", f"g.{second + 1}"),
                            ("measure", f"g.{second + 1}", f"g.{first + 1}")]
    result = diff(old, new)
    assert [(e.kind, e.id) for e in result.added] == expected_added
    assert [(r.kind, r.old, r.new) for r in result.renamed] == expected_renamed
    assert (result.removed, result.changed) == ([], [])
    # the gaps of the measures nothing serves follow them; only an inserted one is new
    assert result.gaps is not None
    assert [f.code for f in result.gaps.only_new] == (
        ["measure-without-projects"] if expected_added else [])
    assert result.gaps.only_resolved == []


def test_a_measure_moved_onto_a_number_whose_measure_went_away() -> None:
    """Old 1 = A, 2 = B; new 1 = B, 2 = C: B moved to 1, A removed, C added."""
    def roadmap(first: str, second: str) -> Data:
        return {"format": 1, "roadmap": {"id": "r", "title": "R", "start": "2000-01"},
                "goals": {"g": {"title": "G", "measures": {"1": {"title": first},
                                                           "2": {"title": second}}}},
                "projects": {"p": {"title": "P", "duration": 1, "serves": ["g.1"]}}}

    result = diff(roadmap("A", "B"), roadmap("B", "C"))
    assert [(r.old, r.new, r.title) for r in result.renamed] == [("g.2", "g.1", "B")]
    assert [(e.id, e.title) for e in result.removed] == [("g.1", "A")]
    assert [(e.id, e.title) for e in result.added] == [("g.2", "C")]
    # the project served A (g.1) and now serves B (g.1 again): a change of what it serves
    assert [(c.id, [(f.field, f.old, f.new) for f in c.fields]) for c in result.changed] == [
        ("p", [("serves", ["g.1 (removed)"], ["g.1"])])]


def test_phases_renumbered_are_moves_and_their_projects_follow() -> None:
    def roadmap(phases: list[tuple[str, str, str]], phase_of_p: str) -> Data:
        return {"format": 1, "roadmap": {"id": "r", "title": "R", "start": "2000-01"},
                "phases": {f"phase-{number}": {"title": title, "start": start, "end": end}
                           for number, (title, start, end) in enumerate(phases, start=1)},
                "projects": {"p": {"title": "P", "duration": 1, "phase": phase_of_p}}}

    build = ("Build", "2001-01", "2001-12")
    run = ("Run", "2002-01", "2002-12")
    old = roadmap([build, run], "phase-2")
    new = roadmap([("Plan", "2000-01", "2000-12"), build, run], "phase-3")
    result = diff(old, new)
    assert [(r.kind, r.old, r.new) for r in result.renamed] == [
        ("phase", "phase-1", "phase-2"), ("phase", "phase-2", "phase-3")]
    assert [(e.kind, e.id) for e in result.added] == [("phase", "phase-1")]
    assert (result.removed, result.changed) == ([], [])


def _measures_roadmap(goal: str, titles: list[str], serves: dict[str, list[int]]) -> Data:
    return {"format": 1, "roadmap": {"id": "r", "title": "R", "start": "2000-01"},
            "goals": {goal: {"title": "G", "measures": {
                str(number): {"title": title} for number, title in enumerate(titles, 1)}}},
            "projects": {project: {"title": project.upper(), "duration": 1,
                                   "serves": [f"{goal}.{number}" for number in numbers]}
                         for project, numbers in serves.items()}}


def test_a_goal_renamed_while_its_measures_are_renumbered() -> None:
    """(From a review.) Goal `g` renamed `h` and a measure inserted first: `h.1 renamed h.2`
    was reported (the old file has no h.1), a project's `serves` shown wrong, and the
    unserved B as a gap both new and resolved."""
    old = _measures_roadmap("g", ["A", "B"], {"pa": [1]})
    new = _measures_roadmap("h", ["X", "A", "B"], {"pa": [2]})
    result = diff(old, new)
    assert [(r.kind, r.old, r.new) for r in result.renamed] == [
        ("goal", "g", "h"), ("measure", "h.1", "h.2"), ("measure", "h.2", "h.3")]
    assert [(e.kind, e.id) for e in result.added] == [("measure", "h.1")]
    assert (result.removed, result.changed) == ([], [])
    assert result.gaps is not None
    assert [f.code for f in result.gaps.only_new] == ["measure-without-projects"]  # X
    assert result.gaps.only_resolved == []


def test_a_project_in_a_phase_displaced_by_a_move_is_changed() -> None:
    """(From a review.) p1 → p2 moved (renumbered), the old p2 gone: a project that says
    `phase = "p2"` on both sides is now in another phase, and was not listed as changed."""
    def roadmap(phases: list[tuple[str, str, str]]) -> Data:
        return {"format": 1, "roadmap": {"id": "r", "title": "R", "start": "2024-01"},
                "phases": {f"p{n}": {"title": t, "start": s, "end": e}
                           for n, (t, s, e) in enumerate(phases, 1)},
                "projects": {"x": {"title": "X", "duration": 1, "phase": "p2"}}}

    result = diff(roadmap([("Build", "2025-01", "2025-06"), ("Run", "2025-07", "2025-12")]),
                  roadmap([("Design", "2024-07", "2024-12"), ("Build", "2025-01", "2025-06")]))
    assert [(r.old, r.new) for r in result.renamed] == [("p1", "p2")]
    assert [(e.kind, e.id) for e in result.removed] == [("phase", "p2")]
    assert [(c.id, [(f.field, f.old, f.new) for f in c.fields]) for c in result.changed] == [
        ("x", [("phase", "p2 (removed)", "p2")])]


def test_measures_alike_are_not_guessed_between() -> None:
    """(From a review.) Two measures titled alike, one inserted before them: which of the
    two went where is a guess, so none is made (the changes are shown as they are)."""
    old = _measures_roadmap("g", ["A", "A", "B"], {"p1": [1], "p2": [2]})
    new = _measures_roadmap("g", ["X", "A", "A", "B"], {"p1": [2], "p2": [3]})
    result = diff(old, new)
    assert ("measure", "g.1", "g.3") not in [(r.kind, r.old, r.new) for r in result.renamed]
    assert [(r.old, r.new) for r in result.renamed] == [("g.3", "g.4")]  # B, alone of its kind
