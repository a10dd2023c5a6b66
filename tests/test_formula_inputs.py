"""Formulas in input cells are normal Excel: planae reads the value Excel or LibreOffice saved
with the formula, and names the cell in French when the file holds none (never calculated)."""
import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from forecast.assumptions import InvalidAssumptions
from forecast.examples import example_data
from report.export import convert
from workbook import sheet_reader
from workbook.jobs import check_book, compute_file, open_workbook
from workbook.openpyxl_book import OpenpyxlBook
from workbook.reader import read_inputs
from workbook.schema import WRITTEN_SHEETS
from workbook.template import build_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FORMULAS = {("Offre", "unit_price"): "=2*900", ("Projet", "start_date"): "=DATE(2026,3,1)"}


@pytest.fixture(scope="module")
def with_formulas(tmp_path_factory) -> tuple[Path, dict]:
    """The graphic designer's workbook with a price typed =2*900 and the start date
    =DATE(2026,3,1), saved by openpyxl: formulas without any value."""
    wb = build_workbook(example_data("graphiste"))
    _, locator = read_inputs(OpenpyxlBook(wb))
    spot = locator.tables[("offers",)]
    cells = {("Offre", "unit_price"): f"E{spot.rows[0]}",
             ("Projet", "start_date"): locator.cells[("project", "start_date")].split("!")[1]}
    assert spot.columns["unit_price"] == [5]
    for (sheet, key), cell in cells.items():
        wb[sheet][cell] = FORMULAS[(sheet, key)]
    path = tmp_path_factory.mktemp("formules") / "plan.xlsx"
    wb.save(path)
    return path, cells


def test_a_formula_never_calculated_is_named_in_french(with_formulas):
    path, cells = with_formulas
    with pytest.raises(InvalidAssumptions) as caught:
        check_book(OpenpyxlBook.load(path))
    assert [str(p) for p in caught.value.problems] == [
        f"Projet!{cells[('Projet', 'start_date')]} — Date de début d'activité : la formule "
        f"« =DATE(2026,3,1) » n'a pas de valeur calculée (le classeur a été enregistré sans "
        f"être recalculé) : ouvrez-le dans Excel ou LibreOffice, enregistrez-le, puis relancez.",
        f"Offre!{cells[('Offre', 'unit_price')]} — Prix unitaire HT : la formule « =2*900 » "
        f"n'a pas de valeur calculée (le classeur a été enregistré sans être recalculé) : "
        f"ouvrez-le dans Excel ou LibreOffice, enregistrez-le, puis relancez."]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) n'est pas installé : "
                                            ".ci/run l'installe")
def test_the_value_libreoffice_calculated_is_read(with_formulas, tmp_path):
    path, cells = with_formulas
    recalculated = convert(path, "xlsx", tmp_path / "lo")
    data, _ = read_inputs(OpenpyxlBook.load(recalculated))
    assert data["offers"][0]["unit_price"] == 1800
    assert data["project"]["start_date"] == dt.date(2026, 3, 1)
    out = compute_file(recalculated, tmp_path / "calcule.xlsx")
    kept = openpyxl.load_workbook(out)
    for (sheet, key), cell in cells.items():  # the person's formulas stay formulas
        assert kept[sheet][cell].value == FORMULAS[(sheet, key)]


def _as_excel_saves_it(path: Path, out: Path) -> Path:
    """`path` with the value Excel would have calculated saved beside each formula."""
    values = {"2*900": "1800", "DATE(2026,3,1)": "46082"}  # 1 March 2026: day 46082 of Excel
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    filled = 0
    for name, part in parts.items():
        for formula, value in values.items():
            empty = f"<f>{formula}</f><v></v>".encode()
            filled += part.count(empty)
            part = part.replace(empty, f"<f>{formula}</f><v>{value}</v>".encode())
        parts[name] = part
    assert filled == 2
    with zipfile.ZipFile(out, "w") as z:
        for name, part in parts.items():
            z.writestr(name, part)
    return out


def test_the_values_cached_are_read_without_the_sheets_computing_writes(with_formulas, tmp_path,
                                                                        monkeypatch):
    """The values cached with the inputs' formulas are loaded without parsing the sheets
    computing writes, and are the same as from the whole file."""
    path = _as_excel_saves_it(with_formulas[0], tmp_path / "excel.xlsx")
    loads, real = [], sheet_reader.load_workbook
    monkeypatch.setattr(sheet_reader, "load_workbook", lambda source, unread=frozenset(), **o: (
        loads.append((set(unread), o.get("data_only", False))) or real(source, unread, **o)))
    data, _ = read_inputs(open_workbook(path))
    assert data["offers"][0]["unit_price"] == 1800
    assert data["project"]["start_date"] == dt.date(2026, 3, 1)
    assert loads == [(set(), False), (set(WRITTEN_SHEETS), True)]  # the values: inputs only
    assert data == read_inputs(OpenpyxlBook.load(path))[0]  # every sheet's values loaded
