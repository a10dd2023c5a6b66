"""A computed example, rendered by LibreOffice headless to PDF, shows the key figures."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from forecast.examples import example_data
from forecast.plan import build_plan
from workbook.jobs import build_example

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

missing = [tool for tool in ("soffice", "pdftotext") if not shutil.which(tool)]
pytestmark = pytest.mark.skipif(
    bool(missing), reason=f"rendu PDF impossible : {', '.join(missing)} introuvable "
                          "(paquets libreoffice-calc et poppler-utils)")


def _amount(value: float) -> re.Pattern:
    """48600 -> "48 600 €" with any grouping separator the locale draws."""
    digits = f"{round(value):,}".replace(",", r"[\s\u202f\u00a0.,]?")
    return re.compile(digits + r"\s?€")


def test_rendered_pdf_shows_the_key_figures(tmp_path):
    from render_sheets import first_pages, page_texts, to_pdf
    xlsx = build_example(example_data("graphiste"), tmp_path / "exemple-graphiste.xlsx")
    pdf = to_pdf(xlsx, tmp_path)
    pages = page_texts(pdf)
    found = first_pages(pdf, ["Compte de résultat", "Bilan", "Tableau de bord", "Trésorerie"])
    assert set(found) == {"Compte de résultat", "Bilan", "Tableau de bord", "Trésorerie"}
    income = pages[found["Compte de résultat"] - 1]
    assert "Atelier Lumen" in income  # the project's name in the page header
    t = build_plan(example_data("graphiste")).tables  # what the sheets must show
    for value in (*(t["compte_de_resultat"].value("chiffre_affaires", y) for y in range(3)),
                  t["compte_de_resultat"].value("resultat", 0)):
        assert _amount(value).search(income), value
    assert re.search(r"Page \d+ / \d+", income)
    assert _amount(t["bilan"].value("total_actif", 0)).search(pages[found["Bilan"] - 1])
    lowest = t["indicateurs"].value("tresorerie_min_annee", 0)
    assert _amount(lowest).search(pages[found["Tableau de bord"] - 1])
