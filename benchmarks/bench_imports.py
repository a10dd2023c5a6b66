"""What a formula session or a ribbon click waits for before planae's code runs: `import udfs`
and `import addin.ribbon` in a fresh Python, whole process, paired with the bare interpreter
(`python -c pass`) in the same run (benchmarks/harness.py). Target: 0.3 s each (median CPU
time: what the import costs whatever else the machine runs; wall time printed beside it).

pandas: planae requires it for its CSV export, and xlwings imports it whenever it is
installed; the add-in's Python command lines (RunPython's and the formula server's) start with
`addin.build.START_GUARD`, which keeps it out (and starts numpy with one BLAS thread). Each module is timed as the add-in starts it
(the guard first: the target is for this one) and without the guard. Then one run of
`python -X importtime` per module: the import time of each top-level package.

    python benchmarks/bench_imports.py [--repeat 10]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from collections import Counter

from harness import _env, paired, python, report_pair

from addin.build import START_GUARD

TARGET_S = 0.3
MODULES = ("udfs", "addin.ribbon")


def by_package(code: str) -> Counter:
    """Self import time (ms) of each top-level package, from `python -X importtime`."""
    done = subprocess.run(python("-X", "importtime", "-c", code), env=_env(None),
                          capture_output=True, text=True, check=True)
    out: Counter = Counter()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            own, _, name = line[len("import time:"):].split("|")
            if own.strip().isdigit():
                out[name.strip().split(".")[0]] += int(own) / 1000
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="import udfs / addin.ribbon, processus entiers")
    ap.add_argument("--repeat", type=int, default=10, help="paires de mesures par cas")
    args = ap.parse_args(argv)
    cases = [("comme le complément le lance, pandas écarté", START_GUARD),
             ("sans la garde : xlwings importe pandas", "")]
    ok = True
    for module in MODULES:
        for label, prefix in cases:
            a, b = paired(python("-c", "pass"), python("-c", f"{prefix}import {module}"),
                          args.repeat)
            cpu = statistics.median(b.cpu)
            good = cpu <= TARGET_S
            if prefix:  # the target is for planae's own requirements
                ok &= good
            print(f"import {module} ({label}) : CPU médian {cpu:.3f} s, écoulé médian "
                  f"{statistics.median(b.wall):.3f} s (cible ≤ {TARGET_S:g} s) "
                  f"{'OK' if good else 'AU-DESSUS'}")
            report_pair("python -c pass", f"import {module}", a, b)
            top = by_package(f"{prefix}import {module}").most_common(6)
            print("  -X importtime, par paquet : " +
                  ", ".join(f"{name} {ms:.0f} ms" for name, ms in top))
            print()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
