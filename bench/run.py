"""The benchmark: stage times and peak memory for synthetic roadmaps of growing size.

    .venv/bin/python bench/run.py                 # 1k, 10k and 100k projects
    .venv/bin/python bench/run.py 1000 5000       # other sizes
    .venv/bin/python bench/run.py --repeat 5

For each size it generates a seeded roadmap (bench/generate.py: N projects, about 3N
dependencies of all four types) into bench/out/, then prints

- the time of each stage (read, parse, model, graph, checks, CPM with critical paths and
  phases, render of the JSON), measured in a fresh process; for a file parsed in pieces (over
  a megabyte), "parse" includes validating the projects (done while a helper process parses
  the later pieces) and "model" is only the rest of the file;
- the wall time of the real command `egovplan schedule --format json FILE` end to end (the
  median of --repeat runs) and its peak memory (maximum resident set size);
- how end-to-end time grows from one size to the next;
- first, the machine's speed at the time (a plain Python loop), since a shared virtual
  machine's speed drifts.

It is not a test: it prints figures for people to read (README "Performance").
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import roadmap  # noqa: E402 - the generator beside this script

STAGES = r"""
import gc, json, resource, sys, time
gc.disable()  # as the CLI does
clock = time.perf_counter
times = {}
start = clock()
from pathlib import Path
from egovplan.loader import pieces
from egovplan.loader.reader import parse, read_bytes
from egovplan.model.build import build, validate_projects
pieces.PARALLEL = True  # as the CLI does
from egovplan.graph import build_network
from egovplan.checks import Context, run_checks
from egovplan.analysis.report import schedule_report
from egovplan.render.schedule import to_json_bytes  # what the CLI writes
times["import"] = clock() - start
def stage(name, function):
    began = clock()
    result = function()
    times[name] = clock() - began
    return result
raw = stage("read", lambda: read_bytes(Path(sys.argv[1]), 1 << 40))
# a large file: its projects are validated as its pieces are parsed (by a helper process)
source = stage("parse", lambda: parse(raw, sys.argv[1], validate=validate_projects))
validated = stage("model", lambda: build(source.data, source.locator, sys.argv[1],
                                         source.projects))
assert not validated.repaired
source.data = None  # as egovplan.api does once the model is complete
network = stage("graph", lambda: build_network(validated.model))
stage("checks", lambda: run_checks(Context(validated.model, source.locator, sys.argv[1],
                                           network=network)))
report = stage("schedule", lambda: schedule_report(validated.model, network))
stage("render", lambda: to_json_bytes(report))
times["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
times["links"] = len(network.links)
print(json.dumps(times))
"""

def ensure_roadmap(size: int, seed: int) -> Path:
    path = HERE / "out" / f"synthetic-{size}-seed{seed}.toml"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(roadmap(size, seed), encoding="utf-8")
    return path


def user_environment() -> dict[str, str]:
    """The environment egovplan is timed in: this one, as on a user's machine, where Python
    keeps the bytecode of the modules it imports (an installed package's is written when it
    is installed; here the first, uncounted run writes it). Without this, a shell that sets
    `PYTHONDONTWRITEBYTECODE` (some containers do) has every run compile the modules edited
    since their bytecode was last written, up to a tenth of a second."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def write_bytecode() -> None:
    """Compile egovplan's modules to bytecode for the interpreter running this script, as
    installing the package does (`pip install` compiles; an editable install of a checkout
    whose files have changed since they were last imported may hold stale bytecode)."""
    import importlib.util

    spec = importlib.util.find_spec("egovplan")
    if spec is None or spec.origin is None:
        raise SystemExit("egovplan is not installed for this interpreter")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(spec.origin).parent)],
                   check=True, env=user_environment(), stdout=subprocess.DEVNULL)


def stage_times(path: Path) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", STAGES, str(path)], capture_output=True,
                            text=True, check=True, cwd=ROOT)
    times: dict[str, float] = json.loads(result.stdout)
    return times


