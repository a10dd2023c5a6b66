"""The sampled mutation run of scripts/mutation.sh: which mutants to run, and the score.

    python scripts/mutation_sample.py pick N SEED MODULE...   N mutants of each module, drawn
                                                              with SEED (after mutmut made them)
    python scripts/mutation_sample.py score NAME...           killed / tried, by module

Reads mutmut's own record of each module (mutants/forecast/MODULE.py.meta).
"""
from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

META = Path("mutants/forecast")


def _results(module: str) -> dict[str, int | None]:
    return json.loads((META / f"{module}.py.meta").read_text())["exit_code_by_key"]


def pick(n: int, seed: int, modules: list[str]) -> list[str]:
    """`n` mutant names of each module (all of them when it has fewer), the same every run."""
    draw, names = random.Random(seed), []
    for module in modules:
        mutants = sorted(_results(module))
        names += sorted(draw.sample(mutants, min(n, len(mutants))))
    return names


def score(names: list[str]) -> str:
    """One line per module: mutants drawn, run, killed (a timeout counts as killed, as mutmut
    counts it), survived, reached by no test; the score is killed over run."""
    by_module: dict[str, Counter] = {}
    for name in names:
        module = name.split(".")[1]
        status = status_by_exit_code[_results(module)[name]]
        by_module.setdefault(module, Counter())[status] += 1
    lines = ["| module | drawn | run | killed | survived | no test | score |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for module, count in by_module.items():
        drawn = sum(count.values())
        run = drawn - count["not checked"]
        killed = count["killed"] + count["timeout"]
        lines.append(f"| `forecast/{module}.py` | {drawn} | {run} | {killed} | "
                     f"{count['survived']} | {count['no tests']} | "
                     f"{f'{killed / run:.0%}' if run else '—'} |")
    return "\n".join(lines)


if __name__ == "__main__":
    verb, *args = sys.argv[1:]
    if verb == "pick":
        print("\n".join(pick(int(args[0]), int(args[1]), args[2:])))
    else:
        print(score(args))
