"""The dependency graph (or the traceability graph) for Graphviz `dot`.

Dependencies: one cluster per phase; priority projects filled, support projects dashed,
unclassified plain, milestones as diamonds; critical dependencies (between critical projects,
driving the successor) bold and red; the type and lag written on every edge that is not a plain
finish-to-start. Traceability: goals → measures → projects.
"""

from __future__ import annotations

from egovplan.analysis.report import ScheduleReport
from egovplan.analysis.trace import Trace
from egovplan.graph import Link
from egovplan.render.safe import controls_escaped


def quote(value: str) -> str:
    """A DOT string literal."""
    escaped = controls_escaped(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "") + '"'


def _label(project_id: str, title: str, dates: str) -> str:
    return quote(f"{title}\n{project_id} · {dates}")


def dependencies(report: ScheduleReport) -> str:
    schedule = report.schedule
    network = schedule.network
    projects = list(schedule.roadmap.projects.values())
    lines = [f"digraph {quote(schedule.roadmap.roadmap.id)} {{",
             "  graph [rankdir=LR, newrank=true, fontname=\"Noto Sans CJK KR,sans-serif\", "
             f"label={quote(schedule.roadmap.roadmap.title)}, labelloc=t];",
             "  node [shape=box, style=rounded, fontname=\"Noto Sans CJK KR,sans-serif\"];",
             "  edge [color=gray40];"]
    for number, group in enumerate(report.groups):
        indent = "  "
        if group.window is not None:
            lines.append(f"  subgraph cluster_{number} {{")
            lines.append(f"    label={quote(group.title)}; style=dashed; color=gray60;")
            indent = "    "
        lines.extend(indent + _node(report, index, projects[index].kind)
                     for index in group.projects)
        if group.window is not None:
            lines.append("  }")
    lines.extend("  " + _edge(report, link) for link in network.links)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _node(report: ScheduleReport, index: int, kind: str | None) -> str:
    schedule = report.schedule
    project_id = schedule.network.ids[index]
    project = schedule.roadmap.projects[project_id]
    dates = (schedule.shown_start(index) if project.duration == 0 else
             f"{schedule.shown_start(index)} – {schedule.shown_finish(index)}")
    attributes = [f"label={_label(project_id, project.title, dates)}"]
    styles = ["rounded"]
    if project.duration == 0:
        attributes.append("shape=diamond")
        styles = []
    if kind == "priority":
        styles.append("filled")
        attributes.append('fillcolor="#dbe9f6"')
    elif kind == "support":
        styles.append("dashed")
    if schedule.is_critical(index):
        attributes += ["color=red", "penwidth=2"]
    attributes.append(f"style={quote(','.join(styles))}" if styles else 'style=""')
    return f"{quote(project_id)} [{', '.join(attributes)}];"


def _edge(report: ScheduleReport, link: Link) -> str:
    schedule = report.schedule
    pred, succ, kind, lag, _ = link
    ids = schedule.network.ids
    attributes = []
    if kind != "FS" or lag:
        attributes.append(f"label={quote(kind + (f'{lag:+d}m' if lag else ''))}")
    driving = schedule.drives(link)  # this link, not another from `pred`
    if driving and schedule.is_critical(pred) and schedule.is_critical(succ):
        attributes += ["color=red", "penwidth=2.5"]
    suffix = f" [{', '.join(attributes)}]" if attributes else ""
    return f"{quote(ids[pred])} -> {quote(ids[succ])}{suffix};"


def traceability(trace: Trace, title: str) -> str:
    lines = ["digraph traceability {",
             f"  graph [rankdir=LR, label={quote(title)}, labelloc=t, "
             "fontname=\"Noto Sans CJK KR,sans-serif\"];",
             "  node [fontname=\"Noto Sans CJK KR,sans-serif\"];"]
    for goal in trace.goals:
        goal_node = quote(f"goal:{goal.goal}")
        lines.append(f"  {goal_node} [shape=box, style=filled, fillcolor=\"#fde9c8\", "
                     f"label={quote(f'{goal.title} ({goal.served}/{goal.held})')}];")
        for row in goal.measures:
            measure = quote(f"measure:{row.reference}")
            color = "" if row.projects else ", color=red, fontcolor=red"
            lines.append(f"  {measure} [shape=note, label="
                         f"{quote(f'{row.reference} {row.title}')}{color}];")
            lines.append(f"  {goal_node} -> {measure};")
            lines.extend(f"  {measure} -> {quote(f'project:{ref.id}')};" for ref in row.projects)
    for ref, serves in trace.reverse:
        color = ", color=gray60, fontcolor=gray40" if not serves else ""
        label = quote(f"{ref.title}\n{ref.start} – {ref.finish}")
        node = quote(f"project:{ref.id}")
        lines.append(f"  {node} [shape=box, style=rounded, label={label}{color}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
