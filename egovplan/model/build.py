"""TOML data → a validated `Roadmap`, every schema error a located finding.

All schema errors of a file are reported from one validation. So that the checks that need the
whole roadmap (references, cycles) can still run on a file with schema errors, the offending
values are then removed or replaced by placeholders and the data validated again: the result
is a *salvaged* model, and the entries that needed repair are named so that checks of their
own content can be skipped (a placeholder must not cause a finding of its own).
"""

from __future__ import annotations

import functools
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import typing_extensions
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, create_model
from pydantic_core import ErrorDetails

from egovplan.findings import Finding
from egovplan.loader.locator import Locator, PathElement, format_key_path
from egovplan.loader.reader import MAX_DEPTH, first_too_deep
from egovplan.model.roadmap import STRING_BRANCH, TABLE_BRANCH, Project, Roadmap
from egovplan.model.types import (
    LOCAL_KINDS,
    NATIVE_BRANCH,
    PARSER_BRANCH,
    Slug,
    shown,
    toml_type,
)
from egovplan.suggest import did_you_mean

KeyPath = tuple[PathElement, ...]

#: Placeholders for required keys, used only to salvage a model for the cross-reference checks.
_PLACEHOLDERS: dict[str, Any] = {
    "format": 1,
    "roadmap": {"id": "roadmap", "title": "", "start": "2000-01"},
    "title": "",
    "duration": 0,
    "start": "2000-01",
    "end": "2000-01",
    "capacity": 1,
}
_REPAIR_ROUNDS = 4
#: What a faulty item of a list of references is replaced with while salvaging: the checks
#: know it and say nothing about it (it is no id: ids are slugs).
REMOVED = "\x00removed"
INF = float("inf")

#: A number written as not zero that a float reads as zero (`1e-400`, `-2.5E-999`).
_TINY = re.compile(r"[+-]?[0-9_]*\.?[0-9_]*[1-9][0-9_]*\.?[0-9_]*[eE][+-]?[0-9_]+")

_CODES = {
    "missing": "missing-key",
    "extra_forbidden": "unknown-key",
    "invalid_id": "invalid-id",
    "invalid_month": "invalid-month",
    "invalid_duration": "invalid-duration",
    "unsupported_format": "unsupported-format",
    "format_type": "invalid-type",
}
_TYPE_NAMES = {
    "string_type": "a string",
    "int_type": "an integer",
    "float_type": "a number",
    "bool_type": "true or false",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "list_type": "an array",
}


@dataclass
class Validated:
    """The outcome of building the model of one file."""

    model: Roadmap | None
    findings: list[Finding]
    #: The key paths of the values removed or replaced by placeholders.
    repaired: set[KeyPath] = field(default_factory=set)

    @property
    def salvaged(self) -> bool:
        return bool(self.repaired)


def _errors(error: ValidationError, *, include_input: bool) -> list[ErrorDetails]:
    """The errors of a validation, one per problem: of the two branches of a duration or lag
    union, only the parser's error is kept, and the branch's name is left out of the path."""
    details = error.errors(include_url=False, include_input=include_input)
    # a dependency item that is a string, but an empty one: the string branch's error says so
    empty_strings = {
        detail["loc"][:4] for detail in details
        if _dependency_branch(detail["loc"]) is not None
        and detail["loc"][4] == STRING_BRANCH and detail["type"] != "string_type"
    }
    kept = []
    for detail in details:
        loc = detail["loc"]
        if NATIVE_BRANCH in loc:
            continue
        branch = _dependency_branch(loc)
        if branch is not None:
            string_error = loc[branch] == STRING_BRANCH
            if string_error != (loc[:4] in empty_strings):
                continue  # keep the error of the branch the item was meant for
            loc = detail["loc"] = loc[:branch] + loc[branch + 1:]
        if any(isinstance(e, str) and e.startswith(PARSER_BRANCH) for e in loc):
            detail["loc"] = tuple(
                e for e in loc if not (isinstance(e, str) and e.startswith(PARSER_BRANCH))
            )
        kept.append(detail)
    return kept


def _dependency_branch(loc: tuple[Any, ...]) -> int | None:
    """The position of the union branch's name in a `projects.<id>.depends_on[<i>]` error."""
    if len(loc) >= 5 and loc[0] == "projects" and loc[2] == "depends_on" \
            and loc[4] in (STRING_BRANCH, TABLE_BRANCH):
        return 4
    return None


