"""10 000 draws of the Monte Carlo simulation cost at most 250 × one deterministic engine run.

In process, in pairs that alternate which side goes first (benchmarks/harness.py's way): (a)
one engine run of the example, `forecast.engine.compute` on its assumptions — the median of 20
runs in a row, after 5 untimed ones (the first runs after a simulation are slower: counting
them would flatter the ratio); (b) the whole simulation, `forecast.simulation.simulate` with
the default ranges of uncertainty and 10 000 draws: the draws, the engine on the draw axis,
the percentiles, the probabilities, the cushions and the tornado (each driver alone on 500
levels). A Python loop over plans would cost 10 000 ×. Prints both sides and the ratio pair by
pair, wall and CPU time (exit 1 above the limit); then the engine on the draws alone, and the
peak memory of a simulation of a large plan (50 offers, 100 charges), traced.
Run: python benchmarks/bench_risk.py [example] [repeat]
"""
from __future__ import annotations

import statistics
import sys
import time
import tracemalloc

from harness import Timings, report_pair

LIMIT = 250.0
DRAWS = 10_000


def timed(run) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def one_engine_run(run) -> tuple[float, float]:
    """The median wall and CPU time of one run, over 20 in a row after 5 untimed."""
    for _ in range(5):
        run()
    walls, cpus = zip(*(timed(run) for _ in range(20)))
    return statistics.median(walls), statistics.median(cpus)


def main(argv: list[str]) -> int:
    from bench_engine import large_plan
    from forecast.assumptions import parse_assumptions
    from forecast.engine import compute
    from forecast.examples import example_data
    from forecast.risk_inputs import RiskInputs
    from forecast.rules import load_rules
    from forecast.simulation import cash_paths, draw, simulate
    name = argv[0] if argv else "bijoux"
    repeat = int(argv[1]) if len(argv) > 1 else 11
    rules = load_rules()
    a = parse_assumptions(example_data(name))
    risk = RiskInputs()
    drawn = draw(risk.uncertainty, DRAWS, risk.seed)
    sides = {"engine": (lambda: one_engine_run(lambda: compute(a, rules))),
             "simulation": (lambda: timed(lambda: simulate(a, risk, rules))),
             "draws": (lambda: timed(lambda: cash_paths(a, drawn, rules)))}
    sides["simulation"]()  # warm-up
    times = {key: Timings() for key in sides}
    for i in range(repeat):
        for key in (sides if i % 2 == 0 else reversed(list(sides))):
            wall, cpu = sides[key]()
            times[key].wall.append(wall)
            times[key].cpu.append(cpu)
    print(f"exemple « {name} », {DRAWS:,} tirages".replace(",", "\u202f"))
    ok = report_pair("un calcul du moteur", "simulation complète", times["engine"],
                     times["simulation"], LIMIT)
    report_pair("un calcul du moteur", "moteur sur les tirages seuls", times["engine"],
                times["draws"])
    big = parse_assumptions(large_plan())
    tracemalloc.start()
    simulate(big, risk, rules)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    wall, cpu = timed(lambda: simulate(big, risk, rules))
    print(f"grand plan (50 offres, 100 charges) : {wall:.2f} s écoulées, {cpu:.2f} s CPU ; pic "
          f"de mémoire {peak / 2 ** 20:.0f} Mo (tracemalloc)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
