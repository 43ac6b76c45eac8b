"""Shapes that once made a command grow with the square of the roadmap: each timed at two
sizes, with how much the time grew (near 4× for 4× the size is linear; 16× is quadratic).

    .venv/bin/python bench/shapes.py                # 2,000 and 8,000
    .venv/bin/python bench/shapes.py 4000 16000

Each command runs in a fresh process on a generated file in a temporary directory; the time is
its wall time (the best of --repeat runs, since only growth matters here). Not a test: it
prints figures for people to read (bench/README.md, "costs that grew with the square").
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HEADER = 'format = 1\n[roadmap]\nid = "shape"\ntitle = "Shape"\nstart = "2025-01"\n'


def fan_in(n: int) -> str:
    """One milestone depending on `n` projects."""
    projects = "".join(f'[projects.p{i}]\ntitle = "P{i}"\nduration = 12\n' for i in range(n))
    ends = ", ".join(f'"p{i}"' for i in range(n))
    return f'{HEADER}{projects}[projects.end]\ntitle = "End"\nduration = 0\ndepends_on = [{ends}]\n'


def resources(n: int) -> str:
    """`n` resources, each used by one project."""
    return HEADER + "".join(f'[resources.r{i}]\ntitle = "R{i}"\ncapacity = 1\n' for i in range(n)) \
        + "".join(f'[projects.p{i}]\ntitle = "P{i}"\nduration = 5\nuses = {{ r{i} = 5 }}\n'
                  for i in range(n))


def domains(n: int) -> str:
    """`n` domains, each project in five."""
    listed = (", ".join(f'"d{(i + k) % n}"' for k in range(5)) for i in range(n))
    return HEADER + "".join(f'[domains.d{i}]\ntitle = "D{i}"\n' for i in range(n)) \
        + "".join(f'[projects.p{i}]\ntitle = "P{i}"\nduration = 5\ndomains = [{ds}]\n'
                  for i, ds in enumerate(listed))


def invalid_ids(n: int) -> str:
    """`n` projects whose ids are not slugs, each told one."""
    return HEADER + "".join(f'[projects."P_{i} Bad"]\ntitle = "P"\nduration = 1\n'
                            for i in range(n))


def phases(n: int) -> str:
    """`n` phases, one project with an estimate in each."""
    return HEADER + "".join(
        f'[phases.ph{i}]\ntitle = "Ph{i}"\nstart = "2025-01"\nend = "2030-12"\n'
        f'[projects.p{i}]\ntitle = "P{i}"\nduration = 5\nphase = "ph{i}"\n'
        "estimate = { optimistic = 3, likely = 5, pessimistic = 9 }\n" for i in range(n))


#: (name, generator, the command's arguments after `egovplan`, with {file} for the file)
CASES: list[tuple[str, Callable[[int], str], list[str]]] = [
    ("fan-in", fan_in, ["export", "{file}", "--to", "html"]),
    ("fan-in", fan_in, ["export", "{file}", "--to", "dot"]),
    ("fan-in", fan_in, ["critical-path", "--max-paths", "100000000", "-f", "json", "{file}"]),
    ("resources", resources, ["validate", "{file}"]),
    ("domains", domains, ["trace", "-f", "json", "{file}"]),
    ("invalid ids", invalid_ids, ["validate", "{file}"]),
    ("phases", phases, ["risk", "-n", "100", "-f", "json", "{file}"]),
]


def seconds(arguments: list[str], repeat: int) -> float:
    command = [str(Path(sys.executable).with_name("egovplan")), *arguments]
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        best = min(best, time.perf_counter() - began)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[2000, 8000])
    parser.add_argument("--repeat", type=int, default=1)
    options = parser.parse_args()
    small, large = options.sizes[0], options.sizes[-1]
    print(f"{'shape':<12} {'command':<50} {small:>8,} {large:>8,}   growth (size ×"
          f"{large / small:g})")
    with tempfile.TemporaryDirectory() as folder:
        for name, generate, arguments in CASES:
            times = []
            for size in (small, large):
                path = Path(folder) / f"{name.replace(' ', '-')}-{size}.toml"
                if not path.exists():
                    path.write_text(generate(size), encoding="utf-8")
                times.append(seconds([a.replace("{file}", str(path)) for a in arguments],
                                     options.repeat))
            shown = " ".join(a for a in arguments if a != "{file}")
            print(f"{name:<12} {shown:<50} {times[0]:>7.2f}s {times[1]:>7.2f}s   "
                  f"{times[1] / times[0]:.1f}×")


if __name__ == "__main__":
    main()
