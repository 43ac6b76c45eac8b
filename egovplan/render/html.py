"""One self-contained HTML report: summary, an SVG Gantt chart, the gap report and the
traceability matrix. Inline CSS and SVG only — no script, no font, nothing from the network —
so that it can be emailed, archived and printed. Every piece of user text is escaped."""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape as _escape_html

from egovplan.analysis.gaps import GapReport, resource_usage, users_by_resource
from egovplan.analysis.report import ScheduleReport
from egovplan.analysis.risk import PERCENTILES, RiskReport
from egovplan.analysis.trace import Trace
from egovplan.graph import Link
from egovplan.model.types import format_month
from egovplan.numbers import capacity_limit, format_number, plural
from egovplan.render.safe import controls_escaped
from egovplan.render.schedule import (
    group_heading,
    path_ids,
    summary_items,
    timeline_range,
)
from egovplan.render.trace import coverage_line

ROW, LABEL, CHART, TOP = 22, 280, 720, 34
#: About the width of a four-digit year label, in pixels.
YEAR_WIDTH = 34
CSS = """
body { font-family: "Noto Sans CJK KR", "Noto Sans CJK SC", "Malgun Gothic", "Microsoft YaHei",
       system-ui, sans-serif; margin: 2rem; color: #1b1f24; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.summary dt { font-weight: bold; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left;
         vertical-align: top; }
th { background: #f6f8fa; } td.number { text-align: right; }
.error { color: #b42318; } .warning { color: #9a6700; } .missing { color: #b42318; }
svg text { font-size: 11px; }
svg .bar { fill: #6e9bd1; } svg .bar.critical { fill: #d1242f; }
svg .float { fill: #d0d7de; }
svg .band { fill: #f3f0ff; } svg .band-label { fill: #6639ba; font-weight: bold; }
svg .link { stroke: #8c959f; fill: none; } svg .link.critical { stroke: #d1242f; }
svg .use { fill: #6e9bd1; } svg .over { fill: #d1242f; }
svg .capacity { stroke: #1b1f24; stroke-dasharray: 4 3; }
svg .milestone { fill: #1b1f24; } svg .milestone.critical { fill: #d1242f; }
@media print { body { margin: 0; } svg { max-width: 100%; } h2 { break-after: avoid; } }
"""


def report_html(report: ScheduleReport, gaps: GapReport, trace: Trace,
                risk: RiskReport | None = None, risk_omitted: str | None = None) -> str:
    """The whole report; `risk_omitted` says why the risk section is left out, if it is."""
    info = report.roadmap.roadmap
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(info.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(info.title)}</h1>",
        _summary(report),
        "<h2>Timeline</h2>",
        gantt_svg(report),
        _critical_paths(report),
        _resources(report),
        _costs(report),
        _risk(risk) if risk_omitted is None else
        f"<h2>Schedule risk</h2><p>Not shown: {escape(risk_omitted)}.</p>",
        "<h2>Coverage gaps</h2>",
        _gaps(gaps),
        "<h2>Traceability</h2>",
        _trace(trace),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _summary(report: ScheduleReport) -> str:
    rows = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>"
                   for label, value in summary_items(report))
    return f'<dl class="summary">{rows}</dl>'


def gantt_svg(report: ScheduleReport) -> str:
    """The Gantt chart: phase bands, one bar per project (critical in red) with its total
    float, milestones as diamonds, dependency arrows, and a hover title on each."""
    schedule = report.schedule
    projects = list(schedule.roadmap.projects.values())
    start = schedule.start
    low, high = timeline_range(report)
    span = max(high - low, 1)

    def x(month: int) -> float:
        return round(LABEL + (month - low) * CHART / span, 1)

    rows: dict[int, int] = {}
    body: list[str] = []
    row = 0
    for group in report.groups:
        top = TOP + row * ROW
        count = len(group.projects) + 1
        if group.window is not None:
            a, b = group.window[0] - start, group.window[1] - start + 1
            heading = escape(group_heading(group.title, group.window))
            body.append(f'<rect class="band" x="{x(a)}" y="{top}" width="{round(x(b) - x(a), 1)}" '
                        f'height="{count * ROW}"><title>{heading}</title></rect>')
        body.append(f'<text class="band-label" x="4" y="{top + 15}">'
                    f"{escape(_cut(group.title, 40))}</text>")
        row += 1
        for index in group.projects:
            rows[index] = row
            body.append(_bar(report, index, projects[index].title, TOP + row * ROW, x))
            row += 1
    arrows = [_arrow(report, link, rows, x) for link in schedule.network.links
              if link[0] in rows and link[1] in rows]
    height = TOP + row * ROW + 10
    axis = _axis(start, low, high, x, height)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{LABEL + CHART + 20}" '
            f'height="{height}" viewBox="0 0 {LABEL + CHART + 20} {height}" role="img" '
            f'aria-label="Gantt chart">'
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
            'markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
            'fill="#8c959f"/></marker></defs>'
            + axis + "".join(body) + "".join(arrows) + "</svg>")


