"""Time the PowerPoint export of each bundled example (compute, build the deck, save):
median and spread over repeats. Target: 5 s per export.

    python benchmarks/bench_export.py [--repeat 7]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forecast.plan import build_plan  # noqa: E402
from forecast.examples import EXAMPLES, example_data  # noqa: E402
from report.export import export_plan  # noqa: E402

TARGET_S = 5.0


def time_export(name: str, out: Path) -> float:
    start = time.perf_counter()
    data = example_data(name)
    export_plan(build_plan(data), data.get("narrative"), "pptx", out)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        time_export(EXAMPLES[0], Path(tmp) / "warm.pptx")  # imports, rules loading
        for name in EXAMPLES:
            runs = [time_export(name, Path(tmp) / f"{name}.pptx") for _ in range(args.repeat)]
            med = statistics.median(runs)
            q = statistics.quantiles(runs, n=4) if len(runs) > 1 else [med, med, med]
            worst = max(worst, med)
            print(f"{name:10s} export pptx : médiane {med * 1000:7.0f} ms, "
                  f"min {min(runs) * 1000:.0f} ms, max {max(runs) * 1000:.0f} ms, "
                  f"écart interquartile {(q[2] - q[0]) * 1000:.0f} ms ({len(runs)} essais)")
    print(f"objectif : {TARGET_S:.0f} s — {'tenu' if worst <= TARGET_S else 'DÉPASSÉ'}")
    return 0 if worst <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
