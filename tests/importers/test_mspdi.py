"""Importing MS Project XML, safely."""

from __future__ import annotations

import json
import time
from pathlib import Path

from ..conftest import run_cli

HERE = Path(__file__).parent


def test_golden_mspdi_import(tmp_path: Path) -> None:
    run = run_cli("import", str(HERE / "plan.xml"), "--title", "e-Government plan")
    assert run.code == 0, run.err
    assert run.out == (HERE / "plan.golden-xml.toml").read_text(encoding="utf-8")
    assert "note: 'Procurement': must-start-on loosened to not_before" in run.err
    assert "note: 'Review' has no duration: measured from its start and finish" in run.err
    out = tmp_path / "plan.toml"
    out.write_text(run.out, encoding="utf-8")
    document = json.loads(run_cli("schedule", "--format", "json", str(out)).out)
    starts = {p["id"]: p["start"] for p in document["projects"]}
    assert starts["g4c-single-window"] == "2001-06"
    assert starts["procurement"] == "2002-04"
    phases = {g["id"]: (g["start"], g["end"]) for g in document["groups"]}
    assert phases["eleven-initiatives"] == ("2001-06", "2002-12")  # the summary task's dates


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<Project><Name>&lol4;</Name></Project>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project><Name>&secret;</Name></Project>
"""


def test_entity_expansion_and_external_entities_are_refused_quickly(tmp_path: Path) -> None:
    for name, text in (("bomb.xml", BOMB), ("external.xml", EXTERNAL)):
        path = tmp_path / name
        path.write_text(text)
        began = time.perf_counter()
        run = run_cli("import", str(path), "--start", "2000-01")
        assert time.perf_counter() - began < 10
        assert run.code == 1, run.out
        assert "refused" in run.err
        assert "root:" not in run.out + run.err


def test_malformed_xml_is_located(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<Project>\n  <Tasks>\n    <Task></Tas>\n</Project>\n")
    run = run_cli("import", str(path), "--start", "2000-01")
    assert run.code == 1
    assert f"{path}:3:" in run.err
    assert "not well-formed XML" in run.err


def test_not_a_project(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<html></html>")
    run = run_cli("import", str(path), "--start", "2000-01")
    assert run.code == 1
    assert "not MS Project XML" in run.err


def test_a_file_written_by_taskjuggler(tmp_path: Path) -> None:
    run = run_cli("import", str(HERE / "taskjuggler.xml"), "--start", "2000-01", "--id",
                  "round-trip", "--title", "Round trip")
    assert run.code == 0, run.err
    assert run.out == (HERE / "taskjuggler.golden.toml").read_text(encoding="utf-8")
    out = tmp_path / "plan.toml"
    out.write_text(run.out, encoding="utf-8")
    document = json.loads(run_cli("schedule", "--format", "json", str(out)).out)
    # TaskJuggler's report (tests/importers/taskjuggler.xml was written with it): Registry
    # 2000-01-01, Launch 2000-01-31 10:00, Portal 2000-03-01, Review 2000-05-01. Launch, on
    # the last day of January there, follows the one-month Registry here: February, the
    # documented rounding of dates to whole months
    assert {p["title"]: p["start"] for p in document["projects"]} == {
        "Registry": "2000-01", "Launch": "2000-02", "Portal": "2000-03", "Review": "2000-05"}
