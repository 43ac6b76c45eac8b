"""Leveling on PSPLIB: the 480 j30 instances against their proven optimal makespans.

    .venv/bin/python bench/psplib.py                      # all 480, effort 150
    .venv/bin/python bench/psplib.py --limit 40 --effort 100
    .venv/bin/python bench/psplib.py --exact 4             # CP-SAT (pip install '.[solver]')

Each `.sm` file becomes a roadmap (one period = one month; renewable resources → `resources`;
demands → `uses`; successors → finish-to-start `depends_on`); it is leveled, and the script
prints the mean and largest deviation from the optimum and the time per instance.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "psplib" / "j30"


def roadmap_from_sm(text: str, name: str = "psplib") -> str:
    """A PSPLIB single-mode `.sm` instance as an egovplan roadmap (TOML text)."""
    lines = text.splitlines()
    successors: dict[int, list[int]] = {}
    durations: dict[int, int] = {}
    demands: dict[int, list[int]] = {}
    capacities: list[int] = []
    section = ""
    for line in lines:
        if line.startswith("PRECEDENCE RELATIONS"):
            section = "precedence"
            continue
        if line.startswith("REQUESTS/DURATIONS"):
            section = "requests"
            continue
        if line.startswith("RESOURCEAVAILABILITIES"):
            section = "availability"
            continue
        if line.startswith("*"):
            section = "" if section != "availability" else section
            continue
        numbers = [int(n) for n in re.findall(r"-?\d+", line)]
        if section == "precedence" and numbers:
            job, _, count, *rest = numbers
            successors[job] = rest[:count]
        elif section == "requests" and len(numbers) >= 4 and not line.lstrip().startswith("-"):
            job, _, duration, *request = numbers
            durations[job] = duration
            demands[job] = request
        elif section == "availability" and numbers:
            capacities = numbers
    out = ['format = 1', '[roadmap]', f'id = "{name}"', f'title = "PSPLIB {name}"',
           'start = "2000-01"']
    for index, capacity in enumerate(capacities, start=1):
        out += [f"[resources.r{index}]", f"capacity = {capacity}"]
    predecessors: dict[int, list[int]] = {job: [] for job in durations}
    for job, succs in successors.items():
        for succ in succs:
            predecessors[succ].append(job)
    for job in sorted(durations):
        out += [f"[projects.j{job}]", f'title = "Job {job}"', f"duration = {durations[job]}"]
        if predecessors[job]:
            out.append("depends_on = [" + ", ".join(f'"j{p}"' for p in predecessors[job]) + "]")
        uses = [f"r{i} = {amount}" for i, amount in enumerate(demands[job], start=1) if amount]
        if uses:
            out.append("uses = { " + ", ".join(uses) + " }")
    return "\n".join(out) + "\n"


def main() -> None:
    from egovplan import api
    from egovplan.analysis.cpm import compute
    from egovplan.analysis.level import level

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N instances")
    parser.add_argument("--effort", type=int, default=150)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--exact", type=float, default=None, metavar="SECONDS",
                        help="level with CP-SAT (schedule --level --exact) and this "
                        "deterministic time limit, instead of the heuristic")
    arguments = parser.parse_args()
    with (arguments.data / "optimum" / "optimum.csv").open() as stream:
        optimum = {row["problem"]: int(row["optimum"]) for row in csv.DictReader(stream)}
    names = sorted(optimum, key=lambda n: [int(x) for x in re.findall(r"\d+", n)])
    if arguments.limit:
        names = names[: arguments.limit]
    deviations, times, at_optimum, proven = [], [], 0, 0
    worst = ("", 0.0)
    for name in names:
        text = roadmap_from_sm((arguments.data / name).read_text(), name.removesuffix(".sm")
                               .replace("_", "-"))
        began = time.perf_counter()
        checked = api.check_bytes(text.encode(), name)
        if checked.roadmap is None or checked.network is None:
            raise SystemExit(f"{name}: {[f.message for f in checked.findings]}")
        schedule = compute(checked.roadmap, checked.network)
        if arguments.exact is None:
            result = level(schedule, effort=arguments.effort)
        else:
            from egovplan.analysis.exact import level_exact

            result = level_exact(schedule, time_limit=arguments.exact, effort=arguments.effort)
            proven += bool(result.optimal)
        times.append(time.perf_counter() - began)
        deviation = (result.finish - optimum[name]) / optimum[name] * 100
        deviations.append(deviation)
        at_optimum += result.finish == optimum[name]
        if deviation > worst[1]:
            worst = (name, deviation)
    how = (f"CP-SAT, time limit {arguments.exact:g}" if arguments.exact is not None
           else f"effort {arguments.effort}")
    print(f"instances: {len(names)}; {how}")
    print(f"mean deviation from the optimum: {statistics.mean(deviations):.2f} %")
    print(f"largest deviation: {max(deviations):.2f} % ({worst[0] or '—'})")
    print(f"at the optimum: {at_optimum} of {len(names)}")
    if arguments.exact is not None:
        print(f"proven optimal by CP-SAT: {proven} of {len(names)}")
    print(f"time per instance: mean {statistics.mean(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
