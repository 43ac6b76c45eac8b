"""MS Project XML (MSPDI, also written by ProjectLibre and TaskJuggler) → an egovplan roadmap.

- Tasks become projects; summary tasks of outline level 1 become phases (with their dates) and
  their sub-tasks the phase's projects; deeper summary tasks are left out (reported). A summary
  task's links hold for the tasks under it (those no single link can say are reported).
- Durations (`PT…H…M…S`, or with working days `P…DT…H…M…S`) become whole months with the
  file's own `MinutesPerDay` and `DaysPerMonth` (rounded to the nearest month; each rounding
  reported); a task without a duration is measured from its start and finish (calendar
  months).
- `PredecessorLink` types (0 FF, 1 FS, 2 SF, 3 SS) and lags (tenths of minutes; elapsed lag
  formats count calendar time) are kept, rounded to whole months.
- Constraints: start-no-earlier-than → `not_before`; must-start-on → `not_before` (reported as
  loosened); finish-no-later-than and deadlines → `finish_by`; other constraints are dropped
  (reported).
- The project's start → `roadmap.start`.

XML is parsed with defusedxml: a file with entity expansion or external entities is refused
with an error, never expanded or fetched. Every problem, in the XML or in the roadmap made from
it (a dependency cycle, say), is reported at the line and column of its element, all of them in
one run; a file with any is not converted.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element, TreeBuilder

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden

from egovplan.findings import Finding, sort_key
from egovplan.importers.csv_import import Imported
from egovplan.importers.located import InputLocator, check_imported
from egovplan.loader.locator import KeyPath
from egovplan.model.types import MAX_MONTHS, clipped, format_month, is_slug
from egovplan.numbers import LARGEST_WRITTEN_OUT, format_number, plural
from egovplan.template import free_id, slug

_TYPES = {"0": "FF", "1": "FS", "2": "SF", "3": "SS"}
_NUMBER = r"([0-9]+(?:\.[0-9]+)?)"
#: An xsd:duration as MS Project writes one: `PT160H0M0S`, and days (working days) too.
_DURATION = re.compile(
    rf"(-?)P(?:{_NUMBER}D)?(?:T(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?")
#: Lag formats that count calendar (elapsed) time rather than working time.
_ELAPSED = {"4", "6", "8", "10", "12", "36", "38", "40", "42", "44"}
#: Lag formats that give the lag as a percentage of the predecessor's duration.
_PERCENT = {"19", "20"}
CALENDAR_MONTH_MINUTES = 365.25 / 12 * 24 * 60
#: expat's own statement of the position, which the finding's line and column already give.
_EXPAT_POSITION = re.compile(r": line \d+, column \d+$")
#: A month for a date that is missing or broken (and reported), while the rest is checked.
_PLACEHOLDER_MONTH = 2000 * 12


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: Element, name: str) -> Element | None:
    return next(iter(_children(element, name)), None)


def _text(element: Element, name: str) -> str | None:
    child = _child(element, name)
    return None if child is None else (child.text or "").strip()


# -- parsing, with the position of each element -------------------------------------------------

class _Positions(TreeBuilder):
    """A tree builder that records where each element's start tag is (1-based line and
    column), read from the expat parser that drives it."""

    def __init__(self) -> None:
        super().__init__()
        self.expat: Any = None
        self.places: dict[int, tuple[int, int]] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        self.places[id(element)] = (self.expat.CurrentLineNumber,
                                    self.expat.CurrentColumnNumber + 1)
        return element


#: The XML declaration's encoding (`<?xml version="1.0" encoding="euc-kr"?>`), in an ASCII-
#: compatible file (group 1; its span is what `_as_utf8` rewrites).
_DECLARED = re.compile(rb'\A(?:\xef\xbb\xbf)?<\?xml[^>]*?\bencoding\s*=\s*["\']([^"\']*)["\']')
#: What expat reads itself; any other declared encoding is decoded here first.
_EXPAT_READS = {"utf-8", "utf8", "utf-16", "utf16", "iso-8859-1", "latin-1", "latin1",
                "us-ascii", "ascii"}


def _as_utf8(raw: bytes, path: str) -> bytes | Finding:
    """`raw` as expat can read it: a file that declares an encoding expat does not know
    (`euc-kr`, `Shift_JIS`, `GB2312`, `windows-1252` …, which Microsoft Project and Korean or
    Chinese tools write) decoded with Python's codec of that name and given again in UTF-8,
    its declaration saying so (the lines stay as they were); or why it cannot be read."""
    import codecs

    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw  # UTF-16 with its byte-order mark, which expat reads
    bom = raw.startswith(b"\xef\xbb\xbf")  # UTF-8 whatever the declaration says
    declared = _DECLARED.match(raw)
    if declared is None:
        return raw
    name = declared.group(1).decode("ascii", "replace")
    if name.strip().lower() in (("utf-8", "utf8") if bom else _EXPAT_READS):
        return raw
    column = declared.start(1) + 1 - (3 if bom else 0)
    try:
        info = codecs.lookup("utf-8" if bom else name)
    except LookupError:
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        return Finding("import", "error",
                       f"the file declares the encoding '{clipped(name)}', which is no text "
                       "encoding egovplan knows: save it as UTF-8", path, 1, column)
    try:
        text = raw.decode("utf-8-sig" if bom else info.name)
    except UnicodeDecodeError as failure:
        line = raw.count(b"\n", 0, failure.start) + 1
        start = raw.rfind(b"\n", 0, failure.start) + 1
        # the column in characters, as every other finding counts it
        before = raw[start:failure.start].decode(info.name, "replace")
        return Finding("import", "error",
                       f"the file declares the encoding '{clipped(name)}', but its bytes are not "
                       f"{info.name} here ({failure.reason}): save it as UTF-8, or declare the "
                       "encoding it is in", path, line, len(before) + 1)
    try:
        body = text.encode("utf-8")
    except UnicodeEncodeError:  # `utf-7`'s `+2AA-`: a lone surrogate, which is no character
        return Finding("import", "error",
                       f"the file declares the encoding '{clipped(name)}', in which it reads as "
                       "text that is not Unicode (a lone surrogate): save it as UTF-8",
                       path, 1, column)
    head = _DECLARED.match(body)
    if head is None:  # (an encoding that is not ASCII-compatible: UTF-32, say)
        return Finding("import", "error",
                       f"the file declares the encoding '{clipped(name)}', which egovplan "
                       "cannot read in XML: save it as UTF-8", path, 1, column)
    return body[:head.start(1)] + b"UTF-8" + body[head.end(1):]


def _parse(raw: bytes, path: str) -> tuple[Element, dict[int, tuple[int, int]]] | Finding:
    """The root element and the positions of all elements (by `id`), or why there are none."""
    from defusedxml.ElementTree import DefusedXMLParser, ParseError  # only when importing XML

    readable = _as_utf8(raw, path)
    if isinstance(readable, Finding):
        return readable
    raw = readable
    builder = _Positions()
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    builder.expat = parser.parser
    try:
        parser.feed(raw)
        root: Element = parser.close()
    except DefusedXmlException as refused:
        stopped: int = parser.parser.CurrentLineNumber
        return Finding("import", "error", _refusal(refused), path, stopped,
                       _declaration_column(raw, stopped, refused))
    except ParseError as broken:
        line, column = getattr(broken, "position", (None, None))
        message = _EXPAT_POSITION.sub("", str(broken))
        return Finding("import", "error", f"not well-formed XML: {message}", path, line,
                       None if column is None else column + 1)
    except (ValueError, LookupError) as refused:  # an encoding expat takes, but cannot use
        return Finding("import", "error", f"the file's encoding cannot be read ({refused}): "
                       "save it as UTF-8", path, 1, None)
    return root, builder.places


def _declaration_column(raw: bytes, line: int, refused: DefusedXmlException) -> int | None:
    """Where on `line` the refused entity is declared (expat stops somewhere inside it)."""
    name = getattr(refused, "name", None)
    if not isinstance(name, str):
        return None
    lines = raw.splitlines()
    text = lines[line - 1].decode("utf-8", "replace") if 0 < line <= len(lines) else ""
    found = re.search(r"<!ENTITY\s+(?:%\s+)?" + re.escape(name) + r"\s", text)
    return None if found is None else found.start() + 1


def _refusal(refused: DefusedXmlException) -> str:
    """A plain sentence saying why a file was refused."""
    if isinstance(refused, EntitiesForbidden):
        source = f", read from '{refused.sysid}'" if refused.sysid else ""
        return (f"refused: the file declares the entity '{refused.name}'{source}; entities "
                "are not allowed, as they can expand without bound or read other files")
    if isinstance(refused, ExternalReferenceForbidden):
        return (f"refused: the file refers to the external resource '{refused.sysid}'; "
                "external references are not allowed")
    return ("refused: the file uses an XML feature that is not allowed (entity expansion or "
            "external references)")


# -- the roadmap -------------------------------------------------------------------------------

@dataclass
class _Reader:
    """What reading one file found, where each value came from, and how to report it."""

    path: str
    places: dict[int, tuple[int, int]]
    result: Imported
    locator: InputLocator = field(default_factory=InputLocator)
    #: Working minutes in a day (`MinutesPerDay`): what a `D` of a duration is.
    day_minutes: float = 480

    def where(self, element: Element) -> tuple[int, int]:
        return self.places.get(id(element), (1, 1))

    def error(self, element: Element, message: str) -> None:
        self.result.findings.append(Finding("import", "error", message, self.path,
                                            *self.where(element)))

    def place(self, path: KeyPath, element: Element | None) -> None:
        if element is not None:
            self.locator.put(path, *self.where(element))

    def number(self, element: Element, name: str, default: float) -> float:
        """The number in child `name` (`default` when there is none); reported when it is no
        number."""
        child = _child(element, name)
        text = "" if child is None else (child.text or "").strip()
        if child is None or not text:
            return default
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if math.isfinite(value):
            return value
        self.error(child, f"<{name}> must be a number, not '{text}'")
        return default

    def month(self, element: Element, name: str) -> int | None:
        """The month of the date and time in child `name`; None when there is none, or when it
        is no date (reported)."""
        child = _child(element, name)
        text = "" if child is None else (child.text or "").strip()
        if child is None or not text:
            return None
        try:
            return _month(text)
        except ValueError:
            self.error(child, f"<{name}> must be a date and time (2001-06-01T08:00:00), not "
                              f"'{text}'")
            return None


def _nearest(months: float) -> int:
    """The nearest whole number of months, a half away from zero (2.5 → 3, -0.5 → -1), not to
    the even one as `round` does (which made 2.5 months 2 and 1.5 months 2)."""
    return int(math.copysign(math.floor(abs(months) + 0.5), months))


def _moment(stamp: str) -> datetime:
    """A date and time as the clock on the wall shows it: a time zone, written on some dates
    and not on others, is left aside (months are what count)."""
    return datetime.fromisoformat(stamp).replace(tzinfo=None)


def _month(stamp: str) -> int:
    moment = _moment(stamp)
    return moment.year * 12 + moment.month - 1


def read_mspdi(raw: bytes, path: str, *, start: int | None, roadmap_id: str | None,
               title: str | None) -> Imported:
    result = Imported(None)
    parsed = _parse(raw, path)
    if isinstance(parsed, Finding):
        result.findings.append(parsed)
        return result
    root, places = parsed
    if _local(root.tag) != "Project":
        result.findings.append(Finding("import", "error", "not MS Project XML: the root "
                                       f"element is <{_local(root.tag)}>, not <Project>", path,
                                       *places.get(id(root), (1, 1))))
        return result
    reader = _Reader(path, places, result)
    data = _roadmap(root, reader, start, roadmap_id, title)
    result.findings += check_imported(data, reader.locator, path)
    if result.findings:
        result.findings.sort(key=sort_key)
        return result
    result.data = data
    return result


def _roadmap(root: Element, reader: _Reader, start: int | None, roadmap_id: str | None,
             title: str | None) -> dict[str, Any]:
    reader.day_minutes = _positive(root, reader, "MinutesPerDay", 480)
    month_minutes = reader.day_minutes * _positive(root, reader, "DaysPerMonth", 20)
    if not 0 < month_minutes < math.inf:  # each above 0, yet their product is not
        days = _child(root, "DaysPerMonth")
        reader.error(root if days is None else days,
                     f"<MinutesPerDay> × <DaysPerMonth> must be a usable number of minutes a "
                     f"month, not {format_number(month_minutes)}")
        reader.day_minutes, month_minutes = 480, 480 * 20
    reader.place(("roadmap",), root)
    if start is None:
        reader.place(("roadmap", "start"), _child(root, "StartDate"))
        start = reader.month(root, "StartDate")
        if not _text(root, "StartDate"):
            reader.error(root, "the file has no <StartDate>: give --start YYYY-MM")
    phases, projects = _tasks(root, reader, month_minutes)
    if roadmap_id is not None and not is_slug(roadmap_id):
        reader.result.notes.append(f"the roadmap id '{roadmap_id}' (--id) is not a slug: made "
                                   f"'{slug(roadmap_id)}'")
    data: dict[str, Any] = {
        "format": 1,
        "roadmap": {"id": slug(roadmap_id or _text(root, "Name") or reader.path.rsplit("/")[-1]),
                    "title": title if title is not None else _text(root, "Title")
                    or _text(root, "Name")
                    or reader.path,
                    "start": format_month(_PLACEHOLDER_MONTH if start is None else start)},
    }
    if phases:
        data["phases"] = phases
    data["projects"] = projects
    return data


def _positive(root: Element, reader: _Reader, name: str, default: float) -> float:
    value = reader.number(root, name, default)
    if value > 0:
        return value
    child = _child(root, name)
    reader.error(root if child is None else child, f"<{name}> must be more than 0, not "
                                                   f"{format_number(value)}")
    return default


def _tasks(root: Element, reader: _Reader, month_minutes: float
           ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The phases (summary tasks of outline level 1) and projects (other tasks) of the file."""
    tasks_element = _child(root, "Tasks")
    tasks = [] if tasks_element is None else _children(tasks_element, "Task")
    phases: dict[str, dict[str, Any]] = {}
    projects: dict[str, dict[str, Any]] = {}
    numbers: dict[str, int] = {}  # for `free_id`: the projects' ids
    phase_numbers: dict[str, int] = {}  # the phases'
    current_phase: str | None = None
    task_links: list[tuple[str, Element]] = []
    #: the summary tasks open at this point of the outline: (level, uid)
    open_summaries: list[tuple[int, str]] = []
    links = _Links(reader, month_minutes, projects)
    # MS Project numbers the outline from 1 (0 is the project's own summary task, UID 0);
    # TaskJuggler from 0, its top-level tasks at 0: read those one level deeper
    shift = int(any(_text(task, "UID") != "0" and _text(task, "Name")
                    and (_text(task, "OutlineLevel") or "").strip() == "0" for task in tasks))
    seen: dict[str, str] = {}  # UID → the name of the task that has it
    for task in tasks:
        uid = _text(task, "UID") or ""
        name = _text(task, "Name") or ""
        level = int(reader.number(task, "OutlineLevel", 1))
        if uid == "0" or (not name and level == 0):
            continue  # the project summary task
        if uid and uid in seen:  # links to it could not say which task they mean
            child = _child(task, "UID")
            reader.error(task if child is None else child,
                         f"<UID> {uid} of '{name}' is the UID of '{seen[uid]}' too: each task's "
                         "must be its own")
        seen.setdefault(uid, name)
        level += shift
        if _text(task, "IsNull") == "1":
            continue  # a blank row of the sheet
        while open_summaries and open_summaries[-1][0] >= level:
            open_summaries.pop()
        if _text(task, "Summary") == "1":
            if level == 1:
                current_phase = _phase(task, name, uid, phases, phase_numbers, reader)
            else:
                reader.result.notes.append(f"summary task '{name}' (outline level {level}) "
                                           "left out: its sub-tasks are imported")
            open_summaries.append((level, uid))
            links.names[uid] = name
            links.summary_links += [(uid, link) for link in _children(task, "PredecessorLink")]
            continue
        if level == 1:
            current_phase = None
        project_id = free_id(slug(name, f"task-{uid}"), projects, numbers)
        links.by_uid[uid] = project_id
        for _, summary in open_summaries:
            links.leaves.setdefault(summary, []).append(project_id)
        projects[project_id] = _project(task, project_id, name, current_phase, month_minutes,
                                        reader)
        task_links += [(project_id, link) for link in _children(task, "PredecessorLink")]
    for project_id, link in task_links:
        links.of_task(project_id, link)
    for summary, link in links.summary_links:
        links.of_summary(summary, link)
    return phases, projects


