"""The library face: load, analyse, render in three lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import egovplan
from egovplan.render.schedule import to_json

from .conftest import ROOT


def test_three_lines_give_the_typed_schedule() -> None:
    roadmap = egovplan.load(ROOT / "roadmaps" / "korea-egov.toml")
    report = egovplan.schedule(roadmap)
    assert report.schedule.shown_plan_finish() == "2002-12"
    assert report.critical_path == json.loads(to_json(report))["critical_path"]
    assert report.critical_path[-1] == "egov-framework-complete"


def test_load_raises_with_every_finding(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('format = 1\n[roadmap]\nid = "Bad"\ntitle = "T"\nstart = "2000-13"\n')
    with pytest.raises(egovplan.RoadmapError) as raised:
        egovplan.load(path)
    assert [f.code for f in raised.value.findings] == ["invalid-id", "invalid-month"]
    assert str(raised.value).startswith(f"{path}:3: ")


def test_check_file_never_raises_for_content(tmp_path: Path) -> None:
    path = tmp_path / "junk.toml"
    path.write_bytes(b"\xff\xfe junk")
    checked = egovplan.check_file(path)
    assert not checked.valid
    assert checked.findings[0].code == "encoding"


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError):
        egovplan.no_such_thing  # noqa: B018


def test_the_library_refuses_what_the_cli_refuses(tmp_path: Path) -> None:
    roadmap = egovplan.load(ROOT / "examples" / "minimal.toml")
    with pytest.raises(ValueError, match="by must be 'phase', 'wave' or None"):
        egovplan.schedule(roadmap, by="bogus")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_paths must be a whole number, 0 or more"):
        egovplan.schedule(roadmap, max_paths=-1)
    with pytest.raises(egovplan.FileUnreadableError):
        egovplan.load(tmp_path / "missing.toml")


def test_the_wrong_argument_is_a_type_error_that_says_what_was_meant() -> None:
    import egovplan

    with pytest.raises(TypeError, match=r"schedule\(\) takes a Roadmap .* not str"):
        egovplan.schedule("roadmaps/korea-egov.toml")  # type: ignore[arg-type]
    roadmap = egovplan.load("roadmaps/korea-egov.toml")
    with pytest.raises(TypeError, match=r"gaps\(\) takes .* not Roadmap"):
        egovplan.gaps(roadmap)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"diff\(\) takes .* not Roadmap"):
        egovplan.diff(roadmap, roadmap)  # type: ignore[arg-type]
    with pytest.raises(egovplan.FileUnreadableError, match="a file name cannot be empty"):
        egovplan.load("")


def test_a_model_built_in_python_with_broken_dependencies_is_refused() -> None:
    """`validate` reports these; a `Roadmap` made with `model_validate` skips the checks, and
    was once scheduled as if the broken dependencies were not there."""
    from egovplan.analysis.cpm import CycleError

    def model(projects: dict[str, object]) -> egovplan.Roadmap:
        return egovplan.Roadmap.model_validate({
            "format": 1, "roadmap": {"id": "r", "title": "R", "start": "2020-01"},
            "projects": projects})

    broken = model({
        "resident-registration": {"title": "A", "duration": 3},
        "b": {"title": "B", "duration": 2, "depends_on": ["resident-registraton", "b"]}})
    with pytest.raises(ValueError, match=(
            r"^the roadmap cannot be scheduled: project 'b' depends on unknown project "
            r"'resident-registraton'; did you mean 'resident-registration'\?; "
            r"project 'b' depends on itself$")):
        egovplan.schedule(broken)
    titled = model({"a": {"title": "주민등록 전산화", "duration": 1},
                    "b": {"title": "B", "duration": 1, "depends_on": ["주민등록 전산화"]}})
    with pytest.raises(ValueError, match=(
            r"^the roadmap cannot be scheduled: project 'b' depends on unknown project "
            r"'주민등록 전산화'; did you mean 'a'\? that is its title, not its id$")):
        egovplan.schedule(titled)
    many = model({"a": {"title": "A", "duration": 1,
                        "depends_on": [f"missing-{n}" for n in range(12)]}})
    with pytest.raises(ValueError, match=r"'missing-9'(?!.*missing-10).* \(and 2 more\)$"):
        egovplan.schedule(many)
    cyclic = model({"a": {"title": "A", "duration": 1, "depends_on": ["b"]},
                    "b": {"title": "B", "duration": 1, "depends_on": ["a"]}})
    with pytest.raises(CycleError, match=r"^the roadmap has a dependency cycle: 'a' → 'b' → "
                       r"'a' \(each depends on the next\)$") as raised:
        egovplan.schedule(cyclic)
    assert raised.value.cycle == ["a", "b"]
    import copy
    import pickle

    again = pickle.loads(pickle.dumps(raised.value))  # noqa: S301 - our own object
    assert (again.cycle, str(again)) == (["a", "b"], str(raised.value))
    assert str(copy.copy(raised.value)) == str(raised.value)


def test_library_calls_refuse_what_they_cannot_take() -> None:
    """A text for bytes, a string or an unknown code for the gap codes to ignore, a negative
    size limit: each once passed silently or failed deep inside (AttributeError; an ignore
    of "hole" matched by substring; "over the limit of -1 bytes")."""
    with pytest.raises(TypeError, match=r"takes bytes, not str \(encode a text"):
        egovplan.api.check_bytes("format = 1")  # type: ignore[arg-type]
    checked = egovplan.api.check_file(ROOT / "roadmaps" / "korea-egov-seed.toml")
    with pytest.raises(TypeError, match="a set of gap codes, not a string"):
        egovplan.api.gaps(checked, "numbering-hole")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown gap code\\(s\\) to ignore: 'nonsense'"):
        egovplan.api.gaps(checked, frozenset({"nonsense"}))
    assert egovplan.api.gaps(checked, frozenset({"numbering-hole"})).findings
    # any iterable of codes, a generator too (it was read by the check, then empty for the gaps)
    codes = ["numbering-hole", "domain-without-projects"]
    wanted = egovplan.api.gaps(checked, frozenset(codes)).findings
    assert wanted != egovplan.api.gaps(checked).findings
    assert egovplan.api.gaps(checked, (code for code in codes)).findings == wanted
    assert egovplan.api.gaps(checked, codes).findings == wanted
    with pytest.raises(ValueError, match="max_bytes cannot be negative"):
        egovplan.api.check_file(ROOT / "roadmaps" / "korea-egov.toml", max_bytes=-1)
    roadmap = egovplan.load(ROOT / "roadmaps" / "korea-egov.toml", max_bytes=1 << 20)
    assert roadmap.roadmap.id == "korea-egov"
    with pytest.raises(egovplan.RoadmapError):
        egovplan.load(ROOT / "roadmaps" / "korea-egov.toml", max_bytes=100)


def test_cost_adds_up_as_the_command_does() -> None:
    roadmap = egovplan.load(ROOT / "examples" / "costs.toml")
    report = egovplan.cost(roadmap, by="agency")
    assert (report.total, report.uncosted) == (78.5, ["survey"])
    assert [row.key for row in report.rows][-1] == ""
    assert [(row.key, row.cost) for row in egovplan.cost(roadmap).rows] == [
        ("2025", 42.0), ("2026", 27.0), ("2027", 9.5)]
    with pytest.raises(ValueError, match="by must be one of year, phase, agency, domain, kind"):
        egovplan.cost(roadmap, by="month")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^cost\(\) takes a Roadmap"):
        egovplan.cost("examples/costs.toml")  # type: ignore[arg-type]


def test_the_library_s_annotations_can_be_read() -> None:
    """`typing.get_type_hints` (pydantic, documentation generators) reads every public
    function's and class's annotations, though the command line imports their types lazily;
    in a fresh interpreter, where nothing else has imported them."""
    import subprocess
    import sys

    program = (
        "import inspect, typing, egovplan\n"
        "names = [n for n in egovplan.__all__ if n != '__version__']\n"
        "for name in names:\n"
        "    thing = getattr(egovplan, name)\n"
        "    hints = typing.get_type_hints(thing.__init__ if inspect.isclass(thing) else thing)\n"
        "    print(name, sorted(hints))\n"
    )
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                         cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr
    hints = dict(line.split(" ", 1) for line in run.stdout.splitlines())
    assert hints["load"] == "['max_bytes', 'path', 'return']"
    assert hints["Checked"] == "['findings', 'network', 'path', 'return', 'roadmap', 'source']"
    assert "'return'" in hints["diff"]
    assert "'ignore'" in hints["gaps"]
    network = subprocess.run(  # a result's own class, which names a lazily imported one
        [sys.executable, "-c", "import typing, egovplan\n"
         "net = egovplan.schedule(egovplan.load('examples/minimal.toml')).schedule.network\n"
         "print(sorted(typing.get_type_hints(type(net))))"],
        capture_output=True, text=True, cwd=ROOT, check=False)
    assert network.returncode == 0, network.stderr
    assert "'schedule'" in network.stdout


def test_a_roadmap_error_survives_pickling_and_copying(tmp_path: Path) -> None:
    """Raised in a process pool's worker, it reaches the caller as itself (it took its
    message for the `Checked` it is made of, and broke the pool)."""
    import copy
    import pickle

    path = tmp_path / "empty.toml"
    path.write_text("")
    with pytest.raises(egovplan.RoadmapError) as raised:
        egovplan.load(path)
    raised.value.add_note("while loading the plans")
    pickled = pickle.loads(pickle.dumps(raised.value))  # noqa: S301 - our own bytes
    for again in (pickled, copy.deepcopy(raised.value)):
        assert isinstance(again, egovplan.RoadmapError)
        assert str(again) == str(raised.value)
        assert [f.code for f in again.findings] == [f.code for f in raised.value.findings]
        assert again.__notes__ == ["while loading the plans"]


@pytest.mark.parametrize(("limit", "error"), [
    (float("nan"), TypeError), (None, TypeError), (1.5, TypeError), (True, TypeError),
    (-1, ValueError)])
def test_max_bytes_is_a_whole_number_of_bytes(limit: object, error: type[Exception]) -> None:
    """`nan` read a valid file as empty, `None` failed inside, `-1` in `check_spec` was a
    finding: each call says what it takes."""
    for call in (egovplan.check_file, egovplan.load, egovplan.check_spec):
        with pytest.raises(error, match="max_bytes"):
            call(ROOT / "examples" / "minimal.toml", limit)  # type: ignore[operator]
    with pytest.raises(error, match="max_bytes"):
        egovplan.check_spec("HEAD:examples/minimal.toml", limit)  # type: ignore[arg-type]


def test_max_bytes_of_any_integer_type() -> None:
    import numpy as np

    assert egovplan.check_file(ROOT / "examples" / "minimal.toml", np.int64(10**6)).valid  # type: ignore[arg-type]


def test_check_spec_takes_a_path_and_check_bytes_a_str_name() -> None:
    checked = egovplan.check_spec(ROOT / "examples" / "minimal.toml")
    assert checked.valid
    assert egovplan.check_bytes(b"format = 1", Path("x.toml")).path == "x.toml"
    with pytest.raises(TypeError, match=r"takes the path as a str or a Path, not NoneType"):
        egovplan.check_bytes(b"format = 1", None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^check_spec\(\) takes a path"):
        egovplan.check_spec(7)  # type: ignore[arg-type]


def test_gaps_of_a_checked_made_by_hand_say_what_they_need() -> None:
    roadmap = egovplan.load(ROOT / "examples" / "minimal.toml")
    made = egovplan.Checked("mine", None, roadmap)
    assert made.valid
    for call in (lambda: egovplan.gaps(made), lambda: egovplan.diff(made, made)):
        with pytest.raises(ValueError, match="without its parsed source"):
            call()


def test_a_model_built_in_python_with_dates_past_the_years_is_refused() -> None:
    """`validate` reports `date-out-of-range`; a model built in Python skipped it, and its
    schedule wrote `-001-02` and `10999-11`."""
    from egovplan import Roadmap

    def model(project: dict[str, object], start: str = "2000-01") -> Roadmap:
        return Roadmap.model_validate({"format": 1, "roadmap": {"id": "r", "title": "R",
                                                               "start": start},
                                       "projects": {"a": {"title": "A", **project}}})

    with pytest.raises(ValueError, match=r"project 'a' would have to start 23 months before "
                                         r"0001-01"):
        egovplan.schedule(model({"duration": 24, "finish_by": "0001-01"}, "0001-01"))
    with pytest.raises(ValueError, match=r"project 'a' would finish in the year 10999"):
        egovplan.schedule(model({"duration": 12000, "not_before": "9999-12"}))
    assert egovplan.schedule(model({"duration": 1, "not_before": "9999-12"})) \
        .schedule.shown_plan_finish() == "9999-12"


def test_dir_lists_the_names_imported_on_first_use() -> None:
    assert {"load", "schedule", "Checked", "RoadmapError"} <= set(dir(egovplan))
