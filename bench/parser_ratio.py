"""egovplan end to end against the fastest TOML parser at hand reading the same file.

    .venv/bin/python bench/parser_ratio.py                       # 100,000 projects, 7 rounds
    .venv/bin/python bench/parser_ratio.py --size 10000 --rounds 5
    .venv/bin/python bench/parser_ratio.py --parser-python /tmp/trs/bin/python

The speed issue's target: `egovplan schedule --format json FILE` on `generate.py`'s
100,000-project roadmap within twice the time the fastest available TOML parser needs just to
read the same file. This script measures both the same way every time:

- a parser's time is what it takes, inside an already started interpreter (a fresh one for
  each parser and run) with the garbage collector off, to read the file's bytes, decode them
  and parse them into Python objects (`toml_rs.loads`, `rtoml.loads`, `tomllib.loads`: each
  one that `--parser-python` can import; `toml-rs` is not a dependency of egovplan, see
  bench/README.md "Other TOML parsers", so give the interpreter of a virtual environment that
  has it:
  `python3 -m venv /tmp/trs && /tmp/trs/bin/pip install toml-rs`);
- egovplan's time is the wall time of the whole command as a user runs it, a fresh process
  each run (interpreter start, imports, the helper process, output into /dev/null), with its
  modules' bytecode written first, as installing the package writes it (`run.py`'s
  `write_bytecode`);
- the runs alternate (a parser round, then an egovplan run), so that both see the same
  moments of this shared machine, whose speed drifts from hour to hour; the medians are
  compared.

It prints each run, the medians, the ratio, and the machine's speed (the loop of `run.py`).
It installs nothing. It is not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from run import (  # noqa: E402 - the benchmark beside this script
    ensure_roadmap,
    machine_speed,
    user_environment,
    write_bytecode,
)

PARSER_NAMES = ("toml_rs", "rtoml", "tomllib")
#: Run by `--parser-python` with a parser's module name and a file: the seconds that parser
#: takes to read the file (nothing when the module cannot be imported).
PARSER = r"""
import gc, sys, time
gc.disable()
try:
    module = __import__(sys.argv[1])
except ImportError:
    raise SystemExit(0)
began = time.perf_counter()
with open(sys.argv[2], "rb") as file:
    module.loads(file.read().decode())
print(time.perf_counter() - began)
"""


def parser_times(python: str, path: Path) -> dict[str, float]:
    """Each importable parser's seconds to read `path`, each in a fresh process (a parser
    run after another in the same process would find its memory already grown)."""
    times = {}
    for name in PARSER_NAMES:
        result = subprocess.run([python, "-c", PARSER, name, str(path)], capture_output=True,
                                text=True, check=True)
        if result.stdout.strip():
            times[name] = float(result.stdout)
    return times


def egovplan_run(path: Path) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of `egovplan schedule --format json FILE`."""
    command = [str(Path(sys.executable).with_name("egovplan")), "schedule", "--format", "json",
               "--max-bytes", str(1 << 40), str(path)]
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               cwd=ROOT, env=user_environment())
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - began
    errors = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"egovplan failed on {path}:\n{errors}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="projects (default 100,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=7, help="runs of each (default 7)")
    parser.add_argument("--parser-python", default=sys.executable,
                        help="the interpreter whose TOML parsers are timed (default: this one)")
    arguments = parser.parse_args()

    path = ensure_roadmap(arguments.size, arguments.seed)
    write_bytecode()
    print(f"machine speed: a ten-million-step Python loop takes {machine_speed():.2f} s")
    print(f"{path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.1f} MB), "
          f"{arguments.rounds} rounds, alternating\n")
    parsers: dict[str, list[float]] = {}
    walls: list[float] = []
    peaks: list[float] = []
    egovplan_run(path)  # a first run, not counted: the file in the cache
    for round_number in range(1, arguments.rounds + 1):
        for name, seconds in parser_times(arguments.parser_python, path).items():
            parsers.setdefault(name, []).append(seconds)
        wall, peak = egovplan_run(path)
        walls.append(wall)
        peaks.append(peak)
        shown = "  ".join(f"{name} {times[-1]:.2f} s" for name, times in parsers.items())
        print(f"round {round_number}: {shown}  egovplan {wall:.2f} s ({peak:.0f} MB)")
    if not parsers:
        raise SystemExit(f"{arguments.parser_python} imports none of toml_rs, rtoml, tomllib")
    medians = {name: statistics.median(times) for name, times in parsers.items()}
    fastest = min(medians, key=medians.__getitem__)
    egovplan = statistics.median(walls)
    print("\nmedians: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in
                                     sorted(medians.items(), key=lambda item: item[1]))
          + f"; egovplan {egovplan:.2f} s, at most {max(peaks):.0f} MB")
    print(f"egovplan / {fastest}: {egovplan / medians[fastest]:.2f}× (the target: at most 2×)")


if __name__ == "__main__":
    main()
