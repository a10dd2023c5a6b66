"""`planae compute` against a bare openpyxl load + save of the same file, same run.

compute = start Python, load + read the inputs + build the plan + write every output sheet +
save (atomic, reproducible) + exit. The bare load + save — a Python process that imports
openpyxl, loads the file and saves it — is the floor of a compute that reads and writes the
whole workbook through openpyxl; planae's patches its output sheets into the file read
(workbook/patched_book.py), so the ratio says what planae adds (or saves). Measured on an
example, on a plan of 50 offers, 100 charges, 20 investments and 5 loans, and on that plan once
saved by LibreOffice (texts in a shared table, as Excel saves a person's workbook; planae writes
them in their cells):
- whole processes, paired and alternating (benchmarks/harness.py): target ratio ≤ 0.9, wall
  and CPU time;
- in process (what the ribbon pays once Python is running), with peak memory (target 250 MB).

    python benchmarks/bench_compute.py [--repeat 15] [--example bijoux]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import openpyxl

from harness import paired, python, report_pair, spread
from bench_engine import large_plan

from forecast.examples import example_data
from report.export import convert, soffice
from workbook.jobs import build_example, compute_file

TARGET = 0.9
MEMORY_MB = 250
BARE = "import sys, openpyxl; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])"


def whole_process(source: Path, tmp: Path, repeat: int) -> bool:
    bare, computed = tmp / "bare.xlsx", tmp / "calcule.xlsx"
    a, b = paired(python("-c", BARE, str(source), str(bare)),
                  python("-m", "planae.cli", "compute", str(source), "-o", str(computed)),
                  repeat)
    print(" processus entiers (démarrage compris), ratio planae compute / openpyxl load + save")
    return report_pair("openpyxl load + save", "planae compute", a, b, TARGET)


def in_process(source: Path, tmp: Path, repeat: int) -> None:
    bare_out, out = tmp / "bare.xlsx", tmp / "calcule.xlsx"

    def bare():
        openpyxl.load_workbook(source).save(bare_out)

    def compute():
        compute_file(source, out)

    times: dict = {bare: [], compute: []}
    bare(), compute()  # warm-up (imports, caches)
    for i in range(repeat):
        for run in ((bare, compute) if i % 2 == 0 else (compute, bare)):
            start = time.perf_counter()
            run()
            times[run].append(time.perf_counter() - start)
    print(" dans le processus (Python déjà démarré)")
    print(f"    {'openpyxl load + save':<26} {spread(times[bare], 1000, ' ms')}")
    print(f"    {'planae compute':<26} {spread(times[compute], 1000, ' ms')}")
    ratio = [c / b for b, c in zip(times[bare], times[compute])]
    print(f"    {'ratio, paire par paire':<26} {spread(ratio)}")
    tracemalloc.start()
    compute()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"    mémoire de pointe de compute (tracemalloc) : {peak / 2**20:.1f} Mo  "
          f"(cible ≤ {MEMORY_MB} Mo) {'OK' if peak <= MEMORY_MB * 2**20 else 'AU-DESSUS'}")


def resaved(source: Path, tmp: Path) -> Path | None:
    """`source` opened and saved again by LibreOffice, which writes its texts in a shared
    table as Excel does (planae writes them in their cells), or None without LibreOffice."""
    return convert(source, "xlsx", tmp / "libreoffice") if soffice() else None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="planae compute vs openpyxl load + save")
    ap.add_argument("--repeat", type=int, default=15, help="paires de mesures")
    ap.add_argument("--example", default="bijoux")
    args = ap.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        example = build_example(example_data(args.example), tmp / "exemple.xlsx")
        large = build_example(large_plan(), tmp / "grand.xlsx")
        cases = [(f"exemple {args.example}", example),
                 ("grand plan (50 offres, 100 charges, 20 investissements, 5 emprunts)", large)]
        saved = resaved(large, tmp)
        if saved:
            cases.append(("grand plan enregistré par LibreOffice (textes partagés, comme Excel "
                          "les enregistre)", saved))
        else:
            print("LibreOffice absent : pas de mesure sur un classeur enregistré par lui.\n")
        for label, source in cases:
            print(f"Classeur : {label} ({source.stat().st_size // 1024} Kio)")
            ok &= whole_process(source, tmp, args.repeat)
            in_process(source, tmp, args.repeat)
            print()
    import resource
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"mémoire résidente maximale de ce processus (ru_maxrss, tout compris) : {rss:.0f} Mo")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
