"""egovplan side by side with TaskJuggler (tj3) on the same seeded networks.

    .venv/bin/python bench/compare_taskjuggler.py                  # 300, 1000, 3000 (+ egovplan
                                                                    #   alone: 10k, 100k)
    .venv/bin/python bench/compare_taskjuggler.py 300 1000 --alone 10000 100000 1000000

Each network is written twice: as an egovplan roadmap and as a TaskJuggler project, with
finish-to-start dependencies and lags, one month taken as 730 hours (TaskJuggler counts
calendar hours for `duration` and `gapduration`), and the project span just long enough.
Both tools schedule it; the script checks that every project starts in the same month in both
(it stops with a message if one does not), and prints a table of wall times and peak memory.
It installs nothing: without `tj3` it says how to get it.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import user_environment, write_bytecode  # the benchmark beside this script

HOURS_PER_MONTH = 730
EGOVPLAN = Path(sys.executable).with_name("egovplan")


@dataclass(frozen=True)
class Network:
    durations: list[int]  # months, ≥ 1
    links: list[tuple[int, int, int]]  # (pred, succ, lag in months ≥ 0)


def network(size: int, seed: int) -> Network:
    rng = random.Random(seed)
    durations = [rng.randint(1, 12) for _ in range(size)]
    links = []
    # predecessors among the 50 tasks before (more past 100,000 tasks, so that a million
    # tasks end before the year 9999, which egovplan refuses to pass: date-out-of-range)
    reach = max(50, size // 2000)
    for succ in range(1, size):
        window = range(max(0, succ - reach), succ)
        chosen = sorted(rng.sample(window, min(len(window), rng.randint(0, 3))))
        links.extend((pred, succ, rng.choice([0, 0, 0, 1, 2])) for pred in chosen)
    return Network(durations, links)


def roadmap_toml(net: Network) -> str:
    lines = ['format = 1', '[roadmap]', 'id = "tj-compare"', 'title = "Comparison"',
             'start = "2000-01"']
    incoming: dict[int, list[tuple[int, int]]] = {}
    for pred, succ, lag in net.links:
        incoming.setdefault(succ, []).append((pred, lag))
    for task, duration in enumerate(net.durations):
        lines += [f"[projects.t{task}]", f'title = "Task {task}"', f"duration = {duration}"]
        deps = [f'"t{pred}"' if not lag else f'{{ id = "t{pred}", lag = {lag} }}'
                for pred, lag in incoming.get(task, [])]
        if deps:
            lines.append(f"depends_on = [{', '.join(deps)}]")
    return "\n".join(lines) + "\n"


def taskjuggler_project(net: Network, months: int) -> str:
    days = months * HOURS_PER_MONTH // 24 + 62  # just long enough, with a margin
    lines = [f'project tjcompare "Comparison" 2000-01-01-00:00 +{days}d {{',
             '  timezone "UTC"', "  timingresolution 60min", "}"]
    incoming: dict[int, list[tuple[int, int]]] = {}
    for pred, succ, lag in net.links:
        incoming.setdefault(succ, []).append((pred, lag))
    for task, duration in enumerate(net.durations):
        deps = ", ".join(
            f"t{pred}" + (f" {{ gapduration {lag * HOURS_PER_MONTH}h }}" if lag else "")
            for pred, lag in incoming.get(task, []))
        depends = f" depends {deps}" if deps else ""
        lines.append(f'task t{task} "Task {task}" {{ duration '
                     f"{duration * HOURS_PER_MONTH}h{depends} }}")
    lines += ['taskreport starts "starts" {', "  formats csv", "  columns id, start",
              '  timeformat "%Y-%m-%d %H:%M"', "}"]
    return "\n".join(lines) + "\n"


def timed(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, peak memory (MB, from /usr/bin/time) and stdout of a command."""
    prefix = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    began = time.perf_counter()
    result = subprocess.run([*prefix, *command], capture_output=True, text=True, cwd=cwd,
                            check=False, env=user_environment())
    wall = time.perf_counter() - began
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} failed:\n{result.stderr[-2000:]}")
    peak = float(result.stderr.strip().splitlines()[-1]) / 1024 if prefix else float("nan")
    return wall, peak, result.stdout


