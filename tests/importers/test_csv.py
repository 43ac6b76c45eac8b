"""Importing a spreadsheet of projects (CSV)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egovplan.analysis.cpm import Schedule

from ..conftest import ROOT, import_errors, run_cli

HERE = Path(__file__).parent


def test_golden_import_validates_and_schedules(tmp_path: Path) -> None:
    run = run_cli("import", str(HERE / "plan.csv"), "--title", "Plan", "--id", "plan")
    assert run.code == 0, run.err
    assert run.out == (HERE / "plan.golden.toml").read_text(encoding="utf-8")
    assert "note: row 2: id 'Registry 2030' became 'registry-2030'" in run.err
    assert "imported 3 projects" in run.err
    out = tmp_path / "plan.toml"
    out.write_text(run.out, encoding="utf-8")
    assert run_cli("validate", str(out)).code == 0
    document = json.loads(run_cli("schedule", "--format", "json", str(out)).out)
    starts = {p["id"]: p["start"] for p in document["projects"]}
    assert starts == {"registry-2030": "2025-01", "portal": "2025-04", "launch": "2025-12"}


def write(tmp_path: Path, text: str, name: str = "p.csv", bom: bool = False) -> str:
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())
    return str(path)


@pytest.mark.parametrize(("cell", "expected"), [
    ("a", "a"),
    ("a:SS", {"id": "a", "type": "SS"}),
    ("a:FS+3m", {"id": "a", "type": "FS", "lag": 3}),
    ("a:SS-1q", {"id": "a", "type": "SS", "lag": -3}),
    ("a:FF+1y", {"id": "a", "type": "FF", "lag": 12}),
    ("a:SF-2", {"id": "a", "type": "SF", "lag": -2}),
])
def test_dependency_cells(tmp_path: Path, cell: str, expected: object) -> None:
    import rtoml

    path = write(tmp_path, f"id,title,duration,depends_on\na,A,3,\nb,B,2,{cell}\n", bom=True)
    run = run_cli("import", path, "--start", "2020-01")
    assert run.code == 0, run.err
    assert rtoml.loads(run.out)["projects"]["b"]["depends_on"] == [expected]


@pytest.mark.parametrize(("cell", "expected"), [
    ('"1,250,000"', 1250000.0), ('"1,250,000.5"', 1250000.5), ("1250.5", 1250.5),
    ('"12,50"', None), ('"1,2,3"', None), ('"1,0000"', None), ('"12,5.5"', None),
])
def test_cost_cells_take_commas_only_between_thousands(tmp_path: Path, cell: str,
                                                       expected: float | None) -> None:
    import rtoml

    path = write(tmp_path, f"id,title,duration,cost\na,A,3,{cell}\n")
    run = run_cli("import", path, "--start", "2020-01")
    if expected is None:  # "12,50" is not 1250: perhaps 12.50 with a decimal comma
        assert run.code == 1
        assert "cost must be a number, not" in run.err
        assert "groups of three digits" in run.err
    else:
        assert run.code == 0, run.err
        assert rtoml.loads(run.out)["projects"]["a"]["cost"] == expected


def test_bad_rows_are_located_and_nothing_is_written(tmp_path: Path) -> None:
    path = write(tmp_path, "id,title,duration,kind,depends_on,not_before\n"
                           "a,A,3w,primary,,\n"
                           "b,,2,,nowhere,2020-13\n")
    out = tmp_path / "out.toml"
    run = run_cli("import", path, "--start", "2020-01", "-o", str(out))
    assert run.code == 1
    assert f"{path}:2:3: error import: duration: '3w' is not a duration" in run.err
    assert f"{path}:2:4: error import: kind must be 'priority' or 'support'" in run.err
    assert f"{path}:3:2: error import: a project needs a title" in run.err
    assert f"{path}:3:5: error import: unknown project 'nowhere'" in run.err
    assert f"{path}:3:6: error import: not_before:" in run.err
    assert not out.exists()


def test_start_is_needed_when_the_file_has_no_date(tmp_path: Path) -> None:
    path = write(tmp_path, "id,title,duration\na,A,3\n")
    run = run_cli("import", path)
    assert run.code == 1
    assert "give --start YYYY-MM" in run.err
    assert run_cli("import", path, "--start", "2024-02").code == 0


def test_unknown_columns_and_formats(tmp_path: Path) -> None:
    path = write(tmp_path, "id,title,duration,budget\na,A,3,9\n")
    run = run_cli("import", path, "--start", "2024-02")
    assert run.code == 1
    assert "unknown column 'budget'" in run.err
    other = write(tmp_path, "id,title,duration\n", name="p.txt")
    assert run_cli("import", other).code == 2


def test_never_overwrites(tmp_path: Path) -> None:
    path = write(tmp_path, "id,title,duration\na,A,3\n")
    out = tmp_path / "out.toml"
    out.write_text("mine")
    run = run_cli("import", path, "--start", "2024-02", "-o", str(out))
    assert run.code == 2
    assert out.read_text() == "mine"
    assert run_cli("import", path, "--start", "2024-02", "-o", str(out), "--force").code == 0
    assert run_cli("validate", str(out)).code == 0
    assert ROOT.exists()


def test_findings_of_the_model_point_at_the_csv_row_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "id,title,duration,cost\na,A,3,10\nb,B,2,-5\n")
    run = run_cli("import", path, "--start", "2026-01")
    assert run.code == 1
    assert f"{path}:3:4: error invalid-value: cost must be at least 0, not -5.0\n" in run.err
    assert "(imported)" not in run.err


def test_a_cycle_names_the_csv_lines_of_its_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "id,title,duration,depends_on\nx,X,1,\na,A,3,b\nb,B,2,a\n")
    run = run_cli("import", path, "--start", "2026-01")
    assert run.code == 1
    assert (f"{path}:3:4: error dependency-cycle: dependency cycle: 'a' (line 3) depends on "
            "'b' (line 4), which depends on 'a'\n") in run.err
    assert "(imported)" not in run.err


def test_every_error_is_reported_in_one_run(tmp_path: Path) -> None:
    path = write(tmp_path, "id,title,duration,cost,depends_on,budget\n"
                           "a,A,3w,-5,,1\n"
                           "b,B,2,1e400,c,\n"
                           "c,C,1,nan,b;nowhere,\n"
                           "a,Again,x,-1,,\n")
    run = run_cli("import", path, "--start", "2026-01")
    assert run.code == 1
    errors = import_errors(run, path)
    assert errors == [
        "1:6: error import: unknown column 'budget'; the columns are: id, title, kind, phase, "
        "serves, domains, duration, depends_on, not_before, finish_by, cost, agency",
        "2:3: error import: duration: '3w' is not a duration: write whole months (24) or a "
        "string such as \"18m\", \"2q\", \"5y\"",
        "2:4: error invalid-value: cost must be at least 0, not -5.0",
        "3:4: error invalid-value: cost must be a finite number, not infinity",
        "3:5: error dependency-cycle: dependency cycle: 'b' (line 3) depends on 'c' (line 4), "
        "which depends on 'b'",
        "4:4: error invalid-value: cost must be a finite number, not nan",
        "4:5: error import: unknown project 'nowhere' in depends_on",
        "5:1: error import: id 'a' is used twice (first on line 2)",
        "5:3: error import: duration: 'x' is not a duration: write whole months (24) or a string "
        "such as \"18m\", \"2q\", \"5y\"",
        "5:4: error invalid-value: cost must be at least 0, not -1.0",
    ]


def test_rows_are_located_by_their_line_when_a_cell_spans_lines(tmp_path: Path) -> None:
    path = write(tmp_path, 'id,title,duration\na,"Two\nlines",3\nb,B,3w\n')
    run = run_cli("import", path, "--start", "2026-01")
    assert f"{path}:4:3: error import: duration: '3w'" in run.err


def test_an_unterminated_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    path = write(tmp_path, 'id,title,duration\na,"A\nin two lines",3w\nb,B,1\nc,"C,2\nd,D,1\n')
    run = run_cli("import", path, "--start", "2026-01")
    assert run.code == 1
    errors = [line for line in run.err.splitlines() if line.startswith(path)]
    assert errors == [
        f"{path}:2:3: error import: duration: '3w' is not a duration: write whole months (24) "
        "or a string such as \"18m\", \"2q\", \"5y\"",  # the rows before it are checked
        f"{path}:5:2: error import: unterminated quote: the '\"' that opens the 'title' cell "
        "here is never closed, so the rest of the file cannot be read; close it with another "
        "'\"' (a quote inside a quoted cell is written '\"\"')",
        f"{path}: not imported (2 errors)",
    ]


def test_phases_keep_the_name_written_as_their_title(tmp_path: Path) -> None:
    import rtoml

    path = write(tmp_path, "id,title,duration,phase,domains\na,A,3,Phase One,Public Services\n"
                           "b,B,3,phase one,\n")
    run = run_cli("import", path, "--start", "2026-01")
    assert run.code == 0, run.err
    roadmap = rtoml.loads(run.out)
    assert roadmap["phases"]["phase-one"]["title"] == "Phase One"
    assert roadmap["domains"] == {"public-services": "Public Services"}
    assert {p["phase"] for p in roadmap["projects"].values()} == {"phase-one"}


def test_a_row_wider_than_the_header_and_a_column_named_twice(tmp_path: Path) -> None:
    path = write(tmp_path, "id,title,duration,title\na,Roads, bridges,3,x\n")
    run = run_cli("import", path, "--start", "2026-01")
    assert run.code == 1
    assert f"{path}:1:4: error import: the column 'title' is named twice" in run.err
    assert f"{path}:2:5: error import: the row has 5 cells but the header 4 columns" in run.err


def test_one_error_is_counted_in_the_singular(tmp_path: Path) -> None:
    path = write(tmp_path, "id,title,duration\na,A,3w\n")
    run = run_cli("import", path, "--start", "2026-01")
    assert f"{path}: not imported (1 error)\n" in run.err


def test_refusing_to_replace_a_file_comes_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "out.toml"
    out.write_text("mine")
    run = run_cli("import", str(HERE / "plan.csv"), "-o", str(out))
    assert run.code == 2
    assert run.err == f"egovplan: error: {out}: exists; use --force to replace it\n"


def test_the_input_is_not_called_a_roadmap(tmp_path: Path) -> None:
    path = write(tmp_path, "id,title,duration\na,A,3\n")
    run = run_cli("import", path, "--start", "2026-01", "-o", path, "--force")
    assert run.code == 2
    assert "roadmap" not in run.err
    assert "is the file being read" in run.err


@pytest.mark.parametrize(("text", "where"), [
    ('id,title,duration\na,"A""\n', (2, 2)),  # "" inside quotes is a quote, not the close
    ('id,title,duration\na,"A""",1\n', None),
    ('id,title,duration\na,"A"x,1\nb,B"b,"2\n', (3, 3)),  # a quote opens only at a cell's start
    ('id,title,duration\r\na,"A\r\n\r\nB",1\r\nb,B,"\r\n', (5, 3)),
])
def test_where_an_unterminated_quote_opens(text: str, where: tuple[int, int] | None) -> None:
    from egovplan.importers.csv_import import read_csv

    imported = read_csv(text.encode(), "p.csv", start=24000, roadmap_id=None, title=None)
    found = [(f.line, f.column) for f in imported.findings if "unterminated" in f.message]
    assert found == ([] if where is None else [where])


