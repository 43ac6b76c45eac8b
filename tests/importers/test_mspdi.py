"""Importing MS Project XML, safely."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..conftest import import_errors, run_cli

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


def test_refusals_are_plain_sentences_at_the_declaration(tmp_path: Path) -> None:
    for name, text, entity in (("bomb.xml", BOMB, "'lol'"),
                               ("external.xml", EXTERNAL, "'secret', read from "
                                                          "'file:///etc/passwd'")):
        path = tmp_path / name
        path.write_text(text)
        run = run_cli("import", str(path), "--start", "2000-01")
        assert f"{path}:2:" in run.err
        assert (f"error import: refused: the file declares the entity {entity}; entities are "
                "not allowed, as they can expand without bound or read other files\n") in run.err
        assert "Forbidden" not in run.err
        assert "system_id" not in run.err


def test_a_truncated_file_is_located_once(tmp_path: Path) -> None:
    path = tmp_path / "trunc.xml"
    path.write_text("<Project>\n  <Tasks>\n    <Task><Name>Regis")
    run = run_cli("import", str(path), "--start", "2000-01")
    assert run.code == 1
    assert f"{path}:3:22: error import: not well-formed XML: no element found\n" in run.err
    assert "column" not in run.err


CYCLE = """<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <StartDate>2001-06-01T08:00:00</StartDate>
  <Tasks>
    <Task><UID>1</UID><Name>A</Name><Duration>PT160H0M0S</Duration>
      <PredecessorLink><PredecessorUID>2</PredecessorUID></PredecessorLink></Task>
    <Task><UID>2</UID><Name>B</Name><Duration>PT160H0M0S</Duration>
      <PredecessorLink><PredecessorUID>1</PredecessorUID></PredecessorLink></Task>
    <Task><UID>3</UID><Name>C</Name><OutlineLevel>one</OutlineLevel>
      <ConstraintType>4</ConstraintType><ConstraintDate>soon</ConstraintDate></Task>
    <Task><UID>4</UID><Name>D</Name><Summary>1</Summary><OutlineLevel>1</OutlineLevel></Task>
    <Task><UID>5</UID><Name>E</Name><Duration>PT9999999H0M0S</Duration></Task>
  </Tasks>
</Project>
"""


def test_every_problem_is_reported_at_its_element(tmp_path: Path) -> None:
    path = tmp_path / "plan.xml"
    path.write_text(CYCLE)
    run = run_cli("import", str(path))
    assert run.code == 1
    errors = import_errors(run, path)
    assert errors == [
        "6:7: error dependency-cycle: dependency cycle: 'a' (line 5) depends on 'b' (line 7), "
        "which depends on 'a'",
        "9:37: error import: <OutlineLevel> must be a number, not 'one'",
        "10:41: error import: <ConstraintDate> must be a date and time (2001-06-01T08:00:00), "
        "not 'soon'",
        "11:5: error import: the summary task 'D' has no <Finish>: its phase needs one",
        "11:5: error import: the summary task 'D' has no <Start>: its phase needs one",
        "12:37: error invalid-duration: duration: a duration of 62500 months is past the "
        "limit of 12000 months (1,000 years), which no real plan reaches: a typing mistake?",
    ]
    assert "(imported)" not in run.err


def test_an_unreadable_duration_or_link_type_is_an_error(tmp_path: Path) -> None:
    """Not a milestone, not a finish-to-start link without a word: the file is not converted."""
    path = tmp_path / "plan.xml"
    path.write_text("""<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <StartDate>2001-06-01T08:00:00</StartDate>
  <Tasks>
    <Task><UID>1</UID><Name>A</Name><Duration>PT160X</Duration></Task>
    <Task><UID>2</UID><Name>B</Name><Duration>-PT160H0M0S</Duration></Task>
    <Task><UID>3</UID><Name>C</Name><Duration>PT160H0M0S</Duration>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>9</Type></PredecessorLink></Task>
  </Tasks>
