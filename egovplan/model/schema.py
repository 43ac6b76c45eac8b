"""The JSON Schema of roadmap format 1, generated from the pydantic model.

Editors validate roadmaps as people type with it (taplo / Even Better TOML read a `#:schema`
directive or a `"$schema"` key); `egovplan schema` prints it, and the repository keeps a copy in
`schema/roadmap.schema.json` (a test keeps it current). The schema checks structure (keys,
types, id, month and duration spellings); what needs the whole roadmap — references, cycles,
the 12,000-month limit on spelt durations — is left to `egovplan validate`.
"""

from __future__ import annotations

from typing import Any

from egovplan.model.roadmap import Roadmap
from egovplan.model.types import SLUG_PATTERN

SCHEMA_ID = "urn:egovplan:schema:roadmap-format-1"
_ID_MAPS = ("domains", "resources", "phases", "goals", "projects")


def json_schema() -> dict[str, Any]:
    """The schema, as a JSON document."""
    schema = Roadmap.model_json_schema(by_alias=True, mode="validation")
    for name in _ID_MAPS:
        schema["properties"][name]["propertyNames"] = {"pattern": SLUG_PATTERN}
    schema["$defs"]["Goal"]["properties"]["measures"]["propertyNames"] = {
        "pattern": SLUG_PATTERN}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "egovplan roadmap, format 1",
        "description": "A public-sector policy roadmap for egovplan (docs/format.md).",
    }