def egovplan_starts(folder: Path, net: Network) -> tuple[float, float, list[int], int]:
    path = folder / "roadmap.toml"
    path.write_text(roadmap_toml(net), encoding="utf-8")
    wall, peak, out = timed([str(EGOVPLAN), "schedule", "--format", "json", "--max-bytes",
                             str(1 << 40), str(path)], folder)
    document = json.loads(out)
    starts = [_month(project["start"]) for project in document["projects"]]
    return wall, peak, starts, document["duration_months"]


def _month(text: str) -> int:
    year, month = text.split("-")
    return (int(year) - 2000) * 12 + int(month) - 1


def taskjuggler_starts(folder: Path, net: Network, months: int) -> tuple[float, float, list[int]]:
    (folder / "project.tjp").write_text(taskjuggler_project(net, months), encoding="utf-8")
    wall, peak, _ = timed(["tj3", "--no-color", "--silent", "project.tjp"], folder)
    starts = [0] * len(net.durations)
    origin = datetime(2000, 1, 1)
    with (folder / "starts.csv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream, delimiter=";"):
            hours = (datetime.strptime(row["Start"], "%Y-%m-%d %H:%M") - origin).total_seconds()
            starts[int(row["Id"][1:])] = round(hours / 3600) // HOURS_PER_MONTH
    return wall, peak, starts


def compare(size: int, seed: int, repeat: int) -> dict[str, float]:
    net = network(size, seed)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        runs = [egovplan_starts(folder, net) for _ in range(repeat)]
        ours = runs[0][2]
        tj_runs = [taskjuggler_starts(folder, net, runs[0][3]) for _ in range(repeat)]
        theirs = tj_runs[0][2]
    differ = [task for task, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b]
    if differ:
        task = differ[0]
        raise SystemExit(f"{len(differ)} projects start in different months; first t{task}: "
                         f"egovplan month {ours[task]}, tj3 month {theirs[task]}")
    return {"egovplan": statistics.median(r[0] for r in runs),
            "egovplan_mb": max(r[1] for r in runs),
            "tj3": statistics.median(r[0] for r in tj_runs),
            "tj3_mb": max(r[1] for r in tj_runs)}


def alone(size: int, seed: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as name:
        wall, peak, _, _ = egovplan_starts(Path(name), network(size, seed))
    return wall, peak


def positive(text: str) -> int:
    """A whole number of 1 or more, for argparse."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {text!r}")
    return number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=positive, default=[300, 1_000, 3_000])
    parser.add_argument("--alone", nargs="*", type=positive, default=[10_000, 100_000],
                        help="sizes to run egovplan alone on")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=positive, default=1, help="runs per tool and size")
    arguments = parser.parse_args()
    if shutil.which("tj3") is None:
        raise SystemExit("tj3 (TaskJuggler) is not installed. On Debian or Ubuntu: "
                         "sudo apt-get install tj3 (or: gem install taskjuggler)")
    write_bytecode()
    print(f"{'projects':>9} {'tj3 s':>9} {'egovplan s':>11} {'ratio':>7} {'tj3 MB':>8} "
          f"{'egovplan MB':>12}   same start months")
    for size in arguments.sizes:
        row = compare(size, arguments.seed, arguments.repeat)
        print(f"{size:>9,} {row['tj3']:>9.2f} {row['egovplan']:>11.2f} "
              f"{row['tj3'] / row['egovplan']:>6.1f}× {row['tj3_mb']:>8.0f} "
              f"{row['egovplan_mb']:>12.0f}   yes")
    for size in arguments.alone:
        wall, peak = alone(size, arguments.seed)
        print(f"{size:>9,} {'—':>9} {wall:>11.2f} {'':>7} {'':>8} {peak:>12.0f}")
    print("\nOne month = 730 hours; finish-to-start dependencies with lags of 0–2 months; "
          f"seed {arguments.seed}; median of {arguments.repeat} run(s) of each tool.")


if __name__ == "__main__":
    main()
