"""A synthetic roadmap generator for benchmarks: N projects, about 3N dependencies of all four
types with lags and leads, phases, goals, measures and domains; seeded, so the same arguments
always give the same file.

    python bench/generate.py 100000 -o bench/out/100k.toml --seed 1
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

TYPES = ["FS"] * 7 + ["SS", "FF", "SF"]


def roadmap(size: int, seed: int = 1, links_per_project: float = 3.0,
            estimates: bool = False, resources: bool = False) -> str:
    """The TOML text of a synthetic roadmap with `size` projects (with `resources`: one team
    of 20 that every project uses 1 to 7 of). Estimates and resource use come from a random
    stream of their own, so the network (ids, durations, dependencies) is the same with or
    without them."""
    rng = random.Random(seed)
    extras = random.Random(f"extras-{seed}")
    phases = max(1, min(20, size // 50))
    goals = max(1, min(10, size // 100))
    lines = [
        "format = 1", "", "[roadmap]", f'id = "synthetic-{size}"',
        f'title = "Synthetic roadmap of {size:,} projects (seed {seed})"', 'start = "2000-01"',
        "", "[domains]",
    ]
    lines += [f'd{number} = "Domain {number}"' for number in range(8)]
    if resources:
        lines += ["", "[resources.team]", 'title = "Delivery team"', "capacity = 20"]
    span_years = 5
    for number in range(phases):
        year = 2000 + number * span_years
        lines += ["", f"[phases.ph{number}]", f'title = "Phase {number}"',
                  f'start = "{year}-01"', f'end = "{year + span_years - 1}-12"']
    for goal in range(goals):
        lines += ["", f"[goals.g{goal}]", f'title = "Goal {goal}"']
        for measure in range(1, 6):
            lines += [f"[goals.g{goal}.measures.{measure}]", f'title = "Measure {goal}.{measure}"']
    for index in range(size):
        lines += ["", f"[projects.p{index}]", f'title = "Project {index} 사업 {index}"']
        lines.append(f'kind = "{rng.choice(["priority", "support", "support"])}"')
        phase = min(phases - 1, index * phases // size)
        lines.append(f'phase = "ph{phase}"')
        lines.append(f'serves = ["g{rng.randrange(goals)}.{rng.randrange(1, 6)}"]')
        lines.append(f'domains = ["d{rng.randrange(8)}"]')
        duration = 0 if rng.random() < 0.05 else rng.randrange(1, 25)
        lines.append(f"duration = {duration}")
        if estimates and duration:
            low = max(1, duration - extras.randrange(0, 3))
            high = duration + extras.randrange(0, 12)
            lines.append(f"estimate = {{ optimistic = {low}, likely = {duration}, "
                         f"pessimistic = {high} }}")
        if resources:
            lines.append(f"uses = {{ team = {extras.randrange(1, 8)} }}")
        dependencies = _dependencies(rng, index, links_per_project)
        if dependencies:
            lines.append(f"depends_on = [{', '.join(dependencies)}]")
    return "\n".join(lines) + "\n"


def _dependencies(rng: random.Random, index: int, per_project: float) -> list[str]:
    if index == 0:
        return []
    count = min(index, int(per_project) + (rng.random() < per_project % 1))
    window = range(max(0, index - 300), index)
    items = []
    for pred in sorted(rng.sample(window, min(count, len(window)))):
        kind = rng.choice(TYPES)
        lag = rng.choice([0, 0, 0, 1, 2, -1, 3])
        # written as a person would: a plain id for FS without lag, defaults left out
        if kind == "FS" and lag == 0:
            items.append(f'"p{pred}"')
            continue
        keys = [f'id = "p{pred}"']
        if kind != "FS":
            keys.append(f'type = "{kind}"')
        if lag:
            keys.append(f"lag = {lag}")
        items.append(f"{{ {', '.join(keys)} }}")
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--estimates", action="store_true",
                        help="give every project a three-point estimate")
    parser.add_argument("--resources", action="store_true",
                        help="one team of 20 that every project uses 1 to 7 of (for --level)")
    arguments = parser.parse_args()
    text = roadmap(arguments.size, arguments.seed, estimates=arguments.estimates,
                   resources=arguments.resources)
    if arguments.output:
        arguments.output.parent.mkdir(parents=True, exist_ok=True)
        arguments.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
