"""Whole commands timed the way a person waits for them: from start-up to exit, next to a
baseline measured in the same run.

Runs are paired and alternate (A B, B A, A B…) so that drift — CPU frequency, the other
programs on the machine — hits both sides alike; each pair gives a ratio, and the figures
printed are the median of those ratios with their spread. CPU time (user + system, of the
child only, from os.wait4) is printed beside wall time: on a busy machine it is the steadier
of the two. Children keep their compiled bytecode between runs (in a cache folder of their
own), as an installed program does, even where PYTHONDONTWRITEBYTECODE is set.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's planae, installed or not
BYTECODE = Path(tempfile.gettempdir()) / "planae-bench-bytecode"


@dataclass
class Timings:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def python(*args: str) -> list[str]:
    """A command running this checkout's Python code (not an installed copy of planae)."""
    return [sys.executable, *args]


def _env(extra: dict | None) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(BYTECODE))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra or {})
    return env


def run(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process; fails loudly if the command fails."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=_env(env), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if child.returncode:
        raise SystemExit(f"échec de {' '.join(command)} :\n{errors}")
    return wall, usage.ru_utime + usage.ru_stime


def paired(baseline: list[str], measured: list[str], repeat: int, warmup: int = 1,
           env: dict | None = None) -> tuple[Timings, Timings]:
    """`repeat` pairs of whole runs, alternating which side goes first."""
    for _ in range(warmup):  # file cache, .pyc files
        run(baseline, env), run(measured, env)
    a, b = Timings(), Timings()
    for i in range(repeat):
        order = ((baseline, a), (measured, b)) if i % 2 == 0 else ((measured, b), (baseline, a))
        for command, timings in order:
            wall, cpu = run(command, env)
            timings.wall.append(wall)
            timings.cpu.append(cpu)
    return a, b


def spread(values: list[float], scale: float = 1.0, unit: str = "") -> str:
    """Median, min–max and interquartile range of `values` (times `scale`)."""
    v = [x * scale for x in values]
    q1, median, q3 = statistics.quantiles(v, n=4, method="inclusive") if len(v) > 1 else \
        (v[0],) * 3
    return (f"médiane {median:8.3f}{unit}   min–max {min(v):.3f}–{max(v):.3f}{unit}   "
            f"IQR {q1:.3f}–{q3:.3f}{unit}   (n = {len(v)})")


def ratios(baseline: list[float], measured: list[float]) -> list[float]:
    return [m / b for b, m in zip(baseline, measured)]


def report_pair(label_a: str, label_b: str, a: Timings, b: Timings,
                target: float | None = None) -> bool:
    """Print both sides and the pair-by-pair ratios (wall and CPU); True when there is no
    `target` or when the median wall ratio and the median CPU ratio are both within it."""
    ok = True
    for kind in ("wall", "cpu"):
        name = "temps écoulé" if kind == "wall" else "temps CPU"
        ra, rb = getattr(a, kind), getattr(b, kind)
        r = ratios(ra, rb)
        print(f"  {name}")
        print(f"    {label_a:<26} {spread(ra, 1000, ' ms')}")
        print(f"    {label_b:<26} {spread(rb, 1000, ' ms')}")
        verdict = ""
        if target is not None:
            good = statistics.median(r) <= target
            ok &= good
            verdict = f"   cible ≤ {target:g} : {'OK' if good else 'AU-DESSUS'}"
        print(f"    {'ratio, paire par paire':<26} {spread(r)}{verdict}")
    return ok
