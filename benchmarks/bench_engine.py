"""Time the full computation (parse, compute, every table) on the example and on a large plan.

Targets: ≤ 10 ms median for the example, ≤ 50 ms for a plan of 50 offers, 100 charges,
20 investments and 5 loans, checked on CPU time (steadier on a shared machine; the engine does
no input or output); wall time printed too. Then the financing solver, which works from the
plan's own forecast (cash is affine in the loan's amount), against one forecast: target
≤ 0.1 × (it used to run the forecast twice more). Run: python benchmarks/bench_engine.py
"""
from __future__ import annotations

import json
import statistics
import time

from harness import ROOT  # first: it puts this checkout on the path

from forecast.assumptions import parse_assumptions
from forecast.engine import compute
from forecast.financing import financing_need
from forecast.plan import build_plan
from forecast.rules import load_rules


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


def measure(data: dict, repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each run."""
    rules = load_rules()
    build_plan(data, rules)  # warm-up
    wall, cpu = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        build_plan(data, rules)
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    return wall, cpu


def report(name: str, times: tuple[list[float], list[float]], target: float) -> bool:
    ok = True
    for kind, values in zip(("écoulé", "CPU"), times):
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        verdict = ""
        if kind == "CPU":
            ok = median <= target
            verdict = f"  cible ≤ {target:g} ms : {'OK' if ok else 'DÉPASSÉE'}"
        print(f"{name:<28} {kind:<7} médiane {median:7.2f} ms  (IQR {q1:.2f}–{q3:.2f}, "
              f"min {min(values):.2f}, max {max(values):.2f}, n={len(values)}){verdict}")
    return ok


def solver_share(name: str, data: dict, repeat: int) -> bool:
    """The solver from the plan's forecast against one forecast (CPU time, medians)."""
    rules = load_rules()
    a = parse_assumptions(data)
    f = compute(a, rules)

    def cpu(run) -> list[float]:
        out = []
        for _ in range(repeat):
            c = time.process_time()
            run()
            out.append((time.process_time() - c) * 1000)
        return out
    forecast = cpu(lambda: compute(a, rules))
    solver = cpu(lambda: financing_need(a, rules, f))
    share = statistics.median(solver) / statistics.median(forecast)
    print(f"{name:<28} solveur {statistics.median(solver):.3f} ms (min {min(solver):.3f}, "
          f"max {max(solver):.3f}), une prévision {statistics.median(forecast):.2f} ms : "
          f"{share:.3f} × (cible ≤ 0,1) {'OK' if share <= 0.1 else 'DÉPASSÉE'}")
    return share <= 0.1


def main() -> int:
    example = json.loads((ROOT / "forecast/data/examples/graphiste.json").read_text("utf-8"))
    ok = report("exemple (graphiste)", measure(example, 200), 10)
    ok &= report("grand plan (50/100/20/5)", measure(large_plan(), 50), 50)
    ok &= solver_share("exemple (graphiste)", example, 100)
    ok &= solver_share("grand plan (50/100/20/5)", large_plan(), 50)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
