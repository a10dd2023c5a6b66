"""The six table formulas on one workbook cost at most 1.2 × one engine run.

In one run, alternately: (a) one engine run, build_plan(dict) on the example's assumptions;
(b) what Excel asks when a workbook recalculates: AE_COMPTE_RESULTAT, AE_TRESORERIE, AE_BILAN,
AE_PLAN_FINANCEMENT, AE_INDICATEURS and AE_ALERTES on the same Excel-shaped arguments (lists
of rows, floats, datetimes, None), cache emptied first — so (b) includes reading the arguments
through the workbook reader, one engine run and five cache hits. Prints median and spread of
both and the ratio of medians; exits 1 if the ratio exceeds 1.2.
Run: python benchmarks/bench_udfs.py [example] [repeat]
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
LIMIT = 1.2


def main(argv: list[str]) -> int:
    import udfs
    from forecast.plan import build_plan
    from test_udfs_shapes import formula_args
    name = argv[0] if argv else "bijoux"
    repeat = int(argv[1]) if len(argv) > 1 else 200
    data = json.loads((ROOT / "planae" / "examples" / f"{name}.json").read_text("utf-8"))
    args = formula_args(data)

    def engine() -> None:
        build_plan(data)

    def formulas() -> None:
        udfs.cache_clear()
        for formula in udfs.TABLE_FORMULAS:
            result = getattr(udfs, formula)(*args)
            assert isinstance(result, list), result

    for _ in range(20):  # warm-up (imports, rules file, caches of the engine)
        engine()
        formulas()
    times: dict[str, list[float]] = {"engine": [], "formulas": []}
    for _ in range(repeat):
        for key, run in (("engine", engine), ("formulas", formulas)):
            t0 = time.perf_counter()
            run()
            times[key].append(time.perf_counter() - t0)
    for key, values in times.items():
        q = statistics.quantiles(values, n=20)
        print(f"{key:9s} median {statistics.median(values) * 1e3:7.2f} ms   "
              f"p5 {q[0] * 1e3:6.2f}   p95 {q[-1] * 1e3:6.2f}   "
              f"min {min(values) * 1e3:6.2f}   max {max(values) * 1e3:6.2f}   n={len(values)}")
    ratio = statistics.median(times["formulas"]) / statistics.median(times["engine"])
    print(f"six table formulas / one engine run: {ratio:.3f} (limit {LIMIT})")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