def test_import_errors_say_what_was_meant(tmp_path: Path) -> None:
    path = write(tmp_path, "id,title,duration,depends_on,finsh_by,kind\n"
                           "alpha,A,3,,,priorty\nb,B,2,alpah,,\n")
    run = run_cli("import", path, "--start", "2020-01")
    assert run.code == 1
    errors = import_errors(run, path)
    assert errors == [
        "1:5: error import: unknown column 'finsh_by'; did you mean 'finish_by'? The columns "
        "are: id, title, kind, phase, serves, domains, duration, depends_on, not_before, "
        "finish_by, cost, agency",
        "2:6: error import: kind must be 'priority' or 'support', not 'priorty'; did you mean "
        "'priority'?",
        "3:4: error import: unknown project 'alpah' in depends_on; did you mean 'alpha'?",
    ]


def test_a_dependency_naming_a_title_is_told_the_id(tmp_path: Path) -> None:
    """In a sheet the titles sit beside the ids, and a planner types a title into
    `depends_on`: the id of the row with that title is named (the row's own title too; a
    second row of an id does not make its title one two ids share)."""
    path = write(tmp_path, "id,title,duration,depends_on\n"
                           "resident-registration,주민등록 전산화,12,\n"
                           "land-registry,Land Registry Online,6,주민등록  전산화:SS+2m\n"
                           "cloud,Cloud,3,land registry online;cloud;CLOUD\n"
                           "cloud,Cloud,3,\n")
    run = run_cli("import", path, "--start", "2020-01")
    assert run.code == 1
    assert import_errors(run, path) == [
        "3:4: error import: unknown project '주민등록  전산화' in depends_on; did you mean "
        "'resident-registration'? that is its title, not its id",
        "4:4: error import: unknown project 'CLOUD' in depends_on; that is the title of "
        "'cloud' itself",
        "4:4: error import: unknown project 'land registry online' in depends_on; did you "
        "mean 'land-registry'? that is its title, not its id",
        "4:4: error self-dependency: project 'cloud' depends on itself",
        "5:1: error import: id 'cloud' is used twice (first on line 4)",
    ]


def test_a_sheet_saved_with_semicolons_gets_one_plain_error(tmp_path: Path) -> None:
    path = write(tmp_path, "id;title;duration\na;A;3\nb;B;1,5\n")  # no "row has 2 cells"
    run = run_cli("import", path, "--start", "2020-01")
    assert run.code == 1
    assert (f"{path}:1:1: error import: the header is one column, 'id;title;duration': its cells "
            "seem separated by ';'; egovplan reads comma-separated values (save the sheet as CSV "
            "with commas)") in run.err
    assert run.err.count(": error ") == 1


