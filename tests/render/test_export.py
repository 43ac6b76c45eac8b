"""Exports: golden files for the text formats, an HTML report that parses and stays
self-contained, safe file writing, and (where installed) Graphviz and a real browser."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

from ..conftest import ROOT, run_cli

GOLDEN = Path(__file__).parent / "golden"
EXAMPLE = "examples/dependencies.toml"
UPDATE = os.environ.get("EGOVPLAN_UPDATE_GOLDEN") == "1"

HOSTILE = """\
format = 1
[roadmap]
id = "hostile"
title = "<script>alert(1)</script> & co"
start = "2000-01"
[phases.p]
title = "Phase: one; #1"
start = "2000-01"
end = "2000-12"
[projects.a]
title = "=HYPERLINK(\\"http://evil\\") <img src=x onerror=alert(1)>"
phase = "p"
duration = 3
agency = "+cmd"
[projects.b]
title = "Tab\\tand 민원: 服务; #2"
phase = "p"
duration = 2
depends_on = [{ id = "a", type = "SS", lag = 1 }]
"""


@pytest.mark.parametrize(("to", "suffix"), [("mermaid", "mmd"), ("dot", "dot"), ("csv", "csv"),
                                            ("markdown", "md")])
def test_golden(to: str, suffix: str) -> None:
    run = run_cli("export", EXAMPLE, "--to", to)
    assert run.code == 0, run.err
    golden = GOLDEN / f"dependencies.{suffix}"
    if UPDATE:
        golden.write_text(run.out, encoding="utf-8")
    assert run.out == golden.read_text(encoding="utf-8")


def test_traceability_view() -> None:
    run = run_cli("export", "roadmaps/korea-egov-seed.toml", "--to", "dot", "--view",
                  "traceability")
    assert run.code == 0
    assert '"goal:services" -> "measure:services.1";' in run.out
    assert 'label="services.1 Information sharing' in run.out
    assert "color=red, fontcolor=red" in run.out  # measures nothing serves


def write_hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def test_mermaid_escapes_its_syntax_characters(tmp_path: Path) -> None:
    text = run_cli("export", str(write_hostile(tmp_path)), "--to", "mermaid").out
    task_lines = [line for line in text.splitlines() if line.startswith("    ") and " :" in line]
    for line in task_lines:
        name = line.strip().split(" :")[0]
        assert not set(name) & {":", ";", "#"}
    assert "    section Phase∶ one； ＃1" in text
    assert "Tab and 민원∶ 服务； ＃2 :crit, t_b, 2000-02-01, 2000-04-01" in text


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    assert run_cli("export", str(write_hostile(tmp_path)), "--to", "csv", "-o",
                   str(target)).code == 0
    raw = target.read_bytes()
    assert raw.endswith(b"\r\n")  # RFC 4180 line ends
    assert raw.startswith(b"\xef\xbb\xbfid,")  # a byte-order mark, for Excel
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[0]["title"].startswith("'=HYPERLINK(")
    assert rows[0]["agency"] == "'+cmd"
    assert rows[1]["title"] == "Tab\tand 민원: 服务; #2"  # not at the start: left alone


class Checker(HTMLParser):
    """Checks that tags balance and collects what could reach the network or run code."""

    VOID: ClassVar[set[str]] = {"meta", "br", "img", "link", "input", "hr", "col", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.external: list[str] = []
        self.scripts = 0
        self.handlers: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(name)
            if name in {"src", "href"} and value and not value.startswith("#"):
                self.external.append(value)
        if tag not in self.VOID and not tag.startswith(("path", "rect", "line", "polygon")):
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"src", "href"} and value and not value.startswith("#"):
                self.external.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID or tag.startswith(("path", "rect", "line", "polygon")):
            return
        assert self.stack, tag
        assert self.stack[-1] == tag, (self.stack[-3:], tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_report_is_self_contained_and_escaped(tmp_path: Path) -> None:
    run = run_cli("export", str(write_hostile(tmp_path)), "--to", "html")
    assert run.code == 0, run.err
    checker = Checker()
    checker.feed(run.out)
    checker.close()
    assert checker.stack == []
    assert checker.scripts == 0
    assert checker.handlers == []
    assert checker.external == []
    assert "<link" not in run.out
    assert "@import" not in run.out
    assert "url(http" not in run.out
    text = "".join(checker.text)
    assert "<script>alert(1)</script> & co" in text  # shown as text
    assert "&lt;script&gt;" in run.out


def test_html_report_of_the_korea_roadmap() -> None:
    run = run_cli("export", "roadmaps/korea-egov.toml", "--to", "html")
    checker = Checker()
    checker.feed(run.out)
    assert checker.stack == []
    assert run.out.count('class="bar critical"') >= 3
    assert "No coverage gaps." in run.out
    assert "11 of 11 measures served" in run.out
    # every year label of the timeline fits in its drawing (the last one was cut to "200")
    width = float(re.search(r'<svg xmlns="http://www.w3.org/2000/svg" width="(\d+)"',
                            run.out).group(1))  # type: ignore[union-attr]
    labels = re.findall(r'<text x="([\d.]+)" y="14">(\d{4})</text>', run.out)
    assert [year for _, year in labels][-1] == "2002"
    assert all(float(x) + 34 <= width for x, _ in labels)


def test_output_file_is_never_clobbered(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    first = run_cli("export", EXAMPLE, "--to", "html", "-o", str(target))
    assert first.code == 0, first.err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    target.write_text("mine")
    refused = run_cli("export", EXAMPLE, "--to", "html", "-o", str(target))
    assert refused.code == 2
    assert "exists; use --force" in refused.err
    assert target.read_text() == "mine"
    forced = run_cli("export", EXAMPLE, "--to", "csv", "-o", str(target), "--force")
    assert forced.code == 0
    assert target.read_text(encoding="utf-8").startswith("\ufeffid,title,")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary left


def test_never_writes_over_the_input(tmp_path: Path) -> None:
    roadmap = tmp_path / "plan.toml"
    shutil.copy(ROOT / EXAMPLE, roadmap)
    before = roadmap.read_bytes()
    run = run_cli("export", str(roadmap), "--to", "csv", "-o", str(roadmap), "--force")
    assert run.code == 2
    assert "is the file being read" in run.err
    assert roadmap.read_bytes() == before


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_accepts_the_graph(tmp_path: Path) -> None:
    for view in ("dependencies", "traceability"):
        source = run_cli("export", "roadmaps/korea-egov.toml", "--to", "dot", "--view",
                         view).out
        result = subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, text=True,
                                check=False)
        assert result.returncode == 0, result.stderr
        assert "<svg" in result.stdout


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_lays_out_a_large_phased_graph(tmp_path: Path) -> None:
    """Phases are clusters; from about 150 projects Graphviz's old ranking failed on them
    ("trouble in init_rank", lost edges): `newrank=true`."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import roadmap as synthetic

    path = tmp_path / "large.toml"
    path.write_text(synthetic(300, 1), encoding="utf-8")
    source = run_cli("export", str(path), "--to", "dot").out
    result = subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, text=True,
                            check=False, timeout=300)
    assert result.returncode == 0, result.stderr[-500:]
    assert "lost" not in result.stderr


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed (.ci/run installs it)")
def test_the_report_opens_in_a_browser(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    assert run_cli("export", "roadmaps/korea-egov.toml", "--to", "html", "-o", str(page)).code == 0
    shot = tmp_path / "report.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0"]
    result = subprocess.run(
        [_chromium() or "", *flags, f"--screenshot={shot}", "--window-size=1280,2400",
         page.as_uri()], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.exists()
    assert shot.stat().st_size > 20_000  # an empty page is a few kB
    console_errors = [line for line in result.stderr.splitlines()
                      if "CONSOLE" in line and "ERROR" in line.upper()]
    assert console_errors == []
    dom = subprocess.run([_chromium() or "", *flags, "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120, check=False)
    assert "Korea e-Government" in dom.stdout
    assert dom.stdout.count("<rect") > 40


MERMAID = ROOT / "tests" / "js" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"


@pytest.mark.skipif(_chromium() is None or not MERMAID.exists(),
                    reason="needs Chromium and `npm install --prefix tests/js` (.ci/run does both)")
@pytest.mark.parametrize("roadmap", ["roadmaps/korea-egov.toml", "hostile", "statements"])
def test_mermaid_parses_the_chart(tmp_path: Path, roadmap: str) -> None:
    """Mermaid's own parser reads the chart, and draws a task for every project (a title that
    begins as a statement of the syntax does, `Title registry`, `click here`, is a task)."""
    source = {"hostile": lambda: str(write_hostile(tmp_path)),
              "statements": lambda: str(write_statements(tmp_path))}.get(roadmap, lambda: roadmap)()
    chart = run_cli("export", source, "--to", "mermaid").out
    projects = len(json.loads(run_cli("schedule", "--format", "json", source).out)["projects"])
    shown = _rendered(tmp_path, chart, "r.diagramType + ' ' + "
                      "(drawn.svg.match(/class=\"taskText/g) || []).length")
    assert shown == f"OK gantt {projects}"


def _rendered(tmp_path: Path, chart: str, report: str) -> str:
    """What the JavaScript expression `report` gives once Mermaid has parsed (`r`) and drawn
    (`drawn`) the chart in Chromium, after "OK "; or "ERROR " and Mermaid's message."""
    page = tmp_path / "check.html"
    # "</" escaped: a title holding </script> must not end this page's own script
    literal = json.dumps(chart).replace("</", "<\\/")
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<script src="{MERMAID.as_uri()}"></script></head><body><pre id="result">pending</pre>'
        "<script>mermaid.initialize({startOnLoad: false});"
        f"mermaid.parse({literal}).then(r => mermaid.render('chart', {literal}).then(drawn => "
        f"{{ document.getElementById('result').textContent = 'OK ' + {report}; }})).catch("
        "e => { document.getElementById('result').textContent = 'ERROR ' + e.message; });"
        "</script></body></html>", encoding="utf-8")
    result = subprocess.run(
        [_chromium() or "", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom",
         page.as_uri()], capture_output=True, text=True, timeout=120, check=False)
    found = re.search(r'<pre id="result">(.*?)</pre>', result.stdout, re.DOTALL)
    assert found is not None, result.stdout[-500:]
    return html.unescape(found.group(1))


LAST_YEAR = """\
format = 1
[roadmap]
id = "end"
title = "End of time"
start = "9999-01"
[projects.a]
title = "Last year"
duration = 12
[projects.m]
title = "Done"
duration = 0
depends_on = ["a"]
[projects.b]
title = "Before"
duration = 3
"""


def test_mermaid_gives_a_bar_ending_in_9999_its_days(tmp_path: Path) -> None:
    (tmp_path / "end.toml").write_text(LAST_YEAR, encoding="utf-8")
    lines = run_cli("export", str(tmp_path / "end.toml"), "--to", "mermaid").out.splitlines()
    assert lines[5:] == ["    Last year :crit, t_a, 9999-01-01, 365d",
                         "    Before :t_b, 9999-01-01, 9999-04-01",
                         "    section Wave 1",
                         "    Done :crit, milestone, t_m, 10000-01-01, 0d"]


@pytest.mark.skipif(_chromium() is None or not MERMAID.exists(),
                    reason="needs Chromium and `npm install --prefix tests/js` (.ci/run does both)")
def test_mermaid_draws_a_bar_ending_in_9999_to_its_end(tmp_path: Path) -> None:
    """`10000-01-01` as an end was drawn as a bar of no length; its days are drawn in full:
    the year's bar is 365/90 of the quarter's, and the milestone stands at its end."""
    (tmp_path / "end.toml").write_text(LAST_YEAR, encoding="utf-8")
    chart = run_cli("export", str(tmp_path / "end.toml"), "--to", "mermaid").out
    shown = _rendered(tmp_path, chart, "[...new DOMParser().parseFromString(drawn.svg, "
                      "'image/svg+xml').querySelectorAll('rect[id^=chart-t_]')].map(rect => "
                      "rect.id + '=' + rect.getAttribute('x') + '+' + rect.getAttribute('width'))"
                      ".join(' ')")
    assert shown.startswith("OK "), shown
    bars = {name: tuple(float(part) for part in place.split("+"))
            for name, place in (item.split("=") for item in shown[3:].split())}
    (a_x, a_width), (b_x, b_width), (m_x, m_width) = (bars[f"chart-t_{name}"] for name in "abm")
    assert a_x == b_x
    assert a_width / b_width == pytest.approx(365 / 90, rel=0.02)
    assert m_x + m_width / 2 == pytest.approx(a_x + a_width, abs=1)


STATEMENTS = """\
format = 1
[roadmap]
id = "statements"
title = "  "
start = "2020-01"
[phases.p]
title = " "
start = "2020-01"
end = "2020-12"
""" + "".join(
    f'[projects.p{number}]\ntitle = "{title}"\nduration = 2\nphase = "p"\n'
    for number, title in enumerate([
        "Title registry digitisation", "Section 8 housing portal", "dateFormat migration",
        "click here", "Excludes legacy systems", "weekday monday", "topAxis review",
        "inclusiveEndDates", "TodayMarker", "accTitle: x", "Gantt chart for the ministry",
        "GANTT", "2025-01-01 go-live", "Portal"]))


def write_statements(tmp_path: Path) -> Path:
    path = tmp_path / "statements.toml"
    path.write_text(STATEMENTS, encoding="utf-8")
    return path


def test_titles_that_read_as_mermaid_statements_stay_tasks(tmp_path: Path) -> None:
    """Without a browser: such a task's line starts with a zero-width space, so that it is no
    statement; an empty or blank title gives the chart and the section their ids."""
    lines = run_cli("export", str(write_statements(tmp_path)), "--to", "mermaid").out.splitlines()
    assert lines[1] == "    title statements"
    assert lines[4] == "    section p"
    tasks = lines[5:]
    assert len(tasks) == 14
    assert [line.strip().startswith("\u200b") for line in tasks] == [True] * 13 + [False]


def test_html_report_draws_resource_use_against_capacity() -> None:
    run = run_cli("export", "examples/resources.toml", "--to", "html")
    checker = Checker()
    checker.feed(run.out)
    assert checker.stack == []
    assert "<h2>Resources</h2>" in run.out
    assert run.out.count('<line class="capacity"') == 2
    # the early schedule of this example is over capacity in some months: drawn in red
    assert '<rect class="over"' in run.out
    assert "dev-team" in run.out or "Development team" in run.out


def test_html_report_shows_the_risk_of_a_roadmap_with_estimates() -> None:
    run = run_cli("export", "examples/estimates.toml", "--to", "html")
    assert run.code == 0, run.err
    checker = Checker()
    checker.feed(run.out)
    assert checker.stack == []
    assert "<h2>Schedule risk</h2>" in run.out
    assert "2,000 iterations (pert, seed 0)" in run.out
    assert 'aria-label="distribution of the plan duration"' in run.out
    assert "<polyline" in run.out  # the S-curve
    plain = run_cli("export", "roadmaps/korea-egov.toml", "--to", "html").out
    assert "Schedule risk" not in plain  # no estimates, no risk section


def test_html_report_leaves_out_a_risk_past_the_year_9999(tmp_path: Path) -> None:
    """`risk` refuses a simulated plan finishing after 9999-12; the report, which simulates on
    its own, says why its risk section is missing instead of showing year 10029."""
    path = tmp_path / "late.toml"
    path.write_text('format = 1\n[roadmap]\nid = "r"\ntitle = "R"\nstart = "9900-01"\n'
                    '[projects.a]\ntitle = "A"\nduration = 1\n'
                    'estimate = { optimistic = 1, likely = 1, pessimistic = "1000y" }\n',
                    encoding="utf-8")
    assert run_cli("risk", str(path)).code == 1
    run = run_cli("export", str(path), "--to", "html")
    assert run.code == 0
    assert "<h2>Schedule risk</h2><p>Not shown: the slowest simulated plan would finish after " \
           "9999-12" in run.out
    assert not re.search(r"\b1[0-9]{4}-[0-9]{2}\b", run.out)  # no five-digit year anywhere
    assert "note: schedule risk left out of the report" in run.err


def test_bidirectional_overrides_and_line_separators_never_reach_a_reader_raw(
        tmp_path: Path) -> None:
    """U+202E reverses the text shown after it (a title could pass for another id); U+2028
    breaks a line in some terminals and editors. Escaped (`\\u202e`) or a space, in every
    human format; the bidirectional marks that right-to-left titles use are kept."""
    path = tmp_path / "bidi.toml"
    path.write_text('format = 1\n[roadmap]\nid = "c"\ntitle = "C\\u202e"\nstart = "2020-01"\n'
                    '[projects.b]\ntitle = "B\\u202egpj.exe\\u2028next\\u2066x\\u2069 '
                    '\\u200fmark"\nduration = 2\n', encoding="utf-8")
    runs = {to: run_cli("export", str(path), "--to", to).out
            for to in ("dot", "mermaid", "html", "markdown")}
    runs["table"] = run_cli("schedule", str(path)).out
    runs["critical-path"] = run_cli("critical-path", str(path)).out
    runs["schedule markdown"] = run_cli("schedule", "-f", "markdown", str(path)).out
    for name, out in runs.items():
        assert not [c for c in out if c in "\u202e\u2028\u2066\u2069"], name
        assert "\u200f" in out, name
    for name in ("table", "schedule markdown", "markdown", "dot", "html"):
        assert "\\u202e" in runs[name], name


def test_control_characters_never_reach_a_consumer_raw(tmp_path: Path) -> None:
    """A NUL or an escape in a title: Graphviz reads the DOT, the HTML holds no character HTML
    forbids, and nothing reaches a terminal raw."""
    path = tmp_path / "controls.toml"
    path.write_text('format = 1\n[roadmap]\nid = "c"\ntitle = "C\\u0000"\nstart = "2020-01"\n'
                    '[projects.b]\ntitle = "B\\u0000\\u001b[31mred\\u0007"\nduration = 2\n',
                    encoding="utf-8")
    for to in ("dot", "mermaid", "html", "markdown"):
        out = run_cli("export", str(path), "--to", to).out
        assert not [char for char in out if char in "\x00\x1b\x07"], to
        assert "\\x1b" in out, to


def test_resource_chart_of_uses_past_the_largest_float_has_no_nan() -> None:
    from egovplan.render.html import usage_svg

    svg = usage_svg([1.7e308, float("inf"), 0.0], 1.7e308, 24000, "KRW")
    assert "nan" not in svg
    assert 'y="10.0"' in svg  # drawn to the top


def test_html_report_adds_up_costs_by_year_and_agency() -> None:
    run = run_cli("export", "examples/costs.toml", "--to", "html")
    checker = Checker()
    checker.feed(run.out)
    assert checker.stack == []
    section = run.out.split("<h2>Costs</h2>", 1)[1].split("<h2>", 1)[0]
    assert "Total 78.5 for 4 projects with a cost; no cost given for 1: survey." in section
    cells = re.findall(r"<td[^>]*>(.*?)</td>", section)
    assert cells[:9] == ["2025", "42", "2", "2026", "27", "2", "2027", "9.5", "2"]
    assert cells[-3:] == ["<i>no agency</i>", "0.5", "1"]
    assert "<h2>Costs</h2>" not in run_cli("export", "roadmaps/korea-egov-seed.toml", "--to",
                                           "html").out


def test_only_the_driving_link_of_two_from_one_project_is_critical(tmp_path: Path) -> None:
    """A ladder (SS+2m and FF+1m from `build`): `test` starts at max(0 + 2, 6 + 1 - 3) = 4, so
    only FF+1m drives it (as `critical-path` says); DOT and HTML drew both bold red, matching
    the driving link by its predecessor alone."""
    path = tmp_path / "ladder.toml"
    path.write_text(
        'format = 1\n[roadmap]\nid = "ladder"\ntitle = "Ladder"\nstart = "2025-01"\n'
        '[projects.build]\ntitle = "Build"\nduration = 6\n'
        '[projects.test]\ntitle = "Test"\nduration = 3\ndepends_on = [{ id = "build", '
        'type = "SS", lag = "2m" }, { id = "build", type = "FF", lag = "1m" }]\n',
        encoding="utf-8")
    dot = run_cli("export", str(path), "--to", "dot")
    assert dot.code == 0, dot.err
    edges = [line.strip() for line in dot.out.splitlines() if "->" in line]
    assert edges == ['"build" -> "test" [label="SS+2m"];',
                     '"build" -> "test" [label="FF+1m", color=red, penwidth=2.5];']
    page = run_cli("export", str(path), "--to", "html")
    assert page.code == 0, page.err
    assert re.findall(r'<path class="(link[^"]*)"', page.out) == ["link", "link critical"]
    assert "FF+1m after build" in run_cli("critical-path", str(path)).out


@pytest.mark.skipif(_chromium() is None or not MERMAID.exists(),
                    reason="needs Chromium and `npm install --prefix tests/js` (.ci/run does both)")
def test_mermaid_shows_the_chart_title_as_written(tmp_path: Path) -> None:
    """Mermaid showed a chart title holding `<` or `>` escaped (`Broadband &gt; 1 Gbps &amp;
    5G &lt; 2030`); they are look-alikes there now, and `&` shows as itself."""
    path = tmp_path / "amp.toml"
    path.write_text('format = 1\n[roadmap]\nid = "rnd"\ntitle = "Broadband > 1 Gbps & 5G < 2030"\n'
                    'start = "2025-01"\n[projects.a]\ntitle = "R&D <lab>"\nduration = 2\n',
                    encoding="utf-8")
    chart = run_cli("export", str(path), "--to", "mermaid").out
    shown = _rendered(tmp_path, chart,
                      "(drawn.svg.match(/class=\"titleText\"[^>]*>([^<]*)</) || [])[1]")
    assert html.unescape(shown) == "OK Broadband ＞ 1 Gbps & 5G ＜ 2030"


def test_html_report_of_a_finish_no_estimate_moves_draws_no_made_up_range(
        tmp_path: Path) -> None:
    """`b`'s estimate cannot move the finish (it finishes a month before `a` ends): every
    iteration gives 12.0 months, and the histogram drew 40 bins from 12.0 to 13.0."""
    path = tmp_path / "fixed.toml"
    path.write_text(
        'format = 1\n[roadmap]\nid = "f"\ntitle = "F"\nstart = "2025-01"\n'
        '[projects.a]\ntitle = "A"\nduration = 12\n'
        '[projects.b]\ntitle = "B"\nduration = 4\ndepends_on = [{ id = "a", type = "FF", '
        'lag = "-1m" }]\nestimate = { optimistic = 2, likely = 4, pessimistic = 9 }\n',
        encoding="utf-8")
    run = run_cli("export", str(path), "--to", "html")
    assert run.code == 0, run.err
    assert "<p>Plan duration: 12.0 months in every iteration.</p>" in run.out
    assert "13.0 months" not in run.out
    assert "Plan duration: 12.0 months in every iteration" in run_cli("risk", str(path)).out
