"""The schedule as a Mermaid `gantt` chart, which GitHub renders inside Markdown.

One section per group of the phased schedule, `crit` on critical projects, milestones as
milestones, real dates: a project runs from the first day of its first month to the first day of
the month after its last (Mermaid's end dates are exclusive); a milestone stands on the first day
of the month it opens, the instant its month ends. A project ending in 9999-12 is given its
length in days instead of its end (`10000-01-01` is no date to Mermaid's parser, which drew
such a bar with no length); a milestone reached as 9999 ends stands on `10000-01-01`, which
Mermaid reads as a task's start.
"""

from __future__ import annotations

import re

from egovplan.analysis.report import ScheduleReport
from egovplan.model.types import format_month
from egovplan.render.safe import safe

#: Characters that Mermaid's gantt syntax reads as syntax, and the look-alikes shown instead.
#: In the chart's title only: Mermaid shows `<` and `>` there as `&lt;` and `&gt;`.
_TITLE_LOOKALIKES = str.maketrans({"<": "＜", ">": "＞"})
_LOOKALIKES = str.maketrans({":": "∶", ";": "；", "#": "＃", "\n": " ", "\r": " ", "%": "％"})
_ID = re.compile(r"[^A-Za-z0-9_-]")


#: What opens a statement of Mermaid's gantt syntax, in any case: a task whose name began with
#: one would be read as that statement (`Title registry` would retitle the chart).
_STATEMENTS = ("title", "section", "dateformat", "axisformat", "tickinterval", "excludes",
               "includes", "todaymarker", "click", "topaxis", "weekday", "weekend",
               "inclusiveenddates", "acctitle", "accdescr", "call", "href", "gantt")
#: A task line that begins with a date is read as one (`2025-01-01 go-live`).
_LEADING_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Put before such a name: shown as nothing, it keeps the line a task.
_ZERO_WIDTH_SPACE = "\u200b"


def text(value: str) -> str:
    """A title Mermaid shows as written: its syntax characters replaced by look-alikes."""
    return " ".join(safe(value.translate(_LOOKALIKES)).split())


def task_name(value: str, fallback: str) -> str:
    """A task's name: its title as `text` gives it (`fallback` where that is empty), kept from
    being read as a statement."""
    name = text(value) or fallback
    if name.lower().startswith(_STATEMENTS) or _LEADING_DATE.match(name):
        return _ZERO_WIDTH_SPACE + name
    return name


def task_id(project_id: str) -> str:
    """A Mermaid task id for a project id, one to one: `_` is written `__` and `.` `_d`
    (Mermaid ids take no dots; `a.b` and `a_b` must not become the same task)."""
    return "t_" + _ID.sub("_", project_id.replace("_", "__").replace(".", "_d"))


def day(month: int) -> str:
    """The first day of an absolute month number, `YYYY-MM-01`."""
    return f"{format_month(month)}-01"


#: The month after 9999-12: a day in it, `10000-01-01`, is no date Mermaid's parser reads.
_PAST_9999 = 10_000 * 12


def span(first: int, after: int) -> str:
    """A task's dates, its first day and its exclusive end; an end past 9999 (a plan reaching
    its last month) as the count of days, `9999-01-01, 365d`, which Mermaid adds itself."""
    if after < _PAST_9999:
        return f"{day(first)}, {day(after)}"
    import datetime

    year, month = divmod(first, 12)
    days = (datetime.date(9999, 12, 31) - datetime.date(year, month + 1, 1)).days + 1
    return f"{day(first)}, {days}d"


def gantt(report: ScheduleReport) -> str:
    schedule = report.schedule
    roadmap = schedule.roadmap
    # the chart's title (not a task's or section's) is shown escaped where it holds `<` or
    # `>` (`Broadband &gt; 1 Gbps &amp; 5G`): they become look-alikes too
    title = text(roadmap.roadmap.title).translate(_TITLE_LOOKALIKES)
    lines = ["gantt", f"    title {title or roadmap.roadmap.id}",
             "    dateFormat YYYY-MM-DD",
             "    axisFormat %Y-%m"]
    projects = list(roadmap.projects.values())
    for group in report.groups:
        if not group.projects:
            continue
        lines.append(f"    section {text(group.title) or group.id}")
        for index in group.projects:
            project = projects[index]
            es, ef = schedule.es[index], schedule.ef[index]
            tags = ["crit"] if schedule.is_critical(index) else []
            name = task_name(project.title, schedule.network.ids[index])
            if es == ef:
                tags.append("milestone")
                timing = f"{day(schedule.start + es)}, 0d"
            else:
                timing = span(schedule.start + es, schedule.start + ef)
            label = ", ".join([*tags, task_id(schedule.network.ids[index]), timing])
            lines.append(f"    {name} :{label}")
    return "\n".join(lines) + "\n"


def markdown(report: ScheduleReport) -> str:
    """The chart in a fenced block, ready to paste into a GitHub page or a wiki."""
    return f"```mermaid\n{gantt(report)}```\n"
