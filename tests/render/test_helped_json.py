"""`egovplan schedule --format json` of a large roadmap, most rows written by the parsing helper
(`egovplan.entry.HelpedJson`): the same bytes as the document made at once, whatever the
roadmap, wherever the helper's part begins, and whatever goes wrong."""

from __future__ import annotations

import io
import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import rtoml
from hypothesis import given, settings
from hypothesis import strategies as st

from egovplan import entry
from egovplan.analysis.report import ScheduleReport, schedule_report
from egovplan.api import check_file
from egovplan.loader import pieces
from egovplan.render.schedule import HelperRows, to_json_bytes, to_json_parts
from tests.analysis.test_cpm_properties import Spec, specs
from tests.helpers import HEADER
from tests.helpers import report as report_of

from ..conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from generate import roadmap as synthetic

PHASES = """\
[phases.early]
start = "2000-01"
end = "2000-06"
[phases.late]
title = "후기 단계"
start = "2000-07"
end = "2001-12"
"""


def helped(report: ScheduleReport, text: str, cut: int) -> bytes:
    """What `HelpedJson` gives `to_json_parts`: the rows of every project, made as the helper
    makes them from the roadmap's `text` (what it keeps of each piece parsed, here two cut
    after project `cut`, prepared, finished with what it is sent, through `marshal` as
    through the pipe)."""
    schedule = report.schedule
    raw = list(rtoml.loads(HEADER + text).get("projects", {}).items())
    ids = schedule.network.ids
    asked = marshal.loads(marshal.dumps(  # noqa: S302 - written just above
        (len(ids), hash(tuple(ids)), schedule.start, schedule.es, schedule.ls,
         schedule.free_float, report.member_of), 2))
    prepared = [HelperRows.prepare(HelperRows.keep(dict(part)))
                for part in (raw[:cut], raw[cut:])]
    return HelperRows.finish(prepared, asked)


def joined(parts: list[bytes | memoryview]) -> bytes:
    return b"".join(bytes(part) for part in parts)


def with_phases(spec: Spec, phased: list[bool]) -> str:
    """`spec`'s roadmap with two phases, some projects placed in one, the others placed by
    their start (or unphased, past the phases' end)."""
    text = PHASES + spec.toml()
    for node, placed in enumerate(phased):
        if placed:
            text = text.replace(f'[projects.p{node}]\n',
                                f'[projects.p{node}]\nphase = "{"early" if node % 2 else "late"}"\n'
                                'kind = "support"\n', 1)
    return text


@settings(max_examples=150, deadline=None)
@given(specs(deadlines=True), st.integers(0, 12), st.lists(st.booleans(), max_size=12),
       st.sampled_from([None, "wave"]))
def test_rows_made_in_two_parts_are_the_document_made_at_once(
        spec: Spec, split: int, phased: list[bool], by: str | None) -> None:
    """Whatever the schedule (milestones, lags, deadlines, phases, waves) and wherever the
    helper's pieces are cut (an empty piece too), the document written around the helper's
    rows is the one `to_json_bytes` writes."""
    text = with_phases(spec, phased[:len(spec.durations)])
    report = report_of(text, by=by)
    assert joined(to_json_parts(report, helped(report, text, split))) == to_json_bytes(report)


def test_the_helper_refuses_rows_of_other_projects() -> None:
    """Asked with a schedule whose projects are not its own (other ids, another order, another
    count): a `ValueError` (then the whole document is made in egovplan's own process)."""
    text = Spec([1, 2, 3], [], {}, {}).toml()
    report = report_of(text)
    schedule = report.schedule
    raw = dict(list(rtoml.loads(HEADER + text)["projects"].items())[1:])
    good = (2, hash(("p1", "p2")), schedule.start, schedule.es[1:], schedule.ls[1:],
            schedule.free_float[1:], report.member_of[1:])
    assert b'"p2"' in HelperRows.finish([HelperRows.prepare(HelperRows.keep(raw))], good)
    for wrong in ((2, hash(("p2", "p1")), *good[2:]), (2, hash(("p0", "p2")), *good[2:]),
                  (3, hash(("p0", "p1", "p2")), schedule.start, schedule.es, schedule.ls,
                   schedule.free_float, report.member_of)):
        with pytest.raises(ValueError, match="not the schedule's"):
            HelperRows.finish([HelperRows.prepare(HelperRows.keep(raw))], wrong)


