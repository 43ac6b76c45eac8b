"""Importing a spreadsheet of projects (CSV)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import ROOT, run_cli

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
