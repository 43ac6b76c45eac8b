"""Monte Carlo speed: `egovplan risk` on a 1,000-project roadmap with estimates, 10,000
iterations (target: under 5 s on this machine); with `--level`, on a roadmap whose projects
share a team, each iteration leveled (`egovplan risk --level`; no target).

    .venv/bin/python bench/risk.py [--projects 1000] [--iterations 10000] [--level]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import roadmap


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1_000)
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--level", action="store_true", help="risk --level on a roadmap "
                        "with a shared team")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "risk.toml"
        path.write_text(roadmap(arguments.projects, 1, estimates=True,
                                   resources=arguments.level), encoding="utf-8")
        walls = []
        for _ in range(arguments.repeat):
            began = time.perf_counter()
            subprocess.run([str(Path(sys.executable).with_name("egovplan")), "risk",
                            *(["--level"] if arguments.level else []),
                            "--format", "json", "-n", str(arguments.iterations), str(path)],
                           check=True, capture_output=True)
            walls.append(time.perf_counter() - began)
    command = "egovplan risk --level" if arguments.level else "egovplan risk"
    print(f"{command}: {arguments.projects:,} projects, {arguments.iterations:,} "
          f"iterations: {statistics.median(walls):.2f} s (median of {arguments.repeat})")


if __name__ == "__main__":
    main()