def escape(text: str) -> str:
    """Text for HTML: `<`, `&` and quotes escaped, and the control characters HTML does not
    allow shown as `\x1b` is (they would make the page, and its inline SVG, invalid)."""
    return _escape_html(controls_escaped(text, keep="\n\r\t"))


def _cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _axis(start: int, low: int, high: int, x: Callable[[int], float], height: int) -> str:
    marks = []
    first_year = (start + low) // 12
    last_year = (start + high) // 12
    step = max(1, (last_year - first_year + 1) // 20)
    for year in range(first_year, last_year + 1, step):
        offset = year * 12 - start
        if offset < low or offset > high:
            continue
        at = x(offset)
        # a year whose label would be cut off at the right edge keeps only its line
        label = ("" if at + YEAR_WIDTH > LABEL + CHART + 20
                 else f'<text x="{round(at + 2, 1)}" y="14">{year:04d}</text>')
        marks.append(f'<line x1="{at}" y1="20" x2="{at}" y2="{height - 10}" stroke="#eaeef2"/>'
                     + label)
    return "".join(marks)


def _bar(report: ScheduleReport, index: int, title: str, top: int,
         x: Callable[[int], float]) -> str:
    schedule = report.schedule
    project_id = schedule.network.ids[index]
    es, ef, lf = schedule.es[index], schedule.ef[index], schedule.lf[index]
    critical = schedule.is_critical(index)
    css = " critical" if critical else ""
    hover = escape(
        f"{project_id} — {title}\n{schedule.shown_start(index)} – {schedule.shown_finish(index)}"
        f" · total float {schedule.total_float[index]}, free float "
        f"{plural(schedule.free_float[index], 'month')}")
    label = f'<text x="4" y="{top + 15}">{escape(_cut(title, 44))}<title>{hover}</title></text>'
    if ef == es:
        cx, cy = x(es), top + ROW / 2
        shape = (f'<polygon class="milestone{css}" points="{cx},{cy - 7} {round(cx + 7, 1)},'
                 f'{cy} {cx},{cy + 7} {round(cx - 7, 1)},{cy}"><title>{hover}</title></polygon>')
    else:
        left, right = x(es), x(ef)
        late = x(lf)
        slack = (f'<rect class="float" x="{right}" y="{top + 9}" width="{round(late - right, 1)}" '
                 f'height="4"/>' if late > right else "")
        shape = (slack + f'<rect class="bar{css}" x="{left}" y="{top + 4}" '
                 f'width="{round(max(right - left, 2), 1)}" height="{ROW - 8}" rx="2">'
                 f"<title>{hover}</title></rect>")
    return label + shape


def _arrow(report: ScheduleReport, link: Link, rows: dict[int, int],
           x: Callable[[int], float]) -> str:
    schedule = report.schedule
    pred, succ, kind, _, _ = link
    from_month = schedule.ef[pred] if kind in ("FS", "FF") else schedule.es[pred]
    to_month = schedule.es[succ] if kind in ("FS", "SS") else schedule.ef[succ]
    x1, x2 = x(from_month), x(to_month)
    y1, y2 = TOP + rows[pred] * ROW + ROW / 2, TOP + rows[succ] * ROW + ROW / 2
    critical = (schedule.is_critical(pred) and schedule.is_critical(succ)
                and schedule.drives(link))  # this link, not another from `pred`
    css = " critical" if critical else ""
    middle = round(max(x1, x2 - 6) if kind in ("FS", "SS") else x1 + 6, 1)
    return (f'<path class="link{css}" d="M {x1} {y1} H {middle} V {y2} H {x2}" '
            'marker-end="url(#arrow)"/>')


def _resources(report: ScheduleReport) -> str:
    """A histogram per resource: its use month by month in this schedule against its
    capacity (the dashed line); months over capacity in red."""
    roadmap = report.roadmap
    if not roadmap.resources:
        return ""
    parts = ["<h2>Resources</h2>"]
    users = users_by_resource(roadmap)
    for name, resource in roadmap.resources.items():
        usage = resource_usage(roadmap, report.schedule, name, users.get(name, []))
        parts.append(f"<h3>{escape(resource.title or name)}</h3>")
        parts.append(usage_svg(usage, resource.capacity, report.schedule.start,
                               resource.unit or ""))
    return "\n".join(parts)


def usage_svg(usage: list[float], capacity: float, start: int, unit: str) -> str:
    height, top = 120, 10
    # the chart's top: the largest finite value (a use past the largest float is drawn full)
    peak = max([value for value in (capacity, *usage) if math.isfinite(value)] + [1e-9])
    width = max(len(usage), 1)
    bar = CHART / width

    def y(value: float) -> float:
        return round(top + height - min(value / peak, 1.0) * height, 1)

    bars = []
    for month, used in enumerate(usage):
        over = used > capacity_limit(capacity)
        label = escape(f"{format_month(start + month)}: {format_number(used)} of "
                       f"{format_number(capacity)} {unit}".strip())
        bars.append(f'<rect class="{"over" if over else "use"}" x="{round(month * bar, 1)}" '
                    f'y="{y(used)}" width="{max(round(bar, 1), 0.5)}" '
                    f'height="{round(height + top - y(used), 1)}"><title>{label}</title></rect>')
    line = (f'<line class="capacity" x1="0" x2="{CHART}" y1="{y(capacity)}" y2="{y(capacity)}">'
            f"<title>capacity {format_number(capacity)}</title></line>")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{CHART}" height="{height + 2 * top}"'
            f' viewBox="0 0 {CHART} {height + 2 * top}" role="img" aria-label="resource use">'
            + "".join(bars) + line + "</svg>")


