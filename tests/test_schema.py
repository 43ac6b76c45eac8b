"""The JSON Schema: current, and in agreement with the validator on structure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import rtoml
from hypothesis import given, settings
from hypothesis import strategies as st

from egovplan import api
from egovplan.model.schema import json_schema

from .conftest import ROOT, TESTS, run_cli

SCHEMA_FILE = ROOT / "schema" / "roadmap.schema.json"
#: Findings about structure, which the schema must catch too.
STRUCTURAL = {"unknown-key", "missing-key", "invalid-type", "invalid-id", "invalid-month",
              "unsupported-format"}

VALID = sorted([*(TESTS / "roadmaps" / "valid").glob("*.toml"),
                *(ROOT / "roadmaps").glob("*.toml"), *(ROOT / "examples").glob("*.toml"),
                *(TESTS / "roadmaps" / "gaps").glob("*.toml")])
INVALID = sorted((TESTS / "roadmaps" / "invalid").glob("*.toml"))


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text()))


def test_the_committed_schema_is_current() -> None:
    assert json.loads(SCHEMA_FILE.read_text()) == json_schema(), (
        "schema/roadmap.schema.json is stale: run `egovplan schema > schema/roadmap.schema.json`")
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_schema_command_prints_it() -> None:
    run = run_cli("schema")
    assert run.code == 0
    assert json.loads(run.out) == json_schema()


def _data(path: Path) -> dict[str, Any] | None:
    try:
        return rtoml.loads(path.read_bytes().decode("utf-8").removeprefix("\ufeff"))
    except (UnicodeDecodeError, rtoml.TomlParsingError):
        return None


def _jsonable(value: Any) -> Any:
    """TOML data as JSON would hold it (dates as strings, as an editor's schema check sees)."""
    return json.loads(json.dumps(value, default=str))


@pytest.mark.parametrize("path", VALID, ids=lambda p: str(p.relative_to(ROOT)))
def test_valid_roadmaps_satisfy_the_schema(path: Path) -> None:
    data = _data(path)
    assert data is not None
    errors = [error.message for error in validator().iter_errors(_jsonable(data))]
    assert errors == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: str(p.relative_to(ROOT)))
def test_structurally_invalid_roadmaps_fail_the_schema(path: Path) -> None:
    data = _data(path)
    if data is None:
        pytest.skip("not TOML at all: nothing for a schema to check")
    codes = {finding.code for finding in api.check_file(path).findings}
    failures = list(validator().iter_errors(_jsonable(data)))
    if codes & STRUCTURAL:
        assert failures, f"the schema accepts a file with {sorted(codes & STRUCTURAL)}"
    elif codes <= {"unknown-project", "unknown-measure", "unknown-phase", "unknown-domain",
                   "unknown-resource", "self-dependency", "dependency-cycle",
                   "phase-end-before-start", "invalid-estimate"}:
        assert not failures, "a file whose only errors are between entries is well-formed"


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 20_000), st.sampled_from("mqy"), st.integers(0, 3), st.booleans())
def test_the_schemas_duration_strings_are_bounded_as_the_parser_bounds_them(
        number: int, unit: str, zeros: int, negative: bool) -> None:
    """`"12001m"`, `"1001y"` passed the schema's pattern, and egovplan refused them."""
    import re

    from egovplan.model.types import DURATION_PATTERN, LAG_PATTERN, MAX_MONTHS

    text = "0" * zeros + str(number) + unit
    months = number * {"m": 1, "q": 3, "y": 12}[unit]
    assert bool(re.match(DURATION_PATTERN, text)) == (months <= MAX_MONTHS)
    lag = ("-" if negative else "") + text
    assert bool(re.match(LAG_PATTERN, lag)) == (months <= MAX_MONTHS)
