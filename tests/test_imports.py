"""Nothing heavy is imported before it is needed: a formula session (`import udfs`) and a ribbon
click (`import addin.ribbon`) start without openpyxl or python-pptx, and planae does not
require pandas (xlwings imports it only when it is installed)."""
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


def test_pandas_is_not_required():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert not [d for d in project["dependencies"] if d.lower().startswith("pandas")]
