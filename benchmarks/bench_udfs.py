"""The table formulas after an input edit, against one engine run, in one run.

A person edits an input cell; Excel recalculates the formulas that read it. Measured
alternately, on an example with one price edited before each measure (so the formulas' cache
misses, as after a real edit):
(a) one engine run, build_plan on the assumptions the formulas read (the workbook's
    benchmarks included);
(b) one table formula, AE_COMPTE_RESULTAT, on the same inputs as Excel hands them over (lists
    of rows, floats, datetimes, None): reading them through the workbook reader, one engine
    run, the table as rows — target ≤ 1.1 × (a);
(c) the six table formulas of a recalculation (AE_COMPTE_RESULTAT, AE_TRESORERIE, AE_BILAN,
    AE_PLAN_FINANCEMENT, AE_INDICATEURS, AE_ALERTES): one reading and engine run, five cache
    hits — target ≤ 1.2 × (a).
Wall and CPU time of each, and the ratios pair by pair; the targets are checked on CPU time
(steadier on a shared machine; a formula does no input or output). Exits 1 over a target.

    python benchmarks/bench_udfs.py [example] [repeat]
"""
from __future__ import annotations

import copy
import statistics
import sys
import time

from harness import ROOT, Timings, ratios, spread

sys.path.insert(0, str(ROOT / "tests"))

TARGETS = {"one": 1.1, "six": 1.2}


def main(argv: list[str]) -> int:
    import udfs
    from forecast.examples import example_data
    from forecast.plan import build_plan
    from test_udfs_shapes import formula_args
    from udfs._inputs import arguments_key, inputs_dict
    name = argv[0] if argv else "bijoux"
    repeat = int(argv[1]) if len(argv) > 1 else 200
    base = example_data(name)

    def edited(i: int):
        """The example with its first price edited (a new value each time): the assumptions
        the formulas read, and the formulas' arguments."""
        data = copy.deepcopy(base)
        data["offers"][0]["unit_price"] += 0.01 * (i + 1)
        args = formula_args(data)
        return inputs_dict(*arguments_key(args)), args

    runs = {
        "engine": lambda data, args: build_plan(data),
        "one": lambda data, args: udfs.AE_COMPTE_RESULTAT(*args),
        "six": lambda data, args: [getattr(udfs, f)(*args) for f in udfs.TABLE_FORMULAS],
    }
    for i in range(20):  # warm-up (imports, rules file, caches of the engine)
        for run in runs.values():
            run(*edited(-i - 2))
    table = udfs.AE_COMPTE_RESULTAT(*formula_args(base))
    assert isinstance(table, list) and len(table) > 10, table  # figures, not a message
    times = {key: Timings() for key in runs}
    for i in range(repeat):
        order = list(runs) if i % 2 == 0 else list(reversed(runs))
        for key in order:
            data, args = edited(i * len(runs) + order.index(key))
            wall, cpu = time.perf_counter(), time.process_time()
            runs[key](data, args)
            times[key].cpu.append(time.process_time() - cpu)
            times[key].wall.append(time.perf_counter() - wall)
    labels = {"engine": "un calcul du moteur", "one": "une formule après saisie",
              "six": "six formules (recalcul)"}
    ok = True
    for kind, name in (("wall", "temps écoulé"), ("cpu", "temps CPU")):
        print(name)
        for key, t in times.items():
            print(f"  {labels[key]:<34} {spread(getattr(t, kind), 1000, ' ms')}")
        for key, target in TARGETS.items():
            r = ratios(getattr(times["engine"], kind), getattr(times[key], kind))
            verdict = ""
            if kind == "cpu":
                good = statistics.median(r) <= target
                ok &= good
                verdict = f"   cible ≤ {target:g} : {'OK' if good else 'AU-DESSUS'}"
            print(f"  {labels[key] + ' / moteur':<34} {spread(r)}{verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
