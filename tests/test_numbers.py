"""Numbers in messages, tables and CSV: no lost digits, no float noise, no crash on the
largest floats."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from egovplan.numbers import format_number

from .conftest import assert_no_traceback, run_cli


@pytest.mark.parametrize(("value", "shown", "exact"), [
    (1234567.0, "1234567", "1234567"),
    (290000000.5, "290000000.5", "290000000.5"),
    (0.1 + 0.2, "0.3", "0.30000000000000004"),
    (1.5, "1.5", "1.5"),
    (-3.0, "-3", "-3"),
    (1e20, "1e+20", "1e+20"),
    (1e308, "1e+308", "1e+308"),
    (float("inf"), "inf", "inf"),
    (1e-10, "1e-10", "1e-10"),
    (2.0000000000000003e-10, "2e-10", "2.0000000000000003e-10"),
    (3.0000000001, "3", "3.0000000001"),
])
def test_format_number(value: float, shown: str, exact: str) -> None:
    assert format_number(value) == shown
    assert format_number(value, exact=True) == exact
    if exact != "inf":
        assert float(format_number(value, exact=True)) == value  # read back exactly


ROADMAP = """format = 1
[roadmap]
id = "i"
title = "I"
start = "2000-01"
[resources.s]
capacity = 1e308
[projects.a]
title = "A"
duration = 1
uses = { s = 1e308 }
cost = 1234567
[projects.b]
title = "B"
duration = 1
uses = { s = 1e308 }
cost = 290000000.5
"""


def test_the_largest_floats_are_reported_not_a_crash(tmp_path: Path) -> None:
    """Two projects each using 1e308 of a resource sum to infinity: an over-capacity gap."""
    path = tmp_path / "big.toml"
    path.write_text(ROADMAP, encoding="utf-8")
    gaps = run_cli("gaps", str(path))
    assert_no_traceback(gaps)
    assert gaps.code == 1
    assert ("error over-capacity: resource 's' is over capacity in 2000-01 (1 month): up to inf "
            "of 1e+308 used, inf over") in gaps.out
    for command in (["validate"], ["schedule", "--level"], ["export", "--to", "html"]):
        run = run_cli(*command, str(path))
        assert_no_traceback(run)
        assert run.code in (0, 1), (command, run.err)


def test_csv_costs_keep_every_digit(tmp_path: Path) -> None:
    path = tmp_path / "costs.toml"
    path.write_text(ROADMAP, encoding="utf-8")
    run = run_cli("export", str(path), "--to", "csv")
    rows = list(csv.DictReader(io.StringIO(run.out.lstrip("\ufeff"))))
    assert [row["cost"] for row in rows] == ["1234567", "290000000.5"]


@pytest.mark.parametrize(("value", "base", "shown"), [
    (10.0001, 10, "0.0001"),  # was 9.99999999998e-05
    (0.3, 0.1 + 0.2, "0"),
    (1e20 + 3e8, 1e20, "300000000"),
    (2e-10, 1e-10, "1e-10"),
    (5, 5, "0"),
])
def test_a_difference_is_shown_without_float_noise(value: float, base: float,
                                                    shown: str) -> None:
    from egovplan.numbers import difference

    assert format_number(difference(value, base)) == shown


def test_eighths_of_a_capacity_near_nothing_is_a_full_cell() -> None:
    from egovplan.numbers import eighths

    assert eighths(1.0, 5e-324) == 8  # 1 / 5e-324 is infinite: round() raised OverflowError
    assert eighths(1e-300, 1e-300) == 8
    assert eighths(0.0, 5e-324) == 0