def end_to_end(path: Path, repeat: int, *, table: bool = False) -> tuple[float, float]:
    """Median wall seconds and the largest peak memory (MB) of the real command
    `egovplan schedule --format json FILE` (`table`: `egovplan schedule FILE`, the table format
    with its chart, 100 columns wide, written to a pipe as in CI), each run a fresh process
    (its resource use read with wait4, since the CLI leaves through os._exit)."""
    command = [str(Path(sys.executable).with_name("egovplan")), "schedule",
               *([] if table else ["--format", "json"]), "--max-bytes", str(1 << 40), str(path)]
    walls, peaks = [], []
    for _ in range(repeat):
        began = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   cwd=ROOT, env={**user_environment(), "COLUMNS": "100"})
        _, status, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - began)
        process.returncode = os.waitstatus_to_exitcode(status)
        errors = process.stderr.read().decode() if process.stderr else ""
        if process.returncode != 0:
            raise SystemExit(f"egovplan failed on {path}:\n{errors}")
        peaks.append(usage.ru_maxrss / 1024)
    return statistics.median(walls), max(peaks)


def start_up(repeat: int = 11) -> tuple[float, float]:
    """Median wall seconds of `egovplan --version` and of `egovplan validate` on the seed
    roadmap, each run as a fresh process (after a warm-up run)."""
    environment = user_environment()

    def median(arguments: list[str]) -> float:
        subprocess.run([str(Path(sys.executable).with_name("egovplan")), *arguments],
                       capture_output=True, check=False, cwd=ROOT, env=environment)
        walls = []
        for _ in range(repeat):
            began = time.perf_counter()
            subprocess.run([str(Path(sys.executable).with_name("egovplan")), *arguments],
                           capture_output=True, check=False, cwd=ROOT, env=environment)
            walls.append(time.perf_counter() - began)
        return statistics.median(walls)

    return median(["--version"]), median(["validate", "roadmaps/korea-egov-seed.toml"])


CALIBRATION = "s = 0\nfor i in range(10_000_000):\n    s += i\n"


def machine_speed(repeat: int = 3) -> float:
    """The median seconds of a plain ten-million-step Python loop, in a fresh process: this
    shared virtual machine's speed drifts by a factor of two or more from hour to hour, so
    figures are comparable only beside this one."""
    code = (f"import time\nbegan = time.perf_counter()\n{CALIBRATION}"
            "print(time.perf_counter() - began)")
    return statistics.median(
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout)
        for _ in range(repeat)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="end-to-end runs per size")
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()

    write_bytecode()
    print(f"machine speed: a ten-million-step Python loop takes {machine_speed():.2f} s "
          "(median of 3; compare figures taken at similar speeds)")
    version, validate = start_up()
    print(f"start-up (median of 11): `egovplan --version` {version:.3f} s; "
          f"`egovplan validate roadmaps/korea-egov-seed.toml` {validate:.3f} s\n")

    stage_names = ["import", "read", "parse", "model", "graph", "checks", "schedule", "render"]
    header = (f"{'projects':>9} {'links':>8} {'MB':>6} | "
              + " ".join(f"{name:>8}" for name in stage_names)
              + f" | {'end-to-end':>10} {'peak MB':>8} {'growth':>7} | {'table':>7}")
    print(header)
    print("-" * len(header))
    previous: float | None = None
    for size in arguments.sizes:
        path = ensure_roadmap(size, arguments.seed)
        times = stage_times(path)
        links = int(times["links"])
        wall, peak = end_to_end(path, arguments.repeat)
        table, _ = end_to_end(path, arguments.repeat, table=True)
        growth = f"{wall / previous:6.1f}×" if previous else f"{'':>7}"
        previous = wall
        print(f"{size:>9,} {links:>8,} {path.stat().st_size / 1e6:>6.1f} | "
              + " ".join(f"{times[name]:>7.2f}s" for name in stage_names)
              + f" | {wall:>9.2f}s {peak:>8.0f} {growth} | {table:>6.2f}s")
    print(f"\nPython {sys.version.split()[0]} on {sys.platform}; "
          f"median of {arguments.repeat} end-to-end runs of "
          "`egovplan schedule --format json FILE`; stages timed in one fresh process; "
          "`table`: the median of as many runs of `egovplan schedule FILE` (the table format "
          "and its chart, 100 columns, into a pipe).")


if __name__ == "__main__":
    main()