def test_the_helper_keeps_what_the_rows_show_validated_as_the_model_validates_it() -> None:
    """What the rows show of a project, validated by the model's own fields: the values of the
    whole project's model (the rest left alone); a project whose row is not valid so raises."""
    from pydantic import ValidationError

    from egovplan.model.build import validate_projects

    raw = {"a": {"title": "가", "duration": "2y", "not_before": "2001-03", "kind": "support",
                 "phase": "p", "serves": ["g.1"], "depends_on": [{"id": "b", "lag": "-1q"}],
                 "x": {"note": 1}},
           "b": {"title": "B", "duration": 0, "finish_by": "2002-12"}}
    kept = HelperRows.keep(raw)
    assert kept == raw
    ids, durations, rows = HelperRows.prepare(kept)
    models = validate_projects(raw)
    assert models is not None
    assert ids == ["a", "b"]
    assert durations == [24, 0]
    keys = ("title", "phase", "kind", "duration", "not_before", "finish_by")
    assert [tuple(getattr(model, key) for key in keys) for model in models.values()] == [
        ("가", "p", "support", 24, 2001 * 12 + 2, None), ("B", None, None, 0, None, 2002 * 12 + 11)]
    assert [row["not_before"] for row in rows] == ["2001-03", None]
    for broken in ({"a": {"title": "A", "duration": -1}}, {"a": {"duration": 1}},
                   {"a": {"title": "A", "duration": 1, "kind": "main"}}, {"a": "not a table"},
                   {"A B": {"title": "A", "duration": 1}}):
        with pytest.raises(ValidationError):
            HelperRows.prepare(HelperRows.keep(broken))


def test_an_answer_that_is_not_the_helpers_makes_the_whole_document_here() -> None:
    report = report_of(Spec([1, 2, 3], [(0, 1, "FS", 0)], {}, {}).toml())
    assert joined(to_json_parts(report, b"[]")) == to_json_bytes(report)


def varied(size: int) -> str:
    """`generate.py`'s roadmap of `size` projects, varied as real ones are: some projects
    without a phase (placed by their start, or unphased), without a kind, with a start no
    earlier than a month, with a deadline."""
    text = synthetic(size, 3)

    def vary(match: re.Match[str]) -> str:
        number, table = int(match[1]), match[0]
        if number % 7 == 0:
            table = re.sub(r'phase = "ph\d+"\n', "", table)
        if number % 5 == 0:
            table = re.sub(r'kind = "\w+"\n', "", table)
        if number % 11 == 0:
            table += 'not_before = "2003-05"\n'
        if number % 13 == 0:
            table += 'finish_by = "2400-12"\n'
        return table

    return re.sub(r"\[projects\.p(\d+)\]\n(?:[^\[\n][^\n]*\n)*", vary, text)


def run_schedule(path: Path, *options: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "egovplan", "schedule", "--format", "json",
                           *options, str(path)], capture_output=True, check=False)


@pytest.mark.parametrize("options", [(), ("--by", "wave"), ("--max-paths", "0")])
def test_the_command_lines_helped_json_is_the_librarys(tmp_path: Path,
                                                      options: tuple[str, ...]) -> None:
    """Through the real entry point (which starts the helper and gives it the rows): a large
    varied roadmap's JSON schedule is the library's, byte for byte."""
    path = tmp_path / "varied.toml"
    path.write_text(varied(10000), encoding="utf-8")
    assert path.stat().st_size > 2 * pieces.PIECE_CHARACTERS  # a first piece and the helper's
    ran = run_schedule(path, *options)
    assert ran.returncode == 0, ran.stderr
    checked = check_file(path)
    assert checked.roadmap is not None
    by = options[1] if options[:1] == ("--by",) else None
    max_paths = int(options[1]) if options[:1] == ("--max-paths",) else 10
    expected = to_json_bytes(schedule_report(checked.roadmap, by=by,  # type: ignore[arg-type]
                                             max_paths=max_paths))
    assert ran.stdout == expected
    document = json.loads(ran.stdout)
    rows = document["projects"]
    if by == "wave":
        assert all(row["group"].startswith("wave-") for row in rows)
    else:  # projects without a phase shown under the phase their start falls in
        assert any(row["phase"] is None and row["group"].startswith("ph") for row in rows)
    assert any(row["kind"] is None for row in rows)
    assert any(row["not_before"] == "2003-05" for row in rows)