@dataclass
class _Links:
    """The links of the file's tasks, made dependencies of their projects once every task is
    read: with the summary tasks (their names, the projects under them and their own links,
    which hold for those projects)."""

    reader: _Reader
    month_minutes: float
    projects: dict[str, dict[str, Any]]
    by_uid: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    leaves: dict[str, list[str]] = field(default_factory=dict)
    summary_links: list[tuple[str, Element]] = field(default_factory=list)

    def of_summary(self, summary: str, link: Element) -> None:
        """A summary task's own link: a link of its start (FS, SS) holds for every task under
        it; one of its finish (FF, SF) binds only the last of them to finish, which no link of
        one task says, so it is dropped (reported)."""
        name, notes = self.names[summary], self.reader.result.notes
        kind = _link_type(name, link, self.reader)
        if kind in ("FF", "SF"):
            notes.append(f"an {kind} dependency of the summary task '{name}' was dropped: it "
                         "binds only the last of its tasks to finish")
        elif kind is not None and not self.leaves.get(summary):
            notes.append(f"a dependency of the summary task '{name}' was dropped: no task "
                         "under it is imported")
        elif kind is not None:
            for project_id in self.leaves[summary]:
                self.of_task(project_id, link)

    def of_task(self, project_id: str, link: Element) -> None:
        """A task's link, on a task or on a summary task (whose finish, FS or FF, is the
        finish of every task under it; a link on its start follows only the first of them,
        which no link of one task says, so it is dropped, reported)."""
        uid = _text(link, "PredecessorUID") or ""
        kind = _link_type(project_id, link, self.reader)
        notes = self.reader.result.notes
        if kind is None:
            return
        if uid and uid in self.by_uid:
            self.add(project_id, self.by_uid[uid], kind, link)
        elif not uid or uid not in self.names:
            which = f"UID {clipped(uid)}" if uid else "no <PredecessorUID>"
            line = self.reader.where(link)[0]
            notes.append(f"a dependency of '{project_id}' on a task that is not in the file "
                         f"({which}, line {line}) was dropped")
        elif kind in ("SS", "SF"):
            notes.append(f"an {kind} dependency of '{project_id}' on the summary task "
                         f"'{self.names[uid]}' was dropped: it follows only the first of its "
                         "tasks to start")
        else:
            for leaf in self.leaves.get(uid, []):
                if leaf != project_id:
                    self.add(project_id, leaf, kind, link)

    def add(self, project_id: str, pred: str, kind: str, link: Element) -> None:
        """`project_id` depends on `pred` as `kind` with the link's lag, unless it already
        does (a task and its summary task linked to the same task, say)."""
        reader = self.reader
        tenths = reader.number(link, "LinkLag", 0)
        lag_format = _text(link, "LagFormat") or ""
        if tenths and lag_format in _PERCENT:
            reader.result.notes.append(f"the lag of '{project_id}' on '{pred}' is a percentage "
                                       "of the task's duration, which egovplan does not have: "
                                       "left out")
            tenths = 0
        unit = CALENDAR_MONTH_MINUTES if lag_format in _ELAPSED else self.month_minutes
        lag_minutes = tenths / 10
        if not abs(lag_minutes / unit) < LARGEST_WRITTEN_OUT:  # too large to round: a lag
            # merely over the limit is rounded and reported by the model's check
            child = _child(link, "LinkLag")
            reader.error(link if child is None else child,
                         f"<LinkLag> of a dependency of '{project_id}' is more than "
                         f"{MAX_MONTHS:,} months, the longest a roadmap holds")
            return
        lag = _nearest(lag_minutes / unit)
        if lag_minutes and abs(lag * unit - lag_minutes) > 1:
            reader.result.notes.append(f"lag of '{project_id}' on '{pred}' rounded to "
                                       f"{plural(lag, 'month')}")
        dependencies = self.projects[project_id].setdefault("depends_on", [])
        entry: Any = pred if kind == "FS" and not lag else {"id": pred, "type": kind}
        if lag:
            entry["lag"] = lag
        if entry in dependencies:
            return
        reader.place(("projects", project_id, "depends_on", len(dependencies)), link)
        dependencies.append(entry)


