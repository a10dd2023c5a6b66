"""Time the full computation (parse, compute, every table) on the example and on a large plan.

Targets: ≤ 10 ms median for the example, ≤ 50 ms for a plan of 50 offers, 100 charges,
20 investments and 5 loans. Run: python benchmarks/bench_engine.py
"""
from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from forecast.plan import build_plan
from forecast.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]


def large_plan() -> dict:
    data = json.loads((ROOT / "forecast/data/examples/bijoux.json").read_text("utf-8"))
    offers = data["offers"]
    data["offers"] = [dict(offers[i % len(offers)], name=f"Offre {i + 1}") for i in range(50)]
    charges = data["charges"]
    data["charges"] = [dict(charges[i % len(charges)], label=f"Charge {i + 1}",
                            first_month=1 + i % 24) for i in range(100)]
    data["investments"] = [{"label": f"Investissement {i + 1}", "amount": 500 + 100 * i,
                            "month": 1 + i, "years": i % 6} for i in range(20)]
    data["financing"]["loans"] = [{"label": f"Prêt {i + 1}", "amount": 5000, "rate": 0.04,
                                   "months": 24 + 12 * i, "deferral": i, "month": 1 + i}
                                  for i in range(5)]
    return data


def measure(data: dict, repeat: int) -> list[float]:
    rules = load_rules()
    build_plan(data, rules)  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        build_plan(data, rules)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def report(name: str, times: list[float], target: float) -> bool:
    q1, median, q3 = statistics.quantiles(times, n=4)
    ok = median <= target
    print(f"{name:<28} médiane {median:7.2f} ms  (IQR {q1:.2f}–{q3:.2f}, min {min(times):.2f}, "
          f"max {max(times):.2f}, n={len(times)})  cible ≤ {target:g} ms : "
          f"{'OK' if ok else 'DÉPASSÉE'}")
    return ok


def main() -> int:
    example = json.loads((ROOT / "forecast/data/examples/graphiste.json").read_text("utf-8"))
    ok = report("exemple (graphiste)", measure(example, 200), 10)
    ok &= report("grand plan (50/100/20/5)", measure(large_plan(), 50), 50)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
