"""Generated roadmaps validate; one injected error gives exactly one finding, at its line."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from egovplan import api

TITLES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12
)
IDS = st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True)


@dataclass
class Document:
    lines: list[str] = field(default_factory=list)

    def add(self, *lines: str) -> int:
        """Append lines; the 1-based line number of the first."""
        self.lines.extend(lines)
        return len(self.lines) - len(lines) + 1

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(_char(c) for c in escaped) + '"'


def _char(char: str) -> str:
    if char.isprintable():
        return char
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


@st.composite
def roadmaps(draw: st.DrawFn) -> tuple[Document, list[str], dict[str, int]]:
    """A valid roadmap; its project ids; the line of each project's `duration`."""
    doc = Document()
    doc.add("format = 1", "[roadmap]", 'id = "generated"',
            f"title = {toml_string(draw(TITLES))}", 'start = "2000-01"')
    phases = draw(st.lists(IDS, unique=True, max_size=3))
    for number, phase in enumerate(phases):
        doc.add(f"[phases.{phase}]", f'start = "200{number}-01"', f'end = "200{number}-12"')
    doc.add("[goals.g]", 'title = "Goal"', "[goals.g.measures.1]", 'title = "Measure"')
    ids = draw(st.lists(IDS, unique=True, min_size=1, max_size=8))
    duration_lines = {}
    for index, project_id in enumerate(ids):
        doc.add(f"[projects.{project_id}]", f"title = {toml_string(draw(TITLES))}")
        duration = draw(st.sampled_from(["0", "3", '"2q"', '"1y"', '"18m"']))
        duration_lines[project_id] = doc.add(f"duration = {duration}")
        earlier = ids[:index]
        if earlier:
            chosen = draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2))
            items = [
                draw(st.sampled_from([f'"{pred}"', f'{{ id = "{pred}", type = "SS", lag = -1 }}',
                                      f'{{ id = "{pred}", type = "FF", lag = "1q" }}']))
                for pred in chosen
            ]
            if items:
                doc.add(f"depends_on = [{', '.join(items)}]")
        if phases and draw(st.booleans()):
            doc.add(f'phase = "{draw(st.sampled_from(phases))}"')
        if draw(st.booleans()):
            doc.add('serves = ["g.1"]')
        if draw(st.booleans()):
            kind = draw(st.sampled_from(["priority", "support"]))
            doc.add(f'kind = "{kind}"')
    return doc, ids, duration_lines


@settings(max_examples=100, deadline=None)
@given(roadmaps())
def test_generated_roadmaps_validate(generated: tuple[Document, list[str], dict[str, int]]) -> None:
    doc, _, _ = generated
    checked = api.check_bytes(doc.text().encode())
    assert checked.valid, [(f.line, f.code, f.message) for f in checked.findings]


ERRORS = {
    # what to write after a project's duration line → the code it must produce
    'not_before = "2001-13"': "invalid-month",
    'finish_by = "01-2001"': "invalid-month",
    'depends_on_typo = ["x"]': "unknown-key",
    'kind = "primary"': "invalid-value",
    'phase = "no-such-phase"': "unknown-phase",
    'serves = ["g.9"]': "unknown-measure",
    'domains = ["nowhere"]': "unknown-domain",
    'uses = { staff = 1 }': "unknown-resource",
    'cost = -5': "invalid-value",
    'agency = 12': "invalid-type",
}


@settings(max_examples=150, deadline=None)
@given(roadmaps(), st.sampled_from(sorted(ERRORS)), st.data())
def test_one_injected_error_is_found_at_its_line(
    generated: tuple[Document, list[str], dict[str, int]], error: str, data: st.DataObject
) -> None:
    doc, ids, duration_lines = generated
    target = data.draw(st.sampled_from(ids))
    line = duration_lines[target] + 1
    key = error.split(" ")[0]
    if any(existing.startswith(f"{key} ") for existing in _project_lines(doc, target)):
        return  # the project already has that key: a duplicate would be a syntax error
    doc.lines.insert(line - 1, error)
    checked = api.check_bytes(doc.text().encode())
    found = [(f.line, f.code) for f in checked.findings]
    assert found == [(line, ERRORS[error])], (error, found, doc.text())


def _project_lines(doc: Document, project_id: str) -> list[str]:
    start = doc.lines.index(f"[projects.{project_id}]")
    lines = []
    for text in doc.lines[start + 1:]:
        if text.startswith("["):
            break
        lines.append(text)
    return lines


