"""Formulas in input cells are normal Excel: planae reads the value Excel or LibreOffice saved
with the formula, and names the cell in French when the file holds none (never calculated)."""
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from forecast.assumptions import InvalidAssumptions
from forecast.examples import example_data
from report.export import convert
from workbook.jobs import check_book, compute_file
from workbook.openpyxl_book import OpenpyxlBook
from workbook.reader import read_inputs
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
