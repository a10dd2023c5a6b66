"""`planae compute` on an example workbook, against a bare openpyxl load + save of the same file.

compute = load + read the inputs + build the plan + write every output sheet + save (atomic,
reproducible). The bare load + save is the floor any openpyxl-based compute pays, so the ratio
says what planae adds. Targets: ratio ≤ 1.5, peak memory of compute ≤ 250 MB.

    python benchmarks/bench_compute.py [--repeat 15] [--example bijoux]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from forecast.examples import example_data  # noqa: E402
from workbook.jobs import build_example, compute_file  # noqa: E402


def _describe(name: str, times: list[float]) -> str:
    q1, median, q3 = statistics.quantiles(times, n=4)
    return (f"{name:<28} médiane {median * 1000:7.1f} ms   IQR {(q3 - q1) * 1000:5.1f} ms   "
            f"écart-type {statistics.stdev(times) * 1000:5.1f} ms   (n = {len(times)})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="planae compute vs openpyxl load + save")
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--example", default="bijoux")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = build_example(example_data(args.example), tmp / "exemple.xlsx")
        size = source.stat().st_size
        out = tmp / "calcule.xlsx"
        bare_out = tmp / "bare.xlsx"

        def bare():
            openpyxl.load_workbook(source).save(bare_out)

        def compute():
            compute_file(source, out)

        # interleave the two so drift (CPU frequency, other load) hits both alike
        bare_times, compute_times = [], []
        bare(), compute()  # warm-up (imports, caches)
        for _ in range(args.repeat):
            for run, times in ((bare, bare_times), (compute, compute_times)):
                start = time.perf_counter()
                run()
                times.append(time.perf_counter() - start)

        tracemalloc.start()
        compute()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

    ratio = statistics.median(compute_times) / statistics.median(bare_times)
    print(f"Classeur : exemple {args.example} ({size // 1024} Kio)")
    print(_describe("openpyxl load + save", bare_times))
    print(_describe("planae compute", compute_times))
    print(f"ratio compute / load+save : {ratio:.2f}  (cible ≤ 1,5) "
          f"{'OK' if ratio <= 1.5 else 'AU-DESSUS'}")
    print(f"mémoire de pointe de compute (tracemalloc) : {peak / 2**20:.1f} Mo  (cible ≤ 250 Mo) "
          f"{'OK' if peak <= 250 * 2**20 else 'AU-DESSUS'}")
    import resource
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"mémoire résidente maximale du processus (ru_maxrss, tout compris) : {rss:.0f} Mo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