def _phase(task: Element, name: str, uid: str, phases: dict[str, dict[str, Any]],
           numbers: dict[str, int], reader: _Reader) -> str:
    phase_id = free_id(slug(name, f"phase-{uid}"), phases, numbers)
    reader.place(("phases", phase_id), task)
    months = {}
    for key, element in (("start", "Start"), ("end", "Finish")):
        reader.place(("phases", phase_id, key), _child(task, element))
        months[key] = reader.month(task, element)
        if not _text(task, element):
            reader.error(task, f"the summary task '{name}' has no <{element}>: its phase needs "
                               "one")
    # a missing or broken date (reported) takes the other's, to check the rest of the file
    start = months["start"] or months["end"] or _PLACEHOLDER_MONTH
    phases[phase_id] = {"title": name, "start": format_month(start),
                        "end": format_month(months["end"] or start)}
    return phase_id


def _project(task: Element, project_id: str, name: str, phase: str | None,
             month_minutes: float, reader: _Reader) -> dict[str, Any]:
    reader.place(("projects", project_id), task)
    reader.place(("projects", project_id, "title"), _child(task, "Name"))
    reader.place(("projects", project_id, "duration"), _child(task, "Duration"))
    project: dict[str, Any] = {"title": name or project_id}
    if phase is not None:
        project["phase"] = phase
    project["duration"] = _duration(task, month_minutes, name, reader)
    _constraints(task, project_id, project, name, reader)
    return project


