"""`project_columns`: the projects' values as lists, which the loops over every project read
(kept by the graph, as it was built)."""

from __future__ import annotations

from pathlib import Path

import pytest

import egovplan
from egovplan.graph import build_network
from egovplan.model.roadmap import ProjectColumns, Roadmap, project_columns

from ..conftest import ROOT

FILES = sorted([*(ROOT / "roadmaps").glob("*.toml"), *(ROOT / "examples").glob("*.toml")])


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_each_column_holds_each_projects_value_in_file_order(path: Path) -> None:
    roadmap = egovplan.load(path)
    columns = project_columns(roadmap)
    projects = list(roadmap.projects.values())
    for name in ProjectColumns._fields:
        assert getattr(columns, name) == [getattr(project, name) for project in projects], name
    assert build_network(roadmap).columns == columns


def test_a_project_replaced_in_place_is_scheduled_as_it_now_is() -> None:
    """The projects' table of a model can be changed in place (the model is frozen, its
    tables are not): each schedule reads the projects as they are when it is made (a cache
    on the model once kept the values of the first)."""
    roadmap = egovplan.load(ROOT / "examples" / "dependencies.toml")
    before = egovplan.schedule(roadmap).schedule
    first = next(iter(roadmap.projects))
    project = roadmap.projects[first]
    roadmap.projects[first] = project.model_copy(update={"duration": project.duration + 100})
    after = egovplan.schedule(roadmap).schedule
    assert after.ef[0] == before.ef[0] + 100
    assert after.finish >= before.finish + 100
    assert build_network(roadmap).durations[0] == project.duration + 100


def test_a_roadmap_without_projects_has_empty_columns() -> None:
    roadmap = Roadmap.model_validate({"format": 1, "roadmap": {"id": "r", "title": "R",
                                                               "start": "2000-01"}})
    assert project_columns(roadmap) == ProjectColumns(*[[]] * len(ProjectColumns._fields))
    assert ProjectColumns.empty() == project_columns(roadmap)