def build(data: dict[str, Any], locator: Locator, path: str,
          projects: dict[str, Project] | None = None,
          whole: Callable[[], dict[str, Any] | None] | None = None) -> Validated:
    """Validate `data`; report every schema error; salvage a model where possible.

    `projects`, when given, are `data`'s projects already validated (by `validate_projects`,
    while a large file was parsed in pieces): only the rest of `data` is validated then.
    `data` may then lack some of its projects as written: `whole` gives all of it, for when
    the rest is not valid (then the whole file is validated, to report every error)."""
    if projects is not None:
        model = _with_projects(data, projects)
        if model is not None:
            return Validated(model, _deep_user_data(model, locator, path))
        if whole is not None:
            data = whole() or data
    try:
        model = Roadmap.model_validate(data)
    except ValidationError as error:
        errors = _errors(error, include_input=True)
        _untaken_id_hints(errors, data)
        findings = [_finding(detail, locator, path) for detail in errors]
        salvaged, repaired = _salvage(data, errors)
        if salvaged is not None:
            findings += _deep_user_data(salvaged, locator, path)
        return Validated(salvaged, findings, repaired)
    return Validated(model, _deep_user_data(model, locator, path))


def validate_projects(projects: dict[str, Any]) -> dict[str, Project] | None:
    """`projects` (a roadmap's `projects` table, or part of one) validated as the roadmap
    would validate them, or `None` when they are not valid (`build` of the whole file then
    reports why)."""
    try:
        return _projects_adapter().validate_python(projects)
    except ValidationError:
        return None


def validate_projects_json(blob: bytes) -> dict[str, Project] | None:
    """`validate_projects` of projects written as JSON (what the parsing helper sends; see
    `egovplan.loader.pieces`): the same models from the same values (tested), without making
    the Python objects of the projects as written first."""
    try:
        return _projects_adapter().validate_json(blob)
    except ValidationError:
        return None


@functools.cache
def _projects_adapter() -> TypeAdapter[dict[str, Project]]:
    # the type and strictness of `Roadmap.projects`
    return TypeAdapter(dict[Slug, Project], config=ConfigDict(strict=True))


