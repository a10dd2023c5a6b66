"""The one French formatter and the one error protocol."""
from __future__ import annotations

import datetime as dt

import pytest

from forecast import french
from forecast.assumptions import InvalidAssumptions, Problem
from forecast.errors import (INTERNAL_EXIT, FileError, PlanaeError, UsageError, WorkbookError,
                             describe, exit_code)
from forecast.rules import RulesError
from report import formats
from report.export import ExportError

S, M = "\u202f", "\u2212"  # narrow no-break space, minus sign


@pytest.mark.parametrize("value, shown", [
    (1234.4, f"1{S}234{S}€"), (-1234567.5, f"{M}1{S}234{S}568{S}€"), (0.4, f"0{S}€"),
    (-0.4, f"0{S}€"), (2.5, f"3{S}€"), (-2.5, f"{M}3{S}€"), (1e7, f"10{S}000{S}000{S}€"),
])
def test_euros_round_half_away_from_zero_with_narrow_spaces_and_the_minus_sign(value, shown):
    assert french.euros(value) == shown


def test_cents_round_as_written_not_as_the_float_is_stored():
    assert french.euros(2.675, cents=True) == f"2,68{S}€"  # the float is 2.67499999…
    assert french.euros(1234.5, cents=True) == f"1{S}234,50{S}€"
    assert french.euros(12, cents=True) == f"12{S}€"


def test_huge_amounts_are_shown_as_excel_shows_them():
    """Up to 15 digits a figure is written out (Excel keeps 15 significant digits); from 16
    on, as Excel shows it in a cell: scientific notation, 6 significant digits — a person may
    type 1e300 in a cell, and the message must show it readably."""
    assert french.number(999_999_999_999_999) == S.join(["999"] * 5)
    assert french.number(1e15) == "1E+15"
    assert french.number(1e300) == "1E+300"
    assert french.euros(-1.5e40, cents=True) == f"{M}1,5E+40{S}€"
    assert french.number(123_456_789_012_345_678) == "1,23457E+17"  # 1,234567… rounded
    assert french.percent(5e26, 2, trim=True) == f"5E+28{S}%"
    assert french.typed(1.7e308) == "1,7E+308"


@pytest.mark.parametrize("value, shown", [
    (float("nan"), "valeur non finie"), (float("inf"), "valeur non finie"),
    (-float("inf"), "valeur non finie"), (None, "—"),
])
def test_no_nan_or_inf_ever_shows(value, shown):
    assert french.euros(value) == shown
    assert french.percent(value) == shown


def test_percents_days_months_quantities():
    assert french.percent(0.125) == f"12,5{S}%"
    assert french.percent(-0.0004) == f"0{S}%"
    assert french.percent(0.3, 0) == f"30{S}%"
    assert french.days(106.7) == f"107{S}jours"
    assert french.days(1.2) == f"1{S}jour" and french.days(-1) == f"{french.MINUS}1{S}jour"
    assert french.days(1.6) == f"2{S}jours"
    assert french.months(60) == f"60{S}mois"
    assert french.quantity(0.045, "%") == f"4,5{S}%"
    assert french.quantity(-5, "€") == f"{M}5{S}€"
    assert french.quantity(12.5, "€ / mois") == f"12,5{S}€ / mois"
    assert french.quantity(1.25) == "1,25"
    assert french.quantity(30, "jours") == f"30{S}jours"


def test_dates_and_months():
    assert french.date(dt.date(2026, 3, 1)) == "01/03/2026"
    assert french.month_label(dt.date(2026, 8, 31)) == "août 2026"
    assert french.MONTHS[1] == "février" and french.MONTHS_SHORT[6] == "juil."
    assert french.boolean(True) == "VRAI" and french.boolean(False) == "FAUX"


def test_the_deck_reads_its_figures_back():
    assert formats.parse(f"{M}1{S}234{S}€") == -1234
    assert formats.cell(0.125, "percent") == f"12,5{S}%"


def test_every_error_describes_itself_in_french_with_its_exit_code():
    problems = [Problem(("offers", i, "unit_price"), "Prix unitaire HT", "trop bas.")
                for i in range(3)]
    invalid = InvalidAssumptions(problems)
    assert invalid.describe() == ("Hypothèses à corriger :\n"
                                  "  • Offre n° 1 — Prix unitaire HT : trop bas.\n"
                                  "  • Offre n° 2 — Prix unitaire HT : trop bas.\n"
                                  "  • Offre n° 3 — Prix unitaire HT : trop bas.")
    assert invalid.describe(2).endswith("\n  … et 1 autre problème.")
    assert invalid.describe(1) == ("Hypothèses à corriger : Offre n° 1 — Prix unitaire HT : "
                                   "trop bas. (et 2 autres problèmes)")
    codes = {UsageError("u"): 2, invalid: 3, WorkbookError("w"): 4, FileError("f"): 5,
             ExportError("e"): 6, RulesError("r"): 7}
    for error, code in codes.items():
        assert isinstance(error, PlanaeError) and exit_code(error) == code
    assert describe(WorkbookError("feuille absente")) == "Erreur : feuille absente"


def test_system_and_unexpected_errors_in_french_without_class_names():
    missing = FileNotFoundError(2, "No such file or directory", "/tmp/x.xlsx")
    assert describe(missing) == ("Erreur : impossible de lire ou d'écrire « /tmp/x.xlsx » "
                                 "(fichier ou dossier introuvable).")
    assert exit_code(missing) == 5
    assert describe(KeyError("plafond")) == "Erreur inattendue : plafond."
    assert exit_code(KeyError("plafond")) == INTERNAL_EXIT
