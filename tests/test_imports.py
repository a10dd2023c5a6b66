"""Nothing heavy is imported before it is needed: a formula session (`import udfs`) and a ribbon
click (`import addin.ribbon`) start without openpyxl or python-pptx; pandas, which planae
requires for its CSV export, is loaded by `planae compute` only when CSV files are asked for
(the add-in's own Python keeps it out: tests/test_addin_vba.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("openpyxl", "pptx", "report", "workbook.reader", "workbook.jobs", "forecast.plan")


def _loaded(module: str) -> list[str]:
    """The heavy packages a fresh Python has loaded after `import module`."""
    code = (f"import sys, json; import {module}; "
            f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("module", ["udfs", "addin.ribbon"])
def test_starting_a_formula_session_or_a_click_loads_nothing_heavy(module):
    assert _loaded(module) == []


def test_pandas_is_required():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert [d for d in project["dependencies"] if d.lower().startswith("pandas")]


def _imports_of_compute(tmp_path, *extra: str) -> set[str]:
    """The modules a whole `planae compute` process imports (-X importtime)."""
    from forecast.examples import example_data
    from workbook.jobs import build_example
    xlsx = build_example(example_data("graphiste"), tmp_path / "g.xlsx")
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "planae.cli", "compute",
                           str(xlsx), "-o", str(tmp_path / "out.xlsx"), *extra],
                          capture_output=True, text=True, env=dict(os.environ,
                          PYTHONPATH=str(ROOT)), timeout=120, check=True)
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines()
            if line.startswith("import time:")}


def test_compute_loads_pandas_only_for_csv_files(tmp_path):
    assert "pandas" not in _imports_of_compute(tmp_path)
    assert "pandas" in _imports_of_compute(tmp_path, "--csv", str(tmp_path / "csv"))


def test_compute_leaves_the_simulation_to_the_commands_that_run_it(tmp_path):
    imported = _imports_of_compute(tmp_path)
    assert "forecast.simulation" not in imported
    assert "numpy.ma" not in imported  # masked arrays (7 ms), which np.unique would load