def _risk(risk: RiskReport | None) -> str:
    """The Monte Carlo result: percentiles, deadline chances, and the distribution of the
    plan's duration as a histogram with its S-curve."""
    if risk is None:
        return ""
    rows = "".join(f"<tr><td>P{p}</td><td>{risk.shown_month(risk.percentiles[p])}</td></tr>"
                   for p in PERCENTILES)
    chances = "".join(f"<tr><td>{escape(d.kind)} {escape(d.id)}</td><td>{d.deadline}</td>"
                      f"<td>{d.probability:.1%}</td></tr>" for d in risk.deadlines)
    deadline_table = ("<table><thead><tr><th>Deadline of</th><th>By</th><th>Probability</th>"
                      f"</tr></thead><tbody>{chances}</tbody></table>" if chances else "")
    return (f"<h2>Schedule risk</h2><p>{risk.iterations:,} iterations ({risk.distribution}, "
            f"seed {risk.seed}); mean plan duration {risk.mean_months:.1f} months.</p>"
            f"<table><thead><tr><th>Percentile</th><th>Finish</th></tr></thead><tbody>{rows}"
            f"</tbody></table>{deadline_table}{distribution_svg(risk.durations)}")


def distribution_svg(durations: list[float], bins: int = 40) -> str:
    """A histogram of sorted `durations` (bars) and its S-curve (the line: the share of runs
    finished by each duration)."""
    height, top = 140, 10
    low, high = durations[0], durations[-1]
    if high == low:  # nothing to draw a range of (as the terminal's report says it)
        return f"<p>Plan duration: {low:.1f} months in every iteration.</p>"
    span = high - low
    counts = [0] * bins
    for value in durations:
        counts[min(int((value - low) / span * bins), bins - 1)] += 1
    peak = max(counts) or 1
    width = CHART / bins
    bars = "".join(
        f'<rect class="use" x="{round(i * width, 1)}" '
        f'y="{round(top + height - c / peak * height, 1)}"'
        f' width="{round(width - 1, 1)}" height="{round(c / peak * height, 1)}">'
        f"<title>{low + i * span / bins:.1f}–{low + (i + 1) * span / bins:.1f} months: {c}"
        "</title></rect>"
        for i, c in enumerate(counts))
    total, points = 0, []
    for i, c in enumerate(counts):
        total += c
        points.append(f"{round((i + 1) * width, 1)},"
                      f"{round(top + height - total / len(durations) * height, 1)}")
    curve = f'<polyline class="capacity" fill="none" points="0,{top + height} {" ".join(points)}"/>'
    labels = (f'<text x="0" y="{height + 2 * top + 4}">{low:.1f} months</text>'
              f'<text x="{CHART - 80}" y="{height + 2 * top + 4}">{high:.1f} months</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{CHART}" '
            f'height="{height + 3 * top + 6}" viewBox="0 0 {CHART} {height + 3 * top + 6}" '
            f'role="img" aria-label="distribution of the plan duration">{bars}{curve}{labels}'
            "</svg>")


