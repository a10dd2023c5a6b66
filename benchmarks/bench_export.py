"""`planae export --format pptx` as a person waits for it: whole processes, from start-up to
exit, on an example, on a plan of 1 000 offers and on an example whose SWOT cell « Forces »
has 600 lines. Targets: 1 s, 5 s and 5 s, checked on the median CPU time (on an idle machine
the wall time of this one-thread program; on a shared one the steadier measure), wall time
printed beside it. Each export runs paired with
`planae compute` of the same workbook (benchmarks/harness.py): the export computes the plan
too, so the ratio shows what drawing the deck adds. The plan of 1 000 offers goes over the
micro-entreprise's ceilings: it is exported as a person would, with --malgre-alertes.

Then the deck alone, in process, for 250 to 2 000 offers: when the export is linear in the
plan's size, the time each added offer costs stays flat from one size to the next.

    python benchmarks/bench_export.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from harness import paired, python, report_pair
from bench_engine import large_plan

from forecast.examples import example_data
from forecast.plan import build_plan
from report.deck import build_deck
from workbook.jobs import build_example

SWOT_LINE = "Une clientèle fidèle rencontrée sur les marchés de créateurs de Touraine, point {}"


def with_offers(n: int) -> dict:
    data = large_plan()
    offers = data["offers"]
    data["offers"] = [dict(offers[i % len(offers)], name=f"Offre {i + 1}") for i in range(n)]
    return data


def long_swot() -> dict:
    data = example_data("bijoux")
    data["narrative"]["swot"]["forces"] = [SWOT_LINE.format(i) for i in range(600)]
    return data


CASES = (("exemple bijoux", lambda: example_data("bijoux"), 1.0),
         ("1 000 offres", lambda: with_offers(1000), 5.0),
         ("SWOT de 600 lignes", long_swot, 5.0))


def whole_processes(tmp: Path, repeat: int) -> bool:
    ok = True
    for label, data, target in CASES:
        source = build_example(data(), tmp / "source.xlsx")
        a, b = paired(python("-m", "planae.cli", "compute", str(source), "-o",
                             str(tmp / "calcule.xlsx")),
                      python("-m", "planae.cli", "export", str(source), "--format", "pptx",
                             "--malgre-alertes", "-o", str(tmp / "deck.pptx")), repeat)
        cpu = statistics.median(b.cpu)
        good = cpu <= target
        ok &= good
        print(f"{label} : export médian {cpu:.2f} s CPU, {statistics.median(b.wall):.2f} s "
              f"écoulé (cible ≤ {target:g} s) {'OK' if good else 'AU-DESSUS'}")
        report_pair("planae compute", "planae export pptx", a, b)
        print()
    return ok


def linearity(sizes=(250, 500, 1000, 2000), repeat: int = 3) -> None:
    print(f"le deck seul, dans le processus (temps CPU, médiane de {repeat}) : le coût d'une "
          "offre de plus reste le même quand l'export est linéaire")
    previous = None
    for n in sizes:
        plan = build_plan(with_offers(n))
        runs = []
        for _ in range(repeat):
            start = time.process_time()
            build_deck(plan, None)
            runs.append(time.process_time() - start)
        median = statistics.median(runs)
        step = "" if previous is None else \
            f"   {(median - previous[1]) / (n - previous[0]) * 1000:.2f} ms par offre ajoutée"
        print(f"    {n:5d} offres : {median:6.2f} s (min–max {min(runs):.2f}–{max(runs):.2f})"
              f"{step}")
        previous = (n, median)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="planae export pptx, processus entiers")
    ap.add_argument("--repeat", type=int, default=5, help="paires de mesures par cas")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        ok = whole_processes(Path(tmp), args.repeat)
    linearity()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