def test_a_csv_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,title,duration\na,Caf\u00e9,3\n".encode("latin-1"))
    run = run_cli("import", str(path), "--start", "2020-01")
    assert run.code == 1
    assert (f"{path}:2:6: error encoding: the file is not UTF-8: byte 0xe9 at offset 23 cannot "
            "be decoded; save it as UTF-8 ('CSV UTF-8' in a spreadsheet), or give the encoding "
            "it was saved in with --encoding") in run.err
    assert ("note: read as cp1252 (Western European), its first line that is not ASCII is "
            "'a,Café,3': if that is right, give --encoding cp1252") in run.err


def test_suggestions_stop_after_a_budget(tmp_path: Path) -> None:
    """Each did-you-mean compares with every id: a sheet full of unknown ids gets the first
    200 suggestions (as `validate`), so that it is reported in seconds, not minutes."""
    # each close to another row's id (a row's own id is never suggested)
    rows = [f"project{n},P,1,project{(n + 1) % 250}x" for n in range(250)]
    path = write(tmp_path, "id,title,duration,depends_on\n" + "\n".join(rows) + "\n")
    run = run_cli("import", path, "--start", "2020-01")
    assert run.code == 1
    assert run.err.count("unknown project 'project") == 250
    assert run.err.count("did you mean") == 200


@pytest.mark.parametrize(("cells", "error"), [
    ("a,A,²,", "duration: '²' is not a duration"),  # was an internal error
    ("a,A,１２,", "duration: '１２' is not a duration"),
    ("a,A,3,１２", "cost must be a number, not '１２'"),
    ("a,A,3,1_000", "cost must be a number, not '1_000'"),
])
def test_digits_are_ascii_digits(tmp_path: Path, cells: str, error: str) -> None:
    path = write(tmp_path, f"id,title,duration,cost\n{cells}\n")
    run = run_cli("import", path, "--start", "2020-01")
    assert run.code == 1
    assert error in run.err
    assert "internal error" not in run.err


def test_a_bad_byte_after_a_byte_order_mark_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfid,title,duration\n\xffa,A,3\n")
    run = run_cli("import", str(path), "--start", "2020-01")
    assert f"{path}:2:1: error encoding: the file is not UTF-8: byte 0xff at offset 21" in run.err