def _critical_paths(report: ScheduleReport) -> str:
    paths = path_ids(report, report.paths)
    if not paths:
        return ""
    items = "".join(f"<li>{escape(' → '.join(path))}</li>" for path in paths)
    return f"<h2>Critical paths</h2><ol>{items}</ol>"


def _costs(report: ScheduleReport) -> str:
    """What the projects cost, by year and by agency, as `egovplan cost` adds it up; nothing
    when no project has a cost."""
    from egovplan.analysis.costs import cost_report
    from egovplan.numbers import grouped
    from egovplan.render.costs import summary

    by_year = cost_report(report.schedule, "year")
    if not by_year.costed:
        return ""
    parts = ["<h2>Costs</h2>", f"<p>{escape(summary(by_year))}.</p>"]
    for costs, heading in ((by_year, "Year"), (cost_report(report.schedule, "agency"),
                                                "Agency")):
        rows = "".join(
            f"<tr><td>{escape(row.key) if row.key else f'<i>{escape(row.title)}</i>'}</td>"
            f'<td class="number">{grouped(row.cost)}</td>'
            f'<td class="number">{row.projects:,}</td></tr>' for row in costs.rows)
        parts.append(f"<table><thead><tr><th>{heading}</th><th>Cost</th><th>Projects</th>"
                     f"</tr></thead><tbody>{rows}</tbody></table>")
    return "\n".join(parts)


def _gaps(gaps: GapReport) -> str:
    if not gaps.findings:
        return "<p>No coverage gaps.</p>"
    rows = "".join(
        f'<tr><td class="{finding.severity}">{finding.severity}</td>'
        f"<td><code>{escape(finding.code)}</code></td><td>{finding.line or ''}</td>"
        f"<td>{escape(finding.message)}</td></tr>"
        for finding in gaps.findings
    )
    return ("<table><thead><tr><th>Severity</th><th>Code</th><th>Line</th><th>Gap</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>")


def _trace(trace: Trace) -> str:
    rows = []
    for goal in trace.goals:
        for number, row in enumerate(goal.measures):
            goal_cell = (f'<td rowspan="{len(goal.measures)}">{escape(goal.title)} '
                         f"({goal.served}/{goal.held})</td>" if number == 0 else "")
            projects = ("<br>".join(f"{escape(ref.title)} <small>({ref.start} – {ref.finish})"
                                    "</small>" for ref in row.projects)
                        or '<span class="missing">no project</span>')
            rows.append(f"<tr>{goal_cell}<td>{escape(row.reference)} {escape(row.title)}</td>"
                        f"<td>{projects}</td></tr>")
        if not goal.measures:
            rows.append(f"<tr><td>{escape(goal.title)}</td>"
                        '<td class="missing">no measures</td><td></td></tr>')
    return (f"<p>{escape(coverage_line(trace))}.</p>"
            "<table><thead><tr><th>Goal</th><th>Measure</th><th>Projects</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")