@settings(max_examples=50, deadline=None)
@given(roadmaps(), st.data())
def test_an_unknown_dependency_is_found_with_a_suggestion(
    generated: tuple[Document, list[str], dict[str, int]], data: st.DataObject
) -> None:
    doc, ids, duration_lines = generated
    target = data.draw(st.sampled_from(ids))
    if any(text.startswith("depends_on") for text in _project_lines(doc, target)):
        return
    other = data.draw(st.sampled_from(ids))
    misspelt = other + "x"
    if misspelt in ids or other == target:
        return
    line = duration_lines[target] + 1
    doc.lines.insert(line - 1, f'depends_on = ["{misspelt}"]')
    checked = api.check_bytes(doc.text().encode())
    assert [(f.line, f.column, f.code) for f in checked.findings] == [
        (line, 15, "unknown-project")]
    assert f"did you mean '{other}'?" in checked.findings[0].message


ROADMAP_ERRORS = {
    # what to write under [roadmap] (after its start) → the code it must produce
    'ignore = ["deadline-mised"]': "invalid-value",
    "ignore = [1]": "invalid-value",
    'ignore = ["deadline-missed", "no-such-code"]': "invalid-value",
    "declared = { goals = -1 }": "invalid-value",
    "source = 5": "invalid-type",
    'x = { kept = 1 }\nsourc = "typo"': "unknown-key",
}


@settings(max_examples=100, deadline=None)
@given(roadmaps(), st.sampled_from(sorted(ROADMAP_ERRORS)), st.sampled_from(sorted(ERRORS)),
       st.data())
def test_an_error_in_the_roadmap_table_hides_no_error_in_a_project(
    generated: tuple[Document, list[str], dict[str, int]], header_error: str, error: str,
    data: st.DataObject,
) -> None:
    """An invalid `ignore` list once made the whole model unsalvageable: the file's reference
    checks (unknown projects, phases, measures …) were never run, and their errors appeared
    only once the first was fixed. Every schema error in `[roadmap]` leaves a project's own
    error reported in the same run."""
    doc, ids, duration_lines = generated
    target = data.draw(st.sampled_from(ids))
    key = error.split(" ")[0]
    if any(existing.startswith(f"{key} ") for existing in _project_lines(doc, target)):
        return
    doc.lines.insert(duration_lines[target], error)
    header = header_error.split("\n")
    start = doc.lines.index('start = "2000-01"') + 1
    doc.lines[start:start] = header
    checked = api.check_bytes(doc.text().encode())
    found = [(f.line, f.code) for f in checked.findings]
    assert found == [(start + len(header), ROADMAP_ERRORS[header_error]),
                     (duration_lines[target] + 1 + len(header), ERRORS[error])], (
        header_error, error, found, doc.text())


@settings(max_examples=100, deadline=None)
@given(roadmaps(), st.data())
def test_every_month_written_bare_is_found_in_one_run(
    generated: tuple[Document, list[str], dict[str, int]], data: st.DataObject,
) -> None:
    """A month written bare (`start = 2000-01`) stops TOML's parser; egovplan reads past
    each one as meant, so one run reports every such line (and, the rest being valid,
    nothing else), where it reported the first only."""
    import re

    doc, _, _ = generated
    quoted = re.compile(r'([a-z_]+ = )"([0-9]{4}-[0-9]{2})"')
    candidates = [number for number, text in enumerate(doc.lines) if quoted.fullmatch(text)]
    chosen = data.draw(st.lists(st.sampled_from(candidates), unique=True, min_size=1))
    for number in chosen:
        doc.lines[number] = quoted.sub(r"\1\2", doc.lines[number])
    found = [(f.line, f.code, f.column) for f in api.check_bytes(doc.text().encode()).findings]
    expected = sorted((number + 1, "toml-syntax", doc.lines[number].index("=") + 3)
                      for number in chosen)
    assert found == expected, (found, doc.text())


@settings(max_examples=100, deadline=None)
@given(roadmaps(), st.data())
def test_every_key_set_twice_is_found_in_one_run(
    generated: tuple[Document, list[str], dict[str, int]], data: st.DataObject,
) -> None:
    """A key set twice stops TOML's parser; egovplan leaves the second writing out and reads
    on, so one run reports every one-line key written twice (and, the rest being valid,
    nothing else), each at its second writing."""
    doc, _, _ = generated
    keys = [number for number, text in enumerate(doc.lines)
            if " = " in text and not text.startswith("[")]
    chosen = sorted(data.draw(st.lists(st.sampled_from(keys), unique=True, min_size=1,
                                       max_size=5)), reverse=True)
    for number in chosen:  # from the end: the numbers before stay as they are
        doc.lines.insert(number + 1, doc.lines[number])
    seconds = [number + 1 + sum(1 for other in chosen if other < number) + 1
               for number in chosen]
    found = [(f.line, f.code) for f in api.check_bytes(doc.text().encode()).findings]
    assert found == sorted((line, "toml-syntax") for line in seconds), (found, doc.text())