</Project>
""")
    run = run_cli("import", str(path))
    assert run.code == 1
    assert run.out == ""
    errors = import_errors(run, path)
    assert errors == [
        "5:37: error import: <Duration> of 'A' must be a duration such as PT160H0M0S, not "
        "'PT160X'",
        "6:37: error import: <Duration> of 'B' cannot be negative, not '-PT160H0M0S'",
        "8:58: error import: <Type> of a dependency of 'c' must be 0 (FF), 1 (FS), 2 (SF) or "
        "3 (SS), not '9'",
    ]


def test_durations_in_days_and_empty_ones(tmp_path: Path) -> None:
    """`P20D` is 20 working days (the file's MinutesPerDay); `-PT0H0M0S` is nothing; `PT`
    holds no number at all."""
    path = tmp_path / "plan.xml"
    path.write_text("""<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <StartDate>2001-06-01T08:00:00</StartDate>
  <MinutesPerDay>480</MinutesPerDay><DaysPerMonth>20</DaysPerMonth>
  <Tasks>
    <Task><UID>1</UID><Name>A</Name><Duration>P40DT0H0M0S</Duration></Task>
    <Task><UID>2</UID><Name>B</Name><Duration>-PT0H0M0S</Duration></Task>
  </Tasks>
</Project>
""")
    import rtoml

    run = run_cli("import", str(path))
    assert run.code == 0, run.err
    projects = rtoml.loads(run.out)["projects"]
    assert (projects["a"]["duration"], projects["b"]["duration"]) == (2, 0)
    path.write_text(path.read_text().replace("-PT0H0M0S", "PT"))
    run = run_cli("import", str(path))
    assert run.code == 1
    assert (f"{path}:7:37: error import: <Duration> of 'B' must be a duration such as "
            "PT160H0M0S, not 'PT'") in run.err


SUMMARIES = """<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <StartDate>2025-01-01T08:00:00</StartDate>
  <MinutesPerDay>480</MinutesPerDay><DaysPerMonth>20</DaysPerMonth>
  <Tasks>
    <Task><UID>10</UID><Name>Phase A</Name><Summary>1</Summary><OutlineLevel>1</OutlineLevel>
      <Start>2025-01-01T08:00:00</Start><Finish>2025-03-31T17:00:00</Finish></Task>
    <Task><UID>1</UID><Name>A1</Name><OutlineLevel>2</OutlineLevel>
      <Duration>PT480H0M0S</Duration></Task>
    <Task><UID>2</UID><Name>A2</Name><OutlineLevel>2</OutlineLevel>
      <Duration>PT160H0M0S</Duration></Task>
    <Task><UID>20</UID><Name>Phase B</Name><Summary>1</Summary><OutlineLevel>1</OutlineLevel>
      <Start>2025-01-01T08:00:00</Start><Finish>2025-06-30T17:00:00</Finish>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink>
      <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>0</Type></PredecessorLink></Task>
    <Task><UID>3</UID><Name>B1</Name><OutlineLevel>2</OutlineLevel>
      <Duration>PT480H0M0S</Duration></Task>
    <Task><UID>4</UID><Name>B2</Name><OutlineLevel>2</OutlineLevel>
      <Duration>PT160H0M0S</Duration>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task>
    <Task><UID>5</UID><IsNull>1</IsNull></Task>
    <Task><UID>6</UID><Name>Launch</Name><OutlineLevel>1</OutlineLevel><Milestone>1</Milestone>
      <Duration>PT160H0M0S</Duration>
      <PredecessorLink><PredecessorUID>20</PredecessorUID><Type>1</Type></PredecessorLink>
      <PredecessorLink><PredecessorUID>10</PredecessorUID><Type>3</Type></PredecessorLink>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type>
        <LinkLag>4800</LinkLag><LagFormat>19</LagFormat></PredecessorLink></Task>
  </Tasks>
</Project>
"""


def test_links_of_summary_tasks_hold_for_the_tasks_under_them(tmp_path: Path) -> None:
    """Phase B after A1 (FS): B1 and B2 each after A1 (B2, linked to A1 itself as well, once).
    Launch after Phase B (FS): after B1 and B2. What no link of single tasks can say (a
    summary's FF, a link on a summary's start) is dropped and reported; a blank row is no
    task; a milestone's duration and a percentage lag are left out, and said so."""
    import rtoml

    path = tmp_path / "plan.xml"
    path.write_text(SUMMARIES)
    run = run_cli("import", str(path))
    assert run.code == 0, run.err
    projects = rtoml.loads(run.out)["projects"]
    assert list(projects) == ["a1", "a2", "b1", "b2", "launch"]
    assert projects["b1"]["depends_on"] == ["a1"]
    assert projects["b2"]["depends_on"] == ["a1"]
    assert projects["launch"]["depends_on"] == ["b1", "b2", "a1"]
    assert projects["launch"]["duration"] == 0
    notes = [line.removeprefix("note: ") for line in run.err.splitlines()
             if line.startswith("note: ")]
    assert notes == [
        "'Launch' is marked a milestone: its duration PT160H0M0S was left out",
        "an SS dependency of 'launch' on the summary task 'Phase A' was dropped: it follows "
        "only the first of its tasks to start",
        "the lag of 'launch' on 'a1' is a percentage of the task's duration, which egovplan "
        "does not have: left out",
        "an FF dependency of the summary task 'Phase B' was dropped: it binds only the last of "
        "its tasks to finish",
    ]


#: The start of an MS Project file for the small cases below (a project beginning 2024-01).
PLAN_HEAD = ('<Project xmlns="http://schemas.microsoft.com/project"><Name>p</Name>'
             "<StartDate>2024-01-01T08:00:00</StartDate>")


def test_values_beyond_any_plan_are_errors_not_crashes(tmp_path: Path) -> None:
    """Once internal errors (exit 3): a time zone on one date only, a duration past any float,
    and a day and a month whose minutes multiply to nothing."""
    zoned = tmp_path / "zoned.xml"
    zoned.write_text(PLAN_HEAD + "<Tasks><Task><UID>1</UID><Name>A</Name>"
                     "<Start>2024-01-01T08:00:00</Start><Finish>2024-04-01T08:00:00+09:00"
                     "</Finish></Task></Tasks></Project>", encoding="utf-8")
    run = run_cli("import", str(zoned))
    assert run.code == 0, run.err
    assert "measured from its start and finish, 2.99 → 3 months" in run.err
    assert "imported 1 project from" in run.err
    nines = "9" * 400
    for duration in (f"PT{nines}H", f"P{nines}D"):
        huge = tmp_path / "huge.xml"
        huge.write_text(PLAN_HEAD + f"<Tasks><Task><UID>1</UID><Name>A</Name><Duration>{duration}"
                        "</Duration></Task></Tasks></Project>", encoding="utf-8")
        run = run_cli("import", str(huge))
        assert run.code == 1, run.err
        assert [error.split(": '")[0] for error in import_errors(run, huge)] == [
            "1:150: error import: <Duration> of 'A' is more than 12,000 months, the longest a "
            "roadmap holds"]
    tiny = tmp_path / "tiny.xml"
    tiny.write_text(PLAN_HEAD + "<MinutesPerDay>1e-300</MinutesPerDay><DaysPerMonth>1e-300"
                    "</DaysPerMonth><Tasks><Task><UID>1</UID><Name>A</Name><Duration>PT8H"
                    "</Duration></Task></Tasks></Project>", encoding="utf-8")
    run = run_cli("import", str(tiny))
    assert run.code == 1, run.err
    assert import_errors(run, tiny) == [
        "1:148: error import: <MinutesPerDay> × <DaysPerMonth> must be a usable number of "
        "minutes a month, not 0"]


def test_taskjuggler_top_level_tasks_at_outline_level_0(tmp_path: Path) -> None:
    """TaskJuggler numbers its outline from 0: a top-level summary is a phase, and a top-level
    task after it is in no phase (it was once put in the sub-summary's phase, and delayed)."""
    path = tmp_path / "plan.xml"
    tasks = [("1", "Programme", 0, 1, "2024-06-03", "2024-07-26"),
             ("2", "Stage A", 1, 1, "2024-06-03", "2024-07-26"),
             ("3", "Registry", 2, 0, "2024-06-03", "2024-07-26"),
             ("4", "Independent work", 0, 0, "2024-01-01", "2024-02-23")]
    path.write_text(
        '<Project xmlns="http://schemas.microsoft.com/project"><Name>p</Name>'
        "<StartDate>2024-01-01T09:00:00</StartDate><Tasks>" + "".join(
            f"<Task><UID>{uid}</UID><Name>{name}</Name><OutlineLevel>{level}</OutlineLevel>"
            f"<Summary>{summary}</Summary><Start>{start}T09:00:00</Start>"
            f"<Finish>{finish}T18:00:00</Finish></Task>"
            for uid, name, level, summary, start, finish in tasks) + "</Tasks></Project>",
        encoding="utf-8")
    out = tmp_path / "plan.toml"
    run = run_cli("import", str(path), "-o", str(out))
    assert run.code == 0, run.err
    assert "summary task 'Programme'" not in run.err
    document = json.loads(run_cli("schedule", "--format", "json", str(out)).out)
    assert {p["id"]: (p["phase"], p["start"]) for p in document["projects"]} == {
        "registry": ("programme", "2024-06"), "independent-work": (None, "2024-01")}


def test_a_link_without_a_predecessor_uid_is_dropped_not_bound_to_a_task_without_one(
        tmp_path: Path) -> None:
    path = tmp_path / "plan.xml"
    path.write_text(
        PLAN_HEAD + "<Tasks>"
        "<Task><Name>A</Name><Duration>PT160H0M0S</Duration></Task>"
        "<Task><UID>2</UID><Name>B</Name><Duration>PT160H0M0S</Duration>"
        "<PredecessorLink><Type>1</Type></PredecessorLink></Task>"
        "</Tasks></Project>", encoding="utf-8")
    run = run_cli("import", str(path))
    assert run.code == 0, run.err
    assert "depends_on" not in run.out
    assert ("a dependency of 'b' on a task that is not in the file (no <PredecessorUID>, line 1) "
            "was dropped") in run.err


def test_a_half_month_rounds_up_not_to_even(tmp_path: Path) -> None:
    """160 working hours a month: 400 hours are 2.5 months → 3 (Python's `round` gave 2), 240
    hours 1.5 → 2, 80 hours 0.5 → 1."""
    path = tmp_path / "plan.xml"
    path.write_text(
        PLAN_HEAD + "<Tasks>" + "".join(
            f"<Task><UID>{n}</UID><Name>T{n}</Name><Duration>PT{hours}H0M0S</Duration></Task>"
            for n, hours in enumerate((400, 240, 80), start=1)) + "</Tasks></Project>",
        encoding="utf-8")
    run = run_cli("import", str(path))
    assert run.code == 0, run.err
    assert [line for line in run.out.splitlines() if line.startswith("duration")] == [
        "duration = 3", "duration = 2", "duration = 1"]


def test_a_lag_past_any_month_count_is_an_error_not_a_crash(tmp_path: Path) -> None:
    """Minutes a month of 1e-300 (above 0) made a lag of 1e10 tenths of minutes infinite
    months (an internal error)."""
    path = tmp_path / "lag.xml"
    path.write_text(
        PLAN_HEAD + "<MinutesPerDay>1e-200</MinutesPerDay>"
        "<DaysPerMonth>1e-100</DaysPerMonth><Tasks>"
        "<Task><UID>1</UID><Name>A</Name></Task>"
        "<Task><UID>2</UID><Name>B</Name><PredecessorLink><PredecessorUID>1</PredecessorUID>"
        "<Type>1</Type><LinkLag>1e10</LinkLag><LagFormat>7</LagFormat></PredecessorLink></Task>"
        "</Tasks></Project>", encoding="utf-8")
    run = run_cli("import", str(path))
    assert run.code == 1, run.err
    assert any("<LinkLag> of a dependency of 'b' is more than 12,000 months" in error
               for error in import_errors(run, path))


def test_a_uid_two_tasks_share_is_an_error(tmp_path: Path) -> None:
    """A link to UID 1 was bound to the last task with it, without a word."""
    path = tmp_path / "plan.xml"
    path.write_text(
        PLAN_HEAD + "<Tasks>\n"
        "<Task><UID>1</UID><Name>A</Name><Duration>PT1600H0M0S</Duration></Task>\n"
        "<Task><UID>1</UID><Name>B</Name><Duration>PT160H0M0S</Duration></Task>\n"
        "<Task><UID>3</UID><Name>C</Name><Duration>PT160H0M0S</Duration>"
        "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink>"
        "</Task>\n</Tasks></Project>", encoding="utf-8")
    run = run_cli("import", str(path))
    assert run.code == 1
    assert f"{path}:3:" in run.err
    assert "<UID> 1 of 'B' is the UID of 'A' too: each task's must be its own" in run.err


@given(st.lists(st.sampled_from(["testing", "review", "testing-2", "testing-3", "review-2-2",
                                 "review-2"]), max_size=40))
def test_unique_ids_are_those_of_numbering_each_from_2(bases: list[str]) -> None:
    """`free_id` with `numbers` keeps, per base, where its numbering got to (many tasks named
    "Testing" were numbered each from 2 again: quadratic); the ids are the same as numbering
    each from 2."""
    from egovplan.template import free_id

    def from_2(base: str, taken: dict[str, None]) -> str:
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    fast: dict[str, None] = {}
    slow: dict[str, None] = {}
    numbers: dict[str, int] = {}
    for base in bases:
        fast[free_id(base, fast, numbers)] = None
        slow[from_2(base, slow)] = None
    assert list(fast) == list(slow)


@pytest.mark.parametrize("encoding", ["euc-kr", "cp949", "Shift_JIS", "GB2312", "windows-1252",
                                      "utf-16"])
def test_a_file_in_the_encoding_it_declares_imports_as_in_utf8(tmp_path: Path,
                                                                encoding: str) -> None:
    """Korean, Japanese and Chinese tools write MSPDI in their own encodings, declared in
    the XML declaration; expat reads none of the multi-byte ones (egovplan crashed, exit 3).
    Each imports to the same roadmap as the UTF-8 file (the Korean title only where the
    encoding holds Hangul)."""
    text = (HERE / "plan.xml").read_text(encoding="utf-8")
    holds_hangul = encoding.lower() in ("euc-kr", "cp949", "utf-16")
    if not holds_hangul:
        text = text.replace(" (전자정부)", "")
    declared = text.replace('encoding="UTF-8"', f'encoding="{encoding}"', 1)
    source = tmp_path / "plan.xml"
    source.write_bytes(declared.encode(encoding))
    utf8 = tmp_path / "plan-utf8.xml"
    utf8.write_text(text, encoding="utf-8")
    run = run_cli("import", str(source), "--title", "e-Government plan")
    assert run.code == 0, run.err
    assert run.out == run_cli("import", str(utf8), "--title", "e-Government plan").out


@pytest.mark.parametrize(("declared", "body", "expected"), [
    ("EBCDIC-XX", b"<Project/>", "1:31: error import: the file declares the encoding "
     "'EBCDIC-XX', which is no text encoding egovplan knows: save it as UTF-8"),
    ("rot13", b"<Project/>", "1:31: error import: the file declares the encoding 'rot13', "
     "which is no text encoding egovplan knows: save it as UTF-8"),
    ("euc-kr", b"<Project>\n<Name>\xff\xff</Name></Project>",
     "3:7: error import: the file declares the encoding 'euc-kr', but its bytes are not "
     "euc_kr here (illegal multibyte sequence): save it as UTF-8, or declare the encoding it "
     "is in"),
    # the column counts characters (가가 is four bytes in euc-kr)
    ("euc-kr", b"<Project>\n<Title>" + "가가".encode("euc-kr") + b"\xff</Title></Project>",
     "3:10: error import: the file declares the encoding 'euc-kr', but its bytes are not "
     "euc_kr here (illegal multibyte sequence): save it as UTF-8, or declare the encoding it "
     "is in"),
    ("utf-7", b"<Project><Name>+2AA-</Name></Project>",  # a lone surrogate: was exit 3
     "1:31: error import: the file declares the encoding 'utf-7', in which it reads as text "
     "that is not Unicode (a lone surrogate): save it as UTF-8"),
])
def test_a_declared_encoding_that_cannot_be_read_is_located(tmp_path: Path, declared: str,
                                                             body: bytes,
                                                             expected: str) -> None:
    source = tmp_path / "odd.xml"
    source.write_bytes(f'<?xml version="1.0" encoding="{declared}"?>\n'.encode() + body)
    run = run_cli("import", str(source))
    assert run.code == 1
    assert run.err.splitlines() == [f"{source}:{expected}", f"{source}: not imported (1 error)"]


def test_a_byte_order_mark_wins_over_the_declared_encoding(tmp_path: Path) -> None:
    """A UTF-8 file with a byte-order mark that declares windows-1252 (as some tools write
    it) imported before, and was refused by the first version of the declared-encoding
    reading: the mark says the encoding."""
    text = (HERE / "plan.xml").read_text(encoding="utf-8")
    source = tmp_path / "bom.xml"
    source.write_bytes(b"\xef\xbb\xbf" + text.replace('encoding="UTF-8"',
                                                      'encoding="windows-1252"', 1).encode())
    run = run_cli("import", str(source), "--title", "e-Government plan")
    assert run.code == 0, run.err
    assert run.out == (HERE / "plan.golden-xml.toml").read_text(encoding="utf-8")
