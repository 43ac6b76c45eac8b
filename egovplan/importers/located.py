"""Validating an imported roadmap with every finding placed in the file it was imported from.

The roadmap an importer makes is checked as `egovplan validate` checks the file it writes,
but through an `InputLocator`: the key paths of the roadmap are mapped to the CSV
row or XML element each value came from, so a finding (and a line named inside its message,
as a dependency cycle names each project's) points into the file the user gave, not into a
TOML text the user never sees.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from egovplan.checks import Context, run_checks
from egovplan.findings import Finding, sort_key
from egovplan.loader.locator import KeyPath, Locator, PathElement, Position
from egovplan.model.build import build

#: The key path at the start of a schema message, which the importer's user never wrote: the
#: location names the row or element, so the message keeps only a project's field (`cost must
#: be at least 0, not -5.0`) or, for an id, what is wrong with it.
_KEY = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*")'
_KEY_PATH_PREFIX = re.compile(rf"^projects\.{_KEY}\.|^(?:phases|domains|goals)\.{_KEY}: ")


class InputLocator(Locator):
    """Key paths of an imported roadmap → where their values were read in the input file.

    With `fields` (a project's fields are the columns of its row), a project's field is on
    its project's line, in the field's column. Any other path that was not recorded takes the
    place of its nearest recorded ancestor (a dependency item, the place of its `depends_on`);
    a path with none, the start of the file.
    """

    def __init__(self, fields: Mapping[str, int] | None = None) -> None:
        super().__init__("")
        self.places: dict[KeyPath, Position] = {}
        self.fields = fields or {}

    def put(self, path: KeyPath, line: int, column: int) -> None:
        """Record where `path` came from (the first record of a path stands)."""
        self.places.setdefault(path, Position(line, column))

    def key(self, path: Sequence[PathElement]) -> Position | None:
        return self._exact(tuple(path))

    def value(self, path: Sequence[PathElement]) -> Position | None:
        return self._exact(tuple(path))

    def nearest(self, path: Sequence[PathElement], *, prefer_key: bool = False) -> Position:
        current = tuple(path)
        while current:
            place = self._exact(current)
            if place is not None:
                return place
            current = current[:-1]
        return Position(1, 1)

    def _exact(self, path: KeyPath) -> Position | None:
        place = self.places.get(path)
        if place is None and len(path) == 3 and path[0] == "projects" \
                and path[2] in self.fields:
            project = self.places.get(path[:2])
            if project is not None:
                return Position(project.line, self.fields[str(path[2])])
        return place


def check_imported(data: dict[str, Any], locator: InputLocator, path: str) -> list[Finding]:
    """The errors `egovplan validate` would find in the roadmap made of `data`, placed in the
    input file by `locator`."""
    # the data is checked as it is, not written and read back: it holds only what TOML does
    # (and `egovplan.importers.finish` checks the text that is written, once more)
    validated = build(data, locator, path)
    findings = list(validated.findings)
    if validated.model is not None:
        findings += run_checks(Context(validated.model, locator, path, validated.repaired,
                                       raw=data))
    return sorted((_plain(f) for f in findings if f.is_error), key=sort_key)


def _plain(finding: Finding) -> Finding:
    return replace(finding, message=_KEY_PATH_PREFIX.sub("", finding.message))
