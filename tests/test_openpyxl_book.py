"""The workbook file planae writes (workbook/openpyxl_book.py, workbook/sheet_xml.py) and the
program that writes it: openpyxl's own parts and cells, written in one pass, reproducibly;
blocks cleared in place."""
from __future__ import annotations

import datetime
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings, strategies as st
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet._writer import WorksheetWriter

from forecast.examples import example_data
from workbook import sheet_xml
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
    assert failed.returncode == 5 and "Classeur introuvable" in failed.stderr


CELL_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**15, 10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
            max_size=12),
    st.text(st.sampled_from(" ab<>&\"'\r\n\té€😀="), min_size=1, max_size=8),
    st.sampled_from(["=SUM(A1:B2)", "=A1&\"<é>\"", "#N/A", " espace ", "a\r\nb\tc", "€ 😀"]),
    st.datetimes(datetime.datetime(1990, 1, 1), datetime.datetime(2100, 1, 1)),
    st.dates(datetime.date(1990, 1, 1), datetime.date(2100, 1, 1)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 30), st.integers(1, 8), CELL_VALUES, st.booleans()),
                max_size=40),
       st.lists(st.tuples(st.integers(1, 30), st.floats(5, 80)), max_size=4),
       st.booleans())
def test_cells_are_written_as_openpyxl_writes_them(cells, heights, comment):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row, col, value, bold in cells:
        try:
            cell = ws.cell(row, col, value=value)
        except IllegalCharacterError:
            continue
        if bold:
            cell.font = Font(bold=True)
    for row, height in heights:
        ws.row_dimensions[row].height = height
    if comment:  # a sheet with a comment is left to openpyxl
        ws["B2"].comment = Comment("note", "planae")
    theirs = io.BytesIO()
    WorksheetWriter(ws, theirs).write()
    xml = theirs.getvalue()
    expected = xml[xml.index(b"<sheetData>"):xml.index(b"</sheetData>") + len(b"</sheetData>")]
    try:
        assert sheet_xml.sheet_data(ws, WorksheetWriter(ws, io.BytesIO()).rows()) == expected
    except sheet_xml.NotPlain:
        assert comment or any(isinstance(v, str) and sheet_xml._NOT_XML.search(v)
                              for _, _, v, _ in cells)


def test_defined_names_read_as_openpyxls_tokenizer_reads_them(example):
    """The usual names are read by a pattern, the others by openpyxl: the same destinations
    for every name of a computed example and for names of every shape."""
    from openpyxl.workbook.defined_name import DefinedName
    from workbook.openpyxl_book import _ONE_RANGE, _destinations
    wb = openpyxl.load_workbook(example)
    names = list(wb.defined_names.values()) + [
        DefinedName("x", attr_text=text) for text in (
            "'Plan de financement'!$B$4:$E$30", "Bilan!$A$1", "Trésorerie!$C$9",
            "'Offre'!$B:$B", "Offre!$8:$8", "#REF!", "'Projet'!#REF!", "TRUE", "=1+2",
            "'Projet'!$C$5,'Projet'!$C$7", "Feuille-2!$A$1", "'L''offre'!$A$1", "Projet!A1",
            "'Projet'!$C$5 ")]
    usual = 0
    for dn in names:
        try:
            theirs = list(dn.destinations)
        except Exception:  # noqa: BLE001 - what defined_names turns into no destination
            theirs = []
        assert _destinations(dn) == theirs, dn.attr_text
        usual += bool(_ONE_RANGE.fullmatch(dn.attr_text or ""))
    assert usual >= len(wb.defined_names) // 2
