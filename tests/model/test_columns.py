"""`Roadmap.columns`: the projects' values as lists, which the loops over every project read."""

from __future__ import annotations

from pathlib import Path

import pytest

import egovplan
from egovplan.model.roadmap import ProjectColumns, Roadmap

from ..conftest import ROOT

FILES = sorted([*(ROOT / "roadmaps").glob("*.toml"), *(ROOT / "examples").glob("*.toml")])


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_each_column_holds_each_projects_value_in_file_order(path: Path) -> None:
    roadmap = egovplan.load(path)
    columns = roadmap.columns
    projects = list(roadmap.projects.values())
    for name in ProjectColumns._fields:
        assert getattr(columns, name) == [getattr(project, name) for project in projects], name
    assert roadmap.columns is columns  # gathered once


def test_a_copy_with_other_projects_gathers_its_own() -> None:
    roadmap = egovplan.load(ROOT / "roadmaps" / "korea-egov-seed.toml")
    before = roadmap.columns
    first, *rest = roadmap.projects
    fewer = roadmap.model_copy(update={"projects": {k: roadmap.projects[k] for k in rest}})
    assert fewer.columns.duration == [roadmap.projects[k].duration for k in rest]
    longer = roadmap.projects[first].model_copy(update={"duration": 99})
    changed = roadmap.model_copy(update={"projects": {**roadmap.projects, first: longer}})
    assert changed.columns.duration[0] == 99
    assert roadmap.columns is before
    assert before.duration[0] != 99
    # the lists are not fields: equality, dumps and copies see only the model's fields
    assert changed != roadmap
    assert fewer != roadmap
    assert roadmap == egovplan.load(ROOT / "roadmaps" / "korea-egov-seed.toml")
    assert "_columns" not in roadmap.model_dump()


def test_a_roadmap_without_projects_has_empty_columns() -> None:
    roadmap = Roadmap.model_validate({"format": 1, "roadmap": {"id": "r", "title": "R",
                                                               "start": "2000-01"}})
    assert roadmap.columns == ProjectColumns([], [], [], [], [], [], [], [], [], [], [])
