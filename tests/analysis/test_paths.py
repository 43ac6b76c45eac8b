"""Critical paths: enumeration order, counting, and the bound on how many are listed."""

from __future__ import annotations

from egovplan.render.schedule import path_steps
from tests.helpers import report


def ids(body: str, max_paths: int = 10) -> tuple[list[list[str]], int | None]:
    rep = report(body, max_paths=max_paths)
    names = rep.schedule.network.ids
    return [[names[node] for node in path] for path in rep.paths.paths], rep.paths.count


DIAMOND = """
[projects.s]
title = "S"
duration = 1
[projects.b]
title = "B"
duration = 2
depends_on = ["s"]
[projects.a]
title = "A"
duration = 2
depends_on = ["s"]
[projects.e]
title = "E"
duration = 1
depends_on = ["a", "b"]
[projects.slack]
title = "Slack"
duration = 1
"""


def test_diamond_has_two_paths_in_id_order() -> None:
    paths, count = ids(DIAMOND)
    assert paths == [["s", "a", "e"], ["s", "b", "e"]]
    assert count == 2


def test_paths_starting_later_come_after() -> None:
    paths, _ = ids("""
    [projects.late]
    title = "Late"
    duration = 2
    not_before = "2000-03"
    [projects.early]
    title = "Early"
    duration = 4
    """)
    assert paths == [["early"], ["late"]]


def test_a_path_runs_on_through_a_closing_milestone() -> None:
    paths, count = ids("""
    [projects.work]
    title = "Work"
    duration = 5
    [projects.done]
    title = "Done"
    duration = 0
    depends_on = ["work"]
    """)
    assert paths == [["work", "done"]]
    assert count == 1


def chain_of_diamonds(size: int) -> str:
    parts = ['[projects.n0]\ntitle = "N0"\nduration = 1\n']
    for level in range(size):
        parts.append(f'[projects.u{level}]\ntitle = "U"\nduration = 1\ndepends_on = ["n{level}"]\n')
        parts.append(f'[projects.v{level}]\ntitle = "V"\nduration = 1\ndepends_on = ["n{level}"]\n')
        parts.append(f'[projects.n{level + 1}]\ntitle = "N"\nduration = 1\n'
                     f'depends_on = ["u{level}", "v{level}"]\n')
    return "".join(parts)


def test_exponentially_many_paths_are_counted_and_listed_lazily() -> None:
    paths, count = ids(chain_of_diamonds(40), max_paths=3)
    assert count == 2**40
    assert len(paths) == 3
    assert paths[0][:3] == ["n0", "u0", "n1"]
    assert paths[0] < paths[1] < paths[2]


def test_counts_beyond_the_cap_are_reported_as_unknown() -> None:
    paths, count = ids(chain_of_diamonds(70), max_paths=1)
    assert count is None
    assert len(paths) == 1


def test_deadline_chain_that_does_not_reach_the_finish_is_no_path() -> None:
    paths, _ = ids("""
    [projects.long]
    title = "Long"
    duration = 10
    [projects.tight]
    title = "Tight"
    duration = 3
    finish_by = "2000-02"
    """)
    assert paths == [["long"]]


def test_two_driving_dependencies_on_one_project_make_one_path() -> None:
    body = """
    [projects.a]
    title = "A"
    duration = 3
    [projects.b]
    title = "B"
    duration = 3
    depends_on = ["a", { id = "a", type = "SS", lag = 3 }]
    """
    paths, count = ids(body)
    assert paths == [["a", "b"]]
    assert count == 1
    steps = path_steps(report(body), [0, 1])
    assert steps[1]["via"] == {"from": "a", "type": "FS", "lag": 0}


def test_a_limit_past_any_count_lists_what_fits_not_every_path() -> None:
    """70 layers of two critical projects, each depending on both of the layer before: 2^70
    critical paths. `--max-paths 99999999999999999999` took 20 GB in a minute and wrote
    nothing; the listed paths now stop at `MAX_LISTED_STEPS` steps in all (here made small),
    and the document says the list is cut and how many paths there are."""
    from unittest import mock

    from egovplan.analysis import paths as paths_module
    from egovplan.analysis.cpm import compute
    from egovplan.graph import build_network
    from tests.helpers import roadmap

    body = "".join(
        f'[projects.l{layer}{side}]\ntitle = "L{layer}{side}"\nduration = 1\n'
        + (f'depends_on = ["l{layer - 1}a", "l{layer - 1}b"]\n' if layer else "")
        for layer in range(70) for side in "ab")
    model = roadmap(body)
    schedule = compute(model, build_network(model))
    with mock.patch.object(paths_module, "MAX_LISTED_STEPS", 1000):
        found = paths_module.critical_paths(schedule, 10**20)
    assert len(found.paths) == 1000 // 70  # 14 paths of 70 steps
    assert sum(len(path) for path in found.paths) <= 1000
    assert found.count is None  # more than 10^18
    assert found.truncated
    # the first path is listed whatever the budget
    with mock.patch.object(paths_module, "MAX_LISTED_STEPS", 1):
        assert len(paths_module.critical_paths(schedule, 10).paths) == 1