def test_spellings_taken_as_one_phase_and_an_id_made_a_slug_are_noted(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("id,title,phase,duration\na,A,Phase One,2\nb,B,phase one,3\n"
                    "c,C,Phase-One,1\n", encoding="utf-8")
    run = run_cli("import", str(path), "--start", "2025-01", "--id", "Bad Id")
    assert run.code == 0, run.err
    assert ("note: 'Phase One', 'phase one', 'Phase-One' in 'phase' are taken as one phase, "
            "'phase-one'") in run.err
    assert "note: the roadmap id 'Bad Id' (--id) is not a slug: made 'bad-id'" in run.err
    assert 'id = "bad-id"' in run.out


@pytest.mark.parametrize("example", [
    "examples/dependencies", "examples/phases", "examples/constraints", "examples/multilingual",
    "examples/milestones", "roadmaps/korea-egov-seed", "roadmaps/korea-egov",
    "tests/roadmaps/valid/numbers-and-limits"])
def test_an_exported_sheet_imports_again_with_the_same_schedule(tmp_path: Path,
                                                                example: str) -> None:
    """`export --to csv`, then `import`: the columns the schedule computes are left out
    (noted), the plan starts where it did, dependencies come back, and every project keeps
    its dates."""
    source = ROOT / f"{example}.toml"
    sheet = tmp_path / "plan.csv"
    exported = run_cli("export", str(source), "--to", "csv", "-o", str(sheet))
    assert exported.code == 0, exported.err
    back = tmp_path / "plan.toml"
    imported = run_cli("import", str(sheet), "-o", str(back))
    assert imported.code == 0, imported.err
    assert "are computed by the schedule: left out" in imported.err

    def dates(path: Path) -> dict[str, tuple[str, str, int]]:
        document = json.loads(run_cli("schedule", "--format", "json", str(path)).out)
        return {p["id"]: (p["start"], p["finish"], p["total_float"])
                for p in document["projects"]}

    assert dates(back) == dates(source)


@st.composite
def exportable_roadmaps(draw: st.DrawFn) -> str:
    """Small roadmaps with phases, milestones (also at a phase's start and the plan's),
    `not_before`, deadlines and every dependency type."""
    phases = draw(st.integers(0, 2))
    lines = ['format = 1', '[roadmap]', 'id = "f"', 'title = "F"', 'start = "2024-01"']
    for number in range(phases):
        lines += [f"[phases.ph{number}]", f'title = "P{number}"',
                  f'start = "2024-{draw(st.integers(1, 7)):02d}"',
                  f'end = "2025-{draw(st.integers(1, 12)):02d}"']
    for index in range(draw(st.integers(1, 7))):
        title = draw(st.sampled_from(["T", "'=1+1", "=SUM(A1)", "''-x", "@x", "전자정부", "",
                                       "  spaced  "]))
        lines += [f"[projects.p{index}]", f"title = {json.dumps(title)}",
                  f"duration = {draw(st.sampled_from([0, 0, 1, 2, 3, 5]))}"]
        if phases and draw(st.booleans()):
            lines.append(f'phase = "ph{draw(st.integers(0, phases - 1))}"')
        if draw(st.integers(0, 3)) == 0:
            lines.append(f'not_before = "2024-{draw(st.integers(1, 9)):02d}"')
        if draw(st.integers(0, 4)) == 0:
            lines.append(f'finish_by = "2024-{draw(st.integers(1, 12)):02d}"')
        links = [f'{{ id = "p{pred}", type = "{draw(st.sampled_from(["FS", "SS", "FF", "SF"]))}"'
                 f", lag = {draw(st.integers(-2, 2))} }}"
                 for pred in range(index) if draw(st.integers(0, 2)) == 0]
        if links:
            lines.append(f"depends_on = [{', '.join(links)}]")
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(exportable_roadmaps())
def test_every_exported_sheet_imports_with_the_same_dates(text: str) -> None:
    """The contract's round trip, in general: every project comes back with the same shown
    start and finish (milestones in phases once moved their phase a month), and its title
    (`'=1+1` once lost its quote, an empty one could not be imported, spaces around one were
    lost)."""
    from egovplan import api
    from egovplan.importers import finish
    from egovplan.importers.csv_import import read_csv
    from egovplan.render.schedule import to_csv

    checked = api.check_bytes(text.encode())
    assert checked.roadmap is not None, checked.findings
    before = api.schedule(checked.roadmap).schedule
    sheet = "\ufeff" + to_csv(api.schedule(checked.roadmap), coverage=True)
    imported = read_csv(sheet.encode(), "plan.csv", start=None, roadmap_id=None, title=None)
    assert imported.data is not None, imported.findings
    result = finish(imported.data, "plan.csv", imported.notes,
                    derive_phase_windows=not imported.windows_known)
    assert result.text is not None, result.findings
    back = api.check_bytes(result.text.encode())
    assert back.roadmap is not None, back.findings
    after = api.schedule(back.roadmap).schedule

    def dates(schedule: Schedule) -> dict[str, tuple[str, str]]:
        return {project_id: (schedule.shown_start(i), schedule.shown_finish(i))
                for i, project_id in enumerate(schedule.network.ids)}

    assert dates(after) == dates(before)
    assert {i: p.title for i, p in back.roadmap.projects.items()} == {
        i: p.title for i, p in checked.roadmap.projects.items()}


PHASE_IDS = """format = 1
[roadmap]
id = "phdot"
title = "Phase ids with dots"
start = "2024-01"
[domains]
"gov.admin" = "Administration"
"gov_admin" = "Admin (legacy)"
[phases."stage.1"]
title = "Stage 1"
start = "2024-01"
end = "2024-12"
[phases."stage-1"]
title = "Stage 1 (revised)"
start = "2025-01"
end = "2025-12"
[projects.a]
title = "A"
phase = "stage.1"
domains = ["gov.admin"]
duration = 3
[projects.b]
title = "B"
phase = "stage-1"
domains = ["gov_admin"]
duration = 3
"""


def test_phase_and_domain_ids_come_back_as_they_were(tmp_path: Path) -> None:
    """Ids that are slugs already are kept: `stage.1` and `stage-1` were once both made
    `stage-1`, one phase, which moved B a year earlier."""
    source = tmp_path / "phdot.toml"
    source.write_text(PHASE_IDS, encoding="utf-8")
    sheet, back = tmp_path / "phdot.csv", tmp_path / "back.toml"
    assert run_cli("export", str(source), "--to", "csv", "-o", str(sheet)).code == 0
    imported = run_cli("import", str(sheet), "-o", str(back))
    assert imported.code == 0, imported.err
    assert "taken as one phase" not in imported.err
    document = json.loads(run_cli("schedule", "--format", "json", str(back)).out)
    assert {p["id"]: (p["phase"], p["start"]) for p in document["projects"]} == {
        "a": ("stage.1", "2024-01"), "b": ("stage-1", "2025-01")}
    text = back.read_text(encoding="utf-8")
    assert '"gov.admin"' in text
    assert "gov_admin" in text


def test_an_id_made_for_a_row_never_takes_another_rows(tmp_path: Path) -> None:
    """`电子政务` is no slug: its row was made `project-1`, the id the next row has (an error
    "used twice"); two spellings of one name were one id."""
    path = tmp_path / "ids.csv"
    path.write_text("id,title,duration,not_before\n电子政务,T,3,2024-01\nproject-1,U,2,2024-01\n"
                    "A B,V,1,2024-01\nA  B,W,1,2024-01\nA B,X,1,2024-01\n", encoding="utf-8")
    run = run_cli("import", str(path))
    assert import_errors(run, path) == [
        "6:1: error import: id 'a-b' is used twice (first on line 4)"]
    path.write_text("\n".join(path.read_text(encoding="utf-8").splitlines()[:-1]) + "\n",
                    encoding="utf-8")
    run = run_cli("import", str(path))
    assert run.code == 0, run.err
    assert "note: row 2: id '电子政务' became 'project-1-2'" in run.err
    assert "note: row 5: id 'A  B' became 'a-b-2'" in run.err
    assert [line for line in run.out.splitlines() if line.startswith("[projects.")] == [
        "[projects.project-1-2]", "[projects.project-1]", "[projects.a-b]", "[projects.a-b-2]"]


def test_an_empty_title_is_a_title_and_an_empty_id_no_id(tmp_path: Path) -> None:
    """`--title ''` was taken as no title given (the file's name instead); `--id ''` likewise,
    with a note that it had been made a slug."""
    path = tmp_path / "plan.csv"
    path.write_text("id,title,duration,not_before\na,A,1,2024-01\n", encoding="utf-8")
    run = run_cli("import", str(path), "--title", "")
    assert run.code == 0, run.err
    assert 'title = ""' in run.out.split("[projects.a]")[0]
    run = run_cli("import", str(path), "--id", "")
    assert run.code == 2
    assert "the roadmap's id cannot be empty" in run.err


def _exported_rows(tmp_path: Path) -> tuple[list[list[str]], list[str]]:
    import csv
    import io

    sheet = run_cli("export", str(ROOT / "examples" / "phases.toml"), "--to", "csv").out
    rows = list(csv.reader(io.StringIO(sheet.removeprefix("\ufeff"))))
    return rows, rows[0]


def _row(header: list[str], **cells: str) -> list[str]:
    """A row of an exported sheet holding `cells` by column name, the rest empty."""
    made = [""] * len(header)
    for name, value in cells.items():
        made[header.index(name)] = value
    return made


def _written(tmp_path: Path, rows: list[list[str]]) -> str:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return write(tmp_path, out.getvalue())


def test_an_exported_sheet_with_dates_a_spreadsheet_rewrote_is_refused(tmp_path: Path) -> None:
    """Excel saves `2023-01` as `Jan-23`: the phase windows were read from the other rows
    without a word (the plan finished six months later). Each such cell is an error."""
    rows, header = _exported_rows(tmp_path)
    rows[1][header.index("start")] = "Jan-23"
    rows[2][header.index("finish")] = "garbage"
    rows[4][header.index("milestone")] = "yes"
    run = run_cli("import", _written(tmp_path, rows))
    assert run.code == 1
    start, finish, milestone = (header.index(name) + 1
                                for name in ("start", "finish", "milestone"))
    assert (f"p.csv:2:{start}: error import: start: 'Jan-23' is not a month: write "
            '"YYYY-MM", e.g. "1987-01" (a spreadsheet may have changed it)') in run.err
    assert f"p.csv:3:{finish}: error import: finish: 'garbage' is not a month" in run.err
    assert f"p.csv:5:{milestone}: error import: 'yes' in 'milestone' is not true or false" in (
        run.err)


MILESTONE_LED = """format = 1
[roadmap]
id = "led"
title = "Led by a milestone"
start = "2025-01"
[phases.p]
title = "P"
start = "2025-02"
end = "2025-12"
[projects.m]
title = "Go"
duration = 0
phase = "p"
[projects.x]
title = "X"
duration = 2
phase = "p"
depends_on = ["m"]
[projects.z]
title = "Z"
duration = 1
"""


def test_a_milestone_marked_true_in_capitals_is_a_milestone(tmp_path: Path) -> None:
    """`TRUE`, as a spreadsheet saves it, reads as `true`: a phase led by a milestone kept
    its start only when the sheet said `true` (with `TRUE` the plan finished a month early)."""
    import csv
    import io

    source = tmp_path / "led.toml"
    source.write_text(MILESTONE_LED, encoding="utf-8")
    sheet = run_cli("export", str(source), "--to", "csv").out
    rows = list(csv.reader(io.StringIO(sheet.removeprefix("\ufeff"))))
    header = rows[0]
    assert "true" in [row[header.index("milestone")] for row in rows[1:]]
    for row in rows[1:]:
        for name in ("milestone", "critical"):
            row[header.index(name)] = row[header.index(name)].upper()
    run = run_cli("import", _written(tmp_path, rows), "-o", str(tmp_path / "back.toml"))
    assert run.code == 0, run.err
    diff = json.loads(run_cli("diff", "--format", "json", str(source),
                              str(tmp_path / "back.toml")).out)
    assert diff["schedule"]["finish"]["delta_months"] == 0
    assert diff["schedule"]["moved"] == []


def test_text_after_a_closing_quote_is_an_error_not_joined(tmp_path: Path) -> None:
    """`"B"x` was read as `Bx` without a word."""
    run = run_cli("import", write(tmp_path, 'id,title,duration\nb,"B"x,2\n'), "--start",
                  "2020-01")
    assert run.code == 1
    assert "p.csv:2:1: error import: the row cannot be read: ',' expected after '\"'" in run.err


def test_a_sheet_whose_windows_cannot_all_be_read_back_says_so(tmp_path: Path) -> None:
    """Five phases each led by a milestone shown in the plan's first month: 32 readings, more
    than are tried; none of those tried gives every date back. The import said nothing while
    the plan finished a month early; it now says so."""
    text = 'format = 1\n[roadmap]\nid = "ms5"\ntitle = "T"\nstart = "2025-01"\n'
    for i in range(1, 6):
        text += f'[phases.p{i}]\ntitle = "P{i}"\nstart = "2025-02"\nend = "2025-12"\n'
        text += (f'[projects.m{i}]\ntitle = "M{i}"\nduration = 0\nphase = "p{i}"\n'
                 f'[projects.x{i}]\ntitle = "X{i}"\nduration = 2\nphase = "p{i}"\n'
                 f'depends_on = ["m{i}"]\n')
    text += '[projects.z]\ntitle = "Z"\nduration = 1\n'
    source = tmp_path / "ms5.toml"
    source.write_text(text, encoding="utf-8")
    sheet = tmp_path / "ms5.csv"
    assert run_cli("export", str(source), "--to", "csv", "-o", str(sheet)).code == 0
    run = run_cli("import", str(sheet))
    assert run.code == 0, run.err
    assert "note: the phases' windows could not be read so that every project keeps the dates" \
        in run.err


def test_a_file_name_that_is_not_utf8_is_imported(tmp_path: Path) -> None:
    """The roadmap's title and id are made from the file's name: one that is not UTF-8
    ended in "internal error" (exit 3); it is shown with U+FFFD."""
    import os

    name = os.fsdecode(b"in\xff.csv")
    (tmp_path / name).write_text("id,title,duration\na,A,3\n", encoding="utf-8")
    run = run_cli("import", name, "--start", "2025-01", cwd=tmp_path)
    assert run.code == 0, run.err
    assert 'title = "in\ufffd"' in run.out
    assert run.err.endswith("imported 1 project from 'in\ufffd.csv'\n")


KOREAN = "id,title,duration,not_before\nreg,주민등록 전산화,12,1987-01\nnet,행정 전산망,6,1988-01\n"


def test_a_sheet_saved_in_cp949_is_reported_with_its_readings(tmp_path: Path) -> None:
    """Excel's plain CSV on a Korean Windows is cp949: the error says how to read it, and the
    notes show the line in each encoding that decodes the file, so the legible one is picked."""
    path = tmp_path / "k.csv"
    path.write_bytes(KOREAN.encode("cp949"))
    run = run_cli("import", str(path))
    assert run.code == 1
    assert import_errors(run, path) == [
        "2:5: error encoding: the file is not UTF-8: byte 0xc1 at offset 33 cannot be decoded; "
        "save it as UTF-8 ('CSV UTF-8' in a spreadsheet), or give the encoding it was saved in "
        "with --encoding"]
    notes = [line for line in run.err.splitlines() if line.startswith("note: ")]
    assert notes[0] == ("note: read as cp949 (Korean), its first line that is not ASCII is "
                        "'reg,주민등록 전산화,12,1987-01': if that is right, give --encoding cp949")
    assert [note.split(" (")[0] for note in notes] == [
        "note: read as cp949", "note: read as gb18030", "note: read as cp1252"]


def test_encoding_reads_the_sheet_as_its_utf8_twin(tmp_path: Path) -> None:
    twin = run_cli("import", write(tmp_path, KOREAN, "k.csv"))
    (tmp_path / "k.csv").write_bytes(KOREAN.encode("cp949"))
    run = run_cli("import", str(tmp_path / "k.csv"), "--encoding", "CP949")
    assert (run.code, run.err) == (0, twin.err)
    assert run.out == twin.out
    assert 'title = "주민등록 전산화"' in run.out


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_a_byte_order_mark_says_utf16_or_utf32(tmp_path: Path, codec: str) -> None:
    twin = run_cli("import", write(tmp_path, KOREAN, "k.csv"))
    raw = ("\ufeff" + KOREAN).encode(codec) if codec.endswith("-be") else KOREAN.encode(codec)
    (tmp_path / "k.csv").write_bytes(raw)
    run = run_cli("import", str(tmp_path / "k.csv"))
    assert (run.code, run.out) == (0, twin.out)


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-le", "UTF-32BE", "utf_32_be"])
def test_encoding_takes_utf32_too(tmp_path: Path, codec: str) -> None:
    """`--encoding utf-32` was refused as "unknown text encoding": the check that a codec
    reads bytes decoded two, and UTF-32 reads no fewer than four. Without a byte-order mark
    (`-le`, `-be`), such a sheet can be read in no other way."""
    twin = run_cli("import", write(tmp_path, KOREAN, "k.csv"))
    (tmp_path / "k.csv").write_bytes(KOREAN.encode(codec.replace("_", "-")))
    run = run_cli("import", str(tmp_path / "k.csv"), "--encoding", codec)
    assert (run.code, run.out) == (0, twin.out), run.err


def test_a_byte_that_the_chosen_encoding_cannot_read_is_located(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_bytes("id,title,duration\n".encode("utf-16") + b"a\x00,\x00\x00\xd8")
    run = run_cli("import", str(path), "--encoding", "utf-16", "--start", "2020-01")
    assert run.code == 1
    assert import_errors(run, path) == [
        "2:3: error encoding: the file is not utf-16: byte 0x00 at offset 42 cannot be "
        "decoded; give the encoding it was saved in with --encoding"]
    assert "note: read as" not in run.err


@pytest.mark.parametrize(("args", "message"), [
    (["p.csv", "--encoding", "klingon"], "unknown text encoding 'klingon' (for example: utf-8, "
                                         "cp949, euc-kr, gb18030, big5, shift_jis, cp1252)"),
    (["p.csv", "--encoding", "base64"], "unknown text encoding 'base64'"),
    (["p.csv", "--encoding", "undefined"], "unknown text encoding 'undefined'"),  # was exit 3
    (["p.xml", "--encoding", "cp949"], "an XML file declares its own encoding: --encoding is "
                                       "for CSV files"),
])
def test_encoding_names_a_text_encoding_for_csv(tmp_path: Path, args: list[str],
                                                message: str) -> None:
    (tmp_path / "p.csv").write_text("id,title,duration\na,A,3\n", encoding="utf-8")
    (tmp_path / "p.xml").write_text("<Project/>", encoding="utf-8")
    run = run_cli("import", *args, cwd=tmp_path)
    assert run.code == 2
    assert message in " ".join(run.err.split())


TITLE = st.text(st.sampled_from("가각간나다라마바사아자차카타파하힣 abcXYZ019"), min_size=1,
                max_size=12).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(st.lists(TITLE, min_size=1, max_size=6),
       st.sampled_from(["cp949", "euc-kr", "utf-16", "utf-8"]))
def test_any_encoding_gives_the_utf8_sheets_roadmap(titles: list[str], codec: str) -> None:
    from egovplan.importers.csv_import import read_csv
    from egovplan.model.types import parse_month

    start = parse_month("2020-01")
    text = "id,title,duration\n" + "".join(f"p{n},{title},{n + 1}\n"
                                           for n, title in enumerate(titles))
    twin = read_csv(text.encode(), "k.csv", start=start, roadmap_id=None, title=None)
    read = read_csv(text.encode(codec), "k.csv", start=start, roadmap_id=None, title=None,
                    encoding=codec)
    assert twin.findings == read.findings == []
    assert read.data == twin.data
    assert [project["title"] for project in read.data["projects"].values()] == titles


def test_an_exported_sheet_a_spreadsheet_saved_with_dates_imports_the_same(
        tmp_path: Path) -> None:
    """Excel takes `2023-01` for a date and saves it `2023-01-01` (a Korean Windows `2023.
    1. 1.`, a Chinese one `2023/1/1`): every cell was an error; each is read as its month,
    the roadmap is the one the sheet gives with months, and a note says so."""
    rows, header = _exported_rows(tmp_path)
    twin = run_cli("import", _written(tmp_path, rows))
    spellings = ["{}-{}-01", "{}/{}/1", "{}. {}. 1.", "{}-{}-15 0:00", "{}.{}.28"]
    count = 0
    for index, row in enumerate(rows[1:]):
        for name in ("start", "finish", "late_start", "late_finish"):
            cell = row[header.index(name)]
            if cell:
                year, month = cell.split("-")
                row[header.index(name)] = spellings[index % len(spellings)].format(
                    year, int(month) if "/" in spellings[index % len(spellings)] else month)
                count += name in ("start", "finish")
    run = run_cli("import", _written(tmp_path, rows))
    assert run.code == 0, run.err
    assert run.out == twin.out
    assert f"note: {count} dates read as their months (a spreadsheet saves a month" in run.err


@pytest.mark.parametrize(("cell", "month"), [
    ("2025-01-01", "2025-01"), ("2025/3/31", "2025-03"), ("2025. 2. 1.", "2025-02"),
    ("2025.12.1", "2025-12"), ("2025-01-01 0:00", "2025-01"), ("2025-01-01T00:00:00", "2025-01"),
    # Korean and Chinese spreadsheets' date-times, with their morning/afternoon markers
    ("2025-01-01 오전 12:00:00", "2025-01"), ("2025. 3. 1. 오후 3:00", "2025-03"),
    ("2025/1/1 上午 12:00:00", "2025-01"), ("2025/2/1 12:00 AM", "2025-02"),
    # the hour 0 with a marker, as some locales write midnight
    ("2025-01-01 오전 0:00:00", "2025-01"), ("2025-01-01 00:00:00 AM", "2025-01"),
])
def test_a_date_a_spreadsheet_made_of_a_month_is_that_month(tmp_path: Path, cell: str,
                                                            month: str) -> None:
    path = write(tmp_path, f"id,title,duration,not_before\na,A,3,{cell}\n")
    run = run_cli("import", path)
    assert run.code == 0, run.err
    assert f'not_before = "{month}"' in run.out
    assert (f"note: 1 date read as its month (a spreadsheet saves a month it took for a date as "
            f"one): '{cell}' in 'not_before' on line 2 is {month}") in run.err


@pytest.mark.parametrize("cell", [
    "2025-01-01 AM 12:00 PM", "2025-01-01 오전 13:00", "2025-01-01 99:99", "2025-01-01 24:00",
    "2025-01-01 13:00 PM", "2025-01-01 12:60", "2025/1/1 上午 12:00:61",
])
def test_a_date_with_no_clock_time_is_no_date(tmp_path: Path, cell: str) -> None:
    """The time is not kept, but a cell whose time no clock shows was not made by a
    spreadsheet from a month: it is reported, not read as its month."""
    path = write(tmp_path, f"id,title,duration,not_before\na,A,3,{cell}\n")
    run = run_cli("import", path)
    assert run.code == 1
    assert import_errors(run, path) == [
        f"2:4: error import: not_before: '{cell}' is not a month: write \"YYYY-MM\", e.g. "
        "\"1987-01\" (a spreadsheet may have changed it)"]


def test_dates_that_are_no_months_are_errors_and_nothing_else(tmp_path: Path) -> None:
    """No "no date to start the plan from" on top of the cells' own errors."""
    path = write(tmp_path, "id,title,duration,not_before,finish_by\n"
                           "a,A,3,2025-02-30,2025-13\nb,B,1,01/02/2025,\n")
    run = run_cli("import", path)
    assert run.code == 1
    assert import_errors(run, path) == [
        "2:4: error import: not_before: '2025-02-30' is not a date: day is out of range for "
        "month",
        "2:5: error import: finish_by: '2025-13' is not a month: the month must be 01 to 12",
        "3:4: error import: not_before: '01/02/2025' is not a month: write \"YYYY-MM\", e.g. "
        "\"1987-01\" (a spreadsheet may have changed it)"]


def test_exported_dates_a_spreadsheet_rewrote_are_errors_and_nothing_else(
        tmp_path: Path) -> None:
    """An exported sheet whose every start and finish Excel rewrote (`1/1/2025`): each cell
    an error, and no "the file holds no date to start the plan from" besides."""
    sheet = run_cli("export", str(ROOT / "examples" / "dependencies.toml"), "--to", "csv").out
    lines = sheet.splitlines()
    for number in range(1, len(lines)):
        cells = lines[number].split(",")
        for index in (5, 6):  # start, finish
            year, month = cells[index].split("-")
            cells[index] = f"{int(month)}/1/{year}"
        lines[number] = ",".join(cells)
    path = write(tmp_path, "\n".join(lines) + "\n")
    run = run_cli("import", path)
    assert run.code == 1
    errors = import_errors(run, path)
    assert len(errors) == 2 * (len(lines) - 1)
    assert all("is not a month" in error for error in errors)


def test_a_schedule_sheet_without_dependencies_says_so(tmp_path: Path) -> None:
    """`schedule --format csv` has the computed columns but no `depends_on`: it imported
    with no word that every dependency was gone (the plan finished years earlier)."""
    sheet = run_cli("schedule", "examples/phases.toml", "--format", "csv").out
    run = run_cli("import", write(tmp_path, sheet))
    assert run.code == 0, run.err
    assert "depends_on" not in run.out
    assert ("note: the sheet has no depends_on column (`schedule --format csv` writes none; "
            "`export --to csv` does): the projects come without their dependencies, so their "
            "schedule is not the sheet's") in run.err
    exported = run_cli("import", write(tmp_path, run_cli("export", "examples/phases.toml",
                                                         "--to", "csv").out, "e.csv"))
    assert "no depends_on column" not in exported.err


def test_korean_and_chinese_names_become_ids(tmp_path: Path) -> None:
    """Hangul ids, phases and domains are romanized (a Korean project id became
    `project-1`, a Korean domain or phase was an invalid-id error); a name in Chinese
    characters, which no id can spell, gets an id from its hash, the same on every row."""
    path = write(tmp_path, "id,title,duration,domains,phase\n"
                           "일반행정,주민등록,12,복지;행정,1단계\n"
                           "b,B,3,电子政务,第一阶段\nc,C,3,电子政务,第一阶段\n")
    run = run_cli("import", path, "--start", "2025-01")
    assert run.code == 0, run.err
    data = tomllib.loads(run.out)
    assert data["domains"] == {"bokji": "복지", "haengjeong": "행정",
                               "domain-8c950f1a": "电子政务"}
    assert data["phases"]["1dangye"]["title"] == "1단계"
    assert data["phases"]["phase-7a1069b2"]["title"] == "第一阶段"
    assert data["projects"]["ilbanhaengjeong"]["domains"] == ["bokji", "haengjeong"]
    assert data["projects"]["b"]["phase"] == data["projects"]["c"]["phase"] == "phase-7a1069b2"
    assert "note: row 2: id '일반행정' became 'ilbanhaengjeong'" in run.err
    assert ("note: the domain '电子政务' has no letter an id can take (ASCII letters, or Hangul "
            "romanized): its id is 'domain-8c950f1a'") in run.err


@pytest.mark.parametrize(("kind", "duration", "expected"), [
    ("우선", "1년", ("priority", 12)), ("지원", "18개월", ("support", 18)),
    ("重点支持", "2분기", ("support", 6)), ("优先", "3个月", ("priority", 3)),
    ("支持", "1 年", ("support", 12)), ("우선추진", "2季度", ("priority", 6)),
])
def test_kinds_and_durations_in_korean_and_chinese(tmp_path: Path, kind: str, duration: str,
                                                   expected: tuple[str, int]) -> None:
    path = write(tmp_path, f"id,title,duration,kind\na,A,{duration},{kind}\n")
    run = run_cli("import", path, "--start", "2025-01")
    assert run.code == 0, run.err
    project = tomllib.loads(run.out)["projects"]["a"]
    assert (project["kind"], project["duration"]) == expected


def test_a_row_added_to_an_exported_sheet_widens_its_phase(tmp_path: Path) -> None:
    """A new row has no dates to read its phase's window from: the window the other rows show
    ended before it, and the import reported a phase-overrun nobody wrote."""
    rows, header = _exported_rows(tmp_path)
    new = _row(header, id="extra-training", title="Extra training",
               phase=rows[1][header.index("phase")], duration="30")
    run = run_cli("import", _written(tmp_path, [*rows, new]), "-o", str(tmp_path / "r.toml"))
    assert run.code == 0, run.err
    assert ("note: the phase 'pilot' now ends in 2025-06, when its new row without dates "
            "(extra-training) finishes: the sheet's other rows ended it earlier") in run.err
    gaps = json.loads(run_cli("gaps", str(tmp_path / "r.toml"), "-f", "json").out)
    assert [gap for gap in gaps["gaps"] if gap["code"] == "phase-overrun"] == []
    # without a new row, no phase moves
    again = run_cli("import", _written(tmp_path, rows))
    assert "now ends in" not in again.err



def test_an_encoding_that_cannot_read_the_file_is_a_finding(tmp_path: Path) -> None:
    """`idna` has no "replace" handler to count the columns with: an internal error."""
    path = tmp_path / "k.csv"
    path.write_bytes(KOREAN.encode("cp949"))
    run = run_cli("import", str(path), "--encoding", "idna")
    assert run.code == 1
    assert import_errors(run, path) == [
        "2:5: error encoding: the file is not idna: byte 0xc1 at offset 33 cannot be decoded; "
        "give the encoding it was saved in with --encoding"]


def test_new_rows_of_an_exported_sheet(tmp_path: Path) -> None:
    """A new milestone ends its phase in the month it is shown in (it was widened a month
    too far); a phase only new rows name gets their dates (it ran from the plan's start); a
    start typed into a row is said to be computed, not read (it was dropped silently)."""
    rows, header = _exported_rows(tmp_path)

    pilot = rows[1][header.index("phase")]
    last = max(r[header.index("finish")] for r in rows[1:] if r[header.index("phase")] == pilot)
    added = [_row(header, id="pilot-done", title="Pilot done", phase=pilot, duration="0",
                 depends_on="regional-pilot"),
             _row(header, id="later", title="Later", phase="phase3", duration="3",
                 not_before="2030-01"),
             _row(header, id="typed", title="Typed", start="2031-01",
                 finish="2031-06", duration="6")]
    run = run_cli("import", _written(tmp_path, [*rows, *added]), "-o", str(tmp_path / "r.toml"))
    assert run.code == 0, run.err
    data = tomllib.loads((tmp_path / "r.toml").read_text(encoding="utf-8"))
    assert data["phases"]["phase3"] | {"title": ""} == {"title": "", "start": "2030-01",
                                                       "end": "2030-03"}
    assert ("note: the phase 'phase3' holds only a new row without dates (later): its window "
            "is that row's early dates, 2030-01 – 2030-03") in run.err
    assert ("note: the start, finish and milestone columns are computed, not read, and 2 cells "
            "show another value than the schedule gives: line 8: 'typed' start 2031-01, "
            "scheduled 2023-01; line 8: 'typed' finish 2031-06, scheduled 2023-06") in run.err
    gaps = json.loads(run_cli("gaps", str(tmp_path / "r.toml"), "-f", "json").out)
    assert [gap for gap in gaps["gaps"] if gap["code"] == "phase-overrun"] == []
    # the milestone is shown in the pilot's last month: nothing to widen (it was a month more)
    assert data["phases"][pilot]["end"] == last
    assert f"the phase '{pilot}'" not in run.err


def test_a_file_name_without_letters_for_an_id_says_so(tmp_path: Path) -> None:
    path = tmp_path / "电子政务.csv"
    path.write_text("id,title,duration\na,A,3\n", encoding="utf-8")
    run = run_cli("import", str(path), "--start", "2025-01")
    assert run.code == 0, run.err
    assert 'id = "roadmap"' in run.out
    assert ("note: the roadmap id 'roadmap' is made from the file's name, whose letters 电子政务 "
            "no id can hold: give --id to choose it") in run.err


def test_no_date_to_start_from_is_said_beside_other_errors(tmp_path: Path) -> None:
    """Hidden when another error had no column (the sheet has no date columns at all)."""
    path = write(tmp_path, "id,title\na,A\n")
    run = run_cli("import", path)
    assert run.code == 1
    assert any("no date to start the plan from" in line for line in import_errors(run, path))


def test_a_new_row_with_a_start_alone_is_new_and_an_id_made_a_slug_stays_dated(
        tmp_path: Path) -> None:
    """A row with only a start typed (no finish) was taken as dated: its phase was neither
    widened nor given its dates (a phase-overrun again); a dated row whose id is not a slug
    was taken as new (its phase's window rebuilt from early dates)."""
    rows, header = _exported_rows(tmp_path)

    index = next(i for i, r in enumerate(rows) if r[header.index("id")] == "national-exchange")
    renamed = list(rows[index])
    renamed[header.index("id")] = "National Exchange"
    rows[index] = renamed
    added = [_row(header, id="eval", title="Evaluation", phase="evaluation", start="2026-07",
                 duration="6", depends_on="National Exchange")]
    run = run_cli("import", _written(tmp_path, [*rows, *added]), "-o", str(tmp_path / "r.toml"))
    assert run.code == 0, run.err
    assert "holds only a new row without dates (eval)" in run.err
    assert "national-exchange" not in run.err.split("holds only")[-1].split("\n")[0]
    gaps = json.loads(run_cli("gaps", str(tmp_path / "r.toml"), "-f", "json").out)
    assert [gap for gap in gaps["gaps"] if gap["code"] == "phase-overrun"] == []


def test_edited_computed_cells_of_an_exported_sheet_are_noted(tmp_path: Path) -> None:
    """A planner moves a finish or marks a milestone in the exported sheet: those cells are
    computed, not read, and the import said nothing (a start got an unlocated note)."""
    sheet = run_cli("export", str(ROOT / "examples" / "dependencies.toml"), "--to", "csv").out
    lines = sheet.splitlines()
    lines[1] = lines[1].replace(",2025-01,2025-12,12,", ",2025-01,2026-03,12,")
    lines[2] = lines[2].replace(",true,false,2026-01,", ",true,TRUE,2026-01,")
    (tmp_path / "edited.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_cli("import", str(tmp_path / "edited.csv"), "-o", str(tmp_path / "r.toml"))
    assert run.code == 0, run.err
    assert ("note: the start, finish and milestone columns are computed, not read, and 2 cells "
            "show another value than the schedule gives: line 2: 'taxpayer-registry' finish "
            "2026-03, scheduled 2025-12; line 3: 'e-filing-backend' milestone true, its "
            "duration 9 (duration, depends_on, not_before and finish_by set them)") in run.err
    (tmp_path / "same.csv").write_text(sheet, encoding="utf-8")
    untouched = run_cli("import", str(tmp_path / "same.csv"), "-o", str(tmp_path / "same.toml"))
    assert untouched.code == 0, untouched.err
    assert "imported 5 projects" in untouched.err
    assert "computed, not read, and" not in untouched.err


def test_a_header_without_the_required_columns_names_its_own(tmp_path: Path) -> None:
    """Columns named otherwise (headings egovplan does not know, in Korean here): the
    message listed egovplan's columns after "columns:", as if the sheet had `id`; and "no
    date to start the plan from" was added, though the dates may be in a misnamed column."""
    path = write(tmp_path, "번호,내용,개월수\na,A,3\n")
    run = run_cli("import", path)
    assert run.code == 1
    errors = import_errors(run, path)
    assert ("1:1: error import: the header has no 'id' column: it has '번호', '내용', '개월수'; "
            "egovplan reads the columns id, title, kind, phase, serves, domains, duration, "
            "depends_on, not_before, finish_by, cost, agency") in errors
    assert not any("no date to start" in error for error in errors)


@pytest.mark.parametrize(("header", "row"), [
    ("사업코드,사업명,구분,기간(개월),선행사업,예산,주관기관,완료기한",
     "b,토지대장 전산화,지원,6,a,50,국토부,2026-12"),
    ("编号,项目名称,类型,工期,前置任务,预算,牵头单位,截止日期",
     "b,土地登记,重点支持,6,a,50,自然资源部,2026-12"),
    ("編號,項目名稱, 類型 ,週期,前置任務,預算,主管部門,完成期限",
     "b,土地登記,支持,6,a,50,內政部,2026-12"),
])
def test_a_sheet_headed_in_korean_or_chinese_is_read(tmp_path: Path, header: str,
                                                     row: str) -> None:
    """A ministry's sheet heads its columns in its own language; each heading egovplan knows
    is read as its column, with a note saying so."""
    path = write(tmp_path, f"{header}\na,A,우선,3,,10,X,\n{row}\n")
    run = run_cli("import", path, "--start", "2025-01")
    assert run.code == 0, run.err
    data = tomllib.loads(run.out)
    assert data["projects"]["b"]["duration"] == 6
    assert data["projects"]["b"]["kind"] == "support"
    assert data["projects"]["b"]["depends_on"] == ["a"]
    assert data["projects"]["b"]["cost"] == 50
    assert data["projects"]["b"]["finish_by"] == "2026-12"
    assert data["projects"]["a"]["kind"] == "priority"
    notes = [line for line in run.err.splitlines() if "is read as" in line]
    assert len(notes) == 8
    assert notes[0].endswith(f"the column '{header.split(',')[0]}' is read as 'id'")


def test_empty_lines_before_the_header_are_skipped(tmp_path: Path) -> None:
    """Three empty lines above the header were read as an empty header ("it has ;") and
    every row as too wide "(a cell holding a comma must be quoted)"."""
    twin = run_cli("import", write(tmp_path, KOREAN, "k.csv"))
    (tmp_path / "gap").mkdir()
    run = run_cli("import", write(tmp_path / "gap", "\n\n,,\n" + KOREAN, "k.csv"))
    assert (run.code, run.out) == (0, twin.out), run.err
    assert "note: 3 empty lines before the header: skipped" in run.err
    # and a header error is located on the header's line
    bad = run_cli("import", write(tmp_path, "\n\nid,title,durration\na,A,1\n", "bad.csv"),
                  "--start", "2020-01")
    assert bad.code == 1
    assert ":3:3: error import: unknown column 'durration'" in bad.err


@pytest.mark.parametrize("content", ["", "\n\n", " , \n"])
def test_a_file_without_rows_says_so(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, content, "empty.csv")
    run = run_cli("import", path)
    assert run.code == 1
    assert import_errors(run, Path(path)) == [
        "1:1: error import: the file holds no rows: a sheet starts with a header row naming its "
        "columns (id, title, duration, …), then a row a project"]


def test_a_cell_longer_than_the_csv_modules_limit_is_read(tmp_path: Path) -> None:
    """`export --to csv` wrote a title of 140,000 characters that `import` could not read
    back ("field larger than field limit (131072)"); the limit is left as it was."""
    import csv

    from egovplan.importers.csv_import import read_csv

    title = "가" * 140_000
    run = run_cli("import", write(tmp_path, f"id,title,duration\na,{title},3\n", "long.csv"),
                  "--start", "2020-01")
    assert run.code == 0, run.err[:300]
    assert title in run.out
    # in this process: read, and the module's limit as it was before
    limit = csv.field_size_limit()
    read = read_csv(f"id,title,duration\na,{title},3\n".encode(), "long.csv", start=24_240,
                    roadmap_id=None, title=None)
    assert read.findings == []
    assert read.data["projects"]["a"]["title"] == title
    assert csv.field_size_limit() == limit


def test_a_semicolon_sheet_whose_first_cell_is_quoted_is_told_its_separator(
        tmp_path: Path) -> None:
    """`"id,x";title;duration`: the comma reader stops at the quote ("',' expected after
    '\"'"), and the header was then reported as empty ("it has ;")."""
    path = write(tmp_path, '"id,x";title;duration\na;A;1\n', "semi.csv")
    run = run_cli("import", path)
    assert run.code == 1
    assert import_errors(run, Path(path)) == [
        "1:1: error import: the header cannot be read as comma-separated values (',' expected "
        "after '\"'): its cells seem separated by ';'; egovplan reads comma-separated values "
        "(save the sheet as CSV with commas)"]