def validate_fields(projects: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """The `fields` of `projects` (a `projects` table or part of one) validated as
    `validate_projects` validates them: ids as slugs, and the model's own fields (types,
    defaults, validators), the rest of each project left alone. Raises `ValidationError`
    when they are not valid. The parsing helper validates the few keys the JSON rows show
    so, in a third of the time whole projects take (`egovplan.render.schedule.HelperRows`)."""
    return _fields_adapter(fields).validate_python(projects)


@functools.cache
def _fields_adapter(fields: tuple[str, ...]) -> TypeAdapter[dict[str, Any]]:
    chosen: dict[str, Any] = {name: (Project.model_fields[name].annotation,
                                     Project.model_fields[name]) for name in fields}
    # the rest of a project is left alone, not refused: it is validated elsewhere
    model = create_model("ProjectFields", __config__=ConfigDict(**{**Project.model_config,
                                                                   "extra": "ignore"}),
                         **chosen)
    return TypeAdapter(dict[Slug, model], config=ConfigDict(strict=True))


def _with_projects(data: dict[str, Any], projects: dict[str, Project]) -> Roadmap | None:
    """The model of `data` with `projects` (validated already) as its projects, or `None`
    when the rest of `data` is not valid."""
    try:
        rest = Roadmap.model_validate({**data, "projects": {}})
    except ValidationError:
        return None
    # what validating `data` whole would give: the same field, of the same type, validated
    return rest.model_copy(update={"projects": projects})


def _deep_user_data(model: Roadmap, locator: Locator, path: str) -> list[Finding]:
    findings = []
    for key_path, data in model.user_data():
        base = (*key_path, "x")
        deep = first_too_deep(data, MAX_DEPTH - len(base))
        if deep is not None:
            line, column = locator.nearest((*base, *deep))
            findings.append(Finding(
                "too-deep", "error",
                f"{format_key_path(base)} nests values more than {MAX_DEPTH} "
                "levels deep; no roadmap needs that",
                path, line, column,
            ))
    return findings


def _untaken_id_hints(errors: list[ErrorDetails], data: dict[str, Any]) -> None:
    """An invalid key's "did you mean" made to name an id its table does not hold yet, nor
    another invalid key's hint (`"Land Registry"` beside `land-registry` → `land-registry-2`):
    renaming the key as suggested must not make a duplicate."""
    from egovplan.template import free_id, suggested_id

    taken: dict[KeyPath, set[str]] = {}
    tried: dict[KeyPath, dict[str, int]] = {}  # per table, for `free_id`
    for detail in errors:
        loc = tuple(detail["loc"])
        hint = (detail.get("ctx") or {}).get("hint")
        if len(loc) < 2 or loc[-1] != "[key]" or not hint or not detail["msg"].endswith(hint):
            continue
        table: Any = data
        for element in loc[:-2]:
            table = table.get(element) if isinstance(table, dict) else None
        if not isinstance(table, dict):
            continue
        ids = taken.get(loc[:-2])
        if ids is None:  # once per table (not per key: a default would be built each time)
            ids = taken[loc[:-2]] = {key for key in table if isinstance(key, str)}
        made = suggested_id(str(loc[-2]))
        free = free_id(made, ids, tried.setdefault(loc[:-2], {}))
        ids.add(free)
        if free != made:
            detail["msg"] = f"{detail['msg'][:-len(hint)]}; did you mean '{free}'?"


# -- error → finding ---------------------------------------------------------------------------

def _finding(detail: ErrorDetails, locator: Locator, path: str) -> Finding:
    kind = detail["type"]
    loc: KeyPath = tuple(detail["loc"])
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        code = "invalid-id"
        message = f"{format_key_path(loc)}: {detail['msg']}"
        return Finding(code, "error", message, path, *locator.nearest(loc, prefer_key=True))
    code = _CODES.get(kind, "invalid-type" if kind in _TYPE_NAMES else "invalid-value")
    message = _message(detail, loc)
    if kind == "extra_forbidden" and loc and (owned := _under_header(loc, locator)):
        message = f"unknown key '{shown(str(loc[-1]))}' in {format_key_path(loc[:-1])}{owned}"
    if kind in {"greater_than", "greater_than_equal"} and detail.get("input") == 0:
        # a number too small for a float (`1e-400`) is read as 0: say what was written
        written = locator.number_text(loc)
        if written and _TINY.fullmatch(written):
            message = (f"{message[:message.rindex(', not ')]}, not {written}, a number too "
                       "small to hold: it reads as 0")
    prefer_key = kind in {"extra_forbidden", "missing"}
    where = loc[:-1] if kind == "missing" else loc
    return Finding(code, "error", message, path, *locator.nearest(where, prefer_key=prefer_key))


def _under_header(loc: KeyPath, locator: Locator) -> str:
    """Where an unknown key is a key of a table that holds its table, and its table was
    opened by a `[header]`: that a key written under the header belongs to that table, and
    to write it above (`duration` after `[projects.a.estimate]`, `format` after
    `[roadmap]`); else nothing."""
    key, table = str(loc[-1]), loc[:-1]
    if key in _allowed_keys(table):
        return ""
    header = None
    for depth in range(len(table) - 1, -1, -1):
        if key in _allowed_keys(table[:depth]):
            header = locator.header_line(table)
            owner = format_key_path(table[:depth]) or "the top level"
            break
    if header is None:
        return ""
    return (f": a key written under the [{format_key_path(table)}] header (line {header}) "
            f"belongs to that table, and '{shown(key)}' is a key of {owner}: write it above "
            "that header")


def _message(detail: ErrorDetails, loc: KeyPath) -> str:
    kind = detail["type"]
    name = format_key_path(loc) or "the file"
    parent = format_key_path(loc[:-1]) or "the top level"
    last = loc[-1] if loc else ""
    if kind == "missing":
        return f"{parent} is missing the required key '{shown(str(last))}'"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        hint = did_you_mean(str(last), allowed) if allowed else ""
        if not hint and allowed:
            hint = f"; allowed here: {', '.join(allowed)} (and an 'x' table for your own data)"
        return f"unknown key '{shown(str(last))}' in {parent}{hint}"
    if kind in _TYPE_NAMES and len(loc) >= 2 and loc[-2] == "depends_on":
        found = toml_type(detail.get("input"))
        return f"{name} must be a project id or a table {{ id, type, lag }}, not {found}"
    if kind in _TYPE_NAMES:
        found = toml_type(detail.get("input"))
        return f"{name} must be {_TYPE_NAMES[kind]}, not {found}"
    if kind == "literal_error":
        expected = (detail.get("ctx") or {}).get("expected", "")
        value = detail.get("input")
        choices = [choice.strip(" '") for choice in str(expected).replace(" or ", ",").split(",")]
        hint = did_you_mean(value, choices) if isinstance(value, str) else ""
        if loc and loc[-1] == "kind" and isinstance(value, str):
            if value.strip() in LOCAL_KINDS:
                hint = f"; did you mean '{LOCAL_KINDS[value.strip()]}'?"
            elif value.strip().casefold() in ("milestone", "마일스톤", "里程碑"):
                hint = "; a milestone is a project of duration = 0, of either kind"
        found = f"'{shown(value)}'" if isinstance(value, str) else toml_type(value)
        return f"{name} must be {expected}, not {found}{hint}"
    if kind in {"greater_than_equal", "greater_than"}:
        ctx = detail.get("ctx") or {}
        bound = ctx.get("ge", ctx.get("gt"))
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)
        relation = "at least" if kind == "greater_than_equal" else "more than"
        return f"{name} must be {relation} {bound}, not {detail.get('input')}"
    if kind == "finite_number":
        value = detail.get("input")
        found = "infinity" if isinstance(value, float) and value in (INF, -INF) else "nan"
        return f"{name} must be a finite number, not {found}"
    if kind in {"unsupported_format", "format_type"}:
        return str(detail["msg"])
    if kind == "string_too_short":
        return f"{name} must not be empty"
    return f"{name}: {detail['msg']}"