class Captured(io.TextIOWrapper):
    """A standard output whose bytes are kept (`entry.write_bytes` writes to `.buffer`)."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8")

    def value(self) -> bytes:
        self.flush()
        buffer = self.buffer
        assert isinstance(buffer, io.BytesIO)
        return buffer.getvalue()


def schedule_here(monkeypatch: pytest.MonkeyPatch, path: Path) -> tuple[int, bytes, list[Any]]:
    """`egovplan schedule --format json` run in this process, with the helper as the command
    line has it: the exit code, the output, and what the helper gave for the rows."""
    monkeypatch.setattr(pieces, "PARALLEL", True)
    given: list[Any] = []
    rows = entry.HelpedJson.rows

    def watched(self: entry.HelpedJson, report: ScheduleReport) -> bytes | None:
        answer = rows(self, report)
        given.append(answer)
        return answer

    monkeypatch.setattr(entry.HelpedJson, "rows", watched)
    out = Captured()
    monkeypatch.setattr(sys, "stdout", out)
    code = entry.schedule(path, "json", by=None, max_paths=10, max_bytes=1 << 30)
    assert pieces.LATER is None  # the job is the command's only
    return code, out.value(), given


def no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_helper_writes_the_rows_and_is_waited_for(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    """The helper parsed every piece, the first too, so it makes every row."""
    path = tmp_path / "large.toml"
    path.write_text(varied(6000), encoding="utf-8")
    code, output, given = schedule_here(monkeypatch, path)
    assert code == 0
    checked = check_file(path)
    assert checked.roadmap is not None
    assert output == to_json_bytes(schedule_report(checked.roadmap))
    assert len(given) == 1
    assert given[0] is not None
    assert [row["id"] for row in json.loads(given[0])["projects"]] == list(
        checked.roadmap.projects)
    assert no_child_left()


def test_a_helper_that_fails_leaves_the_rows_to_this_process(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    """The helper's job raising (or the helper gone): no answer, and the same document."""
    path = tmp_path / "large.toml"
    path.write_text(varied(6000), encoding="utf-8")

    def broken(prepared: Any, asked: Any) -> bytes:
        raise RuntimeError("broken")

    monkeypatch.setattr(HelperRows, "finish", staticmethod(broken))
    code, output, given = schedule_here(monkeypatch, path)
    assert code == 0
    assert given == [None]
    checked = check_file(path)
    assert checked.roadmap is not None
    assert output == to_json_bytes(schedule_report(checked.roadmap))
    assert no_child_left()


@pytest.mark.parametrize("breakage", ["cycle", "unknown measure", "schema"])
def test_an_invalid_large_roadmap_gets_its_findings_and_no_helper_is_left(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, breakage: str) -> None:
    """An error the checks find (the schedule was computed and sent early, and is thrown
    away) or one the model finds (no early schedule): the findings as `validate` gives them,
    exit 1, and the helper stopped."""
    text = varied(6000) + {
        "cycle": '[projects.zz1]\ntitle = "a"\nduration = 1\ndepends_on = ["zz2"]\n'
                 '[projects.zz2]\ntitle = "b"\nduration = 1\ndepends_on = ["zz1"]\n',
        "unknown measure": '[projects.zz1]\ntitle = "a"\nduration = 1\nserves = ["g0.9"]\n',
        "schema": '[projects.zz1]\ntitle = "a"\nduration = -1\n',
    }[breakage]
    path = tmp_path / "invalid.toml"
    path.write_text(text, encoding="utf-8")
    code, output, given = schedule_here(monkeypatch, path)
    assert code == 1
    assert given == []
    codes = [finding["code"] for finding in json.loads(output)["files"][0]["findings"]]
    expected = {"cycle": "dependency-cycle", "unknown measure": "unknown-measure",
                "schema": "invalid-duration"}[breakage]
    assert expected in codes
    assert codes == [finding.code for finding in check_file(path).findings]
    assert no_child_left()


@pytest.mark.parametrize("stage", ["egovplan.graph.build_network", "egovplan.model.build.build"])
def test_a_run_stopped_before_the_schedule_leaves_no_helper(monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path, stage: str) -> None:
    """Ctrl-C (or any error) between the parse and the early schedule: the helper kept for
    the rows is stopped and waited for all the same (it was left running, found by a
    review)."""
    path = tmp_path / "large.toml"
    path.write_text(varied(6000), encoding="utf-8")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(stage, interrupted)
    with pytest.raises(KeyboardInterrupt):
        schedule_here(monkeypatch, path)
    assert no_child_left()