def _link_type(name: str, link: Element, reader: _Reader) -> str | None:
    """The dependency type of a `PredecessorLink`; `None` (reported) when it is unknown."""
    written = _text(link, "Type") or "1"
    kind = _TYPES.get(written)
    if kind is None:
        child = _child(link, "Type")
        reader.error(link if child is None else child, f"<Type> of a dependency of '{name}' "
                     f"must be 0 (FF), 1 (FS), 2 (SF) or 3 (SS), not '{written}'")
    return kind


def _duration(task: Element, month_minutes: float, name: str, reader: _Reader) -> int:
    if _text(task, "Milestone") == "1":
        written = _DURATION.fullmatch(_text(task, "Duration") or "")
        if written and any(float(part or 0) for part in written.groups()[1:]):
            reader.result.notes.append(f"'{name}' is marked a milestone: its duration "
                                       f"{_text(task, 'Duration')} was left out")
        return 0
    text = _text(task, "Duration") or ""
    match = _DURATION.fullmatch(text)
    if match and (not any(match.groups()[1:]) or text.endswith("T")):
        match = None  # "P", "PT" or "P2DT": no number (after the T)
    parts = [float(part or 0) for part in match.groups()[1:]] if match else []
    days, hours, minutes, seconds = parts or [0.0] * 4
    total = days * reader.day_minutes + hours * 60 + minutes + seconds / 60
    if text and (match is None or (match.group(1) and total > 0)):
        what = "cannot be negative" if match else "must be a duration such as PT160H0M0S"
        child = _child(task, "Duration")
        reader.error(task if child is None else child,
                     f"<Duration> of '{name}' {what}, not '{text}'")
        return 0
    if match:
        months = total / month_minutes
        if not months < LARGEST_WRITTEN_OUT:  # too large to round (or infinite): a
            # duration merely over the limit is rounded and reported by the model's check
            child = _child(task, "Duration")
            reader.error(task if child is None else child,
                         f"<Duration> of '{name}' is more than {MAX_MONTHS:,} months, the "
                         f"longest a roadmap holds: '{text}'")
            return 0
        rounded = max(_nearest(months), 1) if total > 0 else 0
        if abs(rounded - months) > 0.01:
            reader.result.notes.append(f"duration of '{name}' rounded from {months:.2f} to "
                                       f"{plural(rounded, 'month')}")
        return rounded
    first, last = reader.month(task, "Start"), reader.month(task, "Finish")
    if first is not None and last is not None:
        stamps = (_text(task, "Start") or "", _text(task, "Finish") or "")
        span = (_moment(stamps[1]) - _moment(stamps[0])).total_seconds()
        months = span / 60 / CALENDAR_MONTH_MINUTES
        whole = max(_nearest(months), 0)
        reader.result.notes.append(f"'{name}' has no duration: measured from its start and "
                                   f"finish, {months:.2f} → {plural(whole, 'month')}")
        return whole
    reader.result.notes.append(f"'{name}' has no duration, start or finish: a milestone")
    return 0


def _constraints(task: Element, project_id: str, project: dict[str, Any], name: str,
                 reader: _Reader) -> None:
    kind = _text(task, "ConstraintType") or "0"
    date = reader.month(task, "ConstraintDate")
    where = ("projects", project_id)
    finish_by = None
    if date is not None and kind in ("2", "4"):
        project["not_before"] = format_month(date)
        reader.place((*where, "not_before"), _child(task, "ConstraintDate"))
        if kind == "2":
            reader.result.notes.append(f"'{name}': must-start-on loosened to not_before")
    elif date is not None and kind == "7":
        finish_by = (date, "ConstraintDate")
    elif kind not in ("0", "1") and date is not None:
        reader.result.notes.append(f"'{name}': constraint type {kind} dropped")
    deadline = reader.month(task, "Deadline")
    if deadline is not None and (finish_by is None or deadline < finish_by[0]):
        finish_by = (deadline, "Deadline")
    if finish_by is not None:
        project["finish_by"] = format_month(finish_by[0])
        reader.place((*where, "finish_by"), _child(task, finish_by[1]))
