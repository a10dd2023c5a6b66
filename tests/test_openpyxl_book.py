"""The workbook file planae writes (workbook/openpyxl_book.py) and the program that writes it:
openpyxl's own parts, written in one pass, reproducibly; blocks cleared in place."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from forecast.examples import example_data
from workbook.jobs import build_example
from workbook.openpyxl_book import OpenpyxlBook

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    return build_example(example_data("bijoux"), tmp_path_factory.mktemp("ex") / "plan.xlsx")


def _parts(path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def test_save_writes_openpyxls_parts_with_fixed_dates(example, tmp_path):
    ours = OpenpyxlBook.load(example).save(tmp_path / "ours.xlsx")
    wb = openpyxl.load_workbook(example, rich_text=False)
    wb.save(tmp_path / "openpyxl.xlsx")
    mine, theirs = _parts(ours), _parts(tmp_path / "openpyxl.xlsx")
    assert [n for n, _ in mine] == [n for n, _ in theirs]
    differ = [n for (n, a), (_, b) in zip(mine, theirs) if a != b]
    assert differ == ["docProps/core.xml"]  # openpyxl stamps the time of saving there
    core = dict(mine)["docProps/core.xml"].decode()
    created = wb.properties.created.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f">{created}</dcterms:created>" in core and f">{created}</dcterms:modified>" in core
    with zipfile.ZipFile(ours) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["openpyxl.xlsx", "ours.xlsx"]


def test_clear_range_empties_the_block_keeps_styles_and_creates_no_cell():
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in range(1, 5):
        for col in range(1, 5):
            ws.cell(row, col, value=row * 10 + col).font = Font(bold=True)
    ws.cell(9, 9).font = Font(italic=True)
    cells = len(ws._cells)
    OpenpyxlBook(wb).clear_range(ws.title, "B2:C9")
    values = [[ws.cell(r, c).value for c in range(1, 5)] for r in range(1, 5)]
    assert values == [[11, 12, 13, 14], [21, None, None, 24], [31, None, None, 34],
                      [41, None, None, 44]]
    assert ws["B2"].font.bold and len(ws._cells) == cells


def _program(*args) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "planae.cli", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_program_ends_after_writing_and_saying_so(example, tmp_path):
    out = tmp_path / "calcule.xlsx"
    done = _program("compute", example, "-o", out)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"calculé : {out}\n", "")
    assert openpyxl.load_workbook(out)["Projet"]["B1"].value is not None
    failed = _program("compute", tmp_path / "absent.xlsx")
    assert failed.returncode == 2 and "Classeur introuvable" in failed.stderr
