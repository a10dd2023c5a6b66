"""A workbook planae writes reads cleanly where the add-in is absent (a banker's Excel, a Mac,
LibreOffice): each custom formula says where it comes from instead of #NOM?, technical sheets are
hidden and never printed, the Formules sheet prints on one page."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from openpyxl.worksheet.formula import ArrayFormula

from forecast.examples import example_data
from workbook import schema
from workbook.formulas import (CONFIG_SHEET, FORMULAS_SHEET, SCALAR_EXAMPLES, TABLE_BLOCKS,
                               WITHOUT_ADDIN, without_addin)
from workbook.jobs import build_example
from workbook.template import build_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
TECHNICAL = (CONFIG_SHEET, schema.LISTS_SHEET, schema.FLAGGED_SHEET)


def test_a_formula_says_where_it_comes_from_when_its_function_is_unknown():
    assert without_addin('=AE_PLAFOND("bnc",2026)') == \
        f'=IFERROR(AE_PLAFOND("bnc",2026),"{WITHOUT_ADDIN}")'
    assert without_addin("=AE_BILAN(x)", "B10:E29") == (
        f'=IFERROR(AE_BILAN(x),IF((ROW(B10:E29)=ROW(B10))*(COLUMN(B10:E29)=COLUMN(B10)),'
        f'"{WITHOUT_ADDIN}",""))')


def test_every_formula_of_the_formules_sheet_is_wrapped():
    ws = build_workbook()[FORMULAS_SHEET]
    formulas = [c.value.text if isinstance(c.value, ArrayFormula) else c.value
                for row in ws.iter_rows() for c in row
                if isinstance(c.value, ArrayFormula)
                or (isinstance(c.value, str) and c.value.startswith("="))]
    assert len(formulas) == len(SCALAR_EXAMPLES) + len(TABLE_BLOCKS)
    for formula in formulas:
        assert formula.startswith("=IFERROR(AE_") and f'"{WITHOUT_ADDIN}"' in formula
        assert formula.count("AE_") == 1


def test_technical_sheets_are_hidden():
    wb = build_workbook(example_data("bijoux"))
    assert {ws.title: ws.sheet_state for ws in wb.worksheets if ws.title in TECHNICAL} == \
        dict.fromkeys(TECHNICAL, "hidden")
    assert wb[FORMULAS_SHEET].sheet_state == "visible"


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="rendu PDF impossible : soffice ou pdftotext introuvable "
                           "(paquets libreoffice-calc et poppler-utils)")
def test_libreoffice_prints_no_error_and_no_technical_sheet(tmp_path):
    """LibreOffice knows none of planae's functions, as Excel without the add-in."""
    from render_sheets import page_texts, to_pdf
    xlsx = build_example(example_data("graphiste"), tmp_path / "exemple-graphiste.xlsx")
    pages = page_texts(to_pdf(xlsx, tmp_path))
    everything = "\n".join(pages)
    assert not re.search(r"#NOM\?|#NAME\?|Err:\d+|#VALEUR|#VALUE|#N/A", everything)
    formules = [p for p in pages if p.strip() and
                p.strip().splitlines()[0].rstrip().endswith(FORMULAS_SHEET)]
    assert len(formules) == 1
    # the small formulas, printed; the tables, not printed
    assert formules[0].count(WITHOUT_ADDIN) == len(SCALAR_EXAMPLES)
    for technical in ("UDF Modules", "lstSaisieMois", "Cellules de saisie concernées"):
        assert technical not in everything