def _allowed_keys(loc: KeyPath) -> list[str]:
    """The keys the object at `loc` may hold, for did-you-mean suggestions."""
    current: Any = Roadmap
    for element in loc:
        fields = _fields(_unwrap(current))
        if fields is not None:
            current = fields.get(str(element))
            if current is None:
                return []
        elif typing.get_origin(_unwrap(current)) in {dict, list}:
            current = typing.get_args(_unwrap(current))[-1]
        else:
            return []
    fields = _fields(_unwrap(current))
    return [] if fields is None else [name for name in fields if name != "x"]


def _fields(annotation: Any) -> dict[str, Any] | None:
    """The keys of a model or typed dict with their types (by the name written in files)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {info.alias or name: info.annotation
                for name, info in annotation.model_fields.items()}
    if typing_extensions.is_typeddict(annotation):
        return dict(typing.get_type_hints(annotation, include_extras=True))
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip `Annotated[...]` and unions down to the type inside (a union's table branch,
    when it has one: that is where keys are)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin in {typing.Annotated, typing.Required, typing.NotRequired}:
            annotation = typing.get_args(annotation)[0]
        elif origin in {typing.Union, types.UnionType}:
            inner = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            tables = [arg for arg in inner if _fields(_unwrap(arg)) is not None]
            annotation = (tables or inner)[0]
        else:
            return annotation


# -- salvage -----------------------------------------------------------------------------------

def _salvage(
    data: dict[str, Any], errors: list[ErrorDetails]
) -> tuple[Roadmap | None, set[KeyPath]]:
    repaired: set[KeyPath] = set()
    editor = _Editor(data)
    for _ in range(_REPAIR_ROUNDS):
        for detail in sorted(errors, key=lambda d: _index_order(tuple(d["loc"])), reverse=True):
            loc = tuple(detail["loc"])
            repaired.add(loc[:-1] if loc and loc[-1] == "[key]" else loc)
            editor.repair(loc, detail["type"])
        try:
            return Roadmap.model_validate(editor.root), repaired
        except ValidationError as error:
            errors = _errors(error, include_input=False)
    return None, repaired


def _index_order(loc: KeyPath) -> tuple[Any, ...]:
    return tuple((0, e) if isinstance(e, int) else (1, str(e)) for e in loc)


class _Editor:
    """Edits a copy of the TOML data, copying each container on its first change."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root: dict[str, Any] = dict(root)
        self._copied: set[int] = {id(self.root)}

    def _container(self, loc: KeyPath) -> Any:
        current: Any = self.root
        for element in loc:
            try:
                child = current[element]
            except (KeyError, IndexError, TypeError):
                return None
            if isinstance(child, dict | list) and id(child) not in self._copied:
                child = dict(child) if isinstance(child, dict) else list(child)
                self._copied.add(id(child))
                current[element] = child
            current = child
        return current

    def repair(self, loc: KeyPath, kind: str) -> None:
        if loc and loc[-1] == "[key]":
            loc = loc[:-1]
        if not loc:
            return
        parent = self._container(loc[:-1])
        last = loc[-1]
        if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent) \
                and parent[last] is REMOVED:
            # the placeholder itself is refused there (a list of codes, `ignore`): the whole
            # list goes, so that the rest of the file is still checked
            self._delete(loc[:-1])
            return
        if kind == "missing":
            if isinstance(parent, dict) and str(last) in _PLACEHOLDERS:
                parent[last] = _PLACEHOLDERS[str(last)]
            else:
                self._delete(loc[:-1])
            return
        self._delete(loc)

    def _delete(self, loc: KeyPath) -> None:
        if not loc:
            return
        parent = self._container(loc[:-1])
        last = loc[-1]
        if isinstance(parent, dict):
            parent.pop(last, None)
        elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
            # replaced, not deleted: the items after it keep their positions, so findings
            # about them point at the right place
            parent[last] = REMOVED
